//go:build pprof

package process

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
)

// StartProfile writes a CPU profile of this process to
// $INDOPAY_CPUPROFILE_DIR/cpu-<pid>.pprof until the function it returns is
// called, in builds with -tags pprof only: the benchmark profiles the
// provider processes that Terraform starts this way (BENCHMARKS.md).
func StartProfile() (stop func()) {
	dir := os.Getenv("INDOPAY_CPUPROFILE_DIR")
	if dir == "" {
		return func() {}
	}
	f, err := os.Create(filepath.Join(dir, fmt.Sprintf("cpu-%d.pprof", os.Getpid()))) //nolint:gosec // a developer's own directory
	if err != nil {
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
	}
}
