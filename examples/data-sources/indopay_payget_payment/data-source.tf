# The status of a payment Terraform created.
resource "indopay_payget_payment" "topup" {
  amount = 50000
}

data "indopay_payget_payment" "topup" {
  id = indopay_payget_payment.topup.id
}

output "topup_status" {
  value = data.indopay_payget_payment.topup.status # Pending, Success or Expired
}
