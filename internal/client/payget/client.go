// Package payget is a client for the PayGet API (payget.sakuin.id): the
// account profile, and QRIS top-up payments created, cancelled and polled.
// It knows nothing of Terraform.
package payget

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

// Payment amounts PayGet accepts, in whole rupiah.
const (
	MinAmount = 100
	MaxAmount = 5_000_000
)

// DocumentedExpiry is how long an unpaid payment lives by PayGet's
// documentation, whose create answer (the flat shape) carries no expiry. The
// other published revision answers with its own expiry time, which is the
// one to use (it documents 30 minutes).
const DocumentedExpiry = 10 * time.Minute

// feeThreshold is the amount above which PayGet's reference page charges
// its fee.
const feeThreshold = 500_000

// DocumentedFee is the fee of a payment of amount rupiah by the rule of
// PayGet's reference page: 0.8% of the amount, rounded down to whole
// rupiah, when the amount is above 500,000; nothing at or below it.
// PayGet also answers in a second shape whose revision of the page charges
// from 500,000 inclusive, so the server's own figures (Payment.Fee and
// Payment.BalanceReceived) are the truth; this is the rule for planning.
func DocumentedFee(amount int64) int64 {
	if amount <= feeThreshold {
		return 0
	}
	return amount * 8 / 1000
}

// Payment statuses.
const (
	StatusPending = "Pending"
	StatusSuccess = "Success"
	StatusExpired = "Expired"
)

// Client calls PayGet with one API key. It is safe for concurrent use.
type Client struct {
	t   *transport.Client
	key string
}

// New returns a client that sends apiKey in the x-api-key header, never in
// the query string. An empty key is allowed: the operations that need it
// then return ErrMissingAPIKey, and PaymentStatus, which needs none, works.
func New(t *transport.Client, apiKey string) *Client {
	return &Client{t: t, key: apiKey}
}

// Profile is the account behind the key.
type Profile struct {
	Username, Level string
	Balance         int64 // whole rupiah
}

// Payment is a created top-up payment, as the server answered it.
type Payment struct {
	ID, QRCode, Status           string // QRCode is a PNG data URI
	Amount, Fee, BalanceReceived int64
	ExpiresAt                    time.Time // zero when the answer has none (the flat create answer)
	Message                      string
}

// PaymentStatus is a payment's current state.
type PaymentStatus struct {
	ID, Status string
	Amount     int64 // 0 from CancelPayment, whose answer has none
}

// Profile reads the account behind the key.
func (c *Client) Profile(ctx context.Context) (*Profile, error) {
	obj, err := c.call(ctx, http.MethodGet, "/api/profile", nil, true, true)
	if err != nil {
		return nil, err
	}
	p, err := decodeProfile(obj.o)
	if err != nil {
		return nil, obj.unexpected(err, false)
	}
	return p, nil
}

// CreatePayment creates a top-up payment of amount rupiah. It is never
// re-sent once it may have reached PayGet (there is no idempotency key):
// when that happens without a usable answer (a timeout, a lost connection,
// a 5xx, an unreadable 2xx), the error is errors.Is(err, ErrOutcomeUnknown).
func (c *Client) CreatePayment(ctx context.Context, amount int64) (*Payment, error) {
	if amount < MinAmount || amount > MaxAmount {
		return nil, fmt.Errorf("PayGet payment amount %d is outside the allowed %d..%d rupiah", amount, MinAmount, MaxAmount)
	}
	obj, err := c.call(ctx, http.MethodPost, "/api/payment", map[string]int64{"amount": amount}, true, false)
	if err != nil {
		return nil, err
	}
	p, err := decodeCreate(obj.o)
	if err != nil {
		// PayGet said success: the payment exists, but this answer cannot
		// be trusted to say which one.
		return nil, obj.unexpected(err, true)
	}
	return p, nil
}

// CancelPayment cancels a Pending payment of this key; a cancelled payment
// reads back as Expired.
func (c *Client) CancelPayment(ctx context.Context, id string) (*PaymentStatus, error) {
	seg, err := pathSegment(id)
	if err != nil {
		return nil, err
	}
	obj, err := c.call(ctx, http.MethodPost, "/api/payment/"+seg+"/cancel", nil, true,
		// Safe to repeat: a second cancel changes nothing (at worst PayGet
		// answers that the payment is no longer Pending).
		true)
	if err != nil {
		return nil, err
	}
	s, err := decodeCancel(obj.o, id)
	if err != nil {
		return nil, obj.unexpected(err, false)
	}
	return s, nil
}

// PaymentStatus reads a payment's status. PayGet documents this endpoint
// without authentication, so no key is sent: it works without one.
func (c *Client) PaymentStatus(ctx context.Context, id string) (*PaymentStatus, error) {
	seg, err := pathSegment(id)
	if err != nil {
		return nil, err
	}
	obj, err := c.call(ctx, http.MethodGet, "/api/payment-status/"+seg, nil, false, true)
	if err != nil {
		return nil, err
	}
	s, err := decodeStatus(obj.o, id)
	if err != nil {
		return nil, obj.unexpected(err, false)
	}
	return s, nil
}

// pathSegment escapes a payment id for the path; ids that would change the
// path's meaning are refused before anything is sent.
func pathSegment(id string) (string, error) {
	if strings.TrimSpace(id) == "" || id == "." || id == ".." {
		return "", fmt.Errorf("PayGet payment id %q is not valid", id)
	}
	return url.PathEscape(id), nil
}

// answer is a successful answer's object with what is needed to report a
// problem in it.
type answer struct {
	o    jsonObject
	c    *Client
	op   string
	resp *transport.Response
}

// unexpected reports a success answer whose fields cannot be read.
func (a *answer) unexpected(err error, create bool) error {
	apiErr := newAPIError(a.op, a.resp)
	apiErr.Body = transport.Excerpt(a.resp.Body)
	apiErr.Problem = "unexpected answer (" + err.Error() + ")"
	if create {
		apiErr.OutcomeUnknown(createNotResent)
	}
	return apiErr
}

// call sends one request; keyed says whether it carries the key, and only
// the create is not idempotent.
func (c *Client) call(ctx context.Context, method, path string, body any, keyed, idempotent bool) (*answer, error) {
	if keyed && c.key == "" {
		return nil, ErrMissingAPIKey
	}
	req := transport.Request{Method: method, Path: path, Body: body, Idempotent: idempotent}
	if keyed {
		req.Header = http.Header{"X-Api-Key": {c.key}}
	}
	op := method + " " + path
	resp, err := c.t.Do(ctx, req)
	if err != nil {
		return nil, c.requestFailure(op, err)
	}
	obj, apiErr := parseAnswer(op, resp)
	if apiErr != nil {
		// A create answered 5xx, or answered 2xx in a way that cannot be
		// read, may have created the payment; a 4xx or a readable
		// success:false has not.
		if !idempotent && (resp.StatusCode >= 500 || (resp.StatusCode < 300 && apiErr.Problem != "")) {
			apiErr.OutcomeUnknown(createNotResent)
		}
		return nil, apiErr
	}
	return &answer{o: obj, c: c, op: op, resp: resp}, nil
}

// requestFailure wraps a transport failure. A body that arrived cut off or
// too large becomes an *transport.APIError with an excerpt of what came.
func (c *Client) requestFailure(op string, err error) error {
	return transport.RequestFailure("PayGet", op, err, createNotResent)
}
