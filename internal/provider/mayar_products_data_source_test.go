package provider_test

import (
	"cmp"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

const mayarProductsAddr = "data.indopay_mayar_products.catalog"

func mayarProductsConfig(args ...string) string {
	return dataSourceConfig("indopay_mayar_products", "catalog", args...)
}

// catalogOf is the whole catalog as Mayar lists it, newest first: the
// products, and the payment requests as products of type payment_request
// with their status in the one vocabulary (the sandbox stores active
// where V2 says unpaid).
func catalogOf(products []sandbox.MayarProduct, requests []sandbox.MayarPayment) []sandbox.MayarProduct {
	all := slices.Clone(products)
	for _, p := range requests {
		var limit *int64
		if p.Limit != nil {
			n := int64(*p.Limit)
			limit = &n
		}
		all = append(all, sandbox.MayarProduct{
			ID: p.ID, Name: p.Name, Type: "payment_request", Status: p.Status, Amount: p.Amount,
			Description: p.Description, Link: p.Link, RedirectURL: p.RedirectURL, Limit: limit,
			Category: p.Category, CreatedAt: p.CreatedAt,
		})
	}
	slices.SortStableFunc(all, func(a, b sandbox.MayarProduct) int {
		return cmp.Or(cmp.Compare(b.CreatedAt, a.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
	return all
}

// expectedProduct is the state value of one product of a listing as the
// sandbox holds it.
func expectedProduct(p sandbox.MayarProduct) knownvalue.Check {
	return knownvalue.ObjectExact(expectedProductAttributes(p, false))
}

// expectedProductAttributes are a product's attributes as the sandbox
// holds it, with the API's nulls as nulls. Mayar's read of one product has
// no redirectUrl and no createdAt: with readOfOne they are null.
func expectedProductAttributes(p sandbox.MayarProduct, readOfOne bool) map[string]knownvalue.Check {
	var description knownvalue.Check = knownvalue.Null()
	if p.Description != "" {
		description = knownvalue.StringExact(p.Description)
	}
	var redirectURL, createdAt knownvalue.Check = optionalString(p.RedirectURL), knownvalue.StringExact(mayarTime(p.CreatedAt))
	if readOfOne {
		redirectURL, createdAt = knownvalue.Null(), knownvalue.Null()
	}
	return map[string]knownvalue.Check{
		"id":           knownvalue.StringExact(p.ID),
		"name":         knownvalue.StringExact(p.Name),
		"type":         knownvalue.StringExact(p.Type),
		"status":       knownvalue.StringExact(p.Status),
		"amount":       optionalInt64(p.Amount),
		"description":  description,
		"link":         knownvalue.StringExact(sandbox.MayarLinkBase + p.Link),
		"redirect_url": redirectURL,
		"limit":        optionalInt64(p.Limit),
		"created_at":   createdAt,
	}
}

// expectProducts checks a listing in full: total, and every product in
// order.
func expectProducts(want []sandbox.MayarProduct) []statecheck.StateCheck {
	items := make([]knownvalue.Check, len(want))
	for i, p := range want {
		items[i] = expectedProduct(p)
	}
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(mayarProductsAddr, tfjsonpath.New("total"), knownvalue.Int64Exact(int64(len(want)))),
		statecheck.ExpectKnownValue(mayarProductsAddr, tfjsonpath.New("products"), knownvalue.ListExact(items)),
	}
}

// productListQueries are the queries of the product listing's requests,
// in order, as "limit=50&startingAfter=cursor" with the cursor left out, so
// that a test can compare them with the pages it expects.
func productListQueries(t *testing.T, sb *testSandbox) []string {
	t.Helper()
	var out []string
	for _, r := range sb.Requests() {
		if r.Route != sandbox.RouteMayarProductList {
			continue
		}
		q, err := url.ParseQuery(r.RawQuery)
		if err != nil {
			t.Fatal(err)
		}
		if q.Has("startingAfter") {
			q.Set("startingAfter", "cursor")
		}
		out = append(out, q.Encode())
	}
	return out
}

// everyRead repeats the queries of one read for each time Terraform reads
// the data source in a step.
func everyRead(queries ...string) []string {
	var out []string
	for range mayarReadsPerStep {
		out = append(out, queries...)
	}
	return out
}

// The whole catalog, every type, payment requests included, field by
// field and newest first: HTML descriptions verbatim, the API's nulls
// (no amount, no limit, no redirect URL) as nulls, the full payment URL,
// and the payment requests' statuses in the one vocabulary (active, not
// V2's unpaid). 39 products fit one page: one request per read.
func TestAccMayarProductsDataSource_catalog(t *testing.T) {
	products := sandbox.GenerateMayarProducts(30, mayarNewest)
	// Between the products' minutes, so that the two kinds interleave.
	requests := sandbox.GenerateMayarPayments(9, mayarNewest.Add(-90*time.Second))
	sb := newTestSandbox(t, sandbox.Options{MayarProducts: products, MayarPayments: requests})
	want := catalogOf(products, requests)
	for name, has := range map[string]func(sandbox.MayarProduct) bool{
		"an open payment request": func(p sandbox.MayarProduct) bool { return p.Type == "payment_request" && p.Status == "active" },
		"a payment link without an amount": func(p sandbox.MayarProduct) bool {
			return p.Type == "generic_link" && p.Amount == nil
		},
		"an unlisted payment link": func(p sandbox.MayarProduct) bool { return p.Status == "unlisted" },
		"a redirect URL":           func(p sandbox.MayarProduct) bool { return p.RedirectURL != nil },
		"a limit":                  func(p sandbox.MayarProduct) bool { return p.Limit != nil },
		"a webinar":                func(p sandbox.MayarProduct) bool { return p.Type == "webinar" },
	} {
		if !slices.ContainsFunc(want, has) {
			t.Fatalf("the catalog has no product with %s to check", name)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            sb.providerBlock() + mayarProductsConfig(),
			ConfigStateChecks: expectProducts(want),
		}},
	})
	if got, wantQueries := productListQueries(t, sb), everyRead("limit=50"); !slices.Equal(got, wantQueries) {
		t.Fatalf("list requests %q, want %q", got, wantQueries)
	}
}

// Pages of 50, the most Mayar takes, with the fewest requests: 120
// products take three (50, 50 and the last 20), max_items asks the last
// page only for what is still wanted, and max_items = 10 is one request
// for 10. No other request is sent.
func TestAccMayarProductsDataSource_pages(t *testing.T) {
	cases := []struct {
		name     string
		catalog  int
		args     []string
		listed   int
		requests []string // the queries of one read, the cursor left out
	}{
		{"120 products", 120, nil, 120, []string{"limit=50", "limit=50&startingAfter=cursor", "limit=50&startingAfter=cursor"}},
		{"max_items 120 of 130", 130, []string{"max_items = 120"}, 120, []string{"limit=50", "limit=50&startingAfter=cursor", "limit=20&startingAfter=cursor"}},
		{"max_items 10", 120, []string{"max_items = 10"}, 10, []string{"limit=10"}},
		{"empty catalog", 0, nil, 0, []string{"limit=50"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			products := sandbox.GenerateMayarProducts(tc.catalog, mayarNewest)
			sb := newTestSandbox(t, sandbox.Options{MayarProducts: products})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:            sb.providerBlock() + mayarProductsConfig(tc.args...),
					ConfigStateChecks: expectProducts(products[:tc.listed]),
				}},
			})
			if got, want := productListQueries(t, sb), everyRead(tc.requests...); !slices.Equal(got, want) {
				t.Fatalf("list requests %q, want %q", got, want)
			}
			if n, want := sb.RequestCount(sandbox.RouteAny), len(everyRead(tc.requests...)); n != want {
				t.Fatalf("%d requests in all, want the %d list requests", n, want)
			}
		})
	}
}

// type and search go to Mayar: every webinar, and a payment link found by
// name with its link in an output, as the docs' examples do.
func TestAccMayarProductsDataSource_filters(t *testing.T) {
	products := sandbox.GenerateMayarProducts(60, mayarNewest)
	sb := newTestSandbox(t, sandbox.Options{MayarProducts: products})
	var webinars, kopi []sandbox.MayarProduct
	for _, p := range products {
		if p.Type == "webinar" {
			webinars = append(webinars, p)
		}
		if p.Type == "generic_link" && strings.Contains(strings.ToLower(p.Name), "kopi susu") {
			kopi = append(kopi, p)
		}
	}
	if len(webinars) < 2 || len(kopi) < 2 {
		t.Fatalf("the catalog has %d webinars and %d Kopi Susu links; the test needs two of each", len(webinars), len(kopi))
	}
	config := sb.providerBlock() + dataSourceConfig("indopay_mayar_products", "webinars", `type = "webinar"`) +
		dataSourceConfig("indopay_mayar_products", "kopi", `type = "generic_link"`, `search = "kopi susu"`, "max_items = 1") +
		"output \"kopi_link\" {\n  value = data.indopay_mayar_products.kopi.products[0].link\n}\n"
	webinarItems := make([]knownvalue.Check, len(webinars))
	for i, p := range webinars {
		webinarItems[i] = expectedProduct(p)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.indopay_mayar_products.webinars", tfjsonpath.New("products"), knownvalue.ListExact(webinarItems)),
				statecheck.ExpectKnownValue("data.indopay_mayar_products.kopi", tfjsonpath.New("total"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownOutputValue("kopi_link", knownvalue.StringExact(sandbox.MayarLinkBase+kopi[0].Link)),
			},
		}},
	})
	got := productListQueries(t, sb)
	for _, want := range []string{"limit=50&type=webinar", "limit=1&search=kopi+susu&type=generic_link"} {
		if n := slices.Index(got, want); n < 0 {
			t.Errorf("no list request asked %q: %q", want, got)
		}
	}
	if len(got) != 2*mayarReadsPerStep {
		t.Errorf("%d list requests, want one per data source per read (%d): %q", len(got), 2*mayarReadsPerStep, got)
	}
}

// Mayar's catalog is in API v2 only: with api_version v1 both product data
// sources fail before any request, naming mayar.api_version; without a
// key, they name both ways to set one.
func TestAccMayarProductsDataSource_needsV2AndKey(t *testing.T) {
	t.Setenv("MAYAR_API_KEY", "")
	cases := []struct {
		name     string
		override string
		config   string
		want     []string
	}{
		{"listing on v1", `mayar.api_version="v1"`, mayarProductsConfig(),
			[]string{"indopay_mayar_products needs Mayar API v2", `mayar.api_version is "v1"`, "No request was sent", `Set mayar.api_version = "v2"`}},
		{"product on v1", `mayar.api_version="v1"`, dataSourceConfig("indopay_mayar_product", "one", `id = "5f1b0f9e-0000-4000-8000-000000000001"`),
			[]string{"indopay_mayar_product needs Mayar API v2", `mayar.api_version is "v1"`, "MAYAR_API_VERSION"}},
		{"listing without a key", "mayar.api_key=", mayarProductsConfig(),
			[]string{"Missing Mayar API key", "indopay_mayar_products", "mayar.api_key", "MAYAR_API_KEY"}},
		{"product without a key", "mayar.api_key=", dataSourceConfig("indopay_mayar_product", "one", `id = "5f1b0f9e-0000-4000-8000-000000000001"`),
			[]string{"Missing Mayar API key", "indopay_mayar_product ", "mayar.api_key", "MAYAR_API_KEY"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sb := newTestSandbox(t, sandbox.Options{MayarProducts: sandbox.GenerateMayarProducts(3, mayarNewest)})
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      sb.providerBlock(tc.override) + tc.config,
					PlanOnly:    true,
					ExpectError: errorText(tc.want...),
				}},
			})
			wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteAny: 0})
		})
	}
}

// A listing bounded by timeouts.read stops there, naming the argument and
// what lists fewer pages.
func TestAccMayarProductsDataSource_readTimeout(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{MayarProducts: sandbox.GenerateMayarProducts(3, mayarNewest)})
	sb.InjectFaults(sandbox.RouteMayarProductList, sandbox.Fault{Kind: sandbox.FaultSlow, Delay: 5 * time.Minute})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: sb.providerBlock() + mayarProductsConfig("timeouts {\n    read = \"1s\"\n  }"),
			ExpectError: errorText("Mayar listing timed out", "Listing Mayar products did not finish within timeouts.read (1s)",
				"indopay_mayar_products block", "max_items, type or search"),
		}},
	})
}
