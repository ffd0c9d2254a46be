# Warn on every plan when the PayGet balance runs low.
check "payget_balance" {
  data "indopay_payget_profile" "current" {}

  assert {
    condition     = data.indopay_payget_profile.current.balance >= 100000
    error_message = "The PayGet balance is Rp ${data.indopay_payget_profile.current.balance}, below Rp 100,000: top it up."
  }
}
