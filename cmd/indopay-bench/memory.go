package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// memResult is the peak memory and CPU of a command's provider processes,
// and Terraform's share of the command's CPU beside them.
type memResult struct {
	ID        string
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

// runListingMemory plans through the wrapper, which records each provider
// process's peak resident set and CPU time.
func (b *bench) runListingMemory(ctx context.Context, s listingSpec, runs int, latency time.Duration) (*memResult, error) {
	b.mayar.SetLatency(latency)
	t, rssFile, err := b.wrappedWorkdir(s.dirName()+"-mem", s.config(b.mayarURL, b.pageCap, false))
	if err != nil {
		return nil, err
	}
	m := &memResult{ID: s.name()}
	for i := range runs {
		b.progress("%s peak memory run %d/%d", s.name(), i+1, runs)
		if err := b.wrappedRun(ctx, t, b.mayar, rssFile, m, "plan", "-input=false", "-no-color"); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// runPaymentsMemory is the payments workloads through the wrapper: what the provider
// processes of an apply, a refresh and a destroy cost in memory and CPU.
func (b *bench) runPaymentsMemory(ctx context.Context, runs int, latency time.Duration) ([]*memResult, error) {
	b.payget.SetLatency(latency)
	t, rssFile, err := b.wrappedWorkdir("payments-mem", providerBlock(b.paygetURL, "v2", false)+paymentsConfig(b.payments))
	if err != nil {
		return nil, err
	}
	apply, refresh, destroy := &memResult{ID: "payments apply"}, &memResult{ID: "payments refresh"}, &memResult{ID: "payments destroy"}
	for i := range runs {
		b.progress("payments peak memory run %d/%d", i+1, runs)
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
	overrides := b.overrides()
	overrides[providerAddress] = b.wrapDir
	t, err := newTF(b.terraform, dir, overrides, append(b.providerEnv(), envWrapExec+"="+b.provider, envRSSFile+"="+rssFile)...)
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
