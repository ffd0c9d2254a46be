package provider_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// One product of any type by its id, with the attributes of a listing's
// item: a payment link with a redirect URL (which the read of one does not
// return: null, as created_at), one without an amount, a webinar, and an
// open payment request, whose status reads active where V2 says unpaid.
// One request per product per read.
func TestAccMayarProductDataSource(t *testing.T) {
	products := sandbox.GenerateMayarProducts(30, mayarNewest)
	requests := sandbox.GenerateMayarPayments(3, mayarNewest.Add(-90*time.Second))
	sb := newTestSandbox(t, sandbox.Options{MayarProducts: products, MayarPayments: requests})
	catalog := catalogOf(products, requests)
	picks := map[string]func(sandbox.MayarProduct) bool{
		"redirect": func(p sandbox.MayarProduct) bool { return p.Type == "generic_link" && p.RedirectURL != nil },
		"free":     func(p sandbox.MayarProduct) bool { return p.Type == "generic_link" && p.Amount == nil },
		"webinar":  func(p sandbox.MayarProduct) bool { return p.Type == "webinar" },
		"request":  func(p sandbox.MayarProduct) bool { return p.Type == "payment_request" && p.Status == "active" },
	}
	config := sb.providerBlock()
	var checks []statecheck.StateCheck
	for name, pick := range picks {
		i := slices.IndexFunc(catalog, pick)
		if i < 0 {
			t.Fatalf("the catalog has no product for %s", name)
		}
		config += dataSourceConfig("indopay_mayar_product", name, fmt.Sprintf("id = %q", catalog[i].ID))
		checks = append(checks, expectValues("data.indopay_mayar_product."+name, expectedProductAttributes(catalog[i], true))...)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: checks}},
	})
	reads := len(picks) * mayarReadsPerStep
	wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteMayarProductGet: reads, sandbox.RouteAny: reads})
}

// An id Mayar does not know is an error on id that says so and where the
// ids are; nothing but the one read is sent.
func TestAccMayarProductDataSource_notFound(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{MayarProducts: sandbox.GenerateMayarProducts(3, mayarNewest)})
	const id = "0b0e7c52-2f7a-4f57-9d5e-000000000000"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: sb.providerBlock() + dataSourceConfig("indopay_mayar_product", "gone", fmt.Sprintf("id = %q", id)),
			ExpectError: errorText("Mayar product not found", fmt.Sprintf("Mayar has no product with id %q", id), `"Product not found"`,
				"indopay_mayar_products data source lists the catalog with each product's id"),
		}},
	})
	wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteMayarProductGet: 1, sandbox.RouteAny: 1})
}
