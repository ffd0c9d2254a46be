package provider_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/indopay/terraform-provider-indopay/internal/provider"
	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// The reliability tests put every read the provider makes through each
// transient fault the sandbox can inject, and the PayGet create through
// every fault that leaves its outcome unknown. They run the real Terraform
// CLI against the in-process provider, so what they show is what a user's
// plan and apply do.

const reliabilityPaymentAddr = "indopay_payget_payment.rel"

func reliabilityPaymentConfig(amount int) string {
	return fmt.Sprintf("resource \"indopay_payget_payment\" \"rel\" {\n  amount = %d\n}\n", amount)
}

// transientFault is one transient fault and the words its last failure leaves in
// the error once retries run out (max_retries = 1, so two attempts). The
// words follow the request's method and path, in order.
type transientFault struct {
	name    string
	fault   sandbox.Fault
	timeout string // request_timeout, "" for the default
	last    []string
}

var transientFaults = []transientFault{
	{name: "503 burst", fault: sandbox.Fault{Kind: sandbox.Fault503},
		last: []string{"HTTP 503", "(after 2 attempts)"}},
	{name: "502 HTML page", fault: sandbox.Fault{Kind: sandbox.Fault502HTML},
		last: []string{"HTTP 502", "the answer is not JSON", "502 Bad Gateway", "(after 2 attempts)"}},
	{name: "truncated JSON", fault: sandbox.Fault{Kind: sandbox.FaultTruncatedJSON},
		last: []string{"HTTP 200", "the answer was cut off", "(after 2 attempts)"}},
	{name: "429 Retry-After", fault: sandbox.Fault{Kind: sandbox.Fault429, RetryAfter: time.Second},
		last: []string{"HTTP 429", "(after 2 attempts)"}},
	// The sandbox answers after 2s; each attempt gives up after 1s.
	{name: "slower than request_timeout", fault: sandbox.Fault{Kind: sandbox.FaultSlow, Delay: 2 * time.Second}, timeout: "1s",
		last: []string{"giving up after 2 attempts", "no complete answer within 1s"}},
	{name: "connection reset", fault: sandbox.Fault{Kind: sandbox.FaultReset},
		last: []string{"giving up after 2 attempts", "connection reset by peer"}},
}

// retriedRead is one read the provider makes, through the Terraform type that
// makes it.
type retriedRead struct {
	name    string
	route   sandbox.Route
	request string // method and path as the error names them
	summary string // the diagnostic's summary
	config  string // the configuration after the provider block
	// payment: the read is the refresh of a payment resource, so a first
	// step creates one before the faults are injected.
	payment bool
	checks  []statecheck.StateCheck
}

var retriedReads = []retriedRead{
	{
		name: "profile", route: sandbox.RoutePayGetProfile,
		request: "GET /api/profile", summary: "Unable to read the PayGet profile",
		config: "data \"indopay_payget_profile\" \"rel\" {}\n",
		checks: expectValues("data.indopay_payget_profile.rel", map[string]knownvalue.Check{
			"username": knownvalue.StringExact("sandbox_user"),
			"balance":  knownvalue.Int64Exact(100000),
		}),
	},
	{
		name: "payment refresh", route: sandbox.RoutePayGetStatus,
		request: "GET /api/payment-status/", summary: "Unable to read PayGet payment",
		config:  reliabilityPaymentConfig(25000),
		payment: true,
		checks: expectValues(reliabilityPaymentAddr, map[string]knownvalue.Check{
			"status": knownvalue.StringExact("Pending"),
			"amount": knownvalue.Int64Exact(25000),
		}),
	},
	{
		name: "mayar list", route: sandbox.RouteMayarList,
		request: "GET /hl/v2/payments", summary: "Unable to list Mayar payment requests",
		config: "data \"indopay_mayar_payments\" \"rel\" {}\n",
		checks: expectValues("data.indopay_mayar_payments.rel", map[string]knownvalue.Check{
			"total": knownvalue.Int64Exact(3),
		}),
	},
}

func newReliabilitySandbox(t *testing.T) *testSandbox {
	return newTestSandbox(t, sandbox.Options{
		MayarPayments: sandbox.GenerateMayarPayments(3, time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)),
	})
}

func repeatFault(f sandbox.Fault, n int) []sandbox.Fault {
	out := make([]sandbox.Fault, n)
	for i := range out {
		out[i] = f
	}
	return out
}

// With the default max_retries, a burst of exactly max_retries faults on a
// read is absorbed: the apply succeeds with the right values, and every
// injected fault was consumed by the read under test.
func TestAccReliability_transientFaultsSurvived(t *testing.T) {
	for _, read := range retriedReads {
		for _, f := range transientFaults {
			t.Run(read.name+"/"+f.name, func(t *testing.T) {
				sb := newReliabilitySandbox(t)
				block := sb.providerBlock() // max_retries unset: the default
				if f.timeout != "" {
					block = sb.providerBlock(fmt.Sprintf("request_timeout=%q", f.timeout))
				}
				faults := repeatFault(f.fault, provider.DefaultMaxRetries)
				var steps []resource.TestStep
				var id string
				if read.payment {
					steps = append(steps,
						resource.TestStep{Config: block + read.config, Check: captureID(reliabilityPaymentAddr, &id)},
						resource.TestStep{
							PreConfig: func() { sb.InjectFaults(read.route, faults...) },
							Config:    block + read.config,
							ConfigPlanChecks: resource.ConfigPlanChecks{
								PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
							},
							ConfigStateChecks: read.checks,
						})
				} else {
					sb.InjectFaults(read.route, faults...)
					steps = append(steps, resource.TestStep{Config: block + read.config, ConfigStateChecks: read.checks})
				}
				tc := resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: steps}
				if read.payment {
					tc.CheckDestroy = sandboxPayGetStatus(sb, &id, "Expired")
				}
				resource.ParallelTest(t, tc)
				if n := sb.PendingFaults(read.route); n != 0 {
					t.Fatalf("%d of %d faults on %s were never consumed: the read under test did not meet them", n, len(faults), read.route)
				}
				if read.payment {
					if n := len(sb.PayGetPayments()); n != 1 {
						t.Fatalf("the sandbox holds %d payments, want 1", n)
					}
				}
			})
		}
	}
}

// One fault more than max_retries allows fails the plan with an error that
// names the request, the attempts made and the last failure; nothing
// partial is left in state, and once the faults clear the next run
// succeeds (or, for a payment, finds it unchanged).
func TestAccReliability_transientFaultsExhausted(t *testing.T) {
	const maxRetries = 1
	for _, read := range retriedReads {
		for _, f := range transientFaults {
			t.Run(read.name+"/"+f.name, func(t *testing.T) {
				sb := newReliabilitySandbox(t)
				overrides := []string{fmt.Sprintf("max_retries=%d", maxRetries)}
				if f.timeout != "" {
					overrides = append(overrides, fmt.Sprintf("request_timeout=%q", f.timeout))
				}
				block := sb.providerBlock(overrides...)
				faults := repeatFault(f.fault, maxRetries+1)
				want := errorText(append([]string{read.summary, read.request}, f.last...)...)

				var id, idAfter string
				var steps []resource.TestStep
				failing := resource.TestStep{Config: block + read.config, ExpectError: want}
				recovered := resource.TestStep{Config: block + read.config, ConfigStateChecks: read.checks}
				if read.payment {
					failing.PreConfig = func() { sb.InjectFaults(read.route, faults...) }
					recovered.ConfigPlanChecks = resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					}
					recovered.Check = captureID(reliabilityPaymentAddr, &idAfter)
					steps = append(steps, resource.TestStep{Config: block + read.config, Check: captureID(reliabilityPaymentAddr, &id)})
				} else {
					sb.InjectFaults(read.route, faults...)
				}
				steps = append(steps, failing, recovered)
				tc := resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: steps}
				if read.payment {
					tc.CheckDestroy = sandboxPayGetStatus(sb, &id, "Expired")
				}
				resource.ParallelTest(t, tc)

				if n := sb.PendingFaults(read.route); n != 0 {
					t.Fatalf("%d faults on %s were never consumed", n, read.route)
				}
				if read.payment {
					if id == "" || idAfter != id {
						t.Fatalf("the payment in state changed across the failed refresh: %q then %q", id, idAfter)
					}
					wantRequests(t, sb, map[sandbox.Route]int{sandbox.RoutePayGetCreate: 1})
				}
			})
		}
	}
}

// countRequests counts the requests that reach route, at arrival: the
// sandbox logs a request whose client gave up only once its handler notices,
// so a hook is the exact count right after the apply.
func countRequests(sb *testSandbox, route sandbox.Route) *atomic.Int64 {
	var n atomic.Int64
	sb.OnRequest(route, func() { n.Add(1) })
	return &n
}

// A create whose outcome is unknown is never sent again: the apply fails
// with an error that says the payment may exist, that an unpaid one expires
// by itself, and how to check; nothing is left in state; and importing the
// payment, as the error suggests, adopts it without creating another.
func TestAccReliability_ambiguousCreate(t *testing.T) {
	cases := []struct {
		name     string
		fault    sandbox.Fault
		timeout  string
		payments int // what the sandbox holds afterwards
	}{
		{name: "stored then 503", fault: sandbox.Fault{Kind: sandbox.FaultStoreThen503}, payments: 1},
		{name: "answer after request_timeout", fault: sandbox.Fault{Kind: sandbox.FaultSlow, Delay: 2 * time.Second}, timeout: "1s", payments: 1},
		{name: "answer cut off", fault: sandbox.Fault{Kind: sandbox.FaultTruncatedJSON}, payments: 1},
		// These two never reached the API, but the client cannot know: it
		// must not send the POST again either.
		{name: "502 HTML page", fault: sandbox.Fault{Kind: sandbox.Fault502HTML}, payments: 0},
		{name: "connection reset", fault: sandbox.Fault{Kind: sandbox.FaultReset}, payments: 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sb := newReliabilitySandbox(t)
			creates := countRequests(sb, sandbox.RoutePayGetCreate)
			overrides := []string{} // default max_retries: retries would be allowed for a read
			if tc.timeout != "" {
				overrides = append(overrides, fmt.Sprintf("request_timeout=%q", tc.timeout))
			}
			config := sb.providerBlock(overrides...) + reliabilityPaymentConfig(50000)
			sb.InjectFaults(sandbox.RoutePayGetCreate, tc.fault)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config: config,
						ExpectError: errorText("PayGet payment may have been created",
							"The request to create a payment of Rp 50000 was sent, but", "so the payment may exist",
							"not sent again", "second payment", "Pending payment of Rp 50000", "terraform import"),
					},
					{
						// Nothing partial in state: a plan proposes to create the
						// payment (a payment in state would refresh to no change).
						Config:             config,
						PlanOnly:           true,
						ExpectNonEmptyPlan: true,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PostApplyPreRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(reliabilityPaymentAddr, plancheck.ResourceActionCreate)},
						},
					},
				},
			})
			if n := creates.Load(); n != 1 {
				t.Fatalf("the create was sent %d times, want exactly 1", n)
			}
			payments := sb.PayGetPayments()
			if len(payments) != tc.payments {
				t.Fatalf("the sandbox holds %d payments, want %d", len(payments), tc.payments)
			}
			if tc.payments == 0 {
				return
			}

			// The advice works: import adopts the payment, and destroy cancels it.
			p := payments[0]
			// resource.Test: this subtest is already parallel.
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				CheckDestroy:             sandboxPayGetStatus(sb, &p.ID, "Expired"),
				Steps: []resource.TestStep{{
					Config: config + fmt.Sprintf("import {\n  to = %s\n  id = %q\n}\n", reliabilityPaymentAddr, p.ID),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(reliabilityPaymentAddr, plancheck.ResourceActionNoop)},
					},
					ConfigStateChecks: expectValues(reliabilityPaymentAddr, map[string]knownvalue.Check{
						"id":     knownvalue.StringExact(p.ID),
						"status": knownvalue.StringExact("Pending"),
					}),
				}},
			})
			if n := creates.Load(); n != 1 {
				t.Fatalf("the create was sent %d times in all, want exactly 1", n)
			}
		})
	}
}

// A 429 is a refusal, not an ambiguous outcome: the create is retried
// after Retry-After and exactly one payment exists.
func TestAccReliability_createRetriedOnlyWhenRefused(t *testing.T) {
	sb := newReliabilitySandbox(t)
	creates := countRequests(sb, sandbox.RoutePayGetCreate)
	sb.InjectFaults(sandbox.RoutePayGetCreate, sandbox.Fault{Kind: sandbox.Fault429, RetryAfter: time.Second})
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             sandboxPayGetStatus(sb, &id, "Expired"),
		Steps: []resource.TestStep{{
			Config: sb.providerBlock() + reliabilityPaymentConfig(50000),
			Check:  captureID(reliabilityPaymentAddr, &id),
		}},
	})
	if n := creates.Load(); n != 2 {
		t.Fatalf("the create was sent %d times, want 2 (the refused one and its retry)", n)
	}
	if n := len(sb.PayGetPayments()); n != 1 {
		t.Fatalf("the sandbox holds %d payments, want 1", n)
	}
}

// The baseline the closing note compares with: a generic REST client that
// retries with go-retryablehttp's default policy re-sends the POST after a
// 503 and so creates a second payment. The provider's create (above) never
// does.
func TestGenericRetryingClientDuplicatesPayments(t *testing.T) {
	sb := sandbox.New(sandbox.Options{})
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	sb.InjectFaults(sandbox.RoutePayGetCreate, sandbox.Fault{Kind: sandbox.FaultStoreThen503})

	rc := retryablehttp.NewClient()
	rc.Logger = nil
	rc.RetryWaitMin, rc.RetryWaitMax = time.Millisecond, time.Millisecond
	req, err := retryablehttp.NewRequest(http.MethodPost, srv.URL+"/api/payment", strings.NewReader(`{"amount":50000}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("x-api-key", sandbox.PayGetKey)
	resp, err := rc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the retried create answered %d, want 200", resp.StatusCode)
	}
	if n := len(sb.PayGetPayments()); n != 2 {
		t.Fatalf("a generic retrying client left %d payments, the baseline expects 2 (one duplicate)", n)
	}
}

// badRedirectOnCreate lets the sandbox create the payment, then answers
// the create with a redirect whose Location cannot be parsed, as a broken
// proxy in front of the API might.
type badRedirectOnCreate struct {
	next http.Handler
}

func (h badRedirectOnCreate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/api/payment" {
		h.next.ServeHTTP(w, r)
		return
	}
	h.next.ServeHTTP(httptest.NewRecorder(), r)
	w.Header().Set("Location", "%zz")
	w.WriteHeader(http.StatusMovedPermanently)
}

// A create that reached PayGet and got an answer, however broken, is never
// sent again. Found by the transport's FuzzRawResponse: net/http reports an
// unparseable Location after the round trip, and the transport took that
// for a request that never left.
func TestAccReliability_createAnsweredWithBadRedirect(t *testing.T) {
	sb := sandbox.New(sandbox.Options{})
	srv := httptest.NewServer(badRedirectOnCreate{next: sb})
	t.Cleanup(srv.Close)
	tsb := &testSandbox{Sandbox: sb, URL: srv.URL}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      tsb.providerBlock() + reliabilityPaymentConfig(50000),
			ExpectError: errorText("PayGet payment may have been created", "was sent, but no usable answer came from PayGet", "not sent again", "terraform import"),
		}},
	})
	if n := len(sb.PayGetPayments()); n != 1 {
		t.Fatalf("the create was sent until the sandbox held %d payments, want exactly 1", n)
	}
}
