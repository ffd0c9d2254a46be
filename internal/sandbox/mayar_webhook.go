package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// The account's one webhook URL. Mayar has no endpoint that reads or
// removes it; the sandbox has Go methods for tests instead (WebhookURL,
// WebhookDeliveries).

const (
	// EventPaymentReceived is what Mayar POSTs when a payment request is
	// paid.
	EventPaymentReceived = "payment.received"
	// EventTest is the sandbox's name for the event the test endpoint
	// sends; Mayar does not document one.
	EventTest = "testing"

	// webhookTimeout bounds one delivery.
	webhookTimeout = 5 * time.Second
)

// WebhookDelivery is one event the sandbox POSTed, or tried to.
type WebhookDelivery struct {
	URL    string
	Event  string
	Body   []byte // the JSON POSTed
	Status int    // the receiver's HTTP status; 0 when none came
	Error  string // why it was not delivered, "" when it was
	At     time.Time
}

// webhookClient delivers events. It does not follow redirects: a receiver
// answers, it does not send the sandbox elsewhere.
var webhookClient = &http.Client{
	Timeout:       webhookTimeout,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// checkHookURL is Mayar's check of urlHook: present, and an absolute http
// or https URL. The message is "" when it is valid.
func checkHookURL(raw string) string {
	if strings.TrimSpace(raw) == "" {
		return mayarMsgURLRequired
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return mayarMsgURLInvalid
	}
	return ""
}

// hookURLFrom reads urlHook from a request's body.
func hookURLFrom(r *http.Request) (string, response, bool) {
	body, fail, ok := mayarBody(r)
	if !ok {
		return "", fail, false
	}
	hook, _, ok := mayarText(body, "urlHook")
	if !ok {
		return "", mayarFail(http.StatusBadRequest, mayarMsgURLInvalid), false
	}
	if msg := checkHookURL(hook); msg != "" {
		return "", mayarFail(http.StatusBadRequest, msg), false
	}
	return hook, response{}, true
}

// mayarSetWebhook stores the account's webhook URL (V1 register, V2
// update): the last one set receives every event.
func (s *Sandbox) mayarSetWebhook(r *http.Request, _ []string) response {
	if fail, ok := mayarAuth(r, true); !ok {
		return fail
	}
	hook, fail, ok := hookURLFrom(r)
	if !ok {
		return fail
	}
	s.mu.Lock()
	s.webhookURL = hook
	s.mu.Unlock()
	return mayarSuccess()
}

// mayarTestWebhook POSTs a test event to the URL in the body. Like Mayar,
// it answers success whether or not the receiver took the event; the
// delivery is in WebhookDeliveries.
func (s *Sandbox) mayarTestWebhook(r *http.Request, _ []string) response {
	if fail, ok := mayarAuth(r, true); !ok {
		return fail
	}
	hook, fail, ok := hookURLFrom(r)
	if !ok {
		return fail
	}
	s.deliver(r.Context(), hook, EventTest, map[string]any{
		"message":   "This is a test event from the indopay sandbox.",
		"createdAt": s.Now().UnixMilli(),
	})
	return mayarSuccess()
}

// WebhookURL is the URL set last, "" when none was.
func (s *Sandbox) WebhookURL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhookURL
}

// WebhookDeliveries returns every event POSTed (or tried), in order.
func (s *Sandbox) WebhookDeliveries() []WebhookDelivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := slices.Clone(s.deliveries)
	for i := range out {
		out[i].Body = slices.Clone(out[i].Body)
	}
	return out
}

// deliver POSTs {"event": event, "data": data} to hook and records the
// outcome. The sandbox delivers only to loopback hosts: its keys are
// public, and tests must not reach the network. It must be called without
// s.mu held.
func (s *Sandbox) deliver(ctx context.Context, hook, event string, data any) WebhookDelivery {
	body, err := json.Marshal(map[string]any{"event": event, "data": data})
	d := WebhookDelivery{URL: hook, Event: event, Body: body, At: s.Now()}
	switch {
	case err != nil:
		d.Error = "encoding the event: " + err.Error()
	case !loopbackURL(hook):
		d.Error = "not delivered: the sandbox delivers webhooks only to loopback hosts (127.0.0.0/8, ::1, localhost)"
	default:
		d.Status, d.Error = post(ctx, hook, body)
	}
	s.mu.Lock()
	s.deliveries = append(s.deliveries, d)
	s.mu.Unlock()
	return d
}

func post(ctx context.Context, hook string, body []byte) (int, string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), webhookTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hook, bytes.NewReader(body)) //nolint:gosec // G704: posting to the registered URL is the point; deliver lets only loopback URLs through
	if err != nil {
		return 0, err.Error()
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "indopay-sandbox (Mayar webhook)")
	resp, err := webhookClient.Do(req) //nolint:gosec // G704: a loopback URL, checked by deliver
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Sprintf("the receiver answered HTTP %d", resp.StatusCode)
	}
	return resp.StatusCode, ""
}

func loopbackURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// PayMayarPaymentRequest pays an open payment request as a customer would:
// it becomes paid with one transaction of its amount, whose id is the
// request's TransactionID (the create's transactionId), and, when a webhook
// URL is set, a payment.received event with that transactionId is POSTed
// to it before this returns. The delivery is nil when no URL is set.
func (s *Sandbox) PayMayarPaymentRequest(id string) (*WebhookDelivery, error) {
	return s.payMayar(context.Background(), id)
}

// errMayarNotOpen is a payment request that cannot be paid.
var errMayarNotOpen = errors.New("only an open (active, V2: unpaid) payment request can be paid")

func (s *Sandbox) payMayar(ctx context.Context, id string) (*WebhookDelivery, error) {
	s.mu.Lock()
	i := s.mayarIndex(id)
	if i < 0 {
		s.mu.Unlock()
		return nil, fmt.Errorf("%w: %q", ErrMayarNotFound, id)
	}
	p := &s.mayar[i]
	if p.Status != mayarActive {
		status := p.Status
		s.mu.Unlock()
		return nil, fmt.Errorf("payment request %s is %s: %w", id, status, errMayarNotOpen)
	}
	var amount int64
	if p.Amount != nil {
		amount = *p.Amount
	}
	if p.TransactionID == "" {
		p.TransactionID = newUUID()
	}
	now := s.nowLocked()
	tx := MayarTransaction{ID: p.TransactionID, Amount: amount, Status: "SUCCESS", CreatedAt: now.UnixMilli()}
	p.Status = mayarPaid
	p.Transactions = append(p.Transactions, tx)
	// The event's data, in the spirit of Mayar's: who paid what, for which
	// request. The sandbox's field names, not a copy of Mayar's payload.
	data := map[string]any{
		"id":             tx.ID,
		"transactionId":  tx.ID,
		"status":         tx.Status,
		"amount":         amount,
		"productId":      p.ID,
		"productName":    p.Name,
		"productType":    p.Type,
		"customerEmail":  p.Email,
		"customerMobile": p.Mobile,
		"createdAt":      tx.CreatedAt,
	}
	hook := s.webhookURL
	s.mu.Unlock()
	if hook == "" {
		return nil, nil
	}
	d := s.deliver(ctx, hook, EventPaymentReceived, data)
	return &d, nil
}

// adminMayarPay answers POST /_sandbox/mayar/payments/{id}/pay (see
// AdminPrefix), the HTTP face of PayMayarPaymentRequest for scripts such as
// the demo.
func (s *Sandbox) adminMayarPay(r *http.Request, id string) response {
	d, err := s.payMayar(r.Context(), id)
	switch {
	case errors.Is(err, ErrMayarNotFound):
		return adminError(http.StatusNotFound, err.Error())
	case err != nil:
		return adminError(http.StatusConflict, err.Error())
	}
	type webhook struct {
		URL    string          `json:"url"`
		Event  json.RawMessage `json:"event"`
		Status int             `json:"status"`
		Error  string          `json:"error,omitempty"`
	}
	answer := struct {
		ID      string   `json:"id"`
		Status  string   `json:"status"`
		Webhook *webhook `json:"webhook"`
	}{ID: id, Status: mayarPaid}
	if d != nil {
		answer.Webhook = &webhook{URL: d.URL, Event: d.Body, Status: d.Status, Error: d.Error}
	}
	return jsonResponse(http.StatusOK, answer)
}
