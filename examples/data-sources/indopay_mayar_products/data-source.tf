# Every webinar in the catalog, newest first: its name, its price and the
# page to send attendees.
data "indopay_mayar_products" "webinars" {
  type = "webinar"
}

output "webinars" {
  value = [
    for w in data.indopay_mayar_products.webinars.products : {
      name   = w.name
      price  = w.amount
      link   = w.link
      status = w.status
    }
  ]
}
