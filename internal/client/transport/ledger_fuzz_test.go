package transport_test

import (
	"slices"
	"testing"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

// FuzzParseLedger feeds any bytes to the ledger parser, as a damaged or
// hostile file would: it never panics; what it accepts survives a round
// trip through the writer; and the pacer's decision on those timestamps
// keeps at most the limit, all within the window, and never waits longer
// than the window.
func FuzzParseLedger(f *testing.F) {
	account := transport.LedgerAccount(pacedHost, pacedKey)
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	f.Add(transport.FormatLedger(account, []time.Time{now.Add(-time.Second), now.Add(-30 * time.Second), now}))
	f.Add(transport.FormatLedger(account, nil))
	f.Add([]byte(`{"version":1,"account":"` + account + `","sent":[9223372036854775807,-9223372036854775808,0]}`))
	const limit, window = 3, time.Minute
	f.Fuzz(func(t *testing.T, data []byte) {
		sent, err := transport.ParseLedger(data, account)
		if err != nil {
			return
		}
		again, err := transport.ParseLedger(transport.FormatLedger(account, sent), account)
		if err != nil || !slices.EqualFunc(sent, again, time.Time.Equal) {
			t.Fatalf("round trip: %v (%v), want %v", again, err, sent)
		}
		kept, wait := transport.Admit(limit, window, sent, now)
		if len(kept) > limit || wait < 0 || wait > window || (wait == 0) != (len(kept) < limit) {
			t.Fatalf("kept %v, wait %v", kept, wait)
		}
		for i, at := range kept {
			if !at.After(now.Add(-window)) || at.After(now) || i > 0 && at.Before(kept[i-1]) {
				t.Fatalf("kept %v: not the window ending at %v, in order", kept, now)
			}
		}
	})
}
