package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// A description written as plain text is read back as Mayar's HTML of it
// (<p>text</p>, the text escaped), which is the same description: on V1
// and V2, nothing drifts after a create, after an edit to a heredoc (which
// ends with a newline), or after an import of a request created in Mayar
// as plain text; a description changed outside Terraform shows in the
// next plan and is edited back.
func TestAccMayarPaymentRequestResource_descriptionAsMayarStoresIt(t *testing.T) {
	const heredoc = "description = <<-EOT\n    Sewa kios bulan Mei.\n    Bayar sebelum tanggal 10.\n  EOT"
	const heredocHTML = "<p>Sewa kios bulan Mei.\nBayar sebelum tanggal 10.</p>\n"
	forEachVersion(t, func(t *testing.T, v mayarAPIVersion) {
		sb := newTestSandbox(t, sandbox.Options{})
		var id string
		holds := func(want string) resource.TestCheckFunc {
			return mayarRequest(sb, &id, func(p sandbox.MayarPayment) error {
				if p.Description != want {
					return fmt.Errorf("the sandbox holds the description %q, want %q", p.Description, want)
				}
				return nil
			})
		}
		noChange := resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), expectNoDrift}}
		config := func(description string) string {
			return v.block(sb) + mayarRequestConfig("Kios", "750000", description)
		}
		adopted, ok := sb.CreateMayarPaymentRequest(sandbox.MayarCreateInput{Name: "Tagihan air", Amount: 90000, Email: "siti@example.id", Description: "Meteran 12 m³"})
		if !ok {
			t.Fatal("the sandbox refused the request")
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			Steps: []resource.TestStep{
				{
					Config:           config(`description = "Kopi & susu \"panas\""`),
					Check:            resource.ComposeTestCheckFunc(captureID(mayarRequestAddr, &id), holds("<p>Kopi &amp; susu &#34;panas&#34;</p>\n")),
					ConfigPlanChecks: noChange,
				},
				{Config: config(heredoc), Check: holds(heredocHTML), ConfigPlanChecks: noChange},
				{
					PreConfig: func() {
						if err := sb.ModifyMayarPayment(id, func(p *sandbox.MayarPayment) {
							p.Description = "<p>Sewa kios bulan <strong>Juni</strong>.</p>"
						}); err != nil {
							t.Fatal(err)
						}
					},
					Config: config(heredoc),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(mayarRequestAddr, plancheck.ResourceActionUpdate),
							plancheck.ExpectKnownValue(mayarRequestAddr, tfjsonpath.New("description"),
								knownvalue.StringExact("Sewa kios bulan Mei.\nBayar sebelum tanggal 10.\n")),
						},
						PostApplyPostRefresh: noChange.PostApplyPostRefresh,
					},
					Check: holds(heredocHTML),
				},
				{
					Config: config(heredoc) + adoptConfig(adopted, `description = "Meteran 12 m³"`),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("indopay_mayar_payment_request.adopted", plancheck.ResourceActionNoop)},
						PostApplyPostRefresh: noChange.PostApplyPostRefresh,
					},
				},
			},
		})
		wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteMayarCreate: 1, sandbox.RouteMayarEdit: 2})
	})
}
