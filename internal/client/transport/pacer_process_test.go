package transport_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport/transporttest"
	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// pacingHelperEnv makes the test binary a helper process that sends Mayar
// requests through a paced client (see pacingHelper) instead of running
// tests.
const pacingHelperEnv = "INDOPAY_TEST_PACING_HELPER"

func TestMain(m *testing.M) {
	if os.Getenv(pacingHelperEnv) != "" {
		os.Exit(pacingHelper())
	}
	os.Exit(m.Run())
}

// Helper processes' settings, passed in their environment.
const (
	helperProcesses = 8
	helperRequests  = 3 // per process, all at once
	helperLimit     = 6
	helperWindow    = 500 * time.Millisecond
)

// pacingHelper sends helperRequests at once to the sandbox at
// INDOPAY_TEST_PACING_URL through one client paced at helperLimit per
// helperWindow, with its ledger in INDOPAY_TEST_PACING_DIR.
func pacingHelper() int {
	c, err := transport.New(transport.Config{
		BaseURL:           os.Getenv("INDOPAY_TEST_PACING_URL"),
		RequestsPerMinute: helperLimit,
		PacingWindow:      helperWindow,
		PacingDir:         os.Getenv("INDOPAY_TEST_PACING_DIR"),
		PacingAccount:     sandbox.MayarKey,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	failed := 0
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range helperRequests {
		wg.Go(func() {
			req := get("/hl/v2/balances")
			req.Header = http.Header{"Authorization": {"Bearer " + sandbox.MayarKey}}
			resp, err := c.Do(ctx, req)
			if err == nil && resp.StatusCode != http.StatusOK {
				err = fmt.Errorf("HTTP %d: %s", resp.StatusCode, resp.Body)
			}
			if err != nil {
				mu.Lock()
				failed++
				mu.Unlock()
				fmt.Fprintln(os.Stderr, err)
			}
		})
	}
	wg.Wait()
	return failed
}

// Eight processes pace the same key against one sandbox that enforces the
// same limit: the sandbox's log shows no window with more than the limit
// (so it never answered 429), and the ledger they shared is still a valid
// file.
func TestPacingAcrossProcesses(t *testing.T) {
	sb := sandbox.New(sandbox.Options{MayarRateLimit: helperLimit, MayarRateWindow: helperWindow})
	srv := httptest.NewServer(sb)
	defer srv.Close()
	dir := t.TempDir()

	var wg sync.WaitGroup
	outputs := make([][]byte, helperProcesses)
	errs := make([]error, helperProcesses)
	for i := range helperProcesses {
		wg.Go(func() {
			cmd := exec.Command(os.Args[0], "-test.run=^$") //nolint:gosec // the test binary, run again as a helper
			cmd.Env = append(os.Environ(), pacingHelperEnv+"=1",
				"INDOPAY_TEST_PACING_URL="+srv.URL, "INDOPAY_TEST_PACING_DIR="+dir)
			outputs[i], errs[i] = cmd.CombinedOutput()
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("helper %d: %v\n%s", i+1, err, outputs[i])
		}
	}

	var at []time.Time
	for _, r := range sb.Requests() {
		at = append(at, r.At)
	}
	slices.SortFunc(at, time.Time.Compare)
	if got, want := len(at), helperProcesses*helperRequests; got != want {
		t.Fatalf("the sandbox saw %d requests, want %d", got, want)
	}
	most := transporttest.MostInWindow(at, helperWindow)
	if most > helperLimit || sb.RateLimited() > 0 {
		t.Errorf("%d requests in one %v window (limit %d); %d answered 429", most, helperWindow, helperLimit, sb.RateLimited())
	}
	host := srv.Listener.Addr().String()
	sent, err := transport.ReadLedger(dir, host, sandbox.MayarKey, helperLimit)
	if err != nil || len(sent) == 0 || len(sent) > helperLimit {
		t.Errorf("the ledger holds %d timestamps (%v), want 1 to %d", len(sent), err, helperLimit)
	}
	t.Logf("%d processes sent %d requests in %v; at most %d in any %v window (limit %d), %d answered 429",
		helperProcesses, len(at), at[len(at)-1].Sub(at[0]), most, helperWindow, helperLimit, sb.RateLimited())
}
