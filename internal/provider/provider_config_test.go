package provider_test

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

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
		{"api version v3", `mayar.api_version="v3"`, errorText("mayar.api_version", `value must be one of`, `v1`, `v2`, `v3`)},
		{"timeout soon", `request_timeout="soon"`, errorText("request_timeout", `must be a duration`, `"soon"`)},
		{"timeout too short", `request_timeout="10ms"`, errorText("request_timeout", "must be from 1s to 10m0s")},
		{"timeout too long", `request_timeout="2h"`, errorText("request_timeout", "must be from 1s to 10m0s")},
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

// Loopback hosts may use plain http: that is how the sandbox is reached.
func TestAccProviderConfig_loopbackHTTP(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{})
	localhostURL := regexp.MustCompile(`127\.0\.0\.1`).ReplaceAllString(sb.URL, "localhost")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: sb.providerBlock(`payget.base_url="`+localhostURL+`"`) + profileConfig,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.indopay_payget_profile.me", tfjsonpath.New("username"), knownvalue.StringExact("sandbox_user")),
			},
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

// Environment variables are checked like the arguments they stand for.
func TestAccProviderConfig_invalidEnvironment(t *testing.T) {
	cases := []struct{ env, value, want string }{
		{"MAYAR_API_VERSION", "v3", "MAYAR_API_VERSION"},
		{"INDOPAY_REQUEST_TIMEOUT", "soon", "INDOPAY_REQUEST_TIMEOUT"},
		{"INDOPAY_MAX_RETRIES", "many", "INDOPAY_MAX_RETRIES"},
		{"PAYGET_BASE_URL", "http://payget.example.com", "PAYGET_BASE_URL"},
	}
	for _, tc := range cases {
		t.Run(tc.env, func(t *testing.T) {
			t.Setenv(tc.env, tc.value)
			sb := newTestSandbox(t, sandbox.Options{})
			block := sb.providerBlock()
			if tc.env == "PAYGET_BASE_URL" {
				block = sb.providerBlock("payget.base_url=")
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      block + profileConfig,
					ExpectError: errorText("Invalid environment variable " + tc.want),
				}},
			})
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
			config := "terraform {\n  required_providers {\n    indopay = { source = \"indopay/indopay\" }\n  }\n}\n" + tc.config
			if err := os.WriteFile(filepath.Join(cli.dir, "main.tf"), []byte(config), 0o600); err != nil {
				t.Fatal(err)
			}
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
