package sandbox_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// newest is the createdAt of the first generated payment request in these
// tests.
var newest = time.Date(2026, 5, 1, 9, 30, 0, 0, time.UTC)

type v1Page struct {
	StatusCode int                    `json:"statusCode"`
	Messages   string                 `json:"messages"`
	HasMore    bool                   `json:"hasMore"`
	PageCount  int                    `json:"pageCount"`
	PageSize   int                    `json:"pageSize"`
	Page       int                    `json:"page"`
	Data       []sandbox.MayarPayment `json:"data"`
}

type v2Page struct {
	StatusCode        int                    `json:"statusCode"`
	Messages          string                 `json:"messages"`
	HasMore           bool                   `json:"hasMore"`
	NextStartingAfter *string                `json:"nextStartingAfter"`
	Data              []sandbox.MayarPayment `json:"data"`
}

func ids(ps []sandbox.MayarPayment) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, p.ID)
	}
	return out
}

// withStatus is the expected listing: ps filtered by status ("" = all), in
// API order.
func withStatus(ps []sandbox.MayarPayment, status string) []string {
	var out []string
	for _, p := range ps {
		if status == "" || p.Status == status {
			out = append(out, p.ID)
		}
	}
	return out
}

func TestMayarAuth(t *testing.T) {
	routes := []struct {
		method, path string
		write        bool
	}{
		{http.MethodGet, "/hl/v1/payment?status=paid", false},
		{http.MethodGet, "/hl/v2/payments", false},
		{http.MethodGet, "/hl/v1/payment/" + firstID, false},
		{http.MethodGet, "/hl/v2/payments/" + firstID, false},
		{http.MethodGet, "/hl/v1/balance", false},
		{http.MethodGet, "/hl/v2/balances", false},
		{http.MethodPost, "/hl/v1/payment/create", true},
		{http.MethodPost, "/hl/v2/payments/create", true},
		{http.MethodGet, "/hl/v1/payment/close/" + firstID, true},
		{http.MethodGet, "/hl/v1/payment/open/" + firstID, true},
		{http.MethodPost, "/hl/v2/payments/" + firstID + "/close", true},
		{http.MethodPost, "/hl/v2/payments/" + firstID + "/open", true},
		{http.MethodPost, "/hl/v1/payment/edit", true},
		{http.MethodPost, "/hl/v2/payments/" + firstID + "/update", true},
		{http.MethodPost, "/hl/v1/webhook/register", true},
		{http.MethodPost, "/hl/v2/webhooks/update", true},
		{http.MethodPost, "/hl/v1/webhook/test", true},
		{http.MethodPost, "/hl/v2/webhooks/test", true},
		{http.MethodGet, "/hl/v2/products", false},
		{http.MethodGet, "/hl/v2/products/types/generic_link", false},
		{http.MethodGet, "/hl/v2/products/" + firstID, false},
		{http.MethodPost, "/hl/v2/products/payment-link/create", true},
		{http.MethodPost, "/hl/v2/products/create", true},
		{http.MethodPost, "/hl/v2/products/payment-link/" + firstID + "/update", true},
		{http.MethodPost, "/hl/v2/payment-links/" + firstID + "/update", true},
		{http.MethodPost, "/hl/v2/products/" + firstID + "/close", true},
	}
	for _, rt := range routes {
		t.Run(rt.method+" "+rt.path, func(t *testing.T) {
			_, srv := start(t, sandbox.Options{MayarPayments: sandbox.GenerateMayarPayments(3, newest)})
			for _, header := range []map[string]string{
				nil,
				bearer("mayar_wrong"),
				bearer(sandbox.PayGetKey),
				{"Authorization": "Basic " + sandbox.MayarKey},
				{"Authorization": sandbox.MayarKey},
				{"x-api-key": sandbox.MayarKey},
			} {
				r := do(t, srv, call{method: rt.method, path: rt.path, header: header, body: validCreate})
				wantMayarFailure(t, r, http.StatusUnauthorized, "Unauthorized")
			}
			r := do(t, srv, call{method: rt.method, path: rt.path, header: bearer(sandbox.MayarReadOnlyKey), body: validCreate})
			if rt.write {
				wantMayarFailure(t, r, http.StatusForbidden, "Forbidden: this API key is read-only")
			} else if r.status != http.StatusOK {
				t.Errorf("read-only key on a read: HTTP %d %s", r.status, r.body)
			}
			lower := map[string]string{"Authorization": "bearer " + sandbox.MayarKey}
			// Reopening an active request is refused (HTTP 200 "failed"),
			// but not for want of authentication.
			if r := do(t, srv, call{method: rt.method, path: rt.path, header: lower, body: validCreate}); r.status == http.StatusUnauthorized || r.status == http.StatusForbidden {
				t.Errorf("scheme %q: HTTP %d %s; the scheme is case-insensitive", "bearer", r.status, r.body)
			}
		})
	}
}

// firstID is the id of the first generated payment request.
var firstID = sandbox.GenerateMayarPayments(1, newest)[0].ID

const validCreate = `{"name":"Tagihan Ibu Siti – Mei","email":"siti@example.com","amount":150000,"mobile":"081234567890",` +
	`"redirectUrl":"https://toko.example/ok","description":"<p>Sewa</p>","expiredAt":"2026-12-31T17:00:00.000Z"}`

func TestMayarV1Paging(t *testing.T) {
	all := sandbox.GenerateMayarPayments(25, newest) // 9 active, 8 paid, 8 closed
	tests := []struct {
		name      string
		cap       int
		query     string
		page      int
		pageSize  int
		pageCount int
		hasMore   bool
		from, to  int // slice of the filtered list served
	}{
		{"defaults", 0, "status=active", 1, 10, 1, false, 0, 9},
		{"first page", 0, "status=active&pageSize=4", 1, 4, 3, true, 0, 4},
		{"middle page", 0, "status=active&pageSize=4&page=2", 2, 4, 3, true, 4, 8},
		{"last page", 0, "status=active&pageSize=4&page=3", 3, 4, 3, false, 8, 9},
		{"past the end", 0, "status=active&pageSize=4&page=4", 4, 4, 3, false, 9, 9},
		{"huge page", 0, "status=active&page=9223372036854775807", 9223372036854775807, 10, 1, false, 9, 9},
		{"exact fit", 0, "status=paid&pageSize=8", 1, 8, 1, false, 0, 8},
		{"capped", 5, "status=active&pageSize=50", 1, 5, 2, true, 0, 5},
		{"capped, last page", 5, "status=active&pageSize=50&page=2", 2, 5, 2, false, 5, 9},
		{"default cap", 0, "status=closed&pageSize=1000", 1, 100, 1, false, 0, 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, srv := start(t, sandbox.Options{MayarPayments: all, MayarPageCap: tt.cap})
			r := do(t, srv, call{path: "/hl/v1/payment?" + tt.query, header: bearer(sandbox.MayarKey)})
			var p v1Page
			r.decode(t, &p)
			q, _ := url.ParseQuery(tt.query)
			want := withStatus(all, q.Get("status"))[tt.from:tt.to]
			if r.status != http.StatusOK || p.StatusCode != 200 || p.Messages != "success" ||
				p.Page != tt.page || p.PageSize != tt.pageSize || p.PageCount != tt.pageCount || p.HasMore != tt.hasMore ||
				!slices.Equal(ids(p.Data), want) {
				t.Errorf("HTTP %d page %d pageSize %d pageCount %d hasMore %v ids %v;\nwant page %d pageSize %d pageCount %d hasMore %v ids %v",
					r.status, p.Page, p.PageSize, p.PageCount, p.HasMore, ids(p.Data), tt.page, tt.pageSize, tt.pageCount, tt.hasMore, want)
			}
			if len(want) == 0 && !strings.Contains(string(r.body), `"data":[]`) {
				t.Errorf("an empty page must be [] not null: %s", r.body)
			}
		})
	}

	t.Run("no items", func(t *testing.T) {
		_, srv := start(t, sandbox.Options{})
		r := do(t, srv, call{path: "/hl/v1/payment?status=paid", header: bearer(sandbox.MayarKey)})
		want := `{"statusCode":200,"messages":"success","hasMore":false,"pageCount":0,"pageSize":10,"page":1,"data":[]}`
		if r.status != http.StatusOK || string(r.body) != want {
			t.Errorf("HTTP %d %s; want %s", r.status, r.body, want)
		}
	})

	t.Run("following every page", func(t *testing.T) {
		_, srv := start(t, sandbox.Options{MayarPayments: all, MayarPageCap: 3})
		var got []string
		for page := 1; ; page++ {
			var p v1Page
			do(t, srv, call{path: fmt.Sprintf("/hl/v1/payment?status=closed&page=%d&pageSize=10", page), header: bearer(sandbox.MayarKey)}).decode(t, &p)
			got = append(got, ids(p.Data)...)
			if !p.HasMore || page > 10 {
				break
			}
		}
		if want := withStatus(all, "closed"); !slices.Equal(got, want) {
			t.Errorf("got %v; want %v", got, want)
		}
	})
}

func TestMayarV1BadParams(t *testing.T) {
	tests := []struct{ query, message string }{
		{"", "status is required"},
		{"status=", "status is required"},
		{"page=1", "status is required"},
		{"status=pending", "status must be one of active, paid, closed"},
		{"status=PAID", "status must be one of active, paid, closed"},
		{"status=paid&page=0", "page must be a positive integer"},
		{"status=paid&page=-1", "page must be a positive integer"},
		{"status=paid&page=two", "page must be a positive integer"},
		{"status=paid&page=", "page must be a positive integer"},
		{"status=paid&page=1.5", "page must be a positive integer"},
		{"status=paid&page=99999999999999999999", "page must be a positive integer"},
		{"status=paid&pageSize=0", "pageSize must be a positive integer"},
		{"status=paid&pageSize=-10", "pageSize must be a positive integer"},
		{"status=paid&pageSize=ten", "pageSize must be a positive integer"},
	}
	_, srv := start(t, sandbox.Options{MayarPayments: sandbox.GenerateMayarPayments(5, newest)})
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			r := do(t, srv, call{path: "/hl/v1/payment?" + tt.query, header: bearer(sandbox.MayarKey)})
			wantMayarFailure(t, r, http.StatusBadRequest, tt.message)
		})
	}
}

func TestMayarV2Paging(t *testing.T) {
	all := sandbox.GenerateMayarPayments(25, newest)
	for _, tt := range []struct {
		status   string
		limit    int
		cap      int
		requests int
	}{
		{"", 4, 0, 7},        // 25 items, 4 a page
		{"", 0, 0, 3},        // default limit 10
		{"", 5, 0, 5},        // exact fit: the last page says hasMore false
		{"paid", 3, 0, 3},    // 8 paid
		{"active", 50, 2, 5}, // capped at 2: 9 active
		{"closed", 50, 0, 1}, // the largest limit taken
	} {
		t.Run(fmt.Sprintf("status=%q limit=%d cap=%d", tt.status, tt.limit, tt.cap), func(t *testing.T) {
			_, srv := start(t, sandbox.Options{MayarPayments: all, MayarPageCap: tt.cap})
			served := tt.limit
			if served == 0 {
				served = 10
			}
			if tt.cap > 0 {
				served = min(served, tt.cap)
			}
			var got []string
			cursor := ""
			requests := 0
			for {
				q := url.Values{}
				if tt.status != "" {
					q.Set("status", tt.status)
				}
				if tt.limit != 0 {
					q.Set("limit", fmt.Sprint(tt.limit))
				}
				if cursor != "" {
					q.Set("startingAfter", cursor)
				}
				r := do(t, srv, call{path: "/hl/v2/payments?" + q.Encode(), header: bearer(sandbox.MayarKey)})
				requests++
				var p v2Page
				r.decode(t, &p)
				if r.status != http.StatusOK || p.StatusCode != 200 || p.Messages != "success" {
					t.Fatalf("HTTP %d %s", r.status, r.body)
				}
				if len(p.Data) > served {
					t.Errorf("page of %d items; the most served is %d", len(p.Data), served)
				}
				got = append(got, ids(p.Data)...)
				if !p.HasMore {
					if p.NextStartingAfter != nil {
						t.Errorf("last page has nextStartingAfter %q; want null", *p.NextStartingAfter)
					}
					if !strings.Contains(string(r.body), `"nextStartingAfter":null`) {
						t.Errorf("last page must carry nextStartingAfter:null: %s", r.body)
					}
					break
				}
				if p.NextStartingAfter == nil || *p.NextStartingAfter != p.Data[len(p.Data)-1].ID {
					t.Fatalf("hasMore with nextStartingAfter %v; want the last item's id", p.NextStartingAfter)
				}
				cursor = *p.NextStartingAfter
				if requests > 30 {
					t.Fatal("paging does not end")
				}
			}
			if want := withStatus(all, tt.status); !slices.Equal(got, want) {
				t.Errorf("listed %v;\nwant %v (newest first, like V1)", got, want)
			}
			if requests != tt.requests {
				t.Errorf("%d requests; want %d", requests, tt.requests)
			}
		})
	}

	t.Run("no items", func(t *testing.T) {
		_, srv := start(t, sandbox.Options{})
		r := do(t, srv, call{path: "/hl/v2/payments", header: bearer(sandbox.MayarKey)})
		want := `{"statusCode":200,"messages":"success","hasMore":false,"nextStartingAfter":null,"data":[]}`
		if r.status != http.StatusOK || string(r.body) != want {
			t.Errorf("HTTP %d %s; want %s", r.status, r.body, want)
		}
	})

	t.Run("cursor of an item whose status changed", func(t *testing.T) {
		sb, srv := start(t, sandbox.Options{MayarPayments: all})
		var first v2Page
		do(t, srv, call{path: "/hl/v2/payments?status=active&limit=2", header: bearer(sandbox.MayarKey)}).decode(t, &first)
		cursor := *first.NextStartingAfter
		do(t, srv, call{path: "/hl/v1/payment/close/" + cursor, header: bearer(sandbox.MayarKey)})
		if p, _ := sb.MayarPayment(cursor); p.Status != "closed" {
			t.Fatalf("setup: %s is %s; want closed", cursor, p.Status)
		}
		var next v2Page
		do(t, srv, call{path: "/hl/v2/payments?status=active&limit=2&startingAfter=" + cursor, header: bearer(sandbox.MayarKey)}).decode(t, &next)
		if want := withStatus(all, "active")[2:4]; !slices.Equal(ids(next.Data), want) {
			t.Errorf("next page %v; want %v", ids(next.Data), want)
		}
	})
}

func TestMayarV2BadParams(t *testing.T) {
	tests := []struct{ query, message string }{
		{"status=pending", "status must be one of active, paid, closed"},
		{"limit=0", "limit must be a positive integer"},
		{"limit=-1", "limit must be a positive integer"},
		{"limit=many", "limit must be a positive integer"},
		{"limit=", "limit must be a positive integer"},
		{"limit=51", "limit must be at most 50"},
		{"limit=1000", "limit must be at most 50"},
		{"startingAfter=00000000-0000-4000-8000-000000000000", "startingAfter is not a known payment request id"},
	}
	_, srv := start(t, sandbox.Options{MayarPayments: sandbox.GenerateMayarPayments(5, newest)})
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			r := do(t, srv, call{path: "/hl/v2/payments?" + tt.query, header: bearer(sandbox.MayarKey)})
			wantMayarFailure(t, r, http.StatusBadRequest, tt.message)
		})
	}
}

// itemFields are every field of an item of Mayar's payment listing.
var itemFields = []string{
	"id", "amount", "category", "createdAt", "description", "link", "type", "status", "name", "limit",
	"redirectUrl", "installmentId", "event", "order", "coverImageId", "multipleImageId", "coverImage", "multipleImage",
}

func TestMayarItemsCarryEveryField(t *testing.T) {
	_, srv := start(t, sandbox.Options{MayarPayments: sandbox.GenerateMayarPayments(30, newest)})
	var page struct {
		Data []map[string]json.RawMessage `json:"data"`
	}
	do(t, srv, call{path: "/hl/v2/payments?limit=30", header: bearer(sandbox.MayarKey)}).decode(t, &page)
	if len(page.Data) != 30 {
		t.Fatalf("%d items; want 30", len(page.Data))
	}
	kinds := map[string]map[byte]bool{} // field -> first bytes seen: n(ull), "(string), {, [, digit
	for _, item := range page.Data {
		if len(item) != len(itemFields) {
			t.Errorf("item has %d fields; want %d: %v", len(item), len(itemFields), item)
		}
		for _, f := range itemFields {
			raw, ok := item[f]
			if !ok {
				t.Errorf("item %s lacks %q", item["id"], f)
				continue
			}
			if kinds[f] == nil {
				kinds[f] = map[byte]bool{}
			}
			kinds[f][raw[0]] = true
		}
	}
	// The generated data must exercise both null and set for each nullable
	// field, objects for the nested ones and an array for multipleImage.
	for f, want := range map[string]string{
		"amount": "n1", "category": `n"`, "limit": "n1", "redirectUrl": `n"`, "installmentId": `n"`,
		"coverImageId": `n"`, "multipleImageId": `n"`, "coverImage": "n{", "multipleImage": "n[",
		"event": "n", "order": "n",
	} {
		for _, c := range []byte(want) {
			seen := kinds[f][c]
			if c == '1' {
				seen = false
				for k := range kinds[f] {
					seen = seen || (k >= '0' && k <= '9')
				}
			}
			if !seen {
				t.Errorf("field %q: no value starting with %q among the generated items", f, c)
			}
		}
	}
	if !strings.Contains(string(page.Data[0]["description"]), `"<p>`) {
		t.Errorf("HTML in descriptions must be sent as is, not escaped: %s", page.Data[0]["description"])
	}
}

func TestMayarGetCreateCloseOpen(t *testing.T) {
	versions := []struct {
		name                string
		get, create, list   string
		openWord            string // what the version answers for an open request
		close, open         func(id string) call
		refusedStatus       int
		closeMsg, reopenMsg string
	}{
		{
			name: "v1", get: "/hl/v1/payment/", create: "/hl/v1/payment/create", list: "/hl/v1/payment?status=active", openWord: "active",
			close:         func(id string) call { return call{path: "/hl/v1/payment/close/" + id} },
			open:          func(id string) call { return call{path: "/hl/v1/payment/open/" + id} },
			refusedStatus: http.StatusOK, closeMsg: "failed", reopenMsg: "failed",
		},
		{
			name: "v2", get: "/hl/v2/payments/", create: "/hl/v2/payments/create", list: "/hl/v2/payments?status=active", openWord: "unpaid",
			close:         func(id string) call { return call{method: http.MethodPost, path: "/hl/v2/payments/" + id + "/close"} },
			open:          func(id string) call { return call{method: http.MethodPost, path: "/hl/v2/payments/" + id + "/open"} },
			refusedStatus: http.StatusOK, closeMsg: "failed", reopenMsg: "failed",
		},
	}
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	for _, v := range versions {
		t.Run(v.name, func(t *testing.T) {
			sb, srv := start(t, sandbox.Options{MayarPayments: sandbox.GenerateMayarPayments(4, newest)})
			key := bearer(sandbox.MayarKey)
			authed := func(c call) call { c.header = key; return c }

			r := do(t, srv, call{method: http.MethodPost, path: v.create, header: key, body: validCreate})
			var made struct {
				mayarEnvelope
				Data struct{ ID, TransactionID, Link string } `json:"data"`
			}
			r.decode(t, &made)
			if r.status != http.StatusOK || made.Messages != "success" || !uuid.MatchString(made.Data.ID) ||
				!uuid.MatchString(made.Data.TransactionID) || made.Data.Link == "" {
				t.Fatalf("create: HTTP %d %s", r.status, r.body)
			}
			id := made.Data.ID

			var one struct {
				mayarEnvelope
				Data sandbox.MayarPayment `json:"data"`
			}
			do(t, srv, call{path: v.get + id, header: key}).decode(t, &one)
			p := one.Data
			if p.ID != id || p.Name != "Tagihan Ibu Siti – Mei" || p.Amount == nil || *p.Amount != 150000 ||
				p.Status != v.openWord || p.Type != "payment_request" || p.Description != "<p>Sewa</p>" ||
				p.RedirectURL == nil || *p.RedirectURL != "https://toko.example/ok" || !strings.HasSuffix(made.Data.Link, "/"+p.Link) {
				t.Errorf("get after create: %+v", p)
			}
			if age := sb.Now().UnixMilli() - p.CreatedAt; age < 0 || age > int64(time.Hour/time.Millisecond) {
				t.Errorf("createdAt %d is not epoch milliseconds of now", p.CreatedAt)
			}
			if first := sb.MayarPayments()[0]; first.ID != id {
				t.Errorf("the new payment request is not listed first (newest first): %s", first.ID)
			}

			for _, step := range []struct {
				call    call
				status  int
				message string
				after   string
			}{
				{v.close(id), http.StatusOK, "success", "closed"},
				{v.close(id), v.refusedStatus, v.closeMsg, "closed"},
				{v.open(id), http.StatusOK, "success", "active"},
				{v.open(id), v.refusedStatus, v.reopenMsg, "active"},
			} {
				r := do(t, srv, authed(step.call))
				var e mayarEnvelope
				r.decode(t, &e)
				wantCode := step.status
				if step.message == "failed" {
					wantCode = 200
				}
				if r.status != step.status || e.StatusCode != wantCode || e.Messages != step.message {
					t.Errorf("%s: HTTP %d %s; want HTTP %d messages %q", step.call.path, r.status, r.body, step.status, step.message)
				}
				if got, _ := sb.MayarPayment(id); got.Status != step.after {
					t.Errorf("%s: status %s; want %s", step.call.path, got.Status, step.after)
				}
			}

			paid := sandbox.GenerateMayarPayments(2, newest)[1] // index 1 is paid
			for _, c := range []call{v.close(paid.ID), v.open(paid.ID)} {
				if r := do(t, srv, authed(c)); r.status != v.refusedStatus {
					t.Errorf("%s on a paid request: HTTP %d %s", c.path, r.status, r.body)
				}
			}
			const unknown = "00000000-0000-4000-8000-000000000000"
			for _, c := range []call{{path: v.get + unknown}, v.close(unknown), v.open(unknown)} {
				wantMayarFailure(t, do(t, srv, authed(c)), http.StatusNotFound, "Payment request not found")
			}
		})
	}
}

// Every invalid create is refused with Mayar's one "Validation Error",
// and nothing is stored.
func TestMayarCreateRejects(t *testing.T) {
	valid := map[string]any{"name": "Kopi", "email": "a@b.id", "amount": 1000, "mobile": "0812"}
	with := func(k string, v any) string {
		m := map[string]any{}
		for key, val := range valid {
			m[key] = val
		}
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
		data, _ := json.Marshal(m)
		return string(data)
	}
	tests := []struct{ name, body string }{
		{"no name", with("name", nil)},
		{"blank name", with("name", "  ")},
		{"bad email", with("email", "siti")},
		{"no amount", with("amount", nil)},
		{"fraction amount", with("amount", 10.5)},
		{"zero amount", with("amount", 0)},
		{"string amount", with("amount", "1000")},
		{"number mobile", with("mobile", 812)},
		{"number email", with("email", 5)},
		{"number redirectUrl", with("redirectUrl", 5)},
		{"bad expiredAt", with("expiredAt", "31/12/2026")},
	}
	v1Only := []struct{ name, body string }{{"no email", with("email", nil)}}
	for _, v := range []string{"/hl/v1/payment/create", "/hl/v2/payments/create"} {
		tests := tests
		if v == "/hl/v1/payment/create" {
			tests = append(slices.Clone(tests), v1Only...)
		}
		for _, tt := range tests {
			t.Run(v+"/"+tt.name, func(t *testing.T) {
				sb, srv := start(t, sandbox.Options{})
				r := do(t, srv, call{method: http.MethodPost, path: v, header: bearer(sandbox.MayarKey), body: tt.body})
				wantMayarFailure(t, r, http.StatusBadRequest, "Validation Error")
				if n := len(sb.MayarPayments()); n != 0 {
					t.Errorf("a rejected create stored %d payment requests", n)
				}
			})
		}
	}
	_, srv := start(t, sandbox.Options{})
	r := do(t, srv, call{method: http.MethodPost, path: "/hl/v2/payments/create", header: bearer(sandbox.MayarKey), body: `{"name":`})
	wantMayarFailure(t, r, http.StatusBadRequest, "Invalid JSON body")
}

func TestMayarBalance(t *testing.T) {
	_, srv := start(t, sandbox.Options{})
	want := fmt.Sprintf(`{"statusCode":200,"messages":"success","data":{"balanceActive":%d,"balancePending":%d,"balance":%d}}`,
		sandbox.MayarBalanceActive, sandbox.MayarBalancePending, sandbox.MayarBalanceActive+sandbox.MayarBalancePending)
	for _, path := range []string{"/hl/v1/balance", "/hl/v2/balances"} {
		r := do(t, srv, call{path: path, header: bearer(sandbox.MayarReadOnlyKey)})
		if r.status != http.StatusOK || string(r.body) != want {
			t.Errorf("%s: HTTP %d %s; want %s", path, r.status, r.body, want)
		}
	}
}

func TestGenerateMayarPayments(t *testing.T) {
	a := sandbox.GenerateMayarPayments(40, newest)
	b := sandbox.GenerateMayarPayments(40, newest)
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Fatal("two calls with the same arguments differ")
	}
	if got := sandbox.GenerateMayarPayments(0, newest); len(got) != 0 {
		t.Errorf("n=0 gave %d", len(got))
	}
	if got := sandbox.GenerateMayarPayments(-1, newest); len(got) != 0 {
		t.Errorf("n=-1 gave %d", len(got))
	}
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	seen := map[string]bool{}
	statuses := []string{"active", "paid", "closed"}
	nonASCII, html, nullAmount := 0, 0, 0
	for i, p := range a {
		if !uuid.MatchString(p.ID) || seen[p.ID] {
			t.Errorf("item %d: id %q not a unique UUID", i, p.ID)
		}
		seen[p.ID] = true
		if p.Status != statuses[i%3] {
			t.Errorf("item %d: status %s; want %s", i, p.Status, statuses[i%3])
		}
		if want := newest.Add(-time.Duration(i) * time.Minute).UnixMilli(); p.CreatedAt != want {
			t.Errorf("item %d: createdAt %d; want %d", i, p.CreatedAt, want)
		}
		if !utf8.ValidString(p.Name) || p.Name == "" {
			t.Errorf("item %d: name %q", i, p.Name)
		}
		for _, r := range p.Name {
			if r > 127 {
				nonASCII++
				break
			}
		}
		if strings.HasPrefix(p.Description, "<p>") && strings.HasSuffix(p.Description, "\n") {
			html++
		}
		if p.Amount == nil {
			nullAmount++
		}
		if p.Type != "payment_request" || len(p.Link) != 10 {
			t.Errorf("item %d: type %q link %q", i, p.Type, p.Link)
		}
	}
	if nonASCII == 0 || html != len(a) || nullAmount == 0 || nullAmount == len(a) {
		t.Errorf("non-ASCII names %d, HTML descriptions %d, null amounts %d of %d", nonASCII, html, nullAmount, len(a))
	}
	if !strings.Contains(a[0].Name, "☕") || !strings.Contains(a[1].Name, "–") {
		t.Errorf("names %q, %q: want the coffee and the en dash", a[0].Name, a[1].Name)
	}
	if later := sandbox.GenerateMayarPayments(41, newest); later[40].ID == "" || later[39].ID != a[39].ID {
		t.Error("ids depend on n, not only on the index")
	}
}

func TestMayarPaymentsAreCopied(t *testing.T) {
	in := sandbox.GenerateMayarPayments(1, newest)
	in[0].Event = json.RawMessage{} // empty: must read as null, not break encoding
	sb, srv := start(t, sandbox.Options{MayarPayments: in})
	*in[0].Amount = 1
	in[0].Name = "changed"
	out := sb.MayarPayments()
	*out[0].Amount = 2
	if p, _ := sb.MayarPayment(in[0].ID); *p.Amount == 1 || *p.Amount == 2 || p.Name == "changed" {
		t.Errorf("the sandbox shares memory with its caller: %+v", p)
	}
	r := do(t, srv, call{path: "/hl/v2/payments", header: bearer(sandbox.MayarKey)})
	if r.status != http.StatusOK || !strings.Contains(string(r.body), `"event":null`) {
		t.Errorf("HTTP %d %s", r.status, r.body)
	}
}

// Whatever order payment requests are given in, every listing serves them
// newest first, and those created in the same millisecond by id: the order
// a client merging V1's statuses relies on.
func TestMayarListsNewestFirst(t *testing.T) {
	gen := sandbox.GenerateMayarPayments(12, newest)
	given := slices.Clone(gen)
	slices.Reverse(given)
	// Two more in the same millisecond as the newest, given in the wrong
	// order and with different statuses.
	tie := newest.UnixMilli()
	given = append(given,
		sandbox.MayarPayment{ID: "ffff-tie", CreatedAt: tie, Status: "paid", Name: "b"},
		sandbox.MayarPayment{ID: "0000-tie", CreatedAt: tie, Status: "closed", Name: "a"})
	// The three of the newest millisecond by id, then the rest by time.
	want := []sandbox.MayarPayment{gen[0], given[12], given[13]}
	slices.SortFunc(want, func(a, b sandbox.MayarPayment) int { return strings.Compare(a.ID, b.ID) })
	want = append(want, gen[1:]...)

	for name, sb := range map[string]*sandbox.Sandbox{
		"New":              sandbox.New(sandbox.Options{MayarPayments: given}),
		"SetMayarPayments": func() *sandbox.Sandbox { s := sandbox.New(sandbox.Options{}); s.SetMayarPayments(given); return s }(),
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(sb)
			t.Cleanup(srv.Close)
			var v2 v2Page
			do(t, srv, call{path: "/hl/v2/payments?limit=50", header: bearer(sandbox.MayarKey)}).decode(t, &v2)
			if got := ids(v2.Data); !slices.Equal(got, ids(want)) {
				t.Errorf("V2 lists %v;\nwant %v", got, ids(want))
			}
			for _, status := range []string{"active", "paid", "closed"} {
				var v1 v1Page
				do(t, srv, call{path: "/hl/v1/payment?pageSize=100&status=" + status, header: bearer(sandbox.MayarKey)}).decode(t, &v1)
				if got := ids(v1.Data); !slices.Equal(got, withStatus(want, status)) {
					t.Errorf("V1 %s lists %v;\nwant %v", status, got, withStatus(want, status))
				}
			}
			for i := 1; i < len(v2.Data); i++ {
				if v2.Data[i].CreatedAt > v2.Data[i-1].CreatedAt {
					t.Fatalf("item %d is newer than the one before it", i)
				}
			}
		})
	}
}

// V1 and the listing's filter say active for an open payment request; V2
// says unpaid, in the read of one and in the listing's items, while its
// filter still takes active. "unpaid" given to the sandbox is stored as
// active.
func TestMayarStatusWords(t *testing.T) {
	gen := sandbox.GenerateMayarPayments(6, newest) // active, paid, closed, twice
	given := slices.Clone(gen)
	given[3].Status = "unpaid"
	open := []string{gen[0].ID, gen[3].ID}
	tests := []struct {
		name, path string
		ids        []string // the items listed; nil for a read of one
		words      []string // the status of each item, or of the one read
	}{
		{"V1 read", "/hl/v1/payment/" + gen[0].ID, nil, []string{"active"}},
		{"V1 read of one given as unpaid", "/hl/v1/payment/" + gen[3].ID, nil, []string{"active"}},
		{"V2 read", "/hl/v2/payments/" + gen[0].ID, nil, []string{"unpaid"}},
		{"V2 read of one given as unpaid", "/hl/v2/payments/" + gen[3].ID, nil, []string{"unpaid"}},
		{"V2 read of a paid one", "/hl/v2/payments/" + gen[1].ID, nil, []string{"paid"}},
		{"V1 listing of active", "/hl/v1/payment?status=active", open, []string{"active", "active"}},
		{"V2 listing filtered by active", "/hl/v2/payments?status=active", open, []string{"unpaid", "unpaid"}},
		{"V2 listing of closed", "/hl/v2/payments?status=closed", []string{gen[2].ID, gen[5].ID}, []string{"closed", "closed"}},
		{"V2 listing", "/hl/v2/payments", ids(gen), []string{"unpaid", "paid", "closed", "unpaid", "paid", "closed"}},
	}
	sb, srv := start(t, sandbox.Options{MayarPayments: given})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, srv, call{path: tt.path, header: bearer(sandbox.MayarKey)})
			var got []sandbox.MayarPayment
			if tt.ids == nil {
				var one struct {
					Data sandbox.MayarPayment `json:"data"`
				}
				r.decode(t, &one)
				got = []sandbox.MayarPayment{one.Data}
			} else {
				var page v2Page
				r.decode(t, &page)
				got = page.Data
				if !slices.Equal(ids(got), tt.ids) {
					t.Errorf("listed %v; want %v", ids(got), tt.ids)
				}
			}
			words := make([]string, 0, len(got))
			for _, p := range got {
				words = append(words, p.Status)
			}
			if r.status != http.StatusOK || !slices.Equal(words, tt.words) {
				t.Errorf("HTTP %d, statuses %v; want %v", r.status, words, tt.words)
			}
		})
	}
	wantMayarFailure(t, do(t, srv, call{path: "/hl/v2/payments?status=unpaid", header: bearer(sandbox.MayarKey)}),
		http.StatusBadRequest, "status must be one of active, paid, closed")
	if p, _ := sb.MayarPayment(gen[3].ID); p.Status != "active" {
		t.Errorf("given as unpaid, stored as %q; want active", p.Status)
	}
	if err := sb.SetMayarPaymentStatus(gen[1].ID, "unpaid"); err != nil {
		t.Fatal(err)
	}
	if p, _ := sb.MayarPayment(gen[1].ID); p.Status != "active" {
		t.Errorf("set to unpaid, stored as %q; want active", p.Status)
	}
}
