package provider_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// inFlight wraps a handler and records the most requests it served at once
// per method and path prefix, so a test can see how parallel the callers
// really were.
type inFlight struct {
	next http.Handler
	mu   sync.Mutex
	now  map[string]int
	peak map[string]int
}

func newInFlight(next http.Handler) *inFlight {
	return &inFlight{next: next, now: map[string]int{}, peak: map[string]int{}}
}

func inFlightKey(r *http.Request) string {
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/api/payment":
		return "create"
	case r.Method == http.MethodPost:
		return "cancel"
	}
	return "other"
}

func (f *inFlight) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key := inFlightKey(r)
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
	if n := sb.RequestCount(sandbox.RoutePayGetCreate); n != concurrentPayments {
		t.Errorf("the sandbox received %d creates, want %d", n, concurrentPayments)
	}
	payments := sb.PayGetPayments()
	if len(payments) != concurrentPayments {
		t.Errorf("the sandbox holds %d payments, want %d", len(payments), concurrentPayments)
	}
	if n := sb.RequestCount(sandbox.RoutePayGetCancel); n != concurrentPayments {
		t.Errorf("the sandbox received %d cancels, want %d", n, concurrentPayments)
	}
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
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	t.Parallel()
	const parallelism = 20
	sb := sandbox.New(sandbox.Options{Latency: 300 * time.Millisecond})
	flight := newInFlight(sb)
	srv := httptest.NewServer(flight)
	t.Cleanup(srv.Close)

	mainTF := fmt.Sprintf(`terraform {
  required_providers {
    indopay = { source = "indopay/indopay" }
  }
}

provider "indopay" {
  payget {
    api_key  = %q
    base_url = %q
  }
}
`, sandbox.PayGetKey, srv.URL) + concurrencyConfig("")
	tf := newTerraformCLI(t, mainTF, "TF_LOG=")
	par := fmt.Sprintf("-parallelism=%d", parallelism)
	tf.run("apply", "-auto-approve", "-input=false", "-no-color", par)

	var state struct {
		Resources []struct {
			Type      string
			Instances []struct {
				Attributes struct {
					ID     string `json:"id"`
					Status string `json:"status"`
				}
			}
		}
	}
	data, err := os.ReadFile(filepath.Join(tf.dir, "terraform.tfstate"))
	if err == nil {
		err = json.Unmarshal(data, &state)
	}
	if err != nil {
		t.Fatalf("reading the state: %v", err)
	}
	ids := map[string]bool{}
	for _, r := range state.Resources {
		for _, in := range r.Instances {
			if p, ok := sb.PayGetPayment(in.Attributes.ID); !ok || p.Status != "Pending" {
				t.Errorf("payment %q in state is %+v in the sandbox, want Pending", in.Attributes.ID, p)
			}
			ids[in.Attributes.ID] = true
		}
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
	flight := newInFlight(sb)
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
