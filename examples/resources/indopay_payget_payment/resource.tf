# A Rp 50,000 top-up. Create returns as soon as PayGet answers, so the QR
# code is ready at once; destroy cancels the payment while it is unpaid.
resource "indopay_payget_payment" "topup" {
  amount = 50000
}

# The QR code is a PNG data URI of a few kilobytes: write it to a file for
# the payer rather than to an output, so that plans and outputs stay
# readable.
resource "terraform_data" "topup_qr" {
  triggers_replace = indopay_payget_payment.topup.id

  provisioner "local-exec" {
    command = "printf '%s' \"$QR_CODE\" | cut -d, -f2 | base64 -d > topup-qr.png"
    environment = {
      QR_CODE = indopay_payget_payment.topup.qr_code
    }
  }
}

output "topup_id" {
  value = indopay_payget_payment.topup.id
}

output "topup_expires_at" {
  description = "When the payment expires if nobody pays it, as PayGet reported."
  value       = indopay_payget_payment.topup.expires_at
}
