package transport

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptrace"
	"sync/atomic"
	"time"
)

// partialKeep is how much of a cut-off or oversized body a BodyError keeps.
const partialKeep = 1024

// stateKey carries a *callState in the request's context from Do through
// retryablehttp to attemptTransport and checkRetry.
type stateKey struct{}

// callState is what one Do call knows across its attempts. Attempts run one
// after another, so only the flag set from httptrace needs to be atomic.
type callState struct {
	method, path string // path is the whole path requested, the base URL's included
	basePath     string
	idempotent   bool
	retry429     func(*Response) bool // Request.Retry429
	secrets      []string             // Config.Secrets
	attempts     int
	// connObtained: the current attempt was handed a connection, so its
	// request may have been written to the server.
	connObtained atomic.Bool
	// lastFailedAfterConn: the last attempt failed without an answer after
	// it had a connection.
	lastFailedAfterConn bool
	// lastAnswered: the last attempt got an answer from the server, even if
	// net/http then failed on it (an unparseable redirect Location): the
	// request surely reached the server.
	lastAnswered bool
	// paced is how long the current attempt waited for the pacing window.
	paced time.Duration
}

// mayHaveReachedServer reports whether the last attempt's request may have
// been processed, so that a non-idempotent one must not be sent again.
func (st *callState) mayHaveReachedServer() bool {
	return st.lastFailedAfterConn || st.lastAnswered
}

func stateFrom(ctx context.Context) *callState {
	if st, ok := ctx.Value(stateKey{}).(*callState); ok {
		return st
	}
	return &callState{idempotent: false}
}

// bufferedBody is a response body already read whole into memory.
type bufferedBody struct {
	*bytes.Reader
	data []byte
}

func (*bufferedBody) Close() error { return nil }

// attemptTransport runs one attempt: it waits for room in the pacing
// window, then gives the request and its body read one Config.Timeout, and
// logs a line.
type attemptTransport struct {
	next    http.RoundTripper
	pacer   *pacer // nil: no pacing
	timeout time.Duration
	logger  Logger
	secrets []string // Config.Secrets, redacted from every body read
}

func (t *attemptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	st := stateFrom(ctx)
	st.attempts++
	st.connObtained.Store(false)
	st.lastFailedAfterConn = false
	st.lastAnswered = false
	st.paced = 0

	// The pacing wait comes before the timeout starts: a request waiting for
	// room in the window has not begun to wait for the server.
	if t.pacer != nil {
		paced, err := t.pacer.wait(ctx)
		if err != nil {
			if req.Body != nil {
				_ = req.Body.Close()
			}
			t.log(ctx, st, req, nil, err, 0)
			return nil, err
		}
		st.paced = paced
	}

	// A request that is not idempotent (a create) is never abandoned once
	// sent: the caller's context ending (Terraform interrupted, a timeout)
	// still stops it here, before anything goes out, and stops any further
	// attempt (checkRetry, and retryablehttp's wait between attempts, use
	// ctx), but an attempt under way runs on until its answer or the
	// per-attempt timeout. Otherwise the server could create an object that
	// nobody learns about.
	sendCtx := ctx
	if !st.idempotent {
		if err := ctx.Err(); err != nil {
			if req.Body != nil {
				_ = req.Body.Close()
			}
			t.log(ctx, st, req, nil, err, 0)
			return nil, err
		}
		sendCtx = context.WithoutCancel(ctx)
	}

	start := time.Now()
	actx, cancel := context.WithTimeout(sendCtx, t.timeout)
	defer cancel()
	actx = httptrace.WithClientTrace(actx, &httptrace.ClientTrace{
		GotConn: func(httptrace.GotConnInfo) { st.connObtained.Store(true) },
	})

	resp, err := t.next.RoundTrip(req.WithContext(actx))
	if err == nil {
		// A 429 is a refusal: the request was not processed.
		st.lastAnswered = resp.StatusCode != http.StatusTooManyRequests
		var body []byte
		body, err = readLimited(resp.Body)
		_ = resp.Body.Close()
		// Redacted once, here, before anything decodes, quotes or cuts it.
		body = redact(body, t.secrets)
		if err != nil {
			if errors.Is(err, ErrBodyTooLarge) || !isTimeout(sendCtx, actx) {
				err = &BodyError{StatusCode: resp.StatusCode, Partial: body[:min(len(body), partialKeep)], Err: err,
					secrets: t.secrets}
			}
		} else {
			resp.Body = &bufferedBody{Reader: bytes.NewReader(body), data: body}
			resp.ContentLength = int64(len(body))
		}
	}
	if err != nil {
		switch {
		case sendCtx.Err() != nil:
			err = sendCtx.Err()
		case isTimeout(sendCtx, actx):
			err = &timeoutError{d: t.timeout}
		default:
			err = plainNetError(err, req.URL.Host)
		}
		st.lastFailedAfterConn = st.connObtained.Load()
		t.log(ctx, st, req, nil, err, time.Since(start))
		return nil, err
	}
	t.log(ctx, st, req, resp, nil, time.Since(start))
	return resp, nil
}

// isTimeout reports whether the attempt's own deadline, not the caller's
// context, ended it.
func isTimeout(ctx, actx context.Context) bool {
	return ctx.Err() == nil && errors.Is(actx.Err(), context.DeadlineExceeded)
}

// readLimited reads at most MaxBodyBytes; one byte more is ErrBodyTooLarge,
// so a huge or endless body costs 4 MiB, never all memory.
func readLimited(r io.Reader) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r, MaxBodyBytes+1))
	if err != nil {
		return body, err
	}
	if len(body) > MaxBodyBytes {
		return body, ErrBodyTooLarge
	}
	return body, nil
}

// log writes the attempt's one debug line: never headers, never the query
// string (its values could be secrets), only the path.
func (t *attemptTransport) log(ctx context.Context, st *callState, req *http.Request, resp *http.Response, err error, d time.Duration) {
	fields := map[string]any{
		"method":      req.Method,
		"path":        st.path,
		"attempt":     st.attempts,
		"duration_ms": d.Milliseconds(),
	}
	if st.path == "" {
		fields["path"] = req.URL.EscapedPath()
	}
	if st.paced >= time.Millisecond {
		fields["paced_ms"] = st.paced.Milliseconds()
	}
	if err != nil {
		fields["error"] = err.Error()
	} else {
		fields["status"] = resp.StatusCode
		if id := resp.Header.Get("X-Request-Id"); id != "" {
			fields["request_id"] = Excerpt([]byte(id[:min(len(id), 128)]))
		}
	}
	msg := "HTTP request"
	if err != nil {
		msg = "HTTP request failed"
	}
	t.logger.Debug(ctx, msg, fields)
}
