# Warn on every plan when the withdrawable Mayar balance runs low, for
# example before payouts that draw on it.
variable "minimum_mayar_balance" {
  description = "Smallest acceptable active Mayar balance, in whole rupiah."
  type        = number
  default     = 1000000
}

check "mayar_balance" {
  data "indopay_mayar_balance" "current" {}

  assert {
    condition     = data.indopay_mayar_balance.current.balance_active >= var.minimum_mayar_balance
    error_message = "The active Mayar balance is Rp ${data.indopay_mayar_balance.current.balance_active}, below Rp ${var.minimum_mayar_balance}: payouts may fail."
  }
}
