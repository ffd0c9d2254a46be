data "indopay_mayar_balance" "this" {}

output "mayar_balance_rupiah" {
  value = {
    active  = data.indopay_mayar_balance.this.balance_active
    pending = data.indopay_mayar_balance.this.balance_pending
    total   = data.indopay_mayar_balance.this.balance
  }
}

# Settlements that are slow to clear show up as a pending share that grows.
locals {
  mayar_balance = data.indopay_mayar_balance.this
}

output "mayar_pending_percent" {
  value = local.mayar_balance.balance == 0 ? 0 : floor(100 * local.mayar_balance.balance_pending / local.mayar_balance.balance)
}
