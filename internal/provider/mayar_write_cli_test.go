package provider_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// requestTally counts the sandbox's requests per route since the last
// call: what one Terraform command cost.
type requestTally struct {
	sb   *testSandbox
	seen int
}

func (rt *requestTally) next() map[sandbox.Route]int {
	reqs := rt.sb.Requests()
	out := map[sandbox.Route]int{}
	for _, r := range reqs[rt.seen:] {
		out[r.Route]++
	}
	rt.seen = len(reqs)
	return out
}

func tallyText(m map[sandbox.Route]int) string {
	var parts []string
	for _, route := range []sandbox.Route{sandbox.RouteMayarCreate, sandbox.RouteMayarGet, sandbox.RouteMayarEdit,
		sandbox.RouteMayarClose, sandbox.RouteMayarOpen, sandbox.RouteMayarWebhook, sandbox.RouteMayarProductCreate,
		sandbox.RouteMayarProductGet, sandbox.RouteMayarProductEdit, sandbox.RouteMayarProductStatus} {
		if m[route] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", route, m[route]))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// The Mayar write side through the real Terraform CLI and the provider
// binary, under both API versions: what each lifecycle step costs in
// requests (asserted, and logged for the record), and the warnings that
// plugin-testing cannot see: destroy of a paid request, and destroy of the
// webhook, which Mayar cannot remove.
func TestAccMayarWriteSide_realCLI(t *testing.T) {
	skipUnlessAcceptance(t)
	for _, v := range mayarAPIVersions {
		t.Run(v.name, func(t *testing.T) {
			sb := newTestSandbox(t, sandbox.Options{})
			head := cliRequiredProviders + "\n" + v.block(sb)
			webhook := func(url string) string {
				return fmt.Sprintf("resource \"indopay_mayar_webhook\" \"hook\" {\n  url = %q\n}\n", url)
			}
			tf := newTerraformCLI(t, head+mayarRequestConfig("Kopi", "25000"))
			write := func(body string) {
				tf.writeConfig(head + body)
			}
			flags := []string{"-input=false", "-no-color"}
			tally := &requestTally{sb: sb}
			steps := []struct {
				name string
				body string // main.tf after the provider block; "" keeps the last
				args []string
				want map[sandbox.Route]int
			}{
				{"create", "", []string{"apply", "-auto-approve"}, map[sandbox.Route]int{sandbox.RouteMayarCreate: 1}},
				{"refresh (plan)", "", []string{"plan"}, map[sandbox.Route]int{sandbox.RouteMayarGet: 1}},
				{"edit amount", mayarRequestConfig("Kopi", "30000"), []string{"apply", "-auto-approve"},
					map[sandbox.Route]int{sandbox.RouteMayarGet: 1, sandbox.RouteMayarEdit: 1}},
				{"close", mayarRequestConfig("Kopi", "30000", "open = false"), []string{"apply", "-auto-approve"},
					map[sandbox.Route]int{sandbox.RouteMayarGet: 1, sandbox.RouteMayarClose: 1}},
				{"reopen", mayarRequestConfig("Kopi", "30000"), []string{"apply", "-auto-approve"},
					map[sandbox.Route]int{sandbox.RouteMayarGet: 1, sandbox.RouteMayarOpen: 1}},
				{"destroy", "", []string{"destroy", "-auto-approve"},
					map[sandbox.Route]int{sandbox.RouteMayarGet: 1, sandbox.RouteMayarClose: 1}},
				{"set webhook", webhook("https://hooks.example.id/mayar/s3cr3t-1"), []string{"apply", "-auto-approve"},
					map[sandbox.Route]int{sandbox.RouteMayarWebhook: 1}},
				{"refresh webhook (plan)", "", []string{"plan"}, map[sandbox.Route]int{}},
				{"change webhook", webhook("https://hooks.example.id/mayar/s3cr3t-2"), []string{"apply", "-auto-approve"},
					map[sandbox.Route]int{sandbox.RouteMayarWebhook: 1}},
			}
			var costs []string
			for _, s := range steps {
				if s.body != "" {
					write(s.body)
				}
				tf.run(append(s.args, flags...)...)
				got := tally.next()
				costs = append(costs, fmt.Sprintf("%s: %s", s.name, tallyText(got)))
				if tallyText(got) != tallyText(s.want) || len(got) != len(s.want) {
					t.Errorf("%s cost %v, want %v", s.name, got, s.want)
				}
			}
			if sb.WebhookURL() != "https://hooks.example.id/mayar/s3cr3t-2" {
				t.Errorf("the sandbox's webhook URL is %q", sb.WebhookURL())
			}
			// The webhook's destroy only forgets, with a warning that names
			// the host but not the secret path.
			out := tf.run(append([]string{"destroy", "-auto-approve"}, flags...)...)
			if got := tally.next(); len(got) != 0 {
				t.Errorf("destroying the webhook sent %v, want nothing", got)
			}
			if !errorText("Warning: Mayar keeps delivering to the last webhook URL", "https://hooks.example.id", "until another URL is set").MatchString(out) ||
				strings.Contains(out, "s3cr3t") {
				t.Errorf("destroy of the webhook said:\n%s", out)
			}

			// Import of a request made outside Terraform, then destroy once it is paid.
			p, ok := sb.CreateMayarPaymentRequest(sandbox.MayarCreateInput{Name: "Sewa", Amount: 50000, Email: "siti@example.id"})
			if !ok {
				t.Fatal("the sandbox refused the request")
			}
			write(mayarRequestConfig("Sewa", "50000", noEmail))
			tf.run(append([]string{"import"}, append(flags, mayarRequestAddr, p.ID)...)...)
			got := tally.next()
			costs = append(costs, "import: "+tallyText(got))
			if tallyText(got) != tallyText(map[sandbox.Route]int{sandbox.RouteMayarGet: 1}) {
				t.Errorf("import cost %v, want one read", got)
			}
			if plan := tf.run(append([]string{"plan"}, flags...)...); !strings.Contains(plan, "No changes.") {
				t.Errorf("the plan after import is not empty:\n%s", plan)
			}
			tally.next()
			if _, err := sb.PayMayarPaymentRequest(p.ID); err != nil {
				t.Fatal(err)
			}
			out = tf.run(append([]string{"destroy", "-auto-approve"}, flags...)...)
			if got := tally.next(); got[sandbox.RouteMayarClose] != 0 {
				t.Errorf("destroying a paid request sent %v", got)
			}
			if !regexp.MustCompile(`(?s)Warning: Mayar payment request ` + p.ID + ` was not closed.*already paid`).MatchString(out) {
				t.Errorf("destroy of the paid request said:\n%s", out)
			}
			t.Logf("requests per step (%s): %s", v.name, strings.Join(costs, "; "))
		})
	}
}

// The payment link through the real CLI: what each lifecycle step costs in
// requests (asserted, and logged for the record), and the warning of a
// destroy that finds the link already closed.
func TestAccMayarPaymentLink_realCLI(t *testing.T) {
	skipUnlessAcceptance(t)
	t.Parallel()
	sb := newTestSandbox(t, sandbox.Options{})
	head := cliRequiredProviders + "\n" + sb.providerBlock()
	tf := newTerraformCLI(t, head+mayarLinkConfig("Kopi", "25000"))
	tally := &requestTally{sb: sb}
	get, create, edit, status := sandbox.RouteMayarProductGet, sandbox.RouteMayarProductCreate, sandbox.RouteMayarProductEdit,
		sandbox.RouteMayarProductStatus
	apply, destroy := []string{"apply", "-auto-approve"}, []string{"destroy", "-auto-approve"}
	steps := []struct {
		name string
		body string // main.tf after the provider block; "" keeps the last
		args []string
		want map[sandbox.Route]int
	}{
		{"create", "", apply, map[sandbox.Route]int{create: 1}},
		{"refresh (plan)", "", []string{"plan"}, map[sandbox.Route]int{get: 1}},
		{"edit amount", mayarLinkConfig("Kopi", "30000"), apply, map[sandbox.Route]int{get: 1, edit: 1}},
		{"status change", mayarLinkConfig("Kopi", "30000", `status = "unlisted"`), apply, map[sandbox.Route]int{get: 1, status: 1}},
		{"edit and status", mayarLinkConfig("Kopi susu", "30000", `status = "closed"`), apply,
			map[sandbox.Route]int{get: 1, edit: 1, status: 1}},
		{"destroy of a closed link", "", destroy, map[sandbox.Route]int{get: 1}},
		{"create with status = unlisted", mayarLinkConfig("Es jeruk", "15000", `status = "unlisted"`), apply,
			map[sandbox.Route]int{create: 1, status: 1}},
		{"destroy", "", destroy, map[sandbox.Route]int{get: 1, status: 1}},
	}
	var costs []string
	for _, s := range steps {
		if s.body != "" {
			tf.writeConfig(head + s.body)
		}
		out := tf.run(append(s.args, "-input=false", "-no-color")...)
		got := tally.next()
		costs = append(costs, fmt.Sprintf("%s: %s", s.name, tallyText(got)))
		if tallyText(got) != tallyText(s.want) || len(got) != len(s.want) {
			t.Errorf("%s cost %v, want %v", s.name, got, s.want)
		}
		if s.name == "destroy of a closed link" &&
			!regexp.MustCompile(`(?s)Warning: Mayar payment link \S+ was not closed.*already closed, so there is nothing to close`).MatchString(out) {
			t.Errorf("destroy of a closed link said:\n%s", out)
		}
	}
	p := sb.CreateMayarPaymentLink(sandbox.MayarPaymentLinkInput{Name: "Sewa", Amount: 50000})
	tf.writeConfig(head + mayarLinkConfig("Sewa", "50000"))
	tf.run("import", "-input=false", "-no-color", mayarLinkAddr, p.ID)
	got := tally.next()
	costs = append(costs, "import: "+tallyText(got))
	if tallyText(got) != tallyText(map[sandbox.Route]int{get: 1}) {
		t.Errorf("import cost %v, want one read", got)
	}
	if plan := tf.run("plan", "-input=false", "-no-color"); !strings.Contains(plan, "No changes.") {
		t.Errorf("the plan after import is not empty:\n%s", plan)
	}
	t.Logf("requests per step: %s", strings.Join(costs, "; "))
}
