package provider_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport/transporttest"
	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// Mayar pacing with the real Terraform CLI. Each command Terraform runs
// configures a provider of its own (as separate processes do outside
// tests), so requests of one command are counted for the next only through
// the pacing ledger. The provider keeps requests_per_minute at its default
// of 20; the sandbox enforces 20 in a window shortened for the tests, and
// the provider paces in the same window (plus its margin of a second).

func mayarBalancesConfig(n int) string {
	return fmt.Sprintf("data \"indopay_mayar_balance\" \"b\" {\n  count = %d\n}\n", n)
}

// ledgerTimestamps reads the one pacing ledger in dir.
func ledgerTimestamps(t *testing.T, dir string) []int64 {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) != 1 {
		t.Fatalf("pacing ledgers in %s: %v (%v), want one", dir, files, err)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	var ledger struct {
		Sent []int64 `json:"sent"`
	}
	if err := json.Unmarshal(data, &ledger); err != nil {
		t.Fatalf("the ledger does not parse: %v\n%s", err, data)
	}
	return ledger.Sent
}

// A configuration of 4 requests never waits. The window is an hour, so a
// wait of any pacing would show as minutes between requests (an interval
// limiter spaces 20 requests an hour 3 minutes apart); all 12 requests of
// the step's three commands arrive within a minute, and the ledger counted
// every one of them.
func TestAccMayarPacing_fewRequestsGoAtOnce(t *testing.T) {
	const window = time.Hour
	sb := newTestSandbox(t, sandbox.Options{MayarRateLimit: 20, MayarRateWindow: window})
	dir := t.TempDir()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: pacedFactories(dir, window),
		Steps: []resource.TestStep{{
			Config: sb.providerBlock(defaultPacing) + mayarBalancesConfig(4),
		}},
	})
	at := arrivals(sb)
	if want := 4 * mayarReadsPerStep; len(at) != want || sb.RateLimited() != 0 {
		t.Fatalf("the sandbox saw %d requests (%d answered 429), want %d", len(at), sb.RateLimited(), want)
	}
	if span := at[len(at)-1].Sub(at[0]); span > time.Minute {
		t.Errorf("the requests spanned %v: some waited for the pacing window", span)
	}
	if got := len(ledgerTimestamps(t, dir)); got != len(at) {
		t.Errorf("the ledger holds %d requests, want the %d of the three commands", got, len(at))
	}
}

// Two Terraform commands in a row (a plan-only step: a plan, then a
// refreshing plan) that need 15 requests each: the second finds 15 of the
// window's 20 taken and waits for the first command's requests to leave
// it, so the sandbox answers no 429 and no window holds more than 20.
func TestAccMayarPacing_commandsInARow(t *testing.T) {
	const window = 10 * time.Second
	sb := newTestSandbox(t, sandbox.Options{MayarRateLimit: 20, MayarRateWindow: window})
	dir := t.TempDir()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: pacedFactories(dir, window),
		Steps: []resource.TestStep{{
			Config:   sb.providerBlock(defaultPacing) + mayarBalancesConfig(15),
			PlanOnly: true,
		}},
	})
	at := arrivals(sb)
	if len(at) != 30 || sb.RateLimited() != 0 {
		t.Fatalf("the sandbox saw %d requests (%d answered 429), want 30 and none", len(at), sb.RateLimited())
	}
	if most := transporttest.MostInWindow(at, window); most > 20 {
		t.Errorf("%d requests in one window of %v, want at most 20", most, window)
	}
	t.Logf("request 21 came %v after request 1", at[20].Sub(at[0]))
	if got := len(ledgerTimestamps(t, dir)); got == 0 || got > 20 {
		t.Errorf("the ledger holds %d timestamps, want 1 to 20", got)
	}
}

// 30 data sources that Terraform reads in parallel (10 at a time), in each
// of a plan-only step's two commands: no window holds more than 20.
func TestAccMayarPacing_parallelDataSources(t *testing.T) {
	const window = 3 * time.Second
	sb := newTestSandbox(t, sandbox.Options{MayarRateLimit: 20, MayarRateWindow: window})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: pacedFactories(t.TempDir(), window),
		Steps: []resource.TestStep{{
			Config:   sb.providerBlock(defaultPacing) + mayarBalancesConfig(30),
			PlanOnly: true,
		}},
	})
	at := arrivals(sb)
	if len(at) != 60 || sb.RateLimited() != 0 {
		t.Fatalf("the sandbox saw %d requests (%d answered 429), want 60 and none", len(at), sb.RateLimited())
	}
	if most := transporttest.MostInWindow(at, window); most > 20 {
		t.Errorf("%d requests in one window of %v, want at most 20", most, window)
	}
}

// Eight `terraform plan`s at once, each with a provider process of its own
// (the built binary, as outside tests), on one Mayar key: the provider's
// default of 20 requests a minute and a sandbox that enforces 20 in any 60
// seconds. The processes see each other only through the pacing ledger in
// the cache directory they share, so 20 of the 24 requests go at once and
// the last 4 wait for the window: no 429, no minute with more than 20, and
// a ledger that parses, holds at most 20 timestamps and neither key.
func TestAccMayarPacing_eightProviderProcesses(t *testing.T) {
	skipUnlessAcceptance(t)
	t.Parallel()
	const processes, perProcess, limit = 8, 3, 20
	sb := newTestSandbox(t, sandbox.Options{MayarRateLimit: limit, MayarRateWindow: time.Minute})
	cache := t.TempDir()
	tf := newTerraformCLI(t, cliRequiredProviders+sb.providerBlock(defaultPacing)+mayarBalancesConfig(perProcess),
		"XDG_CACHE_HOME="+cache)

	var wg sync.WaitGroup
	outputs := make([][]byte, processes)
	errs := make([]error, processes)
	for i := range processes {
		wg.Go(func() {
			// -lock=false: the plans only read, and share one working directory.
			cmd := exec.Command(tf.path, "plan", "-lock=false", "-input=false", "-no-color") //nolint:gosec // the CLI under test
			cmd.Dir = tf.dir
			cmd.Env = append(append([]string{}, tf.env...), "TF_LOG=", "TF_LOG_PATH=")
			outputs[i], errs[i] = cmd.CombinedOutput()
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("plan %d: %v\n%s", i+1, err, outputs[i])
		}
	}

	at := arrivals(sb)
	if len(at) != processes*perProcess || sb.RateLimited() != 0 {
		t.Fatalf("the sandbox saw %d requests (%d answered 429), want %d and none", len(at), sb.RateLimited(), processes*perProcess)
	}
	most := transporttest.MostInWindow(at, time.Minute)
	if most > limit {
		t.Errorf("%d requests in one minute, want at most %d", most, limit)
	}
	if wait := at[limit].Sub(at[0]); wait < time.Minute {
		t.Errorf("request %d came %v after request 1, want a minute or more", limit+1, wait)
	}
	dir := filepath.Join(cache, "terraform-provider-indopay", "pacing")
	if got := len(ledgerTimestamps(t, dir)); got == 0 || got > limit {
		t.Errorf("the ledger holds %d timestamps, want 1 to %d", got, limit)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, key := range []string{sandbox.MayarKey, sandbox.PayGetKey} {
			if strings.Contains(string(data), key) {
				t.Errorf("%s holds a key", f)
			}
		}
	}
	t.Logf("%d provider processes sent %d requests: at most %d in any minute (limit %d), %d answered 429; request %d came %v after request 1",
		processes, len(at), most, limit, sb.RateLimited(), limit+1, at[limit].Sub(at[0]).Round(100*time.Millisecond))
}

// pacingWarning is the warning a command ends with when it waited for room
// in the pacing window, at the default of 20 requests a minute.
var pacingWarning = errorText("Warning: Waited for room in Mayar's request window", "held back Mayar requests for",
	"waiting for room in its pacing window", "at most 20 Mayar requests in any minute (mayar.requests_per_minute)",
	"Mayar allows 20 requests a minute", "Nothing failed", "MAYAR_REQUESTS_PER_MINUTE")

// fillPacingLedger leaves the one pacing ledger under the cache directory
// cache as a provider process that sent 20 requests 45 seconds ago leaves
// it: the next request waits about 16 seconds, for the oldest of them to
// leave the 60-second window.
func fillPacingLedger(t *testing.T, cache string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(cache, "terraform-provider-indopay", "pacing", "*.json"))
	if err != nil || len(files) != 1 {
		t.Fatalf("pacing ledgers: %v (%v), want one", files, err)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	var ledger map[string]any
	if err := json.Unmarshal(data, &ledger); err != nil {
		t.Fatalf("the ledger does not parse: %v\n%s", err, data)
	}
	sent := make([]int64, 20)
	for i := range sent {
		sent[i] = time.Now().Add(-45 * time.Second).UnixNano()
	}
	ledger["sent"] = sent
	if data, err = json.Marshal(ledger); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(files[0], data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// A command that waits for room in the pacing window ends with a warning
// that says how long it waited and why, and logs the wait at INFO when it
// starts; a command that does not wait says neither. The built provider
// with its real 60-second window: after a first plan (3 requests, no wait),
// the ledger is filled as another provider process leaves it
// (fillPacingLedger), so the second plan's requests wait.
func TestAccMayarPacing_waitIsReported(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	t.Parallel()
	sb := newTestSandbox(t, sandbox.Options{MayarRateLimit: 20, MayarRateWindow: time.Minute})
	cache := t.TempDir()
	tf := newTerraformCLI(t, cliRequiredProviders+sb.providerBlock(defaultPacing)+
		"variable \"n\" {\n  type = number\n}\n\ndata \"indopay_mayar_balance\" \"b\" {\n  count = var.n\n}\n",
		"XDG_CACHE_HOME="+cache)
	infoLine := regexp.MustCompile(`\[INFO\] +provider\.terraform-provider-indopay: Waiting \d+s for room in the client-side pacing window: it is full \(20 requests to ` +
		regexp.QuoteMeta(strings.TrimPrefix(sb.URL, "http://")) + ` in any 1m1s\)`)
	plan := func(n int) (out, log string) {
		logPath := filepath.Join(t.TempDir(), "info.log")
		out = tf.runEnv([]string{"TF_LOG=INFO", "TF_LOG_PATH=" + logPath}, false, "plan", "-input=false", "-no-color", fmt.Sprintf("-var=n=%d", n))
		data, err := os.ReadFile(logPath)
		if err != nil {
			t.Fatal(err)
		}
		return out, string(data)
	}

	out, log := plan(3)
	if strings.Contains(out, "Waited for room") || strings.Contains(log, "pacing window") {
		t.Fatalf("a plan of 3 requests, which waits for nothing, said it waited:\n%s", out)
	}
	fillPacingLedger(t, cache)
	out, log = plan(2)
	if !pacingWarning.MatchString(out) {
		t.Fatalf("a plan that waited for the pacing window did not end with the warning:\n%s", out)
	}
	waited := regexp.MustCompile(`held back Mayar requests for (\d+)s`).FindStringSubmatch(out)
	if waited == nil || waited[1] == "0" {
		t.Errorf("the warning does not say how long the plan waited: %v", waited)
	}
	if !infoLine.MatchString(log) {
		t.Errorf("TF_LOG=INFO holds no line for the wait:\n%s", log)
	}
	if n := sb.RateLimited(); n != 0 {
		t.Errorf("the sandbox answered 429 %d times", n)
	}
}

// `terraform query` of the list resource, when the listing waited for
// room in the pacing window, ends with the same warning, also when
// Terraform stops reading at the list block's limit.
func TestAccMayarPacing_queryWaitIsReported(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	requireTerraform(t, "1.14")
	t.Parallel()
	sb := newTestSandbox(t, sandbox.Options{
		MayarRateLimit: 20, MayarRateWindow: time.Minute,
		MayarPayments: sandbox.GenerateMayarPayments(5, time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)),
	})
	cache := t.TempDir()
	tf := newTerraformCLI(t, cliRequiredProviders+sb.providerBlock(defaultPacing)+mayarBalancesConfig(1), "XDG_CACHE_HOME="+cache)
	query := "list \"indopay_mayar_payment_request\" \"some\" {\n  provider = indopay\n  limit    = 2\n}\n"
	if err := os.WriteFile(filepath.Join(tf.dir, "requests.tfquery.hcl"), []byte(query), 0o600); err != nil {
		t.Fatal(err)
	}
	if out := tf.run("plan", "-input=false", "-no-color"); strings.Contains(out, "Waited for room") {
		t.Fatalf("a plan of 1 request said it waited:\n%s", out)
	}
	fillPacingLedger(t, cache)
	out := tf.run("query", "-no-color")
	if !pacingWarning.MatchString(out) || strings.Count(out, "list.indopay_mayar_payment_request.some ") != 2 {
		t.Fatalf("a query that waited for the pacing window did not list 2 requests and end with the warning:\n%s", out)
	}
}
