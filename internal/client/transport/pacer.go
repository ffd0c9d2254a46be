package transport

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

const (
	// DefaultPacingWindow is the window Config.RequestsPerMinute counts in.
	DefaultPacingWindow = time.Minute
	// pacingMargin lengthens the window the client counts in: the server
	// counts a request when it arrives, a little after it left, and a request
	// slowed on its way (a new connection's handshake) must not land in the
	// same server window as one sent a full window after it.
	pacingMargin = time.Second
)

// pacer is a sliding window: any window holds at most limit requests,
// counted when they leave. While the window has room a request goes at
// once; otherwise it waits until the oldest request in the window leaves
// it. The window is shared through a ledger file with every process on the
// machine that talks to the same host with the same account; when the
// ledger cannot be used, the pacer counts this process's requests only and
// says why in one debug line.
type pacer struct {
	limit  int
	window time.Duration // including pacingMargin
	host   string        // for the log line of a wait
	ledger *ledger
	logger Logger
	now    func() time.Time
	sleep  func(ctx context.Context, d time.Duration) error

	mu       sync.Mutex
	own      []time.Time // this process's requests in the window, oldest first
	lastNote string      // the ledger problem last logged; "" while the ledger works
}

func newPacer(limit int, window time.Duration, host string, l *ledger, logger Logger) *pacer {
	return &pacer{
		limit: limit, window: window + pacingMargin, host: host, ledger: l, logger: logger,
		now: time.Now, sleep: sleepCtx,
	}
}

// wait returns once a request may go, having counted it, and how long it
// slept waiting for room. A wait that would outlast ctx's deadline fails at
// once, with nothing counted. The first sleep is logged at INFO, since a
// command that waits for the window looks hung otherwise, and every sleep
// is added to the pacingWaits that ctx carries, if any.
func (p *pacer) wait(ctx context.Context) (time.Duration, error) {
	// waited counts only the sleeps for room, not the ledger's bookkeeping
	// (a file lock on a busy machine), so a request that found room at once
	// reports no wait.
	var waited time.Duration
	waits := pacingWaitsFrom(ctx)
	for slept := false; ; slept = true {
		d, err := p.reserve(ctx)
		if err != nil {
			return 0, err
		}
		if d == 0 {
			return waited, nil
		}
		if deadline, ok := ctx.Deadline(); ok && p.now().Add(d).After(deadline) {
			return 0, &limitError{err: fmt.Errorf("the window has room again in %s, after the deadline", d.Round(time.Millisecond))}
		}
		if !slept {
			p.logger.Info(ctx, fmt.Sprintf("Waiting %s for room in the client-side pacing window: it is full "+
				"(%d requests to %s in any %s)", FormatDuration(d.Round(time.Second)), p.limit, p.host,
				FormatDuration(p.window)), map[string]any{"wait_ms": d.Milliseconds(), "limit": p.limit})
		}
		start := p.now()
		waits.start(start)
		err = p.sleep(ctx, d)
		end := p.now()
		waits.stop(end)
		if err != nil {
			return 0, err
		}
		waited += end.Sub(start)
	}
}

// pacingWaits records how long requests sent with one context waited for
// room in the pacing window: the time during which at least one of them
// was waiting, so that requests waiting side by side count once. A caller
// (an operation of the provider) reads it when the requests are done, to
// tell a person why the operation took that long.
type pacingWaits struct {
	mu      sync.Mutex
	waiting int
	since   time.Time
	total   time.Duration
}

type pacingWaitsKey struct{}

// RecordPacingWaits returns a context whose requests add up their waits
// for room in the pacing window, for PacingWaited; ctx itself when it
// already records them.
func RecordPacingWaits(ctx context.Context) context.Context {
	if pacingWaitsFrom(ctx) != nil {
		return ctx
	}
	return context.WithValue(ctx, pacingWaitsKey{}, &pacingWaits{})
}

// PacingWaited is how long requests sent with ctx, made by
// RecordPacingWaits, have waited for room in the pacing window so far; 0
// when ctx records nothing.
func PacingWaited(ctx context.Context) time.Duration {
	w := pacingWaitsFrom(ctx)
	if w == nil {
		return 0
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.total
}

func pacingWaitsFrom(ctx context.Context) *pacingWaits {
	w, _ := ctx.Value(pacingWaitsKey{}).(*pacingWaits)
	return w
}

// start and stop bracket one sleep; a nil w records nothing.
func (w *pacingWaits) start(now time.Time) {
	if w == nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.waiting == 0 {
		w.since = now
	}
	w.waiting++
}

func (w *pacingWaits) stop(now time.Time) {
	if w == nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.waiting--
	if w.waiting == 0 {
		w.total += now.Sub(w.since)
	}
}

// reserve counts a request now and returns 0 when the window has room;
// otherwise it counts nothing and returns how long until it may have. Its
// only error is ctx's.
func (p *pacer) reserve(ctx context.Context) (time.Duration, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var now time.Time
	var wait time.Duration
	future := 0
	damaged, err := p.ledger.update(ctx, func(shared []time.Time) []time.Time {
		// The time is read under the ledger's lock, after every timestamp
		// another process wrote: a later one is not a real request.
		now = p.clock()
		for _, t := range shared {
			if t.After(now) {
				future++
			}
		}
		// This process's own requests join the ledger's: those counted while
		// the ledger could not be used, or before the file was removed.
		at := p.inWindow(union(p.inWindow(shared, now), p.own), now)
		if wait = p.untilRoom(at, now); wait == 0 {
			at = append(at, now)
		}
		return at
	})
	switch {
	case err != nil && ctx.Err() != nil:
		return 0, ctx.Err()
	case err != nil:
		now = p.clock()
		p.note(ctx, "Client-side pacing counts this process's requests only: "+err.Error())
		p.own = p.inWindow(p.own, now)
		wait = p.untilRoom(p.own, now)
	case damaged != nil:
		p.note(ctx, "Client-side pacing counts this process's requests only and starts the ledger afresh: "+damaged.Error())
	case future > 0:
		p.note(ctx, fmt.Sprintf("Client-side pacing ignores %d timestamps later than now in the ledger %s (was the clock set back?)", future, p.ledger.path()))
	default:
		p.lastNote = ""
	}
	p.own = p.inWindow(p.own, now)
	if wait == 0 {
		p.own = append(p.own, now)
	}
	return wait, nil
}

// clock is the time the pacer counts with: the wall clock only, without
// Go's monotonic reading, since the ledger is shared between processes.
func (p *pacer) clock() time.Time { return p.now().Round(0) }

// inWindow returns the timestamps of at within the window that ends at now,
// oldest first, and at most limit of them: the newest, the only ones
// untilRoom looks at. Timestamps after now (a clock set back, a damaged
// ledger) are dropped. at is reused.
func (p *pacer) inWindow(at []time.Time, now time.Time) []time.Time {
	start := now.Add(-p.window)
	at = slices.DeleteFunc(at, func(t time.Time) bool { return !t.After(start) || t.After(now) })
	slices.SortFunc(at, time.Time.Compare)
	if len(at) > p.limit {
		at = at[len(at)-p.limit:]
	}
	return at
}

// union merges two sorted lists of requests, of which a request this
// process sent is usually in both: a timestamp in both counts once for each
// time the list with more of it holds it.
func union(a, b []time.Time) []time.Time {
	out := make([]time.Time, 0, len(a)+len(b))
	for len(a) > 0 || len(b) > 0 {
		switch {
		case len(b) == 0 || len(a) > 0 && a[0].Before(b[0]):
			out, a = append(out, a[0]), a[1:]
		case len(a) == 0 || b[0].Before(a[0]):
			out, b = append(out, b[0]), b[1:]
		default: // the same request in both
			out, a, b = append(out, a[0]), a[1:], b[1:]
		}
	}
	return out
}

// untilRoom is 0 when at (from inWindow) leaves room for a request at now,
// or how long until its oldest request leaves the window.
func (p *pacer) untilRoom(at []time.Time, now time.Time) time.Duration {
	if len(at) < p.limit {
		return 0
	}
	return at[0].Add(p.window).Sub(now)
}

// note logs why the ledger was not used as it was, once for a run of
// requests that meet the same problem.
func (p *pacer) note(ctx context.Context, msg string) {
	if msg == p.lastNote {
		return
	}
	p.lastNote = msg
	p.logger.Debug(ctx, msg, nil)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
