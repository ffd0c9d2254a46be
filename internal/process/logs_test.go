package process

import (
	"os"
	"strings"
	"testing"
)

func TestQuietLogs(t *testing.T) {
	for _, tc := range []struct {
		name  string
		env   map[string]string
		debug bool
		quiet bool
	}{
		{"nothing asked", nil, false, true},
		{"an empty TF_LOG is unset", map[string]string{"TF_LOG": ""}, false, true},
		{"TF_LOG", map[string]string{"TF_LOG": "DEBUG"}, false, false},
		{"TF_LOG_PROVIDER", map[string]string{"TF_LOG_PROVIDER": "trace"}, false, false},
		{"TF_LOG_SDK_FRAMEWORK", map[string]string{"TF_LOG_SDK_FRAMEWORK": "debug"}, false, false},
		{"TOFU_LOG", map[string]string{"TOFU_LOG": "info"}, false, false},
		{"-debug without any TF_LOG", nil, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Start from an environment without any logging variable.
			for _, kv := range os.Environ() {
				if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "TF_LOG") || strings.HasPrefix(name, "TOFU_LOG") {
					t.Setenv(name, "")
				}
			}
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			QuietLogs(tc.debug)
			for _, name := range quietLoggers {
				if _, set := tc.env[name]; set {
					continue
				}
				if off := os.Getenv(name) == "off"; off != tc.quiet {
					t.Errorf("%s=%q; want it off: %v", name, os.Getenv(name), tc.quiet)
				}
			}
		})
	}
}
