package provider_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/indopay/terraform-provider-indopay/internal/provider"
	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// queryChecks skip the list resource's tests, with the version in the
// message, under Terraform older than 1.14 and under OpenTofu, which have
// no `terraform query`.
var queryChecks = terraformAtLeast(tfversion.Version1_14_0)

// seedRequests fills the sandbox with payment requests of every status,
// made outside Terraform, and returns their ids by status, newest first
// as Mayar lists them.
func seedRequests(t *testing.T, sb *testSandbox) map[string][]string {
	t.Helper()
	seed := []struct {
		name   string
		amount int64
		status string
	}{
		{"Sewa kios", 750000, "active"},
		{"Kopi", 25000, "paid"},
		{"Susu", 15000, "closed"},
		{"Listrik", 320000, "active"},
		{"Air", 90000, "paid"},
		{"Parkir", 5000, "active"},
	}
	ids := map[string][]string{}
	for _, s := range seed {
		p, ok := sb.CreateMayarPaymentRequest(sandbox.MayarCreateInput{
			Name: s.name, Amount: s.amount, Email: "siti@example.id", Mobile: "081234567890", Description: s.name,
		})
		if !ok {
			t.Fatalf("the sandbox refused %q", s.name)
		}
		if s.status != "active" {
			if err := sb.SetMayarPaymentStatus(p.ID, s.status); err != nil {
				t.Fatal(err)
			}
		}
		ids[s.status] = append([]string{p.ID}, ids[s.status]...)
	}
	return ids
}

func byID(id string) queryfilter.QueryFilter {
	return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(id)})
}

// A query lists the requests of a status, each with its identity and a
// display name; include_resource gives each as an import reads it (what
// Mayar never returns null, open from the status, close_on_destroy's
// default); Terraform's limit stops the listing; no request is created or
// changed.
func TestAccMayarPaymentRequestListResource_query(t *testing.T) {
	forEachVersion(t, func(t *testing.T, v mayarAPIVersion) {
		sb := newTestSandbox(t, sandbox.Options{})
		ids := seedRequests(t, sb)
		paid, closed := ids["paid"][0], ids["closed"][0] // Air, Susu
		// The query file takes its provider block from the configuration
		// of the step before, which stays in the working directory.
		query := `
list "indopay_mayar_payment_request" "active" {
  provider = indopay
  config {
    status = "active"
  }
}

list "indopay_mayar_payment_request" "paid" {
  provider         = indopay
  include_resource = true
  config {
    status = "paid"
  }
}

list "indopay_mayar_payment_request" "closed" {
  provider         = indopay
  include_resource = true
  config {
    status = "closed"
  }
}

list "indopay_mayar_payment_request" "first" {
  provider = indopay
  limit    = 4
}
`
		asImported := func(id, name string, amount int64, status string, open bool) querycheck.QueryResultCheck {
			return querycheck.ExpectResourceKnownValues("indopay_mayar_payment_request."+status, byID(id), []querycheck.KnownValueCheck{
				{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(id)},
				{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact(name)},
				{Path: tfjsonpath.New("amount"), KnownValue: knownvalue.Int64Exact(amount)},
				// Mayar holds <p>name</p>; the resource reads it as the text written.
				{Path: tfjsonpath.New("description"), KnownValue: knownvalue.StringExact(name)},
				{Path: tfjsonpath.New("status"), KnownValue: knownvalue.StringExact(status)},
				{Path: tfjsonpath.New("open"), KnownValue: knownvalue.Bool(open)},
				{Path: tfjsonpath.New("close_on_destroy"), KnownValue: knownvalue.Bool(true)},
				{Path: tfjsonpath.New("email"), KnownValue: knownvalue.Null()},
				{Path: tfjsonpath.New("mobile"), KnownValue: knownvalue.Null()},
				{Path: tfjsonpath.New("expires_at"), KnownValue: knownvalue.Null()},
				{Path: tfjsonpath.New("transaction_id"), KnownValue: knownvalue.Null()},
				{Path: tfjsonpath.New("link"), KnownValue: knownvalue.Null()},
			})
		}
		checks := []querycheck.QueryResultCheck{
			querycheck.ExpectLength("indopay_mayar_payment_request.active", 3),
			querycheck.ExpectLength("indopay_mayar_payment_request.paid", 2),
			querycheck.ExpectLength("indopay_mayar_payment_request.closed", 1),
			querycheck.ExpectLength("indopay_mayar_payment_request.first", 4),
			querycheck.ExpectResourceDisplayName("indopay_mayar_payment_request.active", byID(ids["active"][2]),
				knownvalue.StringExact("Sewa kios – Rp 750000 (active)")),
			querycheck.ExpectResourceDisplayName("indopay_mayar_payment_request.paid", byID(paid),
				knownvalue.StringExact("Air – Rp 90000 (paid)")),
			// Paid is neither open nor closed: open takes true, as after an import.
			asImported(paid, "Air", 90000, "paid", true),
			asImported(closed, "Susu", 15000, "closed", false),
		}
		for _, id := range ids["active"] {
			checks = append(checks, querycheck.ExpectIdentity("indopay_mayar_payment_request.active",
				map[string]knownvalue.Check{"id": knownvalue.StringExact(id)}))
		}
		resource.Test(t, resource.TestCase{
			TerraformVersionChecks:   queryChecks,
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			Steps: []resource.TestStep{
				{Config: v.block(sb)},
				{Query: true, Config: query, QueryResultChecks: checks},
			},
		})
		wantRequests(t, sb, map[sandbox.Route]int{
			sandbox.RouteMayarCreate: 0, sandbox.RouteMayarEdit: 0, sandbox.RouteMayarClose: 0, sandbox.RouteMayarGet: 0,
		})
		if n := len(sb.MayarPayments()); n != 6 {
			t.Fatalf("the sandbox holds %d payment requests, want the 6 seeded", n)
		}
	})
}

// A status the listing does not accept is refused before anything is
// sent, naming the argument and the values allowed.
func TestAccMayarPaymentRequestListResource_invalidStatus(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{})
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   queryChecks,
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: sb.providerBlock()},
			{
				Query: true,
				Config: `
list "indopay_mayar_payment_request" "unpaid" {
  provider = indopay
  config {
    status = "unpaid"
  }
}
`,
				ExpectError: errorText("status", `value must be one of: ["active" "paid" "closed"], got: "unpaid"`),
			},
		},
	})
	wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteAny: 0})
}

// Without a Mayar key the query fails, naming both ways to set one.
func TestAccMayarPaymentRequestListResource_missingKey(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{})
	t.Setenv("MAYAR_API_KEY", "")
	config := sb.providerBlock("mayar.api_key=")
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   queryChecks,
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				Query:       true,
				Config:      "list \"indopay_mayar_payment_request\" \"all\" {\n  provider = indopay\n}\n",
				ExpectError: errorText("Missing Mayar API key", "mayar.api_key", "MAYAR_API_KEY"),
			},
		},
	})
	wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteAny: 0})
}

// The walkthrough of the docs, with the real CLI: `terraform query
// -generate-config-out` writes a resource and an import block for each
// active request made outside Terraform, `terraform apply` imports them
// without creating or changing anything, and the plan after is empty.
// Among the sandbox's generated requests some have no amount (Mayar lists
// it as null): their blocks say amount = null, and they are imported and
// kept without one.
func TestAccMayarPaymentRequestListResource_generateConfig(t *testing.T) {
	requireTerraform(t, "1.14.0")
	cases := []struct {
		name string
		seed func(t *testing.T, sb *testSandbox) (active []string, withoutAmount int)
	}{
		{"requests made by hand", func(t *testing.T, sb *testSandbox) ([]string, int) {
			return seedRequests(t, sb)["active"], 0
		}},
		{"generated requests, some without an amount", func(t *testing.T, sb *testSandbox) ([]string, int) {
			payments := sandbox.GenerateMayarPayments(25, mayarNewest)
			sb.SetMayarPayments(payments)
			var active []string
			without := 0
			for _, p := range payments {
				if p.Status == "active" {
					active = append(active, p.ID)
					if p.Amount == nil {
						without++
					}
				}
			}
			return active, without
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sb := newTestSandbox(t, sandbox.Options{})
			active, withoutAmount := tc.seed(t, sb)

			tf := newTerraformCLI(t, cliRequiredProviders+"\n"+
				sb.providerBlock())
			query := "list \"indopay_mayar_payment_request\" \"active\" {\n  provider = indopay\n  config {\n    status = \"active\"\n  }\n}\n"
			if err := os.WriteFile(filepath.Join(tf.dir, "adopt.tfquery.hcl"), []byte(query), 0o600); err != nil {
				t.Fatal(err)
			}
			out := tf.run("query", "-no-color", "-generate-config-out=generated.tf")
			generated, err := os.ReadFile(filepath.Join(tf.dir, "generated.tf"))
			if err != nil {
				t.Fatalf("terraform query wrote no generated.tf: %v\n%s", err, out)
			}
			// Each active request, and only those, as a resource block and an
			// import block by identity.
			for _, id := range active {
				if !strings.Contains(string(generated), fmt.Sprintf("identity = {\n    id = %q", id)) {
					t.Errorf("generated.tf has no import of %s by identity:\n%s", id, generated)
				}
			}
			if n := strings.Count(string(generated), `resource "indopay_mayar_payment_request"`); n != len(active) {
				t.Fatalf("generated.tf has %d resource blocks, want %d:\n%s\n%s", n, len(active), generated, out)
			}
			if n := len(regexp.MustCompile(`amount += null`).FindAllString(string(generated), -1)); n != withoutAmount {
				t.Fatalf("generated.tf has %d requests with amount = null, want %d:\n%s", n, withoutAmount, generated)
			}

			sb.ResetRequests()
			out = tf.apply()
			if want := fmt.Sprintf("%d imported, 0 added, 0 changed, 0 destroyed", len(active)); !strings.Contains(out, want) {
				t.Fatalf("apply of the generated configuration did not import the %d active requests alone:\n%s", len(active), out)
			}
			state := tf.run("state", "list")
			if n := strings.Count(state, "indopay_mayar_payment_request."); n != len(active) {
				t.Fatalf("state holds %d payment requests, want %d:\n%s", n, len(active), state)
			}
			tf.runEnv(nil, false, "plan", "-detailed-exitcode", "-input=false", "-no-color")
			wantRequests(t, sb, map[sandbox.Route]int{
				sandbox.RouteMayarCreate: 0, sandbox.RouteMayarEdit: 0, sandbox.RouteMayarClose: 0, sandbox.RouteMayarOpen: 0,
			})
		})
	}
}

// Terraform's limit stops the listing: fewer requests than the whole
// listing needs, and none for limit = 0.
func TestAccMayarPaymentRequestListResource_limit(t *testing.T) {
	forEachVersion(t, func(t *testing.T, v mayarAPIVersion) {
		// Pages of 2, so that the whole listing takes several requests.
		sb := newTestSandbox(t, sandbox.Options{MayarPageCap: 2})
		for i := range 7 {
			if _, ok := sb.CreateMayarPaymentRequest(sandbox.MayarCreateInput{
				Name: fmt.Sprintf("Iuran %d", i+1), Amount: int64(10000 * (i + 1)), Email: "siti@example.id",
			}); !ok {
				t.Fatal("the sandbox refused a request")
			}
		}
		listed := map[string]int{}
		count := func(name string) func() {
			return func() {
				listed[name] = sb.RequestCount(sandbox.RouteMayarList)
				sb.ResetRequests()
			}
		}
		query := func(limit string) string {
			return "list \"indopay_mayar_payment_request\" \"active\" {\n  provider = indopay\n" + limit +
				"  config {\n    status = \"active\"\n  }\n}\n"
		}
		resource.Test(t, resource.TestCase{
			TerraformVersionChecks:   queryChecks,
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			Steps: []resource.TestStep{
				{Config: v.block(sb)},
				{PreConfig: sb.ResetRequests, Query: true, Config: query("  limit = 0\n"),
					QueryResultChecks: []querycheck.QueryResultCheck{querycheck.ExpectLength("indopay_mayar_payment_request.active", 0)}},
				{PreConfig: count("limit 0"), Query: true, Config: query("  limit = 3\n"),
					QueryResultChecks: []querycheck.QueryResultCheck{querycheck.ExpectLength("indopay_mayar_payment_request.active", 3)}},
				{PreConfig: count("limit 3"), Query: true, Config: query(""),
					QueryResultChecks: []querycheck.QueryResultCheck{querycheck.ExpectLength("indopay_mayar_payment_request.active", 7)}},
			},
		})
		count("all")()
		if listed["limit 0"] != 0 || listed["limit 3"] >= listed["all"] {
			t.Fatalf("listing requests: %v; want none for limit 0, and fewer for limit 3 than for all", listed)
		}
		t.Logf("listing requests (pages of 2): %v", listed)
	})
}

// The list resource passes each page's results on as the page arrives:
// when Terraform receives the first result, only the pages it needs have
// been asked for (one on V2, page 1 of each status on V1 without a
// status), and the rest follow, newest first, up to Terraform's limit.
// The test talks the protocol to the framework's server in-process, where
// the first result can be seen arriving.
func TestMayarPaymentRequestListResourceStreamsPages(t *testing.T) {
	for _, tc := range []struct {
		version    string
		pageCap    int // the sandbox's largest page
		firstAfter int // listing requests when the first result arrives
		requests   int // listing requests in all
	}{
		{"v2", 100, 1, 3}, // 120 in pages of 50: 50, 50, 20
		{"v1", 10, 3, 12}, // 40 of each status in pages of 10
	} {
		t.Run(tc.version, func(t *testing.T) {
			payments := sandbox.GenerateMayarPayments(120, mayarNewest)
			sb := newTestSandbox(t, sandbox.Options{MayarPayments: payments, MayarPageCap: tc.pageCap})
			t.Setenv(provider.EnvMayarAPIKey, sandbox.MayarKey)
			t.Setenv(provider.EnvMayarBaseURL, sb.URL)
			t.Setenv(provider.EnvMayarAPIVersion, tc.version)
			t.Setenv(provider.EnvMayarRequestsPerMinute, "0")

			ctx := context.Background()
			server := providerserver.NewProtocol6(provider.New("test")())()
			schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
			if err != nil {
				t.Fatal(err)
			}
			identities, err := server.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
			if err != nil {
				t.Fatal(err)
			}
			identityType := identities.IdentitySchemas["indopay_mayar_payment_request"].ValueType()
			configured, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
				TerraformVersion: "1.14.0", Config: nullConfig(t, schemas.Provider),
			})
			if err != nil || hasErrorDiag(configured.Diagnostics) {
				t.Fatalf("configure: %v %v", err, configured.Diagnostics)
			}
			lister, ok := server.(tfprotov6.ListResourceServer)
			if !ok {
				t.Fatalf("the framework's server %T lists nothing", server)
			}
			stream, err := lister.ListResource(ctx, &tfprotov6.ListResourceRequest{
				TypeName: "indopay_mayar_payment_request",
				Config:   nullConfig(t, schemas.ListResourceSchemas["indopay_mayar_payment_request"]),
				Limit:    1000,
			})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for result := range stream.Results {
				if hasErrorDiag(result.Diagnostics) {
					t.Fatalf("result: %v", result.Diagnostics)
				}
				if n := sb.RequestCount(sandbox.RouteMayarList); len(got) == 0 && n != tc.firstAfter {
					t.Fatalf("the first result arrived after %d listing requests, want %d", n, tc.firstAfter)
				}
				identity, err := result.Identity.IdentityData.Unmarshal(identityType)
				var attrs map[string]tftypes.Value
				if err == nil {
					err = identity.As(&attrs)
				}
				var id string
				if err == nil {
					err = attrs["id"].As(&id)
				}
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, id)
			}
			var want []string
			for _, p := range payments {
				want = append(want, p.ID)
			}
			if n := sb.RequestCount(sandbox.RouteMayarList); !slices.Equal(got, want) || n != tc.requests {
				t.Fatalf("%d results in %d listing requests, want all %d newest first in %d", len(got), n, len(want), tc.requests)
			}
		})
	}
}
