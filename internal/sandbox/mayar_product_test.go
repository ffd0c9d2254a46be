package sandbox_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// validLink is a payment link create with every field.
const validLink = `{"name":"Kopi Susu – 1 kg","amount":125000,"description":"Kopi & gula aren <segar>",` +
	`"redirectUrl":"https://toko.example/ok","notes":"stok gudang B","expiredAt":"2026-12-31T17:00:00.000Z",` +
	`"limit":40,"tax":11000,"coverImage":"https://cdn.example/kopi.png"}`

// productOne is the data of a read of one product, decoded loosely.
type productOne struct {
	ID, Link, LinkURL, LinkPayment, Name, Type, Status, Description string
	Amount                                                          *int64
	Limit                                                           *int64
	CoverImage                                                      map[string]any
}

// written is the data of a create's or an edit's answer.
type written struct {
	mayarEnvelope
	Data struct{ ID, Link string } `json:"data"`
}

// postLink sends a write of the catalog with the read-and-write key.
func postLink(t *testing.T, srv *httptest.Server, path, body string) reply {
	t.Helper()
	return do(t, srv, call{method: http.MethodPost, path: path, header: bearer(sandbox.MayarKey), body: body})
}

// createLink creates a payment link over HTTP and returns the answer's data.
func createLink(t *testing.T, srv *httptest.Server, path, body string) (id, link string) {
	t.Helper()
	r := postLink(t, srv, path, body)
	var w written
	r.decode(t, &w)
	if r.status != http.StatusOK || w.Messages != "success" || w.Data.ID == "" {
		t.Fatalf("create: HTTP %d %s", r.status, r.body)
	}
	return w.Data.ID, w.Data.Link
}

func readProduct(t *testing.T, srv *httptest.Server, id string) (productOne, map[string]json.RawMessage) {
	t.Helper()
	r := do(t, srv, call{path: "/hl/v2/products/" + id, header: bearer(sandbox.MayarReadOnlyKey)})
	if r.status != http.StatusOK {
		t.Fatalf("read %s: HTTP %d %s", id, r.status, r.body)
	}
	var typed struct {
		Data productOne `json:"data"`
	}
	var raw struct {
		Data map[string]json.RawMessage `json:"data"`
	}
	r.decode(t, &typed)
	r.decode(t, &raw)
	return typed.Data, raw.Data
}

// Both create paths make an active payment link; the answer's link is the
// absolute URL, the read's the slug beside two absolute URLs; what the read
// never answers is kept.
func TestMayarProductCreate(t *testing.T) {
	for _, path := range []string{"/hl/v2/products/payment-link/create", "/hl/v2/products/create"} {
		t.Run(path, func(t *testing.T) {
			sb, srv := start(t, sandbox.Options{})
			id, link := createLink(t, srv, path, validLink)
			p, raw := readProduct(t, srv, id)
			if !strings.HasPrefix(link, "https://") || link != sandbox.MayarLinkBase+p.Link || strings.Contains(p.Link, "/") {
				t.Errorf("create's link %q, read's slug %q; want the absolute URL, then its slug", link, p.Link)
			}
			if p.LinkURL != link || p.LinkPayment != link {
				t.Errorf("linkUrl %q linkPayment %q; want %q", p.LinkURL, p.LinkPayment, link)
			}
			if p.ID != id || p.Name != "Kopi Susu – 1 kg" || p.Type != "generic_link" || p.Status != "active" ||
				p.Amount == nil || *p.Amount != 125000 || p.Limit == nil || *p.Limit != 40 ||
				p.Description != "<p>Kopi &amp; gula aren &lt;segar&gt;</p>\n" || p.CoverImage["url"] != "https://cdn.example/kopi.png" {
				t.Errorf("read after create: %+v", p)
			}
			for _, never := range []string{"redirectUrl", "notes", "expiredAt", "tax", "createdAt"} {
				if _, ok := raw[never]; ok {
					t.Errorf("the read answers %q", never)
				}
			}
			stored, ok := sb.MayarProduct(id)
			if !ok || stored.Notes == nil || *stored.Notes != "stok gudang B" || stored.Tax == nil || *stored.Tax != 11000 ||
				stored.ExpiredAt != "2026-12-31T17:00:00.000Z" || stored.RedirectURL == nil || *stored.RedirectURL != "https://toko.example/ok" {
				t.Errorf("the sandbox did not keep what the create sent: %+v", stored)
			}
			// Without a cover image, it still has one: an object.
			id2, _ := createLink(t, srv, path, `{"name":"Jahe","amount":1}`)
			if p2, _ := readProduct(t, srv, id2); p2.CoverImage["url"] == nil || p2.Description != "" {
				t.Errorf("a minimal create reads %+v", p2)
			}
		})
	}
}

// A refused create or edit is HTTP 200 "failed" with every field at fault;
// nothing is stored or changed.
func TestMayarProductWritesRefused(t *testing.T) {
	required := func(field string) string {
		return `{"type":"required","message":"The '` + field + `' field is required.","field":"` + field + `"}`
	}
	tests := []struct {
		name, body string
		edit       bool
		data       string // the answer's data
	}{
		{"create without name", `{"amount":1000}`, false, "[" + required("name") + "]"},
		{"create with a blank name", `{"name":" ","amount":1000}`, false, "[" + required("name") + "]"},
		{"create without amount", `{"name":"Kopi"}`, false, "[" + required("amount") + "]"},
		{"create with neither", `{"description":"x"}`, false, "[" + required("name") + "," + required("amount") + "]"},
		{"amount 0", `{"name":"Kopi","amount":0}`, false,
			`[{"type":"numberMin","message":"The 'amount' field must be greater than or equal to 1.","field":"amount"}]`},
		{"amount a fraction", `{"name":"Kopi","amount":10.5}`, false,
			`[{"type":"numberInteger","message":"The 'amount' field must be an integer.","field":"amount"}]`},
		{"amount a string", `{"name":"Kopi","amount":"10"}`, false,
			`[{"type":"number","message":"The 'amount' field must be a number.","field":"amount"}]`},
		{"notes a number", `{"name":"Kopi","amount":1,"notes":5}`, false,
			`[{"type":"string","message":"The 'notes' field must be a string.","field":"notes"}]`},
		{"bad expiredAt", `{"name":"Kopi","amount":1,"expiredAt":"31/12/2026"}`, false,
			`[{"type":"date","message":"The 'expiredAt' field must be a Date.","field":"expiredAt"}]`},
		{"limit 0, tax below 0", `{"name":"Kopi","amount":1,"limit":0,"tax":-1}`, false,
			`[{"type":"numberMin","message":"The 'limit' field must be greater than or equal to 1.","field":"limit"},` +
				`{"type":"numberMin","message":"The 'tax' field must be greater than or equal to 0.","field":"tax"}]`},
		{"coverImage a number", `{"name":"Kopi","amount":1,"coverImage":5}`, false,
			`[{"type":"object","message":"The 'coverImage' field must be an object.","field":"coverImage"}]`},
		// Mayar's documented refusal of an edit without name.
		{"edit without name", `{"id":"ID","amount":5}`, true, "[" + required("name") + "]"},
		{"edit without id", `{"name":"Kopi"}`, true, "[" + required("id") + "]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sb, srv := start(t, sandbox.Options{FailuresWithHTTP200: true})
			link := sb.CreateMayarPaymentLink(sandbox.MayarPaymentLinkInput{Name: "Jahe", Amount: 7})
			path := "/hl/v2/products/create"
			if tt.edit {
				path = "/hl/v2/products/payment-link/" + link.ID + "/update"
			}
			r := postLink(t, srv, path, strings.ReplaceAll(tt.body, "ID", link.ID))
			want := `{"statusCode":200,"messages":"failed","data":` + tt.data + `}`
			if r.status != http.StatusOK || string(r.body) != want {
				t.Errorf("HTTP %d %s;\nwant HTTP 200 %s", r.status, r.body, want)
			}
			if ps := sb.MayarProducts(); len(ps) != 1 || ps[0].Name != "Jahe" || *ps[0].Amount != 7 {
				t.Errorf("a refused write changed the catalog: %+v", ps)
			}
		})
	}
	t.Run("malformed JSON", func(t *testing.T) {
		_, srv := start(t, sandbox.Options{})
		wantMayarFailure(t, postLink(t, srv, "/hl/v2/products/create", `{"name":`), http.StatusBadRequest, "Invalid JSON body")
	})
}

// An edit takes the id from the body, whichever path it came by; it changes
// what it sends, keeps what it leaves out, and cannot change limit, tax or
// the cover image.
func TestMayarProductEdit(t *testing.T) {
	for _, path := range []func(id string) string{
		func(id string) string { return "/hl/v2/products/payment-link/" + id + "/update" },
		func(id string) string { return "/hl/v2/payment-links/" + id + "/update" },
	} {
		t.Run(path("{id}"), func(t *testing.T) {
			gen := sandbox.GenerateMayarProducts(2, newest) // a payment link, a digital product
			sb, srv := start(t, sandbox.Options{MayarProducts: gen})
			id, link := createLink(t, srv, "/hl/v2/products/create", validLink)
			before, _ := sb.MayarProduct(id)

			// The path names another product: the body's id is the one edited.
			r := postLink(t, srv, path(gen[0].ID), `{"id":"`+id+`","name":"Kopi Gayo","amount":99000,"description":"<p>Baru</p>",`+
				`"redirectUrl":"","notes":"stok A","expiredAt":"2027-01-31T00:00:00.000Z","limit":1,"tax":1,"coverImage":"https://cdn.example/x.png"}`)
			var w written
			r.decode(t, &w)
			if r.status != http.StatusOK || w.Messages != "success" || w.Data.ID != id || w.Data.Link != link {
				t.Fatalf("edit: HTTP %d %s; want data {%s, %s}", r.status, r.body, id, link)
			}
			p, _ := sb.MayarProduct(id)
			if p.Name != "Kopi Gayo" || *p.Amount != 99000 || p.Description != "<p>Baru</p>" || p.RedirectURL != nil ||
				*p.Notes != "stok A" || p.ExpiredAt != "2027-01-31T00:00:00.000Z" {
				t.Errorf("after the edit: %+v", p)
			}
			if *p.Limit != 40 || *p.Tax != 11000 || string(p.CoverImage) != string(before.CoverImage) {
				t.Errorf("limit %d, tax %d, cover %s changed; they cannot be edited", *p.Limit, *p.Tax, p.CoverImage)
			}
			if other, _ := sb.MayarProduct(gen[0].ID); other.Name != gen[0].Name {
				t.Errorf("the product of the path was edited: %+v", other)
			}

			// What an edit leaves out stays; plain text becomes HTML.
			postLink(t, srv, path(id), `{"id":"`+id+`","name":"Kopi Gayo","description":"Kopi \"Gayo\""}`)
			if p, _ := sb.MayarProduct(id); *p.Amount != 99000 || *p.Notes != "stok A" || p.Description != "<p>Kopi &#34;Gayo&#34;</p>\n" {
				t.Errorf("a partial edit: %+v", p)
			}

			const unknown = "00000000-0000-4000-8000-000000000000"
			wantMayarFailure(t, postLink(t, srv, path(id), `{"id":"`+unknown+`","name":"x"}`), http.StatusNotFound, "Product not found")
			// Only payment links can be edited.
			wantMayarFailure(t, postLink(t, srv, path(gen[1].ID), `{"id":"`+gen[1].ID+`","name":"x"}`), http.StatusNotFound, "Product not found")
			if p, _ := sb.MayarProduct(gen[1].ID); p.Name != gen[1].Name {
				t.Errorf("a digital product was edited: %+v", p)
			}
		})
	}
}

// The status endpoint moves a payment link between active, closed and
// unlisted; asking for the status it has is HTTP 200 "failed". It closes and
// reopens payment requests as their own endpoints do.
func TestMayarProductStatus(t *testing.T) {
	sb, srv := start(t, sandbox.Options{
		MayarProducts: sandbox.GenerateMayarProducts(2, newest),
		MayarPayments: sandbox.GenerateMayarPayments(2, newest), // active, paid
	})
	link := sb.CreateMayarPaymentLink(sandbox.MayarPaymentLinkInput{Name: "Jahe", Amount: 7})
	digital := sb.MayarProducts()[2] // the oldest generated: a digital product
	request, paid := sb.MayarPayments()[0], sb.MayarPayments()[1]
	if digital.Type != "digital_product" || request.Status != "active" || paid.Status != "paid" {
		t.Fatalf("setup: %+v %+v %+v", digital, request, paid)
	}
	status := func(id string) string {
		if p, ok := sb.MayarProduct(id); ok {
			return p.Status
		}
		p, _ := sb.MayarPayment(id)
		return p.Status
	}
	for _, step := range []struct {
		id, action string
		status     int
		messages   string
		after      string
	}{
		{link.ID, "close", 200, "success", "closed"},
		{link.ID, "closed", 200, "failed", "closed"},
		{link.ID, "open", 200, "success", "active"},
		{link.ID, "active", 200, "failed", "active"},
		{link.ID, "unlisted", 200, "success", "unlisted"},
		{link.ID, "unlisted", 200, "failed", "unlisted"},
		{link.ID, "closed", 200, "success", "closed"},
		{link.ID, "active", 200, "success", "active"},
		{link.ID, "delete", 400, "delete. allowed: active, closed, unlisted", "active"},
		{link.ID, "Close", 400, "Close. allowed: active, closed, unlisted", "active"},
		{"00000000-0000-4000-8000-000000000000", "close", 404, "Product not found", ""},
		{digital.ID, "close", 200, "failed", "active"},
		{request.ID, "unlisted", 200, "failed", "active"},
		{request.ID, "close", 200, "success", "closed"},
		{request.ID, "close", 200, "failed", "closed"},
		{request.ID, "active", 200, "success", "active"},
		{paid.ID, "close", 200, "failed", "paid"},
	} {
		r := postLink(t, srv, "/hl/v2/products/"+step.id+"/"+step.action, "")
		want := fmt.Sprintf(`{"statusCode":%d,"messages":%q}`, step.status, step.messages)
		if r.status != step.status || string(r.body) != want {
			t.Errorf("%s %s: HTTP %d %s; want HTTP %d %s", step.id, step.action, r.status, r.body, step.status, want)
		}
		if got := status(step.id); got != step.after {
			t.Errorf("%s %s: status %q; want %q", step.id, step.action, got, step.after)
		}
	}
}

// catalogIDs is the ids the listing should serve: the products and the
// payment requests, newest first, those created in the same millisecond by
// id.
func catalogIDs(products []sandbox.MayarProduct, payments []sandbox.MayarPayment, keep func(id, name, typ string) bool) []string {
	type entry struct {
		id      string
		created int64
	}
	var all []entry
	for _, p := range products {
		if keep(p.ID, p.Name, p.Type) {
			all = append(all, entry{p.ID, p.CreatedAt})
		}
	}
	for _, p := range payments {
		if keep(p.ID, p.Name, p.Type) {
			all = append(all, entry{p.ID, p.CreatedAt})
		}
	}
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].created != all[j].created {
			return all[i].created > all[j].created
		}
		return all[i].id < all[j].id
	})
	out := []string{}
	for _, e := range all {
		out = append(out, e.id)
	}
	return out
}

// productItemFields are the fields of an item of the catalog's listing.
var productItemFields = []string{
	"id", "name", "type", "status", "amount", "description", "link", "linkUrl", "linkPayment",
	"redirectUrl", "limit", "category", "createdAt", "coverImage",
}

// The listing pages through the whole catalog, payment requests included,
// newest first, filtered by type (query or path) and by a search of names.
func TestMayarProductListing(t *testing.T) {
	products := sandbox.GenerateMayarProducts(23, newest)
	payments := sandbox.GenerateMayarPayments(9, newest.Add(-90*time.Second))
	all := func(string, string, string) bool { return true }
	ofType := func(want string) func(string, string, string) bool {
		return func(_, _, typ string) bool { return typ == want }
	}
	tests := []struct {
		name, path string
		keep       func(id, name, typ string) bool
	}{
		{"everything", "/hl/v2/products?limit=7", all},
		{"default limit", "/hl/v2/products", all},
		{"type in the query", "/hl/v2/products?type=generic_link&limit=3", ofType("generic_link")},
		{"type in the path", "/hl/v2/products/types/generic_link?limit=3", ofType("generic_link")},
		{"the path's type wins", "/hl/v2/products/types/event?type=generic_link", ofType("event")},
		{"payment requests", "/hl/v2/products/types/payment_request?limit=4", ofType("payment_request")},
		{"unknown type", "/hl/v2/products?type=coupon", ofType("coupon")},
		{"search, any case", "/hl/v2/products?search=KOPI&limit=2", func(_, name, _ string) bool { return strings.Contains(strings.ToLower(name), "kopi") }},
		{"search and type", "/hl/v2/products/types/generic_link?search=kopi", func(_, name, typ string) bool {
			return typ == "generic_link" && strings.Contains(strings.ToLower(name), "kopi")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, srv := start(t, sandbox.Options{MayarProducts: products, MayarPayments: payments})
			want := catalogIDs(products, payments, tt.keep)
			u, _ := url.Parse(tt.path)
			limit := 10
			if l := u.Query().Get("limit"); l != "" {
				var err error
				if limit, err = strconv.Atoi(l); err != nil {
					t.Fatal(err)
				}
			}
			var got []string
			cursor := ""
			for requests := 1; ; requests++ {
				q := u.Query()
				if cursor != "" {
					q.Set("startingAfter", cursor)
				}
				r := do(t, srv, call{path: u.Path + "?" + q.Encode(), header: bearer(sandbox.MayarKey)})
				var page struct {
					v2Page
					Data []map[string]json.RawMessage `json:"data"`
				}
				r.decode(t, &page)
				if r.status != http.StatusOK || len(page.Data) > limit {
					t.Fatalf("HTTP %d, %d items: %s", r.status, len(page.Data), r.body)
				}
				for _, item := range page.Data {
					var id, status string
					_ = json.Unmarshal(item["id"], &id)
					_ = json.Unmarshal(item["status"], &status)
					got = append(got, id)
					keys := make([]string, 0, len(item))
					for k := range item {
						keys = append(keys, k)
					}
					slices.Sort(keys)
					if wantKeys := slices.Sorted(slices.Values(productItemFields)); !slices.Equal(keys, wantKeys) {
						t.Fatalf("item fields %v; want %v", keys, wantKeys)
					}
					if status == "active" && strings.Contains(string(item["type"]), "payment_request") {
						t.Errorf("a payment request lists as active; V2 says unpaid: %s", item["id"])
					}
				}
				if !page.HasMore {
					break
				}
				if page.NextStartingAfter == nil || *page.NextStartingAfter != got[len(got)-1] || requests > 40 {
					t.Fatalf("hasMore with nextStartingAfter %v", page.NextStartingAfter)
				}
				cursor = *page.NextStartingAfter
			}
			if !slices.Equal(got, want) {
				t.Errorf("listed %v;\nwant %v", got, want)
			}
		})
	}
}

func TestMayarProductListingBadParams(t *testing.T) {
	tests := []struct{ query, message string }{
		{"limit=0", "limit must be a positive integer"},
		{"limit=ten", "limit must be a positive integer"},
		{"limit=51", "limit must be at most 50"},
		{"startingAfter=00000000-0000-4000-8000-000000000000", "startingAfter is not a known product id"},
	}
	_, srv := start(t, sandbox.Options{MayarProducts: sandbox.GenerateMayarProducts(5, newest)})
	for _, tt := range tests {
		for _, path := range []string{"/hl/v2/products?", "/hl/v2/products/types/event?"} {
			t.Run(path+tt.query, func(t *testing.T) {
				wantMayarFailure(t, do(t, srv, call{path: path + tt.query, header: bearer(sandbox.MayarKey)}), http.StatusBadRequest, tt.message)
			})
		}
	}
}

// The read of one answers a product of any type, a payment request among
// them, with the nested objects and without what it never returns.
func TestMayarProductReadOfEveryType(t *testing.T) {
	products := sandbox.GenerateMayarProducts(10, newest)
	payments := sandbox.GenerateMayarPayments(1, newest) // active
	_, srv := start(t, sandbox.Options{MayarProducts: products, MayarPayments: payments})
	fields := []string{"id", "link", "linkUrl", "linkPayment", "name", "type", "amount", "status", "description",
		"limit", "category", "coverImage", "event", "order", "multipleImage"}
	slices.Sort(fields)
	types := map[string]bool{}
	for _, id := range append(ids(payments), productIDs(products)...) {
		p, raw := readProduct(t, srv, id)
		types[p.Type] = true
		keys := slices.Sorted(func(yield func(string) bool) {
			for k := range raw {
				if !yield(k) {
					return
				}
			}
		})
		if !slices.Equal(keys, fields) {
			t.Errorf("%s (%s) answers %v; want %v", id, p.Type, keys, fields)
		}
		if p.Type == "payment_request" && p.Status != "unpaid" {
			t.Errorf("an open payment request reads %q; want unpaid", p.Status)
		}
		if p.Type != "payment_request" && p.CoverImage == nil {
			t.Errorf("%s: coverImage %s; want an object", id, raw["coverImage"])
		}
		if (p.Type == "event" || p.Type == "webinar") != (string(raw["event"]) != "null") {
			t.Errorf("%s (%s): event %s", id, p.Type, raw["event"])
		}
	}
	if len(types) != 9 {
		t.Errorf("read %d types %v; want 9", len(types), types)
	}
	wantMayarFailure(t, do(t, srv, call{path: "/hl/v2/products/nope", header: bearer(sandbox.MayarKey)}), http.StatusNotFound, "Product not found")
}

func productIDs(ps []sandbox.MayarProduct) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, p.ID)
	}
	return out
}

func TestGenerateMayarProducts(t *testing.T) {
	a := sandbox.GenerateMayarProducts(30, newest)
	b := sandbox.GenerateMayarProducts(30, newest)
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Fatal("two calls with the same arguments differ")
	}
	if len(sandbox.GenerateMayarProducts(0, newest)) != 0 || len(sandbox.GenerateMayarProducts(-1, newest)) != 0 {
		t.Error("n <= 0 gave products")
	}
	seen := map[string]bool{}
	for _, id := range ids(sandbox.GenerateMayarPayments(30, newest)) {
		seen[id] = true
	}
	types := map[string]int{}
	linkStatuses := map[string]bool{}
	nullAmountLinks := 0
	for i, p := range a {
		if seen[p.ID] || len(p.Link) != 10 {
			t.Errorf("item %d: id %q (not unique among products and payment requests) or slug %q", i, p.ID, p.Link)
		}
		seen[p.ID] = true
		types[p.Type]++
		if p.Type == "generic_link" {
			linkStatuses[p.Status] = true
			if p.Amount == nil {
				nullAmountLinks++
			}
		} else if p.Amount == nil || (p.Status != "active" && p.Status != "closed") {
			t.Errorf("item %d (%s): amount %v status %s", i, p.Type, p.Amount, p.Status)
		}
		if want := newest.Add(-time.Duration(i) * time.Minute).UnixMilli(); p.CreatedAt != want {
			t.Errorf("item %d: createdAt %d; want %d", i, p.CreatedAt, want)
		}
		if !strings.HasPrefix(p.Description, "<p>") || !strings.HasSuffix(p.Description, "\n") {
			t.Errorf("item %d: description %q is not Mayar's HTML", i, p.Description)
		}
		var cover map[string]any
		if json.Unmarshal(p.CoverImage, &cover) != nil || cover["url"] == nil {
			t.Errorf("item %d: coverImage %s; want an object", i, p.CoverImage)
		}
	}
	if len(types) != 8 || types["generic_link"] != 9 || len(linkStatuses) != 3 || nullAmountLinks == 0 {
		t.Errorf("types %v, payment link statuses %v, %d links without amount", types, linkStatuses, nullAmountLinks)
	}
	// The smallest catalog with a payment link in each status and one
	// without an amount, as documented.
	small := sandbox.GenerateMayarProducts(11, newest)
	statuses, null := map[string]bool{}, false
	for _, p := range small {
		if p.Type == "generic_link" {
			statuses[p.Status] = true
			null = null || p.Amount == nil
		}
	}
	if len(statuses) != 3 || !null {
		t.Errorf("11 products: link statuses %v, one without amount %v", statuses, null)
	}
}

// The Go methods tests use to seed and inspect the catalog, and to stand
// for changes made outside Terraform.
func TestMayarProductsGoAPI(t *testing.T) {
	gen := sandbox.GenerateMayarProducts(3, newest)
	given := slices.Clone(gen)
	slices.Reverse(given)
	sb := sandbox.New(sandbox.Options{MayarProducts: given})
	amount := *gen[0].Amount
	if got := productIDs(sb.MayarProducts()); !slices.Equal(got, productIDs(gen)) {
		t.Errorf("MayarProducts %v; want newest first %v", got, productIDs(gen))
	}
	*given[2].Amount = 1
	out := sb.MayarProducts()
	*out[0].Amount = 2
	if p, _ := sb.MayarProduct(gen[0].ID); *p.Amount != amount {
		t.Errorf("the sandbox shares memory with its caller: %d", *p.Amount)
	}

	if err := sb.ModifyMayarProduct(gen[1].ID, func(p *sandbox.MayarProduct) {
		p.Status, p.Description, p.CreatedAt, p.ID = "closed", "diubah", newest.Add(time.Hour).UnixMilli(), "x"
	}); err != nil {
		t.Fatal(err)
	}
	if p := sb.MayarProducts()[0]; p.ID != gen[1].ID || p.Status != "closed" || p.Description != "diubah" {
		t.Errorf("after a change outside the API, first is %+v", p)
	}
	if err := sb.ModifyMayarProduct("nope", func(*sandbox.MayarProduct) {}); !errors.Is(err, sandbox.ErrMayarProductNotFound) {
		t.Errorf("unknown id: %v", err)
	}
	if err := sb.ModifyMayarProduct(gen[0].ID, func(p *sandbox.MayarProduct) { p.Type = "payment_request" }); err == nil {
		t.Error("a product became a payment request")
	}
	if !sb.DeleteMayarProduct(gen[0].ID) || sb.DeleteMayarProduct(gen[0].ID) {
		t.Error("delete")
	}
	link := sb.CreateMayarPaymentLink(sandbox.MayarPaymentLinkInput{Name: "Jahe", Amount: 5000, Description: "Jahe manis"})
	if link.Type != "generic_link" || link.Status != "active" || link.Description != "<p>Jahe manis</p>\n" || sb.MayarProducts()[0].ID != link.ID {
		t.Errorf("created %+v", link)
	}
	sb.SetMayarProducts(nil)
	if n := len(sb.MayarProducts()); n != 0 {
		t.Errorf("%d products after SetMayarProducts(nil)", n)
	}

	defer func() {
		if recover() == nil {
			t.Error("a payment request given as a product was taken")
		}
	}()
	sb.SetMayarProducts([]sandbox.MayarProduct{{ID: "x", Type: "payment_request"}})
}
