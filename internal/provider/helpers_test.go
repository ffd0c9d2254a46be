// Helpers shared by the package's tests: the in-process harness (the
// provider factories, a private sandbox per test and its provider block),
// the real-CLI harness (the provider built once, terraform run with
// dev_overrides, Ctrl-C during a create), the version checks that skip a
// test the CLI under test cannot run, and the configurations and checks
// several types' tests use.
package provider_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

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
	code := m.Run()
	if providerBuild.dir != "" {
		_ = os.RemoveAll(providerBuild.dir)
	}
	os.Exit(code)
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

// newSandboxWithPayment is a private sandbox holding one Pending PayGet
// payment of amount, made outside Terraform. A parallel test calls
// t.Parallel before it, and then resource.Test rather than ParallelTest: a
// parallel test waits for a slot, and on a busy machine the wait could
// outlast the payment's 10-minute expiry.
func newSandboxWithPayment(t *testing.T, amount int64) (*testSandbox, sandbox.PayGetPayment) {
	t.Helper()
	sb := newTestSandbox(t, sandbox.Options{})
	p, err := sb.CreatePayGetPayment(sandbox.PayGetKey, amount)
	if err != nil {
		t.Fatal(err)
	}
	return sb, p
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

// repoRoot is the module's root, seen from this package's directory (where
// go test runs the tests).
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("no go.mod at %s: %v", root, err)
	}
	return root
}

// terraformCLI runs the real terraform binary against a provider binary
// built from this tree, installed through a dev_overrides CLI
// configuration: what a user's CI runs, with nothing in-process.
type terraformCLI struct {
	t       *testing.T
	path    string   // the CLI: TF_ACC_TERRAFORM_PATH (OpenTofu in make testacc-opentofu) or terraform
	dir     string   // the working directory with main.tf
	env     []string // the whole environment of every run
	logPath string   // TF_LOG_PATH
	// outputs collects the stdout and stderr of every run, so that tests
	// can search all of them.
	outputs []string
}

// cliRequiredProviders requires the provider by the short address that
// both registries' names in newTerraformCLI's dev_overrides answer to.
const cliRequiredProviders = "terraform {\n  required_providers {\n    indopay = { source = \"indopay/indopay\" }\n  }\n}\n"

// providerBuild is the provider binary the real-CLI tests run, built from
// this tree once per test process (TestMain removes it).
var providerBuild struct {
	once sync.Once
	dir  string // holds terraform-provider-indopay
	err  error
}

// builtProvider is the directory holding the provider binary, built on
// first use.
func builtProvider(t *testing.T) string {
	t.Helper()
	root := repoRoot(t)
	providerBuild.once.Do(func() {
		// Not t.TempDir: the binary outlives the test that builds it, and
		// TestMain removes it.
		if providerBuild.dir, providerBuild.err = os.MkdirTemp("", "indopay-provider-"); providerBuild.err != nil { //nolint:usetesting // see above
			return
		}
		build := exec.Command("go", "build", "-o", filepath.Join(providerBuild.dir, "terraform-provider-indopay"), ".")
		build.Dir = root
		if out, err := build.CombinedOutput(); err != nil {
			providerBuild.err = fmt.Errorf("%w\n%s", err, out)
		}
	})
	if providerBuild.err != nil {
		t.Fatalf("building the provider: %v", providerBuild.err)
	}
	return providerBuild.dir
}

// newTerraformCLI prepares a working directory with mainTF whose runs use
// the provider built from this tree and log at TRACE into a file.
func newTerraformCLI(t *testing.T, mainTF string, extraEnv ...string) *terraformCLI {
	t.Helper()
	pluginDir := builtProvider(t)
	home := t.TempDir()
	cliConfig := filepath.Join(home, "terraform.rc")
	// Both registries' addresses, so that Terraform and OpenTofu alike load
	// the provider just built.
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n    %q = %q\n  }\n  direct {}\n}\n",
		provider.Address, pluginDir, "registry.opentofu.org/indopay/indopay", pluginDir)
	if err := os.WriteFile(cliConfig, []byte(rc), 0o600); err != nil {
		t.Fatal(err)
	}
	return newCLIWorkdir(t, home, mainTF, append([]string{"TF_CLI_CONFIG_FILE=" + cliConfig}, extraEnv...)...)
}

// newCLIWorkdir prepares a working directory with mainTF for the CLI under
// test, with home as HOME and every run logging at TRACE into a file; env
// comes last, so it overrides.
func newCLIWorkdir(t *testing.T, home, mainTF string, env ...string) *terraformCLI {
	t.Helper()
	tfPath := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tfPath == "" {
		var err error
		if tfPath, err = exec.LookPath("terraform"); err != nil {
			t.Fatalf("terraform is not on PATH: %v", err)
		}
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(mainTF), 0o600); err != nil {
		t.Fatal(err)
	}
	c := &terraformCLI{t: t, path: tfPath, dir: dir, logPath: filepath.Join(home, "terraform-trace.log")}
	c.env = append([]string{
		"PATH=" + filepath.Dir(tfPath) + string(os.PathListSeparator) + os.Getenv("PATH"),
		"HOME=" + home,
		"TF_LOG=TRACE",
		"TF_LOG_PATH=" + c.logPath,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
	}, env...)
	return c
}

// run runs terraform with args and returns its stdout; a failure that the
// caller did not expect fails the test.
func (c *terraformCLI) run(args ...string) string {
	c.t.Helper()
	return c.runEnv(nil, false, args...)
}

func (c *terraformCLI) runEnv(env []string, wantErr bool, args ...string) string {
	c.t.Helper()
	cmd := exec.Command(c.path, args...)
	cmd.Dir = c.dir
	cmd.Env = append(append([]string{}, c.env...), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	c.outputs = append(c.outputs, stdout.String(), stderr.String())
	var exit *exec.ExitError
	switch {
	case err != nil && !errors.As(err, &exit):
		c.t.Fatalf("terraform %s: %v", strings.Join(args, " "), err)
	case err != nil && !wantErr:
		c.t.Fatalf("terraform %s failed: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	case err == nil && wantErr:
		c.t.Fatalf("terraform %s succeeded, want a failure\nstdout:\n%s", strings.Join(args, " "), stdout.String())
	}
	return stdout.String() + stderr.String()
}

// apply runs terraform apply -auto-approve with args and returns its
// output; a failure fails the test.
func (c *terraformCLI) apply(args ...string) string {
	c.t.Helper()
	return c.run(append([]string{"apply", "-auto-approve", "-input=false", "-no-color"}, args...)...)
}

// applyFails is apply for a command that must fail: its success fails the
// test.
func (c *terraformCLI) applyFails(args ...string) string {
	c.t.Helper()
	return c.runEnv(nil, true, append([]string{"apply", "-auto-approve", "-input=false", "-no-color"}, args...)...)
}

// output is the value of the root module's output name.
func (c *terraformCLI) output(name string) string {
	c.t.Helper()
	return strings.TrimSpace(c.run("output", "-raw", name))
}

// writeConfig replaces the working directory's configuration.
func (c *terraformCLI) writeConfig(mainTF string) {
	c.t.Helper()
	if err := os.WriteFile(filepath.Join(c.dir, "main.tf"), []byte(mainTF), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

// stateInstance is one resource instance in a working directory's state.
type stateInstance struct {
	IndexKey int // count.index
	ID       string
}

// stateInstances reads every resource instance from the working
// directory's terraform.tfstate.
func (c *terraformCLI) stateInstances() []stateInstance {
	c.t.Helper()
	var state struct {
		Resources []struct {
			Instances []struct {
				IndexKey   int `json:"index_key"`
				Attributes struct {
					ID string `json:"id"`
				}
			}
		}
	}
	data, err := os.ReadFile(filepath.Join(c.dir, "terraform.tfstate"))
	if err == nil {
		err = json.Unmarshal(data, &state)
	}
	if err != nil {
		c.t.Fatalf("reading the state: %v", err)
	}
	var out []stateInstance
	for _, r := range state.Resources {
		for _, in := range r.Instances {
			out = append(out, stateInstance{IndexKey: in.IndexKey, ID: in.Attributes.ID})
		}
	}
	return out
}

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

// skipUnlessAcceptance skips a test that runs the real CLI itself, not
// through terraform-plugin-testing, unless TF_ACC is set: the harness skips
// its own tests the same way.
func skipUnlessAcceptance(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
}

// requireTerraform skips a real-CLI test unless TF_ACC is set, and when the
// CLI under test is OpenTofu or a Terraform older than minimum, naming both
// versions.
// Features such as actions and list resources exist only in newer
// Terraform; older CLIs and OpenTofu never ask the provider for them.
func requireTerraform(t *testing.T, minimum string) { //nolint:unparam // each feature names the version it needs; so far all need 1.14
	t.Helper()
	skipUnlessAcceptance(t)
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

// interruptedApply runs terraform apply, sends it SIGINT (Ctrl-C) once
// ready is closed, and returns its output after it has exited, whatever its
// exit status.
func (c *terraformCLI) interruptedApply(ready <-chan struct{}) string {
	c.t.Helper()
	return c.interrupted(ready, "apply", "-auto-approve")
}

// interrupted runs terraform with args, sends it SIGINT once ready is
// closed, and returns its output after it has exited.
func (c *terraformCLI) interrupted(ready <-chan struct{}, args ...string) string {
	c.t.Helper()
	cmd := exec.Command(c.path, append(args, "-input=false", "-no-color")...)
	cmd.Dir, cmd.Env = c.dir, c.env
	// One writer for both streams: exec then calls it from one goroutine
	// at a time.
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case <-ready:
	case err := <-exited:
		c.t.Fatalf("terraform %s exited (%v) before the moment to interrupt it:\n%s", args[0], err, out.String())
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		c.t.Fatalf("sending SIGINT to terraform: %v", err)
	}
	if err := <-exited; err != nil {
		c.t.Logf("the interrupted terraform %s exited with %v", args[0], err)
	}
	c.outputs = append(c.outputs, out.String())
	return out.String()
}

// interruptDuringCreate applies config with the sandbox holding the answer
// of route (a create) for 4 seconds after storing the object, and sends
// Ctrl-C as soon as the create has arrived. It fails the test unless
// Terraform took the interrupt and the provider saw it while the request
// was out (otherwise the answer came first and the test proves nothing).
// It returns the CLI, apply's output and the count of creates received.
func interruptDuringCreate(t *testing.T, sb *testSandbox, route sandbox.Route, config string) (*terraformCLI, string, *atomic.Int64) {
	t.Helper()
	arrived := make(chan struct{})
	var once sync.Once
	creates := new(atomic.Int64)
	sb.OnRequest(route, func() {
		creates.Add(1)
		once.Do(func() { close(arrived) })
	})
	sb.InjectFaults(route, sandbox.Fault{Kind: sandbox.FaultSlow, Delay: 4 * time.Second})

	tf := newTerraformCLI(t, config)
	out := tf.interruptedApply(arrived)
	if !strings.Contains(out, "Interrupt received") {
		t.Fatalf("terraform did not take the interrupt:\n%s", out)
	}
	traceLog, err := os.ReadFile(tf.logPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(traceLog, []byte("the operation was stopped (Terraform interrupted, or the create timeout passed) while its request was out")) {
		t.Fatalf("the provider never saw the interrupt during the create; the answer came first:\n%s", out)
	}
	return tf, out, creates
}

// mayarAPIVersion is one API version the Mayar write side is tested under.
type mayarAPIVersion struct {
	name     string
	override []string // providerBlock overrides
}

// mayarAPIVersions: every Mayar write test runs under both versions; V2 is
// the provider's default, so it needs no override.
var mayarAPIVersions = []mayarAPIVersion{
	{name: "v2"},
	{name: "v1", override: []string{`mayar.api_version="v1"`}},
}

// block renders the provider block for the version against sb.
func (v mayarAPIVersion) block(sb *testSandbox, overrides ...string) string {
	return sb.providerBlock(append(append([]string{}, v.override...), overrides...)...)
}

// forEachVersion runs fn as a parallel subtest per API version.
func forEachVersion(t *testing.T, fn func(t *testing.T, v mayarAPIVersion)) {
	for _, v := range mayarAPIVersions {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			fn(t, v)
		})
	}
}

// wantRequests fails the test unless each route saw exactly the given
// number of requests.
func wantRequests(t *testing.T, sb interface{ RequestCount(sandbox.Route) int }, want map[sandbox.Route]int) {
	t.Helper()
	for route, n := range want {
		if got := sb.RequestCount(route); got != n {
			t.Errorf("%s: %d requests, want %d", route, got, n)
		}
	}
}

// identityChecks skip the identity tests, with the version in the message,
// under Terraform older than 1.12 and under OpenTofu, which have no
// resource identity.
var identityChecks = terraformAtLeast(tfversion.Version1_12_0)

// captureID stores the id of the resource at addr from state, for steps
// and checks that look the object up in the sandbox.
func captureID(addr string, id *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok || rs.Primary.ID == "" {
			return fmt.Errorf("%s is not in state", addr)
		}
		*id = rs.Primary.ID
		return nil
	}
}

// sandboxPayGetStatus checks the status of the PayGet payment with id as
// the sandbox holds it.
func sandboxPayGetStatus(sb *testSandbox, id *string, want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		p, ok := sb.PayGetPayment(*id)
		if !ok {
			return fmt.Errorf("the sandbox has no payment %q", *id)
		}
		if p.Status != want {
			return fmt.Errorf("payment %s is %s in the sandbox, want %s", *id, p.Status, want)
		}
		return nil
	}
}

// mayarRequestAddr is the payment request of mayarRequestConfig.
const mayarRequestAddr = "indopay_mayar_payment_request.bill"

// mayarRequestConfig renders the resource with a name, an amount, the email V1
// requires, and extra lines.
func mayarRequestConfig(name string, amount string, extra ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "resource \"indopay_mayar_payment_request\" \"bill\" {\n  name   = %q\n  amount = %s\n", name, amount)
	hasEmail := false
	for _, e := range extra {
		hasEmail = hasEmail || strings.HasPrefix(strings.TrimSpace(e), "email")
	}
	if !hasEmail {
		b.WriteString("  email  = \"siti@example.id\"\n")
	}
	for _, e := range extra {
		if e != "" {
			fmt.Fprintf(&b, "  %s\n", e)
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// noEmail removes the default email line from mayarRequestConfig.
const noEmail = "email = null"

// paymentAddr is the PayGet payment of paymentConfig.
const paymentAddr = "indopay_payget_payment.topup"

// paymentConfig renders the PayGet payment with an amount and extra lines.
func paymentConfig(amount string, extra ...string) string {
	body := fmt.Sprintf("  amount = %s\n", amount)
	for _, e := range extra {
		body += "  " + e + "\n"
	}
	return fmt.Sprintf("resource %q %q {\n%s}\n", "indopay_payget_payment", "topup", body)
}

// profileConfig reads the PayGet profile.
const profileConfig = `
data "indopay_payget_profile" "me" {}
`

// mayarNewest is the creation time of the newest generated payment: a fixed
// instant, so that expected created_at values are literal.
var mayarNewest = time.Date(2025, 3, 14, 9, 26, 53, 589_000_000, time.UTC)

// mayarReadsPerStep is how many times the Terraform CLI reads a data source
// in one ordinary test step: the plan before apply (apply uses that plan and
// reads nothing), the post-apply plan without refresh and the refresh plan.
// It turns the requests of one listing into the requests of a whole step.
const mayarReadsPerStep = 3

// pacedFactories serves a provider whose pacing ledger is in dir and whose
// window lasts window.
func pacedFactories(dir string, window time.Duration) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"indopay": providerserver.NewProtocol6WithError(provider.NewWithPacing("test", dir, window)()),
	}
}

// defaultPacing keeps requests_per_minute at its default.
const defaultPacing = "mayar.requests_per_minute="

// arrivals are the sandbox's requests' arrival times, in order.
func arrivals(sb *testSandbox) []time.Time {
	var at []time.Time
	for _, r := range sb.Requests() {
		at = append(at, r.At)
	}
	slices.SortFunc(at, time.Time.Compare)
	return at
}

// expectValues checks attributes of the object at addr in state, one check
// per attribute name.
func expectValues(addr string, values map[string]knownvalue.Check) []statecheck.StateCheck {
	checks := make([]statecheck.StateCheck, 0, len(values))
	for _, name := range slices.Sorted(maps.Keys(values)) {
		checks = append(checks, statecheck.ExpectKnownValue(addr, tfjsonpath.New(name), values[name]))
	}
	return checks
}

// expectNoDrift fails when the plan's refresh found an object changed
// outside Terraform (the CLI's "Objects have changed outside of
// Terraform"), naming what changed. plancheck.ExpectEmptyPlan sees only
// the changes a plan proposes, and a computed attribute read back other
// than it was stored, such as a status word, is drift and nothing more.
var expectNoDrift plancheck.PlanCheck = noDrift{}

type noDrift struct{}

func (noDrift) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	var errs []error
	for _, rc := range req.Plan.ResourceDrift {
		before, _ := rc.Change.Before.(map[string]any)
		after, _ := rc.Change.After.(map[string]any)
		keys := append(slices.Collect(maps.Keys(before)), slices.Collect(maps.Keys(after))...)
		slices.Sort(keys)
		var changed []string
		for _, k := range slices.Compact(keys) {
			if !reflect.DeepEqual(before[k], after[k]) {
				changed = append(changed, fmt.Sprintf("%s %#v → %#v", k, before[k], after[k]))
			}
		}
		errs = append(errs, fmt.Errorf("%s changed outside Terraform: %s", rc.Address, strings.Join(changed, ", ")))
	}
	resp.Error = errors.Join(errs...)
}

// dataSourceConfig renders a data source block of type typ with one
// argument per line.
func dataSourceConfig(typ, name string, args ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "data %q %q {\n", typ, name)
	for _, a := range args {
		fmt.Fprintf(&b, "  %s\n", a)
	}
	b.WriteString("}\n")
	return b.String()
}

// optionalString checks a value the API may leave null: null for nil.
func optionalString(s *string) knownvalue.Check {
	if s == nil {
		return knownvalue.Null()
	}
	return knownvalue.StringExact(*s)
}

// optionalInt64 is optionalString for a whole number.
func optionalInt64(n *int64) knownvalue.Check {
	if n == nil {
		return knownvalue.Null()
	}
	return knownvalue.Int64Exact(*n)
}

// mayarTime is a Mayar timestamp (epoch milliseconds) as the provider
// writes it: RFC 3339 in UTC with milliseconds.
func mayarTime(epochMillis int64) string {
	return time.UnixMilli(epochMillis).UTC().Format("2006-01-02T15:04:05.000Z")
}

// afterCreateTrigger is a lifecycle block, to go inside a resource's block,
// that runs action (its address) right after the resource is created.
func afterCreateTrigger(action string) string {
	return fmt.Sprintf("  lifecycle {\n    action_trigger {\n      events  = [after_create]\n      actions = [%s]\n    }\n  }\n", action)
}

// webhookReceiver is a merchant's webhook endpoint on loopback: it records
// the path and the event of every JSON POST it gets.
type webhookReceiver struct {
	URL string

	mu         sync.Mutex
	deliveries []webhookDelivery
}

// webhookDelivery is one event a webhookReceiver got.
type webhookDelivery struct {
	Path  string
	Event map[string]any
}

func newWebhookReceiver(t *testing.T) *webhookReceiver {
	t.Helper()
	rc := &webhookReceiver{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var event map[string]any
		if r.Method != http.MethodPost || json.NewDecoder(r.Body).Decode(&event) != nil {
			http.Error(w, "want a JSON POST", http.StatusBadRequest)
			return
		}
		rc.mu.Lock()
		defer rc.mu.Unlock()
		rc.deliveries = append(rc.deliveries, webhookDelivery{Path: r.URL.Path, Event: event})
	}))
	t.Cleanup(srv.Close)
	rc.URL = srv.URL
	return rc
}

// received lists the deliveries as "path event", in order.
func (rc *webhookReceiver) received() []string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	var out []string
	for _, d := range rc.deliveries {
		out = append(out, fmt.Sprintf("%s %v", d.Path, d.Event["event"]))
	}
	return out
}

// got is every delivery so far.
func (rc *webhookReceiver) got() []webhookDelivery {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]webhookDelivery(nil), rc.deliveries...)
}

// nullConfig is a configuration of schema's type with every attribute and
// block null: what an empty block in HCL sends.
func nullConfig(t testing.TB, schema *tfprotov6.Schema) *tfprotov6.DynamicValue {
	t.Helper()
	typ, ok := schema.ValueType().(tftypes.Object)
	if !ok {
		t.Fatalf("the schema's type is %s, not an object", schema.ValueType())
	}
	vals := make(map[string]tftypes.Value, len(typ.AttributeTypes))
	for name, at := range typ.AttributeTypes {
		vals[name] = tftypes.NewValue(at, nil)
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, vals))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// hasErrorDiag reports whether a protocol response's diagnostics hold an
// error.
func hasErrorDiag(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

// mayarLinkAddr is the payment link of mayarLinkConfig.
const mayarLinkAddr = "indopay_mayar_payment_link.kopi"

// mayarLinkConfig renders the payment link with a name, an amount and
// extra lines.
func mayarLinkConfig(name, amount string, extra ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "resource \"indopay_mayar_payment_link\" \"kopi\" {\n  name   = %q\n  amount = %s\n", name, amount)
	for _, e := range extra {
		fmt.Fprintf(&b, "  %s\n", e)
	}
	b.WriteString("}\n")
	return b.String()
}

// mayarLinkHeld checks the payment link with id as the sandbox holds it.
func mayarLinkHeld(sb *testSandbox, id *string, check func(p sandbox.MayarProduct) error) resource.TestCheckFunc {
	return sandboxHolds(sb.MayarProduct, id, check)
}

// mayarLinkStatus checks the status of the payment link with id as the
// sandbox holds it.
func mayarLinkStatus(sb *testSandbox, id *string, want string) resource.TestCheckFunc {
	return sandboxHolds(sb.MayarProduct, id, func(p sandbox.MayarProduct) error { return statusIs(p.ID, p.Status, want) })
}

// sandboxHolds checks the object with id as the sandbox holds it, which
// find looks up.
func sandboxHolds[T any](find func(id string) (T, bool), id *string, check func(T) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		held, ok := find(*id)
		if !ok {
			return fmt.Errorf("the sandbox holds no %T with id %q", held, *id)
		}
		return check(held)
	}
}

// statusIs is the error of an object whose status in the sandbox is not
// the one wanted.
func statusIs(id, status, want string) error {
	if status != want {
		return fmt.Errorf("%s is %s in the sandbox, want %s", id, status, want)
	}
	return nil
}

// farExpiry is an expires_at long in the future, and how the Mayar client
// sends it (UTC, milliseconds).
const (
	farExpiry     = "2036-06-30T23:59:00+07:00"
	farExpirySent = "2036-06-30T16:59:00.000Z"
)

// planRefusal is a configuration a plan must refuse, with the error want
// and no request sent.
type planRefusal struct {
	name     string
	override []string // providerBlock overrides
	config   string
	want     *regexp.Regexp
}

// expectRefusedAtPlan plans each case against a sandbox of its own and
// fails unless the plan fails with its error and the sandbox received no
// request. MAYAR_API_KEY is unset, so that a case without the key has none.
func expectRefusedAtPlan(t *testing.T, cases []planRefusal) {
	t.Helper()
	t.Setenv("MAYAR_API_KEY", "")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sb := newTestSandbox(t, sandbox.Options{})
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      sb.providerBlock(tc.override...) + tc.config,
					PlanOnly:    true,
					ExpectError: tc.want,
				}},
			})
			if reqs := sb.Requests(); len(reqs) != 0 {
				t.Fatalf("a bad input sent %d requests, want 0; the first: %s %s", len(reqs), reqs[0].Method, reqs[0].Path)
			}
		})
	}
}
