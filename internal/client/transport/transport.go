// Package transport is the HTTP layer the PayGet and Mayar clients share:
// retries with backoff and Retry-After (go-retryablehttp), client-side
// pacing shared between processes, a per-attempt timeout, bounded body reads
// and one redacted debug line per attempt. It knows nothing of Terraform.
package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

const (
	// DefaultTimeout applies to each attempt when Config.Timeout is 0.
	DefaultTimeout = 30 * time.Second
	// MaxBodyBytes bounds every response body read into memory.
	MaxBodyBytes = 4 << 20

	defaultRetryWaitMin = 500 * time.Millisecond
	defaultRetryWaitMax = 30 * time.Second
	// maxRetryAfter caps a server's Retry-After so that one answer cannot
	// park a Terraform run for hours.
	maxRetryAfter = 60 * time.Second
	// maxIdleConnsPerHost lets the Mayar lister's concurrent pages and
	// parallel resources reuse their connections (net/http keeps only 2).
	maxIdleConnsPerHost = 16
)

// Config configures a Client; the zero values of the optional fields are
// the production defaults.
type Config struct {
	BaseURL    string        // as CheckBaseURL accepts; request paths are appended
	UserAgent  string        // sent on every request
	Timeout    time.Duration // per attempt, headers and body; 0 means DefaultTimeout
	MaxRetries int           // retries after the first attempt, for retryable failures
	Logger     Logger        // nil = no logs
	Secrets    []string      // the API keys (empty ones ignored): redacted from every answer body, error text and log line
	// RequestsPerMinute paces requests on the client side: at most this many
	// in any PacingWindow, counted together with every client on the machine
	// (in any process) that has the same base URL host and PacingAccount.
	// 0 turns pacing off.
	RequestsPerMinute int
	// PacingAccount is what the server counts requests by, such as the API
	// key. Only a SHA-256 of the host and it is ever written down.
	PacingAccount string
	// PacingDir holds the ledger files through which processes share the
	// window; "" means <os.UserCacheDir()>/terraform-provider-indopay/pacing.
	PacingDir string
	// PacingWindow is the server's window; 0 means DefaultPacingWindow, one
	// minute. Tests shorten it.
	PacingWindow time.Duration
	// HTTPClient is optional: only its Transport is used (wrapped), so that
	// redirects, timeouts and pacing stay this package's. nil builds a pooled
	// transport.
	HTTPClient *http.Client
	// RetryWaitMin and RetryWaitMax bound the backoff between attempts;
	// 0 means 500ms and 30s. Tests shorten them.
	RetryWaitMin, RetryWaitMax time.Duration
}

// Client sends requests to one API. It is safe for concurrent use; all
// requests share one connection pool and one pacing window.
type Client struct {
	base     *url.URL
	basePath string // escaped, without a trailing slash
	ua       string
	rc       *retryablehttp.Client
	logger   Logger   // scrubbing, never nil
	secrets  []string // Config.Secrets, redacted from answers and logs
	waitHook func(time.Duration) time.Duration
}

// Request is one API call.
type Request struct {
	Method string
	Path   string     // escaped path appended to the base URL; no query string
	Query  url.Values // values are never logged
	Header http.Header
	Body   any // JSON-encoded when non-nil
	// Idempotent requests are retried on connection errors, timeouts,
	// cut-off bodies, 429, 5xx and a 2xx that is not JSON. Others are retried
	// only when they surely never reached the server (no connection was
	// ever obtained, as on a dial error) and on 429; and once one of their
	// attempts is sent, the end of the caller's context no longer abandons
	// it: the attempt runs until its answer or Config.Timeout, so the caller
	// learns what the server created. The end of the context still stops
	// what was not sent: the wait for the pacing window and any further attempt.
	// (docs/design.md, "A create is sent once".)
	Idempotent bool
	// Retry429, when set, decides for each 429 answer whether the request
	// is sent again after Retry-After (true) or the 429 goes back to the
	// caller at once; nil sends every 429 again. It is for an API whose 429
	// can also mean "an identical request was accepted a moment ago"
	// (Mayar's duplicate guard on creates): once the guard's window has
	// passed, a re-sent request would be accepted a second time, so only a
	// 429 the API's client recognises as its rate limit may be sent again.
	Retry429 func(*Response) bool
}

// Response is a complete answer. Body was read whole, with a size limit.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte // Config.Secrets are redacted from it
	Attempts   int

	secrets  []string // Config.Secrets, for NewAPIError
	basePath string   // the base URL's path, for NewAPIError
}

// New validates cfg and builds a Client with its own connection pool.
func New(cfg Config) (*Client, error) {
	if err := CheckBaseURL(cfg.BaseURL); err != nil {
		return nil, fmt.Errorf("the base URL %w", err)
	}
	base, err := url.Parse(cfg.BaseURL)
	switch {
	case err != nil:
		return nil, fmt.Errorf("base URL %q: %w", cfg.BaseURL, err)
	case cfg.Timeout < 0:
		return nil, fmt.Errorf("timeout %s is negative", cfg.Timeout)
	case cfg.MaxRetries < 0:
		return nil, fmt.Errorf("max retries %d is negative", cfg.MaxRetries)
	case cfg.RequestsPerMinute < 0:
		return nil, fmt.Errorf("requests per minute %d is negative", cfg.RequestsPerMinute)
	case cfg.PacingWindow < 0:
		return nil, fmt.Errorf("pacing window %s is negative", cfg.PacingWindow)
	}
	basePath := strings.TrimRight(base.EscapedPath(), "/")

	timeout := cfg.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	var secrets []string
	for _, s := range cfg.Secrets {
		if s != "" {
			secrets = append(secrets, s)
		}
	}
	logger := scrubLogger{next: cfg.Logger, secrets: secrets}

	var inner http.RoundTripper
	if cfg.HTTPClient != nil && cfg.HTTPClient.Transport != nil {
		inner = cfg.HTTPClient.Transport
	} else {
		pooled := cleanTransport()
		pooled.MaxIdleConns = 100
		pooled.MaxIdleConnsPerHost = maxIdleConnsPerHost
		pooled.IdleConnTimeout = 90 * time.Second
		inner = pooled
	}

	c := &Client{base: base, basePath: basePath, ua: cfg.UserAgent, logger: logger, secrets: secrets}
	var pace *pacer
	if cfg.RequestsPerMinute > 0 {
		l := newLedger(cfg.PacingDir, base.Host, cfg.PacingAccount, cfg.RequestsPerMinute)
		pace = newPacer(cfg.RequestsPerMinute, orDefault(cfg.PacingWindow, DefaultPacingWindow), base.Host, l, logger)
	}
	hc := &http.Client{
		Transport: &attemptTransport{next: inner, pacer: pace, timeout: timeout, logger: logger, secrets: secrets},
		// Redirects are not followed: a custom key header such as x-api-key
		// would be forwarded to whatever host a redirect names.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	// Of go-retryablehttp only the loop is left: its retry policy, backoff,
	// error handler and logger are all replaced below, because a create must
	// never be re-sent once it may have reached the server, Retry-After is
	// capped, and the per-attempt log line must be redacted.
	c.rc = &retryablehttp.Client{
		HTTPClient:   hc,
		Logger:       nil, // one line per attempt comes from attemptTransport instead
		RetryWaitMin: orDefault(cfg.RetryWaitMin, defaultRetryWaitMin),
		RetryWaitMax: orDefault(cfg.RetryWaitMax, defaultRetryWaitMax),
		RetryMax:     cfg.MaxRetries,
		CheckRetry:   checkRetry,
		Backoff:      c.backoff,
		ErrorHandler: keepLastResponse,
	}
	return c, nil
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// Logger returns the client's logger, which removes Config.Secrets from
// everything it passes on. It is never nil.
func (c *Client) Logger() Logger { return c.logger }

// Do sends req, retrying as its Idempotent flag allows. A complete answer is
// returned as a Response whatever its status (also when retries ran out on
// 429 or 5xx), with a nil error; a failure without one is an *Error. A
// non-idempotent request answered 5xx comes back as that Response, not
// retried: the server may have processed it, and the caller decides what
// that means. One that failed without an answer after it had a connection
// is an *Error that errors.Is ErrOutcomeUnknown.
func (c *Client) Do(ctx context.Context, req Request) (*Response, error) {
	if req.Method == "" || !strings.HasPrefix(req.Path, "/") || strings.ContainsAny(req.Path, "?#") {
		return nil, &Error{Method: req.Method, Path: req.Path, Err: errors.New("invalid request: the path must start with / and have no query"), secrets: c.secrets}
	}
	// Errors and log lines name the whole path requested, the base URL's
	// own path included: a base URL with a path that does not belong there
	// is then plain to see.
	fullPath := c.basePath + req.Path
	u := *c.base
	u.RawPath = fullPath
	path, err := url.PathUnescape(u.RawPath)
	if err != nil {
		return nil, &Error{Method: req.Method, Path: fullPath, Err: fmt.Errorf("invalid path: %w", err), secrets: c.secrets}
	}
	u.Path = path
	u.RawQuery = req.Query.Encode()

	var body any // untyped nil: retryablehttp sends no body at all
	if req.Body != nil {
		b, err := json.Marshal(req.Body)
		if err != nil {
			return nil, &Error{Method: req.Method, Path: fullPath, Err: fmt.Errorf("encoding the request body: %w", err), secrets: c.secrets}
		}
		body = b
	}

	st := &callState{method: req.Method, path: fullPath, basePath: c.basePath, idempotent: req.Idempotent,
		retry429: req.Retry429, secrets: c.secrets}
	rreq, err := retryablehttp.NewRequestWithContext(context.WithValue(ctx, stateKey{}, st), req.Method, u.String(), body)
	if err != nil {
		return nil, &Error{Method: req.Method, Path: fullPath, Err: err, secrets: c.secrets}
	}
	for k, vs := range req.Header {
		for _, v := range vs {
			rreq.Header.Add(k, v)
		}
	}
	rreq.Header.Set("User-Agent", c.ua)
	rreq.Header.Set("Accept", "application/json")
	if body != nil {
		rreq.Header.Set("Content-Type", "application/json")
	}

	resp, err := c.rc.Do(rreq)
	if err != nil {
		return nil, st.failure(ctx, err)
	}
	return &Response{
		StatusCode: resp.StatusCode,
		Header:     resp.Header,
		Body:       bufferedBytes(resp),
		Attempts:   st.attempts,
		secrets:    st.secrets,
		basePath:   c.basePath,
	}, nil
}

// keepLastResponse replaces retryablehttp's "giving up" error when retries
// ran out on an answer (503 five times): the caller gets that answer so it
// can quote the API's message. Errors pass through to callState.failure.
func keepLastResponse(resp *http.Response, err error, _ int) (*http.Response, error) {
	if err != nil {
		return nil, err
	}
	return resp, nil
}

// failure turns what retryablehttp returned into an *Error.
func (st *callState) failure(ctx context.Context, err error) error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		err = uerr.Err // its URL holds the query string, which is never shown
	}
	// The context's end explains the failure, except for a non-idempotent
	// request whose last attempt was sent: that attempt ran on past it
	// (see attemptTransport.RoundTrip) and failed in its own way.
	if ctx.Err() != nil && (st.idempotent || !st.lastFailedAfterConn) {
		err = ctx.Err()
	}
	if !st.idempotent && st.mayHaveReachedServer() {
		err = &outcomeUnknownError{err: err}
	}
	return &Error{Method: st.method, Path: st.path, Attempts: st.attempts, Err: err, secrets: st.secrets,
		basePath: st.basePath}
}

// bufferedBytes returns the body attemptTransport already read.
func bufferedBytes(resp *http.Response) []byte {
	if b, ok := resp.Body.(*bufferedBody); ok {
		return b.data
	}
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(io.LimitReader(resp.Body, MaxBodyBytes))
	return buf.Bytes()
}

// cleanTransport is a copy of net/http's default transport (proxy from the
// environment, dial and TLS handshake timeouts, HTTP/2), or one built the
// same way should another package have replaced http.DefaultTransport.
func cleanTransport() *http.Transport {
	if t, ok := http.DefaultTransport.(*http.Transport); ok {
		return t.Clone()
	}
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		ForceAttemptHTTP2:     true,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
}
