# Against Mayar's own sandbox host, with a stricter client-side pace than
# Mayar's documented limit (20 requests a minute per IP address), for CI
# runners that share an address.
provider "indopay" {
  alias = "mayar_sandbox"

  mayar {
    base_url            = "https://api.mayar.club"
    requests_per_minute = 10
  }
}
