package transport

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// checkRetry is the retryablehttp.CheckRetry policy; the request's
// callState says whether it is idempotent and whether it got a connection.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	st := stateFrom(ctx)
	retry := st.retryable(resp, err)
	if retry && ctx.Err() != nil {
		// Cancellation stops retries at once.
		return false, ctx.Err()
	}
	return retry, nil
}

func (st *callState) retryable(resp *http.Response, err error) bool {
	if err != nil {
		var lerr *limitError
		var certErr *tls.CertificateVerificationError
		var noHost *HostNotFoundError
		switch {
		case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded),
			errors.As(err, &lerr), errors.Is(err, ErrBodyTooLarge):
			return false
		case errors.As(err, &certErr), errors.As(err, &noHost):
			// An untrusted certificate stays untrusted, and a host DNS
			// does not know stays unknown: retrying only delays the error.
			return false
		case st.idempotent:
			return true
		default:
			// Only a request that never had a connection surely never reached
			// the server (a dial error, a refused connection).
			return !st.mayHaveReachedServer()
		}
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		// A 429 means the request was refused, not processed, unless the
		// caller knows its API says more with it.
		return st.retry429 == nil || st.retry429(&Response{
			StatusCode: resp.StatusCode, Header: resp.Header, Body: bufferedBytes(resp), Attempts: st.attempts,
			secrets: st.secrets,
		})
	case resp.StatusCode >= 500:
		return st.idempotent
	case resp.StatusCode >= 200 && resp.StatusCode < 300 && resp.StatusCode != http.StatusNoContent:
		// Both APIs always answer JSON; a 2xx that is not JSON was cut off
		// on its way (no Content-Length to tell), so a read asks again.
		return st.idempotent && st.method != http.MethodHead && !json.Valid(bufferedBytes(resp))
	}
	return false
}

// backoff is the retryablehttp.Backoff policy: the server's Retry-After
// (seconds or an HTTP date) when it gives one, at least min and at most
// maxRetryAfter; otherwise exponential backoff with full jitter, a random
// wait between min and min*2^(attempt+1), capped at max.
func (c *Client) backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	d, ok := retryAfter(resp, time.Now())
	if ok {
		d = min(max(d, minWait), maxRetryAfter)
	} else {
		ceiling := maxWait
		if attempt < 30 {
			ceiling = min(maxWait, minWait<<(attempt+1))
		}
		d = minWait
		if ceiling > minWait {
			d += rand.N(ceiling - minWait + 1) //nolint:gosec // jitter spreads retries; it guards no secret
		}
	}
	if c.waitHook != nil {
		d = c.waitHook(d)
	}
	return d
}

// retryAfter parses a Retry-After header, in seconds or as an HTTP date.
func retryAfter(resp *http.Response, now time.Time) (time.Duration, bool) {
	if resp == nil {
		return 0, false
	}
	v := strings.TrimSpace(resp.Header.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(maxRetryAfter/time.Second) {
			return maxRetryAfter, true
		}
		return time.Duration(secs) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}
