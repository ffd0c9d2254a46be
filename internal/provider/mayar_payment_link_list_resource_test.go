package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// seedLinks fills the sandbox's catalog with payment links of every
// status, one without a fixed price and one whose description Mayar holds
// as richer HTML, beside products of other types and a payment request,
// which the list resource leaves out. It returns the links' ids by name.
func seedLinks(t *testing.T, sb *testSandbox) map[string]string {
	t.Helper()
	sb.SetMayarProducts(sandbox.GenerateMayarProducts(8, mayarNewest))
	if _, ok := sb.CreateMayarPaymentRequest(sandbox.MayarCreateInput{Name: "Kopi tagihan", Amount: 1000, Email: "siti@example.id"}); !ok {
		t.Fatal("the sandbox refused the payment request")
	}
	ids := map[string]string{}
	for _, s := range []struct {
		name, status string
		amount       int64
	}{
		{"Kopi susu", "active", 25000}, {"Kopi hitam", "unlisted", 20000}, {"Es jeruk", "closed", 15000},
		{"Donasi bebas", "active", 0},
	} {
		p := sb.CreateMayarPaymentLink(sandbox.MayarPaymentLinkInput{Name: s.name, Amount: s.amount, Description: s.name})
		if err := sb.ModifyMayarProduct(p.ID, func(p *sandbox.MayarProduct) {
			p.Status = s.status
			if s.amount == 0 {
				p.Amount, p.Description = nil, "<p>Bayar <strong>seikhlasnya</strong>.</p>\n"
			}
		}); err != nil {
			t.Fatal(err)
		}
		ids[s.name] = p.ID
	}
	return ids
}

// linksOf counts the payment links in the sandbox's catalog that keep
// keeps.
func linksOf(sb *testSandbox, keep func(p sandbox.MayarProduct) bool) int {
	n := 0
	for _, p := range sb.MayarProducts() {
		if p.Type == sandbox.MayarPaymentLink && keep(p) {
			n++
		}
	}
	return n
}

func withStatus(status string) func(p sandbox.MayarProduct) bool {
	return func(p sandbox.MayarProduct) bool { return status == "" || p.Status == status }
}

// A query lists the payment links alone (no other product, no payment
// request), filtered by status and by Mayar's search; each has its identity
// and a display name, and include_resource gives it as an import reads
// it. Nothing is created or changed.
func TestAccMayarPaymentLinkListResource_query(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{})
	ids := seedLinks(t, sb)
	query := `
list "indopay_mayar_payment_link" "all" {
  provider = indopay
}

list "indopay_mayar_payment_link" "unlisted" {
  provider         = indopay
  include_resource = true
  config {
    status = "unlisted"
  }
}

list "indopay_mayar_payment_link" "kopi" {
  provider = indopay
  config {
    search = "kopi"
  }
}

list "indopay_mayar_payment_link" "two" {
  provider = indopay
  limit    = 2
  config {
    status = "active"
  }
}
`
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   queryChecks,
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: sb.providerBlock()},
			{Query: true, Config: query, QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("indopay_mayar_payment_link.all", linksOf(sb, withStatus(""))),
				querycheck.ExpectLength("indopay_mayar_payment_link.unlisted", linksOf(sb, withStatus("unlisted"))),
				querycheck.ExpectLength("indopay_mayar_payment_link.kopi", linksOf(sb, func(p sandbox.MayarProduct) bool {
					return strings.Contains(strings.ToLower(p.Name), "kopi")
				})),
				querycheck.ExpectLength("indopay_mayar_payment_link.two", 2),
				querycheck.ExpectIdentity("indopay_mayar_payment_link.kopi", map[string]knownvalue.Check{"id": knownvalue.StringExact(ids["Kopi hitam"])}),
				querycheck.ExpectResourceDisplayName("indopay_mayar_payment_link.all", byID(ids["Donasi bebas"]),
					knownvalue.StringExact("Donasi bebas – no amount (active)")),
				querycheck.ExpectResourceDisplayName("indopay_mayar_payment_link.all", byID(ids["Es jeruk"]),
					knownvalue.StringExact("Es jeruk – Rp 15000 (closed)")),
				querycheck.ExpectResourceKnownValues("indopay_mayar_payment_link.unlisted", byID(ids["Kopi hitam"]), []querycheck.KnownValueCheck{
					{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(ids["Kopi hitam"])},
					{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact("Kopi hitam")},
					{Path: tfjsonpath.New("amount"), KnownValue: knownvalue.Int64Exact(20000)},
					{Path: tfjsonpath.New("description"), KnownValue: knownvalue.StringExact("Kopi hitam")},
					{Path: tfjsonpath.New("status"), KnownValue: knownvalue.StringExact("unlisted")},
					{Path: tfjsonpath.New("close_on_destroy"), KnownValue: knownvalue.Bool(true)},
					{Path: tfjsonpath.New("link"), KnownValue: knownvalue.StringRegexp(linkURLPattern)},
					{Path: tfjsonpath.New("redirect_url"), KnownValue: knownvalue.Null()},
					{Path: tfjsonpath.New("notes"), KnownValue: knownvalue.Null()},
					{Path: tfjsonpath.New("expires_at"), KnownValue: knownvalue.Null()},
					{Path: tfjsonpath.New("limit"), KnownValue: knownvalue.Null()},
					{Path: tfjsonpath.New("tax"), KnownValue: knownvalue.Null()},
				}),
			}},
		},
	})
	wantRequests(t, sb, map[sandbox.Route]int{
		sandbox.RouteMayarProductCreate: 0, sandbox.RouteMayarProductEdit: 0, sandbox.RouteMayarProductStatus: 0,
		sandbox.RouteMayarProductGet: 0,
	})
}

// Bad filters, API v1 and a missing key are refused before anything is
// sent, naming what to change.
func TestAccMayarPaymentLinkListResource_refused(t *testing.T) {
	cases := []struct {
		name, override, config string
		want                   string
	}{
		{"status", "", "config {\n    status = \"paid\"\n  }", `value must be one of: ["active" "unlisted" "closed"], got: "paid"`},
		{"search blank", "", "config {\n    search = \" \"\n  }", "must not be empty or only spaces"},
		{"api v1", `mayar.api_version="v1"`, "", `indopay_mayar_payment_link needs Mayar API v2`},
		{"no key", "mayar.api_key=", "", "Missing Mayar API key"},
	}
	t.Setenv("MAYAR_API_KEY", "")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sb := newTestSandbox(t, sandbox.Options{})
			resource.Test(t, resource.TestCase{
				TerraformVersionChecks:   queryChecks,
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{
					{Config: sb.providerBlock(tc.override)},
					{
						Query:       true,
						Config:      "list \"indopay_mayar_payment_link\" \"x\" {\n  provider = indopay\n  " + tc.config + "\n}\n",
						ExpectError: errorText(tc.want),
					},
				},
			})
			wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteAny: 0})
		})
	}
}

// The walkthrough of the docs with the real CLI: `terraform query
// -generate-config-out` writes a resource and an import block for each
// payment link (one without a price, one whose description is richer HTML
// included), `terraform apply` imports them without creating or changing
// anything, and the plan after is empty.
func TestAccMayarPaymentLinkListResource_generateConfig(t *testing.T) {
	requireTerraform(t, "1.14.0")
	t.Parallel()
	sb := newTestSandbox(t, sandbox.Options{})
	seedLinks(t, sb)
	links := linksOf(sb, withStatus(""))

	tf := newTerraformCLI(t, cliRequiredProviders+"\n"+sb.providerBlock())
	query := "list \"indopay_mayar_payment_link\" \"catalog\" {\n  provider = indopay\n}\n"
	if err := os.WriteFile(filepath.Join(tf.dir, "adopt.tfquery.hcl"), []byte(query), 0o600); err != nil {
		t.Fatal(err)
	}
	out := tf.run("query", "-no-color", "-generate-config-out=generated.tf")
	generated, err := os.ReadFile(filepath.Join(tf.dir, "generated.tf"))
	if err != nil {
		t.Fatalf("terraform query wrote no generated.tf: %v\n%s", err, out)
	}
	if n := strings.Count(string(generated), `resource "indopay_mayar_payment_link"`); n != links {
		t.Fatalf("generated.tf has %d resource blocks, want %d:\n%s\n%s", n, links, generated, out)
	}
	sb.ResetRequests()
	out = tf.apply()
	if want := fmt.Sprintf("%d imported, 0 added, 0 changed, 0 destroyed", links); !strings.Contains(out, want) {
		t.Fatalf("apply of the generated configuration did not say %q:\n%s", want, out)
	}
	tf.runEnv(nil, false, "plan", "-detailed-exitcode", "-input=false", "-no-color")
	wantRequests(t, sb, map[sandbox.Route]int{
		sandbox.RouteMayarProductCreate: 0, sandbox.RouteMayarProductEdit: 0, sandbox.RouteMayarProductStatus: 0,
	})
}
