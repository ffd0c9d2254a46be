# Terraform 1.12 and later: import by the request's identity, its Mayar id.
# terraform query with the list resource writes blocks like these.
import {
  to = indopay_mayar_payment_request.by_identity
  identity = {
    id = "6f8c19ff-5b97-4792-aa89-d2a12797b356"
  }
}

resource "indopay_mayar_payment_request" "by_identity" {
  name   = "Penagihan"
  amount = 1000
}
