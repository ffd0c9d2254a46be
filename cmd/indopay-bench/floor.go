package main

import "fmt"

// The floor of a workload is the least wall time its requests allow: the
// number of latency rounds on the critical path times the latency. A round
// is one request's latency; requests in the same round run concurrently.
// It counts only the injected latency, not Terraform's or the provider's own
// work, so wall/floor says how much of a run is anything but waiting for the
// API in the best possible schedule.

const (
	// tfParallelism is Terraform's default -parallelism: at most this many
	// graph nodes (here: provider calls) run at once.
	tfParallelism = 10
	// v1Concurrency is how many V1 pages the Mayar client asks at once per
	// status listed (internal/client/mayar/list.go, v1Concurrency).
	v1Concurrency = 4
)

// floorPart is one stretch of a run whose requests cannot overlap with the
// next stretch's (a plan before its apply, one page before the next).
type floorPart struct {
	What   string
	Rounds int
}

func floorRounds(parts []floorPart) int {
	n := 0
	for _, p := range parts {
		n += p.Rounds
	}
	return n
}

func floorText(parts []floorPart) string {
	s := ""
	for i, p := range parts {
		if i > 0 {
			s += " + "
		}
		s += fmt.Sprintf("%d (%s)", p.Rounds, p.What)
	}
	return s
}

// tfRounds is the fewest rounds in which Terraform can run calls provider
// operations of one request each that do not wait for each other: at most
// -parallelism run at once.
func tfRounds(calls int) int {
	return ceilDiv(calls, tfParallelism)
}

// pagesFor is how many pages a listing of n items needs in pages of at most
// pageCap: at least one, since an empty listing still needs an answer
// saying so.
func pagesFor(n, pageCap int) int {
	return max(1, ceilDiv(n, pageCap))
}

// v2Rounds: V2 pages follow a cursor that only the previous page gives, so
// each page is its own round.
func v2Rounds(pages int) int { return pages }

// v1Rounds: a V1 listing reads page 1 of every status at once (it gives
// pageCount), then the other pages, concurrency at a time over the whole
// listing (v1Concurrency per status listed); when max_items cuts a listing of several statuses
// (ordered), each later page waits for the one before it decides it is
// needed.
func v1Rounds(pagesPerStatus []int, ordered bool) int {
	later := 0
	for _, p := range pagesPerStatus {
		later += p - 1
	}
	limit := v1Concurrency * len(pagesPerStatus)
	first := ceilDiv(len(pagesPerStatus), limit)
	if ordered {
		return first + later
	}
	return first + ceilDiv(later, limit)
}

// httpRounds: hashicorp/http's listing reads page 1 of every status at once
// (its pageCount sets the count of the other pages), then the other pages as
// Terraform schedules them, -parallelism at a time.
func httpRounds(pagesPerStatus []int) int {
	later := 0
	for _, p := range pagesPerStatus {
		later += p - 1
	}
	return 1 + tfRounds(later)
}

// v1APIRounds is what V1 itself allows with unbounded concurrency: page 1 of
// every status at once, then every other page at once.
func v1APIRounds(pagesPerStatus []int) int {
	for _, p := range pagesPerStatus {
		if p > 1 {
			return 2
		}
	}
	return 1
}

// v1Pages is how many pages of each status a V1 listing of every status
// reads, statuses being the status of each item in the API's order (newest
// first). Without max_items, every page. With it, a status's next page is
// read only while fewer than max_items of the merged listing come at or
// before the last item read (the client's rule, the fewest pages the merge
// allows); page 1 asks for max_items, so Mayar serves min(cap, max_items).
func v1Pages(statuses []string, maxItems, pageCap int) map[string]int {
	served := pageCap
	if maxItems > 0 {
		served = min(pageCap, maxItems)
	}
	ranks := map[string][]int{} // each status's items' positions in the listing, from 1
	for i, st := range statuses {
		ranks[st] = append(ranks[st], i+1)
	}
	pages := map[string]int{}
	for _, st := range []string{"active", "paid", "closed"} {
		mine := ranks[st]
		p := 1
		for p*served < len(mine) && (maxItems == 0 || mine[p*served-1] < maxItems) {
			p++
		}
		pages[st] = p
	}
	return pages
}

func ceilDiv(a, b int) int {
	if a <= 0 {
		return 0
	}
	return (a + b - 1) / b
}
