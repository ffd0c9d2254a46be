# Warn on every plan when payment requests stay open too long: any request
# still active 30 days after it was created (created_at is RFC 3339 UTC).
check "mayar_no_stale_payment_requests" {
  data "indopay_mayar_payments" "open" {
    status = "active"
  }

  assert {
    condition = alltrue([
      for p in data.indopay_mayar_payments.open.payments :
      timecmp(timeadd(p.created_at, "720h"), plantimestamp()) > 0
    ])
    error_message = "Some Mayar payment requests have been open for more than 30 days: close them or chase the payers."
  }
}
