# After a create that may have reached Mayar without an answer, find the
# request it may have made: the newest active requests with the same name.
data "indopay_mayar_payments" "recent" {
  status    = "active"
  max_items = 20
}

output "possible_duplicates" {
  value = [
    for p in data.indopay_mayar_payments.recent.payments : { id = p.id, created_at = p.created_at }
    if p.name == "Sewa kios Blok A – Mei 2027"
  ]
}
