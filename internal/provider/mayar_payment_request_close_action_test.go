package provider_test

import (
	"strings"
	"testing"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// closeActionConfig is a payment request, a close action aimed at it and
// one aimed at an id Mayar does not know; extra goes inside the request's
// block (a lifecycle with an action_trigger).
func closeActionConfig(sb *testSandbox, extra string) string {
	return cliRequiredProviders + `
` + sb.providerBlock() + `
resource "indopay_mayar_payment_request" "bill" {
  name   = "Sewa kios"
  amount = 750000
` + extra + `}

action "indopay_mayar_payment_request_close" "bill" {
  config {
    id = indopay_mayar_payment_request.bill.id
  }
}

action "indopay_mayar_payment_request_close" "unknown" {
  config {
    id = "00000000-0000-4000-8000-000000000000"
  }
}

output "id" {
  value = indopay_mayar_payment_request.bill.id
}
`
}

// `terraform apply -invoke` closes the request without touching state; a
// closed request gives a warning, a paid one an error that quotes Mayar,
// an unknown id an error that says what to check.
func TestAccMayarPaymentRequestCloseAction_invoke(t *testing.T) {
	requireTerraform(t, "1.14.0")
	t.Parallel()
	sb := newTestSandbox(t, sandbox.Options{})
	tf := newTerraformCLI(t, closeActionConfig(sb, ""))
	tf.apply()
	id := tf.output("id")
	if p, ok := sb.MayarPayment(id); !ok || p.Status != "active" {
		t.Fatalf("after apply the sandbox has %+v (found %v), want an active request", p, ok)
	}

	sb.ResetRequests()
	out := tf.apply("-invoke=action.indopay_mayar_payment_request_close.bill")
	if p, _ := sb.MayarPayment(id); p.Status != "closed" {
		t.Fatalf("after the action the request is %s, want closed\n%s", p.Status, out)
	}
	wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteMayarClose: 1, sandbox.RouteMayarOpen: 0, sandbox.RouteMayarEdit: 0})
	if !strings.Contains(tf.run("state", "list"), "indopay_mayar_payment_request.bill") {
		t.Fatal("invoking the action removed the request from state")
	}

	out = tf.apply("-invoke=action.indopay_mayar_payment_request_close.bill")
	if !errorText("Warning", "Mayar payment request "+id+" was not closed", "already closed").MatchString(out) {
		t.Fatalf("closing a closed request did not warn:\n%s", out)
	}

	if err := sb.SetMayarPaymentStatus(id, "paid"); err != nil {
		t.Fatal(err)
	}
	out = tf.applyFails("-invoke=action.indopay_mayar_payment_request_close.bill")
	if !errorText("Error", "was not closed", "already paid", "Mayar cannot close a paid request", `"failed"`).MatchString(out) {
		t.Fatalf("closing a paid request did not say why:\n%s", out)
	}
	if p, _ := sb.MayarPayment(id); p.Status != "paid" {
		t.Fatalf("the paid request is %s after the refused close", p.Status)
	}

	out = tf.applyFails("-invoke=action.indopay_mayar_payment_request_close.unknown")
	if !errorText("Mayar payment request not found", "00000000-0000-4000-8000-000000000000", "Check the id", "mayar.api_key").MatchString(out) {
		t.Fatalf("closing an unknown request did not say so:\n%s", out)
	}
}

// An action_trigger closes the request right after it is created, in the
// same apply; the next refresh reads it closed.
func TestAccMayarPaymentRequestCloseAction_trigger(t *testing.T) {
	requireTerraform(t, "1.14.0")
	t.Parallel()
	sb := newTestSandbox(t, sandbox.Options{})

	trigger := afterCreateTrigger("action.indopay_mayar_payment_request_close.bill")
	tf := newTerraformCLI(t, closeActionConfig(sb, trigger))
	tf.apply()
	id := tf.output("id")
	if p, _ := sb.MayarPayment(id); p.Status != "closed" {
		t.Fatalf("after apply with an after_create trigger the request is %s, want closed", p.Status)
	}
	wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteMayarCreate: 1, sandbox.RouteMayarClose: 1})

	// The action leaves state alone; the refresh sees the request closed.
	tf.writeConfig(closeActionConfig(sb, "  open = false\n"))
	if out := tf.apply(); !strings.Contains(out, "0 added, 0 changed, 0 destroyed") {
		t.Fatalf("with open = false the apply after the trigger changed something:\n%s", out)
	}
	tf.run("plan", "-detailed-exitcode", "-input=false", "-no-color")
	wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteMayarCreate: 1, sandbox.RouteMayarClose: 1, sandbox.RouteMayarOpen: 0})
}
