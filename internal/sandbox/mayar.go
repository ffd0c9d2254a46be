package sandbox

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// MayarPayment is a Mayar payment request. It encodes as the contract's list
// item, with every field present: nil pointers and nil raw messages are
// null.
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
}

// Mayar payment request statuses (the V1 status filter's values).
const (
	mayarActive = "active"
	mayarPaid   = "paid"
	mayarClosed = "closed"
)

// The Mayar messages the sandbox answers with, besides "success" and the
// V1 "failed". Only "Unauthorized" and "Too Many Requests" follow the
// contract's examples; the rest are the sandbox's wording.
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
	mayarMsgCursorUnknown    = "startingAfter is not a known payment request id"
	mayarMsgCloseNotActive   = "Only an active payment request can be closed"
	mayarMsgOpenNotClosed    = "Only a closed payment request can be reopened"
	mayarMsgInvalidJSON      = "Invalid JSON body"
	mayarMsgBodyTooLarge     = "Request body too large"
	mayarMsgNameRequired     = "name is required"
	mayarMsgEmailRequired    = "email is required"
	mayarMsgEmailInvalid     = "email is not a valid email address"
	mayarMsgAmountRequired   = "amount is required"
	mayarMsgAmountInvalid    = "amount must be a positive integer"
	mayarMsgMobileRequired   = "mobile is required"
	mayarMsgOptionalNotText  = " must be a string"
	mayarMsgExpiredAtInvalid = "expiredAt must be an ISO 8601 date"
)

const (
	defaultMayarPageSize = 10
	mayarLinkBase        = "https://sandbox.mayar.example/pl/"
)

// cloneMayarPayments deep-copies payment requests, so that neither a
// caller's later changes reach the sandbox nor the sandbox's reach the
// caller, and turns empty raw messages into null (an empty json.RawMessage
// would not encode).
func cloneMayarPayments(in []MayarPayment) []MayarPayment {
	out := slices.Clone(in)
	for i := range out {
		p := &out[i]
		p.Amount = clonePtr(p.Amount)
		p.Category = clonePtr(p.Category)
		p.Limit = clonePtr(p.Limit)
		p.RedirectURL = clonePtr(p.RedirectURL)
		p.InstallmentID = clonePtr(p.InstallmentID)
		p.CoverImageID = clonePtr(p.CoverImageID)
		p.MultipleImageID = clonePtr(p.MultipleImageID)
		for _, raw := range []*json.RawMessage{&p.Event, &p.Order, &p.CoverImage, &p.MultipleImage} {
			if len(*raw) == 0 {
				*raw = nil
			} else {
				*raw = slices.Clone(*raw)
			}
		}
	}
	return out
}

func clonePtr[T any](v *T) *T {
	if v == nil {
		return nil
	}
	c := *v
	return &c
}

// MayarPayments returns every Mayar payment request in API order.
func (s *Sandbox) MayarPayments() []MayarPayment {
	s.mu.Lock()
	defer s.mu.Unlock()
	return cloneMayarPayments(s.mayar)
}

// MayarPayment returns the payment request with id.
func (s *Sandbox) MayarPayment(id string) (MayarPayment, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i := s.mayarIndex(id); i >= 0 {
		return cloneMayarPayments(s.mayar[i : i+1])[0], true
	}
	return MayarPayment{}, false
}

func (s *Sandbox) mayarIndex(id string) int {
	return slices.IndexFunc(s.mayar, func(p MayarPayment) bool { return p.ID == id })
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

func mayarFail(status int, msg string) response {
	return apiFailure(apiMayar, status, msg)
}

func validMayarStatus(st string) bool {
	return st == mayarActive || st == mayarPaid || st == mayarClosed
}

// positiveParam reads an optional positive integer query parameter.
func positiveParam(q map[string][]string, name string, def int) (int, bool) {
	vals, ok := q[name]
	if !ok {
		return def, true
	}
	n, err := strconv.Atoi(vals[0])
	if err != nil || n < 1 {
		return 0, false
	}
	return n, true
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
// the previous page. The cursor is placed in the full list, so it stays
// valid even if that item's status changed since.
func (s *Sandbox) mayarListV2(r *http.Request, _ []string) response {
	if fail, ok := mayarAuth(r, false); !ok {
		return fail
	}
	q := r.URL.Query()
	status := q.Get("status")
	if status != "" && !validMayarStatus(status) {
		return mayarFail(http.StatusBadRequest, mayarMsgStatusInvalid)
	}
	limit, ok := positiveParam(q, "limit", defaultMayarPageSize)
	if !ok {
		return mayarFail(http.StatusBadRequest, mayarMsgLimitInvalid)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	limit = min(limit, s.pageCap)
	rest := s.mayar
	if cursor := q.Get("startingAfter"); cursor != "" {
		i := s.mayarIndex(cursor)
		if i < 0 {
			return mayarFail(http.StatusBadRequest, mayarMsgCursorUnknown)
		}
		rest = s.mayar[i+1:]
	}
	data := []MayarPayment{}
	hasMore := false
	for _, p := range rest {
		if status != "" && p.Status != status {
			continue
		}
		if len(data) == limit {
			hasMore = true
			break
		}
		data = append(data, p)
	}
	var next *string
	if hasMore {
		next = &data[len(data)-1].ID
	}
	return jsonResponse(http.StatusOK, struct {
		StatusCode        int            `json:"statusCode"`
		Messages          string         `json:"messages"`
		HasMore           bool           `json:"hasMore"`
		NextStartingAfter *string        `json:"nextStartingAfter"`
		Data              []MayarPayment `json:"data"`
	}{http.StatusOK, mayarMsgSuccess, hasMore, next, data})
}

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
	return jsonResponse(http.StatusOK, struct {
		StatusCode int          `json:"statusCode"`
		Messages   string       `json:"messages"`
		Data       MayarPayment `json:"data"`
	}{http.StatusOK, mayarMsgSuccess, s.mayar[i]})
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
	return jsonResponse(http.StatusOK, struct {
		StatusCode int     `json:"statusCode"`
		Messages   string  `json:"messages"`
		Data       balance `json:"data"`
	}{http.StatusOK, mayarMsgSuccess, balance{
		MayarBalanceActive, MayarBalancePending, MayarBalanceActive + MayarBalancePending,
	}})
}

// mayarCreate serves V1 and V2 alike: the same body, the same answer. The
// new payment request is active and listed first (newest first).
func (s *Sandbox) mayarCreate(r *http.Request, _ []string) response {
	if fail, ok := mayarAuth(r, true); !ok {
		return fail
	}
	body, err := readJSONBody(r)
	if err != nil {
		if errors.Is(err, errBodyTooLarge) {
			return mayarFail(http.StatusRequestEntityTooLarge, mayarMsgBodyTooLarge)
		}
		return mayarFail(http.StatusBadRequest, mayarMsgInvalidJSON)
	}
	in, msg := parseMayarCreate(body)
	if msg != "" {
		return mayarFail(http.StatusBadRequest, msg)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	id := newUUID()
	for s.mayarIndex(id) >= 0 {
		id = newUUID()
	}
	p := MayarPayment{
		ID:          id,
		Amount:      &in.amount,
		CreatedAt:   s.nowLocked().UnixMilli(),
		Description: in.description,
		Link:        newMayarLink(),
		Type:        "payment_request",
		Status:      mayarActive,
		Name:        in.name,
		RedirectURL: in.redirectURL,
	}
	s.mayar = slices.Insert(s.mayar, 0, p)
	type created struct {
		ID            string `json:"id"`
		TransactionID string `json:"transactionId"`
		Link          string `json:"link"`
	}
	return jsonResponse(http.StatusOK, struct {
		StatusCode int     `json:"statusCode"`
		Messages   string  `json:"messages"`
		Data       created `json:"data"`
	}{http.StatusOK, mayarMsgSuccess, created{p.ID, newUUID(), mayarLinkBase + p.Link}})
}

type mayarCreateInput struct {
	name, description string
	amount            int64
	redirectURL       *string
}

// parseMayarCreate checks the documented create body: name, email, amount
// (int) and mobile required; redirectUrl, description and expiredAt (ISO
// 8601) optional. The message is "" when the body is valid.
func parseMayarCreate(body map[string]json.RawMessage) (mayarCreateInput, string) {
	var in mayarCreateInput
	text := func(field string) (string, bool) {
		var v string
		raw, ok := body[field]
		if !ok || json.Unmarshal(raw, &v) != nil {
			return "", false
		}
		return strings.TrimSpace(v), true
	}
	name, _ := text("name")
	if name == "" {
		return in, mayarMsgNameRequired
	}
	email, _ := text("email")
	if email == "" {
		return in, mayarMsgEmailRequired
	}
	if local, domain, ok := strings.Cut(email, "@"); !ok || local == "" || !strings.Contains(domain, ".") {
		return in, mayarMsgEmailInvalid
	}
	raw, ok := body["amount"]
	if !ok || string(raw) == "null" {
		return in, mayarMsgAmountRequired
	}
	var amount int64
	if err := json.Unmarshal(raw, &amount); err != nil || amount < 1 {
		return in, mayarMsgAmountInvalid
	}
	if mobile, _ := text("mobile"); mobile == "" {
		return in, mayarMsgMobileRequired
	}
	for _, field := range []string{"redirectUrl", "description", "expiredAt"} {
		if raw, ok := body[field]; ok && string(raw) != "null" {
			if _, isText := text(field); !isText {
				return in, field + mayarMsgOptionalNotText
			}
		}
	}
	if exp, _ := text("expiredAt"); exp != "" {
		if _, err := time.Parse(time.RFC3339Nano, exp); err != nil {
			return in, mayarMsgExpiredAtInvalid
		}
	}
	in.name, in.amount = name, amount
	in.description, _ = text("description")
	if u, _ := text("redirectUrl"); u != "" {
		in.redirectURL = &u
	}
	return in, ""
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

// mayarTransitionV1 is V1's close and reopen. A payment request not in the
// expected state gets HTTP 200 with "messages":"failed", as Mayar V1 is
// known to answer: a client must read the body, not only the status.
func (s *Sandbox) mayarTransitionV1(r *http.Request, id, from, to string) response {
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
		resp := jsonResponse(http.StatusOK, mayarEnvelope{StatusCode: http.StatusOK, Messages: mayarMsgFailed})
		resp.failure = true
		return resp
	}
	return jsonResponse(http.StatusOK, mayarEnvelope{StatusCode: http.StatusOK, Messages: mayarMsgSuccess})
}

// mayarTransitionV2 is V2's close and reopen, which report a refused
// transition with a native 400.
func (s *Sandbox) mayarTransitionV2(r *http.Request, id, from, to, refused string) response {
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
		return mayarFail(http.StatusBadRequest, refused)
	}
	return jsonResponse(http.StatusOK, mayarEnvelope{StatusCode: http.StatusOK, Messages: mayarMsgSuccess})
}

func (s *Sandbox) mayarCloseV1(r *http.Request, params []string) response {
	return s.mayarTransitionV1(r, params[0], mayarActive, mayarClosed)
}

func (s *Sandbox) mayarOpenV1(r *http.Request, params []string) response {
	return s.mayarTransitionV1(r, params[0], mayarClosed, mayarActive)
}

func (s *Sandbox) mayarCloseV2(r *http.Request, params []string) response {
	return s.mayarTransitionV2(r, params[0], mayarActive, mayarClosed, mayarMsgCloseNotActive)
}

func (s *Sandbox) mayarOpenV2(r *http.Request, params []string) response {
	return s.mayarTransitionV2(r, params[0], mayarClosed, mayarActive, mayarMsgOpenNotClosed)
}
