package sandbox

import (
	"net/http"
	"slices"
	"strings"
)

// Route names an endpoint, for fault injection and the request log.
type Route string

// The routes of both APIs. A Mayar route covers V1 and V2 alike.
const (
	RoutePayGetProfile Route = "payget.profile"
	RoutePayGetCreate  Route = "payget.create"
	RoutePayGetCancel  Route = "payget.cancel"
	RoutePayGetStatus  Route = "payget.status"
	RouteMayarList     Route = "mayar.list"
	RouteMayarGet      Route = "mayar.get"
	RouteMayarCreate   Route = "mayar.create"
	RouteMayarClose    Route = "mayar.close"
	RouteMayarOpen     Route = "mayar.open"
	RouteMayarBalance  Route = "mayar.balance"
	RouteMayarEdit     Route = "mayar.edit"
	// RouteMayarWebhook sets the webhook URL; RouteMayarWebhookTest sends
	// a test event to one.
	RouteMayarWebhook     Route = "mayar.webhook"
	RouteMayarWebhookTest Route = "mayar.webhook-test"
	// The product catalog's routes (V2 only). Create and edit have two
	// paths each; the status route sets any of active, closed, unlisted.
	RouteMayarProductList   Route = "mayar.product-list"
	RouteMayarProductGet    Route = "mayar.product-get"
	RouteMayarProductCreate Route = "mayar.product-create"
	RouteMayarProductEdit   Route = "mayar.product-edit"
	RouteMayarProductStatus Route = "mayar.product-status"
	// RouteAny matches every route: faults injected on it are consumed by
	// the next request of any route that has no fault of its own queued,
	// and RequestCount(RouteAny) counts every request.
	RouteAny Route = "*"
)

// api tells which of the two emulated APIs a path belongs to; it decides the
// error envelope and whether Mayar's rate limit applies.
type api int

const (
	apiNone api = iota
	apiPayGet
	apiMayar
)

func apiOf(path string) api {
	switch {
	case strings.HasPrefix(path, "/api/"):
		return apiPayGet
	case strings.HasPrefix(path, "/hl/"):
		return apiMayar
	}
	return apiNone
}

// handler computes the answer to a matched request; params are the path
// parameters in order.
type handler func(s *Sandbox, r *http.Request, params []string) response

// routeTable lists every endpoint. A pattern segment "{}" is a non-empty
// path parameter. Order matters where patterns overlap: the literal
// /hl/v1/payment/create comes before /hl/v1/payment/{}, and
// /hl/v2/products/payment-link/create before /hl/v2/products/{}/{}.
var routeTable = []struct {
	method  string
	pattern string
	route   Route
	handle  handler
}{
	{http.MethodGet, "/api/profile", RoutePayGetProfile, (*Sandbox).paygetProfile},
	{http.MethodPost, "/api/payment", RoutePayGetCreate, (*Sandbox).paygetCreate},
	{http.MethodPost, "/api/payment/{}/cancel", RoutePayGetCancel, (*Sandbox).paygetCancel},
	{http.MethodGet, "/api/payment-status/{}", RoutePayGetStatus, (*Sandbox).paygetStatus},

	{http.MethodGet, "/hl/v1/payment", RouteMayarList, (*Sandbox).mayarListV1},
	{http.MethodPost, "/hl/v1/payment/create", RouteMayarCreate, (*Sandbox).mayarCreate},
	{http.MethodPost, "/hl/v1/payment/edit", RouteMayarEdit, (*Sandbox).mayarEdit},
	{http.MethodGet, "/hl/v1/payment/close/{}", RouteMayarClose, (*Sandbox).mayarClose},
	{http.MethodGet, "/hl/v1/payment/open/{}", RouteMayarOpen, (*Sandbox).mayarOpen},
	{http.MethodGet, "/hl/v1/payment/{}", RouteMayarGet, (*Sandbox).mayarGet},
	{http.MethodGet, "/hl/v1/balance", RouteMayarBalance, (*Sandbox).mayarBalance},
	{http.MethodPost, "/hl/v1/webhook/register", RouteMayarWebhook, (*Sandbox).mayarSetWebhook},
	{http.MethodPost, "/hl/v1/webhook/test", RouteMayarWebhookTest, (*Sandbox).mayarTestWebhook},

	{http.MethodGet, "/hl/v2/payments", RouteMayarList, (*Sandbox).mayarListV2},
	{http.MethodPost, "/hl/v2/payments/create", RouteMayarCreate, (*Sandbox).mayarCreate},
	{http.MethodGet, "/hl/v2/payments/{}", RouteMayarGet, (*Sandbox).mayarGet},
	{http.MethodPost, "/hl/v2/payments/{}/update", RouteMayarEdit, (*Sandbox).mayarEdit},
	{http.MethodPost, "/hl/v2/payments/{}/close", RouteMayarClose, (*Sandbox).mayarClose},
	{http.MethodPost, "/hl/v2/payments/{}/open", RouteMayarOpen, (*Sandbox).mayarOpen},
	{http.MethodGet, "/hl/v2/balances", RouteMayarBalance, (*Sandbox).mayarBalance},
	{http.MethodPost, "/hl/v2/webhooks/update", RouteMayarWebhook, (*Sandbox).mayarSetWebhook},
	{http.MethodPost, "/hl/v2/webhooks/test", RouteMayarWebhookTest, (*Sandbox).mayarTestWebhook},

	{http.MethodGet, "/hl/v2/products", RouteMayarProductList, (*Sandbox).mayarProductList},
	{http.MethodGet, "/hl/v2/products/types/{}", RouteMayarProductList, (*Sandbox).mayarProductList},
	{http.MethodPost, "/hl/v2/products/payment-link/create", RouteMayarProductCreate, (*Sandbox).mayarProductCreate},
	{http.MethodPost, "/hl/v2/products/create", RouteMayarProductCreate, (*Sandbox).mayarProductCreate},
	{http.MethodGet, "/hl/v2/products/{}", RouteMayarProductGet, (*Sandbox).mayarProductGet},
	{http.MethodPost, "/hl/v2/products/payment-link/{}/update", RouteMayarProductEdit, (*Sandbox).mayarProductEdit},
	{http.MethodPost, "/hl/v2/payment-links/{}/update", RouteMayarProductEdit, (*Sandbox).mayarProductEdit},
	{http.MethodPost, "/hl/v2/products/{}/{}", RouteMayarProductStatus, (*Sandbox).mayarProductStatus},
}

// endpoint is the outcome of routing one request. handle is nil when the
// path is unknown or the method is not allowed; fallback is then the answer:
// 404, or for PayGet a 405 naming the allowed methods. Mayar routes method
// and path together, so a method a path does not serve is an unknown route
// (404) there: a DELETE of a product, which Mayar cannot do, is answered as
// a path that does not exist.
type endpoint struct {
	api      api
	route    Route
	params   []string
	handle   handler
	fallback response
}

func match(method, path string) endpoint {
	ep := endpoint{api: apiOf(path)}
	var allowed []string
	for _, rt := range routeTable {
		params, ok := matchPattern(rt.pattern, path)
		if !ok {
			continue
		}
		if rt.method == method {
			ep.route, ep.params, ep.handle = rt.route, params, rt.handle
			return ep
		}
		if ep.route == "" {
			ep.route = rt.route
		}
		if !slices.Contains(allowed, rt.method) {
			allowed = append(allowed, rt.method)
		}
	}
	if len(allowed) > 0 && ep.api != apiMayar {
		ep.fallback = methodNotAllowed(ep.api, allowed)
	} else {
		ep.fallback = notFound(ep.api)
	}
	return ep
}

func matchPattern(pattern, path string) ([]string, bool) {
	want := strings.Split(pattern, "/")
	got := strings.Split(path, "/")
	if len(want) != len(got) {
		return nil, false
	}
	var params []string
	for i, seg := range want {
		switch {
		case seg == "{}":
			if got[i] == "" {
				return nil, false
			}
			params = append(params, got[i])
		case seg != got[i]:
			return nil, false
		}
	}
	return params, true
}
