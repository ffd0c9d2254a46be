package sandbox

import (
	"slices"
	"time"
)

// Request is one request as the sandbox saw it, for tests to assert on.
type Request struct {
	Route    Route // "" when the path is not an endpoint of either API
	Method   string
	Path     string
	RawQuery string
	// KeyInHeader: an API key arrived in x-api-key or Authorization.
	// KeyInQuery: one arrived in the apiKey query parameter, which ends up
	// in proxy logs and which the provider must never use.
	KeyInHeader bool
	KeyInQuery  bool
	// Status is the HTTP status answered; 0 when no response was sent (a
	// reset, or a client that gave up during latency or a slow fault).
	Status      int
	Fault       FaultKind // the injected fault consumed, "" for none
	RateLimited bool      // answered 429 by the rate limit
	At          time.Time // arrival, on the sandbox clock
}

func (s *Sandbox) record(r Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r)
	if r.RateLimited {
		s.rateLimited++
	}
}

// Requests returns every request recorded so far, in the order they were
// answered.
func (s *Sandbox) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// RequestCount is the number of recorded requests on route; RouteAny counts
// them all.
func (s *Sandbox) RequestCount(route Route) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if route == RouteAny {
		return len(s.requests)
	}
	n := 0
	for _, r := range s.requests {
		if r.Route == route {
			n++
		}
	}
	return n
}

// ResetRequests empties the request log and the RateLimited count.
func (s *Sandbox) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
	s.rateLimited = 0
}

// RateLimited is the number of 429s answered because of the rate limit
// (injected Fault429s are not counted).
func (s *Sandbox) RateLimited() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rateLimited
}
