# A payment Terraform does not manage, cancelled by its id (from PayGet's
# dashboard, or an error message of a create that got no answer).
#
#   terraform apply -invoke=action.indopay_payget_payment_cancel.stray
action "indopay_payget_payment_cancel" "stray" {
  config {
    id = "a1b2c3d4e5f6g7h8"
  }
}
