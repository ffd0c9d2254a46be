# Warn on every plan when a payment link in the catalog is closed: a page
# people may still be sent to that no longer takes payment.
check "mayar_no_closed_payment_links" {
  data "indopay_mayar_products" "links" {
    type = "generic_link"
  }

  assert {
    condition = alltrue([
      for p in data.indopay_mayar_products.links.products : p.status != "closed"
    ])
    error_message = "Some Mayar payment links are closed: reopen them or take their links down."
  }
}
