// Package process holds the provider binary's process-wide switches: which
// of the SDK's logs it produces, and a CPU profile in profiling builds.
// main sets them once, before it serves the provider.
package process

import (
	"os"
	"strings"
)

// QuietLogs turns the SDK's, the framework's and the provider's own loggers
// off, through the environment variables terraform-plugin-log reads, unless
// someone may be reading them: a logging variable of Terraform or OpenTofu
// is set (TF_LOG, TF_LOG_PROVIDER, TF_LOG_CORE, TF_LOG_PATH, TF_LOG_SDK...
// or TOFU_LOG...), or the provider runs with -debug (debug true), where the
// person at the debugger usually has no TF_LOG set. Then every log is
// produced as before.
//
// The SDK and the framework log every protocol call and framework step at
// trace level, as JSON on stderr, whatever the level asked for; Terraform
// reads every line and discards those its settings do not show. Producing
// and discarding them is a large share of the provider's and Terraform's
// CPU on small calls (docs/design.md, under "What the framework costs").
func QuietLogs(debug bool) {
	if debug {
		return
	}
	for _, kv := range os.Environ() {
		name, value, _ := strings.Cut(kv, "=")
		if value != "" && (strings.HasPrefix(name, "TF_LOG") || strings.HasPrefix(name, "TOFU_LOG")) {
			return
		}
	}
	for _, name := range quietLoggers {
		_ = os.Setenv(name, "off")
	}
}

// quietLoggers are the loggers QuietLogs turns off: the SDK's root and its
// protocol and framework subsystems, and the provider's own (named after
// the last part of its address).
var quietLoggers = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_INDOPAY"}
