package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

const webhookAddr = "indopay_mayar_webhook.hook"

func webhookConfig(url string) string {
	return fmt.Sprintf("resource \"indopay_mayar_webhook\" \"hook\" {\n  url = %q\n}\n", url)
}

// Create sets the URL, a change sets the new one in place, the plan stays
// empty (there is nothing to read), and destroy sends nothing: Mayar keeps
// the last URL. Paying a request then delivers payment.received to it.
func TestAccMayarWebhookResource(t *testing.T) {
	forEachVersion(t, func(t *testing.T, v mayarAPIVersion) {
		sb := newTestSandbox(t, sandbox.Options{})
		rc := newWebhookReceiver(t)
		first, second := rc.URL+"/mayar/s3cr3t-1", rc.URL+"/mayar/s3cr3t-2"
		var id string
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			CheckDestroy: func(*terraform.State) error {
				if got := sb.WebhookURL(); got != second {
					return fmt.Errorf("after destroy the sandbox's webhook URL is %q, want the last one set", got)
				}
				return nil
			},
			Steps: []resource.TestStep{
				{
					Config: v.block(sb) + webhookConfig(first),
					ConfigStateChecks: expectValues(webhookAddr, map[string]knownvalue.Check{
						"id":  knownvalue.StringExact("webhook"),
						"url": knownvalue.StringExact(first),
					}),
					Check: func(*terraform.State) error {
						if got := sb.WebhookURL(); got != first {
							return fmt.Errorf("the sandbox's webhook URL is %q", got)
						}
						return nil
					},
					ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				},
				{
					Config: v.block(sb) + webhookConfig(second) + mayarRequestConfig("Kopi", "25000", `mobile = "081234567890"`),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(webhookAddr, plancheck.ResourceActionUpdate)},
						PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
					Check: resource.ComposeTestCheckFunc(captureID(mayarRequestAddr, &id), func(*terraform.State) error {
						if _, err := sb.PayMayarPaymentRequest(id); err != nil {
							return err
						}
						got := rc.got()
						if len(got) != 1 || got[0].Path != "/mayar/s3cr3t-2" || got[0].Event["event"] != "payment.received" {
							return fmt.Errorf("the receiver got %v", got)
						}
						data, _ := got[0].Event["data"].(map[string]any)
						if data["productId"] != id || data["amount"] != 25000.0 || data["customerMobile"] != "081234567890" {
							return fmt.Errorf("the event's data: %v", data)
						}
						return nil
					}),
				},
			},
		})
		wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteMayarWebhook: 2, sandbox.RouteMayarWebhookTest: 0})
	})
}

// A URL Mayar refuses fails the apply with its message; nothing is in
// state afterwards.
func TestAccMayarWebhookResource_refused(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{})
	sb.InjectFaults(sandbox.RouteMayarWebhook, sandbox.Fault{Kind: sandbox.Fault503}, sandbox.Fault{Kind: sandbox.Fault503})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      sb.providerBlock("max_retries=1") + webhookConfig("https://hooks.example.id/mayar/s3cr3t"),
			ExpectError: errorText("Unable to set the Mayar webhook URL", "POST /hl/v2/webhooks/update", "HTTP 503", "(after 2 attempts)"),
		}},
	})
	if sb.WebhookURL() != "" {
		t.Fatalf("a failed set left %q", sb.WebhookURL())
	}
}

// Bad URLs are refused at plan time without quoting the URL (it is
// sensitive), and nothing is sent.
func TestAccMayarWebhookResource_invalidURL(t *testing.T) {
	want := errorText("Invalid webhook URL", "url must be an absolute https:// URL", "plain http:// only for loopback hosts",
		"put a secret in the path instead")
	cases := map[string]string{
		"http to a network host": "http://hooks.example.id/s3cr3t",
		"relative":               "hooks.example.id/s3cr3t",
		"ftp":                    "ftp://hooks.example.id/s3cr3t",
		"query":                  "https://hooks.example.id/hook?token=s3cr3t",
		"credentials":            "https://user:s3cr3t@hooks.example.id/hook",
		"empty":                  "",
	}
	for name, url := range cases {
		t.Run(name, func(t *testing.T) {
			sb := newTestSandbox(t, sandbox.Options{})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      sb.providerBlock() + webhookConfig(url),
					PlanOnly:    true,
					ExpectError: want,
				}},
			})
			if n := len(sb.Requests()); n != 0 {
				t.Fatalf("a bad URL sent %d requests", n)
			}
		})
	}
}
