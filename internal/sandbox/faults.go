package sandbox

import (
	"fmt"
	"time"
)

// FaultKind is a way the network or the API's infrastructure can fail.
type FaultKind string

// The faults the sandbox can inject.
const (
	// Fault503 answers 503 in the API's JSON envelope, with Retry-After
	// when Fault.RetryAfter is set. The request is not handled.
	Fault503 FaultKind = "503"
	// Fault502HTML answers 502 with a proxy's HTML page. The request is not
	// handled.
	Fault502HTML FaultKind = "502-html"
	// Fault429 answers 429 with Retry-After (Fault.RetryAfter, default 1s).
	// The request is not handled.
	Fault429 FaultKind = "429"
	// FaultTruncatedJSON handles the request, announces the full body in
	// Content-Length, sends half of it and closes the connection.
	FaultTruncatedJSON FaultKind = "truncated-json"
	// FaultSlow handles the request (a create stores the payment), then
	// waits Fault.Delay before answering; a client that gives up meanwhile
	// gets nothing.
	FaultSlow FaultKind = "slow"
	// FaultReset closes the connection without any response. The request
	// is not handled.
	FaultReset FaultKind = "reset"
	// FaultStoreThen503 handles the request (a create stores the payment),
	// then answers 503 as if it had failed.
	FaultStoreThen503 FaultKind = "store-then-503"
)

func (k FaultKind) valid() bool {
	switch k {
	case Fault503, Fault502HTML, Fault429, FaultTruncatedJSON, FaultSlow, FaultReset, FaultStoreThen503:
		return true
	}
	return false
}

// Fault is one injected failure.
type Fault struct {
	Kind       FaultKind
	RetryAfter time.Duration // Fault503, Fault429, FaultStoreThen503: the Retry-After header
	Delay      time.Duration // FaultSlow: how long to wait before answering
}

// InjectFaults queues faults on route; each next request on the route
// consumes one, in order. Faults queued on RouteAny are consumed by requests
// of any route whose own queue is empty. An unknown kind panics: it is a
// typo in a test, not something to ignore silently.
func (s *Sandbox) InjectFaults(route Route, faults ...Fault) {
	for _, f := range faults {
		if !f.Kind.valid() {
			panic(fmt.Sprintf("sandbox: unknown fault kind %q", f.Kind))
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[route] = append(s.faults[route], faults...)
}

// PendingFaults is the number of faults queued on route and not yet
// consumed.
func (s *Sandbox) PendingFaults(route Route) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.faults[route])
}

// ClearFaults drops every queued fault of every route.
func (s *Sandbox) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.faults)
}

// nextFault consumes the next fault for route: its own queue first, then
// RouteAny's.
func (s *Sandbox) nextFault(route Route) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, q := range []Route{route, RouteAny} {
		if queue := s.faults[q]; len(queue) > 0 {
			f := queue[0]
			if len(queue) == 1 {
				delete(s.faults, q)
			} else {
				s.faults[q] = queue[1:]
			}
			return f, true
		}
	}
	return Fault{}, false
}
