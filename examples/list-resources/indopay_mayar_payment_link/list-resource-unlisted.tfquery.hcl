# Every unlisted payment link, with each one's attributes as an import
# reads them (include_resource).
list "indopay_mayar_payment_link" "unlisted" {
  provider         = indopay
  include_resource = true

  config {
    status = "unlisted"
  }
}
