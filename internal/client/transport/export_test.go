package transport

import (
	"net/http"
	"time"

	"golang.org/x/time/rate"
)

// SetWaitHook lets tests see every wait the retry loop asks for and replace
// it (usually by 0), so that retries cost no wall time.
func SetWaitHook(c *Client, f func(time.Duration) time.Duration) { c.waitHook = f }

func NewLimiter(perMinute int) *rate.Limiter { return newLimiter(perMinute) }

func LimiterInterval(perMinute int) time.Duration { return limiterInterval(perMinute) }

func RetryAfter(resp *http.Response, now time.Time) (time.Duration, bool) {
	return retryAfter(resp, now)
}

func Backoff(c *Client, minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	return c.backoff(minWait, maxWait, attempt, resp)
}

const MaxRetryAfter = maxRetryAfter
