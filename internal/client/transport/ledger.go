package transport

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofrs/flock"
)

const (
	ledgerVersion = 1
	// defaultLockTimeout bounds the wait for another process's hold on the
	// ledger, which lasts a read and a write of a small file.
	defaultLockTimeout = time.Second
	lockRetry          = 5 * time.Millisecond
)

// ledger is the file through which processes share one pacing window. It
// is <dir>/<account>.json, where account is the SHA-256 of the host and the
// API key (never the key itself), and holds the send times of the latest
// requests and nothing else. <account>.lock is locked while it is read and
// written.
type ledger struct {
	dir, account string
	dirErr       error // why there is no directory
	lockTimeout  time.Duration
	// maxBytes bounds what is read: room for the limit's timestamps. A
	// larger file is damaged, and never read whole.
	maxBytes int64
}

// ledgerFile is the file's content; Sent holds Unix nanoseconds.
type ledgerFile struct {
	Version int     `json:"version"`
	Account string  `json:"account"`
	Sent    []int64 `json:"sent"`
}

// newLedger names the ledger of key on host under dir, by default
// <user cache directory>/terraform-provider-indopay/pacing, for a window of
// at most limit requests.
func newLedger(dir, host, key string, limit int) *ledger {
	sum := sha256.Sum256([]byte(strings.ToLower(host) + "\n" + key))
	l := &ledger{
		dir: dir, account: hex.EncodeToString(sum[:]), lockTimeout: defaultLockTimeout,
		maxBytes: 1024 + 24*int64(limit), // the header, then at most 20 digits and a comma per timestamp
	}
	if dir == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			l.dirErr = fmt.Errorf("no cache directory for the pacing ledger: %w", err)
		}
		l.dir = filepath.Join(cache, "terraform-provider-indopay", "pacing")
	}
	return l
}

func (l *ledger) path() string     { return filepath.Join(l.dir, l.account+".json") }
func (l *ledger) lockPath() string { return filepath.Join(l.dir, l.account+".lock") }

// update locks the ledger, reads it and writes back what fn returns. A file
// that cannot be parsed reaches fn as empty, is overwritten, and is
// reported as damaged; any other failure is err.
func (l *ledger) update(ctx context.Context, fn func(sent []time.Time) []time.Time) (damaged, err error) {
	if l.dirErr != nil {
		return nil, l.dirErr
	}
	if err := os.MkdirAll(l.dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating the pacing ledger's directory: %w", err)
	}
	lock := flock.New(l.lockPath())
	lctx, cancel := context.WithTimeout(ctx, l.lockTimeout)
	locked, err := lock.TryLockContext(lctx, lockRetry)
	cancel()
	switch {
	case locked:
		defer func() { _ = lock.Unlock() }()
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case err == nil || errors.Is(err, context.DeadlineExceeded):
		return nil, fmt.Errorf("the pacing ledger %s stayed locked for %s", l.path(), l.lockTimeout)
	default:
		return nil, fmt.Errorf("locking the pacing ledger: %w", err)
	}

	sent, err := l.read()
	if errors.As(err, new(*damagedError)) {
		damaged, err = err, nil
	}
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(l.path(), formatLedger(l.account, fn(sent)), 0o600); err != nil {
		return damaged, fmt.Errorf("writing the pacing ledger: %w", err)
	}
	return damaged, nil
}

// read returns the ledger's timestamps; a missing file holds none.
func (l *ledger) read() ([]time.Time, error) {
	f, err := os.Open(l.path())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the pacing ledger: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, l.maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading the pacing ledger: %w", err)
	}
	if int64(len(data)) > l.maxBytes {
		return nil, &damagedError{path: l.path(), err: fmt.Errorf("larger than %d bytes", l.maxBytes)}
	}
	sent, err := parseLedger(data, l.account)
	if err != nil {
		return nil, &damagedError{path: l.path(), err: err}
	}
	return sent, nil
}

// parseLedger reads a ledger file's content. Any timestamp is accepted:
// the pacer drops those outside its window.
func parseLedger(data []byte, account string) ([]time.Time, error) {
	var f ledgerFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, err
	}
	switch {
	case f.Version != ledgerVersion:
		return nil, fmt.Errorf("version %d, want %d", f.Version, ledgerVersion)
	case f.Account != account:
		return nil, errors.New("it belongs to another account")
	}
	sent := make([]time.Time, len(f.Sent))
	for i, ns := range f.Sent {
		sent[i] = time.Unix(0, ns)
	}
	return sent, nil
}

func formatLedger(account string, sent []time.Time) []byte {
	f := ledgerFile{Version: ledgerVersion, Account: account, Sent: make([]int64, len(sent))}
	for i, t := range sent {
		f.Sent[i] = t.UnixNano()
	}
	data, _ := json.Marshal(f) // of ints and strings: cannot fail
	return append(data, '\n')
}

// damagedError is a ledger file that cannot be parsed: garbage, cut off by
// a crash, or too large.
type damagedError struct {
	path string
	err  error
}

func (e *damagedError) Error() string {
	return fmt.Sprintf("the pacing ledger %s is damaged (%v)", e.path, e.err)
}

func (e *damagedError) Unwrap() error { return e.err }
