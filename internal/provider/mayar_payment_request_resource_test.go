package provider_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// mayarRequest checks the payment request as the sandbox holds it.
func mayarRequest(sb *testSandbox, id *string, check func(p sandbox.MayarPayment) error) resource.TestCheckFunc {
	return sandboxHolds(sb.MayarPayment, id, check)
}

func mayarStatus(sb *testSandbox, id *string, want string) resource.TestCheckFunc {
	return sandboxHolds(sb.MayarPayment, id, func(p sandbox.MayarPayment) error { return statusIs(p.ID, p.Status, want) })
}

// Create with every argument, an empty plan after apply, and destroy
// closing the request.
func TestAccMayarPaymentRequestResource_lifecycle(t *testing.T) {
	forEachVersion(t, func(t *testing.T, v mayarAPIVersion) {
		sb := newTestSandbox(t, sandbox.Options{})
		var id string
		config := v.block(sb) + mayarRequestConfig("Tagihan Ibu Siti – Mei", "150000",
			`mobile = "+6281234567890"`, `description = "<p>Sewa kios</p>"`, `expires_at = "2036-12-31T23:00:00+07:00"`)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			CheckDestroy:             mayarStatus(sb, &id, "closed"),
			Steps: []resource.TestStep{{
				Config: config,
				ConfigStateChecks: expectValues(mayarRequestAddr, map[string]knownvalue.Check{
					"id":               knownvalue.StringRegexp(uuidPattern),
					"transaction_id":   knownvalue.StringRegexp(uuidPattern),
					"link":             knownvalue.StringRegexp(regexp.MustCompile(`^https://[^/]+/pl/[a-z]+$`)),
					"status":           knownvalue.StringExact("active"),
					"open":             knownvalue.Bool(true),
					"close_on_destroy": knownvalue.Bool(true),
					"amount":           knownvalue.Int64Exact(150000),
					"email":            knownvalue.StringExact("siti@example.id"),
				}),
				Check: resource.ComposeTestCheckFunc(
					captureID(mayarRequestAddr, &id),
					mayarRequest(sb, &id, func(p sandbox.MayarPayment) error {
						if p.Name != "Tagihan Ibu Siti – Mei" || *p.Amount != 150000 || p.Email != "siti@example.id" ||
							p.Mobile != "+6281234567890" || p.Description != "<p>Sewa kios</p>" ||
							p.ExpiredAt != "2036-12-31T16:00:00.000Z" || p.Status != "active" {
							return fmt.Errorf("the sandbox holds %+v", p)
						}
						return nil
					}),
				),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(mayarRequestAddr, plancheck.ResourceActionCreate)},
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
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(mayarRequestAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: held(check),
			}
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			Steps: []resource.TestStep{
				{Config: block + mayarRequestConfig("Kopi", "25000", `description = "Dua gelas"`), Check: captureID(mayarRequestAddr, &id)},
				step(mayarRequestConfig("Kopi", "30000", `description = "Dua gelas"`),
					func(p sandbox.MayarPayment) bool { return *p.Amount == 30000 }),
				step(mayarRequestConfig("Kopi", "30000", `email = "budi@example.id"`, `description = "Dua gelas"`),
					func(p sandbox.MayarPayment) bool { return p.Email == "budi@example.id" }),
				step(mayarRequestConfig("Kopi", "30000", `mobile = "081234567890"`, `description = "Dua gelas"`),
					func(p sandbox.MayarPayment) bool { return p.Mobile == "081234567890" && p.Email == "siti@example.id" }),
				step(mayarRequestConfig("Kopi", "30000", `mobile = "081234567890"`, `description = "Tiga gelas"`),
					func(p sandbox.MayarPayment) bool { return p.Description == "<p>Tiga gelas</p>\n" }),
				step(mayarRequestConfig("Kopi", "30000", `mobile = "081234567890"`, `description = "Tiga gelas"`, `expires_at = "2037-01-01T00:00:00Z"`),
					func(p sandbox.MayarPayment) bool { return p.ExpiredAt == "2037-01-01T00:00:00.000Z" }),
				step(mayarRequestConfig("Kopi", "30000", `mobile = "081234567890"`, `expires_at = "2037-01-01T00:00:00Z"`),
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
				{Config: v.block(sb) + mayarRequestConfig("Kopi", "25000"), Check: captureID(mayarRequestAddr, &first)},
				{
					Config: v.block(sb) + mayarRequestConfig("Susu", "25000"),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(mayarRequestAddr, plancheck.ResourceActionDestroyBeforeCreate)},
					},
					Check: resource.ComposeTestCheckFunc(captureID(mayarRequestAddr, &second), mayarStatus(sb, &first, "closed"),
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
			plancheck.ExpectResourceAction(mayarRequestAddr, plancheck.ResourceActionUpdate),
			plancheck.ExpectUnknownValue(mayarRequestAddr, tfjsonpath.New("status")),
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			Steps: []resource.TestStep{
				{
					Config: v.block(sb) + mayarRequestConfig("Kopi", "25000", "open = false"),
					Check:  resource.ComposeTestCheckFunc(captureID(mayarRequestAddr, &id), mayarStatus(sb, &id, "closed")),
					ConfigStateChecks: expectValues(mayarRequestAddr, map[string]knownvalue.Check{
						"status": knownvalue.StringExact("closed"),
						"open":   knownvalue.Bool(false),
					}),
					ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				},
				{
					Config:           v.block(sb) + mayarRequestConfig("Kopi", "25000"),
					Check:            mayarStatus(sb, &id, "active"),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: update, PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					ConfigStateChecks: expectValues(mayarRequestAddr, map[string]knownvalue.Check{
						"status": knownvalue.StringExact("active"),
					}),
				},
				{
					Config:           v.block(sb) + mayarRequestConfig("Kopi", "25000", "open = false"),
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
			Config: sb.providerBlock() + mayarRequestConfig("Kopi", "25000", "close_on_destroy = false"),
			Check:  captureID(mayarRequestAddr, &id),
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
		config := v.block(sb) + mayarRequestConfig("Kopi", "25000", `description = "Dua gelas"`)
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
				{Config: config, Check: captureID(mayarRequestAddr, &id)},
				{
					PreConfig: outside(func(p *sandbox.MayarPayment) {
						n := int64(99000)
						p.Amount, p.Description = &n, "<p>edited in the dashboard</p>\n"
					}),
					Config: config,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(mayarRequestAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(mayarRequestAddr, tfjsonpath.New("amount"), knownvalue.Int64Exact(25000)),
						plancheck.ExpectKnownValue(mayarRequestAddr, tfjsonpath.New("description"), knownvalue.StringExact("Dua gelas")),
					}},
					Check: mayarRequest(sb, &id, func(p sandbox.MayarPayment) error {
						if *p.Amount != 25000 || p.Description != "<p>Dua gelas</p>\n" {
							return fmt.Errorf("not edited back: %+v", p)
						}
						return nil
					}),
				},
				{
					PreConfig: outside(func(p *sandbox.MayarPayment) { p.Status = "closed" }),
					Config:    config,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(mayarRequestAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(mayarRequestAddr, tfjsonpath.New("open"), knownvalue.Bool(true)),
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
					ConfigStateChecks: expectValues(mayarRequestAddr, map[string]knownvalue.Check{
						"status": knownvalue.StringExact("paid"),
						"open":   knownvalue.Bool(true),
					}),
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
		config := v.block(sb) + mayarRequestConfig("Kopi", "25000")
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			CheckDestroy:             mayarStatus(sb, &id, "closed"),
			Steps: []resource.TestStep{
				{Config: config, Check: captureID(mayarRequestAddr, &id)},
				{
					PreConfig: func() {
						if err := sb.SetMayarPaymentStatus(id, "closed"); err != nil {
							t.Fatal(err)
						}
					},
					RefreshState:       true,
					ExpectNonEmptyPlan: true, // it proposes to reopen the request
					Check: resource.ComposeTestCheckFunc(
						resource.TestCheckResourceAttr(mayarRequestAddr, "status", "closed"),
						resource.TestCheckResourceAttr(mayarRequestAddr, "open", "false"),
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
				{Config: v.block(sb) + mayarRequestConfig("Kopi", "25000"), Check: captureID(mayarRequestAddr, &first)},
				{
					PreConfig: func() {
						if !sb.DeleteMayarPayment(first) {
							t.Fatalf("the sandbox had no payment request %s", first)
						}
					},
					Config: v.block(sb) + mayarRequestConfig("Kopi", "26000"),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(mayarRequestAddr, plancheck.ResourceActionCreate)},
					},
					Check: captureID(mayarRequestAddr, &second),
				},
			},
		})
		if second == "" || second == first {
			t.Fatalf("no new request replaced the deleted one: %q then %q", first, second)
		}
	})
}

// Import by command keeps what Mayar reads back; email, mobile, expires_at
// and transaction_id are never read (and the full link is not on V1).
func TestAccMayarPaymentRequestResource_importCommand(t *testing.T) {
	forEachVersion(t, func(t *testing.T, v mayarAPIVersion) {
		sb := newTestSandbox(t, sandbox.Options{})
		config := v.block(sb) + mayarRequestConfig("Kopi", "25000", `mobile = "081234567890"`, `description = "Dua gelas"`,
			`expires_at = "2037-01-01T00:00:00Z"`)
		ignore := []string{"email", "mobile", "expires_at", "transaction_id"}
		if v.name == "v1" {
			ignore = append(ignore, "link")
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			Steps: []resource.TestStep{
				{Config: config},
				{
					Config:                  requiredProvidersBlock() + config,
					ResourceName:            mayarRequestAddr,
					ImportState:             true,
					ImportStateVerify:       true,
					ImportStateVerifyIgnore: ignore,
				},
			},
		})
		wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteMayarCreate: 1})
	})
}

// An import block adopts a request created outside Terraform, by its id
// or by its identity: the plan after it is empty, the fields Mayar never
// returns are null, and nothing is created or edited. Destroy closes an
// adopted open request and only forgets a paid one.
func TestAccMayarPaymentRequestResource_importBlock(t *testing.T) {
	cases := []struct {
		name     string
		target   string // the import block's line that names the request
		versions []tfversion.TerraformVersionCheck
		status   string // set in the sandbox before the import
		closes   int    // close requests destroy sends
	}{
		{name: "by id", target: "id = %q", status: "active", closes: 1},
		{name: "by identity", target: "identity = { id = %q }", versions: identityChecks, status: "paid"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			forEachVersion(t, func(t *testing.T, v mayarAPIVersion) {
				sb := newTestSandbox(t, sandbox.Options{})
				p, ok := sb.CreateMayarPaymentRequest(sandbox.MayarCreateInput{
					Name: "Sewa kios", Amount: 750000, Email: "siti@example.id", Mobile: "081234567890", Description: "Mei",
				})
				if !ok {
					t.Fatal("the sandbox refused the request")
				}
				if err := sb.SetMayarPaymentStatus(p.ID, tc.status); err != nil {
					t.Fatal(err)
				}
				var link knownvalue.Check = knownvalue.StringExact("https://sandbox.mayar.example/pl/" + p.Link)
				if v.name == "v1" {
					link = knownvalue.Null()
				}
				// No email in the configuration: on V1 it is needed to create, not
				// to adopt. Mayar holds the description as <p>Mei</p>, which
				// reads as the "Mei" written here.
				config := v.block(sb) + mayarRequestConfig("Sewa kios", "750000", noEmail, `description = "Mei"`) +
					fmt.Sprintf("import {\n  to = %s\n  "+tc.target+"\n}\n", mayarRequestAddr, p.ID)
				resource.Test(t, resource.TestCase{
					TerraformVersionChecks:   tc.versions,
					ProtoV6ProviderFactories: protoV6ProviderFactories,
					Steps: []resource.TestStep{{
						Config: config,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(mayarRequestAddr, plancheck.ResourceActionNoop)},
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
						ConfigStateChecks: expectValues(mayarRequestAddr, map[string]knownvalue.Check{
							"id": knownvalue.StringExact(p.ID), "status": knownvalue.StringExact(tc.status),
							"open": knownvalue.Bool(true), "close_on_destroy": knownvalue.Bool(true),
							"amount": knownvalue.Int64Exact(750000), "link": link, "description": knownvalue.StringExact("Mei"),
							"email": knownvalue.Null(), "mobile": knownvalue.Null(), "expires_at": knownvalue.Null(),
							"transaction_id": knownvalue.Null(),
						}),
					}},
				})
				wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteMayarCreate: 0, sandbox.RouteMayarEdit: 0, sandbox.RouteMayarClose: tc.closes})
			})
		})
	}
}

// Every argument is checked at plan time: the error names the argument
// and what it accepts, and no request is sent.
func TestAccMayarPaymentRequestResource_invalidInputs(t *testing.T) {
	expectRefusedAtPlan(t, []planRefusal{
		{"amount 0", nil, mayarRequestConfig("Kopi", "0"), errorText("amount must be a whole number of rupiah from 1 to", "got 0")},
		{"amount negative", nil, mayarRequestConfig("Kopi", "-5"), errorText("amount must be a whole number of rupiah from 1", "got -5")},
		{"amount fractional", nil, mayarRequestConfig("Kopi", "1500.5"), errorText("amount must be a whole number of rupiah", "got 1500.5")},
		{"amount too large", nil, mayarRequestConfig("Kopi", "1e20"), errorText("amount must be a whole number of rupiah from 1 to 9223372036854775807")},
		{"amount a word", nil, mayarRequestConfig("Kopi", `"banyak"`), errorText(`Inappropriate value for attribute "amount"`, "a number is required")},
		{"name empty", nil, mayarRequestConfig("", "1000"), errorText("name", "must not be empty or only spaces")},
		{"name spaces", nil, mayarRequestConfig("   ", "1000"), errorText("name", "must not be empty or only spaces")},
		{"email without @", nil, mayarRequestConfig("Kopi", "1000", `email = "siti"`), errorText("email", "must be an email address such as name@example.com", "got: siti")},
		{"email without domain", nil, mayarRequestConfig("Kopi", "1000", `email = "siti@example"`), errorText("email", "must be an email address")},
		{"mobile with dashes", nil, mayarRequestConfig("Kopi", "1000", `mobile = "0812-3456-789"`), errorText("mobile", "must be a phone number of 6 to 15 digits, optionally after a leading +")},
		{"mobile too short", nil, mayarRequestConfig("Kopi", "1000", `mobile = "+62"`), errorText("mobile", "6 to 15 digits")},
		{"description empty", nil, mayarRequestConfig("Kopi", "1000", `description = ""`), errorText("description", "must not be empty")},
		{"expires_at a date", nil, mayarRequestConfig("Kopi", "1000", `expires_at = "2026-12-31"`), errorText("expires_at must be an RFC 3339 timestamp with a time zone", `got "2026-12-31"`)},
		{"expires_at without zone", nil, mayarRequestConfig("Kopi", "1000", `expires_at = "2026-12-31T23:00:00"`), errorText("expires_at must be an RFC 3339 timestamp")},
		{"open maybe", nil, mayarRequestConfig("Kopi", "1000", `open = "maybe"`), errorText(`Inappropriate value for attribute "open"`, "a bool is required")},
		{"timeouts.create soon", nil, mayarRequestConfig("Kopi", "1000", "timeouts {\n    create = \"soon\"\n  }"), errorText("timeouts.create must be a positive duration", `got "soon"`)},
		{"timeouts.delete negative", nil, mayarRequestConfig("Kopi", "1000", "timeouts {\n    delete = \"-1m\"\n  }"), errorText("timeouts.delete must be a positive duration", `got "-1m"`)},
		{"computed status set", nil, mayarRequestConfig("Kopi", "1000", `status = "paid"`), errorText("Invalid Configuration for Read-Only Attribute", "status")},
		{"email missing on v1", []string{`mayar.api_version="v1"`}, mayarRequestConfig("Kopi", "1000", noEmail),
			errorText("Missing email for Mayar v1", `email is required when mayar.api_version is "v1"`, `mayar.api_version = "v2"`)},
		{"no key", []string{"mayar.api_key="}, mayarRequestConfig("Kopi", "1000"), errorText("Missing Mayar API key", "mayar.api_key", "MAYAR_API_KEY")},
	})
}

// A create whose outcome is unknown is never sent again: the apply fails
// saying the request may exist and how to find it, nothing is left in
// state, and importing the stored request, as the error suggests, adopts
// it without a second create.
func TestAccMayarPaymentRequestResource_ambiguousCreate(t *testing.T) {
	cases := []struct {
		name     string
		fault    sandbox.Fault
		timeout  string
		requests int // what the sandbox holds afterwards
	}{
		{name: "stored then 503", fault: sandbox.Fault{Kind: sandbox.FaultStoreThen503}, requests: 1},
		{name: "answer held past request_timeout", fault: sandbox.Fault{Kind: sandbox.FaultSlow, Delay: 3 * time.Second}, timeout: "1s", requests: 1},
		{name: "answer cut off", fault: sandbox.Fault{Kind: sandbox.FaultTruncatedJSON}, requests: 1},
		// Never reached the API, but the client cannot know that.
		{name: "connection reset", fault: sandbox.Fault{Kind: sandbox.FaultReset}, requests: 0},
	}
	for _, tc := range cases {
		for _, v := range mayarAPIVersions {
			t.Run(tc.name+" "+v.name, func(t *testing.T) {
				t.Parallel()
				sb := newTestSandbox(t, sandbox.Options{})
				var overrides []string // the default max_retries: a read would be retried
				if tc.timeout != "" {
					overrides = append(overrides, fmt.Sprintf("request_timeout=%q", tc.timeout))
				}
				config := v.block(sb, overrides...) + mayarRequestConfig("Kopi", "25000")
				sb.InjectFaults(sandbox.RouteMayarCreate, tc.fault)
				resource.Test(t, resource.TestCase{
					ProtoV6ProviderFactories: protoV6ProviderFactories,
					Steps: []resource.TestStep{
						{
							Config: config,
							ExpectError: errorText("Mayar payment request may have been created",
								`payment request "Kopi" of Rp 25000 may have reached Mayar`, "/create",
								"It was not sent again", "second payment request",
								"indopay_mayar_payments", `status = "active"`, "terraform import"),
						},
						{
							Config:             config,
							PlanOnly:           true,
							ExpectNonEmptyPlan: true,
							ConfigPlanChecks: resource.ConfigPlanChecks{
								PostApplyPreRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(mayarRequestAddr, plancheck.ResourceActionCreate)},
							},
						},
					},
				})
				wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteMayarCreate: 1})
				stored := sb.MayarPayments()
				if len(stored) != tc.requests {
					t.Fatalf("the sandbox holds %d payment requests, want %d", len(stored), tc.requests)
				}
				if tc.requests == 0 || tc.name != "stored then 503" {
					return
				}
				// The advice works: an import block adopts the request.
				resource.Test(t, resource.TestCase{
					ProtoV6ProviderFactories: protoV6ProviderFactories,
					Steps: []resource.TestStep{{
						Config: config + fmt.Sprintf("import {\n  to = %s\n  id = %q\n}\n", mayarRequestAddr, stored[0].ID),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							// email is set in the configuration but was never read back.
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(mayarRequestAddr, plancheck.ResourceActionUpdate)},
						},
					}},
				})
				wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteMayarCreate: 1})
			})
		}
	}
}

// Mayar's duplicate guard answers 429 for an identical create within a
// minute: it is reported as such, not retried, and nothing else is
// created.
func TestAccMayarPaymentRequestResource_duplicateGuard(t *testing.T) {
	forEachVersion(t, func(t *testing.T, v mayarAPIVersion) {
		sb := newTestSandbox(t, sandbox.Options{})
		if _, ok := sb.CreateMayarPaymentRequest(sandbox.MayarCreateInput{Name: "Kopi", Amount: 25000, Email: "siti@example.id"}); !ok {
			t.Fatal("the sandbox refused the first request")
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: v.block(sb) + mayarRequestConfig("Kopi", "25000"),
				ExpectError: errorText("Mayar refused a duplicate payment request",
					`payment request "Kopi" of Rp 25000 because it created an identical one (same name, amount and email) within the last minute`,
					"Nothing was created, and the request was not sent again", "HTTP 429",
					`"Duplicate request detected. Please wait 1 minute before trying again."`,
					"Wait a minute and apply again, or change the name."),
			}},
		})
		wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteMayarCreate: 1})
		if n := len(sb.MayarPayments()); n != 1 {
			t.Fatalf("the sandbox holds %d payment requests, want 1", n)
		}
	})
}

// A create refused by Mayar's rate limit (429 with Retry-After) was not
// processed: it is sent again after Retry-After, and exactly one request
// exists, the one in state.
func TestAccMayarPaymentRequestResource_rateLimitedCreateRetried(t *testing.T) {
	forEachVersion(t, func(t *testing.T, v mayarAPIVersion) {
		sb := newTestSandbox(t, sandbox.Options{})
		sb.InjectFaults(sandbox.RouteMayarCreate, sandbox.Fault{Kind: sandbox.Fault429, RetryAfter: time.Second})
		var id string
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			CheckDestroy:             mayarStatus(sb, &id, "closed"),
			Steps:                    []resource.TestStep{{Config: v.block(sb) + mayarRequestConfig("Kopi", "25000"), Check: captureID(mayarRequestAddr, &id)}},
		})
		wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteMayarCreate: 2})
		if stored := sb.MayarPayments(); len(stored) != 1 || stored[0].ID != id {
			t.Fatalf("the sandbox holds %v, want the one request in state, %s", stored, id)
		}
	})
}

// Editing a paid request reports Mayar's 409 and changes nothing in state:
// with the old amount back, the plan is empty.
func TestAccMayarPaymentRequestResource_editPaid(t *testing.T) {
	forEachVersion(t, func(t *testing.T, v mayarAPIVersion) {
		sb := newTestSandbox(t, sandbox.Options{})
		var id string
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			Steps: []resource.TestStep{
				{Config: v.block(sb) + mayarRequestConfig("Kopi", "25000"), Check: captureID(mayarRequestAddr, &id)},
				{
					PreConfig: func() {
						if _, err := sb.PayMayarPaymentRequest(id); err != nil {
							t.Fatal(err)
						}
					},
					Config: v.block(sb) + mayarRequestConfig("Kopi", "30000"),
					ExpectError: errorText("Unable to edit Mayar payment request", "HTTP 409",
						`"Transaction already paid. Cannot edit payment request."`, "nothing was changed"),
				},
				{
					Config:           v.block(sb) + mayarRequestConfig("Kopi", "25000"),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					ConfigStateChecks: expectValues(mayarRequestAddr, map[string]knownvalue.Check{
						"amount": knownvalue.Int64Exact(25000),
						"status": knownvalue.StringExact("paid"),
					}),
				},
			},
		})
		wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteMayarEdit: 1, sandbox.RouteMayarClose: 0})
	})
}

// Close and reopen answered HTTP 200 "failed" (the request was paid
// between the refresh and the call) are reported as failures; destroy in
// the same race turns into a warning after reading the status.
func TestAccMayarPaymentRequestResource_closeReopenFailed(t *testing.T) {
	forEachVersion(t, func(t *testing.T, v mayarAPIVersion) {
		sb := newTestSandbox(t, sandbox.Options{})
		var id string
		payFirst := func(route sandbox.Route) func() {
			return func() {
				sb.OnRequest(route, func() {
					sb.OnRequest(route, nil)
					if err := sb.SetMayarPaymentStatus(id, "paid"); err != nil {
						t.Error(err)
					}
				})
			}
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			CheckDestroy:             mayarStatus(sb, &id, "paid"),
			Steps: []resource.TestStep{
				{Config: v.block(sb) + mayarRequestConfig("Kopi", "25000"), Check: captureID(mayarRequestAddr, &id)},
				{
					PreConfig: payFirst(sandbox.RouteMayarClose),
					Config:    v.block(sb) + mayarRequestConfig("Kopi", "25000", "open = false"),
					ExpectError: errorText("Unable to close Mayar payment request", "HTTP 200", `"failed"`,
						"Mayar refuses to close a payment request that is not open"),
				},
				{
					// Closed again outside, then reopened: paid just before.
					PreConfig: func() {
						if err := sb.SetMayarPaymentStatus(id, "closed"); err != nil {
							t.Fatal(err)
						}
						payFirst(sandbox.RouteMayarOpen)()
					},
					Config: v.block(sb) + mayarRequestConfig("Kopi", "25000"),
					ExpectError: errorText("Unable to reopen Mayar payment request", "HTTP 200", `"failed"`,
						"Mayar refuses to reopen a payment request that is not closed"),
				},
				{
					// Open and active in state, paid just before destroy's close.
					PreConfig: func() {
						if err := sb.SetMayarPaymentStatus(id, "active"); err != nil {
							t.Fatal(err)
						}
					},
					Config: v.block(sb) + mayarRequestConfig("Kopi", "25000"),
					Check:  func(*terraform.State) error { payFirst(sandbox.RouteMayarClose)(); return nil },
				},
			},
		})
		wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteMayarClose: 2, sandbox.RouteMayarOpen: 1})
	})
}

// Ctrl-C while the create request is out loses no payment request, under
// both API versions: the provider waits for Mayar's answer and returns the
// request, and Terraform's graceful stop records it. The sandbox stores the
// request, then holds its answer for a few seconds; the test interrupts
// terraform apply as soon as the create has arrived. With open = false the
// close that follows the create is not sent after the interrupt: the
// request is kept in state, tainted, and the error says it is still open.
func TestAccMayarPaymentRequestResource_interruptedCreateKeepsRequest(t *testing.T) {
	skipUnlessAcceptance(t)
	cases := []struct {
		name  string
		v     mayarAPIVersion
		extra []string // mayarRequestConfig's extra lines
	}{
		{name: "v2", v: mayarAPIVersions[0]},
		{name: "v1", v: mayarAPIVersions[1]},
		{name: "v2 open = false", v: mayarAPIVersions[0], extra: []string{"open = false"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sb := newTestSandbox(t, sandbox.Options{})
			tf, out, creates := interruptDuringCreate(t, sb, sandbox.RouteMayarCreate,
				cliRequiredProviders+tc.v.block(sb)+mayarRequestConfig("Kopi", "25000", tc.extra...))

			stored := sb.MayarPayments()
			if len(stored) != 1 || creates.Load() != 1 {
				t.Fatalf("the sandbox holds %d payment requests from %d creates, want exactly 1 and 1", len(stored), creates.Load())
			}
			id := stored[0].ID
			if list := tf.run("state", "list"); !strings.Contains(list, mayarRequestAddr) {
				t.Fatalf("the payment request created during the interrupted apply is not in state:\n%s\napply said:\n%s", list, out)
			}
			show := tf.run("state", "show", "-no-color", mayarRequestAddr)
			if !strings.Contains(show, id) || !strings.Contains(show, "/pl/") {
				t.Fatalf("the state holds another request than %s, or no link:\n%s", id, show)
			}
			if len(tc.extra) > 0 {
				// Nothing was sent after the interrupt: the request is open,
				// kept in state for the next apply to replace.
				if n := sb.RequestCount(sandbox.RouteMayarClose); n != 0 || stored[0].Status != "active" {
					t.Fatalf("%d closes sent after the interrupt; the request is %s", n, stored[0].Status)
				}
				if !errorText("Unable to close Mayar payment request "+id, "It stays in state", "open for payment").MatchString(out) ||
					!strings.Contains(show, "tainted") {
					t.Fatalf("the apply did not say the request stays open, or it is not tainted:\napply said:\n%s\nstate:\n%s", out, show)
				}
				// As the docs advise, to keep it: untaint, and apply closes it.
				tf.run("untaint", "-no-color", mayarRequestAddr)
				tf.apply()
				if p, _ := sb.MayarPayment(id); p.Status != "closed" || creates.Load() != 1 || len(sb.MayarPayments()) != 1 {
					t.Fatalf("after untaint and apply, request %s is %s, with %d creates sent; want closed, and 1", id, p.Status, creates.Load())
				}
			}

			// The state is usable: destroy closes the request.
			tf.run("destroy", "-auto-approve", "-input=false", "-no-color")
			if p, _ := sb.MayarPayment(id); p.Status != "closed" {
				t.Fatalf("destroy left payment request %s %s, want closed", id, p.Status)
			}
			if n := len(sb.MayarPayments()); n != 1 {
				t.Fatalf("the sandbox holds %d payment requests after destroy, want 1", n)
			}
		})
	}
}

// Every create, refresh and update records the request's id as its
// identity, and an import block naming that identity reads the same
// request back with nothing to change (the harness fails on any planned
// change).
func TestAccMayarPaymentRequestResource_identity(t *testing.T) {
	forEachVersion(t, func(t *testing.T, v mayarAPIVersion) {
		sb := newTestSandbox(t, sandbox.Options{})
		var id string
		identity := []statecheck.StateCheck{
			statecheck.ExpectIdentity(mayarRequestAddr, map[string]knownvalue.Check{"id": knownvalue.StringRegexp(uuidPattern)}),
			statecheck.ExpectIdentityValueMatchesState(mayarRequestAddr, tfjsonpath.New("id")),
		}
		resource.Test(t, resource.TestCase{
			TerraformVersionChecks:   identityChecks,
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			Steps: []resource.TestStep{
				{Config: v.block(sb) + mayarRequestConfig("Kopi", "25000"), ConfigStateChecks: identity, Check: captureID(mayarRequestAddr, &id)},
				{Config: v.block(sb) + mayarRequestConfig("Kopi", "30000", "open = false"), ConfigStateChecks: identity},
				{
					// Imported afresh, the email Mayar never returns is null:
					// a configuration without it has nothing to change.
					Config:          requiredProvidersBlock() + v.block(sb) + mayarRequestConfig("Kopi", "30000", "open = false", noEmail),
					ResourceName:    mayarRequestAddr,
					ImportState:     true,
					ImportStateKind: resource.ImportBlockWithResourceIdentity,
				},
			},
		})
		wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteMayarCreate: 1, sandbox.RouteMayarEdit: 1})
	})
}

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
