# Mayar, against the sandbox's payment requests. The sandbox keeps Mayar's
# limit of 20 requests a minute and the provider paces itself to it, so the
# demo sends few requests: one listing and the balance, each read once by
# apply and once by destroy's refresh.
data "indopay_mayar_payments" "all" {}

data "indopay_mayar_balance" "this" {}

output "mayar_payment_requests" {
  value = data.indopay_mayar_payments.all.total
}

output "mayar_first_payment_name" {
  value = try(data.indopay_mayar_payments.all.payments[0].name, null)
}

output "mayar_balance_rupiah" {
  value = data.indopay_mayar_balance.this.balance
}
