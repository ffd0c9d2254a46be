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

// newAPIError starts the error of an answer of Mayar's that cannot be used.
func newAPIError(op string, resp *transport.Response) *transport.APIError {
	return transport.NewAPIError("Mayar", op, resp)
}
