//go:build pprof

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
)

// startProfile writes a CPU profile of this process to
// $INDOPAY_CPUPROFILE_DIR/cpu-<pid>.pprof until it exits, in builds with
// -tags pprof only: `make bench` profiles the provider processes that
// Terraform starts this way (BENCHMARKS.md).
func startProfile() func() {
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
