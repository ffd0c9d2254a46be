# Find the payment links whose name has "kopi": terraform query prints each
# with its id, and terraform query -generate-config-out=generated.tf writes
# a resource block and an import block for each.
list "indopay_mayar_payment_link" "kopi" {
  provider = indopay

  config {
    search = "kopi"
  }
}
