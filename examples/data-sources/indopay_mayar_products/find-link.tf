# Find a payment link made in Mayar's dashboard by its name, and hand its
# payment URL to the rest of the configuration (a website, a chat bot).
data "indopay_mayar_products" "kopi" {
  type      = "generic_link"
  search    = "Kopi Susu Gula Aren"
  max_items = 1 # the newest that matches; one request
}

locals {
  kopi = one(data.indopay_mayar_products.kopi.products)
}

output "kopi_payment_url" {
  value = local.kopi.link
}

output "kopi_price" {
  description = "In whole rupiah; null when the payer chooses how much to pay."
  value       = local.kopi.amount
}
