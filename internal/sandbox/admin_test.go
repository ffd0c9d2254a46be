package sandbox_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

type adminAnswer struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	Amount int64  `json:"amount"`
	Error  string `json:"error"`
}

// The admin endpoints pay or expire a Pending payment, as a payer or the
// passing of time would, and nothing else.
func TestAdminSettlesPayGetPayments(t *testing.T) {
	sb, srv := start(t, sandbox.Options{})
	// A fault queued for any route must be left for the API's requests.
	sb.InjectFaults(sandbox.RouteAny, sandbox.Fault{Kind: sandbox.Fault503})
	paid, _ := sb.CreatePayGetPayment(sandbox.PayGetKey, 1000000)
	expired, _ := sb.CreatePayGetPayment(sandbox.PayGetKey, 5000)
	late, _ := sb.CreatePayGetPayment(sandbox.PayGetKey, 5000)
	sb.Advance(time.Minute)

	admin := func(method, path string, wantStatus int, want adminAnswer) {
		t.Helper()
		r := do(t, srv, call{method: method, path: path})
		var got adminAnswer
		r.decode(t, &got)
		if r.status != wantStatus || got.ID != want.ID || got.Status != want.Status || got.Amount != want.Amount ||
			!strings.Contains(got.Error, want.Error) {
			t.Errorf("%s %s: HTTP %d %s; want HTTP %d %+v", method, path, r.status, r.body, wantStatus, want)
		}
	}
	admin(http.MethodPost, "/_sandbox/payget/payments/"+paid.ID+"/pay", 200, adminAnswer{ID: paid.ID, Status: "Success", Amount: 1000000})
	admin(http.MethodPost, "/_sandbox/payget/payments/"+expired.ID+"/expire", 200, adminAnswer{ID: expired.ID, Status: "Expired", Amount: 5000})
	admin(http.MethodPost, "/_sandbox/payget/payments/"+paid.ID+"/pay", 409, adminAnswer{Error: "is Success: only a Pending payment"})
	admin(http.MethodPost, "/_sandbox/payget/payments/"+expired.ID+"/pay", 409, adminAnswer{Error: "is Expired"})
	sb.Advance(10 * time.Minute) // late is past its expiry: no payer can pay it any more
	admin(http.MethodPost, "/_sandbox/payget/payments/"+late.ID+"/pay", 409, adminAnswer{Error: "is Expired"})
	admin(http.MethodPost, "/_sandbox/payget/payments/nosuchpayment/pay", 404, adminAnswer{Error: `no PayGet payment "nosuchpayment"`})
	admin(http.MethodGet, "/_sandbox/payget/payments/"+paid.ID+"/pay", 405, adminAnswer{Error: "use POST"})
	admin(http.MethodPost, "/_sandbox/payget/payments/"+paid.ID+"/refund", 404, adminAnswer{Error: "no such sandbox endpoint"})

	if n := sb.RequestCount(sandbox.RouteAny); n != 0 || sb.PendingFaults(sandbox.RouteAny) != 1 {
		t.Fatalf("the admin endpoints logged %d requests and left %d faults; want 0 and 1", n, sb.PendingFaults(sandbox.RouteAny))
	}
	// What the API says afterwards, the paid amount credited once.
	sb.ClearFaults()
	for id, want := range map[string]string{paid.ID: "Success", expired.ID: "Expired", late.ID: "Expired"} {
		var st paymentStatus
		do(t, srv, call{path: "/api/payment-status/" + id}).decode(t, &st)
		if st.Status != want {
			t.Errorf("payment %s reads %s; want %s", id, st.Status, want)
		}
	}
	r := do(t, srv, call{path: "/api/profile", header: payget(sandbox.PayGetKey)})
	if !strings.Contains(string(r.body), `"balance":1092000`) {
		t.Errorf("balance after one paid 1000000 top-up (fee 8000): %s; want 1092000", r.body)
	}
}
