package provider_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// badInputConsumer uses the provider, so that its block is validated and
// configured.
const badInputConsumer = "data \"indopay_payget_profile\" \"bad\" {}\n"

func badInputResource(args ...string) string {
	return "resource \"indopay_payget_payment\" \"bad\" {\n  " + strings.Join(args, "\n  ") + "\n}\n"
}

func badInputConfirmation(args ...string) string {
	return "resource \"indopay_payget_payment_confirmation\" \"bad\" {\n  " + strings.Join(args, "\n  ") + "\n}\n"
}

func badInputDataSource(typ string, args ...string) string {
	return fmt.Sprintf("data %q \"bad\" {\n  %s\n}\n", typ, strings.Join(args, "\n  "))
}

func badInputOutput(expr string) string {
	return fmt.Sprintf("output \"bad\" {\n  value = %s\n}\n", expr)
}

const amountRule = "must be a whole number of rupiah from 100 to 5000000"

// Every argument of every type, and of the provider block, refuses bad
// values at plan time: the error names the argument and what it accepts,
// and the sandbox, one per case, receives no request at all.
func TestAccBadInput(t *testing.T) {
	cases := []struct {
		name     string
		override []string // provider block overrides
		config   string   // what uses the provider; badInputConsumer if empty
		want     *regexp.Regexp
	}{
		// The provider block.
		{name: "payget.base_url http to a network host", override: []string{`payget.base_url="http://payget.example.com"`},
			want: errorText("payget.base_url", "must use https://", "plain http:// is allowed only for loopback hosts", `"http://payget.example.com"`)},
		{name: "payget.base_url http to a private address", override: []string{`payget.base_url="http://192.168.1.10:8080"`},
			want: errorText("payget.base_url", "must use https://", "loopback hosts")},
		{name: "payget.base_url http to a look-alike of localhost", override: []string{`payget.base_url="http://localhost.example.com"`},
			want: errorText("payget.base_url", "must use https://", "loopback hosts")},
		{name: "mayar.base_url http to a network host", override: []string{`mayar.base_url="http://10.1.2.3"`},
			want: errorText("mayar.base_url", "must use https://", "loopback hosts", `"http://10.1.2.3"`)},
		{name: "payget.base_url ftp", override: []string{`payget.base_url="ftp://payget.sakuin.id"`},
			want: errorText("payget.base_url", "must use the https scheme", `"ftp://payget.sakuin.id"`)},
		{name: "mayar.base_url relative", override: []string{`mayar.base_url="api.mayar.id/hl"`},
			want: errorText("mayar.base_url", "must be an absolute URL such as https://api.example.com", `"api.mayar.id/hl"`)},
		{name: "payget.base_url with credentials", override: []string{`payget.base_url="https://user:secret@payget.sakuin.id"`},
			want: errorText("payget.base_url", "must not carry credentials, a query or a fragment")},
		{name: "mayar.base_url with a query", override: []string{`mayar.base_url="https://api.mayar.id/?apiKey=x"`},
			want: errorText("mayar.base_url", "must not carry credentials, a query or a fragment")},
		{name: "payget.base_url empty", override: []string{`payget.base_url=""`},
			want: errorText("payget.base_url", "must be an absolute URL")},
		{name: "mayar.api_version v3", override: []string{`mayar.api_version="v3"`},
			want: errorText("mayar.api_version", `must be "v2" or "v1", got "v3"`)},
		{name: "mayar.api_version upper case", override: []string{`mayar.api_version="V2"`},
			want: errorText("mayar.api_version", `must be "v2" or "v1", got "V2"`)},
		{name: "request_timeout not a duration", override: []string{`request_timeout="soon"`},
			want: errorText("request_timeout", `must be a duration such as "30s" or "1m"`, `"soon"`)},
		{name: "request_timeout without a unit", override: []string{`request_timeout="30"`},
			want: errorText("request_timeout", `must be a duration such as "30s"`, `"30"`)},
		{name: "request_timeout too short", override: []string{`request_timeout="10ms"`},
			want: errorText("request_timeout", "must be from 1s to 10m,", `"10ms"`)},
		{name: "request_timeout too long", override: []string{`request_timeout="2h"`},
			want: errorText("request_timeout", "must be from 1s to 10m,", `"2h"`)},
		{name: "request_timeout negative", override: []string{`request_timeout="-5s"`},
			want: errorText("request_timeout", "must be from 1s to 10m,", `"-5s"`)},
		{name: "max_retries negative", override: []string{`max_retries=-1`},
			want: errorText("max_retries", "value must be between 0 and 10", "got: -1")},
		{name: "max_retries too many", override: []string{`max_retries=11`},
			want: errorText("max_retries", "value must be between 0 and 10", "got: 11")},
		{name: "max_retries fractional", override: []string{`max_retries=1.5`},
			// terraform-plugin-framework reads an Int64 attribute before its
			// validators run, so its own conversion error comes first: it
			// shows the argument in the source excerpt and says "integer".
			want: errorText("max_retries = 1.5", "is not an integer")},
		{name: "requests_per_minute negative", override: []string{`mayar.requests_per_minute=-1`},
			want: errorText("mayar.requests_per_minute", "value must be between 0 and 6000", "got: -1")},
		{name: "requests_per_minute too large", override: []string{`mayar.requests_per_minute=6001`},
			want: errorText("mayar.requests_per_minute", "value must be between 0 and 6000", "got: 6001")},
		{name: "payget.api_key empty", override: []string{`payget.api_key=""`},
			want: errorText("payget.api_key", "string length must be at least 1")},
		{name: "mayar.api_key empty", override: []string{`mayar.api_key=""`},
			want: errorText("mayar.api_key", "string length must be at least 1")},

		// indopay_payget_payment.
		{name: "amount below the minimum", config: badInputResource("amount = 99"),
			want: errorText("amount "+amountRule, "got 99")},
		{name: "amount above the maximum", config: badInputResource("amount = 5000001"),
			want: errorText("amount "+amountRule, "got 5000001")},
		{name: "amount fractional", config: badInputResource("amount = 100.5"),
			want: errorText("amount "+amountRule, "got 100.5")},
		{name: "amount negative", config: badInputResource("amount = -1"),
			want: errorText("amount "+amountRule, "got -1")},
		{name: "amount zero", config: badInputResource("amount = 0"),
			want: errorText("amount "+amountRule, "got 0")},
		{name: "amount a word", config: badInputResource(`amount = "fifty thousand"`),
			want: errorText(`Inappropriate value for attribute "amount"`, "a number is required")},
		{name: "amount missing", config: badInputResource(`cancel_on_destroy = true`),
			want: errorText(`The argument "amount" is required`)},
		{name: "cancel_on_destroy maybe", config: badInputResource("amount = 50000", `cancel_on_destroy = "maybe"`),
			want: errorText(`Inappropriate value for attribute "cancel_on_destroy"`, "a bool is required")},
		{name: "wait_for_payment, removed", config: badInputResource("amount = 50000", `wait_for_payment = true`),
			want: errorText(`Unsupported argument`, `An argument named "wait_for_payment" is not expected here`)},
		{name: "timeouts.create soon", config: badInputResource("amount = 50000", `timeouts { create = "soon" }`),
			want: errorText("Invalid timeout", `timeouts.create must be a positive duration such as "30s" or "10m"`, `got "soon"`)},
		{name: "timeouts.delete without a unit", config: badInputResource("amount = 50000", `timeouts { delete = "90" }`),
			want: errorText("Invalid timeout", `timeouts.delete must be a positive duration`, `got "90"`)},
		{name: "timeouts.read negative", config: badInputResource("amount = 50000", `timeouts { read = "-1m" }`),
			want: errorText("Invalid timeout", `timeouts.read must be a positive duration`, `got "-1m"`)},
		{name: "computed id set", config: badInputResource("amount = 50000", `id = "abc"`),
			want: errorText(`Invalid Configuration for Read-Only Attribute`, "id")},

		// indopay_payget_payment_confirmation.
		{name: "confirmation payment_id empty", config: badInputConfirmation(`payment_id = ""`),
			want: errorText("payment_id", "string length must be between 1 and 128", `got: 0`)},
		{name: "confirmation payment_id too long", config: badInputConfirmation(fmt.Sprintf("payment_id = %q", strings.Repeat("a", 129))),
			want: errorText("payment_id", "string length must be between 1 and 128", `got: 129`)},
		{name: "confirmation payment_id spaces", config: badInputConfirmation(`payment_id = "  "`),
			want: errorText("payment_id", "must not be empty or only spaces")},
		{name: "confirmation payment_id missing", config: badInputConfirmation(`timeouts { create = "1m" }`),
			want: errorText(`The argument "payment_id" is required`)},
		{name: "confirmation timeouts.create not a duration", config: badInputConfirmation(`payment_id = "abc"`, `timeouts { create = "a while" }`),
			want: errorText("Invalid timeout", `timeouts.create must be a positive duration such as "30s" or "10m"`, `got "a while"`)},
		{name: "confirmation timeouts.delete does not exist", config: badInputConfirmation(`payment_id = "abc"`, `timeouts { delete = "1m" }`),
			want: errorText(`Unsupported argument`, `"delete" is not expected here`)},

		// indopay_payget_payment data source.
		{name: "payment id empty", config: badInputDataSource("indopay_payget_payment", `id = ""`),
			want: errorText("id", "string length must be between 1 and 128", `got: 0`)},
		{name: "payment id too long", config: badInputDataSource("indopay_payget_payment", fmt.Sprintf("id = %q", strings.Repeat("a", 129))),
			want: errorText("id", "string length must be between 1 and 128", `got: 129`)},
		{name: "payment id spaces", config: badInputDataSource("indopay_payget_payment", `id = " "`),
			want: errorText("id", "must not be empty or only spaces")},
		{name: "payment id missing", config: badInputDataSource("indopay_payget_payment", ""),
			want: errorText(`The argument "id" is required`)},

		// indopay_mayar_payments.
		{name: "mayar status open", config: badInputDataSource("indopay_mayar_payments", `status = "open"`),
			want: errorText("status", "value must be one of", `"active"`, `"paid"`, `"closed"`, `"open"`)},
		{name: "mayar status upper case", config: badInputDataSource("indopay_mayar_payments", `status = "PAID"`),
			want: errorText("status", "value must be one of", `"active"`, `"paid"`, `"closed"`, `"PAID"`)},
		{name: "mayar max_items 0", config: badInputDataSource("indopay_mayar_payments", `max_items = 0`),
			want: errorText("max_items", "value must be at least 1", "got: 0")},
		{name: "mayar max_items -1", config: badInputDataSource("indopay_mayar_payments", `max_items = -1`),
			want: errorText("max_items", "value must be at least 1", "got: -1")},
		{name: "mayar page_size 0", config: badInputDataSource("indopay_mayar_payments", `page_size = 0`),
			want: errorText("page_size", "value must be between 1 and 1000", "got: 0")},
		{name: "mayar page_size too large", config: badInputDataSource("indopay_mayar_payments", `page_size = 1001`),
			want: errorText("page_size", "value must be between 1 and 1000", "got: 1001")},
		{name: "mayar page_size a word", config: badInputDataSource("indopay_mayar_payments", `page_size = "big"`),
			want: errorText(`Inappropriate value for attribute "page_size"`, "a number is required")},

		// indopay_mayar_products and indopay_mayar_product.
		{name: "products type unknown", config: badInputDataSource("indopay_mayar_products", `type = "gadget"`),
			want: errorText("type", "value must be one of", `"generic_link"`, `"webinar"`, `"payment_request"`, `got: "gadget"`)},
		{name: "products type upper case", config: badInputDataSource("indopay_mayar_products", `type = "WEBINAR"`),
			want: errorText("type", "value must be one of", `got: "WEBINAR"`)},
		{name: "products search empty", config: badInputDataSource("indopay_mayar_products", `search = ""`),
			want: errorText("search", "must not be empty or only spaces")},
		{name: "products search spaces", config: badInputDataSource("indopay_mayar_products", `search = "   "`),
			want: errorText("search", "must not be empty or only spaces")},
		{name: "products max_items 0", config: badInputDataSource("indopay_mayar_products", `max_items = 0`),
			want: errorText("max_items", "value must be at least 1", "got: 0")},
		{name: "products timeouts.read soon", config: badInputDataSource("indopay_mayar_products", `timeouts { read = "soon" }`),
			want: errorText("Invalid timeout", `timeouts.read must be a positive duration`, `got "soon"`)},
		{name: "products computed total set", config: badInputDataSource("indopay_mayar_products", `total = 3`),
			want: errorText("Invalid Configuration for Read-Only Attribute", "total")},
		{name: "product id empty", config: badInputDataSource("indopay_mayar_product", `id = ""`),
			want: errorText("id", "string length must be between 1 and 128", `got: 0`)},
		{name: "product id spaces", config: badInputDataSource("indopay_mayar_product", `id = "  "`),
			want: errorText("id", "must not be empty or only spaces")},
		{name: "product id missing", config: badInputDataSource("indopay_mayar_product", ""),
			want: errorText(`The argument "id" is required`)},

		// The functions.
		{name: "payget_fee below the minimum", config: badInputOutput("provider::indopay::payget_fee(99)"),
			want: errorText("amount "+amountRule, "got 99")},
		{name: "payget_fee fractional", config: badInputOutput("provider::indopay::payget_fee(100.5)"),
			want: errorText("amount "+amountRule, "got 100.5")},
		{name: "payget_fee a word", config: badInputOutput(`provider::indopay::payget_fee("a lot")`),
			want: errorText(`"amount"`, "a number is required")},
		{name: "payget_balance_received above the maximum", config: badInputOutput("provider::indopay::payget_balance_received(5000001)"),
			want: errorText("amount "+amountRule, "got 5000001")},
		{name: "payget_balance_received negative", config: badInputOutput("provider::indopay::payget_balance_received(-1)"),
			want: errorText("amount "+amountRule, "got -1")},
		{name: "payget_balance_received null", config: badInputOutput("provider::indopay::payget_balance_received(null)"),
			want: errorText("amount", "null")},
	}
	if len(cases) < 30 {
		t.Fatalf("only %d bad inputs; the issue asks for at least 30", len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sb := newTestSandbox(t, sandbox.Options{})
			config := tc.config
			if config == "" {
				config = badInputConsumer
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      sb.providerBlock(tc.override...) + config,
					PlanOnly:    true,
					ExpectError: tc.want,
				}},
			})
			if reqs := sb.Requests(); len(reqs) != 0 {
				t.Fatalf("a bad input sent %d requests, want 0; the first: %s %s", len(reqs), reqs[0].Method, reqs[0].Path)
			}
		})
	}
}
