# Close a payment request Terraform does not manage, found with the
# indopay_mayar_payments data source or in Mayar's dashboard:
#
#   terraform apply -invoke=action.indopay_mayar_payment_request_close.old_invoice
action "indopay_mayar_payment_request_close" "old_invoice" {
  config {
    id = "6f8c19ff-5b97-4792-aa89-d2a12797b356"
  }
}
