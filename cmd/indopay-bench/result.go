package main

import (
	"slices"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// result is one workload's measurements.
type result struct {
	ID, Title string
	Min       map[sandbox.Route]int
	MinWhy    map[sandbox.Route]string
	Floor     []floorPart
	FloorNote string
	// FloorTarget is the most wall / floor allowed, a target of the
	// listing; 0 when the workload has none.
	FloorTarget float64

	Walls, BaseWalls []time.Duration // at the injected latency, and at none
	Spans            []time.Duration // first request's arrival to the last answer, at the latency
	CPU, SandboxCPU  []time.Duration // per run at the latency: Terraform and provider, and the sandbox
	InFlight         []int           // per run at the latency: the most requests waiting out the latency at once
	Got              []map[sandbox.Route]int
	Non2xx           int
}

func (r *result) add(run tfRun, latency time.Duration, baseline bool) {
	if baseline {
		r.BaseWalls = append(r.BaseWalls, run.Wall)
		return
	}
	r.Walls = append(r.Walls, run.Wall)
	r.CPU = append(r.CPU, run.CPU)
	r.SandboxCPU = append(r.SandboxCPU, run.SandboxCPU)
	got := map[sandbox.Route]int{}
	var first, last time.Time
	for i, q := range run.Requests {
		got[q.Route]++
		if q.Status < 200 || q.Status > 299 {
			r.Non2xx++
		}
		if i == 0 || q.At.Before(first) {
			first = q.At
		}
		if i == 0 || q.At.After(last) {
			last = q.At
		}
	}
	r.Got = append(r.Got, got)
	r.InFlight = append(r.InFlight, peakInFlight(run.Requests, latency))
	if len(run.Requests) > 0 {
		r.Spans = append(r.Spans, last.Add(latency).Sub(first))
	}
}

// peakInFlight is the largest number of requests that arrived within one
// latency of each other: each spends at least the latency in the sandbox, so
// that many were being served at once. It shows whether Terraform's
// parallelism (or the client's) was reached.
func peakInFlight(reqs []sandbox.Request, latency time.Duration) int {
	at := make([]time.Time, len(reqs))
	for i, q := range reqs {
		at[i] = q.At
	}
	slices.SortFunc(at, func(a, b time.Time) int { return a.Compare(b) })
	peak, lo := 0, 0
	for hi := range at {
		for at[hi].Sub(at[lo]) >= latency {
			lo++
		}
		peak = max(peak, hi-lo+1)
	}
	return peak
}

func (r *result) minTotal() int {
	n := 0
	for _, v := range r.Min {
		n += v
	}
	return n
}

// routes are the routes either measured or expected, in a stable order.
func (r *result) routes() []sandbox.Route {
	seen := map[sandbox.Route]bool{}
	for k := range r.Min {
		seen[k] = true
	}
	for _, g := range r.Got {
		for k := range g {
			seen[k] = true
		}
	}
	var out []sandbox.Route
	for k := range seen {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// gotRange is the count on route over the runs, as "n" or "lo–hi".
func (r *result) gotRange(route sandbox.Route) (lo, hi int) {
	for i, g := range r.Got {
		v := g[route]
		if i == 0 || v < lo {
			lo = v
		}
		if i == 0 || v > hi {
			hi = v
		}
	}
	return lo, hi
}

func (r *result) totalRange() (lo, hi int) {
	for i, g := range r.Got {
		v := 0
		for _, n := range g {
			v += n
		}
		if i == 0 || v < lo {
			lo = v
		}
		if i == 0 || v > hi {
			hi = v
		}
	}
	return lo, hi
}
