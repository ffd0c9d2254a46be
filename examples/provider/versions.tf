terraform {
  required_providers {
    indopay = {
      source = "indopay/indopay"
    }
  }
}
