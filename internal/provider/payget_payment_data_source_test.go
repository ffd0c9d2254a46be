package provider_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

func paymentDataSourceConfig(id string) string {
	return fmt.Sprintf("data \"indopay_payget_payment\" \"p\" {\n  id = %q\n}\n", id)
}

// The data source reads a payment the resource created, without a key:
// PayGet documents the status endpoint without authentication.
func TestAccPayGetPaymentDataSource(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: sb.providerBlock() + `
resource "indopay_payget_payment" "p" {
  amount = 75000
}
data "indopay_payget_payment" "p" {
  id = indopay_payget_payment.p.id
}
`,
			ConfigStateChecks: expectValues("data.indopay_payget_payment.p", map[string]knownvalue.Check{
				"status": knownvalue.StringExact("Pending"),
				"amount": knownvalue.Int64Exact(75000),
			}),
		}},
	})
	if n := sb.RequestCount(sandbox.RoutePayGetStatus); n == 0 {
		t.Fatal("the sandbox saw no status request")
	}
	for _, r := range sb.Requests() {
		if r.Route == sandbox.RoutePayGetStatus && r.KeyInHeader {
			t.Errorf("%s %s carried a key", r.Method, r.Path)
		}
	}
}

// An unknown id is an error on the id, quoting PayGet, whether PayGet
// answers 404 or HTTP 200 with success:false.
func TestAccPayGetPaymentDataSource_notFound(t *testing.T) {
	for name, http200 := range map[string]bool{"native 404": false, "HTTP 200 failure": true} {
		t.Run(name, func(t *testing.T) {
			sb := newTestSandbox(t, sandbox.Options{FailuresWithHTTP200: http200})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: sb.providerBlock() + paymentDataSourceConfig("nosuchpayment"),
					ExpectError: errorText("PayGet payment not found", `PayGet knows no payment with id "nosuchpayment"`,
						`"Payment not found."`, "Check the id", "indopay_payget_payment.<name>.id"),
				}},
			})
		})
	}
}

// statusAnswer answers every payment status read with one fixed answer,
// as PayGet (or a proxy in front of it) might.
type statusAnswer struct {
	next   http.Handler
	status int
	body   string
}

func (h statusAnswer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.URL.Path, "/api/payment-status/") {
		h.next.ServeHTTP(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(h.status)
	_, _ = w.Write([]byte(h.body))
}

// API failures name the payment and the request, quote PayGet's message
// and say what to do; none is mistaken for a missing payment.
func TestAccPayGetPaymentDataSource_apiErrors(t *testing.T) {
	cases := []struct {
		name   string
		status int
		body   string
		want   []string
	}{
		{"401 asking for a key", http.StatusUnauthorized, `{"success":false,"message":"API Key is required."}`,
			[]string{"GET /api/payment-status/p1", "HTTP 401", `"API Key is required."`,
				"without authentication, so the provider sends no API key", "payget.base_url", "PAYGET_BASE_URL"}},
		{"503", http.StatusServiceUnavailable, `{"success":false,"message":"Service Unavailable"}`,
			[]string{"GET /api/payment-status/p1", "HTTP 503", `"Service Unavailable"`, "server error; try again later"}},
		{"HTTP 200 with success false", http.StatusOK, `{"success":false,"message":"Database is busy"}`,
			[]string{"GET /api/payment-status/p1", "HTTP 200", `"Database is busy"`}},
		{"HTTP 200 that is not JSON", http.StatusOK, `<html>maintenance</html>`,
			[]string{"GET /api/payment-status/p1", "HTTP 200", "the answer is not JSON", "maintenance"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sb := sandbox.New(sandbox.Options{})
			srv := httptest.NewServer(statusAnswer{next: sb, status: tc.status, body: tc.body})
			t.Cleanup(srv.Close)
			tsb := &testSandbox{Sandbox: sb, URL: srv.URL}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      tsb.providerBlock("max_retries=0") + paymentDataSourceConfig("p1"),
					ExpectError: errorText(append([]string{"Unable to read PayGet payment p1"}, tc.want...)...),
				}},
			})
		})
	}
}
