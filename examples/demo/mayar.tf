# Mayar, against the sandbox. The sandbox keeps Mayar's limit of 20 requests
# a minute and the provider paces itself to it, so the demo sends few
# requests: apply lists, reads the balance, sets the webhook URL and creates
# one payment request; destroy reads them back and closes nothing, as the
# demo pays the request in between (a paid request cannot be closed).
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

# scripts/demo.sh starts a local receiver (indopay-sandbox -webhook-receiver)
# and passes its URL, which carries a secret path segment.
variable "webhook_url" {
  type      = string
  sensitive = true
}

resource "indopay_mayar_webhook" "events" {
  url = var.webhook_url
}

# A bill with a payment link. The demo pays it through the sandbox's admin
# call, and the sandbox POSTs payment.received to the webhook.
resource "indopay_mayar_payment_request" "invoice" {
  name        = "Demo: sewa kios Blok A – Mei"
  amount      = 150000
  email       = "siti@example.id"
  mobile      = "+6281234567890"
  description = "<p>Sewa kios bulan Mei</p>"

  # The webhook is set before the request exists, so no event is missed.
  depends_on = [indopay_mayar_webhook.events]
}

output "invoice_id" {
  value = indopay_mayar_payment_request.invoice.id
}

output "invoice_link" {
  value = indopay_mayar_payment_request.invoice.link
}
