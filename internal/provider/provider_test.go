package provider_test

import (
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/indopay/terraform-provider-indopay/internal/provider"
	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// TestMain refuses to start acceptance tests that would make
// terraform-plugin-testing download a Terraform CLI: the tests use the one on
// PATH (or TF_ACC_TERRAFORM_PATH) and nothing else.
func TestMain(m *testing.M) {
	if os.Getenv("TF_ACC") != "" {
		if v := os.Getenv("TF_ACC_TERRAFORM_VERSION"); v != "" {
			fmt.Fprintf(os.Stderr, "TF_ACC_TERRAFORM_VERSION=%s would download Terraform; unset it and put terraform on PATH.\n", v)
			os.Exit(1)
		}
		if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
			if _, err := exec.LookPath("terraform"); err != nil {
				fmt.Fprintln(os.Stderr, "terraform is not on PATH: the acceptance tests run the real Terraform CLI and never download one. "+
					"Install Terraform and put it on PATH, or set TF_ACC_TERRAFORM_PATH.")
				os.Exit(1)
			}
		}
	}
	os.Exit(m.Run())
}

// protoV6ProviderFactories serves the provider in-process, so acceptance
// tests need neither a build nor `terraform init`: the framework's protocol
// server, as main serves it.
var protoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"indopay": providerserver.NewProtocol6WithError(provider.New("test")()),
}

// testSandbox is one emulator behind a real loopback HTTP server, private to
// one test, so tests run in parallel without sharing state.
type testSandbox struct {
	*sandbox.Sandbox
	URL string
}

func newTestSandbox(t *testing.T, opts sandbox.Options) *testSandbox {
	t.Helper()
	sb := sandbox.New(opts)
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	return &testSandbox{Sandbox: sb, URL: srv.URL}
}

// providerBlock renders a provider block that points both APIs at the
// sandbox with its test keys. Mayar pacing is off unless a test turns it on,
// and retries wait only briefly, so tests measure behaviour, not waiting.
// Each override replaces a line by its attribute name ("payget.api_key" and
// so on); an override with an empty value removes the line.
func (s *testSandbox) providerBlock(overrides ...string) string {
	lines := map[string]string{
		"payget.api_key":            fmt.Sprintf("%q", sandbox.PayGetKey),
		"payget.base_url":           fmt.Sprintf("%q", s.URL),
		"mayar.api_key":             fmt.Sprintf("%q", sandbox.MayarKey),
		"mayar.base_url":            fmt.Sprintf("%q", s.URL),
		"mayar.requests_per_minute": "0",
	}
	order := []string{"payget.api_key", "payget.base_url", "mayar.api_key", "mayar.base_url", "mayar.api_version", "mayar.requests_per_minute", "request_timeout", "max_retries"}
	for _, o := range overrides {
		name, value, _ := strings.Cut(o, "=")
		lines[strings.TrimSpace(name)] = strings.TrimSpace(value)
	}
	var b strings.Builder
	b.WriteString("provider \"indopay\" {\n")
	for _, block := range []string{"payget", "mayar"} {
		fmt.Fprintf(&b, "  %s {\n", block)
		for _, name := range order {
			if attr, ok := strings.CutPrefix(name, block+"."); ok && lines[name] != "" {
				fmt.Fprintf(&b, "    %s = %s\n", attr, lines[name])
			}
		}
		b.WriteString("  }\n")
	}
	for _, name := range order {
		if !strings.Contains(name, ".") && lines[name] != "" {
			fmt.Fprintf(&b, "  %s = %s\n", name, lines[name])
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// requiredProvidersBlock names the provider's source the way the harness
// serves it: terraform-plugin-testing adds this block to ordinary steps, but
// not to an import step's own config, where OpenTofu (run with
// TF_ACC_PROVIDER_NAMESPACE=indopay) would otherwise look for
// hashicorp/indopay in a registry.
func requiredProvidersBlock() string {
	host, namespace := os.Getenv("TF_ACC_PROVIDER_HOST"), os.Getenv("TF_ACC_PROVIDER_NAMESPACE")
	if host == "" {
		host = "registry.terraform.io"
	}
	if namespace == "" {
		namespace = "hashicorp"
	}
	return fmt.Sprintf("terraform {\n  required_providers {\n    indopay = {\n      source = %q\n    }\n  }\n}\n", host+"/"+namespace+"/indopay")
}

// errorText matches words of an error message across the line breaks and
// box-drawing gutters that the Terraform CLI adds when it wraps diagnostics.
func errorText(words ...string) *regexp.Regexp {
	quoted := make([]string, len(words))
	for i, w := range words {
		parts := strings.Fields(w)
		for j, p := range parts {
			parts[j] = regexp.QuoteMeta(p)
		}
		quoted[i] = strings.Join(parts, `[\s│]+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, `.*`))
}
