package provider_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// cliUnderTest is what the CLI the real-CLI tests run (the one
// TF_ACC_TERRAFORM_PATH names, else terraform on PATH) is: OpenTofu or not,
// and its version.
func cliUnderTest(t *testing.T) (openTofu bool, v *version.Version) {
	t.Helper()
	openTofu, v, err := describeCLI()
	if err != nil {
		t.Fatal(err)
	}
	return openTofu, v
}

func describeCLI() (openTofu bool, v *version.Version, err error) {
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		cli = "terraform"
	}
	// The first line names the program: "Terraform v1.16.4" or "OpenTofu
	// v1.10.6". OpenTofu's -json output does not say which it is: it names
	// its version terraform_version.
	out, err := exec.Command(cli, "version").Output() //nolint:gosec // the CLI under test, as the harness runs it
	if err != nil {
		return false, nil, fmt.Errorf("%s version: %w", cli, err)
	}
	name, text, _ := strings.Cut(strings.SplitN(string(out), "\n", 2)[0], " v")
	v, err = version.NewVersion(strings.TrimSpace(text))
	if err != nil {
		return false, nil, fmt.Errorf("%s reports version %q: %w", cli, out, err)
	}
	return name == "OpenTofu", v, nil
}

// requireTerraform skips a real-CLI test when the CLI under test is
// OpenTofu or a Terraform older than minimum, naming both versions.
// Features such as actions and list resources exist only in newer
// Terraform; older CLIs and OpenTofu never ask the provider for them.
func requireTerraform(t *testing.T, minimum string) { //nolint:unparam // each feature names the version it needs; so far all need 1.14
	t.Helper()
	openTofu, have := cliUnderTest(t)
	if openTofu {
		t.Skipf("needs Terraform %s or later; the CLI under test is OpenTofu %s", minimum, have)
	}
	if have.LessThan(version.Must(version.NewVersion(minimum))) {
		t.Skipf("needs Terraform %s or later; the CLI under test is Terraform %s", minimum, have)
	}
}

// terraformAtLeast is requireTerraform for in-process tests, as their
// TerraformVersionChecks: tfversion.SkipBelow alone sees OpenTofu only as
// the Terraform version it reports, so a later OpenTofu would run a test
// of a feature it does not have.
func terraformAtLeast(minimum *version.Version) []tfversion.TerraformVersionCheck {
	return []tfversion.TerraformVersionCheck{skipOpenTofu{minimum: minimum}, tfversion.SkipBelow(minimum)}
}

// skipOpenTofu skips a test when the CLI under test is OpenTofu, naming
// its version.
type skipOpenTofu struct{ minimum *version.Version }

func (s skipOpenTofu) CheckTerraformVersion(_ context.Context, _ tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	openTofu, v, err := describeCLI()
	switch {
	case err != nil:
		resp.Error = err
	case openTofu:
		resp.Skip = fmt.Sprintf("needs Terraform %s or later; the CLI under test is OpenTofu %s", s.minimum, v)
	}
}
