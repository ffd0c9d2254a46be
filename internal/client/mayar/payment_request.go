package mayar

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

// Payment request statuses. A request open for payment reads as active
// (the listing's filter value) or unpaid; paid and closed are the others.
// Closing is the end of a request's life, as Mayar has no delete, though a
// closed request can be reopened.
const (
	StatusActive = "active"
	StatusUnpaid = "unpaid"
	StatusPaid   = "paid"
	StatusClosed = "closed"
)

// MinAmount is the smallest amount a payment request asks, in whole rupiah.
const MinAmount = 1

// ExpiresAtLayout is how Mayar wants expiredAt: ISO 8601 in UTC with
// milliseconds, such as 2026-12-31T16:00:00.000Z.
const ExpiresAtLayout = "2006-01-02T15:04:05.000Z"

// IsOpen reports whether a status means the request can still be paid.
func IsOpen(status string) bool {
	return status == StatusActive || status == StatusUnpaid
}

// Version returns the API version the client speaks.
func (c *Client) Version() Version { return c.v }

// EmailRequired reports whether creating a payment request needs an email:
// V1 requires one, V2 does not.
func (v Version) EmailRequired() bool { return v == V1 }

// PaymentRequestInput is what creating or editing a payment request sends.
// Empty strings and a zero time are not sent.
type PaymentRequestInput struct {
	Name   string // create only: Mayar cannot edit a name
	Amount int64  // whole rupiah, at least MinAmount
	Email  string
	Mobile string
	// Description nil is not sent; on an edit, a pointer to "" clears it.
	Description *string
	ExpiresAt   time.Time
}

// body is the JSON body of a create (id "") or an edit.
func (in PaymentRequestInput) body(id string) map[string]any {
	b := map[string]any{"amount": in.Amount}
	if id != "" {
		b["id"] = id
	} else {
		b["name"] = in.Name
	}
	if in.Email != "" {
		b["email"] = in.Email
	}
	if in.Mobile != "" {
		b["mobile"] = in.Mobile
	}
	if in.Description != nil && (*in.Description != "" || id != "") {
		b["description"] = *in.Description
	}
	if !in.ExpiresAt.IsZero() {
		b["expiredAt"] = in.ExpiresAt.UTC().Format(ExpiresAtLayout)
	}
	return b
}

// CreatedPaymentRequest is the answer to a create.
type CreatedPaymentRequest struct {
	ID            string
	TransactionID string
	Link          string // the full payment URL
}

// PaymentRequest is one payment request as Mayar reads it back. Mayar never
// returns its email, mobile or expiry.
type PaymentRequest struct {
	Payment        // Link is the payment page's slug
	LinkURL string // the full payment URL; only V2 answers it
}

// endpoint is one operation's method and path; "{id}" in the path stands
// for the escaped id.
type endpoint struct {
	method, path string
}

// The write side's endpoints per version. V1 closes and reopens with GET;
// V2 names the request in the edit's path.
var endpoints = map[Version]map[string]endpoint{
	V1: {
		"create":  {http.MethodPost, "/hl/v1/payment/create"},
		"read":    {http.MethodGet, "/hl/v1/payment/{id}"},
		"edit":    {http.MethodPost, "/hl/v1/payment/edit"},
		"close":   {http.MethodGet, "/hl/v1/payment/close/{id}"},
		"reopen":  {http.MethodGet, "/hl/v1/payment/open/{id}"},
		"webhook": {http.MethodPost, "/hl/v1/webhook/register"},
		"test":    {http.MethodPost, "/hl/v1/webhook/test"},
	},
	V2: {
		"create":  {http.MethodPost, "/hl/v2/payments/create"},
		"read":    {http.MethodGet, "/hl/v2/payments/{id}"},
		"edit":    {http.MethodPost, "/hl/v2/payments/{id}/update"},
		"close":   {http.MethodPost, "/hl/v2/payments/{id}/close"},
		"reopen":  {http.MethodPost, "/hl/v2/payments/{id}/open"},
		"webhook": {http.MethodPost, "/hl/v2/webhooks/update"},
		"test":    {http.MethodPost, "/hl/v2/webhooks/test"},
	},
}

// endpoint returns op's method and path on the client's version, with id
// in its place.
func (c *Client) endpoint(op, id string) (endpoint, error) {
	ops, ok := endpoints[c.v]
	if !ok {
		return endpoint{}, fmt.Errorf("Mayar API version %q is not %q or %q", c.v, V1, V2)
	}
	e := ops[op]
	if strings.Contains(e.path, "{id}") {
		seg, err := segment(id)
		if err != nil {
			return endpoint{}, err
		}
		e.path = strings.Replace(e.path, "{id}", seg, 1)
	}
	return e, nil
}

// CreatePaymentRequest creates a payment request. It is sent once and never
// again once it may have reached Mayar (there is no idempotency key): when
// that happens without a usable answer (no answer, a 5xx, an answer cut
// off or unreadable), the error is errors.Is(err, ErrOutcomeUnknown).
// Mayar's duplicate guard is errors.Is(err, ErrDuplicateRequest).
func (c *Client) CreatePaymentRequest(ctx context.Context, in PaymentRequestInput) (*CreatedPaymentRequest, error) {
	switch {
	case strings.TrimSpace(in.Name) == "":
		return nil, errors.New("Mayar payment request: a name is required")
	case in.Amount < MinAmount:
		return nil, fmt.Errorf("Mayar payment request amount %d is below the minimum of %d rupiah", in.Amount, MinAmount)
	case c.v.EmailRequired() && strings.TrimSpace(in.Email) == "":
		return nil, fmt.Errorf("Mayar %s requires an email to create a payment request", c.v)
	}
	e, err := c.endpoint("create", "")
	if err != nil {
		return nil, err
	}
	obj, resp, err := c.send(ctx, call{endpoint: e, body: in.body(""), create: true})
	if err != nil {
		return nil, err
	}
	created, err := decodeCreated(obj)
	if err != nil {
		// Mayar said success: the request exists, but this answer cannot
		// be trusted to say which one.
		apiErr := c.unexpected(e.method+" "+e.path, resp, err)
		apiErr.OutcomeUnknown(createNotResent)
		return nil, apiErr
	}
	return created, nil
}

// GetPaymentRequest reads one payment request. A request Mayar does not
// know is errors.Is(err, ErrNotFound).
func (c *Client) GetPaymentRequest(ctx context.Context, id string) (*PaymentRequest, error) {
	e, err := c.endpoint("read", id)
	if err != nil {
		return nil, err
	}
	obj, resp, err := c.send(ctx, call{endpoint: e})
	if err != nil {
		return nil, err
	}
	p, err := decodePaymentRequest(obj, id)
	if err != nil {
		return nil, c.unexpected(e.method+" "+e.path, resp, err)
	}
	return p, nil
}

// EditPaymentRequest sets a payment request's amount and the optional
// fields in has (in.Name is ignored: Mayar cannot edit a name). A paid
// request is errors.Is(err, ErrPaid); an unknown one ErrNotFound.
func (c *Client) EditPaymentRequest(ctx context.Context, id string, in PaymentRequestInput) error {
	if in.Amount < MinAmount {
		return fmt.Errorf("Mayar payment request amount %d is below the minimum of %d rupiah", in.Amount, MinAmount)
	}
	// V1 has the id only in the body. V2 has it in the path, and in the
	// body too, as Mayar's pages disagree on which one counts.
	if _, err := segment(id); err != nil {
		return err
	}
	e, err := c.endpoint("edit", id)
	if err != nil {
		return err
	}
	_, _, err = c.send(ctx, call{endpoint: e, body: in.body(id), edit: true})
	return err
}

// ClosePaymentRequest closes an open payment request. Mayar refuses to
// close one that is not open (paid, or closed already) with HTTP 200
// "failed", which comes back as an *transport.APIError.
func (c *Client) ClosePaymentRequest(ctx context.Context, id string) error {
	return c.transition(ctx, "close", id)
}

// ReopenPaymentRequest reopens a closed payment request; like close, a
// refusal is HTTP 200 "failed".
func (c *Client) ReopenPaymentRequest(ctx context.Context, id string) error {
	return c.transition(ctx, "reopen", id)
}

// transition closes or reopens. It is safe to repeat: closing a closed
// request changes nothing (at worst Mayar answers "failed").
func (c *Client) transition(ctx context.Context, op, id string) error {
	e, err := c.endpoint(op, id)
	if err != nil {
		return err
	}
	_, _, err = c.send(ctx, call{endpoint: e})
	return err
}

// decodeCreated reads a create's data: {id, transactionId, link}.
func decodeCreated(o jsonObject) (*CreatedPaymentRequest, error) {
	d, err := o.obj("data")
	if err != nil {
		return nil, err
	}
	var p CreatedPaymentRequest
	var errs [3]error
	p.ID, errs[0] = d.str("id")
	if errs[0] == nil && strings.TrimSpace(p.ID) == "" {
		errs[0] = fmt.Errorf("id: %w", errMissing)
	}
	p.TransactionID, errs[1] = d.str("transactionId")
	p.Link, errs[2] = d.str("link")
	return &p, firstFieldError("data.", errs[:]...)
}

// decodePaymentRequest reads a read-one answer's data; its id must be the
// one asked for.
func decodePaymentRequest(o jsonObject, id string) (*PaymentRequest, error) {
	d, err := o.obj("data")
	if err != nil {
		return nil, err
	}
	item, err := decodeItem(d)
	if err != nil {
		return nil, fmt.Errorf("data.%w", err)
	}
	if item.ID != id {
		return nil, fmt.Errorf("asked for payment request %q, got %q", transport.Excerpt([]byte(id)), transport.Excerpt([]byte(item.ID)))
	}
	p := &PaymentRequest{Payment: item}
	if p.LinkURL, err = d.str("linkUrl"); err != nil {
		return nil, fmt.Errorf("data.%w", err)
	}
	return p, nil
}
