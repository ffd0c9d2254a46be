// Package sandbox is an in-memory emulator of the PayGet and Mayar HTTP APIs.
//
// It is written from PayGet's and Mayar's published API reference pages,
// not from the provider's client code, so that tests and the demo check the
// provider against an independent reading of the same documents, awkward
// parts included. Where Mayar's show two forms of one thing (unpaid and
// active, a description as HTML or as text), the sandbox answers with the
// one that is harder on a client; PayGet's two response shapes are an
// option (Shape). One http.Handler serves both APIs on one host: PayGet
// under /api/..., Mayar under /hl/v1/... and /hl/v2/..., with Mayar's
// product catalog (payment links and every other product type) on V2.
//
// Mayar's webhook is emulated too: the URL set is stored, and paying a
// payment request (PayMayarPaymentRequest, or its admin endpoint) POSTs a
// payment.received event to it, on loopback only.
//
// Beyond the documented behaviour it can inject latency, faults (proxy
// errors, resets, truncated bodies, slow answers) and enforce Mayar's rate
// limit, so the provider's retry and error paths can be tested without a
// real network. Its own endpoints under AdminPrefix play the world outside
// the APIs: a payer paying a PayGet payment or a Mayar payment request, or
// letting a PayGet payment expire.
package sandbox

import (
	"net/http"
	"sync"
	"time"
)

// The API keys the sandbox knows. They are fixed so that tests, the demo and
// documentation can name them.
const (
	// PayGetKey belongs to the account "sandbox_user" (level "member",
	// balance 100000).
	PayGetKey = "pg_sandbox_key_0001"
	// PayGetOtherKey belongs to a second account, "other_user", for
	// ownership checks.
	PayGetOtherKey = "pg_sandbox_key_0002"
	// MayarKey is a read-and-write Mayar key.
	MayarKey = "mayar_sandbox_rw_0001"
	// MayarReadOnlyKey may only read (list, get, balance).
	MayarReadOnlyKey = "mayar_sandbox_ro_0001"
)

// The Mayar balance the sandbox reports; balance = active + pending, as
// Mayar defines it.
const (
	MayarBalanceActive  int64 = 1250000
	MayarBalancePending int64 = 350000
)

// Shape selects which published revision of the PayGet create response the
// sandbox answers with.
type Shape int

const (
	// ShapeA is the flat shape of PayGet's reference page: paymentId,
	// qrCode, amount, balanceReceived, fee. Fee above 500000, 10-minute
	// expiry.
	ShapeA Shape = iota
	// ShapeB is the other revision's nested "payment" object with exp and
	// status. Fee from 500000 upward (>=), 30-minute expiry.
	ShapeB
)

// String names the shape as the command-line flag does.
func (sh Shape) String() string {
	if sh == ShapeB {
		return "b"
	}
	return "a"
}

// Options configures a new Sandbox. The zero value is a working sandbox.
type Options struct {
	// Latency is added to every request before it is handled.
	Latency time.Duration
	// PayGetShape is the create response shape; ShapeB also applies that
	// revision's rules (30-minute expiry, fee from 500000 inclusive).
	PayGetShape Shape
	// FailuresWithHTTP200 answers API failures with HTTP 200 (PayGet body
	// unchanged with success:false; Mayar body {"statusCode":200,
	// "messages":"failed"}) instead of their native status codes.
	FailuresWithHTTP200 bool
	// MayarPageCap is the largest V1 pageSize and V2 limit served; 0 means
	// 100. A V2 limit above 50 is refused whatever the cap.
	MayarPageCap int
	// MayarRateLimit is the number of requests per window and client IP on
	// Mayar routes; 0 turns the limit off.
	MayarRateLimit int
	// MayarRateWindow is the sliding window of the rate limit; 0 means one
	// minute.
	MayarRateWindow time.Duration
	// MayarPayments are the initial Mayar payment requests, in any order
	// (they are served newest first). They are in the product catalog too,
	// as products of type payment_request.
	MayarPayments []MayarPayment
	// MayarProducts are the initial products of Mayar's catalog other than
	// payment requests (see GenerateMayarProducts), in any order. A product
	// of type payment_request panics: payment requests are MayarPayments.
	MayarProducts []MayarProduct
}

const (
	defaultMayarPageCap    = 100
	defaultMayarRateWindow = time.Minute
	// mayarDuplicateWindow is how long Mayar's duplicate guard refuses the
	// same create: "about a minute".
	mayarDuplicateWindow = time.Minute
)

// Sandbox emulates both APIs. It implements http.Handler and is safe for
// concurrent use; every exported method may be called while requests are
// being served.
type Sandbox struct {
	mu sync.Mutex

	offset          time.Duration // added to the real clock by Advance
	latency         time.Duration
	shape           Shape
	failuresHTTP200 bool
	pageCap         int

	limiter rateLimiter

	accounts    map[string]*account // PayGet accounts by API key
	payget      map[string]*PayGetPayment
	paygetOrder []string // payment ids in creation order
	mayar       []MayarPayment
	products    []MayarProduct // the catalog but payment requests, newest first
	// mayarRecent is when each distinct create was last accepted, for the
	// duplicate guard.
	mayarRecent map[string]time.Time
	webhookURL  string
	deliveries  []WebhookDelivery

	faults      map[Route][]Fault
	hooks       map[Route]func()
	requests    []Request
	rateLimited int
}

// account is a PayGet account behind an API key.
type account struct {
	username string
	level    string
	balance  int64
}

// New returns a sandbox configured by opts.
func New(opts Options) *Sandbox {
	s := &Sandbox{
		latency:         opts.Latency,
		shape:           opts.PayGetShape,
		failuresHTTP200: opts.FailuresWithHTTP200,
		pageCap:         normalizePageCap(opts.MayarPageCap),
		accounts: map[string]*account{
			PayGetKey:      {username: "sandbox_user", level: "member", balance: 100000},
			PayGetOtherKey: {username: "other_user", level: "member", balance: 250000},
		},
		payget: make(map[string]*PayGetPayment),
		faults: make(map[Route][]Fault),
	}
	s.limiter.configure(opts.MayarRateLimit, opts.MayarRateWindow)
	s.mayar = storedMayarPayments(opts.MayarPayments)
	s.products = storedMayarProducts(opts.MayarProducts)
	return s
}

// Now is the sandbox clock: the real time plus every Advance so far. Expiry
// and the rate-limit window are measured on it.
func (s *Sandbox) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nowLocked()
}

func (s *Sandbox) nowLocked() time.Time {
	return time.Now().Add(s.offset)
}

// Advance moves the sandbox clock by d, so tests can expire payments or
// empty the rate-limit window without waiting.
func (s *Sandbox) Advance(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.offset += d
}

// SetLatency changes the latency added to every later request.
func (s *Sandbox) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// SetPayGetShape changes the create response shape and rules for later
// payments.
func (s *Sandbox) SetPayGetShape(sh Shape) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.shape = sh
}

// SetFailuresWithHTTP200 switches between native failure status codes and
// HTTP 200 failures.
func (s *Sandbox) SetFailuresWithHTTP200(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failuresHTTP200 = on
}

// SetMayarPageCap changes the largest page served; n <= 0 means 100.
func (s *Sandbox) SetMayarPageCap(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pageCap = normalizePageCap(n)
}

// SetMayarRateLimit changes the Mayar rate limit (n = 0 turns it off;
// window 0 means one minute) and forgets the requests counted so far, so a
// test starts from an empty window.
func (s *Sandbox) SetMayarRateLimit(n int, window time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limiter.configure(n, window)
}

// SetMayarPayments replaces every Mayar payment request. They are served
// newest first, whatever the slice's order.
func (s *Sandbox) SetMayarPayments(payments []MayarPayment) {
	stored := storedMayarPayments(payments)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mayar = stored
}

func normalizePageCap(n int) int {
	if n <= 0 {
		return defaultMayarPageCap
	}
	return n
}

// ServeHTTP answers one request of either API: it waits the configured
// latency, applies Mayar's rate limit, consumes an injected fault if one is
// queued for the route, then handles the request. The request is logged
// just before its last byte goes out, so a client that has its answer
// always finds the request in the log.
func (s *Sandbox) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if isAdminPath(r.URL.Path) {
		s.serveAdmin(w, r)
		return
	}
	ep := match(r.Method, r.URL.Path)
	entry := Request{
		Route:       ep.route,
		Method:      r.Method,
		Path:        r.URL.Path,
		RawQuery:    r.URL.RawQuery,
		KeyInHeader: r.Header.Get("x-api-key") != "" || r.Header.Get("Authorization") != "",
		KeyInQuery:  r.URL.Query().Get("apiKey") != "",
		At:          s.Now(),
	}
	logged := false
	commit := func(status int) {
		if !logged {
			logged = true
			entry.Status = status
			s.record(entry)
		}
	}
	// Whatever path ends the request without an answer (a client that
	// gave up, an aborted handler) still leaves it in the log, status 0.
	defer commit(0)

	bufferBody(r)
	s.mu.Lock()
	latency := s.latency
	s.mu.Unlock()
	if !sleep(r.Context(), latency) {
		return
	}

	if ep.api == apiMayar {
		s.mu.Lock()
		retryAfter, ok := s.limiter.admit(clientIP(r), s.nowLocked())
		s.mu.Unlock()
		if !ok {
			entry.RateLimited = true
			send(w, tooManyRequests(apiMayar, retryAfter), commit)
			return
		}
	}

	if ep.handle == nil {
		send(w, ep.fallback, commit)
		return
	}

	s.mu.Lock()
	hook := s.hooks[ep.route]
	s.mu.Unlock()
	if hook != nil {
		hook()
	}

	fault, faulted := s.nextFault(ep.route)
	if faulted {
		entry.Fault = fault.Kind
	}
	s.serve(w, r, ep, fault, commit)
}

// OnRequest runs fn before each request on route is handled (after
// latency and the rate limit): tests use it to act as the world at a precise
// moment, such as the payer paying between two status reads, without
// sleeping. fn runs without the sandbox's lock, so it may call the
// sandbox's methods; nil removes the hook.
func (s *Sandbox) OnRequest(route Route, fn func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hooks == nil {
		s.hooks = map[Route]func(){}
	}
	s.hooks[route] = fn
}

// serve answers a matched request, shaped by the fault consumed for it (the
// zero Fault when none); commit logs the status answered.
func (s *Sandbox) serve(w http.ResponseWriter, r *http.Request, ep endpoint, fault Fault, commit func(int)) {
	// Faults a proxy in front of the API produces: the API never sees the
	// request, so nothing is stored.
	switch fault.Kind {
	case Fault503:
		send(w, serviceUnavailable(ep.api, fault.RetryAfter), commit)
		return
	case Fault502HTML:
		send(w, badGatewayHTML(), commit)
		return
	case Fault429:
		retryAfter := fault.RetryAfter
		if retryAfter <= 0 {
			retryAfter = time.Second
		}
		send(w, tooManyRequests(ep.api, retryAfter), commit)
		return
	case FaultReset:
		commit(0)
		resetConnection(w)
		return
	}

	resp := ep.handle(s, r, ep.params)
	if resp.failure {
		s.mu.Lock()
		http200 := s.failuresHTTP200
		s.mu.Unlock()
		if http200 {
			resp = failureAsHTTP200(ep.api, resp)
		}
	}

	// Faults after the API did its work: what it stored stays stored.
	switch fault.Kind {
	case FaultStoreThen503:
		resp = serviceUnavailable(ep.api, fault.RetryAfter)
	case FaultSlow:
		if !sleep(r.Context(), fault.Delay) {
			return // the client gave up: nobody is left to answer
		}
	case FaultTruncatedJSON:
		writeTruncated(w, resp, commit)
		return
	}
	send(w, resp, commit)
}
