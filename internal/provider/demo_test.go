package provider_test

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// `make demo` as a new user runs it: scripts/demo.sh builds the provider and
// the sandbox, applies examples/demo against the sandbox while playing the
// payers, and destroys it. It succeeds, and shows each output once (the
// apply ends with them). The demo's CLI configuration names the provider by
// its Terraform registry address, which OpenTofu does not use.
func TestAccDemo(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	if openTofu, _ := cliUnderTest(t); openTofu {
		t.Skip("the demo runs Terraform; OpenTofu looks for the provider under registry.opentofu.org")
	}
	t.Parallel()
	cmd := exec.Command("./scripts/demo.sh")
	cmd.Dir = repoRoot(t)
	cmd.Env = append(os.Environ(), "DEMO_WORK="+t.TempDir())
	if cli := os.Getenv("TF_ACC_TERRAFORM_PATH"); cli != "" {
		cmd.Env = append(cmd.Env, "TERRAFORM="+cli)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("make demo failed: %v\n%s", err, out)
	}
	lines := strings.Split(string(out), "\n")
	for _, output := range []string{`payment_status = "Success"`, "fee_of_one_million = 8000", "payget_username = \"sandbox_user\""} {
		n := 0
		for _, line := range lines {
			if line == output {
				n++
			}
		}
		if n != 1 {
			t.Errorf("the demo shows %q %d times, want once:\n%s", output, n, out)
		}
	}
	if n := len(regexp.MustCompile(`(?m)^kopi_payment_url = "https://\S+/pl/[a-z]+"$`).FindAll(out, -1)); n != 1 {
		t.Errorf("the demo shows the payment link's URL %d times, want once:\n%s", n, out)
	}
	if !strings.Contains(string(out), "demo finished: applied, paid, read and destroyed against the sandbox") {
		t.Errorf("the demo did not finish:\n%s", out)
	}
}
