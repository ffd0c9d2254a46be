package mayar_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

// wantQueries compares the listing requests' queries with the expected
// ones, order included unless anyOrder.
func wantQueries(t *testing.T, got []seen, want []map[string]string, anyOrder bool) {
	t.Helper()
	var qs []string
	for _, r := range got {
		qs = append(qs, fmtQuery(r.Query))
	}
	var ws []string
	for _, w := range want {
		ws = append(ws, fmtQuery(w))
	}
	if anyOrder {
		slices.Sort(qs)
		slices.Sort(ws)
	}
	if !slices.Equal(qs, ws) {
		t.Fatalf("requests\n got %v\nwant %v", qs, ws)
	}
}

func fmtQuery(q map[string]string) string {
	var parts []string
	for k, v := range q {
		parts = append(parts, k+"="+v)
	}
	slices.Sort(parts)
	return strings.Join(parts, "&")
}

func TestV1PagesAreConcurrentBoundedAndOrdered(t *testing.T) {
	fake := &fakeMayar{items: makeItems(300), cap: 10} // 100 paid: 10 pages of 10
	// The first four pages after page 1 are held until all four are in
	// flight, and a little longer: a client that asks one page at a time
	// fails here (after the safety net), and one that asks more than four
	// at once sends a fifth meanwhile, which the server counts.
	var mu sync.Mutex
	arrived := 0
	release := make(chan struct{})
	fake.gate = func(page int) {
		if page < 2 {
			return
		}
		mu.Lock()
		arrived++
		n := arrived
		mu.Unlock()
		if n > 4 {
			return
		}
		if n == 4 {
			time.AfterFunc(100*time.Millisecond, func() { close(release) })
		}
		select {
		case <-release:
		case <-time.After(5 * time.Second): // the safety net
		}
	}
	logger := &captureLogger{}
	c := newClient(t, fake, mayar.V1, func(cfg *transport.Config) { cfg.Logger = logger })
	res, err := c.ListPayments(context.Background(), mayar.ListOptions{Status: "paid"})
	if err != nil {
		t.Fatal(err)
	}
	want := itemIDs(fake.filter("paid"))
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
			want := itemIDs(fake.filter("paid"))[:tt.count]
			if !slices.Equal(ids(res.Payments), want) || res.Requests != len(tt.want) || res.Pages != len(tt.want) {
				t.Fatalf("got %d items in %d requests, want %d in %d", len(res.Payments), res.Requests, tt.count, len(tt.want))
			}
		})
	}
}

func TestV2FollowsCursors(t *testing.T) {
	tests := []struct {
		name  string
		opts  mayar.ListOptions
		want  []map[string]string
		count int
	}{
		{"all", mayar.ListOptions{}, []map[string]string{
			{"limit": "1000"}, {"limit": "1000", "startingAfter": "id-0009"}, {"limit": "1000", "startingAfter": "id-0019"}}, 25},
		{"max items: the last request asks only what is left", mayar.ListOptions{MaxItems: 15}, []map[string]string{
			{"limit": "15"}, {"limit": "5", "startingAfter": "id-0009"}}, 15},
		{"max items mid-page", mayar.ListOptions{MaxItems: 12, PageSize: 8}, []map[string]string{
			{"limit": "8"}, {"limit": "4", "startingAfter": "id-0007"}}, 12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &fakeMayar{items: makeItems(25), cap: 10}
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

	fake := &fakeMayar{items: makeItems(25), cap: 10}
	c := newClient(t, fake, mayar.V2)
	res, err := c.ListPayments(context.Background(), mayar.ListOptions{Status: "closed"})
	if err != nil || !slices.Equal(ids(res.Payments), itemIDs(fake.filter("closed"))) || fake.requests()[0].Query["status"] != "closed" {
		t.Fatalf("status filter: %v %v", res, err)
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
				fake.override[i+1] = raw(200, a)
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

func TestEnvelopeFailures(t *testing.T) {
	tests := []struct {
		name    string
		answers []http.HandlerFunc
		want    string
		status  int
	}{
		{"200 with failed", []http.HandlerFunc{raw(200, `{"statusCode":200,"messages":"failed"}`)},
			`Mayar GET /hl/v2/balances: HTTP 200: "failed"`, 200},
		{"401", []http.HandlerFunc{raw(401, `{"statusCode":401,"messages":"Unauthorized"}`)},
			`Mayar GET /hl/v2/balances: HTTP 401: "Unauthorized"`, 401},
		{"404 with message", []http.HandlerFunc{raw(404, `{"statusCode":404,"message":"Not Found"}`)},
			`Mayar GET /hl/v2/balances: HTTP 404: "Not Found"`, 404},
		{"500 three times", []http.HandlerFunc{raw(500, `{"statusCode":500,"messages":"Internal Server Error"}`), raw(500, `{"statusCode":500,"messages":"Internal Server Error"}`), raw(500, `{"statusCode":500,"messages":"Internal Server Error"}`)},
			`Mayar GET /hl/v2/balances: HTTP 500: "Internal Server Error" (after 3 attempts)`, 500},
		{"HTML", []http.HandlerFunc{raw(403, "<html>\n<b>Forbidden</b></html>")},
			`Mayar GET /hl/v2/balances: HTTP 403: the answer is not JSON: "<html> <b>Forbidden</b></html>"`, 403},
		{"success but no data", []http.HandlerFunc{raw(200, `{"statusCode":200,"messages":"success","data":null}`)},
			`Mayar GET /hl/v2/balances: HTTP 200: unexpected answer (data: missing): "{\"statusCode\":200,\"messages\":\"success\",\"data\":null}"`, 200},
		{"no messages", []http.HandlerFunc{raw(200, `{"statusCode":200}`)},
			`Mayar GET /hl/v2/balances: HTTP 200: the answer does not say "success": "{\"statusCode\":200}"`, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &fakeMayar{override: map[int]http.HandlerFunc{}}
			for i, a := range tt.answers {
				fake.override[i+1] = a
			}
			c := newClient(t, fake, mayar.V2)
			_, err := c.Balance(context.Background())
			var apiErr *transport.APIError
			if !errors.As(err, &apiErr) || err.Error() != tt.want || apiErr.StatusCode != tt.status {
				t.Fatalf("got %v\nwant %s", err, tt.want)
			}
		})
	}

	fake := &fakeMayar{override: map[int]http.HandlerFunc{1: raw(200, `{"statusCode":200,"messages":"failed"}`)}}
	c := newClient(t, fake, mayar.V1)
	_, err := c.ListPayments(context.Background(), mayar.ListOptions{Status: "paid"})
	if err == nil || err.Error() != `Mayar GET /hl/v1/payment (status=paid page=1): HTTP 200: "failed"` {
		t.Fatalf("got %v", err)
	}
}

func TestItemsDecode(t *testing.T) {
	body := `{"statusCode":200,"messages":"success","hasMore":false,"pageCount":1,"pageSize":10,"page":1,"data":[
{"id":"abbf58dc-6e12-4bdc-bdcf-e0a53340227d","amount":1000,"category":null,"createdAt":1685960215853,
"description":"<p>Pembayaran</p>\n","link":"pagovztwbu","type":"payment_request","status":"paid","name":"Penagihan",
"limit":null,"redirectUrl":null,"installmentId":null,"event":null,"order":{"x":1},"coverImageId":null,
"multipleImageId":null,"coverImage":null,"multipleImage":[]},
{"id":"b","amount":null,"category":"donasi","createdAt":1.685960215853e12,"limit":2.5,"redirectUrl":"https://x.test","installmentId":"i1"}]}`
	fake := &fakeMayar{override: map[int]http.HandlerFunc{1: raw(200, body)}}
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
		{`[{"id":"a","amount":"1000"}]`, "data[0].amount: not a number"},
		{`[{"id":"a","amount":10.5}]`, "data[0].amount: 10.5 is not a whole number"},
		{`[{"id":"a","amount":1e300}]`, "data[0].amount: 1e300 is out of range"},
		{`[{"id":"a","createdAt":99999999999999999}]`, "data[0].createdAt: 99999999999999999 is not a time in epoch milliseconds"},
		{`[{"id":"a","limit":1e999}]`, "data[0].limit: not a number in range"},
		{`[{"id":"a","name":{}}]`, "data[0].name: not a string"},
		{`[{"amount":1}]`, "data[0].id: missing"},
	}
	for _, tt := range bad {
		fake := &fakeMayar{override: map[int]http.HandlerFunc{1: raw(200, `{"statusCode":200,"messages":"success","hasMore":false,"data":`+tt.data+`}`)}}
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

func TestBalance(t *testing.T) {
	for v, path := range map[mayar.Version]string{mayar.V1: "/hl/v1/balance", mayar.V2: "/hl/v2/balances"} {
		fake := &fakeMayar{}
		c := newClient(t, fake, v)
		b, err := c.Balance(context.Background())
		if err != nil || *b != (mayar.Balance{Active: 1500, Pending: 500, Total: 2000}) {
			t.Fatalf("%s: %+v %v", v, b, err)
		}
		if r := fake.requests()[0]; r.Path != path || r.Auth != "Bearer "+testKey || len(r.Query) != 0 {
			t.Fatalf("%s: request %+v", v, r)
		}
	}
}

func TestKeyOnlyInTheHeader(t *testing.T) {
	fake := &fakeMayar{items: makeItems(30), cap: 5}
	logger := &captureLogger{}
	for _, v := range []mayar.Version{mayar.V1, mayar.V2} {
		c := newClient(t, fake, v, func(cfg *transport.Config) { cfg.Logger = logger; cfg.Secrets = []string{testKey} })
		if _, err := c.ListPayments(context.Background(), mayar.ListOptions{}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Balance(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range fake.requests() {
		if r.Auth != "Bearer "+testKey || strings.Contains(fmtQuery(r.Query), testKey) {
			t.Fatalf("request %+v", r)
		}
	}
	if strings.Contains(logger.text(), testKey) || strings.Contains(logger.text(), "Bearer") {
		t.Fatalf("key in the logs:\n%s", logger.text())
	}
}

func TestMissingKeyAndBadOptions(t *testing.T) {
	fake := &fakeMayar{}
	srvClient := newClient(t, fake, mayar.V2)
	tc, err := transport.New(transport.Config{BaseURL: "http://127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	c := mayar.New(tc, "", mayar.V2)
	if _, err := c.ListPayments(context.Background(), mayar.ListOptions{}); !errors.Is(err, mayar.ErrMissingAPIKey) {
		t.Fatalf("got %v", err)
	}
	if _, err := c.Balance(context.Background()); !errors.Is(err, mayar.ErrMissingAPIKey) {
		t.Fatalf("got %v", err)
	}
	for _, opts := range []mayar.ListOptions{{MaxItems: -1}, {PageSize: -1}, {PageSize: mayar.MaxPageSize + 1}} {
		if _, err := srvClient.ListPayments(context.Background(), opts); err == nil {
			t.Errorf("%+v accepted", opts)
		}
	}
	if n := len(fake.requests()); n != 0 {
		t.Fatalf("%d requests sent", n)
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
		fake.override[n] = raw(403, `{"statusCode":403,"messages":"Forbidden"}`)
	}
	c := newClient(t, fake, mayar.V1)
	_, err := c.ListPayments(context.Background(), mayar.ListOptions{Status: "paid"})
	var apiErr *transport.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 403 || !strings.Contains(err.Error(), `HTTP 403: "Forbidden"`) {
		t.Fatalf("got %v", err)
	}
}

func TestUnauthorized(t *testing.T) {
	tests := []struct {
		answer http.HandlerFunc
		want   bool
	}{
		{raw(401, `{"statusCode":401,"messages":"Unauthorized"}`), true},
		{raw(200, `{"statusCode":401,"messages":"failed"}`), true},
		{raw(200, `{"statusCode":200,"message":"unauthorized"}`), true},
		{raw(200, `{"statusCode":200,"messages":"failed"}`), false},
		{raw(404, `{"statusCode":404,"messages":"Not Found"}`), false},
	}
	for _, tt := range tests {
		c := newClient(t, &fakeMayar{override: map[int]http.HandlerFunc{1: tt.answer}}, mayar.V2)
		_, err := c.Balance(context.Background())
		if err == nil || errors.Is(err, mayar.ErrUnauthorized) != tt.want {
			t.Errorf("%v: unauthorized %v, want %v", err, errors.Is(err, mayar.ErrUnauthorized), tt.want)
		}
	}
	// Unauthorized is a plain 401: the transport must not retry it.
	fake := &fakeMayar{}
	tc, _ := transport.New(transport.Config{BaseURL: httptestURL(t, fake), MaxRetries: 3})
	_, err := mayar.New(tc, "wrong", mayar.V2).Balance(context.Background())
	if !errors.Is(err, mayar.ErrUnauthorized) || len(fake.requests()) != 1 {
		t.Fatalf("got %v after %d requests", err, len(fake.requests()))
	}
}

func httptestURL(t *testing.T, h http.Handler) string {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestParseVersion(t *testing.T) {
	for in, want := range map[string]mayar.Version{"v1": mayar.V1, "v2": mayar.V2} {
		if got, err := mayar.ParseVersion(in); got != want || err != nil {
			t.Errorf("ParseVersion(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "v3", "V2", " v2"} {
		if _, err := mayar.ParseVersion(in); err == nil || !strings.Contains(err.Error(), `must be "v2" or "v1", got `) {
			t.Errorf("ParseVersion(%q): %v, want a refusal naming both versions", in, err)
		}
	}
}
