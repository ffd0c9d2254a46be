package sandbox

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// AdminPrefix starts the paths of the sandbox's own endpoints, which stand
// in for what happens outside the APIs, such as a payer scanning a QR code:
//
//	POST /_sandbox/payget/payments/{id}/pay     a Pending payment is paid: Success
//	POST /_sandbox/payget/payments/{id}/expire  a Pending payment runs out of time: Expired
//	POST /_sandbox/mayar/payments/{id}/pay      an open Mayar payment request is paid, and
//	                                            payment.received goes to the webhook URL
//
// Each answers 200 with {"id", "status", ...} (the Mayar one adds what the
// webhook delivery gave); 404 when the payment is unknown, 409 when it can
// no longer be paid (with {"error": "..."}). They
// need no key, are not part of either API, and bypass everything the API
// routes go through: latency, faults, hooks, the rate limit and the
// request log.
const AdminPrefix = "/_sandbox/"

// errNotPending is a settlement asked of a payment that is already final.
var errNotPending = errors.New("not Pending")

func isAdminPath(path string) bool {
	return strings.HasPrefix(path, AdminPrefix)
}

func (s *Sandbox) serveAdmin(w http.ResponseWriter, r *http.Request) {
	noLog := func(int) {}
	if params, ok := matchPattern("/_sandbox/mayar/payments/{}/pay", r.URL.Path); ok {
		if r.Method != http.MethodPost {
			resp := adminError(http.StatusMethodNotAllowed, "use POST")
			resp.header = http.Header{"Allow": {http.MethodPost}}
			send(w, resp, noLog)
			return
		}
		send(w, s.adminMayarPay(r, params[0]), noLog)
		return
	}
	params, ok := matchPattern("/_sandbox/payget/payments/{}/{}", r.URL.Path)
	action := map[string]string{"pay": statusSuccess, "expire": statusExpired}
	to, known := "", false
	if ok {
		to, known = action[params[1]]
	}
	if !known {
		send(w, adminError(http.StatusNotFound, "no such sandbox endpoint: POST "+AdminPrefix+
			"payget/payments/{id}/pay or /expire, or POST "+AdminPrefix+"mayar/payments/{id}/pay"), noLog)
		return
	}
	if r.Method != http.MethodPost {
		resp := adminError(http.StatusMethodNotAllowed, "use POST")
		resp.header = http.Header{"Allow": {http.MethodPost}}
		send(w, resp, noLog)
		return
	}
	p, err := s.settlePayGetPayment(params[0], to)
	switch {
	case errors.Is(err, errNotPending):
		send(w, adminError(http.StatusConflict, fmt.Sprintf(
			"payment %s is %s: only a Pending payment can be paid or expired", p.ID, p.Status)), noLog)
	case err != nil:
		send(w, adminError(http.StatusNotFound, err.Error()), noLog)
	default:
		send(w, jsonResponse(http.StatusOK, struct {
			ID     string `json:"id"`
			Status string `json:"status"`
			Amount int64  `json:"amount"`
		}{p.ID, p.Status, p.Amount}), noLog)
	}
}

func adminError(status int, msg string) response {
	return jsonResponse(status, struct {
		Error string `json:"error"`
	}{msg})
}

// settlePayGetPayment moves a Pending payment to a final status, in one
// step under the lock so that two settlements cannot both succeed.
func (s *Sandbox) settlePayGetPayment(id, to string) (PayGetPayment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.payget[id]
	if p == nil {
		return PayGetPayment{}, fmt.Errorf("no PayGet payment %q", id)
	}
	settle(p, s.nowLocked())
	if p.Status != statusPending {
		return *p, errNotPending
	}
	s.setPayGetStatusLocked(p, to)
	return *p, nil
}
