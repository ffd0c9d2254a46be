package transport

import (
	"context"
	"net/http"
	"time"
)

// SetWaitHook lets tests see every wait the retry loop asks for and replace
// it (usually by 0), so that retries cost no wall time.
func SetWaitHook(c *Client, f func(time.Duration) time.Duration) { c.waitHook = f }

func RetryAfter(resp *http.Response, now time.Time) (time.Duration, bool) {
	return retryAfter(resp, now)
}

func Backoff(c *Client, minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	return c.backoff(minWait, maxWait, attempt, resp)
}

const (
	MaxRetryAfter      = maxRetryAfter
	PacingMargin       = pacingMargin
	DefaultLockTimeout = defaultLockTimeout
)

// Pacer is the pacing window of one client, driven by tests on a clock of
// their own: sleep may advance it instead of waiting.
type Pacer struct{ p *pacer }

func NewPacer(limit int, window time.Duration, dir, host, key string, logger Logger,
	now func() time.Time, sleep func(context.Context, time.Duration) error,
) Pacer {
	p := newPacer(limit, window, host, newLedger(dir, host, key, limit), scrubLogger{next: logger})
	p.now, p.sleep = now, sleep
	return Pacer{p}
}

func (p Pacer) Wait(ctx context.Context) (time.Duration, error) { return p.p.wait(ctx) }

func (p Pacer) SetLockTimeout(d time.Duration) { p.p.ledger.lockTimeout = d }

// LedgerPath is where the pacer's ledger is, and LockPath its lock.
func (p Pacer) LedgerPath() string { return p.p.ledger.path() }

func (p Pacer) LockPath() string { return p.p.ledger.lockPath() }

// ReadLedger reads the ledger of key on host in dir as the pacer does.
func ReadLedger(dir, host, key string, limit int) ([]time.Time, error) {
	return newLedger(dir, host, key, limit).read()
}

func ParseLedger(data []byte, account string) ([]time.Time, error) { return parseLedger(data, account) }

func FormatLedger(account string, sent []time.Time) []byte { return formatLedger(account, sent) }

// LedgerAccount is the name the ledger of key on host goes by.
func LedgerAccount(host, key string) string { return newLedger("x", host, key, 1).account }

// Admit is the pacer's decision for a request at now, given the timestamps
// it knows: the window it keeps, and how long until it has room (0: now).
func Admit(limit int, window time.Duration, sent []time.Time, now time.Time) ([]time.Time, time.Duration) {
	p := &pacer{limit: limit, window: window}
	at := p.inWindow(sent, now)
	return at, p.untilRoom(at, now)
}
