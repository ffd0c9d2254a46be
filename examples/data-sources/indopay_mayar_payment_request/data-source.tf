# One payment request by id, for example to gate a delivery on payment.
variable "order_payment_request_id" {
  type = string
}

data "indopay_mayar_payment_request" "order" {
  id = var.order_payment_request_id
}

output "order_paid" {
  value = data.indopay_mayar_payment_request.order.status == "paid"
}

output "order_payment_link" {
  description = "The full URL on V2; null with mayar.api_version = \"v1\", which returns only the slug."
  value       = data.indopay_mayar_payment_request.order.link
}
