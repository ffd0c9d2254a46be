# Adopt a payment request created outside Terraform (Terraform 1.5+ import
# block), for example one whose create got no answer. Mayar never returns
# email, mobile or expiry: leave them out, or the first apply sets them.
import {
  to = indopay_mayar_payment_request.adopted
  id = "6f8c19ff-5b97-4792-aa89-d2a12797b356"
}

resource "indopay_mayar_payment_request" "adopted" {
  name   = "Penagihan"
  amount = 1000
}
