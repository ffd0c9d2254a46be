# Check at plan time, with the fee rule as a function, that a top-up adds
# at least what the team needs to the balance.
variable "gross_topup" {
  type    = number
  default = 1000000
}

resource "indopay_payget_payment" "budgeted" {
  amount = var.gross_topup

  # Paid or not, keep the payment when this configuration is destroyed.
  cancel_on_destroy = false

  lifecycle {
    precondition {
      condition     = provider::indopay::payget_balance_received(var.gross_topup) >= 990000
      error_message = "A top-up of Rp ${var.gross_topup} adds less than Rp 990,000 after PayGet's fee."
    }
  }
}
