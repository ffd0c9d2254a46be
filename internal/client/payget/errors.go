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

// createNotResent ends every message of a create whose outcome is unknown.
const createNotResent = "the payment may have been created, so the request was not sent again (a second one could create a second payment)"

// newAPIError starts the error of an answer of PayGet's that cannot be used.
func newAPIError(op string, resp *transport.Response) *transport.APIError {
	return transport.NewAPIError("PayGet", op, resp)
}

// Temporary reports whether a failed call may succeed when made again
// later, after the transport's own retries gave up: PayGet answered 429 or
// a 5xx, or no answer came (a lost connection, the per-request timeout). A
// refusal (another 4xx), an unknown payment, an answer that cannot be read
// and the caller's own context ending are not temporary.
func Temporary(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var apiErr *transport.APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode == http.StatusTooManyRequests || apiErr.StatusCode >= 500
	}
	var reqErr *transport.RequestError
	return errors.As(err, &reqErr)
}
