# What a top-up adds to the balance after the fee of PayGet's API reference
# page. A created payment's own `balance_received` is what PayGet answered.
output "received_from_one_million" {
  value = provider::indopay::payget_balance_received(1000000) # 992000
}

# Size a top-up so that the balance grows by what a team needs.
locals {
  candidate_amounts = [500000, 750000, 1000000, 2000000]
  enough            = [for a in local.candidate_amounts : a if provider::indopay::payget_balance_received(a) >= 900000]
}

output "smallest_sufficient_topup" {
  value = min(local.enough...)
}
