# The keys come from PAYGET_API_KEY and MAYAR_API_KEY in the environment:
# nothing secret is written in the configuration, so none of it can reach a
# plan file or version control.
provider "indopay" {
  mayar {
    api_version = "v2" # the default; "v1" stays selectable while Mayar still serves it
  }

  request_timeout = "30s"
  max_retries     = 4
}
