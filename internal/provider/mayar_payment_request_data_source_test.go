package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

const mayarRequestDataAddr = "data.indopay_mayar_payment_request.bill"

// One request read by id: what Mayar returns, with the full link only on
// V2; one Mayar does not know is an error that says how to find ids.
func TestAccMayarPaymentRequestDataSource(t *testing.T) {
	forEachVersion(t, func(t *testing.T, v mayarAPIVersion) {
		sb := newTestSandbox(t, sandbox.Options{})
		p, ok := sb.CreateMayarPaymentRequest(sandbox.MayarCreateInput{
			Name: "Sewa kios", Amount: 750000, Email: "siti@example.id", Description: "<p>Mei</p>",
		})
		if !ok {
			t.Fatal("the sandbox refused the request")
		}
		if _, err := sb.PayMayarPaymentRequest(p.ID); err != nil {
			t.Fatal(err)
		}
		var link knownvalue.Check = knownvalue.StringExact("https://sandbox.mayar.example/pl/" + p.Link)
		if v.name == "v1" {
			link = knownvalue.Null()
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			Steps: []resource.TestStep{
				{
					Config: v.block(sb, fmt.Sprintf("mayar.api_key=%q", sandbox.MayarReadOnlyKey)) +
						fmt.Sprintf("data \"indopay_mayar_payment_request\" \"bill\" {\n  id = %q\n}\n", p.ID),
					ConfigStateChecks: expectValues(mayarRequestDataAddr, map[string]knownvalue.Check{
						"name":        knownvalue.StringExact("Sewa kios"),
						"amount":      knownvalue.Int64Exact(750000),
						"status":      knownvalue.StringExact("paid"),
						"open":        knownvalue.Bool(false),
						"description": knownvalue.StringExact("<p>Mei</p>"),
						"type":        knownvalue.StringExact("payment_request"),
						"slug":        knownvalue.StringExact(p.Link),
						"link":        link,
					}),
				},
				{
					Config:      v.block(sb) + "data \"indopay_mayar_payment_request\" \"bill\" {\n  id = \"00000000-0000-4000-8000-000000000000\"\n}\n",
					ExpectError: errorText("Unable to read Mayar payment request 00000000-0000-4000-8000-000000000000", "HTTP 404", "indopay_mayar_payments"),
				},
			},
		})
	})
}

// A blank id is refused at plan time, with nothing sent.
func TestAccMayarPaymentRequestDataSource_blankID(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      sb.providerBlock() + "data \"indopay_mayar_payment_request\" \"bill\" {\n  id = \" \"\n}\n",
			PlanOnly:    true,
			ExpectError: errorText("id", "must not be empty or only spaces"),
		}},
	})
	if n := len(sb.Requests()); n != 0 {
		t.Fatalf("a blank id sent %d requests", n)
	}
}
