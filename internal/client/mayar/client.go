// Package mayar is a client for the Mayar Headless API (mayar.id): payment
// requests listed with V1 page numbers or V2 cursors, and the balance. It
// knows nothing of Terraform.
package mayar

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

// Version is a Mayar API version.
type Version string

const (
	V1 Version = "v1" // /hl/v1, page numbers; Mayar retires it on 1 October 2026
	V2 Version = "v2" // /hl/v2, cursors
)

// ParseVersion returns the version s names. The error completes a sentence
// that starts with the setting's name ("mayar.api_version must ...").
func ParseVersion(s string) (Version, error) {
	if v := Version(s); v == V1 || v == V2 {
		return v, nil
	}
	return "", fmt.Errorf("must be %q or %q, got %q", V2, V1, s)
}

const (
	// DefaultPageSize asks for large pages: Mayar serves at most its own cap
	// and says so, and every request counts against its rate limit.
	DefaultPageSize = 1000
	MaxPageSize     = 1000

	// maxPages stops a listing whose answers would never end (an absurd
	// pageCount, a V2 cursor that leads nowhere).
	maxPages = 100000
	// v1Concurrency is how many V1 pages are asked at once; all of them
	// still pass the transport's pacing window.
	v1Concurrency = 4
)

// V1Statuses are what a V1 listing without a status lists, in this order:
// V1 requires a status, so "all" is one listing per status, concatenated.
var V1Statuses = []string{"active", "paid", "closed"}

// Client calls Mayar with one API key and version. It is safe for
// concurrent use.
type Client struct {
	t   *transport.Client
	key string
	v   Version
}

// New returns a client that sends apiKey as "Authorization: Bearer", and
// only there. An empty v means V2.
func New(t *transport.Client, apiKey string, v Version) *Client {
	if v == "" {
		v = V2
	}
	return &Client{t: t, key: apiKey, v: v}
}

// Payment is a Mayar payment request; nil pointers are the API's nulls.
type Payment struct {
	ID, Name, Status, Type, Description, Link string
	Amount                                    *int64
	Category, RedirectURL, InstallmentID      *string
	Limit                                     *float64
	CreatedAt                                 time.Time // UTC; zero when the answer has none
}

// ListOptions selects what ListPayments lists.
type ListOptions struct {
	Status   string // "" = all (on V1: active, then paid, then closed)
	MaxItems int    // 0 = all
	PageSize int    // 0 = DefaultPageSize; Mayar may serve fewer
}

// ListResult is a listing with what it cost.
type ListResult struct {
	Payments []Payment
	Requests int // HTTP requests sent, retries included
	Pages    int // pages read
}

// Balance is the account's balance in rupiah; Total = Active + Pending.
type Balance struct {
	Active, Pending, Total int64
}

// ListPayments lists payment requests, newest first as Mayar orders them,
// with as few requests as the API allows: V1 reads page 1, then only the
// pages MaxItems needs, four at a time, at the page size Mayar served; V2
// follows nextStartingAfter, the last request asking only for what is
// still needed.
func (c *Client) ListPayments(ctx context.Context, opts ListOptions) (*ListResult, error) {
	if c.key == "" {
		return nil, ErrMissingAPIKey
	}
	if opts.MaxItems < 0 {
		return nil, fmt.Errorf("Mayar listing: max items %d is negative", opts.MaxItems)
	}
	if opts.PageSize < 0 || opts.PageSize > MaxPageSize {
		return nil, fmt.Errorf("Mayar listing: page size %d is outside 1..%d", opts.PageSize, MaxPageSize)
	}
	size := opts.PageSize
	if size == 0 {
		size = DefaultPageSize
	}
	l := &lister{c: c, res: &ListResult{Payments: []Payment{}}, max: opts.MaxItems}
	switch c.v {
	case V1:
		statuses := []string{opts.Status}
		if opts.Status == "" {
			statuses = V1Statuses
		}
		for _, status := range statuses {
			if l.full() {
				break
			}
			if err := l.v1(ctx, status, size); err != nil {
				return nil, err
			}
		}
	case V2:
		if err := l.v2(ctx, opts.Status, size); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("Mayar API version %q is not %q or %q", c.v, V1, V2)
	}
	return l.res, nil
}

// Balance reads the account's balance.
func (c *Client) Balance(ctx context.Context) (*Balance, error) {
	path := "/hl/v2/balances"
	if c.v == V1 {
		path = "/hl/v1/balance"
	}
	obj, resp, err := c.get(ctx, path, nil, "")
	if err != nil {
		return nil, err
	}
	b, err := decodeBalance(obj)
	if err != nil {
		return nil, c.unexpected("GET "+path, resp, err)
	}
	return b, nil
}

// get sends one GET and checks the envelope. detail goes into the
// operation's name in errors, e.g. the page.
func (c *Client) get(ctx context.Context, path string, q url.Values, detail string) (object, *transport.Response, error) {
	if c.key == "" {
		return nil, nil, ErrMissingAPIKey
	}
	op := "GET " + path
	if detail != "" {
		op += " (" + detail + ")"
	}
	resp, err := c.t.Do(ctx, transport.Request{
		Method:     http.MethodGet,
		Path:       path,
		Query:      q,
		Header:     http.Header{"Authorization": {"Bearer " + c.key}},
		Idempotent: true,
	})
	if err != nil {
		return nil, nil, c.requestFailure(op, err)
	}
	resp.Body = transport.Redact(resp.Body, c.key)
	obj, apiErr := parseEnvelope(op, resp)
	if apiErr != nil {
		apiErr.secret = c.key
		return nil, resp, apiErr
	}
	return obj, resp, nil
}

func (c *Client) requestFailure(op string, err error) error {
	status, excerpt, problem, attempts, ok := transport.PartialAnswer(err, c.key)
	if !ok {
		return &requestError{err: err}
	}
	return &APIError{
		Operation:  op,
		StatusCode: status,
		Body:       excerpt,
		Attempts:   attempts,
		problem:    problem,
		secret:     c.key,
	}
}

// unexpected reports a success answer whose fields cannot be read.
func (c *Client) unexpected(op string, resp *transport.Response, err error) error {
	return &APIError{
		Operation:  op,
		StatusCode: resp.StatusCode,
		Attempts:   resp.Attempts,
		Body:       transport.Excerpt(resp.Body),
		problem:    "unexpected answer (" + err.Error() + ")",
		secret:     c.key,
	}
}

// lister collects one ListPayments call's results.
type lister struct {
	c   *Client
	max int // 0 = all

	mu  sync.Mutex // guards res while V1 pages arrive concurrently
	res *ListResult
}

func (l *lister) full() bool {
	return l.max > 0 && len(l.res.Payments) >= l.max
}

// remaining is how many more items are wanted; 0 means all.
func (l *lister) remaining() int {
	if l.max == 0 {
		return 0
	}
	return l.max - len(l.res.Payments)
}

// take appends items, cutting at MaxItems.
func (l *lister) take(items []Payment) {
	if l.max > 0 {
		items = items[:min(len(items), l.remaining())]
	}
	l.res.Payments = append(l.res.Payments, items...)
}

func (l *lister) progress(ctx context.Context, fields map[string]any) {
	fields["version"] = string(l.c.v)
	fields["pages_fetched"] = l.res.Pages
	fields["requests"] = l.res.Requests
	l.c.t.Logger().Info(ctx, "Mayar payments page fetched", fields)
}

// v1 lists one status with page numbers.
func (l *lister) v1(ctx context.Context, status string, size int) error {
	const path = "/hl/v1/payment"
	want := l.remaining()
	if want > 0 {
		size = min(size, want)
	}
	first, err := l.v1Page(ctx, status, 1, int64(size))
	if err != nil {
		return err
	}
	l.take(first.items)
	l.progress(ctx, map[string]any{"status": status, "page": 1, "items_so_far": len(l.res.Payments)})
	if l.full() {
		return nil
	}

	// Mayar's answer, not this request, says how many pages there are and
	// how large they are: it may serve fewer than asked.
	op := fmt.Sprintf("GET %s (status=%s page=1)", path, status)
	pageCount, served := first.pageCount, first.pageSize
	switch {
	case pageCount < 0 || pageCount > maxPages:
		return fmt.Errorf("Mayar %s: the answer's pageCount %d is not believable; stopped", op, pageCount)
	case pageCount <= 1 && !first.hasMore:
		return nil
	case pageCount <= 1:
		return fmt.Errorf("Mayar %s: the answer says hasMore but pageCount %d", op, pageCount)
	}
	if served <= 0 {
		served = int64(len(first.items))
	}
	if served <= 0 {
		return fmt.Errorf("Mayar %s: the answer says there are %d pages but gives no page size", op, pageCount)
	}
	last := pageCount
	if want > 0 {
		stillWanted := int64(want - len(first.items))
		last = min(last, 1+(stillWanted+served-1)/served)
	}
	if last < 2 {
		return nil
	}
	pages, err := l.v1Pages(ctx, status, last, served)
	if err != nil {
		return err
	}
	for _, pg := range pages {
		l.take(pg.items)
	}
	return nil
}

// v1Pages fetches pages 2..last, at most v1Concurrency at a time, and
// returns them in page order. The first failure cancels the rest.
func (l *lister) v1Pages(ctx context.Context, status string, last, served int64) ([]*v1Page, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pages := make([]*v1Page, last-1)
	sem := make(chan struct{}, v1Concurrency)
	var wg sync.WaitGroup
	var firstErr error
	items := len(l.res.Payments)
	for p := int64(2); p <= last; p++ {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Go(func() {
			defer func() { <-sem }()
			pg, err := l.v1Page(ctx, status, p, served)
			l.mu.Lock()
			defer l.mu.Unlock()
			if err != nil {
				if firstErr == nil {
					firstErr = err
					cancel()
				}
				return
			}
			pages[p-2] = pg
			items += len(pg.items)
			l.progress(ctx, map[string]any{"status": status, "page": p, "items_so_far": items})
		})
	}
	wg.Wait()
	if firstErr == nil && ctx.Err() != nil {
		firstErr = &requestError{err: ctx.Err()}
	}
	return pages, firstErr
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

// v2 follows cursors.
func (l *lister) v2(ctx context.Context, status string, size int) error {
	const path = "/hl/v2/payments"
	cursor := ""
	seen := map[string]bool{}
	for page := 1; ; page++ {
		if page > maxPages {
			return fmt.Errorf("Mayar GET %s: more than %d pages; stopped", path, maxPages)
		}
		limit := size
		if want := l.remaining(); want > 0 {
			limit = min(size, want)
		}
		q := url.Values{"limit": {strconv.Itoa(limit)}}
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
		l.take(pg.items)
		l.progress(ctx, map[string]any{"status": status, "page": page, "items_so_far": len(l.res.Payments)})
		if l.full() || !pg.hasMore {
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
