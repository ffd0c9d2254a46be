package sandbox

import (
	"errors"
	"fmt"
	"net/http"
)

// mayarEdit is V1's POST /hl/v1/payment/edit (the id in the body) and V2's
// POST /hl/v2/payments/{id}/update (the id in the path; one in the body
// must agree). amount is required; email, mobile, description (stored as
// HTML, as a create stores it) and expiredAt change when present; the name
// cannot be edited and is ignored. A paid request cannot be edited: 409.
func (s *Sandbox) mayarEdit(r *http.Request, params []string) response {
	if fail, ok := mayarAuth(r, true); !ok {
		return fail
	}
	body, fail, ok := mayarBody(r)
	if !ok {
		return fail
	}
	bodyID, _, ok := mayarText(body, "id")
	if !ok {
		return mayarFail(http.StatusBadRequest, "id"+mayarMsgOptionalNotText)
	}
	id := bodyID
	if len(params) > 0 {
		id = params[0]
		if bodyID != "" && bodyID != id {
			return mayarFail(http.StatusBadRequest, mayarMsgIDMismatch)
		}
	}
	if id == "" {
		return mayarFail(http.StatusBadRequest, mayarMsgIDRequired)
	}
	amount, msg := mayarAmount(body)
	if msg == "" {
		msg = mayarOptionals(body)
	}
	if msg != "" {
		return mayarFail(http.StatusBadRequest, msg)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.mayarIndex(id)
	if i < 0 {
		return mayarFail(http.StatusNotFound, mayarMsgEditNotFound)
	}
	p := &s.mayar[i]
	if p.Status == mayarPaid {
		return mayarFail(http.StatusConflict, mayarMsgAlreadyPaid)
	}
	p.Amount = &amount
	for field, target := range map[string]*string{
		"email": &p.Email, "mobile": &p.Mobile, "expiredAt": &p.ExpiredAt,
	} {
		if v, present, _ := mayarText(body, field); present {
			*target = v
		}
	}
	if v, present, _ := mayarVerbatim(body, "description"); present {
		p.Description = mayarHTML(v)
	}
	return mayarOK(mayarWritten{p.ID, MayarLinkBase + p.Link})
}

// mayarWritten is the data of an edit's answer, and of a product create's:
// the id and the absolute payment URL.
type mayarWritten struct {
	ID   string `json:"id"`
	Link string `json:"link"`
}

// ErrMayarNotFound is returned by the sandbox's methods for a payment
// request it does not hold.
var ErrMayarNotFound = errors.New("sandbox: no such Mayar payment request")

// SetMayarPaymentStatus sets a payment request's status as if it had
// changed outside Terraform ("active", "paid", "closed"; "unpaid", V2's
// word, is stored as active).
func (s *Sandbox) SetMayarPaymentStatus(id, status string) error {
	if !validMayarStatus(status) && status != mayarUnpaid {
		return fmt.Errorf("sandbox: %q is not a Mayar payment request status", status)
	}
	return s.ModifyMayarPayment(id, func(p *MayarPayment) { p.Status = status })
}

// ModifyMayarPayment changes a payment request in place, as an edit in
// Mayar's dashboard would. What change sets is stored as it is (a
// description is not turned into HTML), except a status "unpaid", which is
// stored as active.
func (s *Sandbox) ModifyMayarPayment(id string, change func(*MayarPayment)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.mayarIndex(id)
	if i < 0 {
		return fmt.Errorf("%w: %q", ErrMayarNotFound, id)
	}
	p := s.mayar[i].clone()
	change(&p)
	p.ID = s.mayar[i].ID // the id is what finds it
	s.mayar[i] = storedMayarPayments([]MayarPayment{p})[0]
	sortListed(s.mayar) // createdAt may have changed
	return nil
}

// DeleteMayarPayment removes a payment request, which Mayar's API cannot
// do: it stands for one Mayar no longer knows. It reports whether it
// existed.
func (s *Sandbox) DeleteMayarPayment(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	var existed bool
	s.mayar, existed = deleteListed(s.mayar, id)
	return existed
}
