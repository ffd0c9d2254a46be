# Fees at plan time, without an API call (Terraform 1.8+).
output "fee_at_threshold" {
  value = provider::indopay::payget_fee(500000) # 0: no fee up to Rp 500,000
}

output "fee_of_one_million" {
  value = provider::indopay::payget_fee(1000000) # 8000: 0.8% above Rp 500,000
}
