package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

func TestSummarize(t *testing.T) {
	for _, tc := range []struct {
		in               []float64
		median, min, max float64
	}{
		{[]float64{5, 1, 3}, 3, 1, 5},
		{[]float64{4, 1, 3, 2}, 2.5, 1, 4},
		{[]float64{7}, 7, 7, 7},
	} {
		s := summarize(tc.in)
		if s.Median != tc.median || s.Min != tc.min || s.Max != tc.max || s.N != len(tc.in) {
			t.Errorf("summarize(%v) = %+v, want median %v min %v max %v", tc.in, s, tc.median, tc.min, tc.max)
		}
	}
	if s := summarize(nil); s.N != 0 {
		t.Errorf("summarize(nil) = %+v", s)
	}
}

func TestFloorRounds(t *testing.T) {
	for calls, want := range map[int]int{40: 4, 41: 5, 10: 1, 0: 0} {
		if got := tfRounds(calls); got != want {
			t.Errorf("tfRounds(%d) = %d, want %d at parallelism %d", calls, got, want, tfParallelism)
		}
	}
	// 17 pages per status: page 1 of the three at once, then 48 pages 12
	// at a time (4 per status).
	if got := v1Rounds([]int{17, 17, 17}, false); got != 5 {
		t.Errorf("v1Rounds = %d, want 5", got)
	}
	// One status: page 1, then 16 pages 4 at a time.
	if got := v1Rounds([]int{17}, false); got != 5 {
		t.Errorf("v1Rounds of one status = %d, want 5", got)
	}
	// Cut by max_items: page 1 of each at once, then one page at a time.
	if got := v1Rounds([]int{6, 6, 6}, true); got != 16 {
		t.Errorf("v1Rounds of a cut listing = %d, want 16", got)
	}
	if got := v1Rounds([]int{1}, false); got != 1 {
		t.Errorf("v1Rounds of a one-page listing = %d, want 1", got)
	}
	if got := v1APIRounds([]int{1, 1}); got != 1 {
		t.Errorf("v1APIRounds of one-page listings = %d, want 1", got)
	}
	if got, want := pagesFor(0, 50), 1; got != want {
		t.Errorf("an empty listing needs %d pages, want %d (an answer saying it is empty)", got, want)
	}
	if got, want := pagesFor(5000, 50), 100; got != want {
		t.Errorf("pagesFor(5000, 50) = %d, want %d", got, want)
	}
	// hashicorp/http: page 1 of the three statuses, then 99 pages 10 at a
	// time.
	if got := httpRounds([]int{34, 34, 34}); got != 11 {
		t.Errorf("httpRounds = %d, want 11", got)
	}
}

func TestListingMinimum(t *testing.T) {
	// 5,000 items, statuses cycling active, paid, closed: 1667, 1667, 1666.
	statuses := make([]string, 5000)
	for i := range statuses {
		statuses[i] = []string{"active", "paid", "closed"}[i%3]
	}
	for _, tc := range []struct {
		spec       listingSpec
		pageCap    int
		pages      int
		floorRound int
	}{
		{listingSpec{"v2", 0, false}, 100, 50, 50},
		{listingSpec{"v1", 0, false}, 100, 51, 5},
		{listingSpec{"v2", 0, false}, 50, 100, 100},
		// 34 pages per status: page 1 of the three at once, then 99 pages
		// 12 at a time (4 per status).
		{listingSpec{"v1", 0, false}, 50, 102, 10},
		// The same pages through hashicorp/http: 1 + ceil(99 / 10).
		{httpListing, 50, 102, 11},
		{listingSpec{"v2", 250, false}, 100, 3, 3},
		// Page 1 of each status (100 items) reaches past the 250 newest.
		{listingSpec{"v1", 250, false}, 100, 3, 1},
		// The 1,700 newest are 567 active, 567 paid, 566 closed: 6 pages
		// of each, the sixth reaching past the 1,700th, one at a time.
		{listingSpec{"v1", 1700, false}, 100, 18, 16},
		// The small listing of the pacing comparison: 4 requests.
		{listingSpec{"v2", 400, false}, 100, 4, 4},
	} {
		r := newListingResult(tc.spec, statuses, tc.pageCap)
		if got := r.Min[sandbox.RouteMayarList]; got != tc.pages {
			t.Errorf("%s, pages of %d: minimum %d pages, want %d (%s)", tc.spec.name(), tc.pageCap, got, tc.pages, r.MinWhy[sandbox.RouteMayarList])
		}
		if got := floorRounds(r.Floor); got != tc.floorRound {
			t.Errorf("%s, pages of %d: floor %d rounds, want %d", tc.spec.name(), tc.pageCap, got, tc.floorRound)
		}
	}
}

// The hashicorp/http configuration asks for the V1 pages the provider's
// listing reads, with the key in a header.
func TestHTTPListingConfig(t *testing.T) {
	cfg := httpListing.config("http://127.0.0.1:1", 50, false)
	for _, want := range []string{`source = "hashicorp/http"`, "/hl/v1/payment?pageSize=50", "status=${local.statuses[count.index]}&page=1",
		`Authorization = "Bearer ` + sandbox.MayarKey + `"`, "jsondecode(data.http.first[i].body).pageCount", `output "total"`} {
		if !strings.Contains(cfg, want) {
			t.Errorf("the configuration lacks %q:\n%s", want, cfg)
		}
	}
	if strings.Contains(cfg, "indopay") {
		t.Errorf("the comparison uses this provider:\n%s", cfg)
	}
}

func TestPaymentsMinimum(t *testing.T) {
	apply, destroy, refresh := newPaymentsResults(40)
	for _, tc := range []struct {
		r          *result
		total, rnd int
	}{
		{apply, 81, 9},
		{destroy, 121, 13},
		{refresh, 81, 9},
	} {
		if got := tc.r.minTotal(); got != tc.total {
			t.Errorf("%s: minimum %d requests, want %d", tc.r.ID, got, tc.total)
		}
		if got := floorRounds(tc.r.Floor); got != tc.rnd {
			t.Errorf("%s: floor %d rounds, want %d", tc.r.ID, got, tc.rnd)
		}
	}
}

func TestResultCountsRoutesAndSpan(t *testing.T) {
	r := &result{Min: map[sandbox.Route]int{sandbox.RoutePayGetStatus: 2}}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r.add(tfRun{Wall: time.Second, Requests: []sandbox.Request{
		{Route: sandbox.RoutePayGetStatus, Status: 200, At: t0.Add(30 * time.Millisecond)},
		{Route: sandbox.RoutePayGetStatus, Status: 200, At: t0},
		{Route: sandbox.RoutePayGetProfile, Status: 401, At: t0.Add(10 * time.Millisecond)},
	}}, 20*time.Millisecond, false)
	r.add(tfRun{Wall: 2 * time.Second}, 0, true)
	if lo, hi := r.gotRange(sandbox.RoutePayGetStatus); lo != 2 || hi != 2 {
		t.Errorf("status requests %d–%d, want 2", lo, hi)
	}
	if lo, hi := r.totalRange(); lo != 3 || hi != 3 {
		t.Errorf("total requests %d–%d, want 3", lo, hi)
	}
	if r.Non2xx != 1 {
		t.Errorf("non-2xx = %d, want 1", r.Non2xx)
	}
	if len(r.Spans) != 1 || r.Spans[0] != 50*time.Millisecond {
		t.Errorf("span = %v, want 50ms (first arrival to the last arrival plus the latency)", r.Spans)
	}
	if len(r.Walls) != 1 || len(r.BaseWalls) != 1 {
		t.Errorf("walls %v, baseline walls %v: want one of each", r.Walls, r.BaseWalls)
	}
	if len(r.InFlight) != 1 || r.InFlight[0] != 2 {
		t.Errorf("in flight = %v, want 2 (arrivals at 0 and 10 ms overlap within 20 ms; 30 ms does not overlap 0)", r.InFlight)
	}
	if got := r.routes(); len(got) != 2 {
		t.Errorf("routes = %v, want profile and status", got)
	}
}

func TestParseGoBench(t *testing.T) {
	out := `goos: linux
pkg: github.com/indopay/terraform-provider-indopay/internal/client/mayar
BenchmarkDecodePage/v1-2   	      78	   2600991 ns/op	  22.47 MB/s	  668975 B/op	    9064 allocs/op
BenchmarkDecodePage/v1-2   	      80	   2400000 ns/op	  24.00 MB/s	  668975 B/op	    9064 allocs/op
BenchmarkDecodePage/v1-2   	      80	   2500000 ns/op	  23.00 MB/s	  668975 B/op	    9064 allocs/op
BenchmarkListPayments/v2/sandbox-2 	       1	1104392001 ns/op	        50.00 requests/op	 8000000 B/op	   90000 allocs/op
    list_bench_test.go:10: a log line
PASS
pkg: github.com/indopay/terraform-provider-indopay/internal/client/payget
BenchmarkCreateStatusRoundTrip/replay-2          	    2622	     86047 ns/op	         2.000 requests/op	   27745 B/op	     190 allocs/op
ok  	github.com/indopay/terraform-provider-indopay/internal/client/payget	0.493s
`
	benches, err := parseGoBench(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if len(benches) != 3 {
		t.Fatalf("parsed %d benchmarks, want 3: %+v", len(benches), benches)
	}
	d := benches[0]
	if d.Name != "BenchmarkDecodePage/v1" || !strings.HasSuffix(d.Pkg, "/mayar") || len(d.Values["ns/op"]) != 3 {
		t.Errorf("first benchmark = %+v", d)
	}
	if got := summarize(d.Values["ns/op"]).Median; got != 2500000 {
		t.Errorf("median ns/op = %v, want 2500000", got)
	}
	if !strings.HasSuffix(benches[2].Pkg, "/payget") {
		t.Errorf("the last benchmark's package is %q, want payget", benches[2].Pkg)
	}
	table := goBenchTable(benches)
	for _, want := range []string{"| internal/client/mayar | DecodePage/v1 | 3 | 2.50 ms | 653.3 KiB | 9064 | 23.0 MB/s |", "50 requests/op", "2 requests/op"} {
		if !strings.Contains(table, want) {
			t.Errorf("the table lacks %q:\n%s", want, table)
		}
	}
}

func TestReadRSSFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rss.txt")
	if runs, err := readRSSFile(path); err != nil || runs != nil {
		t.Fatalf("a missing file: %v, %v; want no runs and no error", runs, err)
	}
	if err := os.WriteFile(path, []byte("101 98304 1500 900 3\n102 20480 40 12 2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	runs, err := readRSSFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2 || runs[0].MaxRSSKB != 98304 || runs[0].CPU != 900*time.Millisecond || runs[0].WrapCPU != 3*time.Millisecond || runs[1].Pid != 102 {
		t.Errorf("runs = %+v", runs)
	}
	if err := os.WriteFile(path, []byte("101 oops 1500 900 3\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := readRSSFile(path); err == nil {
		t.Error("a malformed line was accepted")
	}
}

func TestCleanEnvDropsWhatChangesTheRun(t *testing.T) {
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("MAYAR_REQUESTS_PER_MINUTE", "20")
	t.Setenv("PAYGET_API_KEY", "x")
	t.Setenv("INDOPAY_MAX_RETRIES", "9")
	t.Setenv("KEEP_ME", "1")
	env := strings.Join(cleanEnv(), "\n")
	for _, gone := range []string{"TF_LOG=", "MAYAR_REQUESTS_PER_MINUTE=", "PAYGET_API_KEY=", "INDOPAY_MAX_RETRIES="} {
		if strings.Contains(env, gone) {
			t.Errorf("cleanEnv kept %s", gone)
		}
	}
	if !strings.Contains(env, "KEEP_ME=1") {
		t.Error("cleanEnv dropped an unrelated variable")
	}
}

func TestLatencyCostPairsRuns(t *testing.T) {
	msd := func(v int) time.Duration { return time.Duration(v) * time.Millisecond }
	r := &result{
		Walls:     []time.Duration{msd(100), msd(200), msd(300)},
		BaseWalls: []time.Duration{msd(50), msd(190), msd(100)},
	}
	// Paired differences 50, 10, 200: median 50. The difference of the
	// medians (200 - 100 = 100) would mix runs made under different load.
	if got := r.latencyCost(); got != 50 {
		t.Errorf("latencyCost = %v ms, want 50", got)
	}
}

func TestMostInWindow(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var reqs []sandbox.Request
	for _, s := range []int{61, 0, 1, 60, 122, 2} { // seconds, out of order
		reqs = append(reqs, sandbox.Request{At: t0.Add(time.Duration(s) * time.Second)})
	}
	// 0, 1, 2 and 60 are within one closed minute; 1, 2, 60, 61 too.
	if got := mostInWindow(reqs, time.Minute); got != 4 {
		t.Errorf("mostInWindow = %d, want 4", got)
	}
	if got := mostInWindow(nil, time.Minute); got != 0 {
		t.Errorf("mostInWindow(nil) = %d", got)
	}
}
