package sandbox

import (
	"encoding/json"
	"html"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// MayarPayment is a Mayar payment request. It encodes as an item of Mayar's
// payment listing, with every field present: nil pointers and nil raw
// messages are null.
//
// Status holds the words of the listing's status filter and of V1: active,
// paid, closed. V2 answers unpaid for active, in the read of one and in the
// listing's items alike; the sandbox stores "unpaid" given to it (in
// Options, SetMayarPayments, ModifyMayarPayment) as active.
type MayarPayment struct {
	ID              string          `json:"id"`
	Amount          *int64          `json:"amount"`
	Category        *string         `json:"category"`
	CreatedAt       int64           `json:"createdAt"` // epoch milliseconds
	Description     string          `json:"description"`
	Link            string          `json:"link"`
	Type            string          `json:"type"`
	Status          string          `json:"status"`
	Name            string          `json:"name"`
	Limit           *float64        `json:"limit"`
	RedirectURL     *string         `json:"redirectUrl"`
	InstallmentID   *string         `json:"installmentId"`
	Event           json.RawMessage `json:"event"`
	Order           json.RawMessage `json:"order"`
	CoverImageID    *string         `json:"coverImageId"`
	MultipleImageID *string         `json:"multipleImageId"`
	CoverImage      json.RawMessage `json:"coverImage"`
	MultipleImage   json.RawMessage `json:"multipleImage"`

	// What a create or an edit stored and Mayar never answers: neither the
	// listing nor the read of one payment request returns them.
	Email     string `json:"-"`
	Mobile    string `json:"-"`
	ExpiredAt string `json:"-"` // ISO 8601 as sent, "" for none
	// TransactionID is the transactionId the create answered; the payment
	// that pays the request carries it (its transaction's id, and the
	// transactionId of its payment.received event). Requests not created
	// through the API get one when they are paid.
	TransactionID string `json:"-"`
	// Transactions are the payments received, in the read answer only.
	Transactions []MayarTransaction `json:"-"`
}

// MayarTransaction is one payment of a payment request.
type MayarTransaction struct {
	ID        string `json:"id"`
	Amount    int64  `json:"amount"`
	Status    string `json:"status"`
	CreatedAt int64  `json:"createdAt"` // epoch milliseconds
}

// Mayar payment request statuses (the status filter's and V1's words), and
// the word V2 answers for an open request.
const (
	mayarActive = "active"
	mayarPaid   = "paid"
	mayarClosed = "closed"
	mayarUnpaid = "unpaid"
)

// The Mayar messages the sandbox answers with, besides "success" and
// "failed". Those under "Mayar's own words" are quoted from Mayar's
// documentation; the rest are the sandbox's wording.
const (
	mayarMsgSuccess          = "success"
	mayarMsgFailed           = "failed"
	mayarMsgUnauthorized     = "Unauthorized"
	mayarMsgForbidden        = "Forbidden: this API key is read-only"
	mayarMsgNotFound         = "Payment request not found"
	mayarMsgStatusRequired   = "status is required"
	mayarMsgStatusInvalid    = "status must be one of active, paid, closed"
	mayarMsgPageInvalid      = "page must be a positive integer"
	mayarMsgPageSizeInvalid  = "pageSize must be a positive integer"
	mayarMsgLimitInvalid     = "limit must be a positive integer"
	mayarMsgLimitTooLarge    = "limit must be at most 50"
	mayarMsgCursorUnknown    = "startingAfter is not a known payment request id"
	mayarMsgInvalidJSON      = "Invalid JSON body"
	mayarMsgBodyTooLarge     = "Request body too large"
	mayarMsgEmailInvalid     = "email is not a valid email address"
	mayarMsgAmountRequired   = "amount is required"
	mayarMsgAmountInvalid    = "amount must be a positive integer"
	mayarMsgOptionalNotText  = " must be a string"
	mayarMsgExpiredAtInvalid = "expiredAt must be an ISO 8601 date"
	mayarMsgIDRequired       = "id is required"
	mayarMsgIDMismatch       = "id in the body does not match the path"
	// Mayar's own words for these.
	mayarMsgValidation   = "Validation Error" // every refused payment request create
	mayarMsgDuplicate    = "Duplicate request detected. Please wait 1 minute before trying again."
	mayarMsgAlreadyPaid  = "Transaction already paid. Cannot edit payment request."
	mayarMsgEditNotFound = "Payment not found"
	mayarMsgURLRequired  = "urlHook is required"
	mayarMsgURLInvalid   = "urlHook is not a valid URL"
	// The product endpoints'. An unknown action answers
	// "<action>. allowed: active, closed, unlisted".
	mayarMsgProductNotFound = "Product not found"
	mayarMsgActionsAllowed  = ". allowed: active, closed, unlisted"
	// The sandbox's wording.
	mayarMsgProductCursorUnknown = "startingAfter is not a known product id"
)

// MayarLinkBase starts every payment URL the sandbox answers, of payment
// requests and payment links alike: MayarLinkBase + slug. Mayar's are
// https://<shop>.myr.id/pl/<slug>; the sandbox's shop is on a reserved
// domain, so that no sandbox link points at a real shop.
const MayarLinkBase = "https://sandbox.mayar.example/pl/"

// mayarHTML is a description as Mayar stores and answers it: HTML. Plain
// text comes back as one paragraph, "<p>" + the text (trimmed) HTML-escaped
// + "</p>\n"; a description that is HTML already (it starts with "<" once
// surrounding space is trimmed) comes back as sent, byte for byte; an empty
// one stays empty.
func mayarHTML(description string) string {
	text := strings.TrimSpace(description)
	switch {
	case text == "":
		return ""
	case strings.HasPrefix(text, "<"):
		return description
	}
	return "<p>" + html.EscapeString(text) + "</p>\n"
}

// mayarStatusWord is the word a version answers for a stored status: V2
// says unpaid where V1 says active.
func mayarStatusWord(status string, v2 bool) string {
	if v2 && status == mayarActive {
		return mayarUnpaid
	}
	return status
}

// inVersion is p as the given version answers it.
func (p MayarPayment) inVersion(v2 bool) MayarPayment {
	p.Status = mayarStatusWord(p.Status, v2)
	return p
}

func (p MayarPayment) listKey() (int64, string) { return p.CreatedAt, p.ID }

// clone deep-copies p, and turns empty raw messages into null (an empty
// json.RawMessage would not encode).
func (p MayarPayment) clone() MayarPayment {
	p.Amount = clonePtr(p.Amount)
	p.Category = clonePtr(p.Category)
	p.Limit = clonePtr(p.Limit)
	p.RedirectURL = clonePtr(p.RedirectURL)
	p.InstallmentID = clonePtr(p.InstallmentID)
	p.CoverImageID = clonePtr(p.CoverImageID)
	p.MultipleImageID = clonePtr(p.MultipleImageID)
	p.Transactions = slices.Clone(p.Transactions)
	cloneRaw(&p.Event, &p.Order, &p.CoverImage, &p.MultipleImage)
	return p
}

// cloneRaw copies raw messages in place; an empty one becomes null.
func cloneRaw(raws ...*json.RawMessage) {
	for _, raw := range raws {
		if len(*raw) == 0 {
			*raw = nil
		} else {
			*raw = slices.Clone(*raw)
		}
	}
}

func clonePtr[T any](v *T) *T {
	if v == nil {
		return nil
	}
	c := *v
	return &c
}

// storedMayarPayments is payment requests as the sandbox keeps them: its
// own copies, in the API's order, with V2's unpaid stored as active.
func storedMayarPayments(in []MayarPayment) []MayarPayment {
	ps := cloneListed(in)
	for i := range ps {
		if ps[i].Status == mayarUnpaid {
			ps[i].Status = mayarActive
		}
	}
	sortListed(ps)
	return ps
}

// MayarPayments returns every Mayar payment request in API order.
func (s *Sandbox) MayarPayments() []MayarPayment {
	s.mu.Lock()
	defer s.mu.Unlock()
	return cloneListed(s.mayar)
}

// MayarPayment returns the payment request with id.
func (s *Sandbox) MayarPayment(id string) (MayarPayment, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return findListed(s.mayar, id)
}

func (s *Sandbox) mayarIndex(id string) int {
	return indexListed(s.mayar, id)
}

// mayarAuth checks the bearer key; write routes refuse the read-only key.
// Mayar's V1 close and reopen are GETs, yet they change state, so "write"
// is what the route does, not its method.
func mayarAuth(r *http.Request, write bool) (response, bool) {
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return apiFailure(apiMayar, http.StatusUnauthorized, mayarMsgUnauthorized), false
	}
	switch strings.TrimSpace(token) {
	case MayarKey:
		return response{}, true
	case MayarReadOnlyKey:
		if write {
			return apiFailure(apiMayar, http.StatusForbidden, mayarMsgForbidden), false
		}
		return response{}, true
	}
	return apiFailure(apiMayar, http.StatusUnauthorized, mayarMsgUnauthorized), false
}

func validMayarStatus(st string) bool {
	return st == mayarActive || st == mayarPaid || st == mayarClosed
}

// filterMayar returns the payment requests with status (all when ""), in
// API order.
func (s *Sandbox) filterMayar(status string) []MayarPayment {
	out := make([]MayarPayment, 0, len(s.mayar))
	for _, p := range s.mayar {
		if status == "" || p.Status == status {
			out = append(out, p)
		}
	}
	return out
}

// mayarListV1 pages by number. The answer's pageSize is the size served,
// which the cap may make smaller than asked; pageCount and hasMore follow
// from it.
func (s *Sandbox) mayarListV1(r *http.Request, _ []string) response {
	if fail, ok := mayarAuth(r, false); !ok {
		return fail
	}
	q := r.URL.Query()
	status := q.Get("status")
	if status == "" {
		return mayarFail(http.StatusBadRequest, mayarMsgStatusRequired)
	}
	if !validMayarStatus(status) {
		return mayarFail(http.StatusBadRequest, mayarMsgStatusInvalid)
	}
	page, ok := positiveParam(q, "page", 1)
	if !ok {
		return mayarFail(http.StatusBadRequest, mayarMsgPageInvalid)
	}
	pageSize, ok := positiveParam(q, "pageSize", defaultMayarPageSize)
	if !ok {
		return mayarFail(http.StatusBadRequest, mayarMsgPageSizeInvalid)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	pageSize = min(pageSize, s.pageCap)
	items := s.filterMayar(status)
	pageCount := (len(items) + pageSize - 1) / pageSize
	data := []MayarPayment{}
	// Compare before multiplying, so a huge page number cannot overflow.
	if page <= pageCount {
		start := (page - 1) * pageSize
		data = items[start:min(start+pageSize, len(items))]
	}
	return jsonResponse(http.StatusOK, struct {
		StatusCode int            `json:"statusCode"`
		Messages   string         `json:"messages"`
		HasMore    bool           `json:"hasMore"`
		PageCount  int            `json:"pageCount"`
		PageSize   int            `json:"pageSize"`
		Page       int            `json:"page"`
		Data       []MayarPayment `json:"data"`
	}{http.StatusOK, mayarMsgSuccess, page < pageCount, pageCount, pageSize, page, data})
}

// mayarListV2 pages by cursor: startingAfter is the id of the last item of
// the previous page. The status filter takes V1's words (active, not
// unpaid); the items answer V2's.
func (s *Sandbox) mayarListV2(r *http.Request, _ []string) response {
	if fail, ok := mayarAuth(r, false); !ok {
		return fail
	}
	q := r.URL.Query()
	status := q.Get("status")
	if status != "" && !validMayarStatus(status) {
		return mayarFail(http.StatusBadRequest, mayarMsgStatusInvalid)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	limit, fail, ok := v2Limit(q, s.pageCap)
	if !ok {
		return fail
	}
	keep := func(p MayarPayment) bool { return status == "" || p.Status == status }
	page, next, found := cursorPage(s.mayar, keep, q.Get("startingAfter"), limit)
	if !found {
		return mayarFail(http.StatusBadRequest, mayarMsgCursorUnknown)
	}
	for i := range page {
		page[i] = page[i].inVersion(true)
	}
	return mayarCursorPage(page, next)
}

// mayarGet reads one payment request: the listing's fields and its
// transactions, plus the full payment URL on V2, in the version's status
// words. Email, mobile and expiry are never answered.
func (s *Sandbox) mayarGet(r *http.Request, params []string) response {
	if fail, ok := mayarAuth(r, false); !ok {
		return fail
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.mayarIndex(params[0])
	if i < 0 {
		return mayarFail(http.StatusNotFound, mayarMsgNotFound)
	}
	v2 := isMayarV2(r)
	p := s.mayar[i].inVersion(v2)
	one := struct {
		MayarPayment
		LinkURL      string             `json:"linkUrl,omitempty"`
		Transactions []MayarTransaction `json:"transactions"`
	}{MayarPayment: p, Transactions: p.Transactions}
	if one.Transactions == nil {
		one.Transactions = []MayarTransaction{}
	}
	if v2 {
		one.LinkURL = MayarLinkBase + p.Link
	}
	return mayarOK(one)
}

func isMayarV2(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/hl/v2/")
}

func (s *Sandbox) mayarBalance(r *http.Request, _ []string) response {
	if fail, ok := mayarAuth(r, false); !ok {
		return fail
	}
	type balance struct {
		BalanceActive  int64 `json:"balanceActive"`
		BalancePending int64 `json:"balancePending"`
		Balance        int64 `json:"balance"`
	}
	return mayarOK(balance{MayarBalanceActive, MayarBalancePending, MayarBalanceActive + MayarBalancePending})
}

// mayarCreate serves V1 and V2 alike: the same body, the same answer.
func (s *Sandbox) mayarCreate(r *http.Request, _ []string) response {
	if fail, ok := mayarAuth(r, true); !ok {
		return fail
	}
	body, fail, ok := mayarBody(r)
	if !ok {
		return fail
	}
	in, valid := parseMayarCreate(body, !isMayarV2(r))
	if !valid {
		return mayarFail(http.StatusBadRequest, mayarMsgValidation)
	}
	p, ok := s.createMayar(in)
	if !ok {
		return mayarDuplicate()
	}
	type created struct {
		ID            string `json:"id"`
		TransactionID string `json:"transactionId"`
		Link          string `json:"link"`
	}
	return mayarOK(created{p.ID, p.TransactionID, MayarLinkBase + p.Link})
}

// mayarDuplicate is the duplicate guard's answer. It is not an API failure
// that FailuresWithHTTP200 rewrites: Mayar documents this 429 as such.
func mayarDuplicate() response {
	resp := mayarFail(http.StatusTooManyRequests, mayarMsgDuplicate)
	resp.failure = false
	return resp
}

// MayarCreateInput is a payment request to create, as a create's body
// carries it. Description is stored as Mayar stores it: plain text becomes
// "<p>text</p>\n", HTML is kept as sent.
type MayarCreateInput struct {
	Name, Email, Mobile, Description string
	Amount                           int64
	ExpiredAt                        string // ISO 8601, "" for none
	RedirectURL                      *string
}

// duplicateKey is what the duplicate guard compares: the same customer and
// amount, and the same bill.
func (in MayarCreateInput) duplicateKey() string {
	return strings.Join([]string{in.Name, in.Email, in.Mobile, strconv.FormatInt(in.Amount, 10)}, "\x00")
}

// createMayar stores a new active payment request with its transaction id,
// listed in its place
// (newest first: first, unless the sandbox holds requests dated later than
// its clock), unless the duplicate guard refuses it: the same create
// accepted less than mayarDuplicateWindow ago on the sandbox clock.
func (s *Sandbox) createMayar(in MayarCreateInput) (MayarPayment, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.nowLocked()
	key := in.duplicateKey()
	if at, ok := s.mayarRecent[key]; ok && now.Sub(at) < mayarDuplicateWindow {
		return MayarPayment{}, false
	}
	if s.mayarRecent == nil {
		s.mayarRecent = map[string]time.Time{}
	}
	s.mayarRecent[key] = now
	amount := in.Amount
	p := MayarPayment{
		ID:          s.newMayarIDLocked(),
		Amount:      &amount,
		CreatedAt:   now.UnixMilli(),
		Description: mayarHTML(in.Description),
		Link:        newMayarLink(),
		Type:        "payment_request",
		Status:      mayarActive,
		Name:        in.Name,
		RedirectURL: clonePtr(in.RedirectURL),
		Email:       in.Email,
		Mobile:      in.Mobile,
		ExpiredAt:   in.ExpiredAt,

		TransactionID: newUUID(),
	}
	s.mayar = insertListed(s.mayar, p)
	return p.clone(), true
}

// CreateMayarPaymentRequest creates a payment request as the create
// endpoint does, duplicate guard included, without a request: tests use it
// for a request made outside Terraform. It reports false when the guard
// refuses it.
func (s *Sandbox) CreateMayarPaymentRequest(in MayarCreateInput) (MayarPayment, bool) {
	return s.createMayar(in)
}

// mayarText reads an optional string field, trimmed: ok is false when the
// field is there but not a string (null counts as absent).
func mayarText(body map[string]json.RawMessage, field string) (v string, present, ok bool) {
	v, present, ok = mayarVerbatim(body, field)
	return strings.TrimSpace(v), present, ok
}

// mayarVerbatim is mayarText without the trimming, for a description, which
// comes back as sent when it is HTML.
func mayarVerbatim(body map[string]json.RawMessage, field string) (v string, present, ok bool) {
	raw, found := body[field]
	if !found || string(raw) == "null" {
		return "", false, true
	}
	if json.Unmarshal(raw, &v) != nil {
		return "", true, false
	}
	return v, true, true
}

// mayarAmount reads the required whole amount; msg is "" when it is valid.
func mayarAmount(body map[string]json.RawMessage) (int64, string) {
	raw, ok := body["amount"]
	if !ok || string(raw) == "null" {
		return 0, mayarMsgAmountRequired
	}
	var amount int64
	if err := json.Unmarshal(raw, &amount); err != nil || amount < 1 {
		return 0, mayarMsgAmountInvalid
	}
	return amount, ""
}

// mayarOptionals checks the optional fields of a create or an edit: each a
// string when present, email a valid address, expiredAt ISO 8601.
func mayarOptionals(body map[string]json.RawMessage) string {
	for _, field := range []string{"email", "mobile", "redirectUrl", "description", "expiredAt"} {
		if _, _, ok := mayarText(body, field); !ok {
			return field + mayarMsgOptionalNotText
		}
	}
	if email, _, _ := mayarText(body, "email"); email != "" {
		if local, domain, ok := strings.Cut(email, "@"); !ok || local == "" || !strings.Contains(domain, ".") {
			return mayarMsgEmailInvalid
		}
	}
	if exp, _, _ := mayarText(body, "expiredAt"); exp != "" {
		if _, err := time.Parse(time.RFC3339Nano, exp); err != nil {
			return mayarMsgExpiredAtInvalid
		}
	}
	return ""
}

// parseMayarCreate checks a create body; Mayar answers every invalid one
// with the same "Validation Error". Both versions require name and amount
// (a positive integer); V1 requires an email as well. V1's reference also
// marks mobile and description required, but the sandbox, like the
// provider, treats them as optional on both versions. redirectUrl and
// expiredAt (ISO 8601) are optional; email must be an address.
func parseMayarCreate(body map[string]json.RawMessage, v1 bool) (MayarCreateInput, bool) {
	var in MayarCreateInput
	name, _, _ := mayarText(body, "name")
	email, _, emailText := mayarText(body, "email")
	amount, amountProblem := mayarAmount(body)
	if name == "" || (v1 && emailText && email == "") || amountProblem != "" || mayarOptionals(body) != "" {
		return in, false
	}
	in.Name, in.Amount = name, amount
	in.Email, _, _ = mayarText(body, "email")
	in.Mobile, _, _ = mayarText(body, "mobile")
	in.Description, _, _ = mayarVerbatim(body, "description")
	in.ExpiredAt, _, _ = mayarText(body, "expiredAt")
	if u, _, _ := mayarText(body, "redirectUrl"); u != "" {
		in.RedirectURL = &u
	}
	return in, true
}

// setMayarStatus moves a payment request from one status to another;
// s.mu must be held. It reports whether the request exists and whether it
// was in the from status.
func (s *Sandbox) setMayarStatus(id, from, to string) (found, changed bool) {
	i := s.mayarIndex(id)
	if i < 0 {
		return false, false
	}
	if s.mayar[i].Status != from {
		return true, false
	}
	s.mayar[i].Status = to
	return true, true
}

// mayarTransition is close and reopen on both versions. A payment request
// not in the expected state gets HTTP 200 with "messages":"failed", as
// Mayar is known to answer: a client must read the body, not only the
// status.
func (s *Sandbox) mayarTransition(r *http.Request, id, from, to string) response {
	if fail, ok := mayarAuth(r, true); !ok {
		return fail
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	found, changed := s.setMayarStatus(id, from, to)
	switch {
	case !found:
		return mayarFail(http.StatusNotFound, mayarMsgNotFound)
	case !changed:
		return mayarFailed()
	}
	return mayarSuccess()
}

func (s *Sandbox) mayarClose(r *http.Request, params []string) response {
	return s.mayarTransition(r, params[0], mayarActive, mayarClosed)
}

func (s *Sandbox) mayarOpen(r *http.Request, params []string) response {
	return s.mayarTransition(r, params[0], mayarClosed, mayarActive)
}
