package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Peak memory of the provider is measured by a wrapper: for the memory runs
// the dev_overrides directory holds a copy of this program instead of the
// provider. Terraform launches it as the plugin; it runs the real provider
// as its child with the same arguments, environment and standard streams
// (the plugin handshake is one line on stdout, then gRPC on a socket the
// child opens, so the wrapper never sits in the data path), waits for it
// with wait4, and appends the child's ru_maxrss (and its CPU time) to a
// file. ru_maxrss is the
// kernel's own record of the largest resident set the process ever had, so
// unlike polling /proc/<pid>/status it cannot miss a short peak just before
// exit.
const (
	envWrapExec = "INDOPAY_BENCH_WRAP_EXEC" // the real provider binary
	envRSSFile  = "INDOPAY_BENCH_RSS_FILE"  // where each child's peak RSS is appended
)

// wrapMode reports whether this process was launched by Terraform as the
// wrapper, and if so runs it and exits.
func wrapMode() {
	target := os.Getenv(envWrapExec)
	if target == "" {
		return
	}
	os.Exit(runWrapped(target, os.Getenv(envRSSFile)))
}

func runWrapped(target, rssFile string) int {
	// Pdeathsig is tied to the thread that started the child: keep this
	// goroutine on it, so the provider dies with the wrapper if Terraform
	// ever kills the wrapper instead of stopping the provider over gRPC.
	runtime.LockOSThread()
	// Terraform sends interrupts to the whole process group; the provider
	// ignores them and stops when Terraform tells it to, and so must this.
	signal.Ignore(os.Interrupt)
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM)

	cmd := exec.Command(target, os.Args[1:]...) //nolint:gosec // the wrapper exists to run the provider the benchmark named
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = os.Environ()
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	started := time.Now()
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "indopay-bench wrapper:", err)
		return 1
	}
	go func() {
		for s := range term {
			_ = cmd.Process.Signal(s)
		}
	}()
	err := cmd.Wait()
	wall := time.Since(started)
	code := 0
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr):
		code = exitErr.ExitCode()
	case err != nil:
		fmt.Fprintln(os.Stderr, "indopay-bench wrapper:", err)
		code = 1
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && rssFile != "" {
		// Linux reports ru_maxrss in KiB. One short O_APPEND write per
		// process, so concurrent plugin instances never interleave lines.
		cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		// The wrapper's own CPU, so that Terraform's share of a command's
		// CPU can be told apart from the wrappers'.
		var self syscall.Rusage
		_ = syscall.Getrusage(syscall.RUSAGE_SELF, &self)
		selfCPU := time.Duration(self.Utime.Nano() + self.Stime.Nano())
		line := fmt.Sprintf("%d %d %d %d %d\n", cmd.ProcessState.Pid(), ru.Maxrss, wall.Milliseconds(), cpu.Milliseconds(), selfCPU.Milliseconds())
		if f, err := os.OpenFile(rssFile, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600); err == nil { //nolint:gosec // the file the benchmark named
			_, _ = f.WriteString(line)
			_ = f.Close()
		}
	}
	if code < 0 {
		code = 1 // killed by a signal
	}
	return code
}

// providerRun is one provider process as the wrapper saw it.
type providerRun struct {
	Pid       int
	MaxRSSKB  int64
	Wall, CPU time.Duration
	WrapCPU   time.Duration // the wrapper's own
}

func readRSSFile(path string) ([]providerRun, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []providerRun
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) != 5 {
			return nil, fmt.Errorf("%s: malformed line %q", path, sc.Text())
		}
		pid, err1 := strconv.Atoi(fields[0])
		rss, err2 := strconv.ParseInt(fields[1], 10, 64)
		wallMS, err3 := strconv.ParseInt(fields[2], 10, 64)
		cpuMS, err4 := strconv.ParseInt(fields[3], 10, 64)
		wrapMS, err5 := strconv.ParseInt(fields[4], 10, 64)
		if err := errors.Join(err1, err2, err3, err4, err5); err != nil {
			return nil, fmt.Errorf("%s: malformed line %q: %w", path, sc.Text(), err)
		}
		out = append(out, providerRun{Pid: pid, MaxRSSKB: rss,
			Wall: time.Duration(wallMS) * time.Millisecond, CPU: time.Duration(cpuMS) * time.Millisecond,
			WrapCPU: time.Duration(wrapMS) * time.Millisecond})
	}
	return out, sc.Err()
}

// installWrapper copies this program into dir under the provider's name, so
// that a dev_overrides entry for dir launches the wrapper.
func installWrapper(dir string) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	data, err := os.ReadFile(self)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, providerName), data, 0o755) //nolint:gosec // an executable must be executable
}

// The binaries' names Terraform looks for in a dev_overrides directory.
const (
	providerName     = "terraform-provider-indopay"
	httpProviderName = "terraform-provider-http"
)
