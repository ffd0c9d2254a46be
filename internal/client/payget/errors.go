package payget

import (
	"context"
	"errors"
	"net/http"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

var (
	// ErrNotFound: PayGet does not know the payment (a 404 or a failure
	// whose message says "not found", in PayGet's JSON envelope).
	ErrNotFound = errors.New("PayGet: not found")
	// ErrUnauthorized: PayGet refused the key (HTTP 401, or its envelope's
	// message is about the API key, as with HTTP 200 failures).
	ErrUnauthorized = errors.New("PayGet: the API key was refused")
	// ErrMissingAPIKey: an operation that needs the key was called without
	// one; nothing was sent.
	ErrMissingAPIKey = errors.New("PayGet API key is not set")
	// ErrOutcomeUnknown: a create may have reached PayGet and created a
	// payment, though no usable answer came back. It is the transport's
	// value, so errors.Is works with either name.
	ErrOutcomeUnknown = transport.ErrOutcomeUnknown
)

// APIError is an answer that is not a success: a non-2xx status, a body
// with success:false (whatever the status), or a body that cannot be read.
type APIError struct {
	Operation  string // e.g. "GET /api/profile"
	StatusCode int    // the HTTP status
	Message    string // the API's own message, quoted in Error()
	Attempts   int
	Body       string // a short, printable excerpt of the body when it has no message

	problem string // what was wrong with the answer itself, if anything
	// secret is the API key, redacted from Error() once more after the
	// body's excerpt was normalised: dropping an invisible character
	// there can glue a key the raw redaction did not match.
	secret         string
	notFound       bool
	unauthorized   bool
	outcomeUnknown bool
}

func (e *APIError) Error() string {
	note := ""
	if e.outcomeUnknown {
		note = createNotResent
	}
	return transport.Answer{
		API: "PayGet", Operation: e.Operation, StatusCode: e.StatusCode, Problem: e.problem,
		Message: e.Message, Body: e.Body, Attempts: e.Attempts, Note: note, Secret: e.secret,
	}.String()
}

// Is makes errors.Is(err, ErrNotFound), errors.Is(err, ErrUnauthorized) and
// errors.Is(err, ErrOutcomeUnknown) work on an *APIError.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.notFound
	case ErrUnauthorized:
		return e.unauthorized
	case ErrOutcomeUnknown:
		return e.outcomeUnknown
	}
	return false
}

// createNotResent ends every message of a create whose outcome is unknown.
const createNotResent = "the payment may have been created, so the request was not sent again (a second one could create a second payment)"

// requestError is a failure without a usable answer (connection, timeout,
// cancellation): the transport's *Error, which names method and path,
// behind the API's name.
type requestError struct {
	err error
}

func (e *requestError) Error() string {
	if errors.Is(e.err, ErrOutcomeUnknown) {
		return "PayGet " + e.err.Error() + ": " + createNotResent
	}
	return "PayGet " + e.err.Error()
}

func (e *requestError) Unwrap() error { return e.err }

// Temporary reports whether a failed call may succeed when made again
// later, after the transport's own retries gave up: PayGet answered 429 or
// a 5xx, or no answer came (a lost connection, the per-request timeout). A
// refusal (another 4xx), an unknown payment, an answer that cannot be read
// and the caller's own context ending are not temporary.
func Temporary(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode == http.StatusTooManyRequests || apiErr.StatusCode >= 500
	}
	var reqErr *requestError
	return errors.As(err, &reqErr)
}
