// Package mayar is a client for the Mayar Headless API (mayar.id): payment
// requests listed with V1 page numbers or V2 cursors, and the balance. It
// knows nothing of Terraform.
package mayar

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

// Version is a Mayar API version.
type Version string

const (
	V1 Version = "v1" // /hl/v1, page numbers; Mayar retires it on 1 October 2026
	V2 Version = "v2" // /hl/v2, cursors
)

// ParseVersion returns the version s names. The error completes a sentence
// that starts with the setting's name ("mayar.api_version must ...").
func ParseVersion(s string) (Version, error) {
	if v := Version(s); v == V1 || v == V2 {
		return v, nil
	}
	return "", fmt.Errorf("must be %q or %q, got %q", V2, V1, s)
}

// Client calls Mayar with one API key and version. It is safe for
// concurrent use.
type Client struct {
	t   *transport.Client
	key string
	v   Version
}

// New returns a client that sends apiKey as "Authorization: Bearer", and
// only there. An empty v means V2.
func New(t *transport.Client, apiKey string, v Version) *Client {
	if v == "" {
		v = V2
	}
	return &Client{t: t, key: apiKey, v: v}
}

// Payment is a Mayar payment request; nil pointers are the API's nulls.
type Payment struct {
	ID, Name, Status, Type, Description, Link string
	Amount                                    *int64
	Category, RedirectURL, InstallmentID      *string
	Limit                                     *float64
	CreatedAt                                 time.Time // UTC; zero when the answer has none
}

// Balance is the account's balance in rupiah; Total = Active + Pending.
type Balance struct {
	Active, Pending, Total int64
}

// Balance reads the account's balance.
func (c *Client) Balance(ctx context.Context) (*Balance, error) {
	path := "/hl/v2/balances"
	if c.v == V1 {
		path = "/hl/v1/balance"
	}
	obj, resp, err := c.get(ctx, path, nil, "")
	if err != nil {
		return nil, err
	}
	b, err := decodeBalance(obj)
	if err != nil {
		return nil, c.unexpected("GET "+path, resp, err)
	}
	return b, nil
}

// get sends one GET and checks the envelope. detail goes into the
// operation's name in errors, e.g. the page.
func (c *Client) get(ctx context.Context, path string, q url.Values, detail string) (jsonObject, *transport.Response, error) {
	if c.key == "" {
		return nil, nil, ErrMissingAPIKey
	}
	op := "GET " + path
	if detail != "" {
		op += " (" + detail + ")"
	}
	resp, err := c.t.Do(ctx, transport.Request{
		Method:     http.MethodGet,
		Path:       path,
		Query:      q,
		Header:     http.Header{"Authorization": {"Bearer " + c.key}},
		Idempotent: true,
	})
	if err != nil {
		return nil, nil, c.requestFailure(op, err)
	}
	obj, apiErr := parseEnvelope(op, resp)
	if apiErr != nil {
		return nil, resp, apiErr
	}
	return obj, resp, nil
}

// requestFailure wraps a transport failure. A body that arrived cut off or
// too large becomes an *transport.APIError with an excerpt of what came.
func (c *Client) requestFailure(op string, err error) error {
	return transport.RequestFailure("Mayar", op, err, createNotResent)
}

// unexpected reports a success answer whose fields cannot be read.
func (c *Client) unexpected(op string, resp *transport.Response, err error) *transport.APIError {
	apiErr := newAPIError(op, resp)
	apiErr.Body = transport.Excerpt(resp.Body)
	apiErr.Problem = "unexpected answer (" + err.Error() + ")"
	return apiErr
}
