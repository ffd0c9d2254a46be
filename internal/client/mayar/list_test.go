package mayar_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

// holdLaterPages is a gate that lets pages 1 through at once and holds the
// first n later pages until all n are in flight, and a little longer: a
// client that asks fewer at once fails here (after the safety net), and
// one that asks more sends another meanwhile, which the fake counts in
// flight.
func holdLaterPages(n int) func(page int) {
	var mu sync.Mutex
	arrived := 0
	release := make(chan struct{})
	return func(page int) {
		if page < 2 {
			return
		}
		mu.Lock()
		arrived++
		k := arrived
		mu.Unlock()
		if k > n {
			return
		}
		if k == n {
			time.AfterFunc(100*time.Millisecond, func() { close(release) })
		}
		select {
		case <-release:
		case <-time.After(5 * time.Second): // the safety net
		}
	}
}

// One status's later pages are asked four at a time, and listed in order.
func TestV1PagesAreConcurrentBoundedAndOrdered(t *testing.T) {
	fake := &fakeMayar{items: makeItems(300), cap: 10} // 100 paid: 10 pages of 10
	fake.gate = holdLaterPages(4)
	logger := &captureLogger{}
	c := newClient(t, fake, mayar.V1, func(cfg *transport.Config) { cfg.Logger = logger })
	res, err := c.ListPayments(context.Background(), mayar.ListOptions{Status: "paid"})
	if err != nil {
		t.Fatal(err)
	}
	want := itemIDs(fake.filter(fake.items, "status", "paid"))
	if !slices.Equal(ids(res.Payments), want) {
		t.Fatalf("order or content differs:\n got %v\nwant %v", ids(res.Payments), want)
	}
	if res.Requests != 10 || res.Pages != 10 {
		t.Fatalf("%d requests, %d pages; want 10 and 10", res.Requests, res.Pages)
	}
	wantQ := []map[string]string{{"status": "paid", "page": "1", "pageSize": "1000"}}
	for p := 2; p <= 10; p++ {
		wantQ = append(wantQ, map[string]string{"status": "paid", "page": itoa(p), "pageSize": "10"})
	}
	wantQueries(t, fake.requests(), wantQ, true)
	if m := fake.maxInflight; m != 4 {
		t.Fatalf("at most %d requests in flight, want exactly 4", m)
	}
	if n := len(logger.info()); n != 10 {
		t.Fatalf("%d progress lines, want one per page:\n%s", n, logger.text())
	}
	last := logger.info()[9].Fields
	if last["version"] != "v1" || last["pages_fetched"] != 10 || last["items_so_far"] != 100 {
		t.Fatalf("last progress line %v", last)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestV1MaxItemsAndPageSizes(t *testing.T) {
	tests := []struct {
		name  string
		items int // all "paid" below: makeItems(3*items) has items paid ones
		cap   int
		opts  mayar.ListOptions
		want  []map[string]string
		count int
	}{
		{"cut mid-page, pages asked at the served size", 95, 10, mayar.ListOptions{Status: "paid", MaxItems: 25},
			[]map[string]string{{"page": "1", "pageSize": "25"}, {"page": "2", "pageSize": "10"}, {"page": "3", "pageSize": "10"}}, 25},
		{"max items within the first page", 95, 10, mayar.ListOptions{Status: "paid", MaxItems: 5},
			[]map[string]string{{"page": "1", "pageSize": "5"}}, 5},
		{"max items beyond all", 95, 100, mayar.ListOptions{Status: "paid", MaxItems: 150},
			[]map[string]string{{"page": "1", "pageSize": "150"}}, 95},
		{"own page size", 20, 100, mayar.ListOptions{Status: "paid", PageSize: 7},
			[]map[string]string{{"page": "1", "pageSize": "7"}, {"page": "2", "pageSize": "7"}, {"page": "3", "pageSize": "7"}}, 20},
		{"exact multiple", 30, 10, mayar.ListOptions{Status: "paid", MaxItems: 20},
			[]map[string]string{{"page": "1", "pageSize": "20"}, {"page": "2", "pageSize": "10"}}, 20},
		{"nothing there", 0, 10, mayar.ListOptions{Status: "paid"},
			[]map[string]string{{"page": "1", "pageSize": "1000"}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &fakeMayar{items: makeItems(3 * tt.items), cap: tt.cap}
			c := newClient(t, fake, mayar.V1)
			res, err := c.ListPayments(context.Background(), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				w["status"] = "paid"
			}
			wantQueries(t, fake.requests(), tt.want, true)
			want := itemIDs(fake.filter(fake.items, "status", "paid"))[:tt.count]
			if !slices.Equal(ids(res.Payments), want) || res.Requests != len(tt.want) || res.Pages != len(tt.want) {
				t.Fatalf("got %d items in %d requests, want %d in %d", len(res.Payments), res.Requests, tt.count, len(tt.want))
			}
		})
	}
}

// V2 asks for pages of at most 50, the most Mayar's V2 listings document,
// with the fewest requests that allows: the last one asks only for what is
// still wanted.
func TestV2FollowsCursors(t *testing.T) {
	tests := []struct {
		name  string
		items int
		opts  mayar.ListOptions
		want  []map[string]string
		count int
	}{
		{"all", 120, mayar.ListOptions{}, []map[string]string{
			{"limit": "50"}, {"limit": "50", "startingAfter": "id-0049"}, {"limit": "50", "startingAfter": "id-0099"}}, 120},
		{"max items: the last request asks only what is left", 200, mayar.ListOptions{MaxItems: 120}, []map[string]string{
			{"limit": "50"}, {"limit": "50", "startingAfter": "id-0049"}, {"limit": "20", "startingAfter": "id-0099"}}, 120},
		{"max items within the first page", 200, mayar.ListOptions{MaxItems: 15}, []map[string]string{{"limit": "15"}}, 15},
		{"own page size, max items mid-page", 25, mayar.ListOptions{MaxItems: 12, PageSize: 8}, []map[string]string{
			{"limit": "8"}, {"limit": "4", "startingAfter": "id-0007"}}, 12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &fakeMayar{items: makeItems(tt.items)}
			logger := &captureLogger{}
			c := newClient(t, fake, mayar.V2, func(cfg *transport.Config) { cfg.Logger = logger })
			res, err := c.ListPayments(context.Background(), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			wantQueries(t, fake.requests(), tt.want, false)
			if !slices.Equal(ids(res.Payments), itemIDs(fake.items)[:tt.count]) || res.Requests != len(tt.want) || res.Pages != len(tt.want) {
				t.Fatalf("got %d items, %d requests", len(res.Payments), res.Requests)
			}
			if n := len(logger.info()); n != len(tt.want) || logger.info()[0].Fields["version"] != "v2" {
				t.Fatalf("progress lines:\n%s", logger.text())
			}
		})
	}

	fake := &fakeMayar{items: makeItems(25)}
	c := newClient(t, fake, mayar.V2)
	res, err := c.ListPayments(context.Background(), mayar.ListOptions{Status: "closed"})
	if err != nil || !slices.Equal(ids(res.Payments), itemIDs(fake.filter(fake.items, "status", "closed"))) || fake.requests()[0].Query["status"] != "closed" {
		t.Fatalf("status filter: %v %v", res, err)
	}
}

// 5,000 payment requests on V2 are 100 pages of 50: 100 requests.
func TestV2ListsFiveThousandInAHundredRequests(t *testing.T) {
	fake := &fakeMayar{items: makeItems(5000)}
	res, err := newClient(t, fake, mayar.V2).ListPayments(context.Background(), mayar.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Payments) != 5000 || res.Requests != 100 || res.Pages != 100 {
		t.Fatalf("%d payment requests in %d requests and %d pages, want 5000 in 100 and 100", len(res.Payments), res.Requests, res.Pages)
	}
	for _, r := range fake.requests() {
		if r.Query["limit"] != "50" {
			t.Fatalf("a request asked for %s items, want 50", r.Query["limit"])
		}
	}
}

// Mayar V2 says unpaid where V1 and the listing's filter say active: every
// listing reads it as active, so both versions list the same statuses.
func TestV2ReadsUnpaidAsActive(t *testing.T) {
	fake := &fakeMayar{items: makeItems(30)}
	v2, err := newClient(t, fake, mayar.V2).ListPayments(context.Background(), mayar.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	v1, err := newClient(t, fake, mayar.V1).ListPayments(context.Background(), mayar.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range v2.Payments {
		if want := fake.items[i]["status"]; p.Status != want || v1.Payments[i].Status != want {
			t.Fatalf("%s: V2 lists status %q, V1 %q, want %q", p.ID, p.Status, v1.Payments[i].Status, want)
		}
	}
	active, err := newClient(t, fake, mayar.V2).ListPayments(context.Background(), mayar.ListOptions{Status: mayar.StatusActive})
	if err != nil || len(active.Payments) != 10 || active.Payments[0].Status != mayar.StatusActive {
		t.Fatalf("the active listing: %+v, %v", active, err)
	}
}

func TestBrokenPagingStops(t *testing.T) {
	tests := []struct {
		name    string
		v       mayar.Version
		answers []string
		want    string
	}{
		{"V2 cursor repeats", mayar.V2, []string{
			`{"statusCode":200,"messages":"success","hasMore":true,"nextStartingAfter":"c1","data":[{"id":"a"}]}`,
			`{"statusCode":200,"messages":"success","hasMore":true,"nextStartingAfter":"c1","data":[{"id":"b"}]}`,
		}, `nextStartingAfter "c1" was given before`},
		{"V2 hasMore without a cursor", mayar.V2, []string{
			`{"statusCode":200,"messages":"success","hasMore":true,"data":[{"id":"a"}]}`,
		}, "hasMore without nextStartingAfter"},
		{"V2 empty page with hasMore", mayar.V2, []string{
			`{"statusCode":200,"messages":"success","hasMore":true,"nextStartingAfter":"c1","data":[]}`,
		}, "an empty page that says hasMore"},
		{"V1 absurd pageCount", mayar.V1, []string{
			`{"statusCode":200,"messages":"success","hasMore":true,"pageCount":100000000,"pageSize":10,"page":1,"data":[{"id":"a"}]}`,
		}, "pageCount 100000000 is not believable"},
		{"V1 wrong page", mayar.V1, []string{
			`{"statusCode":200,"messages":"success","hasMore":true,"pageCount":2,"pageSize":1,"page":1,"data":[{"id":"a"}]}`,
			`{"statusCode":200,"messages":"success","hasMore":false,"pageCount":2,"pageSize":1,"page":1,"data":[{"id":"a"}]}`,
		}, "asked for page 2, got page 1"},
		{"V1 page size changes", mayar.V1, []string{
			`{"statusCode":200,"messages":"success","hasMore":true,"pageCount":2,"pageSize":1,"page":1,"data":[{"id":"a"}]}`,
			`{"statusCode":200,"messages":"success","hasMore":false,"pageCount":2,"pageSize":5,"page":2,"data":[{"id":"b"}]}`,
		}, "asked for pages of 1, got 5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &fakeMayar{override: map[int]http.HandlerFunc{}}
			for i, a := range tt.answers {
				fake.override[i+1] = respond(200, a)
			}
			c := newClient(t, fake, tt.v)
			_, err := c.ListPayments(context.Background(), mayar.ListOptions{Status: "paid"})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
			if n := len(fake.requests()); n != len(tt.answers) {
				t.Fatalf("%d requests, want %d", n, len(tt.answers))
			}
		})
	}
}

func TestItemsDecode(t *testing.T) {
	body := `{"statusCode":200,"messages":"success","hasMore":false,"pageCount":1,"pageSize":10,"page":1,"data":[
{"id":"abbf58dc-6e12-4bdc-bdcf-e0a53340227d","amount":1000,"category":null,"createdAt":1685960215853,
"description":"<p>Pembayaran</p>\n","link":"pagovztwbu","type":"payment_request","status":"paid","name":"Penagihan",
"limit":null,"redirectUrl":null,"installmentId":null,"event":null,"order":{"x":1},"coverImageId":null,
"multipleImageId":null,"coverImage":null,"multipleImage":[]},
{"id":"b","amount":null,"category":"donasi","createdAt":1.685960215853e12,"limit":2.5,"redirectUrl":"https://x.test","installmentId":"i1"}]}`
	fake := &fakeMayar{override: map[int]http.HandlerFunc{1: respond(200, body)}}
	c := newClient(t, fake, mayar.V1)
	res, err := c.ListPayments(context.Background(), mayar.ListOptions{Status: "paid"})
	if err != nil {
		t.Fatal(err)
	}
	a, b := res.Payments[0], res.Payments[1]
	created := time.Date(2023, 6, 5, 10, 16, 55, 853_000_000, time.UTC)
	if a.ID != "abbf58dc-6e12-4bdc-bdcf-e0a53340227d" || *a.Amount != 1000 || a.Category != nil || a.Limit != nil ||
		a.RedirectURL != nil || a.InstallmentID != nil || a.Name != "Penagihan" || a.Status != "paid" ||
		a.Type != "payment_request" || a.Link != "pagovztwbu" || a.Description != "<p>Pembayaran</p>\n" ||
		!a.CreatedAt.Equal(created) || a.CreatedAt.Location() != time.UTC {
		t.Fatalf("first item %+v", a)
	}
	if b.Amount != nil || *b.Category != "donasi" || *b.Limit != 2.5 || *b.RedirectURL != "https://x.test" ||
		*b.InstallmentID != "i1" || !b.CreatedAt.Equal(created) || b.Name != "" {
		t.Fatalf("second item %+v", b)
	}

	bad := []struct{ data, want string }{
		{`null`, ""},
		{`{}`, "data: not an array"},
		{`[1]`, "data[0]: not an object"},
		{`[{"id":"a"},null,"x"]`, "data[2]: not an object"},
		{`[null]`, "data[0].id: missing"},
		{`[{"id":"a","amount":"1000"}]`, "data[0].amount: not a number"},
		{`[{"id":"a","amount":10.5}]`, "data[0].amount: 10.5 is not a whole number"},
		{`[{"id":"a","amount":1e300}]`, "data[0].amount: 1e300 is out of range"},
		{`[{"id":"a","createdAt":99999999999999999}]`, "data[0].createdAt: 99999999999999999 is not a time in epoch milliseconds"},
		{`[{"id":"a","limit":1e999}]`, "data[0].limit: not a number in range"},
		{`[{"id":"a","name":{}}]`, "data[0].name: not a string"},
		{`[{"amount":1}]`, "data[0].id: missing"},
	}
	for _, tt := range bad {
		fake := &fakeMayar{override: map[int]http.HandlerFunc{1: respond(200, `{"statusCode":200,"messages":"success","hasMore":false,"data":`+tt.data+`}`)}}
		c := newClient(t, fake, mayar.V2)
		res, err := c.ListPayments(context.Background(), mayar.ListOptions{})
		if tt.want == "" {
			if err != nil || len(res.Payments) != 0 {
				t.Errorf("data %s: %v", tt.data, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), "unexpected answer ("+tt.want+")") {
			t.Errorf("data %s: got %v, want %q", tt.data, err, tt.want)
		}
	}
}

// Every page of a V1 listing, including those asked concurrently, passes
// the pacing window: with room for 3 requests an hour, page 1 and two more
// are let through, and the next cannot wait that long within the context.
// That failure cancels the rest of the listing, so the two let through
// with it may be cancelled before they reach the server: at most 3 arrive.
func TestV1PagesArePaced(t *testing.T) {
	fake := &fakeMayar{items: makeItems(18), cap: 1} // 6 paid: 6 pages
	c := newClient(t, fake, mayar.V1, func(cfg *transport.Config) {
		cfg.RequestsPerMinute, cfg.PacingWindow, cfg.PacingDir = 3, time.Hour, t.TempDir()
	})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := c.ListPayments(ctx, mayar.ListOptions{Status: "paid"})
	if n := len(fake.requests()); err == nil || !strings.Contains(err.Error(), "pacing window") || n < 1 || n > 3 {
		t.Fatalf("got %v after %d requests, want a pacing error after 1 to 3", err, n)
	}
}

func TestPageFailureIsReported(t *testing.T) {
	fake := &fakeMayar{items: makeItems(60), cap: 2} // 20 paid: 10 pages
	fake.override = map[int]http.HandlerFunc{}
	for n := 2; n <= 10; n++ {
		// Every page after the first fails, so whichever runs first fails.
		fake.override[n] = respond(403, `{"statusCode":403,"messages":"Forbidden"}`)
	}
	c := newClient(t, fake, mayar.V1)
	_, err := c.ListPayments(context.Background(), mayar.ListOptions{Status: "paid"})
	var apiErr *transport.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 403 || !strings.Contains(err.Error(), `HTTP 403: "Forbidden"`) {
		t.Fatalf("got %v", err)
	}
}

// V1 requires a status: without one, the three statuses are listed
// together and merged newest first, the order V2 lists them in.
func TestV1WithoutStatusMergesNewestFirst(t *testing.T) {
	fake := &fakeMayar{items: makeItems(30)} // 10 of each status, one minute apart
	// Page 1 of every status is held until all three are in flight: a
	// client that lists one status after the other fails here.
	var mu sync.Mutex
	arrived := 0
	release := make(chan struct{})
	fake.gate = func(int) {
		mu.Lock()
		arrived++
		if arrived == 3 {
			close(release)
		}
		mu.Unlock()
		select {
		case <-release:
		case <-time.After(5 * time.Second): // the safety net
		}
	}
	res, err := newClient(t, fake, mayar.V1).ListPayments(context.Background(), mayar.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := itemIDs(fake.items); !slices.Equal(ids(res.Payments), want) || res.Requests != 3 {
		t.Fatalf("got %v in %d requests, want %v in 3", ids(res.Payments), res.Requests, want)
	}
	if fake.maxInflight != 3 {
		t.Fatalf("at most %d requests in flight, want the 3 statuses at once", fake.maxInflight)
	}
	v2, err := newClient(t, fake, mayar.V2).ListPayments(context.Background(), mayar.ListOptions{})
	if err != nil || !slices.Equal(ids(v2.Payments), ids(res.Payments)) {
		t.Fatalf("V2 lists %v (%v), V1 %v", ids(v2.Payments), err, ids(res.Payments))
	}
}

// Requests created in the same millisecond are ordered by id, whatever
// status they have, so V1's merge is the same on every read.
func TestV1MergeBreaksTiesByID(t *testing.T) {
	items := makeItems(6)
	for i, it := range items {
		it["createdAt"] = items[0]["createdAt"]
		it["id"] = fmt.Sprintf("id-%04d", 10-i) // ids descend while the API order goes on
	}
	fake := &fakeMayar{items: items}
	res, err := newClient(t, fake, mayar.V1).ListPayments(context.Background(), mayar.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"id-0005", "id-0006", "id-0007", "id-0008", "id-0009", "id-0010"}
	if !slices.Equal(ids(res.Payments), want) {
		t.Fatalf("got %v, want %v", ids(res.Payments), want)
	}
}

// Many pages of every status: page 1 of each, then every other page, at
// most four requests in flight per status listed, twelve for the three.
func TestV1StatusesShareTheConcurrencyBound(t *testing.T) {
	fake := &fakeMayar{items: makeItems(300), cap: 10} // 10 pages of each status: twelve later pages held
	fake.gate = holdLaterPages(12)
	res, err := newClient(t, fake, mayar.V1).ListPayments(context.Background(), mayar.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids(res.Payments), itemIDs(fake.items)) || res.Requests != 30 {
		t.Fatalf("got %d items in %d requests, want 300 in 30", len(res.Payments), res.Requests)
	}
	if fake.maxInflight != 12 {
		t.Fatalf("at most %d requests in flight, want exactly 12", fake.maxInflight)
	}
}

// max_items over several statuses: only the pages the merged listing uses
// are read. The 30 newest are active; the 25 newest of all are the first
// three active pages (of 10), and page 1 of paid and of closed shows that
// nothing of theirs comes before.
func TestV1MaxItemsReadsOnlyWhatTheMergeNeeds(t *testing.T) {
	var items []item
	for i, it := range makeItems(90) {
		it["status"] = []string{"active", "paid", "closed"}[i/30]
		items = append(items, it)
	}
	for _, tc := range []struct {
		max  int
		want []map[string]string
	}{
		{25, []map[string]string{
			{"status": "active", "page": "1", "pageSize": "25"}, {"status": "paid", "page": "1", "pageSize": "25"},
			{"status": "closed", "page": "1", "pageSize": "25"},
			{"status": "active", "page": "2", "pageSize": "10"}, {"status": "active", "page": "3", "pageSize": "10"},
		}},
		{35, []map[string]string{
			{"status": "active", "page": "1", "pageSize": "35"}, {"status": "paid", "page": "1", "pageSize": "35"},
			{"status": "closed", "page": "1", "pageSize": "35"},
			{"status": "active", "page": "2", "pageSize": "10"}, {"status": "active", "page": "3", "pageSize": "10"},
		}},
		{45, []map[string]string{
			{"status": "active", "page": "1", "pageSize": "45"}, {"status": "paid", "page": "1", "pageSize": "45"},
			{"status": "closed", "page": "1", "pageSize": "45"},
			{"status": "active", "page": "2", "pageSize": "10"}, {"status": "active", "page": "3", "pageSize": "10"},
			{"status": "paid", "page": "2", "pageSize": "10"},
		}},
	} {
		t.Run(fmt.Sprint(tc.max), func(t *testing.T) {
			fake := &fakeMayar{items: items, cap: 10}
			res, err := newClient(t, fake, mayar.V1).ListPayments(context.Background(), mayar.ListOptions{MaxItems: tc.max})
			if err != nil {
				t.Fatal(err)
			}
			if want := itemIDs(items[:tc.max]); !slices.Equal(ids(res.Payments), want) {
				t.Fatalf("got %v, want %v", ids(res.Payments), want)
			}
			wantQueries(t, fake.requests(), tc.want, true)
		})
	}
}

// created_after ends a listing at the first page that reaches it, on
// every status; created_before drops the newer items of the pages read.
func TestListCreatedBounds(t *testing.T) {
	items := makeItems(90) // one minute apart, statuses cycling
	at := func(i int) time.Time { ms, _ := items[i]["createdAt"].(int64); return time.UnixMilli(ms) }
	opts := mayar.ListOptions{CreatedAfter: at(50), CreatedBefore: at(12), PageSize: 10}
	want := itemIDs(items[13:50])
	for _, tc := range []struct {
		v        mayar.Version
		status   string
		requests int
		want     []string
	}{
		// Pages of 10: items 0..59 hold the one at 50, so pages 1..6.
		{mayar.V2, "", 6, want},
		// Pages of 10 per status: a status's items 0..19 (items 0..59 of
		// all) hold the one at 50 or older, so pages 1 and 2 of each.
		{mayar.V1, "", 6, want},
		{mayar.V1, "paid", 2, nil},
		{mayar.V2, "paid", 2, nil},
	} {
		t.Run(string(tc.v)+"/"+tc.status, func(t *testing.T) {
			fake := &fakeMayar{items: items, cap: 10}
			o := opts
			o.Status = tc.status
			res, err := newClient(t, fake, tc.v).ListPayments(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			want := tc.want
			if tc.status != "" {
				for _, it := range items[13:50] {
					if id, _ := it["id"].(string); it["status"] == tc.status {
						want = append(want, id)
					}
				}
			}
			if !slices.Equal(ids(res.Payments), want) || res.Requests != tc.requests {
				t.Fatalf("got %v in %d requests, want %v in %d", ids(res.Payments), res.Requests, want, tc.requests)
			}
		})
	}

	// created_before with max_items: pages are asked in full until the
	// items are older than created_before, and only then cut to what is
	// still wanted.
	fake := &fakeMayar{items: items, cap: 10}
	res, err := newClient(t, fake, mayar.V2).ListPayments(context.Background(),
		mayar.ListOptions{CreatedBefore: at(14), MaxItems: 8, PageSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids(res.Payments), itemIDs(items[15:23])) {
		t.Fatalf("got %v", ids(res.Payments))
	}
	wantQueries(t, fake.requests(), []map[string]string{
		{"limit": "10"}, {"limit": "10", "startingAfter": "id-0009"}, {"limit": "3", "startingAfter": "id-0019"},
	}, false)

	if _, err := newClient(t, fake, mayar.V2).ListPayments(context.Background(),
		mayar.ListOptions{CreatedAfter: at(3), CreatedBefore: at(3)}); err == nil {
		t.Fatal("created after = created before was accepted")
	}
}

// PaymentPages hands over each V2 page as it arrives: the first page is in
// the caller's hands after one request, and a caller that stops ends the
// listing there.
func TestPaymentPagesHandsEachPageAsItArrives(t *testing.T) {
	fake := &fakeMayar{items: makeItems(120)}
	c := newClient(t, fake, mayar.V2)
	var got []string
	for page, err := range c.PaymentPages(context.Background(), mayar.ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		if n := len(fake.requests()); n != page.Pages || page.Requests != n {
			t.Fatalf("page %d handed over after %d requests (it says %d)", page.Pages, n, page.Requests)
		}
		got = append(got, ids(page.Items)...)
		if page.Pages == 2 {
			break
		}
	}
	if want := itemIDs(fake.items)[:100]; !slices.Equal(got, want) {
		t.Fatalf("got %v, want the first 100", got)
	}
	if n := len(fake.requests()); n != 2 {
		t.Fatalf("%d requests after the caller stopped at page 2, want 2", n)
	}
}

// On V1, pages go to the caller while later ones are still held by the
// server: with one status in Mayar's order, with several merged newest
// first. The whole is the listing ListPayments gives.
func TestV1HandsPagesBeforeTheLast(t *testing.T) {
	for _, status := range []string{"paid", ""} {
		t.Run("status="+status, func(t *testing.T) {
			fake := &fakeMayar{items: makeItems(300), cap: 10} // 10 pages of 10 per status
			handed := make(chan struct{})
			var once sync.Once
			var timedOut atomic.Bool
			fake.gate = func(page int) {
				if page != 10 {
					return
				}
				select {
				case <-handed:
				case <-time.After(5 * time.Second): // the safety net
					timedOut.Store(true)
				}
			}
			c := newClient(t, fake, mayar.V1)
			var got []mayar.Payment
			for page, err := range c.PaymentPages(context.Background(), mayar.ListOptions{Status: status}) {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, page.Items...)
				if len(page.Items) > 0 {
					once.Do(func() { close(handed) })
				}
			}
			if timedOut.Load() {
				t.Fatal("nothing was handed over while the last pages were held")
			}
			want, err := newClient(t, &fakeMayar{items: fake.items, cap: 10}, mayar.V1).ListPayments(context.Background(), mayar.ListOptions{Status: status})
			if err != nil || !slices.Equal(ids(got), ids(want.Payments)) || len(got) != len(fake.filter(fake.items, "status", status)) {
				t.Fatalf("handed over %d payment requests, ListPayments %d (%v)", len(got), len(want.Payments), err)
			}
		})
	}
}

// A V1 caller that stops ends the listing: no page is asked after it. With
// MaxItems over three statuses, the first items are certain once page 1
// of each is in, and the caller stops there.
func TestV1StopsWhenTheCallerStops(t *testing.T) {
	fake := &fakeMayar{items: makeItems(300), cap: 10}
	c := newClient(t, fake, mayar.V1)
	for page, err := range c.PaymentPages(context.Background(), mayar.ListOptions{MaxItems: 200}) {
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) > 0 {
			break
		}
	}
	if n := len(fake.requests()); n != 3 {
		t.Fatalf("%d requests, want the 3 pages 1 before the caller stopped", n)
	}
}
