package mayar

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

const (
	// MaxPageSizeV1 is the largest V1 page a listing asks for, and its
	// default: Mayar serves at most its own cap and says so, and every
	// request counts against its rate limit.
	MaxPageSizeV1 = 1000
	// MaxPageSizeV2 is the largest limit Mayar documents for its V2
	// listings, and their default: a larger one may be refused rather than
	// capped.
	MaxPageSizeV2 = 50

	// maxPages stops a listing whose answers would never end (an absurd
	// pageCount, a V2 cursor that leads nowhere).
	maxPages = 100000
)

// MaxPageSize is the largest page a listing asks for on v, and the page it
// asks for unless told otherwise.
func (v Version) MaxPageSize() int {
	if v == V1 {
		return MaxPageSizeV1
	}
	return MaxPageSizeV2
}

// ListOptions selects what ListPayments lists.
type ListOptions struct {
	Status   string // one of PaymentStatuses; "" = every status
	MaxItems int    // 0 = all
	PageSize int    // 1 to the version's MaxPageSize; 0 = that maximum. V1 may serve fewer.
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

// Page is what a listing hands over each time it has read a page: the
// items the page adds to the listing, in the listing's order (possibly
// none), and what the listing has cost so far.
type Page[T any] struct {
	Items    []T
	Requests int // HTTP requests sent so far, retries included
	Pages    int // pages read so far
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
// as the API allows: it gathers what PaymentPages hands over.
func (c *Client) ListPayments(ctx context.Context, opts ListOptions) (*ListResult, error) {
	payments, requests, pages, err := gather(c.PaymentPages(ctx, opts))
	if err != nil {
		return nil, err
	}
	return &ListResult{Payments: payments, Requests: requests, Pages: pages}, nil
}

// PaymentPages lists payment requests, newest first, with as few requests
// as the API allows, and hands over each page as it arrives; an error ends
// the sequence. Stopping the loop stops the listing: no request is sent
// after it.
//
// V2 follows nextStartingAfter, the last request asking only for what is
// still wanted. V1 reads page 1 of every status listed at once, then the
// other pages v1Concurrency per status at a time at the page size Mayar
// served; when MaxItems or CreatedAfter can end the listing early, each
// status's pages are read in order and only while the merged listing may
// still need them. Without a status, V1 lists the three statuses together
// and merges them newest first as their pages arrive: an item is handed
// over once no status can still bring a newer one.
func (c *Client) PaymentPages(ctx context.Context, opts ListOptions) iter.Seq2[Page[Payment], error] {
	return listPages(func() *listing[Payment] {
		return &listing[Payment]{c: c, what: "payments", max: opts.MaxItems,
			window: createdWindow{after: opts.CreatedAfter, before: opts.CreatedBefore}}
	}, func(l *listing[Payment]) error { return c.listPayments(ctx, l, opts) })
}

func (c *Client) listPayments(ctx context.Context, l *listing[Payment], opts ListOptions) error {
	maxSize := c.v.MaxPageSize()
	switch {
	case c.key == "":
		return ErrMissingAPIKey
	case opts.MaxItems < 0:
		return fmt.Errorf("Mayar listing: max items %d is negative", opts.MaxItems)
	case opts.PageSize < 0 || opts.PageSize > maxSize:
		return fmt.Errorf("Mayar listing: page size %d is outside 1..%d for API %s", opts.PageSize, maxSize, c.v)
	case opts.Status != "" && !slices.Contains(PaymentStatuses, opts.Status):
		return fmt.Errorf("Mayar listing: status %q is not one of %v", opts.Status, PaymentStatuses)
	case !opts.CreatedAfter.IsZero() && !opts.CreatedBefore.IsZero() && !opts.CreatedAfter.Before(opts.CreatedBefore):
		return fmt.Errorf("Mayar listing: created after %s is not before created before %s",
			opts.CreatedAfter.Format(time.RFC3339Nano), opts.CreatedBefore.Format(time.RFC3339Nano))
	}
	size := cmp.Or(opts.PageSize, maxSize)
	e, err := c.endpoint(opListPayments, object{}, "")
	if err != nil {
		return err
	}
	if c.v == V1 {
		statuses := []string{opts.Status}
		if opts.Status == "" {
			statuses = PaymentStatuses
		}
		return (&v1Listing{listing: l, e: e}).list(ctx, statuses, size)
	}
	filter := cursorFilter{query: url.Values{}, log: map[string]any{"status": opts.Status}}
	if opts.Status != "" {
		filter.query.Set("status", opts.Status)
		filter.detail = "status=" + opts.Status
	}
	return followCursor(ctx, l, e, filter, size, (*paymentJSON).payment)
}

// listed is what a listing lists: items with a creation time.
type listed interface {
	created() time.Time
}

// listing is one listing of T: its bounds, what it has handed over and
// what it has cost. V1's pages arrive concurrently; their counts are
// guarded by mu, and everything else is used by one goroutine.
type listing[T listed] struct {
	c      *Client
	what   string // "payments" or "products", for the progress log
	max    int    // MaxItems; 0 = all
	window createdWindow
	yield  func(Page[T], error) bool

	handed  int  // items handed over
	stopped bool // the caller wants no more

	mu              sync.Mutex
	requests, pages int
}

// errStopped ends a listing whose caller wants no more.
var errStopped = errors.New("the caller stopped the listing")

// listPages is the sequence of a listing's pages: each iteration starts a new
// listing, which list reads and hands over page by page. An error ends
// the sequence, unless the caller stopped it first.
func listPages[T listed](start func() *listing[T], list func(*listing[T]) error) iter.Seq2[Page[T], error] {
	return func(yield func(Page[T], error) bool) {
		l := start()
		l.yield = yield
		if err := list(l); err != nil && !l.stopped && !errors.Is(err, errStopped) {
			yield(Page[T]{}, err)
		}
	}
}

// gather collects a listing's items, and what it cost.
func gather[T any](seq iter.Seq2[Page[T], error]) (items []T, requests, pages int, err error) {
	items = []T{}
	for page, err := range seq {
		if err != nil {
			return nil, 0, 0, err
		}
		items = append(items, page.Items...)
		requests, pages = page.Requests, page.Pages
	}
	return items, requests, pages, nil
}

// hand gives items to the caller, at most MaxItems in all, with what the
// listing has cost so far. It reports whether the caller wants more.
func (l *listing[T]) hand(items []T) bool {
	if l.max > 0 {
		items = items[:min(len(items), l.max-l.handed)]
	}
	l.handed += len(items)
	l.mu.Lock()
	page := Page[T]{Items: items, Requests: l.requests, Pages: l.pages}
	l.mu.Unlock()
	if !l.yield(page, nil) {
		l.stopped = true
	}
	return !l.stopped
}

// full reports whether MaxItems items have been handed over.
func (l *listing[T]) full() bool { return l.max > 0 && l.handed >= l.max }

// count adds a request's attempts to the listing's cost, and a page when
// it was read.
func (l *listing[T]) count(resp *transport.Response, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var (
		apiErr *transport.APIError
		terr   *transport.Error
	)
	switch {
	case resp != nil:
		l.requests += resp.Attempts
	case errors.As(err, &apiErr):
		l.requests += apiErr.Attempts
	case errors.As(err, &terr):
		l.requests += terr.Attempts
	}
	if err == nil {
		l.pages++
	}
}

// progress logs a page read, at info level.
func (l *listing[T]) progress(ctx context.Context, fields map[string]any) {
	l.mu.Lock()
	fields["version"] = string(l.c.v)
	fields["pages_fetched"] = l.pages
	fields["requests"] = l.requests
	l.mu.Unlock()
	l.c.t.Logger().Info(ctx, "Mayar "+l.what+" page fetched", fields)
}

// pageLimit is how many items to ask for when want more are still wanted
// (0 = all): fewer than a full page only when every item of the answer
// will be kept, that is when nothing newer than CreatedBefore can remain.
func (l *listing[T]) pageLimit(size, want int, pastBefore bool) int {
	if want > 0 && (l.window.before.IsZero() || pastBefore) {
		return min(size, want)
	}
	return size
}

// createdWindow keeps the items created strictly after after and strictly
// before before; a zero bound is no bound.
type createdWindow struct {
	after, before time.Time
}

func (w createdWindow) keeps(t time.Time) bool {
	return (w.after.IsZero() || t.After(w.after)) && (w.before.IsZero() || t.Before(w.before))
}

// reachesAfter reports whether a page holds an item created at or before
// after: every later page holds only older ones.
func reachesAfter[T listed](w createdWindow, items []T) bool {
	return !w.after.IsZero() && slices.ContainsFunc(items, func(item T) bool { return !item.created().After(w.after) })
}

// pastBefore reports whether an item is older than before: every later
// one is too, so all of them will be kept.
func (w createdWindow) pastBefore(t time.Time) bool {
	return !w.before.IsZero() && t.Before(w.before)
}

// cursorPage is one page of a V2 listing.
type cursorPage[J any] struct {
	envelope
	HasMore flag `json:"hasMore"`
	Next    text `json:"nextStartingAfter"`
	Data    []J  `json:"data"`
}

// newCursorPage is a V2 page to decode an answer of limit items into: its
// items have their room, which spares encoding/json growing the array.
func newCursorPage[J any](limit int) *cursorPage[J] {
	return &cursorPage[J]{Data: make([]J, 0, limit)}
}

// readCursorPage converts a V2 page: its items, whether more follow, and
// the cursor of the next page.
func readCursorPage[J, T any](pg *cursorPage[J], decode func(*J) (T, error)) (items []T, hasMore bool, next string, err error) {
	var errs [3]error
	hasMore, errs[0] = pg.HasMore.get("hasMore")
	next, errs[1] = pg.Next.get("nextStartingAfter")
	items, errs[2] = decodeItems(pg.Data, decode)
	return items, hasMore, next, firstError(errs[:]...)
}

// cursorFilter is what a V2 listing filters by: in its query, in the
// names of its requests in errors, and in its progress log.
type cursorFilter struct {
	query  url.Values
	detail string // e.g. "status=paid"
	log    map[string]any
}

// followCursor reads a V2 listing page after page, following
// nextStartingAfter, and hands over each page's items within the window
// as it arrives; the last request asks only for what is still wanted.
// Payments and products share it.
func followCursor[J any, T listed](ctx context.Context, l *listing[T], e endpoint, filter cursorFilter, size int, decode func(*J) (T, error)) error {
	cursor := ""
	seen := map[string]bool{}
	pastBefore := false // an item older than CreatedBefore was read: all later ones are too
	for page := 1; ; page++ {
		if page > maxPages {
			return fmt.Errorf("Mayar GET %s: more than %d pages; stopped", e.path, maxPages)
		}
		want := 0
		if l.max > 0 {
			want = l.max - l.handed
		}
		limit := l.pageLimit(size, want, pastBefore)
		q := url.Values{"limit": {strconv.Itoa(limit)}}
		for k, v := range filter.query {
			q[k] = v
		}
		if cursor != "" {
			q.Set("startingAfter", cursor)
		}
		w := call{endpoint: e, query: q, detail: fmt.Sprintf("page %d", page)}
		if filter.detail != "" {
			w.detail = filter.detail + " " + w.detail
		}
		pg := newCursorPage[J](limit)
		resp, err := l.c.send(ctx, w, pg)
		l.count(resp, err)
		if err != nil {
			return err
		}
		items, hasMore, next, err := readCursorPage(pg, decode)
		if err != nil {
			return unusable(w, resp, err)
		}
		kept := make([]T, 0, len(items))
		for _, item := range items {
			if l.window.keeps(item.created()) {
				kept = append(kept, item)
			}
			pastBefore = pastBefore || l.window.pastBefore(item.created())
		}
		more := l.hand(kept)
		fields := map[string]any{"page": page, "items_so_far": l.handed}
		for k, v := range filter.log {
			fields[k] = v
		}
		l.progress(ctx, fields)
		if !more || l.full() || reachesAfter(l.window, items) || !hasMore {
			return nil
		}
		switch {
		case next == "":
			return unusable(w, resp, errors.New("hasMore without nextStartingAfter"))
		case seen[next] || next == cursor:
			return unusable(w, resp, fmt.Errorf("nextStartingAfter %q was given before; stopped to avoid a loop", transport.Excerpt([]byte(next))))
		case len(items) == 0:
			return unusable(w, resp, errors.New("an empty page that says hasMore"))
		}
		seen[next] = true
		cursor = next
	}
}

// ProductListOptions selects what ListProducts lists.
type ProductListOptions struct {
	Type     string // one of ProductTypes; "" = every type
	Search   string // Mayar's search of the catalog; "" = no search
	MaxItems int    // 0 = all
}

// ProductListResult is a listing of products with what it cost.
type ProductListResult struct {
	Products []Product
	Requests int // HTTP requests sent, retries included
	Pages    int // pages read
}

// ListProducts lists the catalog, newest first, in pages of MaxPageSizeV2
// (the last one asking only for what is still wanted): it gathers what
// ProductPages hands over.
func (c *Client) ListProducts(ctx context.Context, opts ProductListOptions) (*ProductListResult, error) {
	products, requests, pages, err := gather(c.ProductPages(ctx, opts))
	if err != nil {
		return nil, err
	}
	return &ProductListResult{Products: products, Requests: requests, Pages: pages}, nil
}

// ProductPages lists the catalog like ListProducts, and hands over each
// page as it arrives; an error ends the sequence. Stopping the loop stops
// the listing. On V1 the error is ErrV2Only, and nothing is sent.
func (c *Client) ProductPages(ctx context.Context, opts ProductListOptions) iter.Seq2[Page[Product], error] {
	return listPages(func() *listing[Product] {
		return &listing[Product]{c: c, what: "products", max: opts.MaxItems}
	}, func(l *listing[Product]) error { return c.listProducts(ctx, l, opts) })
}

func (c *Client) listProducts(ctx context.Context, l *listing[Product], opts ProductListOptions) error {
	switch {
	case c.key == "":
		return ErrMissingAPIKey
	case opts.MaxItems < 0:
		return fmt.Errorf("Mayar product listing: max items %d is negative", opts.MaxItems)
	case opts.Type != "" && !slices.Contains(ProductTypes, opts.Type):
		return fmt.Errorf("Mayar product listing: type %q is not one of %v", opts.Type, ProductTypes)
	}
	e, err := c.endpoint(opListProducts, objProduct, "")
	if err != nil {
		return err
	}
	filter := cursorFilter{query: url.Values{}, log: map[string]any{"type": opts.Type, "search": opts.Search}}
	for key, v := range map[string]string{"type": opts.Type, "search": opts.Search} {
		if v != "" {
			filter.query.Set(key, v)
		}
	}
	if opts.Type != "" {
		filter.detail = "type=" + opts.Type
	}
	return followCursor(ctx, l, e, filter, MaxPageSizeV2, (*productJSON).product)
}
