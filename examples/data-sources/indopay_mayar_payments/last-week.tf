# Last week's payment requests: those created in the seven days before this
# plan. Mayar lists newest first, so the listing stops at the first page that
# reaches created_after: however long the account's history, only the pages
# of the last week are requested.
data "indopay_mayar_payments" "last_week" {
  created_after = timeadd(plantimestamp(), "-168h")
}

output "payment_requests_last_week" {
  value = {
    created = data.indopay_mayar_payments.last_week.total
    paid    = length([for p in data.indopay_mayar_payments.last_week.payments : p if p.status == "paid"])
  }
}

# One calendar week in Jakarta time (WIB, UTC+7), Monday to Monday: any
# RFC 3339 offset works, and the pages newer than created_before are read
# but their requests left out. A long, paced listing may take minutes;
# timeouts.read bounds it (20 minutes by default).
data "indopay_mayar_payments" "week_10" {
  created_after  = "2025-03-03T00:00:00+07:00"
  created_before = "2025-03-10T00:00:00+07:00"
  status         = "paid"

  timeouts {
    read = "5m"
  }
}

output "paid_rupiah_week_10" {
  value = sum(concat([0], [for p in data.indopay_mayar_payments.week_10.payments : coalesce(p.amount, 0)]))
}
