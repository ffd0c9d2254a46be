package main

import (
	"os"
	"strings"
)

// The SDK and the framework log every protocol call and framework step at
// trace level, as JSON on stderr, whatever the level asked for: Terraform
// reads every line and throws away those its own settings do not show.
// When nothing asks for logs, none is shown, and producing them costs the
// provider about a fifth of its CPU on small calls, and Terraform as much
// again to read them (terraform-plugin-framework issue 1269).
//
// quietLogs therefore turns the SDK's, the framework's and the provider's
// own loggers off, through the environment variables terraform-plugin-log
// reads, unless a logging variable of Terraform or OpenTofu (TF_LOG,
// TF_LOG_PROVIDER, TF_LOG_CORE, TF_LOG_PATH, TF_LOG_SDK... or TOFU_LOG...)
// is set: then every log is produced as before.
func quietLogs() {
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

// quietLoggers are the loggers quietLogs turns off: the SDK's root and its
// protocol and framework subsystems, and the provider's own (named after
// the last part of its address).
var quietLoggers = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_INDOPAY"}
