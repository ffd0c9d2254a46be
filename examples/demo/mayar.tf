# Mayar, against the sandbox. The sandbox keeps Mayar's limit of 20 requests
# a minute and the provider paces itself to it, so the demo sends few
# requests: apply lists, reads the balance, sets the webhook URL, creates one
# payment request and one payment link; destroy reads them back, closes the
# link and nothing else, as the demo pays the request in between (a paid
# request cannot be closed).
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

# A payment link of Mayar's catalog (API v2): a reusable link that sells one
# thing at one price to anyone who has its URL. Destroy closes it.
resource "indopay_mayar_payment_link" "kopi" {
  name        = "Demo: kopi susu gula aren"
  amount      = 25000
  description = "Segelas kopi susu gula aren, diambil di kasir."
}

output "kopi_payment_url" {
  value = indopay_mayar_payment_link.kopi.link
}
