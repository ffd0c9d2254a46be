package transport_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofrs/flock"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport/transporttest"
)

const (
	pacedHost = "api.mayar.id"
	pacedKey  = "mayar_secret_key_0001"
)

// fakeClock is a pacer's clock in unit tests: a sleep moves it on at once.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

// newFakeClock starts at the real time, so that the deadlines of contexts
// (on the real clock) mean the same on it.
func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Now().Round(0)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return ctx.Err()
}

func newFakePacer(t *testing.T, clock *fakeClock, limit int, dir, key string, logger transport.Logger) transport.Pacer {
	t.Helper()
	return transport.NewPacer(limit, time.Minute, dir, pacedHost, key, logger, clock.Now, clock.Sleep)
}

// send lets one request through p and returns when it went.
func send(t *testing.T, p transport.Pacer, clock *fakeClock) time.Time {
	t.Helper()
	if _, err := p.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	return clock.Now()
}

// A caller that sends as fast as the pacer allows: the first N go at once,
// the next when the first leaves the window (one minute and the margin
// later), and no minute ever holds more than N.
func TestPacerWindow(t *testing.T) {
	for _, n := range []int{1, 2, 3, 5, 20, 60} {
		clock := newFakeClock()
		start := clock.Now()
		p := newFakePacer(t, clock, n, t.TempDir(), pacedKey, nil)
		var at []time.Time
		for range 3*n + 3 {
			at = append(at, send(t, p, clock))
		}
		for i := range n {
			if !at[i].Equal(start) {
				t.Fatalf("N=%d: request %d waited %v; a burst of N goes at once", n, i+1, at[i].Sub(start))
			}
		}
		if got, want := at[n].Sub(start), time.Minute+transport.PacingMargin; got != want {
			t.Errorf("N=%d: request %d went after %v, want %v", n, n+1, got, want)
		}
		if most := transporttest.MostInWindow(at, time.Minute); most > n {
			t.Errorf("N=%d: %d requests in one minute", n, most)
		}
	}
}

// Two pacers with the same host and key (two provider processes) share one
// window through the ledger; another key has a window of its own.
func TestPacerSharedWindow(t *testing.T) {
	const n = 5
	dir := t.TempDir()
	clock := newFakeClock()
	start := clock.Now()
	a := newFakePacer(t, clock, n, dir, pacedKey, nil)
	b := newFakePacer(t, clock, n, dir, pacedKey, nil)
	var at []time.Time
	for i := range 4 * n {
		p := a
		if i%2 == 1 {
			p = b
		}
		at = append(at, send(t, p, clock))
	}
	if most := transporttest.MostInWindow(at, time.Minute); most > n {
		t.Errorf("%d requests of two pacers in one minute, want at most %d", most, n)
	}
	if !at[n-1].Equal(start) || at[n].Equal(start) {
		t.Errorf("the first %d requests of the two must go at once, and only they: %v", n, at[:n+1])
	}

	other := newFakePacer(t, clock, n, dir, "mayar_other_key_0002", nil)
	before := clock.Now()
	for range n {
		if got := send(t, other, clock); !got.Equal(before) {
			t.Fatalf("another key waited %v for a window that is not its own", got.Sub(before))
		}
	}
}

// A wait longer than ctx allows fails at once, counting nothing; a
// cancelled ctx ends a wait.
func TestPacerWaitAndContext(t *testing.T) {
	clock := newFakeClock()
	dir := t.TempDir()
	p := newFakePacer(t, clock, 1, dir, pacedKey, nil)
	start := send(t, p, clock)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := p.Wait(ctx)
	if err == nil || !strings.Contains(err.Error(), "after the deadline") || !clock.Now().Equal(start) {
		t.Fatalf("got %v at %v; the wait of 61 s is beyond the deadline", err, clock.Now())
	}
	cancelled, cancelNow := context.WithCancel(context.Background())
	cancelNow()
	if _, err := p.Wait(cancelled); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if sent, err := transport.ReadLedger(dir, pacedHost, pacedKey, 1); err != nil || len(sent) != 1 {
		t.Fatalf("the ledger holds %v (%v), want the one request sent", sent, err)
	}
}

// Every fault of the ledger: the requests still go at once while the window
// has room, the pacer counts at least this process's own requests (the
// fourth of a limit of 3 waits), and one debug line says why.
func TestPacerLedgerFaults(t *testing.T) {
	const n = 3
	account := transport.LedgerAccount(pacedHost, pacedKey)
	ledgerIn := func(dir string) string { return filepath.Join(dir, account+".json") }
	write := func(t *testing.T, path string, data []byte) {
		t.Helper()
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	recent := []time.Time{newFakeClock().now.Add(-time.Second)}
	valid := transport.FormatLedger(account, recent)

	tests := []struct {
		name string
		// setup prepares dir and returns the pacing directory to use.
		setup func(t *testing.T, dir string) string
		log   string // in the one debug line
		// repaired: the ledger is a valid file again afterwards, and the
		// pacer uses it.
		repaired bool
	}{
		{"garbage", func(t *testing.T, dir string) string {
			write(t, ledgerIn(dir), []byte("\x00\xff{not json at all"))
			return dir
		}, "is damaged (invalid character", true},
		{"truncated", func(t *testing.T, dir string) string {
			write(t, ledgerIn(dir), valid[:len(valid)/2])
			return dir
		}, "is damaged (unexpected end of JSON input)", true},
		{"another account", func(t *testing.T, dir string) string {
			write(t, ledgerIn(dir), transport.FormatLedger(transport.LedgerAccount(pacedHost, "another"), recent))
			return dir
		}, "is damaged (it belongs to another account)", true},
		{"another version", func(t *testing.T, dir string) string {
			write(t, ledgerIn(dir), []byte(`{"version":2,"account":"`+account+`","sent":[]}`))
			return dir
		}, "is damaged (version 2, want 1)", true},
		{"timestamps in the future", func(t *testing.T, dir string) string {
			later := newFakeClock().now.Add(time.Hour)
			write(t, ledgerIn(dir), transport.FormatLedger(account, []time.Time{later, later, later.Add(time.Hour)}))
			return dir
		}, "ignores 3 timestamps later than now", true},
		{"huge", func(t *testing.T, dir string) string {
			write(t, ledgerIn(dir), append(valid, make([]byte, 8<<20)...))
			return dir
		}, "is damaged (larger than", true},
		{"endless", func(t *testing.T, dir string) string {
			// Read whole, /dev/zero would never end.
			if err := os.Symlink("/dev/zero", ledgerIn(dir)); err != nil {
				t.Fatal(err)
			}
			return dir
		}, "is damaged (larger than", false},
		{"directory cannot be created", func(t *testing.T, dir string) string {
			write(t, filepath.Join(dir, "file"), nil)
			return filepath.Join(dir, "file", "pacing")
		}, "creating the pacing ledger's directory", false},
		{"ledger cannot be read or written", func(t *testing.T, dir string) string {
			if err := os.Mkdir(ledgerIn(dir), 0o700); err != nil {
				t.Fatal(err)
			}
			return dir
		}, "reading the pacing ledger", false},
		{"lock cannot be created", func(t *testing.T, dir string) string {
			if err := os.Mkdir(filepath.Join(dir, account+".lock"), 0o700); err != nil {
				t.Fatal(err)
			}
			return dir
		}, "locking the pacing ledger", false},
		{"lock held by another process", func(t *testing.T, dir string) string {
			other := flock.New(filepath.Join(dir, account+".lock"))
			if err := other.Lock(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = other.Unlock() })
			return dir
		}, "stayed locked for 1s", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if tc.name == "endless" {
				if _, err := os.Stat("/dev/zero"); err != nil {
					t.Skip("no /dev/zero here")
				}
			}
			clock := newFakeClock()
			start := clock.Now()
			logger := &transporttest.Logger{}
			pacingDir := tc.setup(t, t.TempDir())
			p := newFakePacer(t, clock, n, pacingDir, pacedKey, logger)
			for i := range n {
				if got := send(t, p, clock); !got.Equal(start) {
					t.Fatalf("request %d waited %v", i+1, got.Sub(start))
				}
			}
			if tc.repaired {
				sent, err := transport.ReadLedger(pacingDir, pacedHost, pacedKey, n)
				if err != nil || len(sent) != n {
					t.Errorf("the ledger afterwards holds %v (%v), want the %d requests", sent, err, n)
				}
			}
			if got, want := send(t, p, clock).Sub(start), time.Minute+transport.PacingMargin; got != want {
				t.Errorf("request %d went after %v, want %v: the pacer must count its own requests", n+1, got, want)
			}
			lines := logger.Lines("debug")
			if len(lines) != 1 || !strings.Contains(lines[0].Msg, tc.log) {
				t.Fatalf("want one debug line with %q, got:\n%s", tc.log, logger.Text())
			}
		})
	}
}

// With no cache directory at all (no HOME, no XDG_CACHE_HOME) a client
// still sends, and paces on its own window.
func TestPacerWithoutCacheDirectory(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", "")
	t.Setenv("HOME", "")
	t.Setenv("LocalAppData", "")
	if dir, err := os.UserCacheDir(); err == nil {
		t.Fatalf("os.UserCacheDir still finds %s", dir)
	}
	clock := newFakeClock()
	start := clock.Now()
	logger := &transporttest.Logger{}
	p := newFakePacer(t, clock, 2, "", pacedKey, logger)
	for range 3 {
		send(t, p, clock)
	}
	if got := clock.Now().Sub(start); got != time.Minute+transport.PacingMargin {
		t.Errorf("the third request went after %v", got)
	}
	if lines := logger.Lines("debug"); len(lines) != 1 || !strings.Contains(lines[0].Msg, "no cache directory for the pacing ledger") {
		t.Errorf("log:\n%s", logger.Text())
	}
}

// The ledger holds timestamps and a hash: neither key, and not the host,
// appears in its name or content; each key has its own file.
func TestLedgerHoldsNoKey(t *testing.T) {
	dir := t.TempDir()
	keys := []string{"mayar_secret_key_0001", "mayar_secret_key_0002"}
	for _, key := range keys {
		srv := &transporttest.Server{}
		c, _ := newTestClient(t, srv, transport.Config{RequestsPerMinute: 20, PacingDir: dir, PacingAccount: key})
		for range 2 {
			if _, err := c.Do(context.Background(), get("/hl/v2/balances")); err != nil {
				t.Fatal(err)
			}
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var ledgers int
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, secret := range append(keys, "127.0.0.1") {
			if strings.Contains(e.Name(), secret) || strings.Contains(string(data), secret) {
				t.Errorf("%s holds %q:\n%s", e.Name(), secret, data)
			}
		}
		if strings.HasSuffix(e.Name(), ".json") {
			ledgers++
			if !strings.HasPrefix(string(data), `{"version":1,"account":"`) {
				t.Errorf("%s: %s", e.Name(), data)
			}
		}
	}
	if ledgers != len(keys) {
		t.Errorf("%d ledgers for %d keys: %v", ledgers, len(keys), entries)
	}
}

// The pacer through a client over real HTTP: a burst of N goes without
// waiting (the window is an hour, so any wait would be far beyond the
// context), and request N+1, whose wait is beyond the context's deadline,
// fails at once without being sent.
func TestPacingBurstThroughClient(t *testing.T) {
	const n = 4
	srv := &transporttest.Server{}
	c, _ := newTestClient(t, srv, transport.Config{RequestsPerMinute: n, PacingWindow: time.Hour, PacingDir: t.TempDir()})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			if _, err := c.Do(ctx, get("/hl/v2/balances")); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	_, err := c.Do(ctx, get("/hl/v2/balances"))
	if err == nil || !strings.Contains(err.Error(), "waiting for the client-side pacing window") || srv.Count() != n {
		t.Fatalf("got %v after %d requests, want a pacing error after %d", err, srv.Count(), n)
	}
}

// The wait for room comes before the attempt's timeout starts, and the
// attempt's log line says how long it waited.
func TestPacingWaitIsNotPartOfTheTimeout(t *testing.T) {
	srv := &transporttest.Server{}
	logger := &transporttest.Logger{}
	c, _ := newTestClient(t, srv, transport.Config{
		RequestsPerMinute: 1, PacingWindow: 100 * time.Millisecond, PacingDir: t.TempDir(),
		Timeout: 250 * time.Millisecond, Logger: logger,
	})
	for i := range 2 {
		if _, err := c.Do(context.Background(), get("/hl/v2/balances")); err != nil {
			t.Fatalf("request %d: %v", i+1, err)
		}
	}
	lines := logger.Lines("debug")
	if len(lines) != 2 || lines[1].Fields["paced_ms"] == nil || lines[0].Fields["paced_ms"] != nil {
		t.Fatalf("want paced_ms on the second line only:\n%s", logger.Text())
	}
}

// A request that waits for room says so at INFO when the wait starts, and
// adds the wait to the PacingWaits its context carries; one that finds
// room at once logs nothing and adds nothing.
func TestPacingWaitsRecorded(t *testing.T) {
	clock := newFakeClock()
	logger := &transporttest.Logger{}
	p := newFakePacer(t, clock, 1, t.TempDir(), pacedKey, logger)
	ctx := transport.RecordPacingWaits(context.Background())
	if again := transport.RecordPacingWaits(ctx); again != ctx {
		t.Fatal("a context that records pacing waits got a second record")
	}
	if _, err := p.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if got := transport.PacingWaited(ctx); got != 0 || len(logger.Lines("")) != 0 {
		t.Fatalf("a request with room waited %v and logged:\n%s", got, logger.Text())
	}
	for range 2 {
		if _, err := p.Wait(ctx); err != nil {
			t.Fatal(err)
		}
	}
	window := time.Minute + transport.PacingMargin
	if got := transport.PacingWaited(ctx); got != 2*window {
		t.Errorf("two waits for room recorded %v, want %v", got, 2*window)
	}
	lines := logger.Lines("")
	if len(lines) != 2 || lines[0].Level != "info" ||
		lines[0].Msg != "Waiting 1m1s for room in the client-side pacing window: it is full (1 requests to "+pacedHost+" in any 1m1s)" {
		t.Fatalf("want one INFO line per wait:\n%s", logger.Text())
	}
	if got := transport.PacingWaited(context.Background()); got != 0 {
		t.Errorf("a context that records nothing reports %v", got)
	}
}

// requests_per_minute = 0: no pacing, and no ledger written.
func TestPacingOff(t *testing.T) {
	dir := t.TempDir()
	srv := &transporttest.Server{}
	c, _ := newTestClient(t, srv, transport.Config{PacingDir: dir, PacingAccount: pacedKey})
	for range 30 {
		if _, err := c.Do(context.Background(), get("/hl/v2/balances")); err != nil {
			t.Fatal(err)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("pacing off wrote %v", entries)
	}
}
