package transport

import (
	"errors"
	"fmt"
	"strings"
)

// APIError is an answer an API client cannot use: a status or an envelope
// that says failure, or a body that cannot be read or did not arrive
// whole. Both API clients return it, so their callers map failures in one
// place; each client marks it with its own sentinel errors.
type APIError struct {
	API        string // "PayGet"
	Operation  string // e.g. "GET /api/profile" or "GET /hl/v1/payment (status=paid page=3)"
	StatusCode int    // the HTTP status
	Message    string // the API's own message, quoted in Error()
	Body       string // a short, printable excerpt of the body, quoted when there is no message
	Problem    string // what was wrong with the answer itself, if anything
	Attempts   int
	Note       string // what the failure means for the caller, after "; "
	// Marks are the client's sentinel errors that errors.Is finds in this
	// one (ErrNotFound, ErrUnauthorized, ErrOutcomeUnknown...).
	Marks []error

	secrets []string // Config.Secrets, redacted from Error()
}

// NewAPIError starts the error of an answer the client of api cannot use.
// op names the request as the client sent it ("GET /hl/v2/balances"); the
// error names the whole path requested, with the base URL's path.
func NewAPIError(api, op string, resp *Response) *APIError {
	return &APIError{API: api, Operation: requested(op, resp.basePath), StatusCode: resp.StatusCode,
		Attempts: resp.Attempts, secrets: resp.secrets}
}

// requested puts the base URL's path in front of the path that follows the
// method in op: "GET /hl/v2/balances" becomes "GET /mayar/hl/v2/balances".
func requested(op, basePath string) string {
	method, path, ok := strings.Cut(op, " ")
	if !ok || basePath == "" || !strings.HasPrefix(path, "/") {
		return op
	}
	return method + " " + basePath + path
}

// Error renders `<API> <op>: HTTP <status>[: problem][: "message"][ (after
// N attempts)][; note]`, with the secrets redacted once more: unescaping a
// JSON message or normalising an excerpt can glue back a key that a hostile
// answer had split.
func (e *APIError) Error() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s %s: HTTP %d", e.API, e.Operation, e.StatusCode)
	if e.Problem != "" {
		sb.WriteString(": " + e.Problem)
	}
	if e.Message != "" {
		fmt.Fprintf(&sb, ": %q", e.Message)
	} else if e.Body != "" {
		fmt.Fprintf(&sb, ": %q", e.Body)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&sb, " (after %d attempts)", e.Attempts)
	}
	if e.Note != "" {
		sb.WriteString("; " + e.Note)
	}
	return redactString(sb.String(), e.secrets)
}

// Is reports whether target is one of e's Marks.
func (e *APIError) Is(target error) bool {
	for _, m := range e.Marks {
		if m == target {
			return true
		}
	}
	return false
}

// Mark adds sentinel to the errors errors.Is finds in e.
func (e *APIError) Mark(sentinel error) {
	if !e.Is(sentinel) {
		e.Marks = append(e.Marks, sentinel)
	}
}

// OutcomeUnknown marks e as the failure of a request that may have been
// processed (ErrOutcomeUnknown), with a note saying what that means.
func (e *APIError) OutcomeUnknown(note string) {
	e.Mark(ErrOutcomeUnknown)
	e.Note = note
}

// RequestFailure is what the client of api returns for a failure of Do on
// op: an *APIError quoting what arrived when an answer came but not whole,
// otherwise a *RequestError. When the request may have reached the server
// (ErrOutcomeUnknown), unknownNote says what that means to the caller.
func RequestFailure(api, op string, err error, unknownNote string) error {
	unknown := errors.Is(err, ErrOutcomeUnknown)
	apiErr, ok := partialAnswer(api, op, err)
	if !ok {
		reqErr := &RequestError{API: api, Err: err}
		if unknown {
			reqErr.Note = unknownNote
		}
		return reqErr
	}
	if unknown {
		apiErr.OutcomeUnknown(unknownNote)
	}
	return apiErr
}

// partialAnswer returns the *APIError of a failure that brought headers but
// not a whole body: its status, an excerpt of what arrived, what was wrong,
// and the attempts made. ok is false for any other failure.
func partialAnswer(api, op string, err error) (apiErr *APIError, ok bool) {
	var berr *BodyError
	if !errors.As(err, &berr) {
		return nil, false
	}
	apiErr = &APIError{API: api, Operation: op, StatusCode: berr.StatusCode, Body: Excerpt(berr.Partial),
		Problem: "the answer was cut off", secrets: berr.secrets}
	if errors.Is(err, ErrBodyTooLarge) {
		apiErr.Problem = "the answer is too large (" + ErrBodyTooLarge.Error() + ")"
	}
	var terr *Error
	if errors.As(err, &terr) {
		apiErr.Attempts = terr.Attempts
		apiErr.Operation = requested(op, terr.basePath)
	}
	return apiErr, true
}

// RequestError is a failure without a usable answer (connection, timeout,
// cancellation) behind the API's name; the wrapped *Error names method and
// path.
type RequestError struct {
	API  string // "PayGet"
	Err  error
	Note string // what the failure means for the caller, after "; "
}

func (e *RequestError) Error() string {
	if e.Note != "" {
		return e.API + " " + e.Err.Error() + "; " + e.Note
	}
	return e.API + " " + e.Err.Error()
}

func (e *RequestError) Unwrap() error { return e.Err }
