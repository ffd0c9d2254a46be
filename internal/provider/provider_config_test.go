package provider_test

import (
	"fmt"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// Bad provider arguments are refused at plan time, naming the argument and
// what it accepts, before any request reaches the API.
func TestAccProviderConfig_invalid(t *testing.T) {
	cases := []struct {
		name     string
		override string
		want     *regexp.Regexp
	}{
		{"http to a network host", `payget.base_url="http://payget.example.com"`, errorText("payget.base_url", "must use https://", "loopback")},
		{"mayar http to a network host", `mayar.base_url="http://10.1.2.3:8080"`, errorText("mayar.base_url", "must use https://")},
		{"relative base url", `payget.base_url="payget.sakuin.id"`, errorText("payget.base_url", "must be an absolute URL")},
		{"ftp base url", `mayar.base_url="ftp://api.mayar.id"`, errorText("mayar.base_url", "https scheme")},
		{"base url with credentials", `payget.base_url="https://user:pw@payget.sakuin.id"`, errorText("payget.base_url", "must not carry credentials")},
		{"api version v3", `mayar.api_version="v3"`, errorText("mayar.api_version", `must be "v2" or "v1", got "v3"`)},
		{"timeout soon", `request_timeout="soon"`, errorText("request_timeout", `must be a duration`, `"soon"`)},
		{"timeout too short", `request_timeout="10ms"`, errorText("request_timeout", "must be from 1s to 10m,")},
		{"timeout too long", `request_timeout="2h"`, errorText("request_timeout", "must be from 1s to 10m,")},
		{"negative retries", `max_retries=-1`, errorText("max_retries", "between 0 and 10")},
		{"too many retries", `max_retries=11`, errorText("max_retries", "between 0 and 10")},
		{"negative pacing", `mayar.requests_per_minute=-1`, errorText("mayar.requests_per_minute", "between 0 and 6000")},
		{"empty payget key", `payget.api_key=""`, errorText("payget.api_key", "at least 1")},
		{"empty mayar key", `mayar.api_key=""`, errorText("mayar.api_key", "at least 1")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sb := newTestSandbox(t, sandbox.Options{})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      sb.providerBlock(tc.override) + profileConfig,
					PlanOnly:    true,
					ExpectError: tc.want,
				}},
			})
			if n := len(sb.Requests()); n != 0 {
				t.Fatalf("an invalid provider configuration sent %d requests, want 0", n)
			}
		})
	}
}

// A key is needed only by what uses it: a type whose API key is missing
// fails at plan time, naming itself, the argument and the environment
// variable, before any request.
func TestAccProviderConfig_missingKey(t *testing.T) {
	cases := []struct {
		name, key, env, config string
		want                   []string // beyond the argument and the variable
	}{
		{"PayGet profile", "payget.api_key", "PAYGET_API_KEY", profileConfig, []string{"Missing PayGet API key", "indopay_payget_profile"}},
		{"PayGet payment", "payget.api_key", "PAYGET_API_KEY", paymentConfig("50000"), []string{"Missing PayGet API key"}},
		{"Mayar balance", "mayar.api_key", "MAYAR_API_KEY", mayarBalanceConfig, []string{"Missing Mayar API key", "indopay_mayar_balance"}},
		{"Mayar listing", "mayar.api_key", "MAYAR_API_KEY", mayarPaymentsConfig("all"), []string{"Missing Mayar API key", "indopay_mayar_payments"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(tc.env, "")
			sb := newTestSandbox(t, sandbox.Options{})
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      sb.providerBlock(tc.key+"=") + tc.config,
					PlanOnly:    true,
					ExpectError: errorText(append(tc.want, tc.key, tc.env)...),
				}},
			})
			if n := len(sb.Requests()); n != 0 {
				t.Fatalf("a missing key sent %d requests, want 0", n)
			}
		})
	}
}

// A key PayGet refuses is reported with PayGet's message and what to
// check, whether PayGet answers with its HTTP status or with HTTP 200 and
// "success": false; nothing is created.
func TestAccProviderConfig_invalidPayGetKey(t *testing.T) {
	cases := []struct {
		name, config string
		want         []string
	}{
		{"profile", profileConfig, []string{"Unable to read the PayGet profile", `"Invalid API Key."`, "PAYGET_API_KEY"}},
		{"payment", paymentConfig("50000"), []string{"Unable to create PayGet payment of Rp 50000", `"Invalid API Key."`, "PAYGET_API_KEY"}},
	}
	for _, tc := range cases {
		for mode, http200 := range map[string]bool{"native status": false, "HTTP 200 failure": true} {
			t.Run(tc.name+"/"+mode, func(t *testing.T) {
				sb := newTestSandbox(t, sandbox.Options{FailuresWithHTTP200: http200})
				resource.ParallelTest(t, resource.TestCase{
					ProtoV6ProviderFactories: protoV6ProviderFactories,
					Steps: []resource.TestStep{{
						Config:      sb.providerBlock(`payget.api_key="not-a-key"`) + tc.config,
						ExpectError: errorText(tc.want...),
					}},
				})
				if n := len(sb.PayGetPayments()); n != 0 {
					t.Fatalf("an invalid key created %d payments", n)
				}
			})
		}
	}
}

// Loopback hosts may use plain http: that is how the sandbox is reached.
func TestAccProviderConfig_loopbackHTTP(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{})
	localhostURL := regexp.MustCompile(`127\.0\.0\.1`).ReplaceAllString(sb.URL, "localhost")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: sb.providerBlock(`payget.base_url="`+localhostURL+`"`) + profileConfig,
			ConfigStateChecks: expectValues("data.indopay_payget_profile.me", map[string]knownvalue.Check{
				"username": knownvalue.StringExact("sandbox_user"),
			}),
		}},
	})
}

// A provider argument known only after apply cannot configure a client: the
// error names the argument and the environment variable to use instead.
func TestAccProviderConfig_unknownAtConfigure(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{})
	config := `
resource "terraform_data" "key" {
  input = "` + sandbox.PayGetKey + `"
}
provider "indopay" {
  payget {
    api_key  = terraform_data.key.output
    base_url = "` + sb.URL + `"
  }
}
` + profileConfig
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      config,
			ExpectError: errorText("payget.api_key", "known only after apply", "PAYGET_API_KEY"),
		}},
	})
	if n := len(sb.Requests()); n != 0 {
		t.Fatalf("an unknown provider argument sent %d requests, want 0", n)
	}
}

// Environment variables are checked like the arguments they stand for, with
// no provider block at all: one plain error names the variable, what it
// accepts and the argument it stands for. Terraform itself adds "Invalid
// provider configuration ... requires explicit configuration" and a source
// location "<empty> line 0" to any failure of a provider configured without
// a block (ConfigureProvider in its internal/terraform/node_provider.go), as
// an attribute error or not, so the test does not look for their absence.
func TestAccProviderConfig_invalidEnvironment(t *testing.T) {
	cases := []struct{ env, value, want string }{
		{"MAYAR_API_VERSION", "v3", `MAYAR_API_VERSION must be "v2" or "v1", got "v3"`},
		{"INDOPAY_REQUEST_TIMEOUT", "soon", `INDOPAY_REQUEST_TIMEOUT must be a duration such as "30s" or "1m"`},
		{"INDOPAY_REQUEST_TIMEOUT", "2h", `INDOPAY_REQUEST_TIMEOUT must be from 1s to 10m, got "2h"`},
		{"INDOPAY_MAX_RETRIES", "many", `INDOPAY_MAX_RETRIES must be a whole number from 0 to 10, got "many"`},
		{"MAYAR_REQUESTS_PER_MINUTE", "-1", `MAYAR_REQUESTS_PER_MINUTE must be a whole number from 0 to 6000, got "-1"`},
		{"PAYGET_BASE_URL", "http://payget.example.com", `PAYGET_BASE_URL must use https://; plain http:// is allowed only for loopback hosts`},
	}
	for _, tc := range cases {
		t.Run(tc.env+"="+tc.value, func(t *testing.T) {
			sb := newTestSandbox(t, sandbox.Options{})
			// Every other setting comes from the environment too, and points
			// at the sandbox, so that nothing could reach a real API.
			t.Setenv("PAYGET_BASE_URL", sb.URL)
			t.Setenv("MAYAR_BASE_URL", sb.URL)
			t.Setenv("PAYGET_API_KEY", sandbox.PayGetKey)
			t.Setenv(tc.env, tc.value)
			var failed bool
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				// ErrorCheck sees the whole text, so it can count errors.
				ErrorCheck: func(err error) error {
					text := err.Error()
					if !errorText("Invalid environment variable "+tc.env, tc.want, "stands for the provider argument").MatchString(text) {
						return err
					}
					if n := strings.Count(text, "Error: Invalid environment variable"); n != 1 {
						return fmt.Errorf("%d errors about environment variables, want 1:\n%w", n, err)
					}
					failed = true
					return nil
				},
				Steps: []resource.TestStep{{Config: profileConfig}},
			})
			if !failed {
				t.Fatalf("%s=%q did not fail the plan", tc.env, tc.value)
			}
			if n := len(sb.Requests()); n != 0 {
				t.Fatalf("an invalid %s sent %d requests, want 0", tc.env, n)
			}
		})
	}
}

// A misspelt argument inside the payget, mayar or timeouts block fails
// `terraform validate` with Terraform's own "Unsupported argument", naming
// it. As object attributes, the same typo was dropped without a word and
// the key went to the default (production) host.
func TestAccProviderConfig_typoInBlockIsAnError(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{})
	//nolint:misspell // the misspellings are what the test feeds Terraform
	cases := []struct{ name, config, typo string }{
		{"payget block", `provider "indopay" {
  payget {
    api_key  = "` + sandbox.PayGetKey + `"
    base_ulr = "` + sb.URL + `"
  }
}
` + profileConfig, "base_ulr"},
		{"mayar block", `provider "indopay" {
  mayar {
    api_key     = "` + sandbox.MayarKey + `"
    api_verison = "v1"
  }
}
data "indopay_mayar_balance" "b" {}
`, "api_verison"},
		{"timeouts block", sb.providerBlock() + `resource "indopay_payget_payment" "p" {
  amount = 50000
  timeouts {
    craete = "1m"
  }
}
`, "craete"},
	}
	cli := newTerraformCLI(t, "")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			config := cliRequiredProviders + tc.config
			cli.writeConfig(config)
			out := cli.runEnv(nil, true, "validate", "-no-color")
			if !errorText("Unsupported argument", tc.typo).MatchString(out) {
				t.Fatalf("terraform validate did not name %q as an unsupported argument:\n%s", tc.typo, out)
			}
		})
	}
	if n := len(sb.Requests()); n != 0 {
		t.Fatalf("configurations with a typo sent %d requests, want 0", n)
	}
}

// A base URL whose host does not exist fails at once, without retries,
// naming the host and both ways to set the base URL. The .invalid
// top-level domain never resolves.
func TestAccProviderConfig_unknownHost(t *testing.T) {
	cases := []struct{ name, override, config, want string }{
		{"payget", `payget.base_url="https://payget.invalid"`, profileConfig,
			"Unable to read the PayGet profile|the host payget.invalid was not found|does not exist|base URL is wrong|payget.base_url|PAYGET_BASE_URL"},
		{"mayar", `mayar.base_url="https://mayar.invalid"`, "data \"indopay_mayar_balance\" \"b\" {}\n",
			"Unable to read the Mayar balance|the host mayar.invalid was not found|does not exist|base URL is wrong|mayar.base_url|MAYAR_BASE_URL"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sb := newTestSandbox(t, sandbox.Options{})
			var failed atomic.Bool
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				ErrorCheck: func(err error) error {
					text := err.Error()
					if !errorText(strings.Split(tc.want, "|")...).MatchString(text) {
						return err
					}
					// max_retries is the default 4: one attempt shows that none was retried.
					if strings.Contains(text, "attempts") {
						return fmt.Errorf("the unknown host was retried:\n%w", err)
					}
					failed.Store(true)
					return nil
				},
				Steps: []resource.TestStep{{Config: sb.providerBlock(tc.override) + tc.config}},
			})
			if !failed.Load() {
				t.Fatal("the plan against an unknown host did not fail")
			}
		})
	}
}

// A base URL copied with the API's own path (Mayar's documentation writes
// https://api.mayar.id/hl/v2/...; PayGet's https://payget.sakuin.id/api/...)
// would send /hl/v2/hl/v2/balances. It is refused at plan time, from the
// provider block and from the environment variable alike, naming the one
// that holds it and the value to use, before any request.
func TestAccProviderConfig_apiPathInBaseURL(t *testing.T) {
	mayarBalance := mayarBalancesConfig(1)
	cases := []struct {
		name, argument, env, apiPath, config string
	}{
		{"payget", "payget.base_url", "PAYGET_BASE_URL", "/api", profileConfig},
		{"mayar v2", "mayar.base_url", "MAYAR_BASE_URL", "/hl/v2", mayarBalance},
		{"mayar v1 endpoint", "mayar.base_url", "MAYAR_BASE_URL", "/hl/v1/payment", mayarBalance},
	}
	for _, tc := range cases {
		t.Run(tc.name+" block", func(t *testing.T) {
			sb := newTestSandbox(t, sandbox.Options{})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:   sb.providerBlock(fmt.Sprintf("%s=%q", tc.argument, sb.URL+tc.apiPath)) + tc.config,
					PlanOnly: true,
					ExpectError: errorText("Invalid base URL", tc.argument+` must be "`+sb.URL+`", without `+tc.apiPath,
						"the provider adds", "API path", `got "`+sb.URL+tc.apiPath+`"`),
				}},
			})
			if n := len(sb.Requests()); n != 0 {
				t.Fatalf("a base URL with the API's path sent %d requests, want 0", n)
			}
		})
		t.Run(tc.name+" environment", func(t *testing.T) {
			sb := newTestSandbox(t, sandbox.Options{})
			t.Setenv("PAYGET_BASE_URL", sb.URL)
			t.Setenv("MAYAR_BASE_URL", sb.URL)
			t.Setenv("PAYGET_API_KEY", sandbox.PayGetKey)
			t.Setenv("MAYAR_API_KEY", sandbox.MayarKey)
			t.Setenv(tc.env, sb.URL+tc.apiPath)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:   tc.config,
					PlanOnly: true,
					ExpectError: errorText("Invalid environment variable "+tc.env,
						tc.env+` must be "`+sb.URL+`", without `+tc.apiPath, "the provider adds", "API path",
						"stands for the provider argument "+tc.argument),
				}},
			})
			if n := len(sb.Requests()); n != 0 {
				t.Fatalf("%s with the API's path sent %d requests, want 0", tc.env, n)
			}
		})
	}
}

// A base URL may have a path of its own (a proxy's prefix): requests go
// under it, and an error names the whole path requested, the prefix
// included, so that a wrong prefix is plain to see. A base URL where
// nothing accepts connections (a port nothing listens on: the sandbox not
// running) names the address and both ways to set the base URL, as an
// unknown host does.
func TestAccProviderConfig_baseURLErrors(t *testing.T) {
	const refused = "127.0.0.1:1" // port 1 (tcpmux): nothing listens there
	cases := []struct {
		name, override, config string
		underPrefix            bool // the base URL is the sandbox's, under /proxy
		want                   []string
	}{
		{"payget under a prefix", `payget.base_url="%s/proxy"`, profileConfig, true,
			[]string{"PayGet GET /proxy/api/profile: HTTP 404"}},
		{"mayar under a prefix", `mayar.base_url="%s/proxy"`, mayarBalancesConfig(1), true,
			[]string{"Mayar GET /proxy/hl/v2/balances: HTTP 404"}},
		{"payget connection refused", `payget.base_url="http://` + refused + `"`, profileConfig, false,
			[]string{"Unable to read the PayGet profile", "GET /api/profile", "nothing accepted the connection to " + refused +
				" (connection refused)", "Nothing listens at " + refused, "is not running", "payget.base_url", "PAYGET_BASE_URL"}},
		{"mayar connection refused", `mayar.base_url="http://` + refused + `"`, mayarBalancesConfig(1), false,
			[]string{"Unable to read the Mayar balance", "GET /hl/v2/balances", "nothing accepted the connection to " + refused +
				" (connection refused)", "Nothing listens at " + refused, "is not running", "mayar.base_url", "MAYAR_BASE_URL"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sb := newTestSandbox(t, sandbox.Options{})
			override := tc.override
			if tc.underPrefix {
				override = fmt.Sprintf(tc.override, sb.URL)
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      sb.providerBlock(override, "max_retries=0") + tc.config,
					ExpectError: errorText(tc.want...),
				}},
			})
			if reqs := sb.Requests(); tc.underPrefix && (len(reqs) == 0 || !strings.HasPrefix(reqs[0].Path, "/proxy/")) {
				t.Fatalf("the requests did not go under the base URL's path: %+v", reqs)
			}
		})
	}
}
