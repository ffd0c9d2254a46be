# Keys are sensitive: pass them as variables (or leave them out and set
# PAYGET_API_KEY / MAYAR_API_KEY), never as literals in version control.
variable "payget_api_key" {
  type      = string
  sensitive = true
}

variable "mayar_api_key" {
  type      = string
  sensitive = true
}

provider "indopay" {
  payget {
    api_key = var.payget_api_key
  }

  mayar {
    api_key     = var.mayar_api_key
    api_version = "v2" # the default; "v1" stays selectable while Mayar still serves it
  }

  request_timeout = "30s"
  max_retries     = 4
}
