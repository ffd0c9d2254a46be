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
	// ErrNotFound: Mayar does not know the payment request or product
	// (HTTP 404 whose message, in Mayar's envelope, says "Payment not
	// found" or "Product not found"). The error's text quotes which.
	ErrNotFound = errors.New("Mayar: not found")
	// ErrDuplicateRequest: Mayar's duplicate guard refused a create (HTTP
	// 429 "Duplicate request detected"): an identical request was accepted
	// within about the last minute. It was not re-sent.
	ErrDuplicateRequest = errors.New("Mayar: an identical request was accepted within the last minute")
	// ErrPaid: Mayar refused to edit a payment request because it is paid
	// (HTTP 409).
	ErrPaid = errors.New("Mayar: the payment request is paid")
	// ErrOutcomeUnknown: a create may have reached Mayar and created what
	// it asked for, though no usable answer came back. It is the
	// transport's value, so errors.Is works with either name.
	ErrOutcomeUnknown = transport.ErrOutcomeUnknown
	// ErrV2Only: the call exists only in Mayar's API V2 (the products);
	// nothing was sent.
	ErrV2Only = errors.New("Mayar's products are only in API v2")
)

// newAPIError starts the error of an answer of Mayar's that cannot be used.
func newAPIError(op string, resp *transport.Response) *transport.APIError {
	return transport.NewAPIError("Mayar", op, resp)
}
