//go:build !pprof

package process

// StartProfile does nothing: profiling is built in with -tags pprof only
// (profile.go).
func StartProfile() (stop func()) { return func() {} }
