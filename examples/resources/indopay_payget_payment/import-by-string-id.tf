# Adopt a payment created outside Terraform (Terraform 1.5+ import block).
import {
  to = indopay_payget_payment.adopted
  id = "a1b2c3d4e5f6g7h8"
}

resource "indopay_payget_payment" "adopted" {
  amount = 50000
}
