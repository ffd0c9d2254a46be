package mayar

import (
	"errors"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

var (
	// ErrMissingAPIKey: a call was made without a key; nothing was sent.
	ErrMissingAPIKey = errors.New("Mayar API key is not set")
	// ErrUnauthorized: Mayar refused the key (HTTP 401, or an envelope
	// whose statusCode is 401 or whose message is "Unauthorized").
	ErrUnauthorized = errors.New("Mayar: the API key was refused")
)

// APIError is an answer that is not a success: a non-2xx status, an
// envelope whose messages is not "success" (HTTP 200 with "failed"
// included), or a body that cannot be read.
type APIError struct {
	Operation  string // e.g. "GET /hl/v1/payment (status=paid page=3)"
	StatusCode int    // the HTTP status
	Message    string // the API's messages (or message), quoted in Error()
	Attempts   int
	Body       string // a short, printable excerpt of the body when it has no message

	problem string // what was wrong with the answer itself, if anything
	// secret is the API key, redacted from Error() once more after the
	// body's excerpt was normalised: dropping an invisible character
	// there can glue a key the raw redaction did not match.
	secret       string
	unauthorized bool
}

// Is makes errors.Is(err, ErrUnauthorized) work on an *APIError.
func (e *APIError) Is(target error) bool {
	return target == ErrUnauthorized && e.unauthorized
}

func (e *APIError) Error() string {
	return transport.Answer{
		API: "Mayar", Operation: e.Operation, StatusCode: e.StatusCode, Problem: e.problem,
		Message: e.Message, Body: e.Body, Attempts: e.Attempts, Secret: e.secret,
	}.String()
}

// requestError is a failure without a usable answer (connection, timeout,
// cancellation) behind the API's name; the transport's *Error names method
// and path.
type requestError struct {
	err error
}

func (e *requestError) Error() string { return "Mayar " + e.err.Error() }

func (e *requestError) Unwrap() error { return e.err }
