package provider

import (
	"context"
	"math/big"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/indopay/terraform-provider-indopay/internal/client/payget"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// A create whose outcome is unknown is reported in two sentences, one for
// what happened and one for what to do, whatever the failure: the real
// client's error for each fault the sandbox injects on the create, without
// socket addresses, error chains or a repeated "not sent again".
func TestPayGetCreateMayExist(t *testing.T) {
	cases := []struct {
		name    string
		fault   sandbox.Fault
		timeout time.Duration // request_timeout; 0 = 30s
		what    string
	}{
		{name: "stored then 503", fault: sandbox.Fault{Kind: sandbox.FaultStoreThen503},
			what: "was sent, but PayGet answered HTTP 503, so the payment may exist"},
		{name: "502 page from a proxy", fault: sandbox.Fault{Kind: sandbox.Fault502HTML},
			what: "was sent, but PayGet answered HTTP 502, so the payment may exist"},
		{name: "answer cut off", fault: sandbox.Fault{Kind: sandbox.FaultTruncatedJSON},
			what: "was sent, but PayGet's answer (HTTP 200) could not be read, so the payment may exist"},
		{name: "connection reset", fault: sandbox.Fault{Kind: sandbox.FaultReset},
			what: "was sent, but the connection was cut before PayGet answered, so the payment may exist"},
		{name: "request_timeout", fault: sandbox.Fault{Kind: sandbox.FaultSlow, Delay: 2 * time.Second}, timeout: 200 * time.Millisecond,
			what: "was sent, but no answer came from PayGet within 200ms, so the payment may exist"},
	}
	socketAddress := regexp.MustCompile(`\d+\.\d+\.\d+\.\d+:\d+`)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sb := sandbox.New(sandbox.Options{})
			srv := httptest.NewServer(sb)
			t.Cleanup(srv.Close)
			tr, err := transport.New(transport.Config{BaseURL: srv.URL, Timeout: tc.timeout, MaxRetries: 4})
			if err != nil {
				t.Fatal(err)
			}
			sb.InjectFaults(sandbox.RoutePayGetCreate, tc.fault)
			_, err = payget.New(tr, sandbox.PayGetKey).CreatePayment(context.Background(), 50000)
			if err == nil {
				t.Fatal("the create succeeded through the fault")
			}

			model := payGetPaymentModel{Amount: types.NumberValue(big.NewFloat(50000))}
			c, cerr := model.creation()
			var diags diag.Diagnostics
			if cerr != nil || !payGetPaymentLifecycle.createFailed(&diags, c, err, time.Minute) || len(diags) != 1 {
				t.Fatalf("the create's failure was not reported as one error: %v %v", cerr, diags)
			}
			summary, detail := diags[0].Summary(), diags[0].Detail()
			want := "The request to create a payment of Rp 50000 " + tc.what + "; the request was not sent again, " +
				"because PayGet has no idempotency key and a second request could create a second payment.\n\n" +
				"Look in your PayGet account for a new Pending payment of Rp 50000: to keep it, bring it into the " +
				"state with `terraform import` and its id; otherwise let it expire unpaid and apply again."
			if summary != "PayGet payment may have been created" || detail != want {
				t.Fatalf("got\n%s\n%s\nwant\n%s", summary, detail, want)
			}
			if socketAddress.MatchString(detail) || strings.Contains(detail, "POST /api/payment") {
				t.Errorf("the detail shows internals: %s", detail)
			}
		})
	}
}
