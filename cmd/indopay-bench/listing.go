package main

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// listingSpec is one Mayar listing workload.
type listingSpec struct {
	Version  string
	MaxItems int  // 0 = all
	HTTP     bool // read by hashicorp/http's data source instead of this provider
}

// listingSpecs are the listings of this provider: the whole listing on
// both versions, and cuts by max_items that must fetch no page beyond them
// (400 is the small listing of the pacing comparison).
var listingSpecs = []listingSpec{{"v2", 0, false}, {"v1", 0, false}, {"v2", 250, false}, {"v1", 250, false}, {"v2", 400, false}}

// httpListing is the whole V1 listing read page by page with hashicorp/http.
var httpListing = listingSpec{"v1", 0, true}

func (s listingSpec) name() string {
	switch {
	case s.HTTP:
		return "listing " + strings.ToUpper(s.Version) + " with hashicorp/http"
	case s.MaxItems > 0:
		return fmt.Sprintf("listing %s max_items=%d", strings.ToUpper(s.Version), s.MaxItems)
	}
	return "listing " + strings.ToUpper(s.Version)
}

func (s listingSpec) dirName() string {
	switch {
	case s.HTTP:
		return "listing-" + s.Version + "-http"
	case s.MaxItems > 0:
		return fmt.Sprintf("listing-%s-max%d", s.Version, s.MaxItems)
	}
	return "listing-" + s.Version
}

func (s listingSpec) config(url string, pageCap int, paced bool) string {
	if s.HTTP {
		return httpListingConfig(url, pageCap)
	}
	maxItems := ""
	if s.MaxItems > 0 {
		maxItems = fmt.Sprintf("\n  max_items = %d\n", s.MaxItems)
	}
	return providerBlock(url, s.Version, paced) + fmt.Sprintf(`
data "indopay_mayar_payments" "all" {%s}

output "total" {
  value = data.indopay_mayar_payments.all.total
}
`, maxItems)
}

// httpListingConfig lists every Mayar payment request through V1 the way a
// user without this provider would: hashicorp/http's data source reads
// page 1 of each status, whose pageCount sets the count of a second data
// source reading the other pages (Terraform's default -parallelism at a
// time), and jsondecode turns every page's body into the items. Nothing
// merges them newest first, as the provider does: the comparison leaves
// that work out of the HCL.
func httpListingConfig(url string, pageCap int) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    http = { source = "hashicorp/http" }
  }
}

locals {
  statuses = ["active", "paid", "closed"]
  page_url = "%s/hl/v1/payment?pageSize=%d"
  headers  = { Authorization = "Bearer %s" }
}

data "http" "first" {
  count           = length(local.statuses)
  url             = "${local.page_url}&status=${local.statuses[count.index]}&page=1"
  request_headers = local.headers
}

locals {
  more_pages = flatten([
    for i, status in local.statuses : [
      for page in range(2, jsondecode(data.http.first[i].body).pageCount + 1) :
      "${local.page_url}&status=${status}&page=${page}"
    ]
  ])
}

data "http" "more" {
  count           = length(local.more_pages)
  url             = local.more_pages[count.index]
  request_headers = local.headers
}

output "total" {
  value = length(flatten([for page in concat(data.http.first, data.http.more) : jsondecode(page.body).data]))
}
`, url, pageCap, sandbox.MayarKey)
}

// want is how many items the listing must return.
func (s listingSpec) want(total int) int {
	if s.MaxItems > 0 {
		return min(s.MaxItems, total)
	}
	return total
}

// newListingResult derives the minimum requests and the floor from the data
// the sandbox holds: statuses is the status of each of its payments, newest
// first, served in pages of at most pageCap.
func newListingResult(s listingSpec, statuses []string, pageCap int) *result {
	total := len(statuses)
	r := &result{ID: s.name(), MinWhy: map[sandbox.Route]string{}}
	want := s.want(total)
	if s.Version == "v2" {
		pages := pagesFor(want, pageCap)
		r.Title = fmt.Sprintf("plan listing %d of %d Mayar items, cursor pages of %d", want, total, pageCap)
		r.Min = map[sandbox.Route]int{sandbox.RouteMayarList: pages}
		r.MinWhy[sandbox.RouteMayarList] = fmt.Sprintf("ceil(%d / %d) pages, each fetched once, none beyond what is needed", want, pageCap)
		r.Floor = []floorPart{{fmt.Sprintf("%d pages, each waiting for the previous page's cursor", pages), v2Rounds(pages)}}
		if s.MaxItems == 0 {
			r.FloorTarget = listingFloorTarget
		}
		return r
	}
	// V1 requires a status: listing all of them is one listing per status,
	// read together and merged newest first.
	byStatus := v1Pages(statuses, s.MaxItems, pageCap)
	var perStatus []int
	var why []string
	pages := 0
	for _, st := range []string{"active", "paid", "closed"} {
		perStatus = append(perStatus, byStatus[st])
		why = append(why, fmt.Sprintf("%s %d", st, byStatus[st]))
		pages += byStatus[st]
	}
	r.Title = fmt.Sprintf("plan listing %d of %d Mayar items, numbered pages of %d per status, merged", want, total, pageCap)
	r.Min = map[sandbox.Route]int{sandbox.RouteMayarList: pages}
	switch {
	case s.HTTP:
		r.Title = fmt.Sprintf("plan listing %d of %d Mayar items with hashicorp/http: page 1 of each status, then the other numbered pages of %d (count), jsondecode, not merged", want, total, pageCap)
		r.MinWhy[sandbox.RouteMayarList] = fmt.Sprintf("the same pages as the provider's V1 listing: %s", strings.Join(why, " + "))
		r.Floor = []floorPart{{fmt.Sprintf("page 1 of every status at once, then the other pages %d at a time (Terraform's -parallelism)", tfParallelism), httpRounds(perStatus)}}
	case s.MaxItems == 0:
		r.MinWhy[sandbox.RouteMayarList] = fmt.Sprintf("ceil(items of a status / %d), at least 1, per status: %s", pageCap, strings.Join(why, " + "))
		r.Floor = []floorPart{{fmt.Sprintf("page 1 of every status at once, then the other pages %d at a time (%d per status)", v1Concurrency*len(perStatus), v1Concurrency), v1Rounds(perStatus, false)}}
		r.FloorNote = fmt.Sprintf("V1 itself would allow %d rounds with unbounded concurrency (page 1 of every status at once, then all other pages); the client asks at most %d pages of each status at once",
			v1APIRounds(perStatus), v1Concurrency)
	default:
		r.MinWhy[sandbox.RouteMayarList] = fmt.Sprintf("per status, pages until %d of the merged listing come before the last item read: %s", s.MaxItems, strings.Join(why, " + "))
		r.Floor = []floorPart{{"page 1 of every status at once, then each page the merge still needs, one after the other", v1Rounds(perStatus, true)}}
	}
	return r
}

var totalOutput = regexp.MustCompile(`total\s*=\s*(\d+)`)

// runListing plans the listing once and checks the plan lists them all.
func (b *bench) runListing(ctx context.Context, s listingSpec, r *result, latency time.Duration, baseline bool) error {
	b.mayar.SetLatency(latency)
	t, err := b.workdir(s.dirName()+suffix(baseline), s.config(b.mayarURL, b.pageCap, false))
	if err != nil {
		return err
	}
	want := s.want(b.mayarItems)
	run, err := t.run(ctx, b.mayar, "plan", "-input=false", "-no-color")
	if err != nil {
		return err
	}
	if err := run.expectSuccess(s.name()); err != nil {
		return err
	}
	if m := totalOutput.FindStringSubmatch(run.Output); m == nil || m[1] != fmt.Sprint(want) {
		return fmt.Errorf("%s: the plan does not show total = %d:\n%s", s.name(), want, tail(run.Output, 2000))
	}
	r.add(run, latency, baseline)
	return nil
}
