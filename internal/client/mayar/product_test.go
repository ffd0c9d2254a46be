package mayar_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

const productRead = `{"statusCode":200,"messages":"success","data":{"id":"` + createdID + `","name":"Kelas Kopi",` +
	`"type":"generic_link","status":"unlisted","amount":50000,"description":"<p>Belajar &amp; praktik</p>\n",` +
	`"link":"kls","linkUrl":"https://toko.myr.id/kls","linkPayment":"https://toko.myr.id/pl/kls","limit":10,` +
	`"category":null,"coverImage":{"id":"img","url":"https://cdn.example/kls.png"}}}`

// Each call of the catalog goes to Mayar's V2 method and path, with the
// body Mayar documents: a create leaves out what is empty, an edit sends
// the whole desired object with the id in the body as in the path.
func TestProductEndpoints(t *testing.T) {
	ctx := context.Background()
	in := mayar.PaymentLinkInput{
		Name: "Kelas Kopi", Amount: 50000, Description: "Belajar & praktik", RedirectURL: "https://toko.example/terima-kasih",
		Notes: "Bawa gelas", ExpiresAt: time.Date(2026, 12, 31, 23, 0, 0, 0, time.FixedZone("WIB", 7*3600)), Limit: 10, Tax: 5000,
	}
	f := &scriptedServer{fallback: respond(200, successAnswer), script: []http.HandlerFunc{
		respond(200, `{"statusCode":200,"messages":"success","data":{"id":"`+createdID+`","link":"https://toko.myr.id/pl/kls"}}`),
		respond(200, productRead),
	}}
	c := scriptedClient(t, f, mayar.V2)
	created, err := c.CreatePaymentLink(ctx, in)
	if err != nil || created.ID != createdID || created.Link != "https://toko.myr.id/pl/kls" {
		t.Fatalf("created %+v, %v", created, err)
	}
	p, err := c.GetProduct(ctx, createdID)
	if err != nil {
		t.Fatal(err)
	}
	if p.ID != createdID || p.Type != mayar.ProductTypePaymentLink || p.Status != mayar.ProductStatusUnlisted ||
		p.Amount == nil || *p.Amount != 50000 || p.Link != "kls" || p.LinkURL != "https://toko.myr.id/kls" ||
		p.LinkPayment != "https://toko.myr.id/pl/kls" || p.Limit == nil || *p.Limit != 10 || p.Category != nil ||
		p.RedirectURL != nil || !p.CreatedAt.IsZero() || mayar.DescriptionText(p.Description) != in.Description {
		t.Fatalf("read %+v", p)
	}
	edit := in
	edit.Description, edit.Notes, edit.ExpiresAt = "", "", time.Time{}
	if err := c.EditPaymentLink(ctx, createdID, edit); err != nil {
		t.Fatal(err)
	}
	for _, status := range mayar.ProductStatuses {
		if err := c.SetProductStatus(ctx, createdID, status); err != nil {
			t.Fatal(err)
		}
	}

	reqs := f.requests()
	want := []string{
		"POST /hl/v2/products/payment-link/create", "GET /hl/v2/products/" + createdID,
		"POST /hl/v2/products/payment-link/" + createdID + "/update",
		"POST /hl/v2/products/" + createdID + "/active", "POST /hl/v2/products/" + createdID + "/unlisted",
		"POST /hl/v2/products/" + createdID + "/closed",
	}
	var got []string
	for _, r := range reqs {
		got = append(got, r.Method+" "+r.Path)
		if r.Auth != "Bearer "+testKey {
			t.Errorf("%s %s: Authorization %q", r.Method, r.Path, r.Auth)
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("requests\n got %v\nwant %v", got, want)
	}
	create, update := reqs[0].Body, reqs[2].Body
	if create["name"] != "Kelas Kopi" || create["amount"] != 50000.0 || create["description"] != "Belajar & praktik" ||
		create["redirectUrl"] != "https://toko.example/terima-kasih" || create["notes"] != "Bawa gelas" ||
		create["expiredAt"] != "2026-12-31T16:00:00.000Z" || create["limit"] != 10.0 || create["tax"] != 5000.0 || create["id"] != nil {
		t.Errorf("create body %v", create)
	}
	wantUpdate := map[string]any{"id": createdID, "name": "Kelas Kopi", "amount": 50000.0, "description": "",
		"redirectUrl": "https://toko.example/terima-kasih", "notes": ""}
	if len(update) != len(wantUpdate) {
		t.Errorf("update body %v, want %v", update, wantUpdate)
	}
	for k, v := range wantUpdate {
		if update[k] != v {
			t.Errorf("update body %v, want %v", update, wantUpdate)
		}
	}
	for _, r := range reqs[3:] {
		if r.Body != nil {
			t.Errorf("%s sent a body %v", r.Path, r.Body)
		}
	}
}

// Mayar refuses an edit with HTTP 200 "failed" and what is wrong with each
// field: the error quotes it, and the edit is not sent again. A status
// Mayar refuses is a failure too.
func TestProductRefusals(t *testing.T) {
	ctx := context.Background()
	in := mayar.PaymentLinkInput{Name: "Kelas Kopi", Amount: 50000}
	edit := func(c *mayar.Client) error { return c.EditPaymentLink(ctx, createdID, in) }
	status := func(c *mayar.Client) error { return c.SetProductStatus(ctx, createdID, mayar.ProductStatusClosed) }
	read := func(c *mayar.Client) error { _, err := c.GetProduct(ctx, createdID); return err }
	notFound := respond(404, `{"statusCode":404,"messages":"Product not found"}`)
	cases := []struct {
		name     string
		op       func(*mayar.Client) error
		answer   http.HandlerFunc
		notFound bool
		words    []string
	}{
		{"edit without a name", edit, respond(200, `{"statusCode":200,"messages":"failed","data":[{"type":"required",`+
			`"message":"The 'name' field is required.","field":"name"}]}`), false,
			[]string{"POST /hl/v2/products/payment-link/" + createdID + "/update", "HTTP 200", `"failed: The 'name' field is required."`}},
		{"status it has", status, respond(200, failedAnswer), false, []string{"HTTP 200", `"failed"`}},
		{"unknown action", status, respond(400, `{"statusCode":400,"messages":"closed2. allowed: active, closed, unlisted"}`), false,
			[]string{"HTTP 400", "allowed: active, closed, unlisted"}},
		{"read of an unknown product", read, notFound, true, []string{"HTTP 404", `"Product not found"`}},
		{"edit of an unknown product", edit, notFound, true, nil},
		{"status of an unknown product", status, notFound, true, nil},
		{"a 404 that is not Mayar's", read, respond(404, `{"statusCode":404,"message":"Not Found"}`), false, []string{"HTTP 404"}},
		{"read answering a list", read, respond(200, `{"statusCode":200,"messages":"success","data":[1]}`), false,
			[]string{"unexpected answer (data: not an object)"}},
		{"read of another product", read, respond(200, `{"statusCode":200,"messages":"success","data":{"id":"other"}}`), false,
			[]string{"unexpected answer", `asked for product "` + createdID + `", got "other"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := &scriptedServer{fallback: respond(200, successAnswer), script: []http.HandlerFunc{tc.answer}}
			err := tc.op(scriptedClient(t, f, mayar.V2))
			if err == nil {
				t.Fatal("no error")
			}
			if n := len(f.requests()); n != 1 {
				t.Fatalf("%d requests, want 1", n)
			}
			if errors.Is(err, mayar.ErrNotFound) != tc.notFound {
				t.Errorf("errors.Is(ErrNotFound) = %v: %v", !tc.notFound, err)
			}
			mustContain(t, err, tc.words...)
		})
	}
}

// What the client can refuse itself is refused with nothing sent: every
// product call on V1, and inputs Mayar would refuse.
func TestProductsRefusedLocally(t *testing.T) {
	ctx := context.Background()
	f := &scriptedServer{fallback: respond(200, createdAnswer)}
	v1, v2 := scriptedClient(t, f, mayar.V1), scriptedClient(t, f, mayar.V2)
	good := mayar.PaymentLinkInput{Name: "Kelas Kopi", Amount: 50000}
	onV1 := map[string]error{
		"create": func() error { _, err := v1.CreatePaymentLink(ctx, good); return err }(),
		"read":   func() error { _, err := v1.GetProduct(ctx, createdID); return err }(),
		"edit":   v1.EditPaymentLink(ctx, createdID, good),
		"status": v1.SetProductStatus(ctx, createdID, mayar.ProductStatusClosed),
		"list":   func() error { _, err := v1.ListProducts(ctx, mayar.ProductListOptions{}); return err }(),
	}
	for name, err := range onV1 {
		if !errors.Is(err, mayar.ErrV2Only) {
			t.Errorf("%s on V1: %v, want ErrV2Only", name, err)
		}
	}
	for name, err := range map[string]error{
		"create without a name": func() error {
			_, err := v2.CreatePaymentLink(ctx, mayar.PaymentLinkInput{Name: " ", Amount: 1})
			return err
		}(),
		"create of 0 rupiah": func() error {
			_, err := v2.CreatePaymentLink(ctx, mayar.PaymentLinkInput{Name: "Kopi"})
			return err
		}(),
		"create with a negative limit": func() error {
			_, err := v2.CreatePaymentLink(ctx, mayar.PaymentLinkInput{Name: "Kopi", Amount: 1, Limit: -1})
			return err
		}(),
		"edit without a name":  v2.EditPaymentLink(ctx, createdID, mayar.PaymentLinkInput{Amount: 1}),
		"edit of ..":           v2.EditPaymentLink(ctx, "..", good),
		"read of a blank id":   func() error { _, err := v2.GetProduct(ctx, " "); return err }(),
		"status open":          v2.SetProductStatus(ctx, createdID, "open"),
		"listing of a type":    func() error { _, err := v2.ListProducts(ctx, mayar.ProductListOptions{Type: "coupon"}); return err }(),
		"negative max items":   func() error { _, err := v2.ListProducts(ctx, mayar.ProductListOptions{MaxItems: -1}); return err }(),
		"status of a blank id": v2.SetProductStatus(ctx, "", mayar.ProductStatusActive),
	} {
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if n := len(f.requests()); n != 0 {
		t.Fatalf("%d requests sent, want 0", n)
	}
}

// The catalog is listed newest first in pages of 50, with the fewest
// requests: the last one asks only for what is still wanted. The type and
// search filters go to Mayar.
func TestListProducts(t *testing.T) {
	tests := []struct {
		name  string
		opts  mayar.ProductListOptions
		want  []map[string]string
		count int
	}{
		{"all", mayar.ProductListOptions{}, []map[string]string{
			{"limit": "50"}, {"limit": "50", "startingAfter": "prod-0049"}, {"limit": "50", "startingAfter": "prod-0099"}}, 130},
		{"max items 120 = 50 + 50 + 20", mayar.ProductListOptions{MaxItems: 120}, []map[string]string{
			{"limit": "50"}, {"limit": "50", "startingAfter": "prod-0049"}, {"limit": "20", "startingAfter": "prod-0099"}}, 120},
		{"max items within a page", mayar.ProductListOptions{MaxItems: 7}, []map[string]string{{"limit": "7"}}, 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &fakeMayar{products: makeProducts(130)}
			res, err := newClient(t, fake, mayar.V2).ListProducts(context.Background(), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			wantQueries(t, fake.requests(), tt.want, false)
			if got := productIDs(res.Products); !slices.Equal(got, itemIDs(fake.products)[:tt.count]) ||
				res.Requests != len(tt.want) || res.Pages != len(tt.want) {
				t.Fatalf("got %d products in %d requests, want %d in %d", len(got), res.Requests, tt.count, len(tt.want))
			}
		})
	}

	fake := &fakeMayar{products: makeProducts(30)}
	res, err := newClient(t, fake, mayar.V2).ListProducts(context.Background(), mayar.ProductListOptions{Type: "ebook", Search: "kopi 1"})
	if err != nil {
		t.Fatal(err)
	}
	if q := fake.requests()[0].Query; q["type"] != "ebook" || q["search"] != "kopi 1" || q["limit"] != "50" {
		t.Fatalf("query %v", q)
	}
	want := itemIDs(searched(fake.filter(fake.products, "type", "ebook"), "kopi 1"))
	if got := productIDs(res.Products); !slices.Equal(got, want) || len(want) == 0 {
		t.Fatalf("got %v, want %v", got, want)
	}
	p := res.Products[0]
	if p.Type != "ebook" || p.Link != "prd1" || p.LinkPayment != "https://toko.myr.id/pl/prd1" || p.CreatedAt.IsZero() ||
		p.CreatedAt.Location() != time.UTC || p.Amount == nil || !strings.HasPrefix(p.Description, "<p>") {
		t.Fatalf("first product %+v", p)
	}
}

// The read of one answers any type, without redirectUrl or createdAt.
func TestGetProduct(t *testing.T) {
	fake := &fakeMayar{products: makeProducts(3)}
	c := newClient(t, fake, mayar.V2)
	p, err := c.GetProduct(context.Background(), "prod-0002")
	if err != nil {
		t.Fatal(err)
	}
	if p.ID != "prod-0002" || p.Type != "event" || p.RedirectURL != nil || !p.CreatedAt.IsZero() || p.LinkURL != "https://toko.myr.id/prd2" {
		t.Fatalf("read %+v", p)
	}
	if _, err := c.GetProduct(context.Background(), "prod-9999"); !errors.Is(err, mayar.ErrNotFound) {
		t.Fatalf("an unknown product: %v", err)
	}
	var apiErr *transport.APIError
	if _, err := c.GetProduct(context.Background(), "prod-9999"); !errors.As(err, &apiErr) || apiErr.Message != "Product not found" {
		t.Fatalf("an unknown product: %v", err)
	}
}

// Payment requests are products of the catalog too, and V2 says unpaid
// for an open one: the listing and the read of one say active, as every
// read of a payment request does.
func TestProductsReadUnpaidAsActive(t *testing.T) {
	fake := &fakeMayar{products: makeProducts(3)}
	fake.products[1]["type"], fake.products[1]["status"] = "payment_request", "unpaid"
	c := newClient(t, fake, mayar.V2)
	listed, err := c.ListProducts(context.Background(), mayar.ProductListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	read, err := c.GetProduct(context.Background(), "prod-0001")
	if err != nil {
		t.Fatal(err)
	}
	if got := listed.Products[1]; got.Type != "payment_request" || got.Status != mayar.StatusActive || read.Status != mayar.StatusActive {
		t.Fatalf("an unpaid payment request lists as %q and reads as %q; want %q", got.Status, read.Status, mayar.StatusActive)
	}
}

func productIDs(ps []mayar.Product) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.ID
	}
	return out
}

// Edits and status changes are idempotent: retried after a failure that
// may have reached Mayar, like reads.
func TestProductCallsRetried(t *testing.T) {
	ctx := context.Background()
	for name, op := range map[string]func(*mayar.Client) error{
		"edit": func(c *mayar.Client) error {
			return c.EditPaymentLink(ctx, createdID, mayar.PaymentLinkInput{Name: "Kopi", Amount: 1})
		},
		"status": func(c *mayar.Client) error { return c.SetProductStatus(ctx, createdID, mayar.ProductStatusActive) },
		"read":   func(c *mayar.Client) error { _, err := c.GetProduct(ctx, createdID); return err },
	} {
		f := &scriptedServer{fallback: respond(200, productRead), script: []http.HandlerFunc{
			respond(503, `{"statusCode":503,"messages":"Service Unavailable"}`), hangUp,
		}}
		if err := op(scriptedClient(t, f, mayar.V2)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if n := len(f.requests()); n != 3 {
			t.Errorf("%s: %d requests, want 3", name, n)
		}
	}
}
