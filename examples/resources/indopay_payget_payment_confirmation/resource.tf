# The payer scans the QR code while Terraform waits: the payment is created
# at once, its QR code is written to a PNG file, and the confirmation waits
# for the payer at the same time. Only what depends on the confirmation
# (here the output paid_at) waits for the money.
variable "qr_png_path" {
  description = "Where to write the QR code for the payer."
  type        = string
  default     = "payment-qr.png"
}

resource "indopay_payget_payment" "topup" {
  amount = 50000
}

# Decodes the QR code (a PNG data URI) into a file as soon as the payment
# exists. With the hashicorp/local provider, a local_file with
# content_base64 = trimprefix(indopay_payget_payment.topup.qr_code, "data:image/png;base64,")
# does the same without a shell.
resource "terraform_data" "qr_png" {
  triggers_replace = indopay_payget_payment.topup.id

  provisioner "local-exec" {
    command = "printf '%s' \"$QR_CODE\" | cut -d, -f2 | base64 -d > \"$QR_PNG\" && echo \"Scan $QR_PNG to pay\""
    environment = {
      QR_CODE = indopay_payget_payment.topup.qr_code
      QR_PNG  = abspath(var.qr_png_path)
    }
  }
}

# With the payment's expiry, the wait lasts until the payment is paid or has
# expired, and a failed wait says when the payment expires.
resource "indopay_payget_payment_confirmation" "topup" {
  payment_id         = indopay_payget_payment.topup.id
  payment_expires_at = indopay_payget_payment.topup.expires_at
}

# Nobody paid in time? The apply fails: the payment expired and can no
# longer be paid, and the confirmation was not created. A new payment, its
# QR code file and its confirmation come in one apply:
#
#   terraform apply -replace=indopay_payget_payment.topup
#
# The new payment's id replaces what depends on the old one.

output "qr_png_path" {
  value = abspath(var.qr_png_path)
}

output "paid_at" {
  value = indopay_payget_payment_confirmation.topup.confirmed_at
}
