package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// The documented fee rule, evaluated by Terraform through both functions,
// with no provider configuration and no API.
func TestAccPayGetFeeFunctions(t *testing.T) {
	cases := []struct{ amount, fee int64 }{
		{100, 0}, {50000, 0}, {500000, 0}, {500001, 4000}, {625000, 5000},
		{1000000, 8000}, {1234567, 9876}, {5000000, 40000},
	}
	config := ""
	var checks []statecheck.StateCheck
	for _, tc := range cases {
		config += fmt.Sprintf(`
output "fee_%[1]d" {
  value = provider::indopay::payget_fee(%[1]d)
}
output "received_%[1]d" {
  value = provider::indopay::payget_balance_received(%[1]d)
}
`, tc.amount)
		checks = append(checks,
			statecheck.ExpectKnownOutputValue(fmt.Sprintf("fee_%d", tc.amount), knownvalue.Int64Exact(tc.fee)),
			statecheck.ExpectKnownOutputValue(fmt.Sprintf("received_%d", tc.amount), knownvalue.Int64Exact(tc.amount-tc.fee)),
		)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: checks}},
	})
}

func TestAccPayGetFeeFunctions_null(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      "output \"x\" {\n  value = provider::indopay::payget_fee(null)\n}\n",
			ExpectError: errorText("argument must not be null"),
		}},
	})
}
