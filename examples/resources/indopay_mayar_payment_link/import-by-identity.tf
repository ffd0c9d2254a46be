# Terraform 1.12 and later: import by the link's identity, its Mayar id.
# terraform query with the list resource writes blocks like these.
import {
  to = indopay_mayar_payment_link.by_identity
  identity = {
    id = "3c5a7a3e-1f0e-4a8e-9a55-2d5b1c0e7f21"
  }
}

resource "indopay_mayar_payment_link" "by_identity" {
  name   = "Donasi pembangunan mushola"
  amount = 50000
}
