package provider_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
)

// requireTerraform skips a real-CLI test when the CLI under test (the one
// TF_ACC_TERRAFORM_PATH names, else terraform on PATH) is OpenTofu or a
// Terraform older than minimum, naming both versions. Features such as
// actions and list resources exist only in newer Terraform; older CLIs and
// OpenTofu never ask the provider for them.
func requireTerraform(t *testing.T, minimum string) {
	t.Helper()
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		cli = "terraform"
	}
	out, err := exec.Command(cli, "version", "-json").Output()
	if err != nil {
		t.Fatalf("%s version -json: %v", cli, err)
	}
	var v struct {
		Version         string `json:"terraform_version"`
		OpenTofuVersion string `json:"opentofu_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%s version -json: %v\n%s", cli, err, out)
	}
	if v.OpenTofuVersion != "" || strings.Contains(string(out), "opentofu") {
		t.Skipf("needs Terraform %s or later; the CLI under test is OpenTofu", minimum)
	}
	have, err := version.NewVersion(v.Version)
	if err != nil {
		t.Fatalf("%s reports version %q: %v", cli, v.Version, err)
	}
	if have.LessThan(version.Must(version.NewVersion(minimum))) {
		t.Skipf("needs Terraform %s or later; the CLI under test is Terraform %s", minimum, have)
	}
}
