# Set the webhook URL and have Mayar send its test event to it each time
# it is set, in the same apply; run it again on demand with
#
#   terraform apply -invoke=action.indopay_mayar_webhook_test.payments
variable "webhook_secret" {
  type      = string
  sensitive = true
}

locals {
  # Mayar signs nothing: the secret path segment is what the receiver checks.
  webhook_url = "https://hooks.example.id/mayar/${var.webhook_secret}"
}

resource "indopay_mayar_webhook" "payments" {
  url = local.webhook_url

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.indopay_mayar_webhook_test.payments]
    }
  }
}

# The URL comes from the local value, not from the webhook resource: an
# action that refers to the resource that triggers it cannot be invoked on
# its own, and Terraform 1.16 warns about it.
action "indopay_mayar_webhook_test" "payments" {
  config {
    url = local.webhook_url
  }
}
