# Terraform 1.12 and later: import by the payment's identity, its PayGet id.
import {
  to = indopay_payget_payment.by_identity
  identity = {
    id = "a1b2c3d4e5f6g7h8"
  }
}

resource "indopay_payget_payment" "by_identity" {
  amount = 50000
}
