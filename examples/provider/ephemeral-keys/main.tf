# Keys from input variables marked ephemeral (Terraform 1.10+, OpenTofu
# 1.11+): Terraform uses them while it runs and writes them to no plan file
# and no state. Set them with TF_VAR_payget_api_key and TF_VAR_mayar_api_key,
# again when you apply a saved plan.
variable "payget_api_key" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "mayar_api_key" {
  type      = string
  sensitive = true
  ephemeral = true
}

provider "indopay" {
  payget {
    api_key = var.payget_api_key
  }

  mayar {
    api_key = var.mayar_api_key
  }
}
