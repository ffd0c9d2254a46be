package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-version"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// What every create-once resource (PayGet payment, Mayar payment request,
// Mayar payment link) shares, through the real CLI: the rules of
// internal/provider/lifecycle.go.

// importable is one type that `terraform import` takes, with a
// configuration for it.
type importable struct {
	addr, config, summary string
}

var importables = []importable{
	{paymentAddr, paymentConfig("50000"), "Invalid PayGet payment id"},
	{mayarRequestAddr, mayarRequestConfig("Kopi", "25000"), "Invalid Mayar payment request id"},
	{mayarLinkAddr, mayarLinkConfig("Kopi", "25000"), "Invalid Mayar payment link id"},
}

// `terraform import` given what is not an id (a payment page's address, a
// slug, nothing) fails before any request, for every importable type,
// saying what an id looks like and where to find one. Terraform 1.12 and
// later check an import block's identity the same way.
func TestAccImport_notAnID(t *testing.T) {
	skipUnlessAcceptance(t)
	t.Parallel()
	sb := newTestSandbox(t, sandbox.Options{})
	var config strings.Builder
	config.WriteString(cliRequiredProviders + sb.providerBlock())
	for _, i := range importables {
		config.WriteString(i.config)
	}
	tf := newTerraformCLI(t, config.String())
	given := []struct{ id, says string }{
		{"https://toko.myr.id/pl/kopi-susu", `"https://toko.myr.id/pl/kopi-susu" is the address of a payment page, not an id.`},
		{"kopi-susu", `"kopi-susu" is not an id`},
		{"", "The id is empty."},
	}
	for _, i := range importables {
		for _, g := range given {
			if g.id == "kopi-susu" && i.addr == paymentAddr {
				continue // letters, digits and dashes are a PayGet id's shape
			}
			out := tf.runEnv(nil, true, "import", "-input=false", "-no-color", i.addr, g.id)
			if !errorText(i.summary, g.says, "Importing an "+strings.Split(i.addr, ".")[0]+" needs the id", "such as",
				"To find it,").MatchString(out) {
				t.Errorf("terraform import %s %q said:\n%s", i.addr, g.id, out)
			}
		}
	}
	if openTofu, v := cliUnderTest(t); !openTofu && !v.LessThan(version.Must(version.NewVersion("1.12.0"))) {
		tf.writeConfig(config.String() + fmt.Sprintf("import {\n  to = %s\n  identity = { id = %q }\n}\n",
			mayarLinkAddr, "https://toko.myr.id/pl/kopi-susu"))
		out := tf.runEnv(nil, true, "plan", "-input=false", "-no-color")
		if !errorText("Invalid Mayar payment link id", "is the address of a payment page, not an id").MatchString(out) {
			t.Errorf("an import block with a URL as its identity said:\n%s", out)
		}
	}
	if reqs := sb.Requests(); len(reqs) != 0 {
		t.Fatalf("refused imports sent %d requests; the first: %s %s", len(reqs), reqs[0].Method, reqs[0].Path)
	}
	t.Logf("what a person sees:\n%s", tf.outputs[len(tf.outputs)-1])
}

// editState sets attribute from one value to another in the working
// directory's state, as if it had been applied so, and pushes it.
func (c *terraformCLI) editState(attribute, from, to string) {
	c.t.Helper()
	// Terraform pulls the state indented, OpenTofu on one line.
	state := c.run("state", "pull")
	old := regexp.MustCompile(fmt.Sprintf(`"%s":\s*"%s"`, regexp.QuoteMeta(attribute), regexp.QuoteMeta(from)))
	if !old.MatchString(state) {
		c.t.Fatalf("the state has no %s %q:\n%s", attribute, from, state)
	}
	state = old.ReplaceAllLiteralString(state, fmt.Sprintf("%q: %q", attribute, to))
	serial := regexp.MustCompile(`"serial":\s*(\d+)`)
	n, err := strconv.Atoi(serial.FindStringSubmatch(state)[1])
	if err != nil {
		c.t.Fatal(err)
	}
	state = serial.ReplaceAllString(state, fmt.Sprintf(`"serial": %d`, n+1))
	path := filepath.Join(c.dir, "edited.tfstate")
	if err := os.WriteFile(path, []byte(state), 0o600); err != nil {
		c.t.Fatal(err)
	}
	c.run("state", "push", path)
}

// An expires_at in the past is refused at plan time when it is set (a
// create), changed, or would create a replacement, with no request sent;
// one that passed since it was set, left as it is, plans no change. For
// both types that take one.
func TestAccExpiresAt_pastRefused(t *testing.T) {
	skipUnlessAcceptance(t)
	for _, tc := range []struct {
		addr    string
		config  func(extra ...string) string
		replace func(extra ...string) string // a change that replaces the object
	}{
		{
			addr:    mayarRequestAddr,
			config:  func(extra ...string) string { return mayarRequestConfig("Kopi", "25000", extra...) },
			replace: func(extra ...string) string { return mayarRequestConfig("Susu", "25000", extra...) },
		},
		{
			addr:    mayarLinkAddr,
			config:  func(extra ...string) string { return mayarLinkConfig("Kopi", "25000", extra...) },
			replace: func(extra ...string) string { return mayarLinkConfig("Kopi", "25000", append(extra, "limit = 5")...) },
		},
	} {
		t.Run(tc.addr, func(t *testing.T) {
			t.Parallel()
			sb := newTestSandbox(t, sandbox.Options{})
			head := cliRequiredProviders + sb.providerBlock()
			past := time.Now().Add(-24 * time.Hour).UTC().Format(time.RFC3339)
			expiry := func(at string) string { return fmt.Sprintf("expires_at = %q", at) }
			tf := newTerraformCLI(t, head+tc.config(expiry(past)))
			refused := errorText("Expiry in the past", "expires_at "+past+" is in the past", "could never be paid")

			if out := tf.runEnv(nil, true, "plan", "-input=false", "-no-color"); !refused.MatchString(out) {
				t.Fatalf("a create with a past expiry planned:\n%s", out)
			}
			if n := len(sb.Requests()); n != 0 {
				t.Fatalf("the refused plan sent %d requests", n)
			}
			tf.writeConfig(head + tc.config(expiry(farExpiry)))
			tf.apply()
			tf.writeConfig(head + tc.config(expiry(past)))
			if out := tf.runEnv(nil, true, "plan", "-input=false", "-no-color"); !refused.MatchString(out) {
				t.Fatalf("a change to a past expiry planned:\n%s", out)
			}
			// The expiry passed since it was set: state holds the past one.
			tf.editState("expires_at", farExpiry, past)
			tf.runEnv(nil, false, "plan", "-detailed-exitcode", "-input=false", "-no-color")
			// A replacement would create a new object with it.
			tf.writeConfig(head + tc.replace(expiry(past)))
			if out := tf.runEnv(nil, true, "plan", "-input=false", "-no-color"); !refused.MatchString(out) {
				t.Fatalf("a replacement with the past expiry planned:\n%s", out)
			}
		})
	}
}

// Destroy, then apply the same payment request within the minute: Mayar's
// duplicate guard refuses the create, and the error says once what was
// refused and why, and what to do.
func TestAccMayarPaymentRequestResource_duplicateAfterDestroy(t *testing.T) {
	skipUnlessAcceptance(t)
	t.Parallel()
	sb := newTestSandbox(t, sandbox.Options{})
	tf := newTerraformCLI(t, cliRequiredProviders+sb.providerBlock()+mayarRequestConfig("Kopi", "25000"))
	tf.apply()
	tf.run("destroy", "-auto-approve", "-input=false", "-no-color")
	out := tf.applyFails()
	want := errorText("Error: Mayar refused a duplicate payment request",
		`Mayar refused to create the payment request "Kopi" of Rp 25000 because it created an identical one (same `+
			`name, amount and email) within the last minute, for example the one just destroyed: destroy only closes `+
			`a payment request, and Mayar still counts it. Nothing was created, and the request was not sent again `+
			`(Mayar answered HTTP 429 "Duplicate request detected. Please wait 1 minute before trying again.").`,
		"Wait a minute and apply again, or change the name.")
	if !want.MatchString(out) || len(errorText("within the last minute").FindAllString(out, -1)) != 1 ||
		errorText("no answer").MatchString(out) {
		t.Fatalf("the apply after destroy said:\n%s", out)
	}
	wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteMayarCreate: 2, sandbox.RouteMayarClose: 1})
	if n := len(sb.MayarPayments()); n != 1 {
		t.Fatalf("the sandbox holds %d payment requests, want 1", n)
	}
	t.Logf("what a person sees:\n%s", out)
}
