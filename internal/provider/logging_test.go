package provider_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// With TF_LOG_PROVIDER=DEBUG, as the docs advise, the real CLI logs one line
// per HTTP attempt with method, path, status, duration and attempt, and its
// @caller is the code that logged it (the transport's attempt log), not the
// adapter that hands lines to tflog.
func TestAccLogging_callerIsTheCodeThatLogged(t *testing.T) {
	skipUnlessAcceptance(t)
	t.Parallel()
	sb := newTestSandbox(t, sandbox.Options{})
	config := cliRequiredProviders
	tf := newTerraformCLI(t, config+sb.providerBlock()+profileConfig)
	tf.runEnv([]string{"TF_LOG=", "TF_LOG_PROVIDER=DEBUG"}, false, "plan", "-input=false", "-no-color")

	data, err := os.ReadFile(tf.logPath)
	if err != nil {
		t.Fatalf("no log: %v", err)
	}
	caller := regexp.MustCompile(`@caller=\S*/internal/client/transport/roundtrip\.go:\d+ `)
	var lines []string
	for _, line := range strings.Split(string(data), "\n") {
		if strings.Contains(line, "HTTP request") {
			lines = append(lines, line)
		}
	}
	if len(lines) == 0 {
		t.Fatalf("the log (%d bytes) has no HTTP request line at TF_LOG_PROVIDER=DEBUG", len(data))
	}
	for _, line := range lines {
		if !caller.MatchString(line) {
			t.Errorf("the line's @caller is not the transport's attempt log:\n%s", line)
		}
		for _, field := range []string{"method=GET", "path=/api/profile", "status=200", "duration_ms=", "attempt=1", "@module=indopay.http", "tf_rpc=ReadDataSource"} {
			if !strings.Contains(line, field) {
				t.Errorf("the line has no %s:\n%s", field, line)
			}
		}
		if strings.Contains(line, sandbox.PayGetKey) {
			t.Errorf("the line holds the API key:\n%s", line)
		}
	}
}
