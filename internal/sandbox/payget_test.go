package sandbox_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// shapeA and shapeB are the two documented create answers.
type shapeA struct {
	Success         bool   `json:"success"`
	Message         string `json:"message"`
	PaymentID       string `json:"paymentId"`
	QRCode          string `json:"qrCode"`
	Amount          int64  `json:"amount"`
	BalanceReceived int64  `json:"balanceReceived"`
	Fee             int64  `json:"fee"`
}

type shapeB struct {
	Success bool   `json:"success"`
	Message string `json:"message"`
	Payment struct {
		ID          string `json:"id"`
		Amount      int64  `json:"amount"`
		Fee         int64  `json:"fee"`
		FinalAmount int64  `json:"finalAmount"`
		QRIS        string `json:"qris"`
		Exp         string `json:"exp"`
		Status      string `json:"status"`
	} `json:"payment"`
}

// created is what both shapes say: each field of one maps to one field of
// the other.
type created struct {
	id, qrCode, status string
	amount, fee, got   int64
	exp                time.Time // zero for shape A, which has none
}

// create decodes a create answer in the given shape.
func create(t *testing.T, r reply, shape sandbox.Shape) created {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("create: HTTP %d %s", r.status, r.body)
	}
	if shape == sandbox.ShapeB {
		var b shapeB
		r.decode(t, &b)
		if !b.Success || b.Message != "Payment request created successfully." {
			t.Errorf("create: success %v, message %q", b.Success, b.Message)
		}
		exp, err := time.Parse(time.RFC3339Nano, b.Payment.Exp)
		if err != nil || !strings.HasSuffix(b.Payment.Exp, "Z") {
			t.Errorf("create: exp %q is not ISO 8601 UTC: %v", b.Payment.Exp, err)
		}
		p := b.Payment
		return created{id: p.ID, qrCode: p.QRIS, status: p.Status, amount: p.Amount, fee: p.Fee, got: p.FinalAmount, exp: exp}
	}
	var a shapeA
	r.decode(t, &a)
	if !a.Success || a.Message != "Payment request created successfully." {
		t.Errorf("create: success %v, message %q", a.Success, a.Message)
	}
	return created{id: a.PaymentID, qrCode: a.QRCode, status: "Pending", amount: a.Amount, fee: a.Fee, got: a.BalanceReceived}
}

// postPayment creates a payment of amount for the sandbox_user account.
func postPayment(amount int64) call {
	return call{method: http.MethodPost, path: "/api/payment", header: payget(sandbox.PayGetKey), body: fmt.Sprintf(`{"amount":%d}`, amount)}
}

var paymentID = regexp.MustCompile(`^[a-z0-9]{16}$`)

func TestPayGetCreateFeesAndExpiry(t *testing.T) {
	tests := []struct {
		shape  sandbox.Shape
		amount int64
		fee    int64
		expiry time.Duration
	}{
		{sandbox.ShapeA, 100, 0, 10 * time.Minute},
		{sandbox.ShapeA, 500000, 0, 10 * time.Minute}, // seed: no fee at 500000 itself
		{sandbox.ShapeA, 500001, 4000, 10 * time.Minute},
		{sandbox.ShapeA, 1000000, 8000, 10 * time.Minute},
		{sandbox.ShapeA, 5000000, 40000, 10 * time.Minute},
		{sandbox.ShapeB, 100, 0, 30 * time.Minute},
		{sandbox.ShapeB, 499999, 0, 30 * time.Minute},
		{sandbox.ShapeB, 500000, 4000, 30 * time.Minute}, // revision B: fee from 500000 (>=)
		{sandbox.ShapeB, 500001, 4000, 30 * time.Minute},
		{sandbox.ShapeB, 1000000, 8000, 30 * time.Minute},
		{sandbox.ShapeB, 5000000, 40000, 30 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d", tt.shape, tt.amount), func(t *testing.T) {
			sb, srv := start(t, sandbox.Options{PayGetShape: tt.shape})
			got := create(t, do(t, srv, postPayment(tt.amount)), tt.shape)
			if got.amount != tt.amount || got.fee != tt.fee || got.got != tt.amount-tt.fee {
				t.Errorf("amount %d fee %d received %d; want %d, %d, %d", got.amount, got.fee, got.got, tt.amount, tt.fee, tt.amount-tt.fee)
			}
			if !paymentID.MatchString(got.id) || got.status != "Pending" {
				t.Errorf("id %q status %q; want 16 lowercase alphanumerics, Pending", got.id, got.status)
			}
			stored, ok := sb.PayGetPayment(got.id)
			if !ok {
				t.Fatalf("payment %s not stored", got.id)
			}
			if d := stored.ExpiresAt.Sub(stored.CreatedAt); d != tt.expiry {
				t.Errorf("expiry after %v; want %v", d, tt.expiry)
			}
			if stored.Owner != "sandbox_user" || stored.Fee != tt.fee || stored.BalanceReceived != tt.amount-tt.fee || stored.QRCode != got.qrCode {
				t.Errorf("stored %+v does not match the answer %+v", stored, got)
			}
			if tt.shape == sandbox.ShapeB && !got.exp.Equal(stored.ExpiresAt.Truncate(time.Millisecond)) {
				t.Errorf("exp %v; want the stored expiry %v", got.exp, stored.ExpiresAt)
			}
		})
	}
}

func TestPayGetCreateShapes(t *testing.T) {
	for _, tt := range []struct {
		shape sandbox.Shape
		keys  []string
	}{
		{sandbox.ShapeA, []string{`"paymentId":`, `"qrCode":"data:image/png;base64,`, `"amount":50000`, `"balanceReceived":50000`, `"fee":0`}},
		{sandbox.ShapeB, []string{`"payment":{"id":`, `"finalAmount":50000`, `"qris":"data:image/png;base64,`, `"exp":"`, `"status":"Pending"`}},
	} {
		t.Run(tt.shape.String(), func(t *testing.T) {
			sb, srv := start(t, sandbox.Options{})
			sb.SetPayGetShape(tt.shape)
			r := do(t, srv, postPayment(50000))
			for _, k := range tt.keys {
				if !strings.Contains(string(r.body), k) {
					t.Errorf("answer lacks %s: %s", k, r.body)
				}
			}
			if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q", ct)
			}
		})
	}
}

func TestPayGetCreateRejects(t *testing.T) {
	tests := []struct {
		name        string
		body        string
		contentType string
		message     string
	}{
		{"below minimum", `{"amount":99}`, "", "Amount must be between 100 and 5000000."},
		{"above maximum", `{"amount":5000001}`, "", "Amount must be between 100 and 5000000."},
		{"negative", `{"amount":-100}`, "", "Amount must be between 100 and 5000000."},
		{"fraction", `{"amount":100.5}`, "", "Amount must be a whole number."},
		{"string", `{"amount":"50000"}`, "", "Amount must be a number."},
		{"boolean", `{"amount":true}`, "", "Amount must be a number."},
		{"missing", `{}`, "", "Amount is required."},
		{"null", `{"amount":null}`, "", "Amount is required."},
		{"malformed JSON", `{"amount":`, "", "Invalid JSON body."},
		{"not an object", `[50000]`, "", "Invalid JSON body."},
		{"not declared JSON", `{"amount":50000}`, "text/plain", "Amount is required."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sb, srv := start(t, sandbox.Options{})
			r := do(t, srv, call{method: http.MethodPost, path: "/api/payment", header: payget(sandbox.PayGetKey), body: tt.body, contentType: tt.contentType})
			wantPayGetFailure(t, r, http.StatusBadRequest, tt.message)
			if n := len(sb.PayGetPayments()); n != 0 {
				t.Errorf("%d payments stored by a rejected create", n)
			}
		})
	}

	t.Run("boundaries and exponent accepted", func(t *testing.T) {
		_, srv := start(t, sandbox.Options{})
		for _, body := range []string{`{"amount":100}`, `{"amount":5000000}`, `{"amount":1e5}`, `{"amount":50000.0}`} {
			r := do(t, srv, call{method: http.MethodPost, path: "/api/payment", header: payget(sandbox.PayGetKey), body: body})
			if r.status != http.StatusOK {
				t.Errorf("%s: HTTP %d %s", body, r.status, r.body)
			}
		}
	})
}

func TestPayGetAuth(t *testing.T) {
	routes := []call{
		{method: http.MethodGet, path: "/api/profile"},
		{method: http.MethodPost, path: "/api/payment", body: `{"amount":50000}`},
		{method: http.MethodPost, path: "/api/payment/abcdefghijklmnop/cancel"},
	}
	for _, c := range routes {
		for _, key := range []struct {
			name    string
			header  map[string]string
			message string
		}{
			{"missing", nil, "API Key is required."},
			{"empty", map[string]string{"x-api-key": ""}, "API Key is required."},
			{"invalid", payget("pg_wrong"), "Invalid API Key."},
			{"Mayar's key", payget(sandbox.MayarKey), "Invalid API Key."},
		} {
			t.Run(c.path+"/"+key.name, func(t *testing.T) {
				_, srv := start(t, sandbox.Options{})
				c.header = key.header
				wantPayGetFailure(t, do(t, srv, c), http.StatusUnauthorized, key.message)
			})
		}
	}
}

func TestPayGetProfile(t *testing.T) {
	type profile struct {
		Success bool `json:"success"`
		Profile struct {
			Username string `json:"username"`
			Level    string `json:"level"`
			Balance  int64  `json:"balance"`
		} `json:"profile"`
	}
	tests := []struct {
		name     string
		call     call
		username string
		balance  int64
	}{
		{"header key", call{path: "/api/profile", header: payget(sandbox.PayGetKey)}, "sandbox_user", 100000},
		{"query key", call{path: "/api/profile?apiKey=" + sandbox.PayGetKey}, "sandbox_user", 100000},
		{"other account", call{path: "/api/profile", header: payget(sandbox.PayGetOtherKey)}, "other_user", 250000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, srv := start(t, sandbox.Options{})
			r := do(t, srv, tt.call)
			var p profile
			r.decode(t, &p)
			if r.status != http.StatusOK || !p.Success || p.Profile.Username != tt.username || p.Profile.Level != "member" || p.Profile.Balance != tt.balance {
				t.Errorf("HTTP %d %s", r.status, r.body)
			}
		})
	}
}

func TestPayGetPaidPaymentCreditsBalance(t *testing.T) {
	sb, srv := start(t, sandbox.Options{})
	p, err := sb.CreatePayGetPayment(sandbox.PayGetKey, 1000000)
	if err != nil {
		t.Fatal(err)
	}
	if err := sb.SetPayGetPaymentStatus(p.ID, "Success"); err != nil {
		t.Fatal(err)
	}
	r := do(t, srv, call{path: "/api/profile", header: payget(sandbox.PayGetKey)})
	if !strings.Contains(string(r.body), `"balance":1092000`) {
		t.Errorf("balance after a paid 1000000 top-up (fee 8000): %s; want 1092000", r.body)
	}
}

type paymentStatus struct {
	Success bool   `json:"success"`
	Status  string `json:"status"`
	ID      string `json:"id"`
	Amount  int64  `json:"amount"`
}

func TestPayGetExpiryIsLazy(t *testing.T) {
	for _, tt := range []struct {
		shape  sandbox.Shape
		expiry time.Duration
	}{{sandbox.ShapeA, 10 * time.Minute}, {sandbox.ShapeB, 30 * time.Minute}} {
		t.Run(tt.shape.String(), func(t *testing.T) {
			sb, srv := start(t, sandbox.Options{PayGetShape: tt.shape})
			id := create(t, do(t, srv, postPayment(50000)), tt.shape).id
			read := func() string {
				var st paymentStatus
				do(t, srv, call{path: "/api/payment-status/" + id}).decode(t, &st)
				return st.Status
			}
			sb.Advance(tt.expiry - time.Minute)
			if got := read(); got != "Pending" {
				t.Fatalf("a minute before expiry: %s; want Pending", got)
			}
			sb.Advance(time.Minute)
			if got := read(); got != "Expired" {
				t.Fatalf("at expiry: %s; want Expired", got)
			}
			if p, _ := sb.PayGetPayment(id); p.Status != "Expired" {
				t.Errorf("PayGetPayment says %s; want Expired", p.Status)
			}
		})
	}
}

func TestPayGetCancel(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(sb *sandbox.Sandbox, id string)
		key     string
		id      string // "" = the created payment
		status  int
		message string
	}{
		{name: "pending", key: sandbox.PayGetKey, status: http.StatusOK, message: "Payment cancelled successfully"},
		{name: "paid", key: sandbox.PayGetKey, status: http.StatusBadRequest, message: "Only Pending payments can be cancelled.",
			prepare: func(sb *sandbox.Sandbox, id string) { _ = sb.SetPayGetPaymentStatus(id, "Success") }},
		{name: "expired by the clock", key: sandbox.PayGetKey, status: http.StatusBadRequest, message: "Only Pending payments can be cancelled.",
			prepare: func(sb *sandbox.Sandbox, _ string) { sb.Advance(11 * time.Minute) }},
		{name: "expired", key: sandbox.PayGetKey, status: http.StatusBadRequest, message: "Only Pending payments can be cancelled.",
			prepare: func(sb *sandbox.Sandbox, id string) { _ = sb.SetPayGetPaymentStatus(id, "Expired") }},
		{name: "another key's", key: sandbox.PayGetOtherKey, status: http.StatusForbidden, message: "This payment does not belong to this API Key."},
		{name: "unknown id", key: sandbox.PayGetKey, id: "zzzzzzzzzzzzzzzz", status: http.StatusNotFound, message: "Payment not found."},
		{name: "forgotten by the API", key: sandbox.PayGetKey, status: http.StatusNotFound, message: "Payment not found.",
			prepare: func(sb *sandbox.Sandbox, id string) { sb.DeletePayGetPayment(id) }},
		{name: "no key", status: http.StatusUnauthorized, message: "API Key is required."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sb, srv := start(t, sandbox.Options{})
			p, err := sb.CreatePayGetPayment(sandbox.PayGetKey, 50000)
			if err != nil {
				t.Fatal(err)
			}
			if tt.prepare != nil {
				tt.prepare(sb, p.ID)
			}
			before, _ := sb.PayGetPayment(p.ID)
			id := tt.id
			if id == "" {
				id = p.ID
			}
			r := do(t, srv, call{method: http.MethodPost, path: "/api/payment/" + id + "/cancel", header: payget(tt.key)})
			after, _ := sb.PayGetPayment(p.ID)
			if tt.status != http.StatusOK {
				wantPayGetFailure(t, r, tt.status, tt.message)
				if after.Status != before.Status {
					t.Errorf("a refused cancel changed the status from %s to %s", before.Status, after.Status)
				}
				return
			}
			want := fmt.Sprintf(`{"success":true,"message":"Payment cancelled successfully","payment":{"id":"%s","status":"Expired"}}`, p.ID)
			if r.status != http.StatusOK || string(r.body) != want {
				t.Errorf("HTTP %d %s; want 200 %s", r.status, r.body, want)
			}
			if after.Status != "Expired" {
				t.Errorf("a cancelled payment reads %s; want Expired", after.Status)
			}
		})
	}
}

func TestPayGetStatus(t *testing.T) {
	sb, srv := start(t, sandbox.Options{})
	p, err := sb.CreatePayGetPayment(sandbox.PayGetOtherKey, 75000)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf(`{"success":true,"status":"Pending","id":"%s","amount":75000}`, p.ID)
	for _, header := range []map[string]string{nil, payget("pg_wrong"), payget(sandbox.PayGetKey)} {
		r := do(t, srv, call{path: "/api/payment-status/" + p.ID, header: header})
		if r.status != http.StatusOK || string(r.body) != want {
			t.Errorf("with header %v: HTTP %d %s; want 200 %s (no key needed, any key ignored)", header, r.status, r.body, want)
		}
	}
	if err := sb.SetPayGetPaymentStatus(p.ID, "Success"); err != nil {
		t.Fatal(err)
	}
	var st paymentStatus
	do(t, srv, call{path: "/api/payment-status/" + p.ID}).decode(t, &st)
	if st.Status != "Success" {
		t.Errorf("status %s after the payer paid; want Success", st.Status)
	}
	wantPayGetFailure(t, do(t, srv, call{path: "/api/payment-status/nosuchpayment000"}), http.StatusNotFound, "Payment not found.")
	if !sb.DeletePayGetPayment(p.ID) || sb.DeletePayGetPayment(p.ID) {
		t.Error("DeletePayGetPayment: want true once, then false")
	}
	wantPayGetFailure(t, do(t, srv, call{path: "/api/payment-status/" + p.ID}), http.StatusNotFound, "Payment not found.")
}

func TestPayGetOutOfBand(t *testing.T) {
	sb, _ := start(t, sandbox.Options{})
	for _, tt := range []struct {
		key    string
		amount int64
		err    string
	}{
		{"", 50000, "API Key is required."},
		{"pg_wrong", 50000, "Invalid API Key."},
		{sandbox.PayGetKey, 99, "Amount must be between 100 and 5000000."},
	} {
		if _, err := sb.CreatePayGetPayment(tt.key, tt.amount); err == nil || err.Error() != tt.err {
			t.Errorf("CreatePayGetPayment(%q, %d): %v; want %q", tt.key, tt.amount, err, tt.err)
		}
	}
	a, _ := sb.CreatePayGetPayment(sandbox.PayGetKey, 1000)
	b, _ := sb.CreatePayGetPayment(sandbox.PayGetOtherKey, 2000)
	if got := sb.PayGetPayments(); len(got) != 2 || got[0].ID != a.ID || got[1].ID != b.ID || got[1].Owner != "other_user" {
		t.Errorf("PayGetPayments: %+v; want a then b, in creation order", got)
	}
	if err := sb.SetPayGetPaymentStatus(a.ID, "Paid"); err == nil {
		t.Error("SetPayGetPaymentStatus accepted an undocumented status")
	}
	if err := sb.SetPayGetPaymentStatus("nosuchpayment000", "Success"); err == nil {
		t.Error("SetPayGetPaymentStatus accepted an unknown id")
	}
	if n := sb.RequestCount(sandbox.RouteAny); n != 0 {
		t.Errorf("out-of-band calls logged %d requests", n)
	}
}
