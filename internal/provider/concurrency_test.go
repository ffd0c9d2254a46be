package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport/transporttest"
	"github.com/indopay/terraform-provider-indopay/internal/provider"
	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// inFlight wraps a handler and records the most requests it served at once
// per kind of request (key names it), so a test can see how parallel the
// callers really were.
type inFlight struct {
	next http.Handler
	key  func(*http.Request) string
	mu   sync.Mutex
	now  map[string]int
	peak map[string]int
}

func newInFlight(next http.Handler, key func(*http.Request) string) *inFlight {
	return &inFlight{next: next, key: key, now: map[string]int{}, peak: map[string]int{}}
}

// payGetFlightKey tells PayGet's creates and cancels apart.
func payGetFlightKey(r *http.Request) string {
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/api/payment":
		return "create"
	case r.Method == http.MethodPost:
		return "cancel"
	}
	return "other"
}

func (f *inFlight) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key := f.key(r)
	f.mu.Lock()
	f.now[key]++
	f.peak[key] = max(f.peak[key], f.now[key])
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.now[key]--
		f.mu.Unlock()
	}()
	f.next.ServeHTTP(w, r)
}

func (f *inFlight) max(key string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.peak[key]
}

const concurrentPayments = 50

func concurrencyConfig(block string) string {
	return block + fmt.Sprintf(`
resource "indopay_payget_payment" "many" {
  count  = %d
  amount = 1000 + count.index
}
`, concurrentPayments)
}

// checkConcurrentPayments checks that every payment in state is a distinct
// sandbox payment, created once.
func checkConcurrentPayments(sb *sandbox.Sandbox) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		ids := map[string]bool{}
		for i := range concurrentPayments {
			rs, ok := s.RootModule().Resources[fmt.Sprintf("indopay_payget_payment.many.%d", i)]
			if !ok {
				return fmt.Errorf("payment %d is not in state", i)
			}
			id := rs.Primary.ID
			p, ok := sb.PayGetPayment(id)
			if !ok || p.Status != "Pending" || p.Amount != int64(1000+i) {
				return fmt.Errorf("payment %d (%s) is %+v in the sandbox, want Pending of %d", i, id, p, 1000+i)
			}
			ids[id] = true
		}
		if len(ids) != concurrentPayments {
			return fmt.Errorf("%d distinct ids in state, want %d", len(ids), concurrentPayments)
		}
		return nil
	}
}

// checkCounts checks the sandbox after 50 payments were applied and
// destroyed: each created once and cancelled once, all Expired.
func checkCounts(t *testing.T, sb *sandbox.Sandbox) {
	t.Helper()
	wantRequests(t, sb, map[sandbox.Route]int{sandbox.RoutePayGetCreate: concurrentPayments})
	payments := sb.PayGetPayments()
	if len(payments) != concurrentPayments {
		t.Errorf("the sandbox holds %d payments, want %d", len(payments), concurrentPayments)
	}
	wantRequests(t, sb, map[sandbox.Route]int{sandbox.RoutePayGetCancel: concurrentPayments})
	for _, p := range payments {
		if p.Status != "Expired" {
			t.Errorf("payment %s is %s after destroy, want Expired", p.ID, p.Status)
		}
	}
}

// checkPeak checks the most requests of one kind the sandbox served at
// once: never above the parallelism asked for, and above one, or Terraform
// did not run them in parallel at all.
func checkPeak(t *testing.T, flight *inFlight, key string, parallelism int) {
	t.Helper()
	peak := flight.max(key)
	t.Logf("peak %s requests in flight: %d (parallelism %d)", key, peak, parallelism)
	if peak < 2 || peak > parallelism {
		t.Errorf("peak %s requests in flight %d, want 2..%d", key, peak, parallelism)
	}
}

// Fifty payments applied with -parallelism=20 by the real terraform CLI
// (a built provider, nothing in-process) are each created exactly once and
// each cancelled on destroy. The sandbox answers after a latency so that
// requests overlap, and the peak in flight shows the parallelism used.
//
// The flag is passed on the command line: TF_CLI_ARGS_apply does not work
// with terraform-plugin-testing, whose terraform-exec calls pass
// -parallelism=10 after the arguments Terraform inserts from the
// environment, and the last flag wins (measured: a peak of 10).
func TestAccConcurrency_fiftyPaymentsParallelism20(t *testing.T) {
	skipUnlessAcceptance(t)
	t.Parallel()
	const parallelism = 20
	sb := sandbox.New(sandbox.Options{Latency: 300 * time.Millisecond})
	flight := newInFlight(sb, payGetFlightKey)
	srv := httptest.NewServer(flight)
	t.Cleanup(srv.Close)

	mainTF := fmt.Sprintf(cliRequiredProviders+`
provider "indopay" {
  payget {
    api_key  = %q
    base_url = %q
  }
}
`, sandbox.PayGetKey, srv.URL) + concurrencyConfig("")
	tf := newTerraformCLI(t, mainTF, "TF_LOG=")
	par := fmt.Sprintf("-parallelism=%d", parallelism)
	tf.apply(par)

	ids := map[string]bool{}
	for _, in := range tf.stateInstances() {
		if p, ok := sb.PayGetPayment(in.ID); !ok || p.Status != "Pending" {
			t.Errorf("payment %q in state is %+v in the sandbox, want Pending", in.ID, p)
		}
		ids[in.ID] = true
	}
	if len(ids) != concurrentPayments {
		t.Fatalf("%d distinct payments in state, want %d", len(ids), concurrentPayments)
	}
	checkPeak(t, flight, "create", parallelism)

	tf.run("destroy", "-auto-approve", "-input=false", "-no-color", par)
	checkCounts(t, sb)
	checkPeak(t, flight, "cancel", parallelism)
}

// The same fifty payments through the in-process provider, at the
// harness's parallelism of 10: under go test -race this puts the
// provider's concurrent creates, reads and cancels through the race
// detector, which the built binary of the test above is not.
func TestAccConcurrency_fiftyPaymentsInProcess(t *testing.T) {
	sb := sandbox.New(sandbox.Options{Latency: 100 * time.Millisecond})
	flight := newInFlight(sb, payGetFlightKey)
	srv := httptest.NewServer(flight)
	t.Cleanup(srv.Close)
	tsb := &testSandbox{Sandbox: sb, URL: srv.URL}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: concurrencyConfig(tsb.providerBlock()),
			Check:  checkConcurrentPayments(sb),
		}},
	})
	checkCounts(t, sb)
	checkPeak(t, flight, "create", 10)
}

// newTerraformCLIAttached is newTerraformCLI with the provider served by
// this test process instead of a built binary: the CLI attaches to it
// through TF_REATTACH_PROVIDERS, as terraform-plugin-testing's harness
// does. The provider can then be one only tests can construct (a short
// pacing window), the race detector watches it, and the CLI still runs with
// the flags the test chooses, which the harness does not allow.
func newTerraformCLIAttached(t *testing.T, mainTF string, p fwprovider.Provider) *terraformCLI {
	t.Helper()
	// The address the CLI resolves the configuration's "indopay/indopay"
	// to: OpenTofu's registry host differs from Terraform's.
	address := provider.Address
	if openTofu, _ := cliUnderTest(t); openTofu {
		address = "registry.opentofu.org/indopay/indopay"
	}
	ctx, stop := context.WithCancel(context.Background())
	configs := make(chan *plugin.ReattachConfig)
	closed := make(chan struct{})
	served := make(chan error, 1)
	go func() {
		served <- tf6server.Serve(address, providerserver.NewProtocol6(p),
			tf6server.WithDebug(ctx, configs, closed), tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			tf6server.WithLoggingSink(t))
	}()
	var rc *plugin.ReattachConfig
	select {
	case rc = <-configs:
	case err := <-served:
		stop()
		t.Fatalf("serving the provider: %v", err)
	}
	t.Cleanup(func() {
		stop()
		<-closed
	})
	type addr struct{ Network, String string }
	reattach, err := json.Marshal(map[string]any{address: map[string]any{
		"Protocol": string(rc.Protocol), "ProtocolVersion": rc.ProtocolVersion, "Pid": rc.Pid, "Test": rc.Test,
		"Addr": addr{rc.Addr.Network(), rc.Addr.String()},
	}})
	if err != nil {
		t.Fatal(err)
	}

	return newCLIWorkdir(t, t.TempDir(), mainTF, "TF_REATTACH_PROVIDERS="+string(reattach))
}

// mayarFlightKey tells Mayar's creates and closes apart, under both API
// versions.
func mayarFlightKey(r *http.Request) string {
	switch {
	case strings.HasSuffix(r.URL.Path, "/create"):
		return "create"
	case strings.Contains(r.URL.Path, "/close"):
		return "close"
	}
	return "other"
}

// Fifty Mayar payment requests applied and destroyed by the real terraform
// CLI with -parallelism=20, the sandbox refusing the 21st request of any
// window with 429, as Mayar's rate limit does.
//
// With pacing on at its default of 20 requests a window, under both API
// versions: each request is created once and closed once, no window of the
// sandbox's log holds more than 20 requests, and the sandbox answers no
// 429. With pacing off, the 429s come, and each refused request, creates
// included, is sent again after Retry-After: the apply and the destroy
// succeed, and still each request is created once.
//
// The window lasts 3 seconds instead of a minute (the provider's test
// constructor and the sandbox alike), so the 150 requests (50 creates; on
// destroy 50 refreshing reads and 50 closes) take seconds, not minutes.
// Each request has its own name and amount: Mayar's duplicate guard refuses
// the same create twice within a minute. The provider is served by the test
// process (newTerraformCLIAttached), so under go test -race the race
// detector watches its parallel creates, reads, closes and pacing.
func TestAccMayarConcurrency_fiftyRequestsParallelism20(t *testing.T) {
	skipUnlessAcceptance(t)
	const (
		parallelism = 20
		requests    = 50
		limit       = 20 // requests_per_minute's default, and the sandbox's limit
		window      = 3 * time.Second
	)
	cases := []struct {
		name      string
		v         mayarAPIVersion
		overrides []string
		paced     bool
	}{
		{name: "v2", v: mayarAPIVersions[0], overrides: []string{defaultPacing}, paced: true},
		{name: "v1", v: mayarAPIVersions[1], overrides: []string{defaultPacing}, paced: true},
		// The retries of 50 requests refused in turn need more than the
		// default max_retries.
		{name: "v2 pacing off", v: mayarAPIVersions[0], overrides: []string{"max_retries=10"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sb := sandbox.New(sandbox.Options{Latency: 100 * time.Millisecond, MayarRateLimit: limit, MayarRateWindow: window})
			flight := newInFlight(sb, mayarFlightKey)
			srv := httptest.NewServer(flight)
			t.Cleanup(srv.Close)
			tsb := &testSandbox{Sandbox: sb, URL: srv.URL}

			mainTF := cliRequiredProviders + tc.v.block(tsb, tc.overrides...) + fmt.Sprintf(`
resource "indopay_mayar_payment_request" "many" {
  count  = %d
  name   = "Tagihan ${count.index}"
  amount = 10000 + count.index
  email  = "siti@example.id"
}
`, requests)
			// The provider paces over a window one second longer than the
			// sandbox counts: its own one-second margin covers a request
			// slowed on its way by a minute's fraction in real use, but on a
			// loaded 2-core test machine a request can be delayed by more
			// than that against a 3-second window.
			tf := newTerraformCLIAttached(t, mainTF, provider.NewWithPacing("test", t.TempDir(), window+time.Second)())
			par := fmt.Sprintf("-parallelism=%d", parallelism)
			tf.apply(par)

			ids := map[string]bool{}
			for _, in := range tf.stateInstances() {
				p, ok := sb.MayarPayment(in.ID)
				if !ok || p.Status != "active" || p.Amount == nil || *p.Amount != int64(10000+in.IndexKey) ||
					p.Name != fmt.Sprintf("Tagihan %d", in.IndexKey) {
					t.Errorf("request %d (%q) in state is %+v in the sandbox, want active, Tagihan %d of %d",
						in.IndexKey, in.ID, p, in.IndexKey, 10000+in.IndexKey)
				}
				ids[in.ID] = true
			}
			if len(ids) != requests {
				t.Fatalf("%d distinct payment requests in state, want %d", len(ids), requests)
			}
			createPeak := flight.max("create")

			tf.run("destroy", "-auto-approve", "-input=false", "-no-color", par)
			stored := sb.MayarPayments()
			for _, p := range stored {
				if p.Status != "closed" {
					t.Errorf("payment request %s is %s after destroy, want closed", p.ID, p.Status)
				}
			}
			// Every request the sandbox refused for its rate limit, by route.
			refused := map[sandbox.Route]int{}
			for _, r := range sb.Requests() {
				if r.RateLimited {
					refused[r.Route]++
				}
			}
			at := arrivals(tsb)
			most := transporttest.MostInWindow(at, window)
			t.Logf("%s: %d payment requests from %d creates (%d refused with 429), %d closes (%d refused); "+
				"%d requests in all, %d answered 429; at most %d in a window of %v; peak in flight: %d creates, %d closes; "+
				"%v from the first request to the last",
				tc.name, len(stored), sb.RequestCount(sandbox.RouteMayarCreate), refused[sandbox.RouteMayarCreate],
				sb.RequestCount(sandbox.RouteMayarClose), refused[sandbox.RouteMayarClose], len(at), sb.RateLimited(),
				most, window, createPeak, flight.max("close"), at[len(at)-1].Sub(at[0]).Round(time.Second))
			if len(stored) != requests {
				t.Errorf("the sandbox holds %d payment requests, want %d", len(stored), requests)
			}
			// Each request created once and closed once: every create and
			// close beyond those was refused by the rate limit, unprocessed.
			for _, route := range []sandbox.Route{sandbox.RouteMayarCreate, sandbox.RouteMayarClose} {
				if n := sb.RequestCount(route) - refused[route]; n != requests {
					t.Errorf("%s: %d requests the sandbox processed, want %d", route, n, requests)
				}
			}
			for key, peak := range map[string]int{"create": createPeak, "close": flight.max("close")} {
				if peak < 2 || peak > parallelism {
					t.Errorf("peak %s requests in flight %d, want 2..%d", key, peak, parallelism)
				}
			}
			switch {
			case tc.paced && most > limit:
				t.Errorf("%d requests in one window of %v, want at most %d", most, window, limit)
			case tc.paced && sb.RateLimited() != 0:
				t.Errorf("the sandbox answered %d requests with 429, want none", sb.RateLimited())
			case !tc.paced && refused[sandbox.RouteMayarCreate] == 0:
				t.Errorf("no create was refused with 429 without pacing: the case did not test their retry")
			}
		})
	}
}
