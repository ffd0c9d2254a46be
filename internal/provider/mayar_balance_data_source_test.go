package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

const mayarBalanceConfig = `
data "indopay_mayar_balance" "this" {}
`

// The balance on both versions (V1 /hl/v1/balance, V2 /hl/v2/balances),
// with a read-only key, which is all the data source needs.
func TestAccMayarBalanceDataSource(t *testing.T) {
	const addr = "data.indopay_mayar_balance.this"
	for _, v := range mayarAPIVersions {
		t.Run(v.name, func(t *testing.T) {
			sb := newTestSandbox(t, sandbox.Options{})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: v.block(sb, `mayar.api_key="`+sandbox.MayarReadOnlyKey+`"`) + mayarBalanceConfig,
					ConfigStateChecks: expectValues(addr, map[string]knownvalue.Check{
						"balance_active":  knownvalue.Int64Exact(sandbox.MayarBalanceActive),
						"balance_pending": knownvalue.Int64Exact(sandbox.MayarBalancePending),
						"balance":         knownvalue.Int64Exact(sandbox.MayarBalanceActive + sandbox.MayarBalancePending),
					}),
				}},
			})
			requests := sb.Requests()
			if len(requests) == 0 {
				t.Fatal("the sandbox saw no request")
			}
			want := map[string]string{"v1": "/hl/v1/balance", "v2": "/hl/v2/balances"}[v.name]
			for _, r := range requests {
				if r.Route != sandbox.RouteMayarBalance || r.Path != want {
					t.Errorf("unexpected request %s %s (route %s), want only GET %s", r.Method, r.Path, r.Route, want)
				}
				if r.KeyInQuery {
					t.Errorf("%s %s carried the API key in the query string", r.Method, r.Path)
				}
			}
		})
	}
}

// A refused key, with a native 401 and as HTTP 200 "failed", and a server
// error without retries: each names the operation and quotes Mayar.
func TestAccMayarBalanceDataSource_apiErrors(t *testing.T) {
	for _, v := range mayarAPIVersions {
		t.Run(v.name+"/401", func(t *testing.T) {
			sb := newTestSandbox(t, sandbox.Options{})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      v.block(sb, `mayar.api_key="not-a-key"`) + mayarBalanceConfig,
					ExpectError: errorText("Unable to read the Mayar balance", "401", `"Unauthorized"`, "mayar.api_key", "MAYAR_API_KEY"),
				}},
			})
		})
		t.Run(v.name+"/HTTP 200 failed", func(t *testing.T) {
			sb := newTestSandbox(t, sandbox.Options{FailuresWithHTTP200: true})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      v.block(sb, `mayar.api_key="not-a-key"`) + mayarBalanceConfig,
					ExpectError: errorText("Unable to read the Mayar balance", `"failed"`),
				}},
			})
		})
		t.Run(v.name+"/503", func(t *testing.T) {
			sb := newTestSandbox(t, sandbox.Options{})
			sb.InjectFaults(sandbox.RouteMayarBalance, sandbox.Fault{Kind: sandbox.Fault503})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      v.block(sb, "max_retries=0") + mayarBalanceConfig,
					ExpectError: errorText("Unable to read the Mayar balance", "503", `"Service Unavailable"`, "try again later"),
				}},
			})
		})
	}
}
