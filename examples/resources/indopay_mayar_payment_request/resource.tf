# A bill with a payment link: send the link to the payer. The amount,
# contact details, description and expiry can change in place; a new name
# makes a new request, as Mayar cannot rename one.
resource "indopay_mayar_payment_request" "rent" {
  name        = "Sewa kios Blok A – Mei 2027"
  amount      = 1500000
  email       = "siti@example.id" # required with mayar.api_version = "v1"
  mobile      = "+6281234567890"
  description = "<p>Sewa kios bulan Mei, jatuh tempo 31 Mei.</p>"
  expires_at  = "2027-05-31T23:59:00+07:00"
}

output "rent_payment_link" {
  value = indopay_mayar_payment_request.rent.link
}

output "rent_status" {
  description = "active (or unpaid), paid or closed, refreshed on every plan."
  value       = indopay_mayar_payment_request.rent.status
}
