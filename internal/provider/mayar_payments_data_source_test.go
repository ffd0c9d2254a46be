package provider_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// mayarCreatedAt matches created_at: RFC 3339, UTC, milliseconds.
var mayarCreatedAt = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)

func mayarPaymentsConfig(name string, args ...string) string {
	return dataSourceConfig("indopay_mayar_payments", name, args...)
}

// expectedPayment is the state value of one payment as the API holds it:
// every field, with the API's nulls as nulls.
func expectedPayment(p sandbox.MayarPayment) knownvalue.Check {
	str := optionalString
	var limit knownvalue.Check = knownvalue.Null()
	if p.Limit != nil {
		limit = knownvalue.Float64Exact(*p.Limit)
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"id":             knownvalue.StringExact(p.ID),
		"name":           knownvalue.StringExact(p.Name),
		"amount":         optionalInt64(p.Amount),
		"status":         knownvalue.StringExact(p.Status),
		"type":           knownvalue.StringExact(p.Type),
		"category":       str(p.Category),
		"description":    knownvalue.StringExact(p.Description),
		"link":           knownvalue.StringExact(p.Link),
		"redirect_url":   str(p.RedirectURL),
		"limit":          limit,
		"installment_id": str(p.InstallmentID),
		"created_at":     knownvalue.StringExact(mayarTime(p.CreatedAt)),
	})
}

// expectPayments checks a listing in full: total, and every item in order.
func expectPayments(addr string, want []sandbox.MayarPayment) []statecheck.StateCheck {
	items := make([]knownvalue.Check, len(want))
	for i, p := range want {
		items[i] = expectedPayment(p)
	}
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("total"), knownvalue.Int64Exact(int64(len(want)))),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("payments"), knownvalue.ListExact(items)),
	}
}

// listing is what one read of the data source should produce: the items in
// order and the fewest list requests that can fetch them.
type listing struct {
	items    []sandbox.MayarPayment
	requests int
}

// listArgs are the data source's arguments that decide what is listed.
type listArgs struct {
	status        string
	maxItems      int
	after, before time.Time // zero = unset
}

// within reports whether p falls inside the creation bounds.
func (a listArgs) within(p sandbox.MayarPayment) bool {
	at := time.UnixMilli(p.CreatedAt)
	return (a.after.IsZero() || at.After(a.after)) && (a.before.IsZero() || at.Before(a.before))
}

// expectedListing works out a listing from the sandbox's payments (newest
// first, the API's order) and the page size it serves (its cap, or
// page_size if smaller). Both versions list the same items in the same
// order: those with the status and within the creation bounds, newest
// first, up to max_items.
//
// The requests are one per page needed, and one even for a status with no
// items. A page is needed until one reaches created_after (older pages hold
// only older items) or max_items is reached. V1 requires a status, so a
// listing of every status reads each status's pages, and a status's next
// page is needed only while fewer than max_items of the whole listing come
// before its last item read.
func expectedListing(version string, all []sandbox.MayarPayment, args listArgs, served int) listing {
	var l listing
	rank := map[string]int{} // position in the listing, from 1
	for _, p := range all {
		if (args.status == "" || p.Status == args.status) && args.within(p) {
			l.items = append(l.items, p)
			rank[p.ID] = len(l.items)
		}
	}
	if args.maxItems > 0 {
		l.items = l.items[:min(len(l.items), args.maxItems)]
	}
	statuses := []string{args.status}
	if args.status == "" && version == "v1" {
		statuses = []string{"active", "paid", "closed"}
	}
	if args.maxItems > 0 && args.before.IsZero() {
		served = min(served, args.maxItems) // the first page asks only for what is wanted
	}
	for _, st := range statuses {
		var mine []sandbox.MayarPayment
		for _, p := range all {
			if st == "" || p.Status == st {
				mine = append(mine, p)
			}
		}
		pages := 1
		for ; pages*served < len(mine); pages++ {
			last := mine[pages*served-1]
			if !args.after.IsZero() && !time.UnixMilli(last.CreatedAt).After(args.after) {
				break // this page reached created_after
			}
			// Once max_items listed items are known to come at or before
			// the page's last item, no later page is needed.
			if args.maxItems > 0 && listedUpTo(all, rank, last) >= args.maxItems {
				break
			}
		}
		l.requests += pages
	}
	return l
}

// listedUpTo is how many listed items come at or before p in the API's
// order.
func listedUpTo(all []sandbox.MayarPayment, rank map[string]int, p sandbox.MayarPayment) int {
	n := 0
	for _, q := range all {
		if r, ok := rank[q.ID]; ok {
			n = r
		}
		if q.ID == p.ID {
			break
		}
	}
	return n
}

// listRequests is a state check that runs right after the step's apply,
// when Terraform has read the data sources exactly once (during the plan),
// and asserts the exact number of list requests that read sent, that each
// was a different page (no re-reads), and that they used the chosen version.
type listRequests struct {
	sb      *testSandbox
	version string
	want    int
	query   map[string]string // parameters every list request must carry
}

func (c listRequests) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c.check(1)
}

// check verifies the log after the given number of Terraform reads.
func (c listRequests) check(reads int) error {
	var list []sandbox.Request
	for _, r := range c.sb.Requests() {
		if r.Route == sandbox.RouteMayarList {
			list = append(list, r)
		}
	}
	if len(list) != reads*c.want {
		return fmt.Errorf("the sandbox saw %d list requests after %d read(s), want %d per read (one per page needed)", len(list), reads, c.want)
	}
	seen := map[string]int{}
	for _, r := range list {
		if !strings.HasPrefix(r.Path, "/hl/"+c.version+"/") {
			return fmt.Errorf("list request %s went to the wrong API version, want %s", r.Path, c.version)
		}
		q, err := url.ParseQuery(r.RawQuery)
		if err != nil {
			return fmt.Errorf("list request query %q: %w", r.RawQuery, err)
		}
		for k, v := range c.query {
			if got := q.Get(k); got != v {
				return fmt.Errorf("list request ?%s has %s=%q, want %q", r.RawQuery, k, got, v)
			}
		}
		seen[r.Path+"?"+r.RawQuery]++
	}
	for req, n := range seen {
		if n != reads {
			return fmt.Errorf("%s was requested %d times in %d read(s): a page was read again", req, n, reads)
		}
	}
	return nil
}

// assertWholeTestCase checks the log after the test case: every Terraform
// read sent exactly the same requests as the first.
func (c listRequests) assertWholeTestCase(t *testing.T) {
	t.Helper()
	if err := c.check(mayarReadsPerStep); err != nil {
		t.Error(err)
	}
	t.Logf("%s: %d list requests per read, %d in all", c.version, c.want, c.sb.RequestCount(sandbox.RouteMayarList))
}

// The listing sizes the issue names, on both versions: nothing, less than a
// page, exactly one full page, and many pages (the sandbox serves at most 50
// items a page whatever the provider asks, so 237 items take 5 pages). The
// whole list is compared with the sandbox's, field by field and in order.
func TestAccMayarPaymentsDataSource_sizes(t *testing.T) {
	const pageCap = 50
	for _, v := range mayarAPIVersions {
		for _, n := range []int{0, 7, pageCap, 237} {
			t.Run(fmt.Sprintf("%s/%d items", v.name, n), func(t *testing.T) {
				payments := sandbox.GenerateMayarPayments(n, mayarNewest)
				sb := newTestSandbox(t, sandbox.Options{MayarPageCap: pageCap, MayarPayments: payments})
				want := expectedListing(v.name, payments, listArgs{}, pageCap)
				requests := listRequests{sb: sb, version: v.name, want: want.requests}
				const addr = "data.indopay_mayar_payments.all"
				checks := append(expectPayments(addr, want.items), requests)
				resource.ParallelTest(t, resource.TestCase{
					ProtoV6ProviderFactories: protoV6ProviderFactories,
					Steps: []resource.TestStep{{
						Config:            v.block(sb) + mayarPaymentsConfig("all"),
						ConfigStateChecks: checks,
					}},
				})
				requests.assertWholeTestCase(t)
			})
		}
	}
}

// The details users see: created_at in RFC 3339 UTC, the API's nulls as
// nulls, HTML and non-ASCII text byte for byte, and the first and last
// items, each checked by name so that a failure says which.
func TestAccMayarPaymentsDataSource_fields(t *testing.T) {
	const pageCap = 50
	payments := sandbox.GenerateMayarPayments(237, mayarNewest)
	const addr = "data.indopay_mayar_payments.all"
	for _, v := range mayarAPIVersions {
		t.Run(v.name, func(t *testing.T) {
			want := expectedListing(v.name, payments, listArgs{}, pageCap).items
			interesting := map[string]int{"first": 0, "last": len(want) - 1}
			for name, has := range map[string]func(sandbox.MayarPayment) bool{
				"null amount":         func(p sandbox.MayarPayment) bool { return p.Amount == nil },
				"null category":       func(p sandbox.MayarPayment) bool { return p.Category == nil },
				"null redirect_url":   func(p sandbox.MayarPayment) bool { return p.RedirectURL == nil },
				"null limit":          func(p sandbox.MayarPayment) bool { return p.Limit == nil },
				"null installment_id": func(p sandbox.MayarPayment) bool { return p.InstallmentID == nil },
				"set limit":           func(p sandbox.MayarPayment) bool { return p.Limit != nil },
				"set installment_id":  func(p sandbox.MayarPayment) bool { return p.InstallmentID != nil },
				"html description":    func(p sandbox.MayarPayment) bool { return strings.Contains(p.Description, "&amp;") },
				"non-ascii name": func(p sandbox.MayarPayment) bool {
					return strings.ContainsFunc(p.Name, func(r rune) bool { return r > 127 })
				},
			} {
				i := slices.IndexFunc(want, has)
				if i < 0 {
					t.Fatalf("the generated payments have no item with %s to check", name)
				}
				interesting[name] = i
			}

			sb := newTestSandbox(t, sandbox.Options{MayarPageCap: pageCap, MayarPayments: payments})
			var checks []statecheck.StateCheck
			for _, i := range interesting {
				item := tfjsonpath.New("payments").AtSliceIndex(i)
				checks = append(checks,
					statecheck.ExpectKnownValue(addr, item, expectedPayment(want[i])),
					statecheck.ExpectKnownValue(addr, item.AtMapKey("created_at"), knownvalue.StringRegexp(mayarCreatedAt)),
				)
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:            v.block(sb) + mayarPaymentsConfig("all"),
					ConfigStateChecks: checks,
				}},
			})
		})
	}
}

// Each status filter lists exactly the payments with that status: three
// data sources in one configuration, 79 items and two pages each.
func TestAccMayarPaymentsDataSource_statusFilter(t *testing.T) {
	const pageCap = 50
	payments := sandbox.GenerateMayarPayments(237, mayarNewest)
	for _, v := range mayarAPIVersions {
		t.Run(v.name, func(t *testing.T) {
			sb := newTestSandbox(t, sandbox.Options{MayarPageCap: pageCap, MayarPayments: payments})
			var config string
			var checks []statecheck.StateCheck
			requests := listRequests{sb: sb, version: v.name}
			for _, status := range []string{"active", "paid", "closed"} {
				config += mayarPaymentsConfig(status, fmt.Sprintf("status = %q", status))
				want := expectedListing(v.name, payments, listArgs{status: status}, pageCap)
				if len(want.items) == 0 {
					t.Fatalf("the generated payments have no %s item", status)
				}
				checks = append(checks, expectPayments("data.indopay_mayar_payments."+status, want.items)...)
				requests.want += want.requests
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:            v.block(sb) + config,
					ConfigStateChecks: append(checks, requests),
				}},
			})
			requests.assertWholeTestCase(t)
			for _, r := range sb.Requests() {
				if q, _ := url.ParseQuery(r.RawQuery); r.Route == sandbox.RouteMayarList && q.Get("status") == "" {
					t.Errorf("list request ?%s carries no status filter", r.RawQuery)
				}
			}
		})
	}
}

// max_items stops the listing: 120 items need three pages of 50, the third
// cut in the middle, and no request for the pages after it; 30 items need
// one page. (On V1, listing every status, the 120 newest are 40 of each
// status, all on page 1 of each: three requests.)
func TestAccMayarPaymentsDataSource_maxItems(t *testing.T) {
	const pageCap = 50
	payments := sandbox.GenerateMayarPayments(237, mayarNewest)
	for _, v := range mayarAPIVersions {
		for _, maxItems := range []int{120, 30} {
			t.Run(fmt.Sprintf("%s/%d", v.name, maxItems), func(t *testing.T) {
				sb := newTestSandbox(t, sandbox.Options{MayarPageCap: pageCap, MayarPayments: payments})
				want := expectedListing(v.name, payments, listArgs{maxItems: maxItems}, pageCap)
				requests := listRequests{sb: sb, version: v.name, want: want.requests}
				const addr = "data.indopay_mayar_payments.some"
				resource.ParallelTest(t, resource.TestCase{
					ProtoV6ProviderFactories: protoV6ProviderFactories,
					Steps: []resource.TestStep{{
						Config:            v.block(sb) + mayarPaymentsConfig("some", fmt.Sprintf("max_items = %d", maxItems)),
						ConfigStateChecks: append(expectPayments(addr, want.items), requests),
					}},
				})
				requests.assertWholeTestCase(t)
			})
		}
	}
}

// A small page_size is what the provider asks for, below the server's cap:
// 237 items in pages of 10 take 24 requests.
func TestAccMayarPaymentsDataSource_pageSize(t *testing.T) {
	payments := sandbox.GenerateMayarPayments(237, mayarNewest)
	for _, v := range mayarAPIVersions {
		t.Run(v.name, func(t *testing.T) {
			sb := newTestSandbox(t, sandbox.Options{MayarPayments: payments})
			want := expectedListing(v.name, payments, listArgs{}, 10)
			sizeParam := map[string]string{"v1": "pageSize", "v2": "limit"}[v.name]
			requests := listRequests{sb: sb, version: v.name, want: want.requests, query: map[string]string{sizeParam: "10"}}
			const addr = "data.indopay_mayar_payments.small"
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:            v.block(sb) + mayarPaymentsConfig("small", "page_size = 10"),
					ConfigStateChecks: append(expectPayments(addr, want.items), requests),
				}},
			})
			requests.assertWholeTestCase(t)
		})
	}
}

// A listing that needs more requests than the server's limit allows in one
// window completes: the client paces itself at its default of 20 in the
// same window as the sandbox (2 s instead of a minute, plus the client's
// margin), through one ledger across the step's commands, so the sandbox
// never answers 429.
func TestAccMayarPaymentsDataSource_rateLimit(t *testing.T) {
	const pageCap = 10
	payments := sandbox.GenerateMayarPayments(215, mayarNewest)
	for _, v := range mayarAPIVersions {
		t.Run(v.name, func(t *testing.T) {
			want := expectedListing(v.name, payments, listArgs{}, pageCap)
			if want.requests <= 20 {
				t.Fatalf("the listing takes %d requests; the case needs more than the limit of 20", want.requests)
			}
			const window = 2 * time.Second
			sb := newTestSandbox(t, sandbox.Options{
				MayarPageCap: pageCap, MayarPayments: payments,
				MayarRateLimit: 20, MayarRateWindow: window,
			})
			const addr = "data.indopay_mayar_payments.all"
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: pacedFactories(t.TempDir(), window),
				Steps: []resource.TestStep{{
					Config: v.block(sb, defaultPacing) + mayarPaymentsConfig("all"),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("total"), knownvalue.Int64Exact(int64(len(want.items)))),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("payments").AtSliceIndex(len(want.items)-1).AtMapKey("id"),
							knownvalue.StringExact(want.items[len(want.items)-1].ID)),
					},
				}},
			})
			t.Logf("%s: %d list requests, %d answered 429 by the rate limit", v.name, sb.RequestCount(sandbox.RouteMayarList), sb.RateLimited())
			if n := sb.RateLimited(); n > 0 {
				t.Errorf("the sandbox answered %d requests with 429 for its rate limit, want none", n)
			}
			if got, least := sb.RequestCount(sandbox.RouteMayarList), mayarReadsPerStep*want.requests; got < least {
				t.Errorf("the sandbox saw %d list requests, want at least %d: a listing was cut short", got, least)
			}
		})
	}
}

// A 429 (with Retry-After) or a 503 in the middle of a listing is retried
// and the listing completes: one request more than the pages need, and the
// retried page is the only one asked twice.
func TestAccMayarPaymentsDataSource_retried(t *testing.T) {
	const pageCap = 50
	payments := sandbox.GenerateMayarPayments(237, mayarNewest)
	for _, v := range mayarAPIVersions {
		for _, kind := range []sandbox.FaultKind{sandbox.Fault429, sandbox.Fault503} {
			t.Run(v.name+"/"+string(kind), func(t *testing.T) {
				sb := newTestSandbox(t, sandbox.Options{MayarPageCap: pageCap, MayarPayments: payments})
				// The second list request of the first read is refused, once.
				var seen atomic.Int32
				sb.OnRequest(sandbox.RouteMayarList, func() {
					if seen.Add(1) == 2 {
						sb.InjectFaults(sandbox.RouteMayarList, sandbox.Fault{Kind: kind, RetryAfter: time.Second})
					}
				})
				want := expectedListing(v.name, payments, listArgs{}, pageCap)
				resource.ParallelTest(t, resource.TestCase{
					ProtoV6ProviderFactories: protoV6ProviderFactories,
					Steps: []resource.TestStep{{
						Config:            v.block(sb, "max_retries=2") + mayarPaymentsConfig("all"),
						ConfigStateChecks: expectPayments("data.indopay_mayar_payments.all", want.items),
					}},
				})
				var faulted int
				for _, r := range sb.Requests() {
					if r.Fault != "" {
						faulted++
					}
				}
				if got, wantN := sb.RequestCount(sandbox.RouteMayarList), mayarReadsPerStep*want.requests+1; got != wantN || faulted != 1 {
					t.Errorf("the sandbox saw %d list requests (%d faulted), want %d (1 faulted)", got, faulted, wantN)
				}
			})
		}
	}
}

// Bad arguments fail at plan time, naming the argument and what it allows,
// before any request.
func TestAccMayarPaymentsDataSource_invalidArguments(t *testing.T) {
	cases := map[string]struct {
		arg  string
		want *regexp.Regexp
	}{
		"status":                  {`status = "open"`, errorText("status", `"active"`, `"paid"`, `"closed"`, `"open"`)},
		"max_items 0":             {`max_items = 0`, errorText("max_items", "at least 1", "got: 0")},
		"page_size 0":             {`page_size = 0`, errorText("page_size", "between 1 and 1000", "got: 0")},
		"page_size above":         {`page_size = 1001`, errorText("page_size", "between 1 and 1000", "got: 1001")},
		"page_size above V2's 50": {`page_size = 51`, errorText("page_size", "from 1 to 50", `mayar.api_version = "v2"`, "got 51")},
		"created_after date only": {`created_after = "2025-03-07"`,
			errorText("created_after", "RFC 3339", `got "2025-03-07"`)},
		"created_before no zone": {`created_before = "2025-03-07T10:00:00"`,
			errorText("created_before", "RFC 3339", `got "2025-03-07T10:00:00"`)},
		"created range empty": {`created_after = "2025-03-07T10:00:00+07:00"` + "\n" + `created_before = "2025-03-07T03:00:00Z"`,
			errorText("created_after", "2025-03-07T10:00:00+07:00", "must be before created_before", "2025-03-07T03:00:00Z")},
		"timeouts.read": {"timeouts {\n    read = \"soon\"\n  }",
			errorText("timeouts.read", "positive duration", `got "soon"`)},
		"timeouts.read zero": {"timeouts {\n    read = \"0s\"\n  }",
			errorText("timeouts.read", "positive duration", `got "0s"`)},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			sb := newTestSandbox(t, sandbox.Options{MayarPayments: sandbox.GenerateMayarPayments(3, mayarNewest)})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      sb.providerBlock() + mayarPaymentsConfig("bad", tc.arg),
					PlanOnly:    true,
					ExpectError: tc.want,
				}},
			})
			if n := len(sb.Requests()); n != 0 {
				t.Errorf("an invalid argument sent %d requests, want 0", n)
			}
		})
	}
}

// created_after and created_before select what was created in between, on
// both versions: the listing reads pages only until one reaches
// created_after, and leaves out what is newer than created_before. The 237
// payments are one minute apart; the range holds 129 of them (4 pages of 50
// on V2, 2 of each status on V1), one bound in UTC and one in Jakarta time.
func TestAccMayarPaymentsDataSource_createdRange(t *testing.T) {
	const pageCap = 50
	payments := sandbox.GenerateMayarPayments(237, mayarNewest)
	at := func(i int) time.Time { return time.UnixMilli(payments[i].CreatedAt) }
	wib := time.FixedZone("WIB", 7*60*60)
	const layout = "2006-01-02T15:04:05.000Z07:00"
	cases := map[string]struct {
		args   listArgs
		config []string
	}{
		"between": {
			listArgs{after: at(150), before: at(20)},
			[]string{fmt.Sprintf("created_after  = %q", at(150).Format(layout)), fmt.Sprintf("created_before = %q", at(20).In(wib).Format(layout))},
		},
		"after, max_items": {
			listArgs{after: at(150), maxItems: 70},
			[]string{fmt.Sprintf("created_after = %q", at(150).In(wib).Format(layout)), "max_items = 70"},
		},
		"before, status": {
			listArgs{before: at(200), status: "paid"},
			[]string{fmt.Sprintf("created_before = %q", at(200).Format(layout)), `status = "paid"`},
		},
	}
	for _, v := range mayarAPIVersions {
		for name, tc := range cases {
			t.Run(v.name+"/"+name, func(t *testing.T) {
				sb := newTestSandbox(t, sandbox.Options{MayarPageCap: pageCap, MayarPayments: payments})
				want := expectedListing(v.name, payments, tc.args, pageCap)
				if len(want.items) == 0 || len(want.items) == len(payments) {
					t.Fatalf("the case lists %d of %d payments; it must leave some out", len(want.items), len(payments))
				}
				requests := listRequests{sb: sb, version: v.name, want: want.requests}
				const addr = "data.indopay_mayar_payments.range"
				resource.ParallelTest(t, resource.TestCase{
					ProtoV6ProviderFactories: protoV6ProviderFactories,
					Steps: []resource.TestStep{{
						Config:            v.block(sb) + mayarPaymentsConfig("range", tc.config...),
						ConfigStateChecks: append(expectPayments(addr, want.items), requests),
					}},
				})
				requests.assertWholeTestCase(t)
			})
		}
	}
}

// timeouts.read bounds the whole listing: the first page is held far
// longer than the read may take, and the read fails after its timeout with
// an error that names it, on both versions.
func TestAccMayarPaymentsDataSource_readTimeout(t *testing.T) {
	for _, v := range mayarAPIVersions {
		t.Run(v.name, func(t *testing.T) {
			sb := newTestSandbox(t, sandbox.Options{MayarPayments: sandbox.GenerateMayarPayments(3, mayarNewest)})
			sb.InjectFaults(sandbox.RouteMayarList, sandbox.Fault{Kind: sandbox.FaultSlow, Delay: 5 * time.Minute})
			started := time.Now()
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      v.block(sb) + mayarPaymentsConfig("slow", "timeouts {\n    read = \"1s\"\n  }"),
					ExpectError: errorText("Mayar listing timed out", "did not finish within timeouts.read (1s)", "timeouts"),
				}},
			})
			if n := sb.PendingFaults(sandbox.RouteMayarList); n != 0 {
				t.Errorf("the held answer was never asked for (%d faults left)", n)
			}
			t.Logf("%s: failed after %s", v.name, time.Since(started).Round(time.Millisecond))
		})
	}
}

// API failures on both versions: each is an error that names the operation
// and quotes what Mayar answered. Retries are off so that a server error
// fails at once.
func TestAccMayarPaymentsDataSource_apiErrors(t *testing.T) {
	cases := map[string]struct {
		opts     sandbox.Options
		fault    sandbox.FaultKind
		override func(sb *testSandbox) string
		want     *regexp.Regexp
	}{
		"401 bad key": {
			override: func(*testSandbox) string { return `mayar.api_key="not-a-key"` },
			want:     errorText("Unable to list Mayar payment requests", `"Unauthorized"`, "mayar.api_key", "MAYAR_API_KEY"),
		},
		"HTTP 200 failed": {
			opts:     sandbox.Options{FailuresWithHTTP200: true},
			override: func(*testSandbox) string { return `mayar.api_key="not-a-key"` },
			want:     errorText("Unable to list Mayar payment requests", "HTTP 200", `"failed"`),
		},
		"404 wrong base URL": {
			// /mayar/hl/v2/payments: a path the server does not know, named whole.
			override: func(sb *testSandbox) string { return fmt.Sprintf("mayar.base_url=%q", sb.URL+"/mayar") },
			want:     errorText("Unable to list Mayar payment requests", "GET /mayar/hl/v", "HTTP 404"),
		},
		"503": {
			fault: sandbox.Fault503,
			want:  errorText("Unable to list Mayar payment requests", "503", `"Service Unavailable"`, "try again later"),
		},
		"502 HTML page": {
			fault: sandbox.Fault502HTML,
			want:  errorText("Unable to list Mayar payment requests", "502", "502 Bad Gateway", "try again later"),
		},
	}
	for _, v := range mayarAPIVersions {
		for name, tc := range cases {
			t.Run(v.name+"/"+name, func(t *testing.T) {
				tc.opts.MayarPayments = sandbox.GenerateMayarPayments(3, mayarNewest)
				sb := newTestSandbox(t, tc.opts)
				if tc.fault != "" {
					sb.InjectFaults(sandbox.RouteMayarList, sandbox.Fault{Kind: tc.fault})
				}
				overrides := []string{"max_retries=0"}
				if tc.override != nil {
					overrides = append(overrides, tc.override(sb))
				}
				resource.ParallelTest(t, resource.TestCase{
					ProtoV6ProviderFactories: protoV6ProviderFactories,
					Steps: []resource.TestStep{{
						Config:      v.block(sb, overrides...) + mayarPaymentsConfig("all"),
						ExpectError: tc.want,
					}},
				})
			})
		}
	}
}

// Ctrl-C stops a listing at once, with the real CLI and under both API
// versions, wherever it waits: for a page the sandbox holds a minute, the
// request is abandoned (the sandbox logs it unanswered, status 0); in the
// pacing window (requests_per_minute = 2 in the window of a minute, so the
// third request would wait about a minute), nothing more is sent. Either
// way the listing stops short of its pages and the plan fails saying so;
// had the provider waited, the listing would have run on to its last page.
//
// The command is terraform plan: Terraform 1.11 passes an interrupt on to
// providers while it plans for terraform plan, but not during the planning
// phase of terraform apply, which it lets finish before it stops.
func TestAccMayarPaymentsDataSource_interruptStopsListing(t *testing.T) {
	skipUnlessAcceptance(t)
	const pageCap = 10
	payments := sandbox.GenerateMayarPayments(100, mayarNewest)
	for _, v := range mayarAPIVersions {
		for _, wait := range []string{"held page", "pacing window"} {
			t.Run(v.name+"/"+wait, func(t *testing.T) {
				t.Parallel()
				sb := newTestSandbox(t, sandbox.Options{MayarPageCap: pageCap, MayarPayments: payments})
				ready := make(chan struct{})
				var seen atomic.Int32
				sb.OnRequest(sandbox.RouteMayarList, func() {
					if seen.Add(1) != 2 {
						return
					}
					if wait == "held page" {
						sb.InjectFaults(sandbox.RouteMayarList, sandbox.Fault{Kind: sandbox.FaultSlow, Delay: time.Minute})
					}
					close(ready)
				})
				block := v.block(sb)
				if wait == "pacing window" {
					// The built provider paces in the real window of a minute,
					// with its ledger under the run's own HOME.
					block = v.block(sb, "mayar.requests_per_minute=2")
				}
				tf := newTerraformCLI(t, cliRequiredProviders+block+mayarPaymentsConfig("all"))
				out := tf.interrupted(ready, "plan")
				if !errorText("Unable to list Mayar payment requests", "context canceled",
					"Terraform was interrupted, so the provider stopped at once", "sent nothing more").MatchString(out) {
					t.Fatalf("the interrupted plan did not say the listing stopped:\n%s", out)
				}
				full := expectedListing(v.name, payments, listArgs{}, pageCap).requests
				reqs := sb.Requests()
				if len(reqs) >= full {
					t.Fatalf("the sandbox saw %d list requests, the whole listing (%d): it did not stop", len(reqs), full)
				}
				switch wait {
				case "held page":
					for _, r := range reqs {
						if r.Fault == sandbox.FaultSlow && r.Status != 0 {
							t.Fatalf("the held page was answered (HTTP %d): the provider waited for it", r.Status)
						}
					}
				case "pacing window":
					if len(reqs) != 2 {
						t.Fatalf("the sandbox saw %d list requests, want the 2 the window allows", len(reqs))
					}
				}
			})
		}
	}
}
