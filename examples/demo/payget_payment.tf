# A Rp 50,000 QRIS top-up: created by apply, read back through the status
# data source, and cancelled by destroy (the sandbox then reads it Expired).
resource "indopay_payget_payment" "topup" {
  amount = 50000
}

data "indopay_payget_payment" "topup" {
  id = indopay_payget_payment.topup.id
}

output "payment_id" {
  value = indopay_payget_payment.topup.id
}

output "payment_status" {
  value = data.indopay_payget_payment.topup.status
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

output "payment_qr_code" {
  value = indopay_payget_payment.topup.qr_code
}
