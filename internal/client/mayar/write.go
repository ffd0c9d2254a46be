package mayar

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

var (
	// ErrNotFound: Mayar does not know the payment request (HTTP 404 whose
	// message, in Mayar's envelope, says the payment is not found).
	ErrNotFound = errors.New("Mayar: payment request not found")
	// ErrDuplicateRequest: Mayar's duplicate guard refused a create (HTTP
	// 429 "Duplicate request detected"): an identical request was accepted
	// within about the last minute. It was not re-sent.
	ErrDuplicateRequest = errors.New("Mayar: an identical request was accepted within the last minute")
	// ErrPaid: Mayar refused to edit a payment request because it is paid
	// (HTTP 409).
	ErrPaid = errors.New("Mayar: the payment request is paid")
	// ErrOutcomeUnknown: a create may have reached Mayar and created a
	// payment request, though no usable answer came back. It is the
	// transport's value, so errors.Is works with either name.
	ErrOutcomeUnknown = transport.ErrOutcomeUnknown
)

// createNotResent ends the message of every create whose outcome is
// unknown.
const createNotResent = "the payment request may have been created, so the request was not sent again " +
	"(Mayar has no idempotency key: a second one could create a second payment request)"

// call is one request of the write side (and its reads): which, and what its
// failures mean.
type call struct {
	endpoint
	body any
	// create: the request must not be sent twice once it may have reached
	// Mayar, and a 429 may be the duplicate guard's.
	create bool
	// edit: a 409 means the payment request is paid.
	edit bool
}

// send sends w and checks Mayar's envelope. A read, edit, close or reopen
// is idempotent: the transport retries it and paces it like every Mayar
// request. A create is sent once, and again only when Mayar's rate limit
// refused it.
func (c *Client) send(ctx context.Context, w call) (jsonObject, *transport.Response, error) {
	if c.key == "" {
		return nil, nil, ErrMissingAPIKey
	}
	op := w.method + " " + w.path
	req := transport.Request{
		Method:     w.method,
		Path:       w.path,
		Body:       w.body,
		Header:     http.Header{"Authorization": {"Bearer " + c.key}},
		Idempotent: !w.create,
	}
	if w.create {
		req.Retry429 = rateLimited
	}
	resp, err := c.t.Do(ctx, req)
	if err != nil {
		// The transport says when a request that is not idempotent (a
		// create) may have reached Mayar: no answer after a connection, or
		// an answer cut off on its way.
		return nil, nil, c.requestFailure(op, err)
	}
	obj, apiErr := parseEnvelope(op, resp)
	if apiErr == nil {
		return obj, resp, nil
	}
	return nil, resp, classify(w, apiErr)
}

// rateLimited reports whether a create's 429 is Mayar's rate limit, a
// refusal of a request Mayar did not process, which may be sent again after
// Retry-After: it carries Retry-After, as Mayar documents for its limit, and
// a message that is not the duplicate guard's. Any other 429, one that
// cannot be read included, goes back to the caller: the duplicate guard's
// must never be sent again, as Mayar would accept the same create once its
// minute has passed.
func rateLimited(resp *transport.Response) bool {
	if resp.Header.Get("Retry-After") == "" {
		return false
	}
	_, apiErr := parseEnvelope("", resp)
	return apiErr != nil && apiErr.Message != "" && !isDuplicateGuard(apiErr.Message)
}

// isDuplicateGuard reports whether a 429's message is the duplicate
// guard's ("Duplicate request detected. Please wait 1 minute before trying
// again.").
func isDuplicateGuard(message string) bool {
	return strings.Contains(strings.ToLower(message), "duplicate")
}

// classify marks an answer that is not a success with what it means for
// the operation.
func classify(w call, e *transport.APIError) *transport.APIError {
	msg := strings.ToLower(e.Message)
	switch {
	case e.StatusCode == http.StatusNotFound && strings.Contains(msg, "not found") && strings.Contains(msg, "payment"):
		// Only Mayar's own "Payment not found" says the object is gone; a
		// bare 404 could be a wrong base URL, a proxy, or a retired API
		// version's route, and must not make a request vanish from state.
		e.Mark(ErrNotFound)
	case w.create && e.StatusCode == http.StatusTooManyRequests && isDuplicateGuard(msg):
		e.Mark(ErrDuplicateRequest)
		e.Note = "an identical request was accepted within the last minute, so this one was not sent again"
	case w.create && (e.StatusCode >= 500 || (e.StatusCode < 300 && e.Problem != "")):
		// A 5xx, or a 2xx that cannot be read, may come after Mayar stored
		// the request.
		e.OutcomeUnknown(createNotResent)
	case w.edit && e.StatusCode == http.StatusConflict:
		e.Mark(ErrPaid)
	}
	return e
}

// segment escapes an id for a path; ids that would change the path's
// meaning are refused before anything is sent.
func segment(id string) (string, error) {
	if strings.TrimSpace(id) == "" || id == "." || id == ".." {
		return "", fmt.Errorf("Mayar payment request id %q is not valid", id)
	}
	return url.PathEscape(id), nil
}
