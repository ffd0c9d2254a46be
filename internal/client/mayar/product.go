package mayar

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Mayar's catalog holds products of many types. A payment link
// (generic_link) sells one thing at one price through a reusable link,
// where a payment request bills one customer once; it is the one type the
// API creates and edits. Every type can be read, listed and have its
// status set; nothing can be deleted. The catalog is in API V2 only: on V1
// every call here is ErrV2Only, with nothing sent.

// ProductTypePaymentLink is the type of a payment link.
const ProductTypePaymentLink = "generic_link"

// ProductTypes are Mayar's product types, the values of the listing's type
// filter.
var ProductTypes = []string{
	ProductTypePaymentLink, "digital_product", "event", "webinar", "course",
	"ebook", "membership", "invoice", "payment_request",
}

// Product statuses. Unlisted is payable by its link but not shown in the
// store.
const (
	ProductStatusActive   = "active"
	ProductStatusUnlisted = "unlisted"
	ProductStatusClosed   = "closed"
)

// ProductStatuses are the statuses SetProductStatus sets.
var ProductStatuses = []string{ProductStatusActive, ProductStatusUnlisted, ProductStatusClosed}

// Product is one product of the catalog; nil pointers are the API's nulls.
// Status is one of ProductStatuses, or for a payment request (listed in
// the catalog as type payment_request) one of PaymentStatuses.
// The read of one never returns RedirectURL or CreatedAt (nor a payment
// link's notes, expiry or tax): they are nil and zero there, and only a
// listing's items carry them.
type Product struct {
	ID, Name, Type, Status string
	Description            string // HTML, as Mayar stores it: see DescriptionText
	Link                   string // the slug
	LinkURL, LinkPayment   string // Mayar's linkUrl and linkPayment, absolute URLs
	Amount                 *int64
	Category, RedirectURL  *string
	Limit                  *int64    // the most purchases
	CreatedAt              time.Time // UTC; zero when the answer has none
}

func (p Product) created() time.Time { return p.CreatedAt }

// PaymentURL is the product's full payment URL, the page a payment link's
// create answers as its link: Mayar's linkPayment, or linkUrl when an
// answer has only that; "" when it has neither.
func (p Product) PaymentURL() string {
	if p.LinkPayment != "" {
		return p.LinkPayment
	}
	return p.LinkURL
}

func (p Product) objectID() string { return p.ID }

// PaymentLinkInput is what creating or editing a payment link sends.
type PaymentLinkInput struct {
	Name        string // required, on an edit too
	Amount      int64  // whole rupiah, at least MinAmount
	Description string // plain text or HTML
	RedirectURL string // where the payer lands after paying
	Notes       string
	ExpiresAt   time.Time
	// Limit (the most purchases) and Tax (whole rupiah) are sent by a
	// create when not 0; Mayar's edit does not take them.
	Limit, Tax int64
}

// body is the JSON body of a create (id "") or an edit. A create leaves out
// what is empty. An edit sends the whole desired object, as Mayar refuses
// one without a name and may reset what is left out: an empty string
// clears its field. Mayar documents no way to remove an expiry, so a zero
// ExpiresAt is never sent and an edit keeps the expiry there is.
func (in PaymentLinkInput) body(id string) map[string]any {
	b := map[string]any{"name": in.Name, "amount": in.Amount}
	for key, v := range map[string]string{"description": in.Description, "redirectUrl": in.RedirectURL, "notes": in.Notes} {
		if v != "" || id != "" {
			b[key] = v
		}
	}
	if !in.ExpiresAt.IsZero() {
		b["expiredAt"] = in.ExpiresAt.UTC().Format(ExpiresAtLayout)
	}
	switch {
	case id != "":
		b["id"] = id
	default:
		if in.Limit > 0 {
			b["limit"] = in.Limit
		}
		if in.Tax > 0 {
			b["tax"] = in.Tax
		}
	}
	return b
}

// check refuses what Mayar would refuse, before anything is sent.
func (in PaymentLinkInput) check() error {
	switch {
	case strings.TrimSpace(in.Name) == "":
		return errors.New("Mayar payment link: a name is required")
	case in.Amount < MinAmount:
		return fmt.Errorf("Mayar payment link amount %d is below the minimum of %d rupiah", in.Amount, MinAmount)
	case in.Limit < 0:
		return fmt.Errorf("Mayar payment link limit %d is negative", in.Limit)
	case in.Tax < 0:
		return fmt.Errorf("Mayar payment link tax %d is negative", in.Tax)
	}
	return nil
}

// CreatedPaymentLink is the answer to a create.
type CreatedPaymentLink struct {
	ID   string
	Link string // the full payment URL
}

// CreatePaymentLink creates a payment link. Like CreatePaymentRequest, it
// is sent once and never again once it may have reached Mayar: an unknown
// outcome is errors.Is(err, ErrOutcomeUnknown), the duplicate guard
// ErrDuplicateRequest.
func (c *Client) CreatePaymentLink(ctx context.Context, in PaymentLinkInput) (*CreatedPaymentLink, error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	e, err := c.endpoint(opCreateLink, objPaymentLink, "")
	if err != nil {
		return nil, err
	}
	created, err := c.create(ctx, call{endpoint: e, body: in.body(""), object: objPaymentLink})
	if err != nil {
		return nil, err
	}
	return &CreatedPaymentLink{ID: created.ID, Link: created.Link}, nil
}

// GetProduct reads one product of any type. A product Mayar does not know
// is errors.Is(err, ErrNotFound).
func (c *Client) GetProduct(ctx context.Context, id string) (*Product, error) {
	e, err := c.endpoint(opReadProduct, objProduct, id)
	if err != nil {
		return nil, err
	}
	return request(ctx, c, call{endpoint: e, object: objProduct}, asked(objProduct, id, (*productJSON).product))
}

// EditPaymentLink sets every field of a payment link that an edit takes
// (see PaymentLinkInput): send the whole desired object. Mayar takes the
// link's id from the body, which has it, as the path does. A refusal is
// HTTP 200 "failed" with what is wrong with each field, quoted in the
// *transport.APIError; an unknown link is errors.Is(err, ErrNotFound).
func (c *Client) EditPaymentLink(ctx context.Context, id string, in PaymentLinkInput) error {
	if err := in.check(); err != nil {
		return err
	}
	e, err := c.endpoint(opEditLink, objPaymentLink, id)
	if err != nil {
		return err
	}
	_, err = c.send(ctx, call{endpoint: e, body: in.body(id), object: objPaymentLink}, &envelope{})
	return err
}

// SetProductStatus makes a product active, unlisted or closed (one of
// ProductStatuses). Mayar refuses a status the product already has with
// HTTP 200 "failed", so set only a status that changes something. Like
// every call but a create, it is retried after a failure that may have
// reached Mayar; a retry of a change that took effect is refused that way
// too, so after a failure, reading the product says where it stands.
func (c *Client) SetProductStatus(ctx context.Context, id, status string) error {
	if !slices.Contains(ProductStatuses, status) {
		return fmt.Errorf("Mayar product status %q is not one of %s", status, strings.Join(ProductStatuses, ", "))
	}
	e, err := c.endpoint(opSetProductState, objProduct, id)
	if err != nil {
		return err
	}
	e.path += "/" + status
	_, err = c.send(ctx, call{endpoint: e, object: objProduct}, &envelope{})
	return err
}

// productJSON is a product as Mayar's listing and its read of one carry it.
type productJSON struct {
	ID          text  `json:"id"`
	Name        text  `json:"name"`
	Type        text  `json:"type"`
	Status      text  `json:"status"`
	Description text  `json:"description"`
	Link        text  `json:"link"`
	LinkURL     text  `json:"linkUrl"`
	LinkPayment text  `json:"linkPayment"`
	Amount      whole `json:"amount"`
	Category    text  `json:"category"`
	RedirectURL text  `json:"redirectUrl"`
	Limit       whole `json:"limit"`
	CreatedAt   whole `json:"createdAt"`
}

// product converts j, naming the first field that is wrong.
func (j *productJSON) product() (Product, error) {
	var p Product
	var errs [13]error
	p.ID, errs[0] = j.ID.id("id")
	p.Name, errs[1] = j.Name.get("name")
	p.Type, errs[2] = j.Type.get("type")
	p.Status, errs[3] = statusOf(j.Status)
	p.Description, errs[4] = j.Description.get("description")
	p.Link, errs[5] = j.Link.get("link")
	p.LinkURL, errs[6] = j.LinkURL.get("linkUrl")
	p.LinkPayment, errs[7] = j.LinkPayment.get("linkPayment")
	p.Amount, errs[8] = j.Amount.opt("amount")
	p.Category, errs[9] = j.Category.opt("category")
	p.RedirectURL, errs[10] = j.RedirectURL.opt("redirectUrl")
	p.Limit, errs[11] = j.Limit.opt("limit")
	p.CreatedAt, errs[12] = j.CreatedAt.millis("createdAt")
	return p, firstError(errs[:]...)
}
