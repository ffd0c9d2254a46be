package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

func TestAccPayGetProfileDataSource(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: sb.providerBlock() + profileConfig,
			ConfigStateChecks: expectValues("data.indopay_payget_profile.me", map[string]knownvalue.Check{
				"username": knownvalue.StringExact("sandbox_user"),
				"level":    knownvalue.StringExact("member"),
				"balance":  knownvalue.Int64Exact(100000),
			}),
		}},
	})
	if got := sb.RequestCount(sandbox.RoutePayGetProfile); got == 0 {
		t.Fatalf("the sandbox saw no profile request")
	}
	for _, r := range sb.Requests() {
		if r.KeyInQuery {
			t.Errorf("%s %s carried the API key in the query string", r.Method, r.Path)
		}
	}
}

func TestAccPayGetProfileDataSource_otherAccount(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: sb.providerBlock(`payget.api_key="`+sandbox.PayGetOtherKey+`"`) + profileConfig,
			ConfigStateChecks: expectValues("data.indopay_payget_profile.me", map[string]knownvalue.Check{
				"username": knownvalue.StringExact("other_user"),
			}),
		}},
	})
}

// The environment variable is the fallback of payget.api_key.
func TestAccPayGetProfileDataSource_keyFromEnvironment(t *testing.T) {
	t.Setenv("PAYGET_API_KEY", sandbox.PayGetOtherKey)
	sb := newTestSandbox(t, sandbox.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: sb.providerBlock("payget.api_key=") + profileConfig,
			ConfigStateChecks: expectValues("data.indopay_payget_profile.me", map[string]knownvalue.Check{
				"username": knownvalue.StringExact("other_user"),
			}),
		}},
	})
}
