package sandbox

import (
	"net/http"
	"net/url"
	"strconv"
)

const (
	defaultMayarPageSize = 10
	// mayarMaxLimit is the largest limit a V2 listing takes. Mayar documents
	// 50 and warns that a larger limit may be refused rather than capped;
	// the sandbox refuses it, so a client that asks for more finds out.
	mayarMaxLimit = 50
)

// positiveParam reads an optional positive integer query parameter.
func positiveParam(q url.Values, name string, def int) (int, bool) {
	vals, ok := q[name]
	if !ok {
		return def, true
	}
	n, err := strconv.Atoi(vals[0])
	if err != nil || n < 1 {
		return 0, false
	}
	return n, true
}

// v2Limit reads a V2 listing's limit: 10 when absent, refused above
// mayarMaxLimit, then capped at pageCap (a server may serve smaller pages
// than asked). The response is the failure to answer when !ok.
func v2Limit(q url.Values, pageCap int) (limit int, fail response, ok bool) {
	limit, ok = positiveParam(q, "limit", defaultMayarPageSize)
	switch {
	case !ok:
		return 0, mayarFail(http.StatusBadRequest, mayarMsgLimitInvalid), false
	case limit > mayarMaxLimit:
		return 0, mayarFail(http.StatusBadRequest, mayarMsgLimitTooLarge), false
	}
	return min(limit, pageCap), response{}, true
}

// cursorPage is one page of a V2 listing of all (in API order): up to limit
// items that keep accepts, after the item whose id is cursor ("" for the
// first page). The cursor is placed in all, not in what keep accepts, so it
// stays valid when its item no longer passes the filter. next is the id to
// pass as the following page's cursor, nil on the last page; found is false
// when cursor names no item. The page is a new slice.
func cursorPage[T listed[T]](all []T, keep func(T) bool, cursor string, limit int) (page []T, next *string, found bool) {
	rest := all
	if cursor != "" {
		i := indexListed(all, cursor)
		if i < 0 {
			return nil, nil, false
		}
		rest = all[i+1:]
	}
	page = []T{}
	for _, item := range rest {
		if !keep(item) {
			continue
		}
		if len(page) == limit {
			last := listedID(page[len(page)-1])
			return page, &last, true
		}
		page = append(page, item)
	}
	return page, nil, true
}
