# Stop taking payments without losing the request: open = false closes it
# in place, and true reopens it. Destroy closes an open request too, unless
# close_on_destroy = false, which only forgets it.
resource "indopay_mayar_payment_request" "deposit" {
  name   = "Deposit acara 17 Agustus"
  amount = 250000
  open   = false

  close_on_destroy = false

  timeouts {
    create = "1m"
    update = "1m"
  }
}
