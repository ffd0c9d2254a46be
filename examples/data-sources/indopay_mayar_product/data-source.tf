# One product of the catalog by id, of any type: here an event's ticket,
# whose page and price go to the event's website.
variable "ticket_product_id" {
  type        = string
  description = "The product's id: the id of an indopay_mayar_products item, or in Mayar's dashboard."
}

data "indopay_mayar_product" "ticket" {
  id = var.ticket_product_id
}

output "ticket" {
  value = {
    name     = data.indopay_mayar_product.ticket.name
    price    = data.indopay_mayar_product.ticket.amount
    page     = data.indopay_mayar_product.ticket.link
    on_sale  = data.indopay_mayar_product.ticket.status == "active"
    capacity = data.indopay_mayar_product.ticket.limit # null: no limit
  }
}
