package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"strconv"
	"time"
)

// PayGet payment statuses, as PayGet spells them.
const (
	statusPending = "Pending"
	statusSuccess = "Success"
	statusExpired = "Expired"
)

// The PayGet messages the sandbox answers with. The first two are the
// documented ones; the others are the sandbox's wording for failures
// PayGet documents without quoting.
const (
	msgKeyRequired     = "API Key is required."
	msgKeyInvalid      = "Invalid API Key."
	msgPaymentNotFound = "Payment not found."
	msgNotOwner        = "This payment does not belong to this API Key."
	msgOnlyPending     = "Only Pending payments can be cancelled."
	msgAmountRequired  = "Amount is required."
	msgAmountNumber    = "Amount must be a number."
	msgAmountWhole     = "Amount must be a whole number."
	msgAmountRange     = "Amount must be between 100 and 5000000."
	msgInvalidJSON     = "Invalid JSON body."
	msgBodyTooLarge    = "Request body too large."
	msgCreated         = "Payment request created successfully."
	msgCancelled       = "Payment cancelled successfully"
)

// The documented amount rules and fee.
const (
	minAmount         = 100
	maxAmount         = 5000000
	feeThreshold      = 500000
	feePerMille       = 8
	expiryShapeA      = 10 * time.Minute
	expiryShapeB      = 30 * time.Minute
	maxRequestBody    = 1 << 20
	isoMillisInUTCFmt = "2006-01-02T15:04:05.000Z"
)

// PayGetPayment is a PayGet payment as the sandbox stores it.
type PayGetPayment struct {
	ID              string
	Owner           string // the account's username
	Amount          int64
	Fee             int64
	BalanceReceived int64
	// Status is Pending, Success or Expired; a Pending payment past
	// ExpiresAt reads Expired.
	Status    string
	QRCode    string // data:image/png;base64,...
	CreatedAt time.Time
	ExpiresAt time.Time
}

// payGetFee is the documented fee: 0.8% (floored to whole rupiah) above
// 500000, or from 500000 with ShapeB's revision.
func payGetFee(amount int64, sh Shape) int64 {
	if amount > feeThreshold || (sh == ShapeB && amount == feeThreshold) {
		return amount * feePerMille / 1000
	}
	return 0
}

// settle applies expiry lazily: a payment nobody paid in time is Expired
// from the moment its time ran out, whoever looks first.
func settle(p *PayGetPayment, now time.Time) {
	if p.Status == statusPending && !now.Before(p.ExpiresAt) {
		p.Status = statusExpired
	}
}

// paygetKey is the key a request carries: the x-api-key header, else the
// apiKey query parameter (both documented).
func paygetKey(r *http.Request) string {
	if k := r.Header.Get("x-api-key"); k != "" {
		return k
	}
	return r.URL.Query().Get("apiKey")
}

// paygetAuth finds the account behind a key; s.mu must be held.
func (s *Sandbox) paygetAuth(key string) (*account, response, bool) {
	if key == "" {
		return nil, apiFailure(apiPayGet, http.StatusUnauthorized, msgKeyRequired), false
	}
	acct, ok := s.accounts[key]
	if !ok {
		return nil, apiFailure(apiPayGet, http.StatusUnauthorized, msgKeyInvalid), false
	}
	return acct, response{}, true
}

func (s *Sandbox) paygetProfile(r *http.Request, _ []string) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	acct, fail, ok := s.paygetAuth(paygetKey(r))
	if !ok {
		return fail
	}
	type profile struct {
		Username string `json:"username"`
		Level    string `json:"level"`
		Balance  int64  `json:"balance"`
	}
	return jsonResponse(http.StatusOK, struct {
		Success bool    `json:"success"`
		Profile profile `json:"profile"`
	}{true, profile{acct.username, acct.level, acct.balance}})
}

func (s *Sandbox) paygetCreate(r *http.Request, _ []string) response {
	// Read the body before taking the lock: a slow client must not stall
	// every other request.
	body, readErr := readJSONBody(r)

	s.mu.Lock()
	defer s.mu.Unlock()
	acct, fail, ok := s.paygetAuth(paygetKey(r))
	if !ok {
		return fail
	}
	if readErr != nil {
		if errors.Is(readErr, errBodyTooLarge) {
			return apiFailure(apiPayGet, http.StatusRequestEntityTooLarge, msgBodyTooLarge)
		}
		return apiFailure(apiPayGet, http.StatusBadRequest, msgInvalidJSON)
	}
	amount, msg := parsePayGetAmount(body)
	if msg != "" {
		return apiFailure(apiPayGet, http.StatusBadRequest, msg)
	}
	p, err := s.createPayGetLocked(acct, amount)
	if err != nil {
		return apiFailure(apiPayGet, http.StatusInternalServerError, err.Error())
	}

	if s.shape == ShapeB {
		type payment struct {
			ID          string `json:"id"`
			Amount      int64  `json:"amount"`
			Fee         int64  `json:"fee"`
			FinalAmount int64  `json:"finalAmount"`
			QRIS        string `json:"qris"`
			Exp         string `json:"exp"`
			Status      string `json:"status"`
		}
		return jsonResponse(http.StatusOK, struct {
			Success bool    `json:"success"`
			Message string  `json:"message"`
			Payment payment `json:"payment"`
		}{true, msgCreated, payment{
			ID: p.ID, Amount: p.Amount, Fee: p.Fee, FinalAmount: p.BalanceReceived,
			QRIS: p.QRCode, Exp: p.ExpiresAt.UTC().Format(isoMillisInUTCFmt), Status: p.Status,
		}})
	}
	return jsonResponse(http.StatusOK, struct {
		Success         bool   `json:"success"`
		Message         string `json:"message"`
		PaymentID       string `json:"paymentId"`
		QRCode          string `json:"qrCode"`
		Amount          int64  `json:"amount"`
		BalanceReceived int64  `json:"balanceReceived"`
		Fee             int64  `json:"fee"`
	}{true, msgCreated, p.ID, p.QRCode, p.Amount, p.BalanceReceived, p.Fee})
}

// createPayGetLocked stores a new Pending payment under the current shape's
// rules; s.mu must be held.
func (s *Sandbox) createPayGetLocked(acct *account, amount int64) (PayGetPayment, error) {
	id := newPayGetID()
	for s.payget[id] != nil {
		id = newPayGetID()
	}
	qrCode, err := qrDataURI(QRISPayload(id, amount))
	if err != nil {
		return PayGetPayment{}, err
	}
	now := s.nowLocked()
	expiry := expiryShapeA
	if s.shape == ShapeB {
		expiry = expiryShapeB
	}
	fee := payGetFee(amount, s.shape)
	p := &PayGetPayment{
		ID:              id,
		Owner:           acct.username,
		Amount:          amount,
		Fee:             fee,
		BalanceReceived: amount - fee,
		Status:          statusPending,
		QRCode:          qrCode,
		CreatedAt:       now,
		ExpiresAt:       now.Add(expiry),
	}
	s.payget[id] = p
	s.paygetOrder = append(s.paygetOrder, id)
	return *p, nil
}

var errBodyTooLarge = errors.New("request body too large")

// readJSONBody reads a JSON object body the way Express's json() middleware
// does: a body that is not declared application/json is ignored (as if
// empty); an empty body is an empty object; malformed JSON is an error.
func readJSONBody(r *http.Request) (map[string]json.RawMessage, error) {
	fields := map[string]json.RawMessage{}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		return fields, nil
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBody+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxRequestBody {
		return nil, errBodyTooLarge
	}
	if len(data) == 0 {
		return fields, nil
	}
	if err := json.Unmarshal(data, &fields); err != nil {
		return nil, err
	}
	return fields, nil
}

// parsePayGetAmount applies the documented amount rules; the message is ""
// when the amount is valid.
func parsePayGetAmount(body map[string]json.RawMessage) (int64, string) {
	raw, ok := body["amount"]
	if !ok || string(raw) == "null" {
		return 0, msgAmountRequired
	}
	if raw[0] != '-' && (raw[0] < '0' || raw[0] > '9') {
		return 0, msgAmountNumber // a string, boolean, object or array
	}
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil {
		return 0, msgAmountNumber
	}
	return checkPayGetAmount(f)
}

func checkPayGetAmount(f float64) (int64, string) {
	if math.IsNaN(f) || math.IsInf(f, 0) || f != math.Trunc(f) {
		return 0, msgAmountWhole
	}
	if f < minAmount || f > maxAmount {
		return 0, msgAmountRange
	}
	return int64(f), ""
}

func (s *Sandbox) paygetCancel(r *http.Request, params []string) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	acct, fail, ok := s.paygetAuth(paygetKey(r))
	if !ok {
		return fail
	}
	p := s.payget[params[0]]
	if p == nil {
		return apiFailure(apiPayGet, http.StatusNotFound, msgPaymentNotFound)
	}
	if p.Owner != acct.username {
		return apiFailure(apiPayGet, http.StatusForbidden, msgNotOwner)
	}
	settle(p, s.nowLocked())
	if p.Status != statusPending {
		return apiFailure(apiPayGet, http.StatusBadRequest, msgOnlyPending)
	}
	p.Status = statusExpired // PayGet documents that a cancelled payment reads back as Expired
	type payment struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	}
	return jsonResponse(http.StatusOK, struct {
		Success bool    `json:"success"`
		Message string  `json:"message"`
		Payment payment `json:"payment"`
	}{true, msgCancelled, payment{p.ID, p.Status}})
}

// paygetStatus needs no key: PayGet documents the endpoint without
// authentication, so a key, valid or not, is ignored.
func (s *Sandbox) paygetStatus(_ *http.Request, params []string) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.payget[params[0]]
	if p == nil {
		return apiFailure(apiPayGet, http.StatusNotFound, msgPaymentNotFound)
	}
	settle(p, s.nowLocked())
	return jsonResponse(http.StatusOK, struct {
		Success bool   `json:"success"`
		Status  string `json:"status"`
		ID      string `json:"id"`
		Amount  int64  `json:"amount"`
	}{true, p.Status, p.ID, p.Amount})
}

// PayGetPayment returns the payment with id as it reads now (expiry
// applied).
func (s *Sandbox) PayGetPayment(id string) (PayGetPayment, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.payget[id]
	if p == nil {
		return PayGetPayment{}, false
	}
	settle(p, s.nowLocked())
	return *p, true
}

// PayGetPayments returns every payment the API knows, in creation order.
func (s *Sandbox) PayGetPayments() []PayGetPayment {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.nowLocked()
	out := make([]PayGetPayment, 0, len(s.paygetOrder))
	for _, id := range s.paygetOrder {
		p := s.payget[id]
		settle(p, now)
		out = append(out, *p)
	}
	return out
}

// CreatePayGetPayment creates a payment out of band (no request logged, no
// fault consumed), under the same key and amount rules as the API; the
// error carries the API's message.
func (s *Sandbox) CreatePayGetPayment(key string, amount int64) (PayGetPayment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	acct, ok := s.accounts[key]
	if !ok {
		if key == "" {
			return PayGetPayment{}, apiMessage(msgKeyRequired)
		}
		return PayGetPayment{}, apiMessage(msgKeyInvalid)
	}
	if amount < minAmount || amount > maxAmount {
		return PayGetPayment{}, apiMessage(msgAmountRange)
	}
	return s.createPayGetLocked(acct, amount)
}

// apiMessage is an error whose text is exactly the API's message, full stop
// included, so tests can compare it with what the API answers.
type apiMessage string

func (m apiMessage) Error() string { return string(m) }

// SetPayGetPaymentStatus sets a payment's status as the PayGet backend
// would: "Success" is the payer having paid, which credits the owner's
// balance with the balance received (and leaving Success takes it back).
func (s *Sandbox) SetPayGetPaymentStatus(id, status string) error {
	switch status {
	case statusPending, statusSuccess, statusExpired:
	default:
		return fmt.Errorf("sandbox: unknown PayGet status %q (want Pending, Success or Expired)", status)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.payget[id]
	if p == nil {
		return fmt.Errorf("sandbox: no PayGet payment %q", id)
	}
	settle(p, s.nowLocked())
	s.setPayGetStatusLocked(p, status)
	return nil
}

// setPayGetStatusLocked sets a payment's status, crediting the owner's
// balance on Success (and taking it back on leaving Success); s.mu must be
// held.
func (s *Sandbox) setPayGetStatusLocked(p *PayGetPayment, status string) {
	if owner := s.accountOf(p.Owner); owner != nil {
		switch {
		case status == statusSuccess && p.Status != statusSuccess:
			owner.balance += p.BalanceReceived
		case status != statusSuccess && p.Status == statusSuccess:
			owner.balance -= p.BalanceReceived
		}
	}
	p.Status = status
}

func (s *Sandbox) accountOf(username string) *account {
	for _, a := range s.accounts {
		if a.username == username {
			return a
		}
	}
	return nil
}

// DeletePayGetPayment makes the API forget a payment, so it answers 404
// for it afterwards. It reports whether the payment existed.
func (s *Sandbox) DeletePayGetPayment(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.payget[id] == nil {
		return false
	}
	delete(s.payget, id)
	for i, pid := range s.paygetOrder {
		if pid == id {
			s.paygetOrder = append(s.paygetOrder[:i], s.paygetOrder[i+1:]...)
			break
		}
	}
	return true
}
