package provider_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
)

// cliUnderTest is what the CLI the real-CLI tests run (the one
// TF_ACC_TERRAFORM_PATH names, else terraform on PATH) is: OpenTofu or not,
// and its version.
func cliUnderTest(t *testing.T) (openTofu bool, v *version.Version) {
	t.Helper()
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		cli = "terraform"
	}
	out, err := exec.Command(cli, "version", "-json").Output() //nolint:gosec // the CLI under test, as the harness runs it
	if err != nil {
		t.Fatalf("%s version -json: %v", cli, err)
	}
	var report struct {
		Version         string `json:"terraform_version"`
		OpenTofuVersion string `json:"opentofu_version"`
	}
	if err := json.Unmarshal(out, &report); err != nil {
		t.Fatalf("%s version -json: %v\n%s", cli, err, out)
	}
	openTofu = report.OpenTofuVersion != "" || strings.Contains(string(out), "opentofu")
	text := report.Version
	if report.OpenTofuVersion != "" {
		text = report.OpenTofuVersion
	}
	v, err = version.NewVersion(text)
	if err != nil {
		t.Fatalf("%s reports version %q: %v", cli, text, err)
	}
	return openTofu, v
}

// requireTerraform skips a real-CLI test when the CLI under test is
// OpenTofu or a Terraform older than minimum, naming both versions.
// Features such as actions and list resources exist only in newer
// Terraform; older CLIs and OpenTofu never ask the provider for them.
func requireTerraform(t *testing.T, minimum string) {
	t.Helper()
	openTofu, have := cliUnderTest(t)
	if openTofu {
		t.Skipf("needs Terraform %s or later; the CLI under test is OpenTofu", minimum)
	}
	if have.LessThan(version.Must(version.NewVersion(minimum))) {
		t.Skipf("needs Terraform %s or later; the CLI under test is Terraform %s", minimum, have)
	}
}
