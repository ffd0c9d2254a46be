# Hold the apply until the payer has paid. If the payment expires first, or
# the create timeout passes, the apply fails and the payment stays in state,
# so `terraform destroy` can still cancel it.
resource "indopay_payget_payment" "deposit" {
  amount           = 1000000
  wait_for_payment = true

  timeouts {
    create = "9m" # PayGet expires unpaid payments after 10 minutes
  }
}
