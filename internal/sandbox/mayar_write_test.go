package sandbox_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// mayarVersion is what differs between V1 and V2 on the write side.
type mayarVersion struct {
	name, create, get string
	edit              func(id string) call
}

var mayarVersions = []mayarVersion{
	{name: "v1", create: "/hl/v1/payment/create", get: "/hl/v1/payment/",
		edit: func(string) call { return call{method: http.MethodPost, path: "/hl/v1/payment/edit"} }},
	{name: "v2", create: "/hl/v2/payments/create", get: "/hl/v2/payments/",
		edit: func(id string) call { return call{method: http.MethodPost, path: "/hl/v2/payments/" + id + "/update"} }},
}

// createOne creates a payment request over HTTP and returns its id.
func createOne(t *testing.T, srv *httptest.Server, path, body string) string {
	t.Helper()
	r := do(t, srv, call{method: http.MethodPost, path: path, header: bearer(sandbox.MayarKey), body: body})
	var made struct {
		mayarEnvelope
		Data struct{ ID string } `json:"data"`
	}
	r.decode(t, &made)
	if r.status != http.StatusOK || made.Data.ID == "" {
		t.Fatalf("create: HTTP %d %s", r.status, r.body)
	}
	return made.Data.ID
}

// The read answer has the listing's fields and transactions, the full URL
// only on V2, and never the email, mobile or expiry the create stored.
func TestMayarReadOmitsWhatIsNeverReturned(t *testing.T) {
	for _, v := range mayarVersions {
		t.Run(v.name, func(t *testing.T) {
			sb, srv := start(t, sandbox.Options{})
			id := createOne(t, srv, v.create, validCreate)
			r := do(t, srv, call{path: v.get + id, header: bearer(sandbox.MayarReadOnlyKey)})
			var one struct {
				Data map[string]json.RawMessage `json:"data"`
			}
			r.decode(t, &one)
			for _, never := range []string{"email", "mobile", "expiredAt", "customerEmail"} {
				if _, ok := one.Data[never]; ok {
					t.Errorf("the read answers %q: %s", never, r.body)
				}
			}
			if string(one.Data["transactions"]) != "[]" {
				t.Errorf("transactions %s, want []", one.Data["transactions"])
			}
			_, hasURL := one.Data["linkUrl"]
			if hasURL != (v.name == "v2") {
				t.Errorf("linkUrl present %v on %s: %s", hasURL, v.name, r.body)
			}
			p, _ := sb.MayarPayment(id)
			if p.Email != "siti@example.com" || p.Mobile != "081234567890" || p.ExpiredAt != "2026-12-31T17:00:00.000Z" {
				t.Errorf("the sandbox did not keep what the create sent: %+v", p)
			}
			// Created requests are listed, newest first.
			list := do(t, srv, call{path: map[string]string{"v1": "/hl/v1/payment?status=active", "v2": "/hl/v2/payments"}[v.name], header: bearer(sandbox.MayarKey)})
			if !strings.Contains(string(list.body), id) || strings.Contains(string(list.body), "siti@example.com") {
				t.Errorf("listing: %s", list.body)
			}
		})
	}
}

// V2 needs only a name and an amount; V1 an email too.
func TestMayarCreateMinimal(t *testing.T) {
	_, srv := start(t, sandbox.Options{})
	createOne(t, srv, "/hl/v2/payments/create", `{"name":"Kopi","amount":1}`)
	r := do(t, srv, call{method: http.MethodPost, path: "/hl/v1/payment/create", header: bearer(sandbox.MayarKey), body: `{"name":"Kopi","amount":1}`})
	wantMayarFailure(t, r, http.StatusBadRequest, "Validation Error")
	createOne(t, srv, "/hl/v1/payment/create", `{"name":"Kopi","amount":1,"email":"a@b.id"}`)
}

// The same create within a minute on the sandbox clock is refused with the
// documented 429, on either version and from the Go method alike; another
// amount, or a minute later, is accepted.
func TestMayarDuplicateGuard(t *testing.T) {
	sb, srv := start(t, sandbox.Options{FailuresWithHTTP200: true})
	body := `{"name":"Kopi","email":"a@b.id","amount":1000}`
	createOne(t, srv, "/hl/v2/payments/create", body)
	for _, path := range []string{"/hl/v2/payments/create", "/hl/v1/payment/create"} {
		r := do(t, srv, call{method: http.MethodPost, path: path, header: bearer(sandbox.MayarKey), body: body})
		// Not rewritten to HTTP 200 "failed": Mayar documents this 429.
		wantMayarFailure(t, r, http.StatusTooManyRequests, "Duplicate request detected. Please wait 1 minute before trying again.")
	}
	if _, ok := sb.CreateMayarPaymentRequest(sandbox.MayarCreateInput{Name: "Kopi", Email: "a@b.id", Amount: 1000}); ok {
		t.Error("the Go method went past the guard")
	}
	createOne(t, srv, "/hl/v2/payments/create", `{"name":"Kopi","email":"a@b.id","amount":1001}`)
	sb.Advance(time.Minute)
	createOne(t, srv, "/hl/v2/payments/create", body)
	if n := len(sb.MayarPayments()); n != 3 {
		t.Fatalf("%d payment requests, want 3", n)
	}
}

func TestMayarEdit(t *testing.T) {
	for _, v := range mayarVersions {
		t.Run(v.name, func(t *testing.T) {
			sb, srv := start(t, sandbox.Options{})
			id := createOne(t, srv, v.create, validCreate)
			edit := func(body string) reply {
				c := v.edit(id)
				c.header, c.body = bearer(sandbox.MayarKey), body
				return do(t, srv, c)
			}
			withID := func(fields string) string { return `{"id":"` + id + `",` + fields + `}` }

			r := edit(withID(`"name":"ignored","amount":99000,"email":"budi@example.com","mobile":"+6281","description":"","expiredAt":"2027-01-31T00:00:00.000Z"`))
			var ok struct {
				mayarEnvelope
				Data struct{ ID, Link string } `json:"data"`
			}
			r.decode(t, &ok)
			if r.status != http.StatusOK || ok.Messages != "success" || ok.Data.ID != id || !strings.HasPrefix(ok.Data.Link, "https://") {
				t.Fatalf("edit: HTTP %d %s", r.status, r.body)
			}
			p, _ := sb.MayarPayment(id)
			if *p.Amount != 99000 || p.Name != "Tagihan Ibu Siti – Mei" || p.Email != "budi@example.com" || p.Mobile != "+6281" ||
				p.Description != "" || p.ExpiredAt != "2027-01-31T00:00:00.000Z" {
				t.Errorf("after the edit: %+v", p)
			}
			// Fields left out keep their value.
			edit(withID(`"amount":5`))
			if p, _ := sb.MayarPayment(id); *p.Amount != 5 || p.Email != "budi@example.com" {
				t.Errorf("a partial edit: %+v", p)
			}

			for _, bad := range []struct{ body, message string }{
				{withID(`"email":"x"`), "amount is required"},
				{withID(`"amount":0`), "amount must be a positive integer"},
				{withID(`"amount":1,"email":"x"`), "email is not a valid email address"},
				{withID(`"amount":1,"expiredAt":"soon"`), "expiredAt must be an ISO 8601 date"},
				{`{"id":"other","amount":1}`, map[string]string{"v1": "Payment not found", "v2": "id in the body does not match the path"}[v.name]},
			} {
				want := http.StatusBadRequest
				if bad.message == "Payment not found" {
					want = http.StatusNotFound
				}
				wantMayarFailure(t, edit(bad.body), want, bad.message)
			}
			if v.name == "v1" {
				wantMayarFailure(t, edit(`{"amount":1}`), http.StatusBadRequest, "id is required")
			}

			if err := sb.SetMayarPaymentStatus(id, "paid"); err != nil {
				t.Fatal(err)
			}
			wantMayarFailure(t, edit(withID(`"amount":7`)), http.StatusConflict, "Transaction already paid. Cannot edit payment request.")
			if p, _ := sb.MayarPayment(id); *p.Amount != 5 {
				t.Errorf("a refused edit changed the amount to %d", *p.Amount)
			}
			c := v.edit("00000000-0000-4000-8000-000000000000")
			c.header, c.body = bearer(sandbox.MayarKey), `{"id":"00000000-0000-4000-8000-000000000000","amount":1}`
			wantMayarFailure(t, do(t, srv, c), http.StatusNotFound, "Payment not found")
		})
	}
}

// receiver records the events POSTed to it.
type receiver struct {
	mu     sync.Mutex
	events []map[string]any
	status int
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	data, _ := io.ReadAll(r.Body)
	var ev map[string]any
	_ = json.Unmarshal(data, &ev)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.events = append(rc.events, ev)
	if rc.status != 0 {
		w.WriteHeader(rc.status)
	}
}

func (rc *receiver) got() []map[string]any {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]map[string]any(nil), rc.events...)
}

// The webhook URL is stored; the test endpoint POSTs a test event to the
// URL it is given; paying a request POSTs payment.received to the stored
// URL, through the Go method and the admin call alike.
func TestMayarWebhook(t *testing.T) {
	for _, paths := range []struct{ set, test string }{
		{"/hl/v1/webhook/register", "/hl/v1/webhook/test"},
		{"/hl/v2/webhooks/update", "/hl/v2/webhooks/test"},
	} {
		t.Run(paths.set, func(t *testing.T) {
			sb, srv := start(t, sandbox.Options{})
			rc := &receiver{}
			hooks := httptest.NewServer(rc)
			t.Cleanup(hooks.Close)
			hook := hooks.URL + "/mayar/s3cr3t"
			set := func(body string) reply {
				return do(t, srv, call{method: http.MethodPost, path: paths.set, header: bearer(sandbox.MayarKey), body: body})
			}
			wantMayarFailure(t, set(`{}`), http.StatusBadRequest, "urlHook is required")
			wantMayarFailure(t, set(`{"urlHook":"not a url"}`), http.StatusBadRequest, "urlHook is not a valid URL")
			wantMayarFailure(t, set(`{"urlHook":"ftp://x.example/h"}`), http.StatusBadRequest, "urlHook is not a valid URL")
			if sb.WebhookURL() != "" {
				t.Fatalf("a refused URL was stored: %q", sb.WebhookURL())
			}
			if r := set(`{"urlHook":"` + hook + `"}`); r.status != http.StatusOK || !strings.Contains(string(r.body), `"success"`) {
				t.Fatalf("set: HTTP %d %s", r.status, r.body)
			}
			if sb.WebhookURL() != hook {
				t.Fatalf("stored %q", sb.WebhookURL())
			}

			r := do(t, srv, call{method: http.MethodPost, path: paths.test, header: bearer(sandbox.MayarKey), body: `{"urlHook":"` + hook + `"}`})
			if r.status != http.StatusOK {
				t.Fatalf("test: HTTP %d %s", r.status, r.body)
			}
			if evs := rc.got(); len(evs) != 1 || evs[0]["event"] != "testing" {
				t.Fatalf("after the test: %v", evs)
			}

			id := createOne(t, srv, "/hl/v2/payments/create", validCreate)
			d, err := sb.PayMayarPaymentRequest(id)
			if err != nil || d == nil || d.Status != http.StatusOK || d.Error != "" {
				t.Fatalf("pay: %+v %v", d, err)
			}
			evs := rc.got()
			data, _ := evs[len(evs)-1]["data"].(map[string]any)
			if len(evs) != 2 || evs[1]["event"] != "payment.received" || data["productId"] != id || data["amount"] != 150000.0 ||
				data["customerEmail"] != "siti@example.com" {
				t.Fatalf("after paying: %v", evs)
			}
			p, _ := sb.MayarPayment(id)
			if p.Status != "paid" || len(p.Transactions) != 1 || p.Transactions[0].Amount != 150000 {
				t.Errorf("after paying: %+v", p)
			}
			if _, err := sb.PayMayarPaymentRequest(id); err == nil {
				t.Error("a paid request was paid again")
			}

			// The admin call, for scripts.
			id2 := createOne(t, srv, "/hl/v2/payments/create", `{"name":"Kopi","amount":2000}`)
			admin := do(t, srv, call{method: http.MethodPost, path: "/_sandbox/mayar/payments/" + id2 + "/pay"})
			var paid struct {
				ID, Status string
				Webhook    struct {
					URL    string
					Status int
					Event  map[string]any
				}
			}
			admin.decode(t, &paid)
			if admin.status != http.StatusOK || paid.ID != id2 || paid.Status != "paid" || paid.Webhook.URL != hook ||
				paid.Webhook.Status != 200 || paid.Webhook.Event["event"] != "payment.received" {
				t.Fatalf("admin pay: HTTP %d %s", admin.status, admin.body)
			}
			if r := do(t, srv, call{method: http.MethodPost, path: "/_sandbox/mayar/payments/" + id2 + "/pay"}); r.status != http.StatusConflict {
				t.Errorf("paying twice: HTTP %d %s", r.status, r.body)
			}
			if r := do(t, srv, call{method: http.MethodPost, path: "/_sandbox/mayar/payments/nope/pay"}); r.status != http.StatusNotFound {
				t.Errorf("paying an unknown request: HTTP %d %s", r.status, r.body)
			}
			if r := do(t, srv, call{path: "/_sandbox/mayar/payments/" + id2 + "/pay"}); r.status != http.StatusMethodNotAllowed {
				t.Errorf("GET on the admin call: HTTP %d %s", r.status, r.body)
			}
			for _, r := range sb.Requests() {
				if strings.HasPrefix(r.Path, "/_sandbox/") {
					t.Errorf("the admin call was logged as an API request: %+v", r)
				}
			}
			if n := len(sb.WebhookDeliveries()); n != 3 {
				t.Errorf("%d deliveries recorded, want 3", n)
			}
		})
	}
}

// Deliveries go only to loopback hosts, and a receiver's failure is
// recorded, not hidden.
func TestMayarWebhookDeliveryLimits(t *testing.T) {
	sb, srv := start(t, sandbox.Options{})
	do(t, srv, call{method: http.MethodPost, path: "/hl/v2/webhooks/update", header: bearer(sandbox.MayarKey), body: `{"urlHook":"https://hooks.example.com/x"}`})
	id := createOne(t, srv, "/hl/v2/payments/create", validCreate)
	d, err := sb.PayMayarPaymentRequest(id)
	if err != nil || d == nil || d.Status != 0 || !strings.Contains(d.Error, "only to loopback hosts") {
		t.Fatalf("delivery off loopback: %+v %v", d, err)
	}

	rc := &receiver{status: http.StatusInternalServerError}
	hooks := httptest.NewServer(rc)
	t.Cleanup(hooks.Close)
	do(t, srv, call{method: http.MethodPost, path: "/hl/v2/webhooks/update", header: bearer(sandbox.MayarKey), body: `{"urlHook":"` + hooks.URL + `"}`})
	id2 := createOne(t, srv, "/hl/v2/payments/create", `{"name":"Kopi","amount":2000}`)
	d, err = sb.PayMayarPaymentRequest(id2)
	if err != nil || d.Status != 500 || !strings.Contains(d.Error, "HTTP 500") {
		t.Fatalf("a failing receiver: %+v %v", d, err)
	}

	if _, err := sb.PayMayarPaymentRequest("nope"); !errors.Is(err, sandbox.ErrMayarNotFound) {
		t.Errorf("unknown: %v", err)
	}
	// No URL set: paid, nothing delivered.
	sb2, srv2 := start(t, sandbox.Options{})
	id3 := createOne(t, srv2, "/hl/v2/payments/create", validCreate)
	if d, err := sb2.PayMayarPaymentRequest(id3); err != nil || d != nil {
		t.Errorf("without a URL: %+v %v", d, err)
	}
}

// The Go methods that stand for changes outside Terraform.
func TestMayarOutOfBand(t *testing.T) {
	gen := sandbox.GenerateMayarPayments(2, newest)
	sb, srv := start(t, sandbox.Options{MayarPayments: gen})
	if err := sb.ModifyMayarPayment(gen[0].ID, func(p *sandbox.MayarPayment) { p.Description = "changed"; p.ID = "x" }); err != nil {
		t.Fatal(err)
	}
	if p, ok := sb.MayarPayment(gen[0].ID); !ok || p.Description != "changed" {
		t.Errorf("modified: %+v", p)
	}
	if err := sb.SetMayarPaymentStatus(gen[0].ID, "done"); err == nil {
		t.Error("an unknown status was set")
	}
	if err := sb.SetMayarPaymentStatus("nope", "paid"); !errors.Is(err, sandbox.ErrMayarNotFound) {
		t.Errorf("unknown id: %v", err)
	}
	if !sb.DeleteMayarPayment(gen[0].ID) || sb.DeleteMayarPayment(gen[0].ID) {
		t.Error("delete")
	}
	wantMayarFailure(t, do(t, srv, call{path: "/hl/v2/payments/" + gen[0].ID, header: bearer(sandbox.MayarKey)}), http.StatusNotFound, "Payment request not found")
}

// Mayar stores descriptions as HTML: plain text comes back as a paragraph,
// HTML-escaped, and HTML as sent, whichever write sent it, in the read of
// one and the listing alike.
func TestMayarDescriptionsAsHTML(t *testing.T) {
	cases := []struct{ sent, read string }{
		{"Sewa kamar bulan Mei", "<p>Sewa kamar bulan Mei</p>\n"},
		{"  Sewa kamar  ", "<p>Sewa kamar</p>\n"},
		{`Kopi & susu <manis> "gula" 'aren'`, "<p>Kopi &amp; susu &lt;manis&gt; &#34;gula&#34; &#39;aren&#39;</p>\n"},
		{"Baris satu\nBaris dua", "<p>Baris satu\nBaris dua</p>\n"},
		{"<p>Sudah <strong>HTML</strong></p>\n", "<p>Sudah <strong>HTML</strong></p>\n"},
		{" <ul><li>QRIS</li></ul>", " <ul><li>QRIS</li></ul>"},
		{"", ""},
	}
	// Each write stores description d and names the paths that read it
	// back: the read of one and a listing that holds it.
	type written struct{ one, list, id string }
	writes := []struct {
		name  string
		write func(t *testing.T, sb *sandbox.Sandbox, srv *httptest.Server, d string) written
	}{
		{"V1 payment create", func(t *testing.T, _ *sandbox.Sandbox, srv *httptest.Server, d string) written {
			id := createOne(t, srv, "/hl/v1/payment/create", `{"name":"Kopi","amount":1,"email":"a@b.id","description":`+quote(d)+`}`)
			return written{"/hl/v1/payment/" + id, "/hl/v1/payment?status=active", id}
		}},
		{"V2 payment create", func(t *testing.T, _ *sandbox.Sandbox, srv *httptest.Server, d string) written {
			id := createOne(t, srv, "/hl/v2/payments/create", `{"name":"Kopi","amount":1,"description":`+quote(d)+`}`)
			return written{"/hl/v2/payments/" + id, "/hl/v2/payments", id}
		}},
		{"V2 payment edit", func(t *testing.T, _ *sandbox.Sandbox, srv *httptest.Server, d string) written {
			id := createOne(t, srv, "/hl/v2/payments/create", `{"name":"Kopi","amount":1,"description":"lama"}`)
			do(t, srv, call{method: http.MethodPost, path: "/hl/v2/payments/" + id + "/update", header: bearer(sandbox.MayarKey),
				body: `{"id":"` + id + `","amount":2,"description":` + quote(d) + `}`})
			return written{"/hl/v2/payments/" + id, "/hl/v2/payments", id}
		}},
		{"payment link create", func(t *testing.T, _ *sandbox.Sandbox, srv *httptest.Server, d string) written {
			id, _ := createLink(t, srv, "/hl/v2/products/payment-link/create", `{"name":"Kopi","amount":1,"description":`+quote(d)+`}`)
			return written{"/hl/v2/products/" + id, "/hl/v2/products", id}
		}},
		{"payment link edit", func(t *testing.T, sb *sandbox.Sandbox, srv *httptest.Server, d string) written {
			id := sb.CreateMayarPaymentLink(sandbox.MayarPaymentLinkInput{Name: "Kopi", Amount: 1, Description: "lama"}).ID
			postLink(t, srv, "/hl/v2/payment-links/"+id+"/update", `{"id":"`+id+`","name":"Kopi","description":`+quote(d)+`}`)
			return written{"/hl/v2/products/" + id, "/hl/v2/products", id}
		}},
	}
	for _, w := range writes {
		for _, c := range cases {
			t.Run(w.name+"/"+c.sent, func(t *testing.T) {
				sb, srv := start(t, sandbox.Options{})
				at := w.write(t, sb, srv, c.sent)
				var one struct {
					Data struct{ Description string } `json:"data"`
				}
				do(t, srv, call{path: at.one, header: bearer(sandbox.MayarKey)}).decode(t, &one)
				var list struct {
					Data []struct{ ID, Description string } `json:"data"`
				}
				do(t, srv, call{path: at.list, header: bearer(sandbox.MayarKey)}).decode(t, &list)
				if one.Data.Description != c.read {
					t.Errorf("read of one: %q; want %q", one.Data.Description, c.read)
				}
				if len(list.Data) != 1 || list.Data[0].ID != at.id || list.Data[0].Description != c.read {
					t.Errorf("listing: %+v; want %q", list.Data, c.read)
				}
			})
		}
	}
}

func quote(s string) string {
	data, _ := json.Marshal(s)
	return string(data)
}

// The transactionId a create answers is the one of the payment that pays
// the request: the id of its transaction and the transactionId of the
// payment.received event. A request not created through the API gets one
// when it is paid.
func TestMayarTransactionIDFollowsThePayment(t *testing.T) {
	for _, v := range mayarVersions {
		t.Run(v.name, func(t *testing.T) {
			sb, srv := start(t, sandbox.Options{MayarPayments: sandbox.GenerateMayarPayments(1, newest)})
			rc := &receiver{}
			hooks := httptest.NewServer(rc)
			t.Cleanup(hooks.Close)
			do(t, srv, call{method: http.MethodPost, path: "/hl/v2/webhooks/update", header: bearer(sandbox.MayarKey), body: `{"urlHook":"` + hooks.URL + `"}`})

			r := do(t, srv, call{method: http.MethodPost, path: v.create, header: bearer(sandbox.MayarKey), body: validCreate})
			var made struct {
				Data struct{ ID, TransactionID string } `json:"data"`
			}
			r.decode(t, &made)
			seeded := sandbox.GenerateMayarPayments(1, newest)[0].ID
			for _, pay := range []struct{ id, transactionID string }{{made.Data.ID, made.Data.TransactionID}, {seeded, ""}} {
				if _, err := sb.PayMayarPaymentRequest(pay.id); err != nil {
					t.Fatal(err)
				}
				evs := rc.got()
				data, _ := evs[len(evs)-1]["data"].(map[string]any)
				var read struct {
					Data struct {
						Transactions []struct{ ID string } `json:"transactions"`
					} `json:"data"`
				}
				do(t, srv, call{path: v.get + pay.id, header: bearer(sandbox.MayarKey)}).decode(t, &read)
				stored, _ := sb.MayarPayment(pay.id)
				want := pay.transactionID
				if want == "" {
					want = stored.TransactionID
				}
				if want == "" || data["transactionId"] != want || data["id"] != want || stored.TransactionID != want ||
					len(read.Data.Transactions) != 1 || read.Data.Transactions[0].ID != want {
					t.Errorf("%s: transaction id %q; event %v, stored %q, read %+v", pay.id, want, data, stored.TransactionID, read.Data.Transactions)
				}
			}
		})
	}
}
