package mayar

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

// object is what a call is about: its name for people, and the word
// Mayar's own "... not found" uses for it.
type object struct {
	name, notFoundWord string
}

var (
	objPaymentRequest = object{"payment request", "payment"}
	objProduct        = object{"product", "product"}
	objPaymentLink    = object{"payment link", "product"}
)

// endpoint is one operation's method and path.
type endpoint struct {
	method, path string
}

// call is one request to Mayar, and what its failures mean.
type call struct {
	endpoint
	query  url.Values
	detail string // names the request among others of the same path in errors, e.g. its page
	body   any
	object object
	// create: the request must not be sent twice once it may have reached
	// Mayar, and a 429 may be the duplicate guard's.
	create bool
	// edit: a 409 means the payment request is paid.
	edit bool
}

// op names the request in errors: "GET /hl/v2/payments (page 3)".
func (w call) op() string {
	if w.detail != "" {
		return w.method + " " + w.path + " (" + w.detail + ")"
	}
	return w.method + " " + w.path
}

// notResent ends the message of a create whose outcome is unknown.
func (w call) notResent() string {
	return fmt.Sprintf("the %s may have been created, so the request was not sent again "+
		"(Mayar has no idempotency key: a second one could create a second %[1]s)", w.object.name)
}

// send sends w and decodes Mayar's answer into out. Everything but a create
// is idempotent: the transport retries it and paces it like every Mayar
// request. A create is sent once, and again only when Mayar's rate limit
// refused it; when it may have reached Mayar without a usable answer (no
// answer, a 5xx, an answer cut off or unreadable), the error is
// errors.Is(err, ErrOutcomeUnknown). The response comes back with an
// error about it, for the attempts it took.
func (c *Client) send(ctx context.Context, w call, out answer) (*transport.Response, error) {
	if c.key == "" {
		return nil, ErrMissingAPIKey
	}
	req := transport.Request{
		Method:     w.method,
		Path:       w.path,
		Query:      w.query,
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
		// an answer cut off on its way. A body that arrived cut off or too
		// large becomes an *transport.APIError with an excerpt of it.
		return nil, transport.RequestFailure("Mayar", w.op(), err, w.notResent())
	}
	apiErr, problem := readAnswer(w.op(), resp, out)
	if apiErr != nil {
		return resp, classify(w, apiErr)
	}
	if problem != nil {
		return resp, unusable(w, resp, problem)
	}
	return resp, nil
}

// unusable reports a success answer whose data cannot be read. After a
// create, Mayar said success: the object exists, but this answer cannot be
// trusted to say which one.
func unusable(w call, resp *transport.Response, err error) *transport.APIError {
	apiErr := newAPIError(w.op(), resp)
	apiErr.Body = transport.Excerpt(resp.Body)
	apiErr.Problem = "unexpected answer (" + err.Error() + ")"
	if w.create {
		apiErr.OutcomeUnknown(w.notResent())
	}
	return apiErr
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
	apiErr, _ := readAnswer("", resp, &envelope{})
	return apiErr != nil && apiErr.Message != "" && !isDuplicateGuard(apiErr.Message)
}

// isDuplicateGuard reports whether a 429's message is the duplicate
// guard's ("Duplicate request detected. Please wait 1 minute before trying
// again.").
func isDuplicateGuard(message string) bool {
	return strings.Contains(strings.ToLower(message), "duplicate")
}

// classify marks an answer that is not a success with what it means for
// the call.
func classify(w call, e *transport.APIError) *transport.APIError {
	msg := strings.ToLower(e.Message)
	switch {
	case e.StatusCode == http.StatusNotFound && w.object.notFoundWord != "" &&
		strings.Contains(msg, "not found") && strings.Contains(msg, w.object.notFoundWord):
		// Only Mayar's own "Payment not found" or "Product not found" says
		// the object is gone; a bare 404 could be a wrong base URL, a
		// proxy, or a retired API version's route, and must not make an
		// object vanish from state.
		e.Mark(ErrNotFound)
	case w.create && e.StatusCode == http.StatusTooManyRequests && isDuplicateGuard(msg):
		e.Mark(ErrDuplicateRequest)
		e.Note = "an identical request was accepted within the last minute, so this one was not sent again"
	case w.create && (e.StatusCode >= 500 || (e.StatusCode < 300 && e.Problem != "")):
		// A 5xx, or a 2xx that cannot be read, may come after Mayar stored
		// the object.
		e.OutcomeUnknown(w.notResent())
	case w.edit && e.StatusCode == http.StatusConflict:
		e.Mark(ErrPaid)
	}
	return e
}

// segment escapes an id for a path; ids that would change the path's
// meaning are refused before anything is sent.
func segment(what object, id string) (string, error) {
	if strings.TrimSpace(id) == "" || id == "." || id == ".." {
		return "", fmt.Errorf("Mayar %s id %q is not valid", what.name, id)
	}
	return url.PathEscape(id), nil
}
