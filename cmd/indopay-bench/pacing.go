package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport/transporttest"
	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// mayarLimit is Mayar's documented rate limit, 20 requests a minute, which
// is also the provider's default pacing.
const mayarLimit = 20

// pacedSpecs are the Mayar listings also planned with the provider's
// defaults: a few pages, which must not wait, and the whole listing, which
// must wait for the window several times.
var pacedSpecs = []listingSpec{{"v2", 400, false}, {"v2", 0, false}}

// pacedResult is a listing planned with the provider's default pacing
// (requests_per_minute unset: 20 a minute) against a sandbox that enforces
// Mayar's 20 a minute.
type pacedResult struct {
	Spec     listingSpec
	Walls    []time.Duration
	Requests []int
	// MostPerMinute is the most requests the sandbox received in any 60
	// seconds of a run; RateLimited counts its 429s over all runs.
	MostPerMinute []int
	RateLimited   int
}

// runPaced plans s once with the provider's defaults. The run starts from an
// empty window, as after an idle minute: no pacing ledger (the commands'
// XDG_CACHE_HOME is the working directory's own), and a sandbox that has
// forgotten every earlier request.
func (b *bench) runPaced(ctx context.Context, s listingSpec, r *pacedResult, latency time.Duration) error {
	cache := filepath.Join(b.work, s.dirName()+"-paced", "cache")
	t, err := b.workdir(s.dirName()+"-paced", s.config(b.mayarURL, b.pageCap, true), "XDG_CACHE_HOME="+cache)
	if err != nil {
		return err
	}
	if err := os.RemoveAll(cache); err != nil {
		return err
	}
	b.mayar.SetLatency(latency)
	b.mayar.SetMayarRateLimit(mayarLimit, time.Minute)
	defer b.mayar.SetMayarRateLimit(0, 0)
	run, err := t.run(ctx, b.mayar, "plan", "-input=false", "-no-color")
	if err != nil {
		return err
	}
	if err := run.expectSuccess(s.name() + " with the default pacing"); err != nil {
		return err
	}
	want := s.want(b.mayarItems)
	if m := totalOutput.FindStringSubmatch(run.Output); m == nil || m[1] != fmt.Sprint(want) {
		return fmt.Errorf("%s with the default pacing: the plan does not show total = %d:\n%s", s.name(), want, tail(run.Output, 2000))
	}
	r.Walls = append(r.Walls, run.Wall)
	r.Requests = append(r.Requests, len(run.Requests))
	r.MostPerMinute = append(r.MostPerMinute, mostInWindow(run.Requests, time.Minute))
	for _, q := range run.Requests {
		if q.RateLimited {
			r.RateLimited++
		}
	}
	return nil
}

// mostInWindow is the most of reqs that arrived within any window of
// length w, both of its ends included.
func mostInWindow(reqs []sandbox.Request, w time.Duration) int {
	at := make([]time.Time, len(reqs))
	for i, q := range reqs {
		at[i] = q.At
	}
	return transporttest.MostInWindow(at, w)
}

// pacingReport sets each paced listing beside the same listing with pacing
// off, from results.
func pacingReport(w *strings.Builder, lat time.Duration, paced []*pacedResult, results []*result) {
	fmt.Fprintf(w, "\n## Mayar listing with the provider's defaults: pacing on\n\n")
	fmt.Fprintf(w, "The tables above measure the provider with `mayar.requests_per_minute = 0` and the sandbox's rate limit off. "+
		"Here the provider keeps its default pacing, %d requests in any 60 seconds, and the sandbox enforces Mayar's %d a minute "+
		"(a sliding window, answering 429 beyond it). Each run starts from an empty window, as after an idle minute: no pacing "+
		"ledger, and a sandbox that has forgotten earlier requests. Wall at %s.\n\n", mayarLimit, mayarLimit, lat)
	w.WriteString("| Workload | Requests | Wall, pacing off: median | Wall, defaults: median (min–max) | Most requests in any 60 s | 429s |\n")
	w.WriteString("|---|---:|---:|---:|---:|---:|\n")
	for _, p := range paced {
		off := "–"
		for _, r := range results {
			if r.ID == p.Spec.name() {
				off = ms(summarize(durationsMS(r.Walls)).Median)
			}
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %d |\n", p.Spec.name(), intsText(p.Requests), off,
			summarize(durationsMS(p.Walls)).msRange(), intsText(p.MostPerMinute), p.RateLimited)
	}
	fmt.Fprintf(w, "\nWhile the window has room the requests go at once; the whole listing sends %d, waits about a minute "+
		"for them to leave the window, sends %d more, and so on.\n", mayarLimit, mayarLimit)
}
