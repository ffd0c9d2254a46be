// Command indopay-bench is the end-to-end benchmark behind `make bench`: it
// drives the built provider with the real Terraform CLI (dev_overrides, no
// init) against the in-process sandbox on loopback, with latency injected,
// and writes a markdown table of wall time, requests against the minimum
// the job needs, the latency floor, peak memory and start-up.
//
// Workloads (see BENCHMARKS.md for what each measures and why):
//
//	W1  apply then destroy of N PayGet payments + the profile + a status
//	    data source per payment
//	W2  plan reading a Mayar listing of M items, V1 and V2 (and a max_items
//	    cut, to show no page beyond it is fetched)
//	W3  plan with no changes over W1's state: the refresh cost
//
// and W2 listings again with the provider's default pacing (20 requests a
// minute) against a sandbox that enforces Mayar's limit.
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
	runs, memRuns, startupRuns, payments, mayarItems int
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

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("indopay-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	b := &bench{stderr: stderr}
	fs.StringVar(&b.provider, "provider", "build/"+providerName, "the built provider `binary` (make build)")
	fs.StringVar(&b.terraform, "terraform", "", "Terraform CLI `binary`; empty finds terraform on PATH")
	fs.StringVar(&b.work, "work", "build/bench", "scratch `directory` for configurations, state and logs")
	fs.IntVar(&b.runs, "runs", 5, "runs of each workload at each latency")
	fs.IntVar(&b.memRuns, "mem-runs", 5, "runs of each command through the memory wrapper")
	fs.IntVar(&b.startupRuns, "startup-runs", 7, "start-up measurements of each kind")
	fs.IntVar(&b.pacedRuns, "paced-runs", 1, "runs of the whole W2 V2 listing with the default pacing (each takes over 2 minutes)")
	fs.IntVar(&b.payments, "payments", 40, "PayGet payments in W1 and W3")
	fs.IntVar(&b.mayarItems, "mayar-items", 5000, "Mayar payment requests listed in W2")
	fs.DurationVar(&b.latency, "latency", 20*time.Millisecond, "latency the sandbox adds to every request")
	fs.BoolVar(&b.baseline, "baseline", true, "also run every workload at no latency, to measure the fixed cost")
	fs.StringVar(&b.profileDir, "profile", "", "`directory` for a CPU profile of every provider process (the provider must be built with -tags pprof)")
	out := fs.String("out", "build/bench/results.md", "markdown `file` the results are written to (and printed)")
	goBenchFile := fs.String("gobench", "", "`file` of `go test -bench` output whose medians join the results")
	only := fs.String("only", "startup,w1,w2,paced,mem", "comma-separated `parts` to run: startup, w1 (W1 and W3), w2, paced (W2 with the default pacing), mem (peak memory and provider CPU through the wrapper; W1's with w1)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	parts := map[string]bool{}
	for _, p := range strings.Split(*only, ",") {
		switch p = strings.TrimSpace(p); p {
		case "startup", "w1", "w2", "paced", "mem":
			parts[p] = true
		default:
			return fmt.Errorf("-only: unknown part %q (want startup, w1, w2, paced, mem)", p)
		}
	}
	if b.runs < 1 || b.memRuns < 1 || b.startupRuns < 1 || b.pacedRuns < 1 || b.payments < 1 || b.mayarItems < 0 || b.latency < 0 {
		return errors.New("-runs, -mem-runs, -startup-runs, -paced-runs and -payments must be at least 1; -mayar-items and -latency not negative")
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
	if b.work, err = filepath.Abs(b.work); err != nil {
		return err
	}
	env, err := describeEnv(ctx, b.terraform)
	if err != nil {
		return err
	}
	env.BinaryBytes = info.Size()

	// Each workload's directories are recreated; other files in -work (the
	// Go benchmarks' output) are left alone.
	for _, d := range []string{"w0-empty", "w0-empty-0ms", "w1", "w1-0ms", "w2-v1", "w2-v2", "w2-v1-0ms", "w2-v2-0ms", "w2-v1-mem", "w2-v2-mem", "w2-v1-max250-mem", "w2-v2-max250-mem", "w1-mem",
		"w2-v1-max250", "w2-v2-max250", "w2-v1-max250-0ms", "w2-v2-max250-0ms", "w2-v2-max400", "w2-v2-max400-0ms", "w2-v2-max400-mem",
		"w2-v2-paced", "w2-v2-max400-paced", "startup", "wrapper"} {
		if err := os.RemoveAll(filepath.Join(b.work, d)); err != nil {
			return err
		}
	}
	b.wrapDir = filepath.Join(b.work, "wrapper")
	if err := installWrapper(b.wrapDir); err != nil {
		return fmt.Errorf("installing the memory wrapper: %w", err)
	}

	// Two sandboxes, so that W2's 5,000 items never share a lock or a log
	// with W1. httptest listens on 127.0.0.1 only. The Mayar rate limit is
	// off (the zero Options): the runs measure the provider, not the quota;
	// the paced runs turn it on for themselves.
	b.payget = sandbox.New(sandbox.Options{Latency: b.latency})
	newest := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	items := sandbox.GenerateMayarPayments(b.mayarItems, newest)
	statuses := make([]string, len(items))
	for i, p := range items {
		statuses[i] = p.Status
	}
	b.mayar = sandbox.New(sandbox.Options{Latency: b.latency, MayarPageCap: mayarPageCap, MayarPayments: items})
	pgSrv, mySrv := httptest.NewServer(b.payget), httptest.NewServer(b.mayar)
	defer pgSrv.Close()
	defer mySrv.Close()
	b.paygetURL, b.mayarURL = pgSrv.URL, mySrv.URL

	started := time.Now()
	var st *startup
	if parts["startup"] {
		if st, err = b.runStartup(ctx); err != nil {
			return fmt.Errorf("start-up: %w", err)
		}
	}

	w1Apply, w1Destroy, w3 := newW1Results(b.payments)
	specs := []w2Spec{{"v2", 0}, {"v1", 0}, {"v2", 250}, {"v1", 250}, {"v2", 400}}
	w2 := make([]*result, len(specs))
	for i, s := range specs {
		w2[i] = newW2Result(s, statuses)
	}
	passes := []time.Duration{b.latency}
	if b.baseline && b.latency > 0 {
		passes = append(passes, 0)
	}
	// The runs at the latency and at none alternate, so that whatever else
	// the machine does weighs on both alike.
	for i := range b.runs {
		for _, lat := range passes {
			if !parts["w1"] {
				break
			}
			b.progress("W1/W3 %s run %d/%d", latencyText(lat), i+1, b.runs)
			if err := b.runW1(ctx, w1Apply, w1Destroy, w3, lat, lat != b.latency); err != nil {
				return err
			}
		}
	}
	empty := newEmptyResult()
	for i := range b.runs {
		for _, lat := range passes {
			if !parts["w2"] {
				break
			}
			b.progress("W0 empty plan %s run %d/%d", latencyText(lat), i+1, b.runs)
			if err := b.runEmpty(ctx, empty, lat, lat != b.latency); err != nil {
				return err
			}
		}
		for j, s := range specs {
			for _, lat := range passes {
				if !parts["w2"] {
					break
				}
				b.progress("%s %s run %d/%d", s.name(), latencyText(lat), i+1, b.runs)
				if err := b.runW2(ctx, s, w2[j], lat, lat != b.latency); err != nil {
					return err
				}
			}
		}
	}
	var paced []*pacedResult
	for _, s := range pacedSpecs {
		if !parts["paced"] {
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
	if parts["mem"] && parts["w1"] {
		m, err := b.runW1Memory(ctx, b.memRuns, b.latency)
		if err != nil {
			return err
		}
		mem = append(mem, m...)
	}
	for _, s := range specs {
		if !parts["mem"] {
			break
		}
		m, err := b.runW2Memory(ctx, s, b.memRuns, b.latency)
		if err != nil {
			return err
		}
		mem = append(mem, m)
	}
	env.Duration = time.Since(started)
	env.LoadAfter = loadAvg()

	var results []*result
	if parts["w1"] {
		results = append(results, w1Apply, w1Destroy, w3)
	}
	if parts["w2"] {
		results = append(results, empty)
		results = append(results, w2...)
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

// startup is the provider's start-up: Terraform validating a one-line
// configuration, and the plugin alone from launch to schema served.
type startup struct {
	Validate, Handshake, Schema []time.Duration
	SchemaBytes                 int
}

func (b *bench) runStartup(ctx context.Context) (*startup, error) {
	t, err := newTF(b.terraform, filepath.Join(b.work, "startup"), b.providerDir)
	if err != nil {
		return nil, err
	}
	// One line: HCL's native syntax cannot nest blocks on a single line, its
	// JSON syntax can.
	if err := t.writeFile("main.tf.json", `{"terraform":{"required_providers":{"indopay":{"source":"indopay/indopay"}}},"provider":{"indopay":{}}}`+"\n"); err != nil {
		return nil, err
	}
	st := &startup{}
	// The first run of each only warms the page cache; it is not counted.
	for i := range b.startupRuns + 1 {
		b.progress("start-up run %d/%d", i, b.startupRuns)
		r, err := t.run(ctx, nil, "validate", "-no-color")
		if err != nil {
			return nil, err
		}
		if err := r.expectSuccess("terraform validate"); err != nil {
			return nil, err
		}
		s, err := measureStartup(ctx, b.provider)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			continue
		}
		st.Validate = append(st.Validate, r.Wall)
		st.Handshake = append(st.Handshake, s.Handshake)
		st.Schema = append(st.Schema, s.Schema)
		st.SchemaBytes = s.SchemaLen
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
