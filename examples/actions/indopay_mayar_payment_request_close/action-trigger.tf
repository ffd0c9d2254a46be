# The payer may pay by Mayar's link or by PayGet's QR code. Once the QR
# payment is confirmed, close the Mayar bill so it cannot be paid twice.
resource "indopay_mayar_payment_request" "order" {
  name   = "Pesanan #1042"
  amount = 50000

  # The action closes the request outside its arguments: without this, the
  # next plan would propose to reopen it.
  lifecycle {
    ignore_changes = [open]
  }
}

resource "indopay_payget_payment" "order" {
  amount = 50000
}

resource "indopay_payget_payment_confirmation" "order" {
  payment_id = indopay_payget_payment.order.id

  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.indopay_mayar_payment_request_close.order]
    }
  }
}

action "indopay_mayar_payment_request_close" "order" {
  config {
    id = indopay_mayar_payment_request.order.id
  }
}
