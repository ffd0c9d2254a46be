# Cancel the top-up while it is unpaid, and keep managing it: the QR code
# can no longer be paid, and the payment reads Expired at the next refresh.
#
#   terraform apply -invoke=action.indopay_payget_payment_cancel.topup
resource "indopay_payget_payment" "topup" {
  amount = 50000
}

action "indopay_payget_payment_cancel" "topup" {
  config {
    id = indopay_payget_payment.topup.id
  }
}
