package mayar_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

const testKey = "mayar_test_key_0001"

// item is one payment request of the fake; JSON as Mayar's listing.
type item map[string]any

// makeItems makes n items, newest first; statuses cycle active, paid,
// closed; some fields are null, descriptions are HTML, names non-ASCII.
func makeItems(n int) []item {
	statuses := []string{"active", "paid", "closed"}
	newest := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC).UnixMilli()
	out := make([]item, n)
	for i := range n {
		it := item{
			"id": fmt.Sprintf("id-%04d", i), "amount": 1000 + i, "category": nil,
			"createdAt": newest - int64(i)*60_000, "description": "<p>Tagihan ke-" + strconv.Itoa(i) + "</p>\n",
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

type seen struct {
	Path  string
	Query map[string]string
	Auth  string
	At    time.Time
}

// fakeMayar serves V1 and V2 listings and balances over items, like the
// contract says: a page size cap, answers that say what they served.
type fakeMayar struct {
	items []item
	cap   int // 0 = 100

	// gate, when set, runs before a listing request is answered, outside
	// the lock: tests hold requests there to see them in flight together.
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
	switch r.URL.Path {
	case "/hl/v1/payment":
		f.v1(w, q)
	case "/hl/v2/payments":
		f.v2(w, q)
	case "/hl/v1/balance", "/hl/v2/balances":
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

func (f *fakeMayar) filter(status string) []item {
	var out []item
	for _, it := range f.items {
		if status == "" || it["status"] == status {
			out = append(out, it)
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
	all := f.filter(q["status"])
	pageCount := (len(all) + size - 1) / size
	from, to := min((page-1)*size, len(all)), min(page*size, len(all))
	writeJSON(w, 200, map[string]any{"statusCode": 200, "messages": "success", "hasMore": page < pageCount,
		"pageCount": pageCount, "pageSize": size, "page": page, "data": all[from:to]})
}

func (f *fakeMayar) v2(w http.ResponseWriter, q map[string]string) {
	limit := min(atoiOr(q["limit"], 10), f.pageCap())
	all := f.filter(q["status"])
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
	to := min(from+limit, len(all))
	body := map[string]any{"statusCode": 200, "messages": "success", "hasMore": to < len(all), "data": all[from:to]}
	if to < len(all) {
		body["nextStartingAfter"] = all[to-1]["id"]
	}
	writeJSON(w, 200, body)
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

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

func raw(code int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(code)
		_, _ = w.Write([]byte(body))
	}
}

type logLine struct {
	Level, Msg string
	Fields     map[string]any
}

type captureLogger struct {
	mu    sync.Mutex
	lines []logLine
}

func (l *captureLogger) Debug(_ context.Context, m string, f map[string]any) { l.add("debug", m, f) }
func (l *captureLogger) Info(_ context.Context, m string, f map[string]any)  { l.add("info", m, f) }
func (l *captureLogger) add(level, m string, f map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, logLine{level, m, f})
}

func (l *captureLogger) info() []logLine {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []logLine
	for _, line := range l.lines {
		if line.Level == "info" {
			out = append(out, line)
		}
	}
	return out
}

func (l *captureLogger) text() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var sb strings.Builder
	for _, line := range l.lines {
		fmt.Fprintf(&sb, "%s %s %v\n", line.Level, line.Msg, line.Fields)
	}
	return sb.String()
}

func newClient(t *testing.T, h http.Handler, v mayar.Version, mod ...func(*transport.Config)) *mayar.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	cfg := transport.Config{BaseURL: srv.URL, MaxRetries: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond,
		Secrets: []string{testKey}} // as the provider configures it: the transport redacts the key
	for _, m := range mod {
		m(&cfg)
	}
	tc, err := transport.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return mayar.New(tc, testKey, v)
}

func ids(ps []mayar.Payment) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.ID
	}
	return out
}

func itemIDs(items []item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i], _ = it["id"].(string)
	}
	return out
}
