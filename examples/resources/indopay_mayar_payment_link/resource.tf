# A payment link that sells one thing at one price, to anyone who has the
# link: put it on a website, a QR code or a chat message. Name, price,
# description, redirect URL, notes and expiry change in place.
resource "indopay_mayar_payment_link" "kopi" {
  name         = "Kopi susu gula aren"
  amount       = 25000
  description  = "Segelas kopi susu gula aren, diambil di kasir."
  redirect_url = "https://toko.example/terima-kasih"
}

output "kopi_payment_url" {
  value = indopay_mayar_payment_link.kopi.link
}
