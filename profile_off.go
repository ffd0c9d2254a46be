//go:build !pprof

package main

// startProfile does nothing: profiling is built in with -tags pprof only
// (profile.go).
func startProfile() func() { return func() {} }
