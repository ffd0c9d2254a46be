# Forty seats of a workshop, paid by a link shared with the invitees only:
# unlisted keeps it out of the store, limit stops it after 40 purchases,
# and it stops taking payments at expires_at. limit and tax cannot be
# edited in Mayar: changing either makes a new link, with a new URL.
resource "indopay_mayar_payment_link" "workshop" {
  name       = "Workshop kopi manual brew – Sabtu"
  amount     = 150000
  tax        = 16500
  limit      = 40
  status     = "unlisted"
  expires_at = "2027-06-30T23:59:00+07:00"
  notes      = "Peserta membawa gelas sendiri."

  # Destroy closes the link unless this is false.
  close_on_destroy = true
}
