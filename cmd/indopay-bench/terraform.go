package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// tf runs the real Terraform CLI in one working directory, with a CLI
// configuration whose dev_overrides point at a directory holding the
// provider (no init, no registry), and nothing from this process's
// environment that could change what is measured.
type tf struct {
	bin     string
	dir     string   // the configuration's directory
	env     []string // complete environment of every command
	logsDir string
	runs    int // commands run, to name their logs
}

// Registry addresses of the providers the workloads use: this one, and
// hashicorp/http for the comparison.
const (
	providerAddress     = "registry.terraform.io/indopay/indopay"
	httpProviderAddress = "registry.terraform.io/hashicorp/http"
)

// overrides are the dev_overrides of every working directory: this provider
// from its build directory and, when given, hashicorp/http.
func (b *bench) overrides() map[string]string {
	o := map[string]string{providerAddress: b.providerDir}
	if b.httpProviderDir != "" {
		o[httpProviderAddress] = b.httpProviderDir
	}
	return o
}

// newTF writes dir's CLI configuration. overrides maps each provider's
// registry address to the directory Terraform launches it from; extraEnv is
// added to every command (the memory wrapper's settings).
func newTF(bin, dir string, overrides map[string]string, extraEnv ...string) (*tf, error) {
	if err := os.MkdirAll(filepath.Join(dir, "logs"), 0o755); err != nil {
		return nil, err
	}
	var rc strings.Builder
	rc.WriteString("# Written by indopay-bench: the built providers, no registry, no checkpoint.\n" +
		"disable_checkpoint = true\nprovider_installation {\n  dev_overrides {\n")
	for _, addr := range slices.Sorted(maps.Keys(overrides)) {
		fmt.Fprintf(&rc, "    %q = %q\n", addr, overrides[addr])
	}
	rc.WriteString("  }\n  direct {}\n}\n")
	rcPath := filepath.Join(dir, "terraformrc")
	if err := os.WriteFile(rcPath, []byte(rc.String()), 0o600); err != nil {
		return nil, err
	}
	env := append(cleanEnv(),
		"TF_CLI_CONFIG_FILE="+rcPath,
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
		// Terraform otherwise asks checkpoint.hashicorp.com for news: the
		// benchmark must not leave loopback.
		"CHECKPOINT_DISABLE=1",
	)
	env = append(env, extraEnv...)
	return &tf{bin: bin, dir: dir, env: env, logsDir: filepath.Join(dir, "logs")}, nil
}

// cleanEnv is this process's environment without what would change how
// Terraform or the provider behave: logging, extra CLI arguments, another
// CLI configuration, and the provider's own environment fallbacks.
func cleanEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(name, "TF_"), strings.HasPrefix(name, "PAYGET_"), strings.HasPrefix(name, "MAYAR_"),
			strings.HasPrefix(name, "INDOPAY_"), strings.HasPrefix(name, "PLUGIN_"), name == "CHECKPOINT_DISABLE":
			continue
		}
		out = append(out, kv)
	}
	return out
}

// writeConfig replaces the directory's configuration.
func (t *tf) writeConfig(hcl string) error {
	return t.writeFile("main.tf", hcl)
}

func (t *tf) writeFile(name, content string) error {
	return os.WriteFile(filepath.Join(t.dir, name), []byte(content), 0o600)
}

// tfRun is one Terraform command as measured.
type tfRun struct {
	Wall time.Duration
	// CPU is the user and system time of Terraform and the provider
	// processes it started and reaped (wait4 includes reaped descendants);
	// SandboxCPU is this process's during the command, which is the
	// sandbox's serving the requests.
	CPU, SandboxCPU time.Duration
	Exit            int
	Output          string
	Requests        []sandbox.Request // what the sandbox received during the command
}

// run times one command from its start to its exit. The sandbox's log is
// emptied just before, so the requests are exactly this command's.
func (t *tf) run(ctx context.Context, sb *sandbox.Sandbox, args ...string) (tfRun, error) {
	t.runs++
	cmd := exec.CommandContext(ctx, t.bin, append([]string{"-chdir=" + t.dir}, args...)...) //nolint:gosec // running the Terraform CLI named by -terraform is the point
	cmd.Env = t.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if sb != nil {
		sb.ResetRequests()
	}
	selfBefore := selfCPU()
	start := time.Now()
	err := cmd.Run()
	r := tfRun{Wall: time.Since(start), Output: out.String(), SandboxCPU: selfCPU() - selfBefore}
	if cmd.ProcessState != nil {
		r.CPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	if sb != nil {
		r.Requests = sb.Requests()
	}
	logName := fmt.Sprintf("%03d-%s", t.runs, args[0])
	_ = os.WriteFile(filepath.Join(t.logsDir, logName+".log"), out.Bytes(), 0o600)
	if len(r.Requests) > 0 {
		// When each request arrived, relative to the command's start: where
		// a run spends its time between requests.
		var tl strings.Builder
		tl.WriteString("ms_since_start route method path status\n")
		for _, q := range r.Requests {
			fmt.Fprintf(&tl, "%.1f %s %s %s %d\n", float64(q.At.Sub(start))/float64(time.Millisecond), q.Route, q.Method, q.Path, q.Status)
		}
		_ = os.WriteFile(filepath.Join(t.logsDir, logName+".requests.txt"), []byte(tl.String()), 0o600)
	}
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr):
		r.Exit = exitErr.ExitCode()
	case err != nil:
		return r, fmt.Errorf("terraform %s: %w", strings.Join(args, " "), err)
	}
	return r, nil
}

// selfCPU is this process's user and system time so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// expectSuccess checks that a command exited 0 (for plan -detailed-exitcode:
// no changes); Terraform's output is quoted on failure, since it holds the
// reason.
func (r tfRun) expectSuccess(what string) error {
	if r.Exit != 0 {
		return fmt.Errorf("%s: terraform exited %d, want 0:\n%s", what, r.Exit, tail(r.Output, 3000))
	}
	return nil
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}

// providerBlock is the configuration every workload starts with: both APIs
// at the sandbox, the requested Mayar version, and no client-side pacing,
// since the benchmark measures the provider, not Mayar's quota; paced keeps
// the provider's default pacing instead (the pacing workloads).
func providerBlock(url, mayarVersion string, paced bool) string {
	pacing := "\n    requests_per_minute = 0"
	if paced {
		pacing = ""
	}
	return fmt.Sprintf(`terraform {
  required_providers {
    indopay = { source = "indopay/indopay" }
  }
}

provider "indopay" {
  payget {
    api_key  = %q
    base_url = %q
  }
  mayar {
    api_key             = %q
    base_url            = %q
    api_version         = %q%s
  }
}
`, sandbox.PayGetKey, url, sandbox.MayarKey, url, mayarVersion, pacing)
}
