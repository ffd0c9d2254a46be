# Fees at plan time, without an API call, by the rule of PayGet's API
# reference page. A created payment's own `fee` is what PayGet charged.
output "fee_at_threshold" {
  value = provider::indopay::payget_fee(500000) # 0: no fee up to Rp 500,000
}

output "fee_of_one_million" {
  value = provider::indopay::payget_fee(1000000) # 8000: 0.8% above Rp 500,000
}
