package main

import (
	"fmt"
	"runtime"
	"strings"
	"time"
)

const (
	// listingFloorTarget: the whole V2 listing's wall time at most this
	// factor of its floor.
	listingFloorTarget = 2.0
	// httpSpeedupTarget: the whole V1 listing at least this many times
	// faster than the same pages read with hashicorp/http.
	httpSpeedupTarget = 1.5
)

// emptyID names the empty plan, whose wall time every floor includes.
const emptyID = "empty plan"

// floors are the floors of a run's workloads: the latency rounds times the
// latency, plus the median wall time of an empty plan (what Terraform and
// the provider need to do nothing), when it was measured.
type floors struct {
	latency time.Duration
	empty   float64 // ms; 0 when not measured
}

func newFloors(latency time.Duration, results []*result) floors {
	f := floors{latency: latency}
	for _, r := range results {
		if r.ID == emptyID {
			f.empty = summarize(durationsMS(r.Walls)).Median
		}
	}
	return f
}

// rounds is the latency part of r's floor, in ms.
func (f floors) rounds(r *result) float64 {
	return float64(floorRounds(r.Floor)) * float64(f.latency) / float64(time.Millisecond)
}

// of is r's whole floor, in ms.
func (f floors) of(r *result) float64 {
	if r.ID == emptyID {
		return 0
	}
	return f.rounds(r) + f.empty
}

func numCPU() int         { return runtime.NumCPU() }
func goVersion() string   { return runtime.Version() }
func mib(kb int64) string { return fmt.Sprintf("%.1f MiB", float64(kb)/1024) }

func (b *bench) report(m machine, results []*result, paced []*pacedResult, mem []*memResult, st *startup, gb []*goBench) string {
	var w strings.Builder
	lat := b.latency
	latMS := float64(lat) / float64(time.Millisecond)
	fmt.Fprintf(&w, "# indopay provider benchmark results\n\n")
	fmt.Fprintf(&w, "Measured %s on %d cores (%s, %s RAM, Linux %s); %s; provider built with %s.\n",
		m.Date, m.Cores, m.CPU, m.MemTotal, m.Kernel, m.Terraform, m.Go)
	fmt.Fprintf(&w, "Sandbox in-process on 127.0.0.1 with %s added to every request; Mayar rate limit off and "+
		"`mayar.requests_per_minute = 0` (pacing off) except in the section on pacing; Mayar pages of at most %d items; Terraform default `-parallelism` %d; "+
		"%d runs of each workload at %s and %d at 0 ms; the end-to-end part took %s. "+
		"Load average (1 min) before and after: %s, %s.\n\n",
		lat, b.pageCap, tfParallelism, b.runs, lat, b.runs, m.Duration.Round(time.Second), m.LoadBefore, m.LoadAfter)

	fl := newFloors(lat, results)
	fmt.Fprintf(&w, "## End-to-end: the built provider under `terraform`\n\n")
	fmt.Fprintf(&w, "The floor is the latency rounds on the critical path times %s, plus the median wall time of an empty plan (%s: "+
		"Terraform's start, the provider's launches and schema, nothing to read).\n\n", lat, ms(fl.empty))
	fmt.Fprintf(&w, "| Workload | Requests (minimum) | Floor: rounds + empty plan | Wall at %s: median (min–max) | Wall / floor | Wall at 0 ms: median (min–max) | Latency's cost / rounds |\n", lat)
	w.WriteString("|---|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range results {
		floor := fl.of(r)
		walls := summarize(durationsMS(r.Walls))
		base := summarize(durationsMS(r.BaseWalls))
		lo, hi := r.totalRange()
		got := fmt.Sprint(lo)
		if hi != lo {
			got = fmt.Sprintf("%d–%d", lo, hi)
		}
		baseCell, extraCell := "–", "–"
		if base.N > 0 {
			baseCell = base.msRange()
			extraCell = ratio(r.latencyCost(), fl.rounds(r))
		}
		floorCell := fmt.Sprintf("%s + %s", ms(fl.rounds(r)), ms(fl.empty))
		if r.ID == emptyID {
			floorCell = "–"
		}
		fmt.Fprintf(&w, "| %s | %s (%d) | %s | %s | %s | %s | %s |\n",
			r.ID, got, r.minTotal(), floorCell, walls.msRange(), ratio(walls.Median, floor), baseCell, extraCell)
	}
	w.WriteString("\n")
	for _, r := range results {
		fmt.Fprintf(&w, "- **%s**: %s.\n", r.ID, r.Title)
	}

	fmt.Fprintf(&w, "\n### Requests the sandbox received, by route, against the minimum\n\n")
	w.WriteString("| Workload | Route | Received (all runs) | Minimum | Why that is the minimum |\n|---|---|---:|---:|---|\n")
	for _, r := range results {
		for _, route := range r.routes() {
			lo, hi := r.gotRange(route)
			got := fmt.Sprint(lo)
			if hi != lo {
				got = fmt.Sprintf("%d–%d", lo, hi)
			}
			why := r.MinWhy[route]
			if why == "" {
				why = "not needed by this workload"
			}
			fmt.Fprintf(&w, "| %s | `%s` | %s | %d | %s |\n", r.ID, route, got, r.Min[route], why)
		}
	}
	non2xx := 0
	for _, r := range results {
		non2xx += r.Non2xx
	}
	fmt.Fprintf(&w, "\nAnswers other than 2xx over all measured runs: %d.\n", non2xx)

	fmt.Fprintf(&w, "\n### Floors\n\n")
	fmt.Fprintf(&w, "The floor's rounds are the critical path in latency rounds times %s: Terraform runs at most %d provider "+
		"calls at once, a call waits for the resources it depends on (Terraform orders whole resources, so every status "+
		"data source waits for every payment), a plan finishes before its apply starts, and within one call "+
		"the client's own request order applies. To them the floor adds the wall time of an empty plan (%s), "+
		"the least a Terraform command costs; the measured wall at 0 ms is everything but the latency (Terraform's "+
		"start, plugin launches, schema and state handling, the listing's decoding). "+
		"The latency's cost is the median of the paired differences wall − wall at 0 ms (each run at 0 ms follows "+
		"its run at the latency), so the last column says how well the run hides latency: 1× is exactly the rounds.\n\n",
		lat, tfParallelism, ms(fl.empty))
	for _, r := range results {
		if r.ID == emptyID {
			continue
		}
		fmt.Fprintf(&w, "- %s: %d rounds = %s: %s.", r.ID, floorRounds(r.Floor), ms(float64(floorRounds(r.Floor))*latMS), floorText(r.Floor))
		if r.FloorNote != "" {
			fmt.Fprintf(&w, " %s.", r.FloorNote)
		}
		if sp := summarize(durationsMS(r.Spans)); sp.N > 0 {
			fmt.Fprintf(&w, " Measured first request to last answer: %s.", sp.msRange())
		}
		w.WriteString("\n")
	}

	fmt.Fprintf(&w, "\n### Where the time goes (medians at %s)\n\n", lat)
	fmt.Fprintf(&w, "CPU is user + system time: Terraform with the provider processes it reaped (from `wait4`), and the in-process sandbox. "+
		"On %d cores, CPU / %d is a second lower bound on wall time, besides the latency floor.\n\n", m.Cores, m.Cores)
	w.WriteString("| Workload | Wall | First request to last answer | Most requests in flight | CPU: Terraform + provider | CPU: sandbox | CPU / cores |\n|---|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range results {
		cpu := summarize(durationsMS(r.CPU)).Median
		sb := summarize(durationsMS(r.SandboxCPU)).Median
		fmt.Fprintf(&w, "| %s | %s | %s | %s | %s | %s | %s |\n", r.ID, ms(summarize(durationsMS(r.Walls)).Median),
			ms(summarize(durationsMS(r.Spans)).Median), intsText(r.InFlight), ms(cpu), ms(sb), ms((cpu+sb)/float64(m.Cores)))
	}

	if len(paced) > 0 {
		pacingReport(&w, lat, paced, results)
	}
	if len(mem) > 0 {
		b.memoryReport(&w, mem)
	}
	if st != nil {
		startupReport(&w, m, st)
	}
	if len(gb) > 0 {
		fmt.Fprintf(&w, "\n## Go benchmarks of the clients (medians)\n\n")
		w.WriteString(goBenchTable(gb))
	}
	targetsReport(&w, fl, results)
	return w.String()
}

func (b *bench) memoryReport(w *strings.Builder, mem []*memResult) {
	lat := b.latency
	fmt.Fprintf(w, "\n## Peak memory and CPU of the provider\n\n")
	fmt.Fprintf(w, "Each provider process's `ru_maxrss` and CPU time from `wait4`, through a wrapper set as the dev_override "+
		"that runs the real provider as its child: the largest peak of the command's provider processes, the sum of "+
		"their CPU time and the busiest one's (for a listing, the process that lists), medians over %d runs at %s. "+
		"Terraform's CPU is the command's (`wait4` of `terraform`, which includes every process it reaped) less the "+
		"provider processes and the wrappers' own.\n\n", b.memRuns, lat)
	w.WriteString("| Workload | Peak RSS: median (min–max) | Provider processes | CPU: provider, all processes | CPU: busiest process | CPU: Terraform | Wall (through the wrapper) |\n|---|---:|---:|---:|---:|---:|---:|\n")
	for _, m := range mem {
		kb := make([]float64, len(m.PeakKB))
		for i, v := range m.PeakKB {
			kb[i] = float64(v)
		}
		s := summarize(kb)
		fmt.Fprintf(w, "| %s | %s (%s–%s) | %s | %s | %s | %s | %s |\n", m.ID, mib(int64(s.Median)), mib(int64(s.Min)), mib(int64(s.Max)),
			intsText(m.Processes), summarize(durationsMS(m.CPU)).msRange(), ms(summarize(durationsMS(m.MaxCPU)).Median),
			ms(summarize(durationsMS(m.terraformCPU())).Median), ms(summarize(durationsMS(m.Wall)).Median))
	}
}

func startupReport(w *strings.Builder, m machine, st *startup) {
	fmt.Fprintf(w, "\n## Start-up\n\n")
	w.WriteString("| Measure | Median (min–max) |\n|---|---:|\n")
	fmt.Fprintf(w, "| `terraform validate` of a one-line configuration (Terraform start, plugin launch, schema, validation) | %s |\n", summarize(durationsMS(st.Validate)).msRange())
	fmt.Fprintf(w, "| Provider binary size (`make build`: `-trimpath -ldflags \"-s -w\"`, CGO off) | %.1f MiB (%d bytes) |\n",
		float64(m.BinaryBytes)/(1<<20), m.BinaryBytes)
	fmt.Fprintf(w, "\n%d runs, after one unmeasured warm-up.\n", len(st.Validate))
}

func targetsReport(w *strings.Builder, fl floors, results []*result) {
	fmt.Fprintf(w, "\n## Targets\n\n")
	var minMiss []string
	for _, r := range results {
		for _, route := range r.routes() {
			lo, hi := r.gotRange(route)
			if lo != r.Min[route] || hi != r.Min[route] {
				minMiss = append(minMiss, fmt.Sprintf("%s `%s` %d–%d vs %d", r.ID, route, lo, hi, r.Min[route]))
			}
		}
	}
	if len(minMiss) == 0 {
		w.WriteString("- Requests equal the minimum in every workload and run: **met**.\n")
	} else {
		fmt.Fprintf(w, "- Requests equal the minimum: **missed**: %s.\n", strings.Join(minMiss, "; "))
	}
	walls := map[string]float64{}
	for _, r := range results {
		walls[r.ID] = summarize(durationsMS(r.Walls)).Median
		if r.FloorTarget == 0 {
			continue
		}
		floor, med := fl.of(r), walls[r.ID]
		fmt.Fprintf(w, "- %s wall at most %.1f× the floor: %s (%s / (%s + %s) = %s", r.ID, r.FloorTarget, verdict(med <= r.FloorTarget*floor),
			ms(med), ms(fl.rounds(r)), ms(fl.empty), ratio(med, floor))
		if base := summarize(durationsMS(r.BaseWalls)); base.N > 0 {
			fmt.Fprintf(w, "; the latency's own cost, wall minus wall at 0 ms, is %s = %s of the rounds", ms(r.latencyCost()), ratio(r.latencyCost(), fl.rounds(r)))
		}
		w.WriteString(").\n")
	}
	v1, viaHTTP := walls[listingSpec{"v1", 0, false}.name()], walls[httpListing.name()]
	if v1 > 0 && viaHTTP > 0 {
		fmt.Fprintf(w, "- %s at least %.1f× faster than %s: %s (%s / %s = %s).\n", listingSpec{"v1", 0, false}.name(), httpSpeedupTarget,
			httpListing.name(), verdict(viaHTTP >= httpSpeedupTarget*v1), ms(viaHTTP), ms(v1), ratio(viaHTTP, v1))
	}
}

func verdict(met bool) string {
	if met {
		return "**met**"
	}
	return "**missed**"
}

// intsText is a list of counts, collapsed to one when they are all equal.
func intsText(xs []int) string {
	if len(xs) == 0 {
		return "–"
	}
	same := true
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmt.Sprint(x)
		same = same && x == xs[0]
	}
	if same {
		return parts[0]
	}
	return strings.Join(parts, ", ")
}

// latencyCost is what the latency added to a run: the median of the paired
// differences between each run at the latency and the run at 0 ms made
// right after it, which cancels most of what other load on the machine
// adds to both.
func (r *result) latencyCost() float64 {
	n := min(len(r.Walls), len(r.BaseWalls))
	d := make([]float64, n)
	for i := range n {
		d[i] = float64(r.Walls[i]-r.BaseWalls[i]) / float64(time.Millisecond)
	}
	return summarize(d).Median
}

func ratio(a, b float64) string {
	if b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f×", a/b)
}
