# Every payment request, every page: the provider follows Mayar's cursor (V2)
# or page numbers (V1) and paces itself under Mayar's 20 requests a minute.
data "indopay_mayar_payments" "all" {}

output "payment_requests" {
  value = data.indopay_mayar_payments.all.total
}

# A report of what was paid: the paid requests' amounts summed by category
# (amount and category are null on some requests).
data "indopay_mayar_payments" "paid" {
  status = "paid"
}

locals {
  paid_by_category = {
    for category in distinct([for p in data.indopay_mayar_payments.paid.payments : coalesce(p.category, "uncategorised")]) :
    category => sum(concat([0], [
      for p in data.indopay_mayar_payments.paid.payments : coalesce(p.amount, 0)
      if coalesce(p.category, "uncategorised") == category
    ]))
  }
}

output "paid_rupiah_by_category" {
  value = local.paid_by_category
}

# The ten newest open requests and their payment link slugs, for a dashboard:
# max_items stops the listing after the first page it needs.
data "indopay_mayar_payments" "newest_open" {
  status    = "active"
  max_items = 10
}

output "newest_open" {
  value = [
    for p in data.indopay_mayar_payments.newest_open.payments :
    { name = p.name, amount = p.amount, link = p.link, created_at = p.created_at }
  ]
}
