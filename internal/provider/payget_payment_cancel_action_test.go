package provider_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/indopay/terraform-provider-indopay/internal/client/payget"
	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// cancelActionConfig is a payment and a cancel action aimed at it; extra
// goes inside the payment's block (a lifecycle with an action_trigger).
func cancelActionConfig(sb *testSandbox, extra string) string {
	return cliRequiredProviders + sb.providerBlock() + `
resource "indopay_payget_payment" "topup" {
  amount = 25000
` + extra + `}

action "indopay_payget_payment_cancel" "topup" {
  config {
    id = indopay_payget_payment.topup.id
  }
}

output "id" {
  value = indopay_payget_payment.topup.id
}
`
}

// `terraform apply -invoke` cancels the payment without touching state:
// the payment reads Expired and stays managed; invoking it again on the
// Expired payment warns rather than fails.
func TestAccPayGetPaymentCancelAction_invoke(t *testing.T) {
	requireTerraform(t, "1.14.0")
	t.Parallel()
	sb := newTestSandbox(t, sandbox.Options{})

	tf := newTerraformCLI(t, cancelActionConfig(sb, ""))
	tf.apply()
	id := tf.output("id")
	if p, ok := sb.PayGetPayment(id); !ok || p.Status != payget.StatusPending {
		t.Fatalf("after apply the sandbox has %+v (found %v), want a Pending payment", p, ok)
	}

	out := tf.apply("-invoke=action.indopay_payget_payment_cancel.topup")
	if p, _ := sb.PayGetPayment(id); p.Status != payget.StatusExpired {
		t.Fatalf("after the action the payment is %s, want Expired\n%s", p.Status, out)
	}
	wantRequests(t, sb, map[sandbox.Route]int{sandbox.RoutePayGetCancel: 1})
	if !strings.Contains(tf.run("state", "list"), "indopay_payget_payment.topup") {
		t.Fatal("invoking the action removed the payment from state")
	}

	out = tf.apply("-invoke=action.indopay_payget_payment_cancel.topup")
	if !errorText("Warning", "was not cancelled", "already Expired").MatchString(out) {
		t.Fatalf("cancelling an Expired payment did not warn:\n%s", out)
	}
}

// An action_trigger runs the action after the payment is created, in the
// same apply; a paid payment cannot be cancelled and the error says so.
func TestAccPayGetPaymentCancelAction_trigger(t *testing.T) {
	requireTerraform(t, "1.14.0")
	t.Parallel()
	sb := newTestSandbox(t, sandbox.Options{})

	trigger := afterCreateTrigger("action.indopay_payget_payment_cancel.topup")
	tf := newTerraformCLI(t, cancelActionConfig(sb, trigger))
	tf.apply()
	id := tf.output("id")
	if p, _ := sb.PayGetPayment(id); p.Status != payget.StatusExpired {
		t.Fatalf("after apply with an after_create trigger the payment is %s, want Expired", p.Status)
	}

	// Paid: the action is an error that says why.
	tf.writeConfig(cancelActionConfig(sb, ""))
	tf.apply("-replace=indopay_payget_payment.topup")
	paid := tf.output("id")
	if err := sb.SetPayGetPaymentStatus(paid, payget.StatusSuccess); err != nil {
		t.Fatal(err)
	}
	out := tf.applyFails("-invoke=action.indopay_payget_payment_cancel.topup")
	if !errorText("was not cancelled", "already Success", "money stays received").MatchString(out) {
		t.Fatalf("cancelling a paid payment did not say why:\n%s", out)
	}
}

// Both actions that take an id refuse a blank one when Terraform validates
// the configuration, before anything is invoked or sent.
func TestAccActions_blankID(t *testing.T) {
	requireTerraform(t, "1.14.0")
	t.Parallel()
	sb := newTestSandbox(t, sandbox.Options{})
	for _, action := range []string{"indopay_payget_payment_cancel", "indopay_mayar_payment_request_close"} {
		t.Run(action, func(t *testing.T) {
			tf := newTerraformCLI(t, cliRequiredProviders+sb.providerBlock()+
				fmt.Sprintf("action %q \"blank\" {\n  config {\n    id = \"   \"\n  }\n}\n", action))
			out := tf.runEnv(nil, true, "plan", "-input=false", "-no-color", "-invoke=action."+action+".blank")
			if !errorText("id", "must not be empty or only spaces").MatchString(out) {
				t.Fatalf("a blank id was not refused with the rule:\n%s", out)
			}
		})
	}
	if reqs := sb.Requests(); len(reqs) != 0 {
		t.Fatalf("a blank id sent %d requests, want 0; the first: %s %s", len(reqs), reqs[0].Method, reqs[0].Path)
	}
}
