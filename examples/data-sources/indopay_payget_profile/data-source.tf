data "indopay_payget_profile" "me" {}

output "payget_account" {
  value = "${data.indopay_payget_profile.me.username} (${data.indopay_payget_profile.me.level})"
}

output "payget_balance_rupiah" {
  value = data.indopay_payget_profile.me.balance
}
