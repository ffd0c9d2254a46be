# Every payment request, whatever its status, with each one's full
# attributes (include_resource), stopping after the newest 500.
list "indopay_mayar_payment_request" "all" {
  provider         = indopay
  include_resource = true
  limit            = 500
}
