package provider_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

const mprAddr = "indopay_mayar_payment_request.bill"

// mayarAPIVersion is one API version the Mayar write side is tested under.
type mayarAPIVersion struct {
	name     string
	override []string // providerBlock overrides
}

// mayarAPIVersions: every Mayar write test runs under both versions; V2 is
// the provider's default, so it needs no override.
var mayarAPIVersions = []mayarAPIVersion{
	{name: "v2"},
	{name: "v1", override: []string{`mayar.api_version="v1"`}},
}

// block renders the provider block for the version against sb.
func (v mayarAPIVersion) block(sb *testSandbox, overrides ...string) string {
	return sb.providerBlock(append(append([]string{}, v.override...), overrides...)...)
}

// forEachVersion runs fn as a parallel subtest per API version.
func forEachVersion(t *testing.T, fn func(t *testing.T, v mayarAPIVersion)) {
	for _, v := range mayarAPIVersions {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			fn(t, v)
		})
	}
}

// mprConfig renders the resource with a name, an amount, the email V1
// requires, and extra lines.
func mprConfig(name string, amount string, extra ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "resource \"indopay_mayar_payment_request\" \"bill\" {\n  name   = %q\n  amount = %s\n", name, amount)
	hasEmail := false
	for _, e := range extra {
		hasEmail = hasEmail || strings.HasPrefix(strings.TrimSpace(e), "email")
	}
	if !hasEmail {
		b.WriteString("  email  = \"siti@example.id\"\n")
	}
	for _, e := range extra {
		if e != "" {
			fmt.Fprintf(&b, "  %s\n", e)
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// noEmail removes the default email line from mprConfig.
const noEmail = "email = null"

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// captureMPR stores the payment request's id from state.
func captureMPR(id *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[mprAddr]
		if !ok || rs.Primary.ID == "" {
			return fmt.Errorf("%s is not in state", mprAddr)
		}
		*id = rs.Primary.ID
		return nil
	}
}

// mayarRequest checks the payment request as the sandbox holds it.
func mayarRequest(sb *testSandbox, id *string, check func(p sandbox.MayarPayment) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		p, ok := sb.MayarPayment(*id)
		if !ok {
			return fmt.Errorf("the sandbox has no payment request %q", *id)
		}
		return check(p)
	}
}

func mayarStatus(sb *testSandbox, id *string, want string) resource.TestCheckFunc {
	return mayarRequest(sb, id, func(p sandbox.MayarPayment) error {
		if p.Status != want {
			return fmt.Errorf("payment request %s is %s in the sandbox, want %s", p.ID, p.Status, want)
		}
		return nil
	})
}

// wantRequests fails the test unless each route saw exactly the given
// number of requests.
func wantRequests(t *testing.T, sb *testSandbox, want map[sandbox.Route]int) {
	t.Helper()
	for route, n := range want {
		if got := sb.RequestCount(route); got != n {
			t.Errorf("%s: %d requests, want %d", route, got, n)
		}
	}
}

// Create with every argument, an empty plan after apply, and destroy
// closing the request.
func TestAccMayarPaymentRequestResource_lifecycle(t *testing.T) {
	forEachVersion(t, func(t *testing.T, v mayarAPIVersion) {
		sb := newTestSandbox(t, sandbox.Options{})
		var id string
		config := v.block(sb) + mprConfig("Tagihan Ibu Siti – Mei", "150000",
			`mobile = "+6281234567890"`, `description = "<p>Sewa kios</p>"`, `expires_at = "2026-12-31T23:00:00+07:00"`)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			CheckDestroy:             mayarStatus(sb, &id, "closed"),
			Steps: []resource.TestStep{{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(mprAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(uuidPattern)),
					statecheck.ExpectKnownValue(mprAddr, tfjsonpath.New("transaction_id"), knownvalue.StringRegexp(uuidPattern)),
					statecheck.ExpectKnownValue(mprAddr, tfjsonpath.New("link"), knownvalue.StringRegexp(regexp.MustCompile(`^https://[^/]+/pl/[a-z]+$`))),
					statecheck.ExpectKnownValue(mprAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
					statecheck.ExpectKnownValue(mprAddr, tfjsonpath.New("open"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(mprAddr, tfjsonpath.New("close_on_destroy"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(mprAddr, tfjsonpath.New("amount"), knownvalue.Int64Exact(150000)),
					statecheck.ExpectKnownValue(mprAddr, tfjsonpath.New("email"), knownvalue.StringExact("siti@example.id")),
				},
				Check: resource.ComposeTestCheckFunc(
					captureMPR(&id),
					mayarRequest(sb, &id, func(p sandbox.MayarPayment) error {
						if p.Name != "Tagihan Ibu Siti – Mei" || *p.Amount != 150000 || p.Email != "siti@example.id" ||
							p.Mobile != "+6281234567890" || p.Description != "<p>Sewa kios</p>" ||
							p.ExpiredAt != "2026-12-31T16:00:00.000Z" || p.Status != "active" {
							return fmt.Errorf("the sandbox holds %+v", p)
						}
						return nil
					}),
				),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(mprAddr, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			}},
		})
		wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteMayarCreate: 1, sandbox.RouteMayarClose: 1, sandbox.RouteMayarEdit: 0})
		if n := len(sb.MayarPayments()); n != 1 {
			t.Fatalf("the sandbox holds %d payment requests, want 1", n)
		}
	})
}

// Each editable argument changes in place with one edit request and no
// create, and Mayar holds the new value; removing the description clears
// it in Mayar.
func TestAccMayarPaymentRequestResource_editInPlace(t *testing.T) {
	forEachVersion(t, func(t *testing.T, v mayarAPIVersion) {
		sb := newTestSandbox(t, sandbox.Options{})
		var id string
		block := v.block(sb)
		held := func(check func(p sandbox.MayarPayment) bool) resource.TestCheckFunc {
			return mayarRequest(sb, &id, func(p sandbox.MayarPayment) error {
				if !check(p) {
					return fmt.Errorf("the sandbox holds %+v", p)
				}
				return nil
			})
		}
		step := func(config string, check func(p sandbox.MayarPayment) bool) resource.TestStep {
			return resource.TestStep{
				Config: block + config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(mprAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: held(check),
			}
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			Steps: []resource.TestStep{
				{Config: block + mprConfig("Kopi", "25000", `description = "Dua gelas"`), Check: captureMPR(&id)},
				step(mprConfig("Kopi", "30000", `description = "Dua gelas"`),
					func(p sandbox.MayarPayment) bool { return *p.Amount == 30000 }),
				step(mprConfig("Kopi", "30000", `email = "budi@example.id"`, `description = "Dua gelas"`),
					func(p sandbox.MayarPayment) bool { return p.Email == "budi@example.id" }),
				step(mprConfig("Kopi", "30000", `mobile = "081234567890"`, `description = "Dua gelas"`),
					func(p sandbox.MayarPayment) bool { return p.Mobile == "081234567890" && p.Email == "siti@example.id" }),
				step(mprConfig("Kopi", "30000", `mobile = "081234567890"`, `description = "Tiga gelas"`),
					func(p sandbox.MayarPayment) bool { return p.Description == "Tiga gelas" }),
				step(mprConfig("Kopi", "30000", `mobile = "081234567890"`, `description = "Tiga gelas"`, `expires_at = "2027-01-01T00:00:00Z"`),
					func(p sandbox.MayarPayment) bool { return p.ExpiredAt == "2027-01-01T00:00:00.000Z" }),
				step(mprConfig("Kopi", "30000", `mobile = "081234567890"`, `expires_at = "2027-01-01T00:00:00Z"`),
					func(p sandbox.MayarPayment) bool { return p.Description == "" && *p.Amount == 30000 }),
			},
		})
		wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteMayarCreate: 1, sandbox.RouteMayarEdit: 6})
	})
}

// Changing the name replaces the request: Mayar cannot edit a name. The
// old one is closed.
func TestAccMayarPaymentRequestResource_replaceOnName(t *testing.T) {
	forEachVersion(t, func(t *testing.T, v mayarAPIVersion) {
		sb := newTestSandbox(t, sandbox.Options{})
		var first, second string
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			Steps: []resource.TestStep{
				{Config: v.block(sb) + mprConfig("Kopi", "25000"), Check: captureMPR(&first)},
				{
					Config: v.block(sb) + mprConfig("Teh", "25000"),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(mprAddr, plancheck.ResourceActionDestroyBeforeCreate)},
					},
					Check: resource.ComposeTestCheckFunc(captureMPR(&second), mayarStatus(sb, &first, "closed"),
						func(*terraform.State) error {
							if first == second {
								return fmt.Errorf("the id did not change on replacement: %s", first)
							}
							return nil
						}),
				},
			},
		})
		wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteMayarCreate: 2, sandbox.RouteMayarEdit: 0})
	})
}

// open = false closes the request in place and open = true reopens it; a
// request created with open = false is closed right after its creation.
func TestAccMayarPaymentRequestResource_openAndClose(t *testing.T) {
	forEachVersion(t, func(t *testing.T, v mayarAPIVersion) {
		sb := newTestSandbox(t, sandbox.Options{})
		var id string
		update := []plancheck.PlanCheck{
			plancheck.ExpectResourceAction(mprAddr, plancheck.ResourceActionUpdate),
			plancheck.ExpectUnknownValue(mprAddr, tfjsonpath.New("status")),
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			Steps: []resource.TestStep{
				{
					Config: v.block(sb) + mprConfig("Kopi", "25000", "open = false"),
					Check:  resource.ComposeTestCheckFunc(captureMPR(&id), mayarStatus(sb, &id, "closed")),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(mprAddr, tfjsonpath.New("status"), knownvalue.StringExact("closed")),
						statecheck.ExpectKnownValue(mprAddr, tfjsonpath.New("open"), knownvalue.Bool(false)),
					},
					ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				},
				{
					Config:           v.block(sb) + mprConfig("Kopi", "25000"),
					Check:            mayarStatus(sb, &id, "active"),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: update, PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(mprAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
					},
				},
				{
					Config:           v.block(sb) + mprConfig("Kopi", "25000", "open = false"),
					Check:            mayarStatus(sb, &id, "closed"),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: update, PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				},
			},
		})
		// Destroy found it closed: no close request for it.
		wantRequests(t, sb, map[sandbox.Route]int{
			sandbox.RouteMayarCreate: 1, sandbox.RouteMayarClose: 2, sandbox.RouteMayarOpen: 1, sandbox.RouteMayarEdit: 0,
		})
	})
}

// close_on_destroy = false only forgets the request.
func TestAccMayarPaymentRequestResource_keepOnDestroy(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{})
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             mayarStatus(sb, &id, "active"),
		Steps: []resource.TestStep{{
			Config: sb.providerBlock() + mprConfig("Kopi", "25000", "close_on_destroy = false"),
			Check:  captureMPR(&id),
		}},
	})
	wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteMayarClose: 0})
}

// Changes made outside Terraform show in the next plan: an edited amount
// and description are edited back, a closed request is reopened, a paid
// one refreshes to paid with nothing to change; destroy then sends no
// close for the paid request.
func TestAccMayarPaymentRequestResource_drift(t *testing.T) {
	forEachVersion(t, func(t *testing.T, v mayarAPIVersion) {
		sb := newTestSandbox(t, sandbox.Options{})
		var id string
		config := v.block(sb) + mprConfig("Kopi", "25000", `description = "Dua gelas"`)
		outside := func(change func(p *sandbox.MayarPayment)) func() {
			return func() {
				if err := sb.ModifyMayarPayment(id, change); err != nil {
					t.Fatal(err)
				}
			}
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			CheckDestroy:             mayarStatus(sb, &id, "paid"),
			Steps: []resource.TestStep{
				{Config: config, Check: captureMPR(&id)},
				{
					PreConfig: outside(func(p *sandbox.MayarPayment) {
						n := int64(99000)
						p.Amount, p.Description = &n, "edited in the dashboard"
					}),
					Config: config,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(mprAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(mprAddr, tfjsonpath.New("amount"), knownvalue.Int64Exact(25000)),
					}},
					Check: mayarRequest(sb, &id, func(p sandbox.MayarPayment) error {
						if *p.Amount != 25000 || p.Description != "Dua gelas" {
							return fmt.Errorf("not edited back: %+v", p)
						}
						return nil
					}),
				},
				{
					PreConfig: outside(func(p *sandbox.MayarPayment) { p.Status = "closed" }),
					Config:    config,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(mprAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(mprAddr, tfjsonpath.New("open"), knownvalue.Bool(true)),
					}},
					Check: mayarStatus(sb, &id, "active"),
				},
				{
					PreConfig: func() {
						if _, err := sb.PayMayarPaymentRequest(id); err != nil {
							t.Fatal(err)
						}
					},
					Config:           config,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(mprAddr, tfjsonpath.New("status"), knownvalue.StringExact("paid")),
						statecheck.ExpectKnownValue(mprAddr, tfjsonpath.New("open"), knownvalue.Bool(true)),
					},
				},
			},
		})
		wantRequests(t, sb, map[sandbox.Route]int{
			sandbox.RouteMayarCreate: 1, sandbox.RouteMayarEdit: 1, sandbox.RouteMayarOpen: 1, sandbox.RouteMayarClose: 0,
		})
	})
}

// A request closed outside Terraform refreshes to open = false, and
// destroy sends no request for it: it is removed from state with a
// warning.
func TestAccMayarPaymentRequestResource_destroyClosed(t *testing.T) {
	forEachVersion(t, func(t *testing.T, v mayarAPIVersion) {
		sb := newTestSandbox(t, sandbox.Options{})
		var id string
		config := v.block(sb) + mprConfig("Kopi", "25000")
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			CheckDestroy:             mayarStatus(sb, &id, "closed"),
			Steps: []resource.TestStep{
				{Config: config, Check: captureMPR(&id)},
				{
					PreConfig: func() {
						if err := sb.SetMayarPaymentStatus(id, "closed"); err != nil {
							t.Fatal(err)
						}
					},
					RefreshState:       true,
					ExpectNonEmptyPlan: true, // it proposes to reopen the request
					Check: resource.ComposeTestCheckFunc(
						resource.TestCheckResourceAttr(mprAddr, "status", "closed"),
						resource.TestCheckResourceAttr(mprAddr, "open", "false"),
					),
				},
			},
		})
		wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteMayarClose: 0, sandbox.RouteMayarOpen: 0})
	})
}

// A request Mayar no longer knows leaves state on refresh, and the plan
// proposes to create it again.
func TestAccMayarPaymentRequestResource_deletedOutside(t *testing.T) {
	forEachVersion(t, func(t *testing.T, v mayarAPIVersion) {
		sb := newTestSandbox(t, sandbox.Options{})
		var first, second string
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			Steps: []resource.TestStep{
				{Config: v.block(sb) + mprConfig("Kopi", "25000"), Check: captureMPR(&first)},
				{
					PreConfig: func() {
						if !sb.DeleteMayarPayment(first) {
							t.Fatalf("the sandbox had no payment request %s", first)
						}
					},
					Config: v.block(sb) + mprConfig("Kopi", "26000"),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(mprAddr, plancheck.ResourceActionCreate)},
					},
					Check: captureMPR(&second),
				},
			},
		})
		if second == "" || second == first {
			t.Fatalf("no new request replaced the deleted one: %q then %q", first, second)
		}
	})
}
