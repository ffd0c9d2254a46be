package main

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

const (
	// tfParallelism is Terraform's default -parallelism: at most this many
	// graph nodes (here: provider calls) run at once.
	tfParallelism = 10
	// mayarPageCap is the sandbox's largest page (V1 pageSize, V2 limit);
	// the provider asks for 1000 and is served this.
	mayarPageCap = 100
	// v1Concurrency is how many V1 pages the Mayar client asks at once per
	// status listed (internal/client/mayar/list.go, v1Concurrency).
	v1Concurrency = 4
)

// result is one workload's measurements.
type result struct {
	ID, Title string
	Min       map[sandbox.Route]int
	MinWhy    map[sandbox.Route]string
	Floor     []floorPart
	FloorNote string
	Target    bool // wall/floor is a target (W1 and W2)

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

// w1Config: n payments, the profile, and one status data source per
// payment, which depends on its payment's id. Terraform orders dependencies
// per resource, not per instance: every data source waits for all of the
// payments, which the floors account for.
func w1Config(n int) string {
	return fmt.Sprintf(`
data "indopay_payget_profile" "this" {}

resource "indopay_payget_payment" "p" {
  count  = %d
  amount = 10000 + count.index
}

data "indopay_payget_payment" "p" {
  count = %d
  id    = indopay_payget_payment.p[count.index].id
}
`, n, n)
}

func newW1Results(n int) (apply, destroy, refresh *result) {
	apply = &result{
		ID: "W1 apply", Title: fmt.Sprintf("apply: %d payments + profile + %d status data sources", n, n), Target: true,
		Min: map[sandbox.Route]int{sandbox.RoutePayGetProfile: 1, sandbox.RoutePayGetCreate: n, sandbox.RoutePayGetStatus: n},
		MinWhy: map[sandbox.Route]string{
			sandbox.RoutePayGetProfile: "the profile data source, read once at plan",
			sandbox.RoutePayGetCreate:  "one per payment; its answer carries id, QR code, fee and amount, so no status read follows",
			sandbox.RoutePayGetStatus:  "one per status data source, read at apply once its payment's id is known",
		},
		Floor: []floorPart{
			{"plan: the profile", 1},
			{fmt.Sprintf("apply: %d creates, %d at a time", n, tfParallelism), tfRounds(n)},
			{fmt.Sprintf("apply: the %d data sources, once every payment exists", n), tfRounds(n)},
		},
	}
	destroy = &result{
		ID: "W1 destroy", Title: fmt.Sprintf("destroy of the %d payments (refresh, then cancel)", n), Target: true,
		Min: map[sandbox.Route]int{sandbox.RoutePayGetProfile: 1, sandbox.RoutePayGetStatus: 2 * n, sandbox.RoutePayGetCancel: n},
		MinWhy: map[sandbox.Route]string{
			sandbox.RoutePayGetProfile: "Terraform's pre-destroy refresh re-reads every data source",
			sandbox.RoutePayGetStatus:  fmt.Sprintf("%d payment refreshes + %d data sources, one read each", n, n),
			sandbox.RoutePayGetCancel:  "one per Pending payment; the refreshed status says none needs a read first",
		},
		Floor: []floorPart{
			{fmt.Sprintf("refresh: %d payments and the profile", n), tfRounds(n + 1)},
			{fmt.Sprintf("refresh: the %d data sources, once every payment is read", n), tfRounds(n)},
			{fmt.Sprintf("apply: %d cancels", n), tfRounds(n)},
		},
	}
	refresh = &result{
		ID: "W3 plan", Title: fmt.Sprintf("plan with no changes over W1's state (%d payments)", n),
		Min: map[sandbox.Route]int{sandbox.RoutePayGetProfile: 1, sandbox.RoutePayGetStatus: 2 * n},
		MinWhy: map[sandbox.Route]string{
			sandbox.RoutePayGetProfile: "the profile data source",
			sandbox.RoutePayGetStatus:  fmt.Sprintf("one read per payment on refresh + one per data source (%d + %d)", n, n),
		},
		Floor: []floorPart{
			{fmt.Sprintf("refresh: %d payments and the profile", n), tfRounds(n + 1)},
			{fmt.Sprintf("refresh: the %d data sources, once every payment is read", n), tfRounds(n)},
		},
	}
	return apply, destroy, refresh
}

// workdir is the Terraform working directory name with config, created on
// first use and reused by later runs (W1's state carries from its apply to
// its plan and destroy); extraEnv is added to its commands' environment.
func (b *bench) workdir(name, config string, extraEnv ...string) (*tf, error) {
	if t, ok := b.tfs[name]; ok {
		return t, nil
	}
	t, err := newTF(b.terraform, filepath.Join(b.work, name), b.providerDir, append(b.providerEnv(), extraEnv...)...)
	if err != nil {
		return nil, err
	}
	if err := t.writeConfig(config); err != nil {
		return nil, err
	}
	if b.tfs == nil {
		b.tfs = map[string]*tf{}
	}
	b.tfs[name] = t
	return t, nil
}

// runW1 applies, plans (W3) and destroys once. The plan must find no changes
// and the destroy must leave no payment Pending.
func (b *bench) runW1(ctx context.Context, apply, destroy, refresh *result, latency time.Duration, baseline bool) error {
	b.payget.SetLatency(latency)
	t, err := b.workdir("w1"+suffix(baseline), providerBlock(b.paygetURL, "v2", false)+w1Config(b.payments))
	if err != nil {
		return err
	}
	r, err := t.run(ctx, b.payget, "apply", "-auto-approve", "-input=false", "-no-color")
	if err != nil {
		return err
	}
	if err := r.expectSuccess("W1 apply"); err != nil {
		return err
	}
	apply.add(r, latency, baseline)

	r, err = t.run(ctx, b.payget, "plan", "-detailed-exitcode", "-input=false", "-no-color")
	if err != nil {
		return err
	}
	if err := r.expectSuccess("W3 plan (0 = no changes)"); err != nil {
		return err
	}
	refresh.add(r, latency, baseline)

	r, err = t.run(ctx, b.payget, "destroy", "-auto-approve", "-input=false", "-no-color")
	if err != nil {
		return err
	}
	if err := r.expectSuccess("W1 destroy"); err != nil {
		return err
	}
	destroy.add(r, latency, baseline)
	for _, p := range b.payget.PayGetPayments() {
		if p.Status == "Pending" {
			return fmt.Errorf("W1 destroy left payment %s Pending", p.ID)
		}
	}
	return nil
}

// emptyConfig is W2's provider block and nothing to read: a plan of it is
// the least any plan costs (Terraform's start, the provider's launches and
// schema), which W2's floor adds to its latency rounds.
func emptyConfig(url string) string {
	return providerBlock(url, "v2", false)
}

func newEmptyResult() *result {
	return &result{ID: "W0 empty plan", Title: "plan of the provider block alone: Terraform's and the provider's fixed cost of a plan",
		Min: map[sandbox.Route]int{}, MinWhy: map[sandbox.Route]string{}}
}

// runEmpty plans the empty configuration once.
func (b *bench) runEmpty(ctx context.Context, r *result, latency time.Duration, baseline bool) error {
	t, err := b.workdir("w0-empty"+suffix(baseline), emptyConfig(b.mayarURL))
	if err != nil {
		return err
	}
	run, err := t.run(ctx, b.mayar, "plan", "-detailed-exitcode", "-input=false", "-no-color")
	if err != nil {
		return err
	}
	if err := run.expectSuccess("W0 empty plan (0 = no changes)"); err != nil {
		return err
	}
	r.add(run, latency, baseline)
	return nil
}

// w2Spec is one Mayar listing workload.
type w2Spec struct {
	Version  string
	MaxItems int // 0 = all
}

func (s w2Spec) name() string {
	if s.MaxItems > 0 {
		return fmt.Sprintf("W2 %s max_items=%d", strings.ToUpper(s.Version), s.MaxItems)
	}
	return "W2 " + strings.ToUpper(s.Version)
}

func (s w2Spec) dirName() string {
	if s.MaxItems > 0 {
		return fmt.Sprintf("w2-%s-max%d", s.Version, s.MaxItems)
	}
	return "w2-" + s.Version
}

func (s w2Spec) config(url string, paced bool) string {
	maxItems := ""
	if s.MaxItems > 0 {
		maxItems = fmt.Sprintf("\n  max_items = %d\n", s.MaxItems)
	}
	return providerBlock(url, s.Version, paced) + fmt.Sprintf(`
data "indopay_mayar_payments" "all" {%s}

output "total" {
  value = data.indopay_mayar_payments.all.total
}
`, maxItems)
}

// want is how many items the listing must return.
func (s w2Spec) want(total int) int {
	if s.MaxItems > 0 {
		return min(s.MaxItems, total)
	}
	return total
}

// newW2Result derives the minimum requests and the floor from the data the
// sandbox holds: statuses is the status of each of its payments, newest
// first.
func newW2Result(s w2Spec, statuses []string) *result {
	total := len(statuses)
	r := &result{ID: s.name(), Target: s.MaxItems == 0, MinWhy: map[sandbox.Route]string{}}
	want := s.want(total)
	if s.Version == "v2" {
		pages := pagesFor(want)
		r.Title = fmt.Sprintf("plan listing %d of %d Mayar items, cursor pages of %d", want, total, mayarPageCap)
		r.Min = map[sandbox.Route]int{sandbox.RouteMayarList: pages}
		r.MinWhy[sandbox.RouteMayarList] = fmt.Sprintf("ceil(%d / %d) pages, each fetched once, none beyond what is needed", want, mayarPageCap)
		r.Floor = []floorPart{{fmt.Sprintf("%d pages, each waiting for the previous page's cursor", pages), v2Rounds(pages)}}
		return r
	}
	// V1 requires a status: listing all of them is one listing per status,
	// read together and merged newest first.
	byStatus := v1Pages(statuses, s.MaxItems, mayarPageCap)
	var perStatus []int
	var why []string
	pages := 0
	for _, st := range []string{"active", "paid", "closed"} {
		perStatus = append(perStatus, byStatus[st])
		why = append(why, fmt.Sprintf("%s %d", st, byStatus[st]))
		pages += byStatus[st]
	}
	r.Title = fmt.Sprintf("plan listing %d of %d Mayar items, numbered pages of %d per status, merged", want, total, mayarPageCap)
	r.Min = map[sandbox.Route]int{sandbox.RouteMayarList: pages}
	if s.MaxItems == 0 {
		r.MinWhy[sandbox.RouteMayarList] = fmt.Sprintf("ceil(items of a status / %d), at least 1, per status: %s", mayarPageCap, strings.Join(why, " + "))
		r.Floor = []floorPart{{fmt.Sprintf("page 1 of every status at once, then the other pages %d at a time (%d per status)", v1Concurrency*len(perStatus), v1Concurrency), v1Rounds(perStatus, false)}}
	} else {
		r.MinWhy[sandbox.RouteMayarList] = fmt.Sprintf("per status, pages until %d of the merged listing come before the last item read: %s", s.MaxItems, strings.Join(why, " + "))
		r.Floor = []floorPart{{"page 1 of every status at once, then each page the merge still needs, one after the other", v1Rounds(perStatus, true)}}
	}
	r.FloorNote = fmt.Sprintf("V1 itself would allow %d rounds with unbounded concurrency (page 1 of every status at once, then all other pages); the client asks at most %d pages of each status at once",
		v1APIRounds(perStatus), v1Concurrency)
	return r
}

var totalOutput = regexp.MustCompile(`total\s*=\s*(\d+)`)

// runW2 plans the listing once and checks the plan lists them all.
func (b *bench) runW2(ctx context.Context, s w2Spec, r *result, latency time.Duration, baseline bool) error {
	b.mayar.SetLatency(latency)
	t, err := b.workdir(s.dirName()+suffix(baseline), s.config(b.mayarURL, false))
	if err != nil {
		return err
	}
	want := s.want(b.mayarItems)
	run, err := t.run(ctx, b.mayar, "plan", "-input=false", "-no-color")
	if err != nil {
		return err
	}
	if err := run.expectSuccess(s.name()); err != nil {
		return err
	}
	if m := totalOutput.FindStringSubmatch(run.Output); m == nil || m[1] != fmt.Sprint(want) {
		return fmt.Errorf("%s: the plan does not show total = %d:\n%s", s.name(), want, tail(run.Output, 2000))
	}
	r.add(run, latency, baseline)
	return nil
}

// memResult is the peak memory and CPU of a command's provider processes,
// and Terraform's share of the command's CPU beside them.
type memResult struct {
	ID        string
	Target    bool            // a full W2 listing, which the memory and CPU targets are about
	PeakKB    []int64         // per run: the largest ru_maxrss of its provider processes
	Processes []int           // per run: provider processes Terraform started
	CPU       []time.Duration // per run: CPU time of all its provider processes
	MaxCPU    []time.Duration // per run: CPU time of its busiest provider process (a listing's)
	TotalCPU  []time.Duration // per run: Terraform's and every process it reaped (wait4)
	WrapCPU   []time.Duration // per run: the wrappers' own CPU, within TotalCPU
	Wall      []time.Duration // per run: the command's wall time (through the wrapper)
}

// terraformCPU is, per run, what is left of the command's CPU once the
// provider processes and their wrappers are taken out: Terraform's own.
func (m *memResult) terraformCPU() []time.Duration {
	out := make([]time.Duration, len(m.TotalCPU))
	for i := range m.TotalCPU {
		out[i] = m.TotalCPU[i] - m.CPU[i] - m.WrapCPU[i]
	}
	return out
}

// runW2Memory plans through the wrapper, which records each provider
// process's peak resident set and CPU time.
func (b *bench) runW2Memory(ctx context.Context, s w2Spec, runs int, latency time.Duration) (*memResult, error) {
	b.mayar.SetLatency(latency)
	t, rssFile, err := b.wrappedWorkdir(s.dirName()+"-mem", s.config(b.mayarURL, false))
	if err != nil {
		return nil, err
	}
	m := &memResult{ID: s.name(), Target: s.MaxItems == 0}
	for i := range runs {
		b.progress("%s peak memory run %d/%d", s.name(), i+1, runs)
		if err := b.wrappedRun(ctx, t, b.mayar, rssFile, m, "plan", "-input=false", "-no-color"); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// runW1Memory is W1 and W3 through the wrapper: what the provider
// processes of an apply, a refresh and a destroy cost in memory and CPU.
func (b *bench) runW1Memory(ctx context.Context, runs int, latency time.Duration) ([]*memResult, error) {
	b.payget.SetLatency(latency)
	t, rssFile, err := b.wrappedWorkdir("w1-mem", providerBlock(b.paygetURL, "v2", false)+w1Config(b.payments))
	if err != nil {
		return nil, err
	}
	apply, refresh, destroy := &memResult{ID: "W1 apply"}, &memResult{ID: "W3 plan"}, &memResult{ID: "W1 destroy"}
	for i := range runs {
		b.progress("W1/W3 peak memory run %d/%d", i+1, runs)
		if err := b.wrappedRun(ctx, t, b.payget, rssFile, apply, "apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
			return nil, err
		}
		if err := b.wrappedRun(ctx, t, b.payget, rssFile, refresh, "plan", "-detailed-exitcode", "-input=false", "-no-color"); err != nil {
			return nil, err
		}
		if err := b.wrappedRun(ctx, t, b.payget, rssFile, destroy, "destroy", "-auto-approve", "-input=false", "-no-color"); err != nil {
			return nil, err
		}
	}
	return []*memResult{apply, refresh, destroy}, nil
}

// wrappedWorkdir is a working directory whose dev_override is the wrapper.
func (b *bench) wrappedWorkdir(name, config string) (*tf, string, error) {
	dir := filepath.Join(b.work, name)
	rssFile := filepath.Join(dir, "rss.txt")
	t, err := newTF(b.terraform, dir, b.wrapDir, append(b.providerEnv(), envWrapExec+"="+b.provider, envRSSFile+"="+rssFile)...)
	if err != nil {
		return nil, "", err
	}
	return t, rssFile, t.writeConfig(config)
}

// wrappedRun runs one command through the wrapper and adds what its
// provider processes recorded to m.
func (b *bench) wrappedRun(ctx context.Context, t *tf, sb *sandbox.Sandbox, rssFile string, m *memResult, args ...string) error {
	if err := removeIfExists(rssFile); err != nil {
		return err
	}
	run, err := t.run(ctx, sb, args...)
	if err != nil {
		return err
	}
	if err := run.expectSuccess(m.ID + " (through the wrapper)"); err != nil {
		return err
	}
	procs, err := readRSSFile(rssFile)
	if err != nil {
		return err
	}
	if len(procs) == 0 {
		return fmt.Errorf("%s: the wrapper recorded no provider process; is %s the dev_override?", m.ID, b.wrapDir)
	}
	var peak int64
	var cpu, busiest, wrap time.Duration
	for _, p := range procs {
		peak = max(peak, p.MaxRSSKB)
		cpu += p.CPU
		busiest = max(busiest, p.CPU)
		wrap += p.WrapCPU
	}
	m.PeakKB = append(m.PeakKB, peak)
	m.Processes = append(m.Processes, len(procs))
	m.CPU = append(m.CPU, cpu)
	m.MaxCPU = append(m.MaxCPU, busiest)
	m.TotalCPU = append(m.TotalCPU, run.CPU)
	m.WrapCPU = append(m.WrapCPU, wrap)
	m.Wall = append(m.Wall, run.Wall)
	return nil
}

// providerEnv is what every provider process is given besides Terraform's
// environment: where to write its CPU profile, when asked.
func (b *bench) providerEnv() []string {
	if b.profileDir == "" {
		return nil
	}
	return []string{"INDOPAY_CPUPROFILE_DIR=" + b.profileDir}
}

func suffix(baseline bool) string {
	if baseline {
		return "-0ms"
	}
	return ""
}

func latencyText(d time.Duration) string {
	if d == 0 {
		return "at 0 ms"
	}
	return "at " + d.String()
}
