package mayar_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

// Every operation goes to Mayar's method and path for its version,
// with the key only as a Bearer header and the id where each version wants
// it.
func TestWriteEndpoints(t *testing.T) {
	desc := "<p>Sewa</p>"
	in := mayar.PaymentRequestInput{
		Name: "Tagihan Mei", Amount: 150000, Email: "siti@example.id", Mobile: "+6281234567890",
		Description: &desc, ExpiresAt: time.Date(2026, 12, 31, 23, 0, 0, 0, time.FixedZone("WIB", 7*3600)),
	}
	read := `{"statusCode":200,"messages":"success","data":{"id":"` + createdID + `","name":"Tagihan Mei","amount":150000,` +
		`"status":"unpaid","description":"<p>Sewa</p>","link":"rqp9x2k7m3a","linkUrl":"https://shop.myr.id/pl/rqp9x2k7m3a",` +
		`"type":"payment_request","category":null,"limit":null,"transactions":[],"event":null}}`
	type op struct {
		name string
		run  func(c *mayar.Client) error
	}
	ops := []op{
		{"create", func(c *mayar.Client) error {
			p, err := c.CreatePaymentRequest(context.Background(), in)
			if err == nil && (p.ID != createdID || p.TransactionID == "" || p.Link != "https://shop.myr.id/pl/rqp9x2k7m3a") {
				t.Errorf("created %+v", p)
			}
			return err
		}},
		{"read", func(c *mayar.Client) error {
			p, err := c.GetPaymentRequest(context.Background(), createdID)
			if err == nil && (p.ID != createdID || p.Status != mayar.StatusActive || !mayar.IsOpen(p.Status) ||
				p.Amount == nil || *p.Amount != 150000 || p.LinkURL != "https://shop.myr.id/pl/rqp9x2k7m3a" || p.Link != "rqp9x2k7m3a") {
				t.Errorf("read %+v", p)
			}
			return err
		}},
		{"edit", func(c *mayar.Client) error { return c.EditPaymentRequest(context.Background(), createdID, in) }},
		{"close", func(c *mayar.Client) error { return c.ClosePaymentRequest(context.Background(), createdID) }},
		{"reopen", func(c *mayar.Client) error { return c.ReopenPaymentRequest(context.Background(), createdID) }},
		{"webhook", func(c *mayar.Client) error {
			return c.SetWebhookURL(context.Background(), "https://hooks.example.id/mayar/s3cr3t")
		}},
		{"test", func(c *mayar.Client) error {
			return c.TestWebhook(context.Background(), "https://hooks.example.id/mayar/s3cr3t")
		}},
	}
	want := map[mayar.Version][]string{
		mayar.V1: {
			"POST /hl/v1/payment/create", "GET /hl/v1/payment/" + createdID, "POST /hl/v1/payment/edit",
			"GET /hl/v1/payment/close/" + createdID, "GET /hl/v1/payment/open/" + createdID,
			"POST /hl/v1/webhook/register", "POST /hl/v1/webhook/test",
		},
		mayar.V2: {
			"POST /hl/v2/payments/create", "GET /hl/v2/payments/" + createdID, "POST /hl/v2/payments/" + createdID + "/update",
			"POST /hl/v2/payments/" + createdID + "/close", "POST /hl/v2/payments/" + createdID + "/open",
			"POST /hl/v2/webhooks/update", "POST /hl/v2/webhooks/test",
		},
	}
	for _, v := range []mayar.Version{mayar.V1, mayar.V2} {
		t.Run(string(v), func(t *testing.T) {
			f := &scriptedServer{fallback: respond(200, successAnswer), script: []http.HandlerFunc{respond(200, createdAnswer), respond(200, read)}}
			c := scriptedClient(t, f, v)
			for _, o := range ops {
				if err := o.run(c); err != nil {
					t.Fatalf("%s: %v", o.name, err)
				}
			}
			reqs := f.requests()
			if len(reqs) != len(want[v]) {
				t.Fatalf("%d requests, want %d", len(reqs), len(want[v]))
			}
			for i, r := range reqs {
				if got := r.Method + " " + r.Path; got != want[v][i] {
					t.Errorf("%s: %s, want %s", ops[i].name, got, want[v][i])
				}
				if r.Auth != "Bearer "+testKey {
					t.Errorf("%s: Authorization %q", ops[i].name, r.Auth)
				}
			}
			create, edit := reqs[0].Body, reqs[2].Body
			if create["name"] != "Tagihan Mei" || create["amount"] != 150000.0 || create["email"] != "siti@example.id" ||
				create["mobile"] != "+6281234567890" || create["description"] != "<p>Sewa</p>" ||
				create["expiredAt"] != "2026-12-31T16:00:00.000Z" || create["id"] != nil {
				t.Errorf("create body %v", create)
			}
			if edit["id"] != createdID || edit["amount"] != 150000.0 || edit["name"] != nil || edit["expiredAt"] != "2026-12-31T16:00:00.000Z" {
				t.Errorf("edit body %v", edit)
			}
			for _, r := range reqs[5:] {
				if r.Body["urlHook"] != "https://hooks.example.id/mayar/s3cr3t" {
					t.Errorf("%s body %v", r.Path, r.Body)
				}
			}
		})
	}
}

// A create that may have reached Mayar is sent once, and its error says
// the outcome is unknown; a create Mayar surely refused is not marked so.
func TestCreateNeverResent(t *testing.T) {
	cases := []struct {
		name      string
		answer    http.HandlerFunc
		unknown   bool
		duplicate bool
		words     []string
	}{
		{"503", respond(503, `{"statusCode":503,"messages":"Service Unavailable"}`), true, false, []string{"HTTP 503", "may have been created"}},
		{"502 HTML", respond(502, `<html>Bad Gateway</html>`), true, false, []string{"HTTP 502", "not JSON", "may have been created"}},
		{"connection closed without an answer", hangUp, true, false, []string{"/create", "may have been created", "not sent again"}},
		{"answer cut off", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Length", "200")
			w.WriteHeader(200)
			_, _ = io.WriteString(w, `{"statusCode":200,"messages":"success","data":{"id":"6f8c`)
		}, true, false, []string{"cut off", "may have been created"}},
		{"success without an id", respond(200, `{"statusCode":200,"messages":"success","data":{"link":"x"}}`), true, false,
			[]string{"unexpected answer", "data.id: missing", "may have been created"}},
		{"200 that is not JSON", respond(200, `<html>ok</html>`), true, false, []string{"not JSON", "may have been created"}},
		{"duplicate guard", respond(429, `{"statusCode":429,"messages":"Duplicate request detected. Please wait 1 minute before trying again."}`),
			false, true, []string{"HTTP 429", `"Duplicate request detected. Please wait 1 minute before trying again."`, "accepted within the last minute"}},
		{"duplicate guard with Retry-After", withRetryAfter(respond(429, `{"statusCode":429,"messages":"Duplicate request detected. Please wait 1 minute before trying again."}`)),
			false, true, []string{"HTTP 429", "accepted within the last minute"}},
		{"429 without Retry-After", respond(429, `{"statusCode":429,"messages":"Too Many Requests"}`), false, false,
			[]string{"HTTP 429", "Too Many Requests"}},
		{"429 that is not Mayar's JSON", withRetryAfter(respond(429, `<html>Too Many Requests</html>`)), false, false,
			[]string{"HTTP 429", "not JSON"}},
		{"validation error", respond(400, `{"statusCode":400,"messages":"Validation Error"}`), false, false, []string{"HTTP 400", "Validation Error"}},
		{"already exist", respond(409, `{"statusCode":409,"messages":"already exist"}`), false, false, []string{"HTTP 409", "already exist"}},
	}
	// Both creates take the same path: a payment request and a payment link.
	creates := map[string]func(*mayar.Client) error{
		"payment request": func(c *mayar.Client) error {
			_, err := c.CreatePaymentRequest(context.Background(), mayar.PaymentRequestInput{Name: "Kopi", Amount: 25000})
			return err
		},
		"payment link": func(c *mayar.Client) error {
			_, err := c.CreatePaymentLink(context.Background(), mayar.PaymentLinkInput{Name: "Kopi", Amount: 25000})
			return err
		},
	}
	for _, tc := range cases {
		for what, create := range creates {
			t.Run(tc.name+"/"+what, func(t *testing.T) {
				f := &scriptedServer{fallback: respond(200, createdAnswer), script: []http.HandlerFunc{tc.answer}}
				err := create(scriptedClient(t, f, mayar.V2))
				if err == nil {
					t.Fatal("no error")
				}
				if n := len(f.requests()); n != 1 {
					t.Fatalf("the create was sent %d times, want once", n)
				}
				if got := errors.Is(err, mayar.ErrOutcomeUnknown); got != tc.unknown {
					t.Errorf("ErrOutcomeUnknown %v, want %v: %v", got, tc.unknown, err)
				}
				if got := errors.Is(err, mayar.ErrDuplicateRequest); got != tc.duplicate {
					t.Errorf("ErrDuplicateRequest %v, want %v: %v", got, tc.duplicate, err)
				}
				if tc.unknown {
					mustContain(t, err, "the "+what+" may have been created")
				}
				mustContain(t, err, tc.words...)
			})
		}
	}
}

// A create refused by Mayar's rate limit (429 with Retry-After, a message
// that is not the duplicate guard's) was not processed: it is sent again
// after Retry-After and creates the request, under both versions. Every
// other 429 is answered at once (TestCreateNeverResent).
func TestCreateRetriedWhenRateLimited(t *testing.T) {
	for _, v := range []mayar.Version{mayar.V1, mayar.V2} {
		t.Run(string(v), func(t *testing.T) {
			f := &scriptedServer{fallback: respond(200, createdAnswer), script: []http.HandlerFunc{
				withRetryAfter(respond(429, `{"statusCode":429,"messages":"Too Many Requests"}`)),
			}}
			c := scriptedClient(t, f, v)
			created, err := c.CreatePaymentRequest(context.Background(),
				mayar.PaymentRequestInput{Name: "Kopi", Amount: 25000, Email: "siti@example.id"})
			if err != nil || created.ID != createdID {
				t.Fatalf("got %+v, %v", created, err)
			}
			if reqs := f.requests(); len(reqs) != 2 || reqs[0].Path != reqs[1].Path || reqs[1].Body["name"] != "Kopi" {
				t.Fatalf("the create was sent %d times (%v), want twice, the same", len(reqs), reqs)
			}
		})
	}
}

// Reads, edits, closes and reopens are retried on server errors; their
// refusals are typed: Mayar's own "not found", a paid request's 409, and
// close and reopen answering HTTP 200 "failed".
func TestWriteFailures(t *testing.T) {
	ctx := context.Background()
	get := func(c *mayar.Client) error { _, err := c.GetPaymentRequest(ctx, createdID); return err }
	edit := func(c *mayar.Client) error {
		return c.EditPaymentRequest(ctx, createdID, mayar.PaymentRequestInput{Amount: 2000})
	}
	closeIt := func(c *mayar.Client) error { return c.ClosePaymentRequest(ctx, createdID) }
	reopen := func(c *mayar.Client) error { return c.ReopenPaymentRequest(ctx, createdID) }
	notFound := respond(404, `{"statusCode":404,"messages":"Payment not found"}`)
	cases := []struct {
		name     string
		op       func(*mayar.Client) error
		script   []http.HandlerFunc
		requests int
		is       error // nil: no sentinel
		words    []string
	}{
		{"read unknown", get, []http.HandlerFunc{notFound}, 1, mayar.ErrNotFound, []string{"HTTP 404", `"Payment not found"`}},
		{"read 404 of a route", get, []http.HandlerFunc{respond(404, `{"statusCode":404,"messages":"Not Found"}`)}, 1, nil, []string{"HTTP 404"}},
		{"read 404 page", get, []http.HandlerFunc{respond(404, `<html>Cannot GET</html>`)}, 1, nil, []string{"HTTP 404", "not JSON"}},
		{"read after two 503s", get, []http.HandlerFunc{respond(503, `{}`), respond(503, `{}`), notFound}, 3, mayar.ErrNotFound, nil},
		{"read of another id", get, []http.HandlerFunc{respond(200, `{"statusCode":200,"messages":"success","data":{"id":"other"}}`)}, 1, nil,
			[]string{"unexpected answer", `asked for payment request "` + createdID + `", got "other"`}},
		{"edit paid", edit, []http.HandlerFunc{respond(409, `{"statusCode":409,"messages":"Transaction already paid. Cannot edit payment request."}`)}, 1,
			mayar.ErrPaid, []string{"HTTP 409", `"Transaction already paid. Cannot edit payment request."`}},
		{"edit unknown", edit, []http.HandlerFunc{notFound}, 1, mayar.ErrNotFound, nil},
		{"edit after a reset", edit, []http.HandlerFunc{hangUp}, 2, nil, nil},
		{"close failed", closeIt, []http.HandlerFunc{respond(200, `{"statusCode":200,"messages":"failed"}`)}, 1, nil, []string{"HTTP 200", `"failed"`}},
		{"reopen failed", reopen, []http.HandlerFunc{respond(200, `{"statusCode":200,"messages":"failed"}`)}, 1, nil, []string{"HTTP 200", `"failed"`}},
		{"close unknown", closeIt, []http.HandlerFunc{notFound}, 1, mayar.ErrNotFound, nil},
		{"close after a 502", closeIt, []http.HandlerFunc{respond(502, `<html></html>`)}, 2, nil, nil},
	}
	for _, tc := range cases {
		for _, v := range []mayar.Version{mayar.V1, mayar.V2} {
			t.Run(tc.name+" "+string(v), func(t *testing.T) {
				f := &scriptedServer{fallback: respond(200, successAnswer), script: tc.script}
				err := tc.op(scriptedClient(t, f, v))
				if n := len(f.requests()); n != tc.requests {
					t.Fatalf("%d requests, want %d", n, tc.requests)
				}
				if tc.words == nil && tc.is == nil {
					if err != nil {
						t.Fatalf("retried into success expected, got %v", err)
					}
					return
				}
				if err == nil {
					t.Fatal("no error")
				}
				for _, s := range []error{mayar.ErrNotFound, mayar.ErrPaid, mayar.ErrDuplicateRequest, mayar.ErrOutcomeUnknown} {
					if got, want := errors.Is(err, s), errors.Is(tc.is, s); got != want {
						t.Errorf("errors.Is(%v) = %v: %v", s, got, err)
					}
				}
				var apiErr *transport.APIError
				if !errors.As(err, &apiErr) {
					t.Errorf("not an *transport.APIError: %v", err)
				}
				for _, w := range tc.words {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("%q is not in %q", w, err)
					}
				}
			})
		}
	}
}

// What can be refused before sending is refused with nothing sent.
func TestWriteRefusedLocally(t *testing.T) {
	ctx := context.Background()
	f := &scriptedServer{fallback: respond(200, createdAnswer)}
	v1 := scriptedClient(t, f, mayar.V1)
	v2 := scriptedClient(t, f, mayar.V2)
	for name, err := range map[string]error{
		"v1 create without email": func() error {
			_, err := v1.CreatePaymentRequest(ctx, mayar.PaymentRequestInput{Name: "Kopi", Amount: 1000})
			return err
		}(),
		"create without name": func() error {
			_, err := v2.CreatePaymentRequest(ctx, mayar.PaymentRequestInput{Amount: 1000})
			return err
		}(),
		"create of 0 rupiah": func() error {
			_, err := v2.CreatePaymentRequest(ctx, mayar.PaymentRequestInput{Name: "Kopi"})
			return err
		}(),
		"read of ..":          func() error { _, err := v2.GetPaymentRequest(ctx, ".."); return err }(),
		"edit of an empty id": v1.EditPaymentRequest(ctx, " ", mayar.PaymentRequestInput{Amount: 1}),
		"close of ..":         v2.ClosePaymentRequest(ctx, ".."),
		"relative webhook":    v2.SetWebhookURL(ctx, "/hook"),
		"no key": func() error {
			tc, _ := transport.New(transport.Config{BaseURL: "http://127.0.0.1:1"})
			return mayar.New(tc, "", mayar.V2).SetWebhookURL(ctx, "https://x.example/h")
		}(),
	} {
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if n := len(f.requests()); n != 0 {
		t.Fatalf("%d requests sent, want 0", n)
	}
	if !mayar.V1.EmailRequired() || mayar.V2.EmailRequired() {
		t.Error("EmailRequired: V1 needs an email, V2 does not")
	}
	if mayar.IsOpen(mayar.StatusPaid) || mayar.IsOpen(mayar.StatusClosed) || !mayar.IsOpen(mayar.StatusActive) {
		t.Error("IsOpen")
	}
}

// An edit can clear the description with an empty one; a create does not
// send an empty description at all.
func TestEditClearsDescription(t *testing.T) {
	f := &scriptedServer{fallback: respond(200, createdAnswer)}
	c := scriptedClient(t, f, mayar.V2)
	empty := ""
	in := mayar.PaymentRequestInput{Name: "Kopi", Amount: 1000, Description: &empty}
	if _, err := c.CreatePaymentRequest(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	if err := c.EditPaymentRequest(context.Background(), createdID, in); err != nil {
		t.Fatal(err)
	}
	reqs := f.requests()
	if _, ok := reqs[0].Body["description"]; ok {
		t.Errorf("create sent description %v", reqs[0].Body)
	}
	if d, ok := reqs[1].Body["description"]; !ok || d != "" {
		t.Errorf("edit body %v, want description \"\"", reqs[1].Body)
	}
}
