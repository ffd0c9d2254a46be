# A Rp 50,000 top-up: the QR code goes to the payer, and destroy cancels the
# payment while it is still unpaid.
resource "indopay_payget_payment" "topup" {
  amount = 50000
}

output "topup_id" {
  value = indopay_payget_payment.topup.id
}

output "topup_qr_code" {
  description = "PNG data URI of the QRIS code: embed it in a page or decode it to a file."
  value       = indopay_payget_payment.topup.qr_code
}

output "topup_expires_at" {
  value = indopay_payget_payment.topup.expires_at
}
