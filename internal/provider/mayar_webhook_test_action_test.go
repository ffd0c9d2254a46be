package provider_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"

	"github.com/indopay/terraform-provider-indopay/internal/provider"
	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// webhookTestConfig sets the webhook URL to base + "/mayar/" + secret (a
// sensitive variable) and tests it after every create and update of the
// webhook. The action takes the URL from a local value, as the docs'
// example does, rather than from the webhook: Terraform 1.16 warns about
// an action that refers to the resource that triggers it, and cannot
// -invoke it alone.
func webhookTestConfig(sb *testSandbox, base, secret string) string {
	return cliRequiredProviders + `
` + sb.providerBlock() + `
variable "webhook_secret" {
  type      = string
  sensitive = true
  default   = "` + secret + `"
}

locals {
  webhook_url = "` + base + `/mayar/${var.webhook_secret}"
}

resource "indopay_mayar_webhook" "payments" {
  url = local.webhook_url

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.indopay_mayar_webhook_test.payments]
    }
  }
}

action "indopay_mayar_webhook_test" "payments" {
  config {
    url = local.webhook_url
  }
}
`
}

// The action_trigger sends Mayar's test event to the URL just set, on
// create and on update, and only then; -invoke sends one on demand.
func TestAccMayarWebhookTestAction_trigger(t *testing.T) {
	requireTerraform(t, "1.14.0")
	t.Parallel()
	sb := newTestSandbox(t, sandbox.Options{})
	recv := newWebhookReceiver(t)
	want := []string{}
	check := func(step string) {
		t.Helper()
		if got := recv.received(); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Fatalf("%s: the receiver got %q, want %q", step, got, want)
		}
		if got, n := sb.RequestCount(sandbox.RouteMayarWebhookTest), len(want); got != n {
			t.Fatalf("%s: %d test requests reached Mayar, want %d", step, got, n)
		}
	}

	tf := newTerraformCLI(t, webhookTestConfig(sb, recv.URL, "s3cret-one"))
	tf.apply()
	want = append(want, "/mayar/s3cret-one "+sandbox.EventTest)
	check("create")
	if got := sb.WebhookURL(); got != recv.URL+"/mayar/s3cret-one" {
		t.Fatalf("the webhook URL is %q", got)
	}

	tf.writeConfig(webhookTestConfig(sb, recv.URL, "s3cret-two"))
	tf.apply()
	want = append(want, "/mayar/s3cret-two "+sandbox.EventTest)
	check("update")

	if out := tf.apply(); strings.Contains(out, "Action started") {
		t.Fatalf("an apply with nothing to change ran the action:\n%s", out)
	}
	check("no change")

	tf.apply("-invoke=action.indopay_mayar_webhook_test.payments")
	want = append(want, "/mayar/s3cret-two "+sandbox.EventTest)
	check("invoke")
	// The secret path, sensitive in the configuration, is in no plan or
	// progress message of any run.
	for _, out := range tf.outputs {
		if strings.Contains(out, "s3cret") {
			t.Fatalf("a run showed the webhook URL's secret path:\n%s", out)
		}
	}
	for _, d := range sb.WebhookDeliveries() {
		if d.Error != "" || d.Status != http.StatusOK {
			t.Fatalf("a delivery failed: %+v", d)
		}
	}
}

// A URL that is not https (nor loopback http) is refused at plan time,
// naming the argument, with nothing sent; Mayar's refusal (a read-only key)
// is an error that quotes it.
func TestAccMayarWebhookTestAction_errors(t *testing.T) {
	requireTerraform(t, "1.14.0")
	t.Parallel()
	sb := newTestSandbox(t, sandbox.Options{})
	recv := newWebhookReceiver(t)
	config := func(hookURL string, overrides ...string) string {
		return cliRequiredProviders + `
` + sb.providerBlock(overrides...) + `
action "indopay_mayar_webhook_test" "hook" {
  config {
    url = "` + hookURL + `"
  }
}
`
	}
	tf := newTerraformCLI(t, config("http://hooks.example.id/mayar/s3cret"))
	out := tf.applyFails("-invoke=action.indopay_mayar_webhook_test.hook")
	if !errorText("Invalid webhook URL", "url must be an absolute https:// URL", "loopback").MatchString(out) {
		t.Fatalf("a plain http URL was not refused at plan time:\n%s", out)
	}
	wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteAny: 0})

	tf.writeConfig(config(recv.URL+"/mayar/s3cret", `mayar.api_key="`+sandbox.MayarReadOnlyKey+`"`))
	out = tf.applyFails("-invoke=action.indopay_mayar_webhook_test.hook")
	if !errorText("Unable to send the Mayar webhook test event", "HTTP 403", "read-only").MatchString(out) {
		t.Fatalf("Mayar's refusal was not quoted:\n%s", out)
	}
	if got := recv.received(); len(got) != 0 {
		t.Fatalf("the receiver got %q after a refused test", got)
	}
}

// The value the url's description gives as an example is the one the
// page's example uses: the page says why not to refer to the webhook
// resource, so the description must not suggest it.
func TestMayarWebhookTestAction_urlDescriptionAgreesWithExample(t *testing.T) {
	var resp action.SchemaResponse
	provider.NewMayarWebhookTestAction().Schema(context.Background(), action.SchemaRequest{}, &resp)
	attr, ok := resp.Schema.Attributes["url"]
	if !ok {
		t.Fatal("the action has no url")
	}
	suggested := regexp.MustCompile("such as `([^`]+)`").FindStringSubmatch(attr.GetMarkdownDescription())
	used := regexp.MustCompile(`(?s)action "indopay_mayar_webhook_test" "\w+" \{.*?\burl\s*=\s*(\S+)`).
		FindStringSubmatch(exampleConfig(t, "actions/indopay_mayar_webhook_test/action.tf"))
	if suggested == nil || used == nil || suggested[1] != used[1] {
		t.Fatalf("the url's description suggests %v, the example uses %v:\n%s", suggested, used, attr.GetMarkdownDescription())
	}
}
