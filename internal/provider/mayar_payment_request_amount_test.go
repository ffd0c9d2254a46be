package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// adoptedAddr is the request adoptConfig imports.
const adoptedAddr = "indopay_mayar_payment_request.adopted"

// A payment request without an amount (Mayar lists its amount as null),
// made outside Terraform, is imported and kept without one, on V1 and V2:
// the plan after the import is empty, and closing and reopening it need
// no amount. Mayar's edit always sends one, so editing its description
// without an amount is refused at plan time, naming amount; with amount
// set, the edit asks that amount; removing the amount again is refused.
// Neither refusal sends a request.
func TestAccMayarPaymentRequestResource_withoutAmount(t *testing.T) {
	forEachVersion(t, func(t *testing.T, v mayarAPIVersion) {
		sb := newTestSandbox(t, sandbox.Options{})
		made, ok := sb.CreateMayarPaymentRequest(sandbox.MayarCreateInput{Name: "Donasi bebas", Amount: 1, Email: "siti@example.id"})
		if !ok {
			t.Fatal("the sandbox refused the request")
		}
		if err := sb.ModifyMayarPayment(made.ID, func(p *sandbox.MayarPayment) { p.Amount = nil }); err != nil {
			t.Fatal(err)
		}
		free, _ := sb.MayarPayment(made.ID)
		priced := free
		priced.Amount = new(int64)
		*priced.Amount = 50000
		noChange := []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), expectNoDrift}
		config := func(p sandbox.MayarPayment, extra ...string) string { return v.block(sb) + adoptConfig(p, extra...) }
		var edits int
		countEdits := func() { edits = sb.RequestCount(sandbox.RouteMayarEdit) }
		noEditSent := func() {
			if n := sb.RequestCount(sandbox.RouteMayarEdit); n != edits {
				t.Errorf("a refused edit sent %d edit requests", n-edits)
			}
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			Steps: []resource.TestStep{
				{
					Config: config(free),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(adoptedAddr, plancheck.ResourceActionNoop)},
						PostApplyPostRefresh: noChange,
					},
					ConfigStateChecks: expectValues(adoptedAddr, map[string]knownvalue.Check{
						"amount": knownvalue.Null(), "status": knownvalue.StringExact("active"),
					}),
				},
				{Config: config(free, "open = false"), ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: noChange}},
				{Config: config(free), ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: noChange}},
				{
					PreConfig: countEdits,
					Config:    config(free, `description = "Donasi untuk panti"`),
					ExpectError: errorText("Mayar payment request cannot be edited without an amount", "needs an amount",
						"this payment request has none in Mayar", "Set amount", "No edit was sent"),
				},
				{
					PreConfig:        noEditSent,
					Config:           config(priced, `description = "Donasi untuk panti"`),
					ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: noChange},
					Check: mayarRequest(sb, &made.ID, func(p sandbox.MayarPayment) error {
						if p.Amount == nil || *p.Amount != 50000 || p.Description != "<p>Donasi untuk panti</p>\n" {
							return fmt.Errorf("the edit did not set the amount and description: %+v", p)
						}
						return nil
					}),
				},
				{
					PreConfig: countEdits,
					Config:    config(free, `description = "Donasi untuk panti"`),
					ExpectError: errorText("Mayar payment request cannot be edited without an amount",
						"Mayar holds Rp 50000 for this payment request, and an amount cannot be removed"),
				},
				{PreConfig: noEditSent, Config: config(priced, `description = "Donasi untuk panti"`), PlanOnly: true},
			},
		})
		wantRequests(t, sb, map[sandbox.Route]int{
			sandbox.RouteMayarCreate: 0, sandbox.RouteMayarEdit: 1, sandbox.RouteMayarOpen: 1, sandbox.RouteMayarClose: 2,
		})
	})
}

// Creating a payment request still needs an amount: without one the plan
// fails, naming amount, and nothing is sent.
func TestAccMayarPaymentRequestResource_createNeedsAmount(t *testing.T) {
	forEachVersion(t, func(t *testing.T, v mayarAPIVersion) {
		sb := newTestSandbox(t, sandbox.Options{})
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config:   v.block(sb) + mayarRequestConfig("Kopi", "null"),
				PlanOnly: true,
				ExpectError: errorText("Missing amount for a new Mayar payment request", "amount is required to create a payment request",
					"at least 1", "can be imported and kept without one"),
			}},
		})
		wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteAny: 0})
	})
}
