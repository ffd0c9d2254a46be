# Adopt a payment link made in Mayar's dashboard (Terraform 1.5+ import
# block). Mayar never returns its redirect URL, notes, expiry, limit or
# tax: leave them out, or the first apply sets the first three, and
# replaces the link for the last two.
import {
  to = indopay_mayar_payment_link.adopted
  id = "3c5a7a3e-1f0e-4a8e-9a55-2d5b1c0e7f21"
}

resource "indopay_mayar_payment_link" "adopted" {
  name   = "Donasi pembangunan mushola"
  amount = 50000
}
