package sandbox

import "time"

// rateLimiter is Mayar's documented limit (20 requests per minute per IP)
// as a sliding window: a request is admitted when fewer than limit requests
// of the same IP were admitted within the window before it. Rejected
// requests are not counted, so a client that waits Retry-After gets in.
type rateLimiter struct {
	limit  int
	window time.Duration
	hits   map[string][]time.Time // admitted requests per IP, oldest first
}

// configure sets the limit and forgets every request counted so far.
func (l *rateLimiter) configure(limit int, window time.Duration) {
	if window <= 0 {
		window = defaultMayarRateWindow
	}
	l.limit, l.window = limit, window
	l.hits = make(map[string][]time.Time)
}

// admit counts a request of ip at now, or tells how long until the oldest
// request in the window leaves it.
func (l *rateLimiter) admit(ip string, now time.Time) (retryAfter time.Duration, ok bool) {
	if l.limit <= 0 {
		return 0, true
	}
	hits := l.hits[ip]
	start := now.Add(-l.window)
	i := 0
	for i < len(hits) && !hits[i].After(start) {
		i++
	}
	hits = hits[i:]
	if len(hits) >= l.limit {
		l.hits[ip] = hits
		return hits[0].Add(l.window).Sub(now), false
	}
	l.hits[ip] = append(hits, now)
	return 0, true
}
