// Command indopay-bench is the end-to-end benchmark behind `make bench`: it
// drives the built provider with the real Terraform CLI (dev_overrides, no
// init) against the in-process sandbox on loopback, with latency injected,
// and writes a markdown table of wall time, requests against the minimum
// the job needs, the latency floor, peak memory and start-up.
//
// Workloads (BENCHMARKS.md says what each measures and why):
//
//	payments apply, payments refresh, payments destroy
//	    apply, plan with no changes, then destroy N PayGet payments + the
//	    profile + a status data source per payment
//	empty plan
//	    the provider block alone: the least any plan costs
//	listing V2, listing V1 (and max_items cuts)
//	    plan reading a Mayar listing of M items
//	listing V1 with hashicorp/http
//	    the same V1 pages read by hashicorp/http's data source with count
//	    and decoded with jsondecode: what the listing saves a user
//
// and the V2 listings again with the provider's default pacing (20 requests
// a minute) against a sandbox that enforces Mayar's limit.
//
// Each runs -runs times at -latency and again at no latency, whose wall
// time is Terraform's and the provider's fixed cost.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

func main() {
	wrapMode() // when Terraform launched this program as the memory wrapper
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "indopay-bench:", err)
		os.Exit(1)
	}
}

// bench holds one benchmark run's settings and sandboxes.
type bench struct {
	terraform, provider, providerDir, wrapDir, work  string
	httpProviderDir                                  string // hashicorp/http for the comparison; empty skips it
	runs, memRuns, startupRuns, payments, mayarItems int
	pageCap                                          int // the sandbox's largest Mayar page
	pacedRuns                                        int // of the whole listing with the default pacing
	latency                                          time.Duration
	baseline                                         bool
	stderr                                           io.Writer
	profileDir                                       string // provider CPU profiles (a -tags pprof build)

	payget, mayar       *sandbox.Sandbox
	paygetURL, mayarURL string
	tfs                 map[string]*tf // working directories by name
}

func (b *bench) progress(format string, args ...any) {
	fmt.Fprintf(b.stderr, "indopay-bench: "+format+"\n", args...)
}

// parts are what -only can select.
var parts = []string{"startup", "payments", "listing", "http", "paced", "mem"}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("indopay-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	b := &bench{stderr: stderr}
	fs.StringVar(&b.provider, "provider", "build/"+providerName, "the built provider `binary` (make build)")
	fs.StringVar(&b.httpProviderDir, "http-provider", "", "`directory` holding a terraform-provider-http binary, for the comparison with hashicorp/http (scripts/bench.sh builds it); empty skips it")
	fs.StringVar(&b.terraform, "terraform", "", "Terraform CLI `binary`; empty finds terraform on PATH")
	fs.StringVar(&b.work, "work", "build/bench", "scratch `directory` for configurations, state and logs")
	fs.IntVar(&b.runs, "runs", 5, "runs of each workload at each latency")
	fs.IntVar(&b.memRuns, "mem-runs", 5, "runs of each command through the memory wrapper")
	fs.IntVar(&b.startupRuns, "startup-runs", 7, "start-up measurements")
	fs.IntVar(&b.pacedRuns, "paced-runs", 1, "runs of the whole V2 listing with the default pacing (each takes minutes)")
	fs.IntVar(&b.payments, "payments", 40, "PayGet payments in the payments workloads")
	fs.IntVar(&b.mayarItems, "mayar-items", 5000, "Mayar payment requests in the listings")
	fs.IntVar(&b.pageCap, "page-cap", 50, "the largest Mayar page the sandbox serves (V1 pageSize, V2 limit); Mayar's V2 documents 50")
	fs.DurationVar(&b.latency, "latency", 20*time.Millisecond, "latency the sandbox adds to every request")
	fs.BoolVar(&b.baseline, "baseline", true, "also run every workload at no latency, to measure the fixed cost")
	fs.StringVar(&b.profileDir, "profile", "", "`directory` for a CPU profile of every provider process (the provider must be built with -tags pprof)")
	out := fs.String("out", "build/bench/results.md", "markdown `file` the results are written to (and printed)")
	goBenchFile := fs.String("gobench", "", "`file` of `go test -bench` output whose medians join the results")
	only := fs.String("only", strings.Join(parts, ","), "comma-separated `parts` to run: startup; payments (apply, refresh, destroy); "+
		"listing (the Mayar listings and the empty plan); http (the V1 listing with hashicorp/http; needs -http-provider, and is left out without it unless named); "+
		"paced (the V2 listings with the default pacing); mem (peak memory and provider CPU through the wrapper, of the parts selected)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	selected := map[string]bool{}
	for _, p := range strings.Split(*only, ",") {
		p = strings.TrimSpace(p)
		if !slices.Contains(parts, p) {
			return fmt.Errorf("-only: unknown part %q (want %s)", p, strings.Join(parts, ", "))
		}
		selected[p] = true
	}
	if selected["http"] && b.httpProviderDir == "" {
		onlyGiven := false
		fs.Visit(func(f *flag.Flag) { onlyGiven = onlyGiven || f.Name == "only" })
		if onlyGiven {
			return errors.New("-only http needs -http-provider: a directory holding a terraform-provider-http binary")
		}
		delete(selected, "http") // by default, the comparison runs when its provider is given
	}
	if b.runs < 1 || b.memRuns < 1 || b.startupRuns < 1 || b.pacedRuns < 1 || b.payments < 1 || b.pageCap < 1 || b.mayarItems < 0 || b.latency < 0 {
		return errors.New("-runs, -mem-runs, -startup-runs, -paced-runs, -payments and -page-cap must be at least 1; -mayar-items and -latency not negative")
	}

	var err error
	if b.terraform == "" {
		if b.terraform, err = exec.LookPath("terraform"); err != nil {
			return errors.New("terraform is not on PATH: the benchmark runs the real Terraform CLI and never downloads one")
		}
	}
	if b.provider, err = filepath.Abs(b.provider); err != nil {
		return err
	}
	info, err := os.Stat(b.provider)
	if err != nil {
		return fmt.Errorf("the provider binary: %w (run make build first)", err)
	}
	b.providerDir = filepath.Dir(b.provider)
	if b.httpProviderDir != "" {
		if b.httpProviderDir, err = filepath.Abs(b.httpProviderDir); err != nil {
			return err
		}
		if _, err := os.Stat(filepath.Join(b.httpProviderDir, httpProviderName)); err != nil {
			return fmt.Errorf("-http-provider: %w", err)
		}
	}
	if b.work, err = filepath.Abs(b.work); err != nil {
		return err
	}
	env, err := describeEnv(ctx, b.terraform)
	if err != nil {
		return err
	}
	env.BinaryBytes = info.Size()

	// Each workload's working directory is recreated; other files in -work
	// (the Go benchmarks' output, the comparison's provider) are left alone.
	for _, d := range workDirs {
		if err := os.RemoveAll(filepath.Join(b.work, d)); err != nil {
			return err
		}
	}
	b.wrapDir = filepath.Join(b.work, "wrapper")
	if err := installWrapper(b.wrapDir); err != nil {
		return fmt.Errorf("installing the memory wrapper: %w", err)
	}

	// Two sandboxes, so that the listing's 5,000 items never share a lock
	// or a log with the payments. httptest listens on 127.0.0.1 only. The
	// Mayar rate limit is off (the zero Options): the runs measure the
	// provider, not the quota; the paced runs turn it on for themselves.
	b.payget = sandbox.New(sandbox.Options{Latency: b.latency})
	newest := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	items := sandbox.GenerateMayarPayments(b.mayarItems, newest)
	statuses := make([]string, len(items))
	for i, p := range items {
		statuses[i] = p.Status
	}
	b.mayar = sandbox.New(sandbox.Options{Latency: b.latency, MayarPageCap: b.pageCap, MayarPayments: items})
	pgSrv, mySrv := httptest.NewServer(b.payget), httptest.NewServer(b.mayar)
	defer pgSrv.Close()
	defer mySrv.Close()
	b.paygetURL, b.mayarURL = pgSrv.URL, mySrv.URL

	started := time.Now()
	var st *startup
	if selected["startup"] {
		if st, err = b.runStartup(ctx); err != nil {
			return fmt.Errorf("start-up: %w", err)
		}
	}

	paymentsApply, paymentsDestroy, paymentsRefresh := newPaymentsResults(b.payments)
	var specs []listingSpec
	if selected["listing"] {
		specs = append(specs, listingSpecs...)
	}
	if selected["http"] {
		specs = append(specs, httpListing)
	}
	listings := make([]*result, len(specs))
	for i, s := range specs {
		listings[i] = newListingResult(s, statuses, b.pageCap)
	}
	passes := []time.Duration{b.latency}
	if b.baseline && b.latency > 0 {
		passes = append(passes, 0)
	}
	// The runs at the latency and at none alternate, so that whatever else
	// the machine does weighs on both alike.
	for i := range b.runs {
		for _, lat := range passes {
			if !selected["payments"] {
				break
			}
			b.progress("payments %s run %d/%d", latencyText(lat), i+1, b.runs)
			if err := b.runPayments(ctx, paymentsApply, paymentsDestroy, paymentsRefresh, lat, lat != b.latency); err != nil {
				return err
			}
		}
	}
	empty := newEmptyResult()
	for i := range b.runs {
		for _, lat := range passes {
			if len(specs) == 0 {
				break
			}
			b.progress("empty plan %s run %d/%d", latencyText(lat), i+1, b.runs)
			if err := b.runEmpty(ctx, empty, lat, lat != b.latency); err != nil {
				return err
			}
		}
		for j, s := range specs {
			for _, lat := range passes {
				b.progress("%s %s run %d/%d", s.name(), latencyText(lat), i+1, b.runs)
				if err := b.runListing(ctx, s, listings[j], lat, lat != b.latency); err != nil {
					return err
				}
			}
		}
	}
	var paced []*pacedResult
	for _, s := range pacedSpecs {
		if !selected["paced"] {
			break
		}
		r := &pacedResult{Spec: s}
		runs := b.runs
		if s.MaxItems == 0 {
			runs = b.pacedRuns
		}
		for i := range runs {
			b.progress("%s with the default pacing, run %d/%d", s.name(), i+1, runs)
			if err := b.runPaced(ctx, s, r, b.latency); err != nil {
				return err
			}
		}
		paced = append(paced, r)
	}
	var mem []*memResult
	if selected["mem"] && selected["payments"] {
		m, err := b.runPaymentsMemory(ctx, b.memRuns, b.latency)
		if err != nil {
			return err
		}
		mem = append(mem, m...)
	}
	for _, s := range specs {
		if !selected["mem"] || s.HTTP {
			continue
		}
		m, err := b.runListingMemory(ctx, s, b.memRuns, b.latency)
		if err != nil {
			return err
		}
		mem = append(mem, m)
	}
	env.Duration = time.Since(started)
	env.LoadAfter = loadAvg()

	var results []*result
	if selected["payments"] {
		results = append(results, paymentsApply, paymentsDestroy, paymentsRefresh)
	}
	if len(specs) > 0 {
		results = append(results, empty)
		results = append(results, listings...)
	}
	var gb []*goBench
	if *goBenchFile != "" {
		f, err := os.Open(*goBenchFile)
		if err != nil {
			return err
		}
		gb, err = parseGoBench(f)
		_ = f.Close()
		if err != nil {
			return err
		}
	}
	report := b.report(env, results, paced, mem, st, gb)
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(*out, []byte(report), 0o600); err != nil {
		return err
	}
	_, err = io.WriteString(stdout, report)
	return err
}

// workDirs are the working directories the workloads create under -work.
var workDirs = func() []string {
	dirs := []string{"empty", "empty-0ms", "payments", "payments-0ms", "payments-mem", "startup", "wrapper"}
	for _, s := range append(append([]listingSpec{httpListing}, listingSpecs...), pacedSpecs...) {
		dirs = append(dirs, s.dirName(), s.dirName()+"-0ms", s.dirName()+"-mem", s.dirName()+"-paced")
	}
	return dirs
}()

// startup is the provider's start-up as a user meets it: Terraform
// validating a one-line configuration, which launches the provider, reads
// its schema and validates.
type startup struct {
	Validate []time.Duration
}

func (b *bench) runStartup(ctx context.Context) (*startup, error) {
	t, err := newTF(b.terraform, filepath.Join(b.work, "startup"), b.overrides())
	if err != nil {
		return nil, err
	}
	// One line: HCL's native syntax cannot nest blocks on a single line, its
	// JSON syntax can.
	if err := t.writeFile("main.tf.json", `{"terraform":{"required_providers":{"indopay":{"source":"indopay/indopay"}}},"provider":{"indopay":{}}}`+"\n"); err != nil {
		return nil, err
	}
	st := &startup{}
	// The first run only warms the page cache; it is not counted.
	for i := range b.startupRuns + 1 {
		b.progress("start-up run %d/%d", i, b.startupRuns)
		r, err := t.run(ctx, nil, "validate", "-no-color")
		if err != nil {
			return nil, err
		}
		if err := r.expectSuccess("terraform validate"); err != nil {
			return nil, err
		}
		if i > 0 {
			st.Validate = append(st.Validate, r.Wall)
		}
	}
	return st, nil
}

// machine describes where the numbers were measured.
type machine struct {
	Date, CPU, Terraform, Go, Kernel string
	// LoadBefore and LoadAfter are /proc/loadavg's 1-minute figure: the
	// figures mean little if other work shared the cores.
	LoadBefore, LoadAfter string
	Cores                 int
	MemTotal              string
	BinaryBytes           int64
	Duration              time.Duration
}

func describeEnv(ctx context.Context, terraform string) (machine, error) {
	m := machine{Date: time.Now().UTC().Format("2006-01-02 15:04 MST"), Cores: numCPU()}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				m.MemTotal = strings.TrimSpace(v)
			}
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(b))
	}
	cmd := exec.CommandContext(ctx, terraform, "version")
	cmd.Env = append(cleanEnv(), "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		return m, fmt.Errorf("terraform version: %w", err)
	}
	m.Terraform, _, _ = strings.Cut(strings.TrimSpace(string(out)), "\n")
	m.Go = goVersion()
	m.LoadBefore = loadAvg()
	return m, nil
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	first, _, _ := strings.Cut(string(b), " ")
	return first
}

func removeIfExists(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}
