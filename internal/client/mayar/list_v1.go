package mayar

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"time"
)

// v1Concurrency is how many V1 pages a listing asks at once per status it
// lists (4 for one status, 12 for all three); all of them still pass the
// transport's pacing window, which is what keeps a burst within Mayar's
// rate limit.
const v1Concurrency = 4

// v1Page is one V1 page.
type v1Page struct {
	envelope
	HasMore   flag          `json:"hasMore"`
	Page      whole         `json:"page"`
	PageCount whole         `json:"pageCount"`
	PageSize  whole         `json:"pageSize"`
	Data      []paymentJSON `json:"data"`

	items                     []Payment
	page, pageCount, pageSize int64
	hasMore                   bool
}

// newV1Page is a V1 page to decode the answer for page of size items
// into. After page 1, size is what Mayar serves, and the items have their
// room, which spares encoding/json growing the array; page 1 asks for more
// than Mayar may serve.
func newV1Page(page, size int64) *v1Page {
	if page == 1 {
		return &v1Page{}
	}
	return &v1Page{Data: make([]paymentJSON, 0, size)}
}

// read converts the page's fields; missing paging fields are 0.
func (pg *v1Page) read() error {
	var errs [5]error
	var n *int64
	if n, errs[0] = pg.Page.opt("page"); n != nil {
		pg.page = *n
	}
	if n, errs[1] = pg.PageCount.opt("pageCount"); n != nil {
		pg.pageCount = *n
	}
	if n, errs[2] = pg.PageSize.opt("pageSize"); n != nil {
		pg.pageSize = *n
	}
	pg.hasMore, errs[3] = pg.HasMore.get("hasMore")
	pg.items, errs[4] = decodeItems(pg.Data, (*paymentJSON).payment)
	return firstError(errs[:]...)
}

// v1Status is one status of a V1 listing: the pages read so far, what page
// 1 said of the rest, and the items not yet handed over.
type v1Status struct {
	status    string
	pages     [][]Payment // by page number - 1
	arrived   []bool      // by page number - 1
	inOrder   int         // pages 1..inOrder have arrived
	pending   []Payment   // kept items of pages 1..inOrder not yet handed over
	pageCount int64       // from page 1's answer; 0 until it arrives
	last      int64       // the last page that may be needed: pageCount, or fewer for MaxItems
	served    int64       // the page size Mayar served on page 1
	next      int64       // the next page to ask for
	inFlight  int
	done      bool // no later page is needed
}

// frontier is the oldest item of the pages read in order so far, and false
// when they have none.
func (s *v1Status) frontier() (Payment, bool) {
	for i := s.inOrder - 1; i >= 0; i-- {
		if len(s.pages[i]) > 0 {
			return s.pages[i][len(s.pages[i])-1], true
		}
	}
	return Payment{}, false
}

// finished reports whether s will bring no more items: every page it needs
// has arrived.
func (s *v1Status) finished() bool {
	return s.pageCount > 0 && s.inFlight == 0 && (s.done || s.next > s.last)
}

// v1Answer is one page's answer, handed from its request to the listing.
type v1Answer struct {
	s    *v1Status
	page int64
	pg   *v1Page
	err  error
}

// v1Listing is a listing of payment requests by V1's page numbers, of one
// status or of several merged.
type v1Listing struct {
	*listing[Payment]
	e   endpoint
	all []*v1Status
}

// list lists the statuses, all of them together: one loop hands out
// requests, at most v1Concurrency per status at a time, and takes in their
// answers, so every decision is made in one place with all pages in view,
// and the items are handed over from there.
func (l *v1Listing) list(ctx context.Context, statuses []string, size int) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	l.all = make([]*v1Status, len(statuses))
	for i, st := range statuses {
		l.all[i] = &v1Status{status: st, next: 1}
	}
	firstSize := int64(l.pageLimit(size, l.max, false))
	answers := make(chan v1Answer)
	inFlight := 0
	var failed error
	for {
		for failed == nil && inFlight < v1Concurrency*len(l.all) {
			s := l.next()
			if s == nil {
				break
			}
			page, pageSize := s.next, s.served
			if page == 1 {
				pageSize = firstSize
			}
			s.next++
			s.inFlight++
			inFlight++
			go func() {
				pg, err := l.page(ctx, s.status, page, pageSize)
				answers <- v1Answer{s, page, pg, err}
			}()
		}
		if inFlight == 0 {
			break
		}
		a := <-answers
		inFlight--
		a.s.inFlight--
		if failed != nil {
			continue // draining the requests the failure cancelled
		}
		if failed = a.err; failed == nil {
			failed = l.read(ctx, a)
		}
		if failed == nil && !l.handCertain() {
			failed = errStopped
		}
		if failed != nil {
			cancel()
		}
	}
	if failed != nil {
		return failed
	}
	l.handCertain() // the rest: every status is finished
	return nil
}

// ordered reports whether each status's pages must be read one after the
// other, each deciding whether the next is needed: when CreatedAfter can
// end a status early, or MaxItems cuts a listing whose pages cannot be
// counted in advance (several statuses merged, or items CreatedBefore
// drops). A single status cut only by MaxItems needs a known number of
// pages, which are read together.
func (l *v1Listing) ordered() bool {
	return !l.window.after.IsZero() || (l.max > 0 && (len(l.all) > 1 || !l.window.before.IsZero()))
}

// next picks the status whose next page is certainly needed, or nil.
func (l *v1Listing) next() *v1Status {
	for _, s := range l.all {
		switch {
		case s.done:
		case s.next == 1:
			return s
		case s.pageCount == 0 || s.next > s.last:
			// page 1 has not answered yet, or every page needed is asked for
		case !l.ordered():
			return s
		case s.inFlight == 0 && l.needed(s):
			return s
		}
	}
	return nil
}

// needed decides, for a listing cut by MaxItems, whether the next page of
// s is needed: it is when the items of s read so far are the oldest of
// every status (each other status is finished, or has read past them, so
// everything newer is known) and fewer than MaxItems of the merged listing
// come before them. Otherwise either another status must be read first, or
// the listing is complete and s is done. Only the status with the newest
// frontier is ever read, so no page is asked that the merge would not use.
func (l *v1Listing) needed(s *v1Status) bool {
	last, ok := s.frontier()
	if !ok {
		s.done = true
		return false
	}
	if l.max == 0 {
		return true
	}
	for _, t := range l.all {
		if t == s || t.done || (t.pageCount > 0 && t.next > t.last && t.inFlight == 0) {
			continue
		}
		if t.pageCount == 0 {
			return false // its page 1 is still on the way
		}
		if theirs, ok := t.frontier(); ok && NewestFirst(theirs, last) < 0 {
			return false // t has read less far back: it goes first
		}
	}
	before := 0
	for _, t := range l.all {
		for _, page := range t.pages {
			for i := range page {
				if l.window.keeps(page[i].CreatedAt) && NewestFirst(page[i], last) <= 0 {
					before++
				}
			}
		}
	}
	if before >= l.max {
		s.done = true
		return false
	}
	return true
}

// read takes in one page's answer. Page 1 says how many pages there are
// and how large Mayar serves them.
func (l *v1Listing) read(ctx context.Context, a v1Answer) error {
	s, pg := a.s, a.pg
	if a.page == 1 {
		// Mayar's answer, not the request, says how many pages there are
		// and how large they are: it may serve fewer than asked.
		op := fmt.Sprintf("%s %s (status=%s page=1)", l.e.method, l.e.path, s.status)
		pageCount, served := pg.pageCount, pg.pageSize
		switch {
		case pageCount < 0 || pageCount > maxPages:
			return fmt.Errorf("Mayar %s: the answer's pageCount %d is not believable; stopped", op, pageCount)
		case pageCount <= 1 && pg.hasMore:
			return fmt.Errorf("Mayar %s: the answer says hasMore but pageCount %d", op, pageCount)
		case pageCount <= 1:
			pageCount = 1
		}
		if served <= 0 {
			served = int64(len(pg.items))
		}
		if served <= 0 && pageCount > 1 {
			return fmt.Errorf("Mayar %s: the answer says there are %d pages but gives no page size", op, pageCount)
		}
		s.pageCount, s.served, s.last = pageCount, served, pageCount
		if maxItems := int64(l.max); maxItems > 0 && pageCount > 1 && !l.ordered() {
			// One status, every item kept: the pages needed are known.
			s.last = min(pageCount, 1+ceilDiv(maxItems-int64(len(pg.items)), served))
		}
		s.pages = make([][]Payment, pageCount)
		s.arrived = make([]bool, pageCount)
	}
	s.pages[a.page-1], s.arrived[a.page-1] = pg.items, true
	for s.inOrder < len(s.pages) && s.arrived[s.inOrder] {
		for _, p := range s.pages[s.inOrder] {
			if l.window.keeps(p.CreatedAt) {
				s.pending = append(s.pending, p)
			}
		}
		s.inOrder++
	}
	if reachesAfter(l.window, pg.items) {
		s.done = true // pages are read in order when CreatedAfter is set
	}
	items := 0
	for _, t := range s.pages {
		items += len(t)
	}
	l.progress(ctx, map[string]any{"status": s.status, "page": a.page, "items_so_far": items})
	return nil
}

// handCertain hands over what the merged listing can already tell, and
// reports whether the caller wants more. One status's items come in
// Mayar's order once the pages before them are in. With several, an item
// is certain once every status that may still bring items has read past
// its creation time, so that only older items can come; certain items go
// newest first. Each handing is then newer than every later one, and the
// whole is the listing sorted by NewestFirst.
func (l *v1Listing) handCertain() bool {
	if len(l.all) == 1 {
		items := l.all[0].pending
		l.all[0].pending = nil
		return l.hand(items)
	}
	var horizon time.Time // the newest frontier of the statuses that may bring more
	bounded := false
	for _, s := range l.all {
		if s.finished() {
			continue
		}
		f, ok := s.frontier()
		if !ok {
			return l.hand(nil) // s may bring anything yet
		}
		if !bounded || f.CreatedAt.After(horizon) {
			horizon, bounded = f.CreatedAt, true
		}
	}
	var certain []Payment
	for _, s := range l.all {
		rest := s.pending[:0]
		for _, p := range s.pending {
			if !bounded || p.CreatedAt.After(horizon) {
				certain = append(certain, p)
			} else {
				rest = append(rest, p)
			}
		}
		s.pending = rest
	}
	slices.SortStableFunc(certain, NewestFirst)
	return l.hand(certain)
}

// page fetches and checks one V1 page.
func (l *v1Listing) page(ctx context.Context, status string, page, size int64) (*v1Page, error) {
	w := call{endpoint: l.e, detail: fmt.Sprintf("status=%s page=%d", status, page), query: url.Values{
		"status":   {status},
		"page":     {strconv.FormatInt(page, 10)},
		"pageSize": {strconv.FormatInt(size, 10)},
	}}
	pg := newV1Page(page, size)
	resp, err := l.c.send(ctx, w, pg)
	l.count(resp, err)
	if err != nil {
		return nil, err
	}
	if err := pg.read(); err != nil {
		return nil, unusable(w, resp, err)
	}
	switch {
	case pg.page != 0 && pg.page != page:
		return nil, unusable(w, resp, fmt.Errorf("asked for page %d, got page %d", page, pg.page))
	case page > 1 && pg.pageSize != 0 && pg.pageSize != size:
		// Pages of another size would not line up with those already read.
		return nil, unusable(w, resp, fmt.Errorf("asked for pages of %d, got %d", size, pg.pageSize))
	}
	return pg, nil
}

// ceilDiv is a/b rounded up, and 0 for a <= 0.
func ceilDiv(a, b int64) int64 {
	if a <= 0 {
		return 0
	}
	return (a + b - 1) / b
}
