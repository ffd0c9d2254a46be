# The demo runs against the local sandbox: scripts/demo.sh sets the base
# URLs and the sandbox's test keys through the provider's environment
# variables (PAYGET_BASE_URL, PAYGET_API_KEY, MAYAR_BASE_URL, MAYAR_API_KEY).
terraform {
  required_providers {
    indopay = {
      source = "indopay/indopay"
    }
  }
}

provider "indopay" {}

data "indopay_payget_profile" "me" {}

output "payget_username" {
  value = data.indopay_payget_profile.me.username
}

output "payget_level" {
  value = data.indopay_payget_profile.me.level
}

output "payget_balance_rupiah" {
  value = data.indopay_payget_profile.me.balance
}
