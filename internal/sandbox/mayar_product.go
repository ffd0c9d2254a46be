package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Mayar's product catalog, on V2 only. A payment link (type generic_link)
// can be created, edited, closed, reopened and unlisted through the API;
// every product, of any type, can be read and listed; nothing can be
// deleted. Payment requests are products of the catalog too (type
// payment_request): the catalog lists and reads them, in V2's words, and
// its status endpoint closes and reopens them, while the sandbox keeps them
// with the payment requests (MayarPayment).

// Product types. Mayar has more; the sandbox seeds these (see
// GenerateMayarProducts).
const (
	MayarPaymentLink           = "generic_link"
	mayarProductPaymentRequest = "payment_request"
)

// mayarUnlisted is a product payable by its link but not shown in the
// store; active and closed are the payment requests' words.
const mayarUnlisted = "unlisted"

// mayarProductActions maps each action of the status endpoint to the
// status it sets.
var mayarProductActions = map[string]string{
	"open": mayarActive, "active": mayarActive,
	"close": mayarClosed, "closed": mayarClosed,
	"unlisted": mayarUnlisted,
}

// MayarProduct is a product of Mayar's catalog. The listing and the read of
// one answer different fields of it (mayarProductItem, mayarProductRead).
type MayarProduct struct {
	ID          string
	Name        string
	Type        string  // MayarPaymentLink, digital_product, event, webinar, ...
	Status      string  // active, closed or unlisted
	Amount      *int64  // nil: no fixed price, the payer chooses
	Description string  // HTML, as Mayar answers it
	Link        string  // the slug; the payment URL is MayarLinkBase + Link
	RedirectURL *string // where the payer lands after paying
	Limit       *int64  // the largest number of purchases
	Category    *string
	CreatedAt   int64 // epoch milliseconds
	// CoverImage is an object ({"id", "url", "createdAt"} in created and
	// generated products); Event, Order and MultipleImage are the nested
	// objects the read of one answers. nil is null.
	CoverImage, Event, Order, MultipleImage json.RawMessage

	// What a create or an edit stored and Mayar never answers, in the
	// listing or the read of one.
	Notes     *string
	ExpiredAt string // ISO 8601 as sent, "" for none
	Tax       *int64 // whole rupiah
}

// mayarProductItem is a product as the listing answers it.
type mayarProductItem struct {
	ID          string          `json:"id"`
	Name        string          `json:"name"`
	Type        string          `json:"type"`
	Status      string          `json:"status"`
	Amount      *int64          `json:"amount"`
	Description string          `json:"description"`
	Link        string          `json:"link"`
	LinkURL     string          `json:"linkUrl"`
	LinkPayment string          `json:"linkPayment"`
	RedirectURL *string         `json:"redirectUrl"`
	Limit       *int64          `json:"limit"`
	Category    *string         `json:"category"`
	CreatedAt   int64           `json:"createdAt"`
	CoverImage  json.RawMessage `json:"coverImage"`
}

// mayarProductRead is a product as the read of one answers it: the nested
// objects, and neither redirectUrl nor createdAt (nor notes, expiredAt or
// tax, which no answer has).
type mayarProductRead struct {
	ID            string          `json:"id"`
	Link          string          `json:"link"`
	LinkURL       string          `json:"linkUrl"`
	LinkPayment   string          `json:"linkPayment"`
	Name          string          `json:"name"`
	Type          string          `json:"type"`
	Amount        *int64          `json:"amount"`
	Status        string          `json:"status"`
	Description   string          `json:"description"`
	Limit         *int64          `json:"limit"`
	Category      *string         `json:"category"`
	CoverImage    json.RawMessage `json:"coverImage"`
	Event         json.RawMessage `json:"event"`
	Order         json.RawMessage `json:"order"`
	MultipleImage json.RawMessage `json:"multipleImage"`
}

func (p MayarProduct) item() mayarProductItem {
	return mayarProductItem{
		ID: p.ID, Name: p.Name, Type: p.Type, Status: p.Status, Amount: p.Amount, Description: p.Description,
		Link: p.Link, LinkURL: MayarLinkBase + p.Link, LinkPayment: MayarLinkBase + p.Link,
		RedirectURL: p.RedirectURL, Limit: p.Limit, Category: p.Category, CreatedAt: p.CreatedAt, CoverImage: p.CoverImage,
	}
}

func (p MayarProduct) read() mayarProductRead {
	return mayarProductRead{
		ID: p.ID, Link: p.Link, LinkURL: MayarLinkBase + p.Link, LinkPayment: MayarLinkBase + p.Link,
		Name: p.Name, Type: p.Type, Amount: p.Amount, Status: p.Status, Description: p.Description,
		Limit: p.Limit, Category: p.Category,
		CoverImage: p.CoverImage, Event: p.Event, Order: p.Order, MultipleImage: p.MultipleImage,
	}
}

// productOfPayment is a payment request as the catalog answers it.
func productOfPayment(p MayarPayment) MayarProduct {
	var limit *int64
	if p.Limit != nil {
		n := int64(*p.Limit)
		limit = &n
	}
	return MayarProduct{
		ID: p.ID, Name: p.Name, Type: p.Type, Status: mayarStatusWord(p.Status, true), Amount: p.Amount,
		Description: p.Description, Link: p.Link, RedirectURL: p.RedirectURL, Limit: limit, Category: p.Category,
		CreatedAt: p.CreatedAt, CoverImage: p.CoverImage, Event: p.Event, Order: p.Order, MultipleImage: p.MultipleImage,
	}
}

func (p MayarProduct) listKey() (int64, string) { return p.CreatedAt, p.ID }

// clone deep-copies p, as MayarPayment.clone does.
func (p MayarProduct) clone() MayarProduct {
	p.Amount, p.Limit, p.Tax = clonePtr(p.Amount), clonePtr(p.Limit), clonePtr(p.Tax)
	p.RedirectURL, p.Category, p.Notes = clonePtr(p.RedirectURL), clonePtr(p.Category), clonePtr(p.Notes)
	cloneRaw(&p.CoverImage, &p.Event, &p.Order, &p.MultipleImage)
	return p
}

// errProductIsPaymentRequest refuses a product of type payment_request
// where products are given: payment requests are MayarPayments.
var errProductIsPaymentRequest = errors.New("a product of type payment_request is a payment request: give it as a MayarPayment")

// storedMayarProducts is products as the sandbox keeps them: its own
// copies, newest first. A payment request among them is a mistake in a
// test, and panics.
func storedMayarProducts(in []MayarProduct) []MayarProduct {
	ps := cloneListed(in)
	for _, p := range ps {
		if p.Type == mayarProductPaymentRequest {
			panic(fmt.Sprintf("sandbox: product %s: %v", p.ID, errProductIsPaymentRequest))
		}
	}
	sortListed(ps)
	return ps
}

func (s *Sandbox) productIndex(id string) int {
	return indexListed(s.products, id)
}

// newMayarIDLocked is a new id for a payment request or a product, which
// share the catalog; s.mu must be held.
func (s *Sandbox) newMayarIDLocked() string {
	for {
		if id := newUUID(); s.mayarIndex(id) < 0 && s.productIndex(id) < 0 {
			return id
		}
	}
}

// catalogLocked is the whole catalog as the API lists it: the products and
// the payment requests, newest first; s.mu must be held.
func (s *Sandbox) catalogLocked() []MayarProduct {
	all := make([]MayarProduct, 0, len(s.products)+len(s.mayar))
	all = append(all, s.products...)
	for _, p := range s.mayar {
		all = append(all, productOfPayment(p))
	}
	sortListed(all)
	return all
}

// catalogProductLocked finds one product of the catalog, payment requests
// included; s.mu must be held.
func (s *Sandbox) catalogProductLocked(id string) (MayarProduct, bool) {
	if i := s.productIndex(id); i >= 0 {
		return s.products[i], true
	}
	if i := s.mayarIndex(id); i >= 0 {
		return productOfPayment(s.mayar[i]), true
	}
	return MayarProduct{}, false
}

// mayarProductList is GET /hl/v2/products (filters search and type) and
// GET /hl/v2/products/types/{type} (filter search): cursor pages of the
// whole catalog, newest first. search matches names, case-insensitive; an
// unknown type lists nothing.
func (s *Sandbox) mayarProductList(r *http.Request, params []string) response {
	if fail, ok := mayarAuth(r, false); !ok {
		return fail
	}
	q := r.URL.Query()
	productType := q.Get("type")
	if len(params) > 0 {
		productType = params[0]
	}
	search := strings.ToLower(q.Get("search"))
	keep := func(p MayarProduct) bool {
		return (productType == "" || p.Type == productType) && strings.Contains(strings.ToLower(p.Name), search)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	limit, fail, ok := v2Limit(q, s.pageCap)
	if !ok {
		return fail
	}
	page, next, found := cursorPage(s.catalogLocked(), keep, q.Get("startingAfter"), limit)
	if !found {
		return mayarFail(http.StatusBadRequest, mayarMsgProductCursorUnknown)
	}
	items := make([]mayarProductItem, len(page))
	for i, p := range page {
		items[i] = p.item()
	}
	return mayarCursorPage(items, next)
}

// mayarProductGet is GET /hl/v2/products/{id}, for a product of any type.
func (s *Sandbox) mayarProductGet(r *http.Request, params []string) response {
	if fail, ok := mayarAuth(r, false); !ok {
		return fail
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.catalogProductLocked(params[0])
	if !ok {
		return mayarFail(http.StatusNotFound, mayarMsgProductNotFound)
	}
	return mayarOK(p.read())
}

// mayarProductCreate creates a payment link (POST
// /hl/v2/products/payment-link/create and POST /hl/v2/products/create).
// It answers the absolute payment URL as link, where reads answer the slug.
func (s *Sandbox) mayarProductCreate(r *http.Request, _ []string) response {
	if fail, ok := mayarAuth(r, true); !ok {
		return fail
	}
	body, fail, ok := mayarBody(r)
	if !ok {
		return fail
	}
	f, problems := readPaymentLinkFields(body, false)
	if len(problems) > 0 {
		return mayarRefused(problems)
	}
	p := s.CreateMayarPaymentLink(f.createInput())
	return mayarOK(mayarWritten{p.ID, MayarLinkBase + p.Link})
}

// mayarProductEdit edits a payment link (POST
// /hl/v2/products/payment-link/{id}/update and POST
// /hl/v2/payment-links/{id}/update). The id is the body's: the path's is
// ignored. name is required, as Mayar refuses an edit without it; amount,
// description, redirectUrl, notes and expiredAt change when sent; limit,
// tax and coverImage cannot be edited and are ignored. A product that is
// not a payment link is not found.
func (s *Sandbox) mayarProductEdit(r *http.Request, _ []string) response {
	if fail, ok := mayarAuth(r, true); !ok {
		return fail
	}
	body, fail, ok := mayarBody(r)
	if !ok {
		return fail
	}
	f, problems := readPaymentLinkFields(body, true)
	if len(problems) > 0 {
		return mayarRefused(problems)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.productIndex(f.id)
	if i < 0 || s.products[i].Type != MayarPaymentLink {
		return mayarFail(http.StatusNotFound, mayarMsgProductNotFound)
	}
	p := &s.products[i]
	f.applyTo(p)
	return mayarOK(mayarWritten{p.ID, MayarLinkBase + p.Link})
}

// mayarProductStatus is POST /hl/v2/products/{id}/{action}. A payment link
// moves to the action's status; a payment request is closed (from active)
// or reopened (from closed), as its own close and open do. Asking for the
// status it has already, unlisting a payment request, or changing a product
// of another type is HTTP 200 "failed".
func (s *Sandbox) mayarProductStatus(r *http.Request, params []string) response {
	if fail, ok := mayarAuth(r, true); !ok {
		return fail
	}
	id, action := params[0], params[1]
	to, known := mayarProductActions[action]
	if !known {
		return mayarFail(http.StatusBadRequest, action+mayarMsgActionsAllowed)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if i := s.productIndex(id); i >= 0 {
		p := &s.products[i]
		if p.Type != MayarPaymentLink || p.Status == to {
			return mayarFailed()
		}
		p.Status = to
		return mayarSuccess()
	}
	if s.mayarIndex(id) < 0 {
		return mayarFail(http.StatusNotFound, mayarMsgProductNotFound)
	}
	if to == mayarUnlisted {
		return mayarFailed() // a payment request is never unlisted
	}
	from := mayarActive
	if to == mayarActive {
		from = mayarClosed
	}
	if _, changed := s.setMayarStatus(id, from, to); !changed {
		return mayarFailed()
	}
	return mayarSuccess()
}

// MayarPaymentLinkInput is a payment link to create, as a create's body
// carries it.
type MayarPaymentLinkInput struct {
	Name   string
	Amount int64 // whole rupiah
	// Description is stored as Mayar stores it: plain text becomes
	// "<p>text</p>\n", HTML is kept as sent.
	Description string
	RedirectURL string // "" for none
	Notes       string // "" for none
	ExpiredAt   string // ISO 8601, "" for none
	Limit       *int64
	Tax         *int64
	// CoverImageURL is the cover image's URL; "" gives the sandbox's
	// default image, as every product has a cover image object.
	CoverImageURL string
}

// defaultCoverImageURL is the cover image of a payment link created
// without one.
const defaultCoverImageURL = "https://cdn.example/cover/default.png"

// CreateMayarPaymentLink creates an active payment link as the create
// endpoint does, without a request: tests use it for a link made outside
// Terraform.
func (s *Sandbox) CreateMayarPaymentLink(in MayarPaymentLinkInput) MayarProduct {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.nowLocked().UnixMilli()
	amount := in.Amount
	cover := in.CoverImageURL
	if cover == "" {
		cover = defaultCoverImageURL
	}
	p := MayarProduct{
		ID:          s.newMayarIDLocked(),
		Name:        in.Name,
		Type:        MayarPaymentLink,
		Status:      mayarActive,
		Amount:      &amount,
		Description: mayarHTML(in.Description),
		Link:        newMayarLink(),
		RedirectURL: optionalText(in.RedirectURL),
		Limit:       clonePtr(in.Limit),
		CreatedAt:   now,
		CoverImage:  mustJSON(map[string]any{"id": newUUID(), "url": cover, "createdAt": now}),
		Notes:       optionalText(in.Notes),
		ExpiredAt:   in.ExpiredAt,
		Tax:         clonePtr(in.Tax),
	}
	s.products = insertListed(s.products, p)
	return p.clone()
}

// optionalText is nil for "", which Mayar answers as null.
func optionalText(v string) *string {
	if v == "" {
		return nil
	}
	return &v
}

// ErrMayarProductNotFound is returned by the sandbox's methods for a
// product it does not hold.
var ErrMayarProductNotFound = errors.New("sandbox: no such Mayar product")

// MayarProducts returns the catalog's products other than payment requests
// (those are MayarPayments), newest first.
func (s *Sandbox) MayarProducts() []MayarProduct {
	s.mu.Lock()
	defer s.mu.Unlock()
	return cloneListed(s.products)
}

// MayarProduct returns the product with id; payment requests are not
// among them (see MayarPayment).
func (s *Sandbox) MayarProduct(id string) (MayarProduct, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return findListed(s.products, id)
}

// SetMayarProducts replaces every product other than payment requests.
// They are served newest first, whatever the slice's order; one of type
// payment_request panics.
func (s *Sandbox) SetMayarProducts(products []MayarProduct) {
	stored := storedMayarProducts(products)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.products = stored
}

// ModifyMayarProduct changes a product in place, as an edit in Mayar's
// dashboard would; what change sets is stored as it is (a description is
// not turned into HTML).
func (s *Sandbox) ModifyMayarProduct(id string, change func(*MayarProduct)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.productIndex(id)
	if i < 0 {
		return fmt.Errorf("%w: %q", ErrMayarProductNotFound, id)
	}
	p := s.products[i].clone()
	change(&p)
	p.ID = s.products[i].ID // the id is what finds it
	if p.Type == mayarProductPaymentRequest {
		return fmt.Errorf("sandbox: product %s: %w", id, errProductIsPaymentRequest)
	}
	s.products[i] = p.clone()
	sortListed(s.products) // createdAt may have changed
	return nil
}

// DeleteMayarProduct removes a product, which Mayar's API cannot do: it
// stands for one Mayar no longer knows. It reports whether it existed.
func (s *Sandbox) DeleteMayarProduct(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	var existed bool
	s.products, existed = deleteListed(s.products, id)
	return existed
}
