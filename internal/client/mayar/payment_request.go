package mayar

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Payment request statuses: one vocabulary whatever the API version says.
// A request open for payment is active (the word of the listing's filter
// and of V1); Mayar V2 says unpaid for it, which the decoder reads as
// active. Closing is the end of a request's life, as Mayar has no delete,
// though a closed request can be reopened.
const (
	StatusActive = "active"
	StatusPaid   = "paid"
	StatusClosed = "closed"

	// statusUnpaid is V2's word for active.
	statusUnpaid = "unpaid"
)

// PaymentStatuses are the statuses a payment request has, and the values
// of the listing's status filter.
var PaymentStatuses = []string{StatusActive, StatusPaid, StatusClosed}

// MinAmount is the smallest amount a payment request or payment link asks,
// in whole rupiah.
const MinAmount = 1

// ExpiresAtLayout is how Mayar wants expiredAt: ISO 8601 in UTC with
// milliseconds, such as 2026-12-31T16:00:00.000Z.
const ExpiresAtLayout = "2006-01-02T15:04:05.000Z"

// statusOf reads a status in the one vocabulary: V2's unpaid is active.
// Every decoder of a status (payment requests, and products, among which
// payment requests are listed too) reads it here, so every listing and
// read agrees.
func statusOf(status text) (string, error) {
	s, err := status.get("status")
	if s == statusUnpaid {
		s = StatusActive
	}
	return s, err
}

// IsOpen reports whether a status means the request can still be paid.
func IsOpen(status string) bool { return status == StatusActive }

// Version returns the API version the client speaks.
func (c *Client) Version() Version { return c.v }

// EmailRequired reports whether creating a payment request needs an email:
// V1 requires one, V2 does not.
func (v Version) EmailRequired() bool { return v == V1 }

// Payment is a payment request as a listing gives it; nil pointers are the
// API's nulls. Status is one of PaymentStatuses.
type Payment struct {
	ID, Name, Status, Type, Description, Link string
	Amount                                    *int64
	Category, RedirectURL, InstallmentID      *string
	Limit                                     *float64
	CreatedAt                                 time.Time // UTC; zero when the answer has none
}

func (p Payment) created() time.Time { return p.CreatedAt }

func (p Payment) objectID() string { return p.ID }

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
	e, err := c.endpoint(opCreatePayment, objPaymentRequest, "")
	if err != nil {
		return nil, err
	}
	return c.create(ctx, call{endpoint: e, body: in.body(""), object: objPaymentRequest})
}

// GetPaymentRequest reads one payment request. A request Mayar does not
// know is errors.Is(err, ErrNotFound).
func (c *Client) GetPaymentRequest(ctx context.Context, id string) (*PaymentRequest, error) {
	e, err := c.endpoint(opReadPayment, objPaymentRequest, id)
	if err != nil {
		return nil, err
	}
	return request(ctx, c, call{endpoint: e, object: objPaymentRequest}, asked(objPaymentRequest, id, (*paymentJSON).paymentRequest))
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
	if _, err := segment(objPaymentRequest, id); err != nil {
		return err
	}
	e, err := c.endpoint(opEditPayment, objPaymentRequest, id)
	if err != nil {
		return err
	}
	_, err = c.send(ctx, call{endpoint: e, body: in.body(id), object: objPaymentRequest, edit: true}, &envelope{})
	return err
}

// ClosePaymentRequest closes an open payment request. Mayar refuses to
// close one that is not open (paid, or closed already) with HTTP 200
// "failed", which comes back as an *transport.APIError.
func (c *Client) ClosePaymentRequest(ctx context.Context, id string) error {
	return c.transition(ctx, opClosePayment, id)
}

// ReopenPaymentRequest reopens a closed payment request; like close, a
// refusal is HTTP 200 "failed".
func (c *Client) ReopenPaymentRequest(ctx context.Context, id string) error {
	return c.transition(ctx, opReopenPayment, id)
}

// transition closes or reopens. It is safe to repeat: closing a closed
// request changes nothing (at worst Mayar answers "failed").
func (c *Client) transition(ctx context.Context, op, id string) error {
	e, err := c.endpoint(op, objPaymentRequest, id)
	if err != nil {
		return err
	}
	_, err = c.send(ctx, call{endpoint: e, object: objPaymentRequest}, &envelope{})
	return err
}

// createdJSON is a create's data: the new object's id and payment URL (and
// a payment request's transaction id).
type createdJSON struct {
	ID            text `json:"id"`
	TransactionID text `json:"transactionId"`
	Link          text `json:"link"`
}

// create sends a create (w.create is set here, for every create alike) and
// reads what it created. An answer that says success without a usable id
// leaves the outcome unknown.
func (c *Client) create(ctx context.Context, w call) (*CreatedPaymentRequest, error) {
	w.create = true
	return request(ctx, c, w, (*createdJSON).created)
}

func (j *createdJSON) created() (CreatedPaymentRequest, error) {
	var p CreatedPaymentRequest
	var errs [3]error
	p.ID, errs[0] = j.ID.id("id")
	p.TransactionID, errs[1] = j.TransactionID.get("transactionId")
	p.Link, errs[2] = j.Link.get("link")
	return p, firstError(errs[:]...)
}

// paymentJSON is a payment request as Mayar's listings and its read of one
// carry it.
type paymentJSON struct {
	ID            text   `json:"id"`
	Name          text   `json:"name"`
	Status        text   `json:"status"`
	Type          text   `json:"type"`
	Description   text   `json:"description"`
	Link          text   `json:"link"`
	Amount        whole  `json:"amount"`
	Category      text   `json:"category"`
	RedirectURL   text   `json:"redirectUrl"`
	InstallmentID text   `json:"installmentId"`
	Limit         number `json:"limit"`
	CreatedAt     whole  `json:"createdAt"`
	LinkURL       text   `json:"linkUrl"` // the read of one, V2
}

// payment converts j, naming the first field that is wrong, with the
// status in the one vocabulary.
func (j *paymentJSON) payment() (Payment, error) {
	var p Payment
	var errs [12]error
	p.ID, errs[0] = j.ID.id("id")
	p.Name, errs[1] = j.Name.get("name")
	p.Status, errs[2] = statusOf(j.Status)
	p.Type, errs[3] = j.Type.get("type")
	p.Description, errs[4] = j.Description.get("description")
	p.Link, errs[5] = j.Link.get("link")
	p.Amount, errs[6] = j.Amount.opt("amount")
	p.Category, errs[7] = j.Category.opt("category")
	p.RedirectURL, errs[8] = j.RedirectURL.opt("redirectUrl")
	p.InstallmentID, errs[9] = j.InstallmentID.opt("installmentId")
	p.Limit, errs[10] = j.Limit.opt("limit")
	p.CreatedAt, errs[11] = j.CreatedAt.millis("createdAt")
	return p, firstError(errs[:]...)
}

// paymentRequest converts the read of one, which has the full payment
// URL too.
func (j *paymentJSON) paymentRequest() (PaymentRequest, error) {
	p, err := j.payment()
	if err != nil {
		return PaymentRequest{}, err
	}
	linkURL, err := j.LinkURL.get("linkUrl")
	return PaymentRequest{Payment: p, LinkURL: linkURL}, err
}
