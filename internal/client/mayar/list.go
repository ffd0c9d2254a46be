package mayar

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

const (
	// DefaultPageSize asks for large pages: Mayar serves at most its own cap
	// and says so, and every request counts against its rate limit.
	DefaultPageSize = 1000
	MaxPageSize     = 1000

	// maxPages stops a listing whose answers would never end (an absurd
	// pageCount, a V2 cursor that leads nowhere).
	maxPages = 100000
	// v1Concurrency is how many V1 pages a listing asks at once per status
	// it lists (4 for one status, 12 for all three); all of them still pass
	// the transport's pacing window, which is what keeps a burst within
	// Mayar's rate limit.
	v1Concurrency = 4
)

// V1Statuses are what a V1 listing without a status lists: V1 requires a
// status, so "all" is one listing per status, read together and merged.
var V1Statuses = []string{"active", "paid", "closed"}

// ListOptions selects what ListPayments lists.
type ListOptions struct {
	Status   string // "" = every status
	MaxItems int    // 0 = all
	PageSize int    // 0 = DefaultPageSize; Mayar may serve fewer
	// CreatedAfter and CreatedBefore, when not zero, keep only the payment
	// requests created strictly after and strictly before them. Mayar lists
	// newest first, so a listing stops at the first page that reaches
	// CreatedAfter; it has no filter of its own, so CreatedBefore only
	// drops items from the pages read.
	CreatedAfter, CreatedBefore time.Time
}

// ListResult is a listing with what it cost.
type ListResult struct {
	Payments []Payment
	Requests int // HTTP requests sent, retries included
	Pages    int // pages read
}

// NewestFirst is the order of a listing: creation time descending, then id
// ascending, so that requests created in the same millisecond have one
// order whatever the version or status. It is the order Mayar answers in,
// and the one a V1 listing of several statuses is merged into.
func NewestFirst(a, b Payment) int {
	if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// ListPayments lists payment requests, newest first, with as few requests
// as the API allows. V2 follows nextStartingAfter, the last request asking
// only for what is still needed. V1 reads page 1 of every status at once,
// then the other pages v1Concurrency per status at a time at the page size Mayar
// served, and merges the statuses newest first; when MaxItems or
// CreatedAfter can end the listing early, each status's pages are read in
// order and only while the merged listing may still need them.
func (c *Client) ListPayments(ctx context.Context, opts ListOptions) (*ListResult, error) {
	if c.key == "" {
		return nil, ErrMissingAPIKey
	}
	switch {
	case opts.MaxItems < 0:
		return nil, fmt.Errorf("Mayar listing: max items %d is negative", opts.MaxItems)
	case opts.PageSize < 0 || opts.PageSize > MaxPageSize:
		return nil, fmt.Errorf("Mayar listing: page size %d is outside 1..%d", opts.PageSize, MaxPageSize)
	case !opts.CreatedAfter.IsZero() && !opts.CreatedBefore.IsZero() && !opts.CreatedAfter.Before(opts.CreatedBefore):
		return nil, fmt.Errorf("Mayar listing: created after %s is not before created before %s",
			opts.CreatedAfter.Format(time.RFC3339Nano), opts.CreatedBefore.Format(time.RFC3339Nano))
	}
	size := opts.PageSize
	if size == 0 {
		size = DefaultPageSize
	}
	l := &lister{c: c, opts: opts, res: &ListResult{Payments: []Payment{}}}
	var err error
	switch c.v {
	case V1:
		statuses := []string{opts.Status}
		if opts.Status == "" {
			statuses = V1Statuses
		}
		err = l.v1(ctx, statuses, size)
	case V2:
		err = l.v2(ctx, opts.Status, size)
	default:
		err = fmt.Errorf("Mayar API version %q is not %q or %q", c.v, V1, V2)
	}
	if err != nil {
		return nil, err
	}
	return l.res, nil
}

// lister is one ListPayments call.
type lister struct {
	c    *Client
	opts ListOptions

	mu  sync.Mutex // guards res's counts while V1 pages arrive concurrently
	res *ListResult
}

// keep reports whether p is within CreatedAfter and CreatedBefore.
func (l *lister) keep(p *Payment) bool {
	return (l.opts.CreatedAfter.IsZero() || p.CreatedAt.After(l.opts.CreatedAfter)) &&
		(l.opts.CreatedBefore.IsZero() || p.CreatedAt.Before(l.opts.CreatedBefore))
}

// reachesAfter reports whether a page holds an item created at or before
// CreatedAfter: every later page holds only older ones.
func (l *lister) reachesAfter(items []Payment) bool {
	after := l.opts.CreatedAfter
	return !after.IsZero() && slices.ContainsFunc(items, func(p Payment) bool { return !p.CreatedAt.After(after) })
}

// pageLimit is how many items to ask for when want more are still wanted
// (0 = all): fewer than a full page only when every item of the answer
// will be kept, that is when nothing newer than CreatedBefore can remain.
func (l *lister) pageLimit(size, want int, pastBefore bool) int {
	if want > 0 && (l.opts.CreatedBefore.IsZero() || pastBefore) {
		return min(size, want)
	}
	return size
}

func (l *lister) progress(ctx context.Context, fields map[string]any) {
	l.mu.Lock()
	fields["version"] = string(l.c.v)
	fields["pages_fetched"] = l.res.Pages
	fields["requests"] = l.res.Requests
	l.mu.Unlock()
	l.c.t.Logger().Info(ctx, "Mayar payments page fetched", fields)
}

// count adds a request's attempts and a page to the result.
func (l *lister) count(resp *transport.Response, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var terr *transport.Error
	switch {
	case resp != nil:
		l.res.Requests += resp.Attempts
	case errors.As(err, &terr):
		l.res.Requests += terr.Attempts
	}
	if err == nil {
		l.res.Pages++
	}
}

// v2 follows cursors, adding each page's items to the result as it
// arrives.
func (l *lister) v2(ctx context.Context, status string, size int) error {
	const path = "/hl/v2/payments"
	maxItems := l.opts.MaxItems
	cursor := ""
	seen := map[string]bool{}
	pastBefore := false // an item older than CreatedBefore was read: all later ones are too
	for page := 1; ; page++ {
		if page > maxPages {
			return fmt.Errorf("Mayar GET %s: more than %d pages; stopped", path, maxPages)
		}
		want := 0
		if maxItems > 0 {
			want = maxItems - len(l.res.Payments)
		}
		q := url.Values{"limit": {strconv.Itoa(l.pageLimit(size, want, pastBefore))}}
		if status != "" {
			q.Set("status", status)
		}
		if cursor != "" {
			q.Set("startingAfter", cursor)
		}
		detail := fmt.Sprintf("page %d", page)
		if status != "" {
			detail = fmt.Sprintf("status=%s page %d", status, page)
		}
		obj, resp, err := l.c.get(ctx, path, q, detail)
		l.count(resp, err)
		if err != nil {
			return err
		}
		op := "GET " + path + " (" + detail + ")"
		pg, err := decodeV2Page(obj)
		if err != nil {
			return l.c.unexpected(op, resp, err)
		}
		for i := range pg.items {
			p := &pg.items[i]
			if l.keep(p) && (maxItems == 0 || len(l.res.Payments) < maxItems) {
				l.res.Payments = append(l.res.Payments, *p)
			}
			pastBefore = pastBefore || (!l.opts.CreatedBefore.IsZero() && p.CreatedAt.Before(l.opts.CreatedBefore))
		}
		l.progress(ctx, map[string]any{"status": status, "page": page, "items_so_far": len(l.res.Payments)})
		if (maxItems > 0 && len(l.res.Payments) >= maxItems) || l.reachesAfter(pg.items) || !pg.hasMore {
			return nil
		}
		switch {
		case pg.next == "":
			return l.c.unexpected(op, resp, errors.New("hasMore without nextStartingAfter"))
		case seen[pg.next] || pg.next == cursor:
			return l.c.unexpected(op, resp, fmt.Errorf("nextStartingAfter %q was given before; stopped to avoid a loop", transport.Excerpt([]byte(pg.next))))
		case len(pg.items) == 0:
			return l.c.unexpected(op, resp, errors.New("an empty page that says hasMore"))
		}
		seen[pg.next] = true
		cursor = pg.next
	}
}

// v1Status is one status of a V1 listing: the pages read so far and what
// page 1 said of the rest.
type v1Status struct {
	status    string
	pages     [][]Payment // by page number - 1; nil until read
	pageCount int64       // from page 1's answer; 0 until it arrives
	last      int64       // the last page that may be needed: pageCount, or fewer for MaxItems
	served    int64       // the page size Mayar served on page 1
	next      int64       // the next page to ask for
	inFlight  int
	done      bool // no later page is needed
}

// frontier is the oldest item read so far of a status whose pages are read
// in order, and false when it has none.
func (s *v1Status) frontier() (Payment, bool) {
	for i := s.next - 2; i >= 0; i-- {
		if i < int64(len(s.pages)) && len(s.pages[i]) > 0 {
			return s.pages[i][len(s.pages[i])-1], true
		}
	}
	return Payment{}, false
}

// v1Answer is one page's answer, handed from its request to the listing.
type v1Answer struct {
	s    *v1Status
	page int64
	pg   *v1Page
	err  error
}

// v1 lists statuses with page numbers, all of them together: one loop
// hands out requests, at most v1Concurrency per status at a time, and takes in their
// answers, so every decision is made in one place with all pages in view.
func (l *lister) v1(ctx context.Context, statuses []string, size int) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	all := make([]*v1Status, len(statuses))
	for i, st := range statuses {
		all[i] = &v1Status{status: st, next: 1}
	}
	firstSize := int64(l.pageLimit(size, l.opts.MaxItems, false))
	answers := make(chan v1Answer)
	inFlight := 0
	var failed error
	for {
		for failed == nil && inFlight < v1Concurrency*len(all) {
			s := l.v1Next(all)
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
				pg, err := l.v1Page(ctx, s.status, page, pageSize)
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
			failed = l.v1Read(ctx, a, all)
		}
		if failed != nil {
			cancel()
		}
	}
	if failed != nil {
		return failed
	}
	l.v1Merge(all)
	return nil
}

// ordered reports whether each status's pages must be read one after the
// other, each deciding whether the next is needed: when CreatedAfter can
// end a status early, or MaxItems cuts a listing whose pages cannot be
// counted in advance (several statuses merged, or items CreatedBefore
// drops). A single status cut only by MaxItems needs a known number of
// pages, which are read together.
func (l *lister) ordered(statuses int) bool {
	return !l.opts.CreatedAfter.IsZero() ||
		(l.opts.MaxItems > 0 && (statuses > 1 || !l.opts.CreatedBefore.IsZero()))
}

// v1Next picks the status whose next page is certainly needed, or nil.
func (l *lister) v1Next(all []*v1Status) *v1Status {
	for _, s := range all {
		switch {
		case s.done:
		case s.next == 1:
			return s
		case s.pageCount == 0 || s.next > s.last:
			// page 1 has not answered yet, or every page needed is asked for
		case !l.ordered(len(all)):
			return s
		case s.inFlight == 0 && l.v1Needed(s, all):
			return s
		}
	}
	return nil
}

// v1Needed decides, for a listing cut by MaxItems, whether the next page of
// s is needed: it is when the items of s read so far are the oldest of
// every status (each other status is finished, or has read past them, so
// everything newer is known) and fewer than MaxItems of the merged listing
// come before them. Otherwise either another status must be read first, or
// the listing is complete and s is done. Only the status with the newest
// frontier is ever read, so no page is asked that the merge would not use.
func (l *lister) v1Needed(s *v1Status, all []*v1Status) bool {
	last, ok := s.frontier()
	if !ok {
		s.done = true
		return false
	}
	if l.opts.MaxItems == 0 {
		return true
	}
	for _, t := range all {
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
	for _, t := range all {
		for _, page := range t.pages {
			for i := range page {
				if l.keep(&page[i]) && NewestFirst(page[i], last) <= 0 {
					before++
				}
			}
		}
	}
	if before >= l.opts.MaxItems {
		s.done = true
		return false
	}
	return true
}

// v1Read takes in one page's answer. Page 1 says how many pages there are
// and how large Mayar serves them.
func (l *lister) v1Read(ctx context.Context, a v1Answer, all []*v1Status) error {
	s, pg := a.s, a.pg
	if a.page == 1 {
		// Mayar's answer, not the request, says how many pages there are
		// and how large they are: it may serve fewer than asked.
		op := fmt.Sprintf("GET /hl/v1/payment (status=%s page=1)", s.status)
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
		if maxItems := int64(l.opts.MaxItems); maxItems > 0 && pageCount > 1 && !l.ordered(len(all)) {
			// One status, every item kept: the pages needed are known.
			s.last = min(pageCount, 1+ceilDiv(maxItems-int64(len(pg.items)), served))
		}
		s.pages = make([][]Payment, pageCount)
	}
	s.pages[a.page-1] = pg.items
	if l.reachesAfter(pg.items) {
		s.done = true // pages are read in order when CreatedAfter is set
	}
	items := 0
	for _, t := range s.pages {
		items += len(t)
	}
	l.progress(ctx, map[string]any{"status": s.status, "page": a.page, "items_so_far": items})
	return nil
}

// v1Merge puts the statuses' items into one listing, newest first, keeping
// those within the creation bounds, up to MaxItems.
func (l *lister) v1Merge(all []*v1Status) {
	n := 0
	for _, s := range all {
		for _, page := range s.pages {
			n += len(page)
		}
	}
	out := make([]Payment, 0, n)
	for _, s := range all {
		for _, page := range s.pages {
			for i := range page {
				if l.keep(&page[i]) {
					out = append(out, page[i])
				}
			}
		}
	}
	if len(all) > 1 {
		slices.SortStableFunc(out, NewestFirst)
	}
	if maxItems := l.opts.MaxItems; maxItems > 0 && len(out) > maxItems {
		out = out[:maxItems]
	}
	l.res.Payments = out
}

// v1Page fetches and checks one V1 page.
func (l *lister) v1Page(ctx context.Context, status string, page, size int64) (*v1Page, error) {
	const path = "/hl/v1/payment"
	q := url.Values{
		"status":   {status},
		"page":     {strconv.FormatInt(page, 10)},
		"pageSize": {strconv.FormatInt(size, 10)},
	}
	detail := fmt.Sprintf("status=%s page=%d", status, page)
	obj, resp, err := l.c.get(ctx, path, q, detail)
	l.count(resp, err)
	if err != nil {
		return nil, err
	}
	op := "GET " + path + " (" + detail + ")"
	pg, err := decodeV1Page(obj)
	if err != nil {
		return nil, l.c.unexpected(op, resp, err)
	}
	switch {
	case pg.page != 0 && pg.page != page:
		return nil, l.c.unexpected(op, resp, fmt.Errorf("asked for page %d, got page %d", page, pg.page))
	case page > 1 && pg.pageSize != 0 && pg.pageSize != size:
		// Pages of another size would not line up with those already read.
		return nil, l.c.unexpected(op, resp, fmt.Errorf("asked for pages of %d, got %d", size, pg.pageSize))
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
