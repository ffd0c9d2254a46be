# Where Mayar POSTs events such as payment.received. Mayar signs nothing, so
# the URL carries a secret path segment the receiver checks; the provider
# keeps it out of plan output (the argument is sensitive).
variable "webhook_secret" {
  type      = string
  sensitive = true
}

resource "indopay_mayar_webhook" "payments" {
  url = "https://hooks.example.id/mayar/${var.webhook_secret}"
}
