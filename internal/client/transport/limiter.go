package transport

import (
	"time"

	"golang.org/x/time/rate"
)

// newLimiter paces requests so that no 60-second window ever holds more than
// perMinute of them, and no shorter window more than its share.
//
// A token bucket with burst b and refill interval i lets through at most
// b + floor(T/i) requests in any window of length T (a full bucket at the
// window's start, then one per refill). The obvious rate.Every(60s/N) with
// burst 1 therefore allows N+1 in a closed 60 s window (at 0, 60/N, ...,
// 60 s), and any larger burst allows more still: a server counting a sliding
// window of 60 s would answer the last one with 429. With burst 1 and an
// interval of 60s/(N-1) the count is 1 + (N-1) = N, and the spare interval
// also absorbs a request that travels faster than the one before it. For
// N = 1 there is nothing to subtract: one request, the next a full minute
// later (a sliding-window server counts the half-open window (t-60s, t], in
// which that is one request).
func newLimiter(perMinute int) *rate.Limiter {
	if perMinute <= 0 {
		return nil
	}
	return rate.NewLimiter(rate.Every(limiterInterval(perMinute)), 1)
}

func limiterInterval(perMinute int) time.Duration {
	if perMinute == 1 {
		return time.Minute
	}
	return time.Minute / time.Duration(perMinute-1)
}
