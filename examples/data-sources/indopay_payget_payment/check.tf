# Follow a payment made outside Terraform, by id, and report when it is
# still unpaid. This endpoint needs no API key.
variable "invoice_payment_id" {
  type    = string
  default = "a1b2c3d4e5f6g7h8"
}

check "invoice_paid" {
  data "indopay_payget_payment" "invoice" {
    id = var.invoice_payment_id
  }

  assert {
    condition     = data.indopay_payget_payment.invoice.status == "Success"
    error_message = "Payment ${var.invoice_payment_id} is ${data.indopay_payget_payment.invoice.status}, not paid yet."
  }
}
