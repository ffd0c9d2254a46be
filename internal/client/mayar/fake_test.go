package mayar_test

import (
	"fmt"
	"maps"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// item is one payment request or product of the fake, JSON as Mayar's
// listings have it. A payment request open for payment is stored as
// "active", the word of V1 and of the listing's filter; V2 answers
// "unpaid" for it, as Mayar's V2 pages show.
type item map[string]any

// fakeNewest is when the newest item of the fake was created.
var fakeNewest = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// makeItems makes n payment requests, newest first, one minute apart;
// statuses cycle active, paid, closed; some fields are null; descriptions
// are Mayar's HTML of a plain-text description; names are not ASCII.
func makeItems(n int) []item {
	statuses := []string{"active", "paid", "closed"}
	out := make([]item, n)
	for i := range n {
		it := item{
			"id": fmt.Sprintf("id-%04d", i), "amount": 1000 + i, "category": nil,
			"createdAt": fakeNewest.UnixMilli() - int64(i)*60_000, "description": "<p>Tagihan ke-" + strconv.Itoa(i) + " &amp; ongkir</p>\n",
			"link": "lnk" + strconv.Itoa(i), "type": "payment_request", "status": statuses[i%3],
			"name": "Pembayaran ñ " + strconv.Itoa(i), "limit": nil, "redirectUrl": nil, "installmentId": nil,
			"event": nil, "order": nil, "coverImageId": nil, "multipleImageId": nil, "coverImage": nil, "multipleImage": nil,
		}
		if i%2 == 1 {
			it["amount"] = nil
			it["category"] = "donasi"
			it["limit"] = 2.5
		}
		out[i] = it
	}
	return out
}

// makeProducts makes n products of the catalog, newest first, one minute
// apart; types cycle through a payment link, an ebook and an event.
func makeProducts(n int) []item {
	types := []string{"generic_link", "ebook", "event"}
	out := make([]item, n)
	for i := range n {
		slug := "prd" + strconv.Itoa(i)
		out[i] = item{
			"id": fmt.Sprintf("prod-%04d", i), "name": "Kelas Kopi " + strconv.Itoa(i), "type": types[i%3],
			"status": "active", "amount": 50000 + i, "description": "<p>Belajar &lt;menyeduh&gt;</p>\n",
			"link": slug, "linkUrl": "https://toko.myr.id/" + slug, "linkPayment": "https://toko.myr.id/pl/" + slug,
			"redirectUrl": nil, "limit": nil, "category": nil, "createdAt": fakeNewest.UnixMilli() - int64(i)*60_000,
			"coverImage": map[string]any{"id": "img-" + slug, "url": "https://cdn.example/" + slug + ".png"},
		}
	}
	return out
}

type seen struct {
	Path  string
	Query map[string]string
	Auth  string
	At    time.Time
}

// fakeMayar serves Mayar's listings (payment requests V1 and V2, products
// V2), the read of one product and the balance, as Mayar documents them.
// V2 refuses a limit above 50; V1 serves at most cap items a page and says
// so in its answer, as Mayar may.
type fakeMayar struct {
	items    []item
	products []item
	cap      int // V1's page cap; 0 = 100

	// gate, when set, runs before a listing request is answered, outside
	// the lock: tests hold requests there to see them in flight together.
	// V1 gives it the page asked for, V2 the request's number (its page,
	// as V2's pages are asked one after the other).
	gate func(page int)
	// override answers request number n (1-based) instead.
	override map[int]http.HandlerFunc

	mu          sync.Mutex
	reqs        []seen
	inflight    int
	maxInflight int
}

func (f *fakeMayar) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := map[string]string{}
	for k := range r.URL.Query() {
		q[k] = r.URL.Query().Get(k)
	}
	f.mu.Lock()
	f.reqs = append(f.reqs, seen{r.URL.Path, q, r.Header.Get("Authorization"), time.Now()})
	n := len(f.reqs)
	f.inflight++
	f.maxInflight = max(f.maxInflight, f.inflight)
	over := f.override[n]
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.inflight--
		f.mu.Unlock()
	}()
	if over != nil {
		over(w, r)
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+testKey {
		writeJSON(w, 401, map[string]any{"statusCode": 401, "messages": "Unauthorized"})
		return
	}
	switch path := r.URL.Path; {
	case path == "/hl/v1/payment":
		f.v1(w, q)
	case path == "/hl/v2/payments":
		f.cursor(w, q, n, v2Payments(f.filter(f.items, "status", q["status"])))
	case path == "/hl/v2/products":
		f.cursor(w, q, n, searched(f.filter(f.products, "type", q["type"]), q["search"]))
	case strings.HasPrefix(path, "/hl/v2/products/"):
		f.product(w, strings.TrimPrefix(path, "/hl/v2/products/"))
	case path == "/hl/v1/balance", path == "/hl/v2/balances":
		writeJSON(w, 200, map[string]any{"statusCode": 200, "messages": "success",
			"data": map[string]any{"balanceActive": 1500, "balancePending": 500, "balance": 2000}})
	default:
		writeJSON(w, 404, map[string]any{"statusCode": 404, "message": "Not Found"})
	}
}

func (f *fakeMayar) pageCap() int {
	if f.cap == 0 {
		return 100
	}
	return f.cap
}

// filter keeps the items whose key is value; "" keeps all.
func (f *fakeMayar) filter(items []item, key, value string) []item {
	var out []item
	for _, it := range items {
		if value == "" || it[key] == value {
			out = append(out, it)
		}
	}
	return out
}

// searched keeps the products whose name has search in it.
func searched(products []item, search string) []item {
	var out []item
	for _, it := range products {
		if name, _ := it["name"].(string); strings.Contains(strings.ToLower(name), strings.ToLower(search)) {
			out = append(out, it)
		}
	}
	return out
}

// v2Payments is items as V2 answers them: an open request says unpaid.
func v2Payments(items []item) []item {
	out := make([]item, len(items))
	for i, it := range items {
		out[i] = it
		if it["status"] == "active" {
			out[i] = maps.Clone(it)
			out[i]["status"] = "unpaid"
		}
	}
	return out
}

func (f *fakeMayar) v1(w http.ResponseWriter, q map[string]string) {
	if q["status"] == "" {
		writeJSON(w, 400, map[string]any{"statusCode": 400, "messages": "status is required"})
		return
	}
	page, size := atoiOr(q["page"], 1), atoiOr(q["pageSize"], 10)
	if page < 1 || size < 1 {
		writeJSON(w, 400, map[string]any{"statusCode": 400, "messages": "bad paging"})
		return
	}
	size = min(size, f.pageCap())
	if f.gate != nil {
		f.gate(page)
	}
	all := f.filter(f.items, "status", q["status"])
	pageCount := (len(all) + size - 1) / size
	from, to := min((page-1)*size, len(all)), min(page*size, len(all))
	writeJSON(w, 200, map[string]any{"statusCode": 200, "messages": "success", "hasMore": page < pageCount,
		"pageCount": pageCount, "pageSize": size, "page": page, "data": all[from:to]})
}

// cursor answers request n, one V2 page of all: limit items (10 by
// default, at most 50) after the startingAfter cursor.
func (f *fakeMayar) cursor(w http.ResponseWriter, q map[string]string, n int, all []item) {
	limit := atoiOr(q["limit"], 10)
	if limit < 1 || limit > 50 {
		writeJSON(w, 400, map[string]any{"statusCode": 400, "messages": "limit must be from 1 to 50"})
		return
	}
	from := 0
	if after := q["startingAfter"]; after != "" {
		from = -1
		for i, it := range all {
			if it["id"] == after {
				from = i + 1
			}
		}
		if from < 0 {
			writeJSON(w, 400, map[string]any{"statusCode": 400, "messages": "unknown cursor"})
			return
		}
	}
	if f.gate != nil {
		f.gate(n)
	}
	to := min(from+limit, len(all))
	body := map[string]any{"statusCode": 200, "messages": "success", "hasMore": to < len(all), "data": all[from:to]}
	if to < len(all) {
		body["nextStartingAfter"] = all[to-1]["id"]
	}
	writeJSON(w, 200, body)
}

// product answers the read of one product, which has neither redirectUrl
// nor createdAt.
func (f *fakeMayar) product(w http.ResponseWriter, id string) {
	for _, it := range f.products {
		if it["id"] == id {
			one := maps.Clone(it)
			delete(one, "redirectUrl")
			delete(one, "createdAt")
			writeJSON(w, 200, map[string]any{"statusCode": 200, "messages": "success", "data": one})
			return
		}
	}
	writeJSON(w, 404, map[string]any{"statusCode": 404, "messages": "Product not found"})
}

func (f *fakeMayar) requests() []seen {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]seen(nil), f.reqs...)
}

func atoiOr(s string, def int) int {
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// itemIDs are the ids of items, in order.
func itemIDs(items []item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i], _ = it["id"].(string)
	}
	return out
}
