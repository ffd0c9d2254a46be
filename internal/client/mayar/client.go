// Package mayar is a client for the Mayar Headless API (mayar.id): payment
// requests (created, read, edited, closed, listed with V1 page numbers or
// V2 cursors), the products of the catalog (V2), the webhook URL and the
// balance. It knows nothing of Terraform.
package mayar

import (
	"context"
	"fmt"
	"net/http"
	"strings"

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

// Balance is the account's balance in rupiah; Total = Active + Pending.
type Balance struct {
	Active, Pending, Total int64
}

// Balance reads the account's balance.
func (c *Client) Balance(ctx context.Context) (*Balance, error) {
	e, err := c.endpoint(opBalance, object{}, "")
	if err != nil {
		return nil, err
	}
	return request(ctx, c, call{endpoint: e}, (*balanceJSON).balance)
}

// The operations, by the names the endpoint table knows them.
const (
	opBalance         = "balance"
	opListPayments    = "list payments"
	opCreatePayment   = "create payment request"
	opReadPayment     = "read payment request"
	opEditPayment     = "edit payment request"
	opClosePayment    = "close payment request"
	opReopenPayment   = "reopen payment request"
	opSetWebhook      = "set webhook"
	opTestWebhook     = "test webhook"
	opListProducts    = "list products"
	opCreateLink      = "create payment link"
	opReadProduct     = "read product"
	opEditLink        = "edit payment link"
	opSetProductState = "set product status"
)

// endpoints are every operation's method and path per version; "{id}" in a
// path stands for the escaped id. V1 closes and reopens with GET and names
// the request of an edit in its body only; the products are V2's alone.
var endpoints = map[Version]map[string]endpoint{
	V1: {
		opBalance:       {http.MethodGet, "/hl/v1/balance"},
		opListPayments:  {http.MethodGet, "/hl/v1/payment"},
		opCreatePayment: {http.MethodPost, "/hl/v1/payment/create"},
		opReadPayment:   {http.MethodGet, "/hl/v1/payment/{id}"},
		opEditPayment:   {http.MethodPost, "/hl/v1/payment/edit"},
		opClosePayment:  {http.MethodGet, "/hl/v1/payment/close/{id}"},
		opReopenPayment: {http.MethodGet, "/hl/v1/payment/open/{id}"},
		opSetWebhook:    {http.MethodPost, "/hl/v1/webhook/register"},
		opTestWebhook:   {http.MethodPost, "/hl/v1/webhook/test"},
	},
	V2: {
		opBalance:         {http.MethodGet, "/hl/v2/balances"},
		opListPayments:    {http.MethodGet, "/hl/v2/payments"},
		opCreatePayment:   {http.MethodPost, "/hl/v2/payments/create"},
		opReadPayment:     {http.MethodGet, "/hl/v2/payments/{id}"},
		opEditPayment:     {http.MethodPost, "/hl/v2/payments/{id}/update"},
		opClosePayment:    {http.MethodPost, "/hl/v2/payments/{id}/close"},
		opReopenPayment:   {http.MethodPost, "/hl/v2/payments/{id}/open"},
		opSetWebhook:      {http.MethodPost, "/hl/v2/webhooks/update"},
		opTestWebhook:     {http.MethodPost, "/hl/v2/webhooks/test"},
		opListProducts:    {http.MethodGet, "/hl/v2/products"},
		opCreateLink:      {http.MethodPost, "/hl/v2/products/payment-link/create"},
		opReadProduct:     {http.MethodGet, "/hl/v2/products/{id}"},
		opEditLink:        {http.MethodPost, "/hl/v2/products/payment-link/{id}/update"},
		opSetProductState: {http.MethodPost, "/hl/v2/products/{id}"}, // + "/" + the status
	},
}

// endpoint returns op's method and path on the client's version, with id
// (of an object of kind what) in its place. An operation V1 does not have
// is ErrV2Only.
func (c *Client) endpoint(op string, what object, id string) (endpoint, error) {
	ops, ok := endpoints[c.v]
	if !ok {
		return endpoint{}, fmt.Errorf("Mayar API version %q is not %q or %q", c.v, V1, V2)
	}
	e, ok := ops[op]
	if !ok {
		return endpoint{}, fmt.Errorf("%w, and the client speaks %s: nothing was sent", ErrV2Only, c.v)
	}
	if strings.Contains(e.path, "{id}") {
		seg, err := segment(what, id)
		if err != nil {
			return endpoint{}, err
		}
		e.path = strings.Replace(e.path, "{id}", seg, 1)
	}
	return e, nil
}
