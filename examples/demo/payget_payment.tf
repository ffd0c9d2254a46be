# A Rp 50,000 QRIS top-up, as its payer lives it: apply creates the payment
# and writes its QR code to a PNG file at once, while a confirmation waits
# for the payer (scripts/demo.sh plays the payer through the sandbox once
# the file exists). The status data source then reads the paid payment, and
# destroy cancels nothing: the money is in.
variable "qr_dir" {
  description = "Directory the QR code PNG is written to."
  type        = string
  default     = "."
}

resource "indopay_payget_payment" "topup" {
  amount = 50000
}

# The QR code goes to a file named after the payment, never to an output:
# it is a data URI of a few kilobytes.
resource "terraform_data" "qr_png" {
  triggers_replace = indopay_payget_payment.topup.id

  provisioner "local-exec" {
    # Written aside, then renamed: whoever watches for the file never
    # sees half of it.
    command = "printf '%s' \"$QR_CODE\" | cut -d, -f2 | base64 -d > \"$QR_PNG.part\" && mv \"$QR_PNG.part\" \"$QR_PNG\" && echo \"QR code written to $QR_PNG\""
    environment = {
      QR_CODE = indopay_payget_payment.topup.qr_code
      QR_PNG  = "${abspath(var.qr_dir)}/payget-${indopay_payget_payment.topup.id}.png"
    }
  }
}

resource "indopay_payget_payment_confirmation" "topup" {
  payment_id = indopay_payget_payment.topup.id

  timeouts {
    create = "2m"
  }
}

data "indopay_payget_payment" "topup" {
  id = indopay_payget_payment_confirmation.topup.payment_id
}

output "payment_id" {
  value = indopay_payget_payment.topup.id
}

output "payment_qr_png" {
  value = "${abspath(var.qr_dir)}/payget-${indopay_payget_payment.topup.id}.png"
}

output "payment_status" {
  value = data.indopay_payget_payment.topup.status
}

output "payment_paid_at" {
  value = indopay_payget_payment_confirmation.topup.confirmed_at
}

output "payment_fee_rupiah" {
  value = indopay_payget_payment.topup.fee
}

output "payment_expires_at" {
  value = indopay_payget_payment.topup.expires_at
}

# The fee rule at plan time, without an API call.
output "fee_of_one_million" {
  value = provider::indopay::payget_fee(1000000)
}
