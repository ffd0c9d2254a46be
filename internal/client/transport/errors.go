package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
	"time"
)

// ErrOutcomeUnknown marks a failure of a non-idempotent request that may
// have reached the server and been processed: the caller must not send it
// again blindly, and should tell the user to check.
var ErrOutcomeUnknown = errors.New("the request may have reached the server")

// Error is a failure without a usable response: the connection failed, an
// attempt timed out, the body could not be read, or ctx ended.
type Error struct {
	Method   string
	Path     string // the whole path requested (the base URL's path included), without the query string
	Attempts int
	Err      error

	secrets  []string // Config.Secrets, redacted from Error()
	basePath string   // the base URL's path, for partialAnswer's *APIError
}

// Error says what failed, with Config.Secrets redacted: net/http quotes
// what a peer sent in some of its errors ("malformed HTTP response
// \"...\""), and a peer may send the key back.
func (e *Error) Error() string {
	if e.Attempts > 1 {
		return redactString(fmt.Sprintf("%s %s: giving up after %d attempts: %v", e.Method, e.Path, e.Attempts, e.Err), e.secrets)
	}
	return redactString(fmt.Sprintf("%s %s: %v", e.Method, e.Path, e.Err), e.secrets)
}

func (e *Error) Unwrap() error { return e.Err }

// BodyError is a response whose headers arrived but whose body did not
// arrive whole: cut off, or larger than MaxBodyBytes. The API clients turn it
// into an *APIError (RequestFailure) with an excerpt of what did arrive.
type BodyError struct {
	StatusCode int
	Partial    []byte // at most the first partialKeep bytes of what arrived, secrets redacted
	Err        error

	secrets []string // Config.Secrets, for partialAnswer's *APIError
}

func (e *BodyError) Error() string {
	return redactString(fmt.Sprintf("HTTP %d: reading the answer: %v", e.StatusCode, e.Err), e.secrets)
}

func (e *BodyError) Unwrap() error { return e.Err }

// ErrBodyTooLarge is an answer larger than MaxBodyBytes. It is never
// retried: the server would send the same again.
var ErrBodyTooLarge = fmt.Errorf("the answer is larger than %d MiB", MaxBodyBytes>>20)

// timeoutError is an attempt that got no complete answer within
// Config.Timeout. It does not wrap context.DeadlineExceeded on purpose: that
// would make callers think their own context ended.
type timeoutError struct {
	d time.Duration
}

func (e *timeoutError) Error() string {
	return fmt.Sprintf("no complete answer within %s (the per-request timeout)", FormatDuration(e.d))
}

func (e *timeoutError) Timeout() bool { return true }

// limitError is a request that cannot wait for room in the client-side
// pacing window: ctx's deadline comes first. Nothing was sent.
type limitError struct {
	err error
}

func (e *limitError) Error() string {
	return "waiting for the client-side pacing window: " + e.err.Error()
}

func (e *limitError) Unwrap() error { return e.err }

// outcomeUnknownError marks the last error of a non-idempotent request that
// failed after a connection was handed to it.
type outcomeUnknownError struct {
	err error
}

func (e *outcomeUnknownError) Error() string {
	return e.err.Error() + "; " + ErrOutcomeUnknown.Error()
}

func (e *outcomeUnknownError) Unwrap() []error { return []error{e.err, ErrOutcomeUnknown} }

// cutError is a connection closed or reset before a whole answer came.
// net/http reports the first as a bare "EOF" and the second with the
// socket's addresses ("read tcp 127.0.0.1:56066->..."), which tell a
// person nothing; this says what happened.
type cutError struct {
	err error
}

func (e *cutError) Error() string {
	if errors.Is(e.err, syscall.ECONNRESET) {
		return "the connection was cut before an answer came (connection reset by peer)"
	}
	return "the server closed the connection without an answer"
}

func (e *cutError) Unwrap() error { return e.err }

// HostNotFoundError is a base URL whose host does not exist: DNS answered
// that the name is unknown. It is never retried, since waiting does not
// make a misspelt host appear.
type HostNotFoundError struct {
	Host string
	Err  error // the resolver's error
}

func (e *HostNotFoundError) Error() string {
	return "the host " + e.Host + " was not found (no such host)"
}

func (e *HostNotFoundError) Unwrap() error { return e.Err }

// ConnectionRefusedError is a base URL whose host answers, but where
// nothing accepts connections on the port: a wrong port, or a server (a
// local sandbox, a proxy) that is not running. It is retried like any
// failed connection, since a server may be starting.
type ConnectionRefusedError struct {
	Host string // host:port, as the base URL names it
	Err  error  // the dialer's error
}

func (e *ConnectionRefusedError) Error() string {
	return "nothing accepted the connection to " + e.Host + " (connection refused)"
}

func (e *ConnectionRefusedError) Unwrap() error { return e.Err }

// plainNetError replaces the network errors whose text is noise to a
// person by one that says what happened; the original stays reachable
// through errors.Is and errors.As. host is the request's host:port.
func plainNetError(err error, host string) error {
	var dnsErr *net.DNSError
	var bodyErr *BodyError
	switch {
	case errors.As(err, &bodyErr):
		return err // an answer came, cut off: its status and excerpt say more
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return &HostNotFoundError{Host: dnsErr.Name, Err: err}
	case errors.Is(err, syscall.ECONNREFUSED):
		return &ConnectionRefusedError{Host: host, Err: err}
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.EOF):
		return &cutError{err: err}
	}
	return err
}

// Describe says in a few plain words what became of a request to api
// ("PayGet") that got no usable answer, for a person: no addresses, no
// error chain. A caller that knows more (the HTTP status of an answer it
// could not use, its own deadline) says that instead.
func Describe(err error, api string) string {
	var (
		timeout  *timeoutError
		cut      *cutError
		noHost   *HostNotFoundError
		refused  *ConnectionRefusedError
		bodyErr  *BodyError
		limitErr *limitError
	)
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "the time allowed ran out before " + api + " answered"
	case errors.Is(err, context.Canceled):
		return "the run was cancelled before " + api + " answered"
	case errors.As(err, &timeout):
		return "no answer came from " + api + " within " + FormatDuration(timeout.d)
	case errors.As(err, &cut):
		return "the connection was cut before " + api + " answered"
	case errors.As(err, &noHost):
		return "the host " + noHost.Host + " was not found"
	case errors.As(err, &refused):
		return "the connection to " + refused.Host + " was refused"
	case errors.As(err, &bodyErr):
		return fmt.Sprintf("%s's answer (HTTP %d) did not arrive whole", api, bodyErr.StatusCode)
	case errors.As(err, &limitErr):
		return "the request could not be sent within the client-side rate limit"
	}
	return "no usable answer came from " + api
}

// FormatDuration prints d as a person writes it: "10m" and "1h30m", not
// Go's "10m0s" and "1h30m0s".
func FormatDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
