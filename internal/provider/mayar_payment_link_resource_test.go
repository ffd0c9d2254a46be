package provider_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
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

var linkURLPattern = regexp.MustCompile(`^https://sandbox\.mayar\.example/pl/[a-z]+$`)

// Create with every argument sends one create with all of them, the plan
// after apply is empty (Mayar's <p>…</p> of the description included), and
// destroy closes the link.
func TestAccMayarPaymentLinkResource_lifecycle(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{})
	var id string
	config := sb.providerBlock() + mayarLinkConfig("Kopi susu", "25000", `description = "Segelas kopi susu"`,
		`redirect_url = "https://toko.example/terima-kasih"`, `notes = "Ambil di kasir"`,
		`expires_at = "`+farExpiry+`"`, "limit = 100", "tax = 2750")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             mayarLinkStatus(sb, &id, "closed"),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: expectValues(mayarLinkAddr, map[string]knownvalue.Check{
				"id":               knownvalue.StringRegexp(uuidPattern),
				"link":             knownvalue.StringRegexp(linkURLPattern),
				"slug":             knownvalue.StringRegexp(regexp.MustCompile(`^[a-z]+$`)),
				"status":           knownvalue.StringExact("active"),
				"close_on_destroy": knownvalue.Bool(true),
				"amount":           knownvalue.Int64Exact(25000),
				"description":      knownvalue.StringExact("Segelas kopi susu"),
				"limit":            knownvalue.Int64Exact(100),
				"tax":              knownvalue.Int64Exact(2750),
			}),
			Check: resource.ComposeTestCheckFunc(
				captureID(mayarLinkAddr, &id),
				mayarLinkHeld(sb, &id, func(p sandbox.MayarProduct) error {
					if p.Name != "Kopi susu" || *p.Amount != 25000 || p.Description != "<p>Segelas kopi susu</p>\n" ||
						*p.RedirectURL != "https://toko.example/terima-kasih" || *p.Notes != "Ambil di kasir" ||
						p.ExpiredAt != farExpirySent || *p.Limit != 100 || *p.Tax != 2750 || p.Type != "generic_link" ||
						p.Status != "active" {
						return fmt.Errorf("the sandbox holds %+v", p)
					}
					return nil
				}),
				func(s *terraform.State) error {
					attrs := s.RootModule().Resources[mayarLinkAddr].Primary.Attributes
					if !strings.HasSuffix(attrs["link"], "/pl/"+attrs["slug"]) {
						return fmt.Errorf("link %q does not end with slug %q", attrs["link"], attrs["slug"])
					}
					return nil
				},
			),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(mayarLinkAddr, plancheck.ResourceActionCreate)},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
	wantRequests(t, sb, map[sandbox.Route]int{
		sandbox.RouteMayarProductCreate: 1, sandbox.RouteMayarProductEdit: 0, sandbox.RouteMayarProductStatus: 1,
	})
}

// Every editable argument changes in place with one edit, which sends the
// whole object: the name too (Mayar refuses an edit without it), and what
// did not change stays. Removing the description, redirect URL or notes
// clears them in Mayar; removing expires_at keeps Mayar's expiry.
func TestAccMayarPaymentLinkResource_editInPlace(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{})
	var id string
	block := sb.providerBlock()
	base := []string{`description = "Dua gelas"`, `redirect_url = "https://toko.example/a"`, `notes = "Catatan"`,
		`expires_at = "` + farExpiry + `"`}
	with := func(replace map[int]string) []string {
		out := append([]string{}, base...)
		for i, line := range replace {
			out[i] = line
		}
		return out
	}
	step := func(name, amount string, extra []string, check func(p sandbox.MayarProduct) bool) resource.TestStep {
		return resource.TestStep{
			Config: block + mayarLinkConfig(name, amount, extra...),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(mayarLinkAddr, plancheck.ResourceActionUpdate)},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: mayarLinkHeld(sb, &id, func(p sandbox.MayarProduct) error {
				if !check(p) {
					return fmt.Errorf("the sandbox holds %+v", p)
				}
				return nil
			}),
		}
	}
	unchanged := func(p sandbox.MayarProduct) bool {
		return *p.Amount == 30000 && p.ExpiredAt == farExpirySent && p.Status == "active"
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: block + mayarLinkConfig("Kopi", "25000", base...), Check: captureID(mayarLinkAddr, &id)},
			step("Kopi susu", "25000", base, func(p sandbox.MayarProduct) bool {
				return p.Name == "Kopi susu" && *p.Amount == 25000 && p.Description == "<p>Dua gelas</p>\n"
			}),
			step("Kopi susu", "30000", base, func(p sandbox.MayarProduct) bool {
				return *p.Amount == 30000 && p.Name == "Kopi susu" && *p.Notes == "Catatan"
			}),
			step("Kopi susu", "30000", with(map[int]string{0: `description = "Tiga gelas"`}), func(p sandbox.MayarProduct) bool {
				return p.Description == "<p>Tiga gelas</p>\n" && unchanged(p)
			}),
			step("Kopi susu", "30000", with(map[int]string{1: `redirect_url = "https://toko.example/b"`}), func(p sandbox.MayarProduct) bool {
				return *p.RedirectURL == "https://toko.example/b" && p.Description == "<p>Dua gelas</p>\n"
			}),
			step("Kopi susu", "30000", with(map[int]string{2: `notes = "Lain"`}), func(p sandbox.MayarProduct) bool {
				return *p.Notes == "Lain" && *p.RedirectURL == "https://toko.example/a"
			}),
			step("Kopi susu", "30000", with(map[int]string{3: `expires_at = "2037-01-01T00:00:00Z"`}), func(p sandbox.MayarProduct) bool {
				return p.ExpiredAt == "2037-01-01T00:00:00.000Z" && *p.Notes == "Catatan"
			}),
			// expires_at removed: Mayar keeps the expiry it has.
			step("Kopi susu", "30000", nil, func(p sandbox.MayarProduct) bool {
				return p.Description == "" && p.RedirectURL == nil && p.Notes == nil && *p.Amount == 30000 &&
					p.ExpiredAt == "2037-01-01T00:00:00.000Z"
			}),
		},
	})
	wantRequests(t, sb, map[sandbox.Route]int{
		sandbox.RouteMayarProductCreate: 1, sandbox.RouteMayarProductEdit: 7, sandbox.RouteMayarProductStatus: 1,
	})
}

// limit and tax cannot be edited: changing either replaces the link, and
// the old one is closed.
func TestAccMayarPaymentLinkResource_replaceOnLimitAndTax(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{})
	var ids [3]string
	replaced := func(extra ...string) resource.TestStep {
		return resource.TestStep{
			Config: sb.providerBlock() + mayarLinkConfig("Kopi", "25000", extra...),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(mayarLinkAddr, plancheck.ResourceActionDestroyBeforeCreate)},
			},
		}
	}
	second, third := replaced("limit = 10"), replaced("limit = 10", "tax = 500")
	second.Check = resource.ComposeTestCheckFunc(captureID(mayarLinkAddr, &ids[1]), mayarLinkStatus(sb, &ids[0], "closed"))
	third.Check = resource.ComposeTestCheckFunc(captureID(mayarLinkAddr, &ids[2]), mayarLinkStatus(sb, &ids[1], "closed"),
		mayarLinkHeld(sb, &ids[2], func(p sandbox.MayarProduct) error {
			if *p.Limit != 10 || *p.Tax != 500 {
				return fmt.Errorf("the new link holds %+v", p)
			}
			return nil
		}))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: sb.providerBlock() + mayarLinkConfig("Kopi", "25000"), Check: captureID(mayarLinkAddr, &ids[0])},
			second, third,
		},
	})
	if ids[0] == ids[1] || ids[1] == ids[2] {
		t.Fatalf("a replacement kept the id: %v", ids)
	}
	wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteMayarProductCreate: 3, sandbox.RouteMayarProductEdit: 0})
}

// status is set in place through the status endpoint, one request each; a
// link created unlisted is created, then unlisted; destroy of a closed
// link sends nothing.
func TestAccMayarPaymentLinkResource_status(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{})
	var id string
	step := func(status string) resource.TestStep {
		return resource.TestStep{
			Config: sb.providerBlock() + mayarLinkConfig("Kopi", "25000", fmt.Sprintf("status = %q", status)),
			Check:  mayarLinkStatus(sb, &id, status),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(mayarLinkAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(mayarLinkAddr, tfjsonpath.New("status"), knownvalue.StringExact(status)),
				},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             mayarLinkStatus(sb, &id, "closed"),
		Steps: []resource.TestStep{
			{
				Config: sb.providerBlock() + mayarLinkConfig("Kopi", "25000", `status = "unlisted"`),
				Check:  resource.ComposeTestCheckFunc(captureID(mayarLinkAddr, &id), mayarLinkStatus(sb, &id, "unlisted")),
				ConfigStateChecks: expectValues(mayarLinkAddr, map[string]knownvalue.Check{
					"status": knownvalue.StringExact("unlisted"),
				}),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			step("active"),
			step("closed"),
		},
	})
	// unlisted at create, active, closed; nothing at destroy.
	wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteMayarProductStatus: 3, sandbox.RouteMayarProductEdit: 0})
}

// Changes made outside Terraform show in the next plan: an edited name,
// amount and description are edited back (Mayar's dashboard writes HTML),
// a closed link is reopened, and a link Mayar no longer knows is created
// again.
func TestAccMayarPaymentLinkResource_drift(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{})
	var first, second string
	config := sb.providerBlock() + mayarLinkConfig("Kopi", "25000", `description = "Dua gelas"`, `notes = "Catatan"`)
	outside := func(change func(p *sandbox.MayarProduct)) func() {
		return func() {
			if err := sb.ModifyMayarProduct(first, change); err != nil {
				t.Fatal(err)
			}
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, Check: captureID(mayarLinkAddr, &first)},
			{
				PreConfig: outside(func(p *sandbox.MayarProduct) {
					n := int64(99000)
					p.Name, p.Amount, p.Description = "Kopi hitam", &n, "<p>diubah di dasbor</p>\n"
				}),
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(mayarLinkAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(mayarLinkAddr, tfjsonpath.New("name"), knownvalue.StringExact("Kopi")),
					plancheck.ExpectKnownValue(mayarLinkAddr, tfjsonpath.New("amount"), knownvalue.Int64Exact(25000)),
					plancheck.ExpectKnownValue(mayarLinkAddr, tfjsonpath.New("description"), knownvalue.StringExact("Dua gelas")),
				}},
				Check: mayarLinkHeld(sb, &first, func(p sandbox.MayarProduct) error {
					if p.Name != "Kopi" || *p.Amount != 25000 || p.Description != "<p>Dua gelas</p>\n" || *p.Notes != "Catatan" {
						return fmt.Errorf("not edited back: %+v", p)
					}
					return nil
				}),
			},
			{
				PreConfig: outside(func(p *sandbox.MayarProduct) { p.Status = "closed" }),
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(mayarLinkAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(mayarLinkAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
				}},
				Check: mayarLinkStatus(sb, &first, "active"),
			},
			{
				PreConfig: func() {
					if !sb.DeleteMayarProduct(first) {
						t.Fatalf("the sandbox had no product %s", first)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(mayarLinkAddr, plancheck.ResourceActionCreate)},
				},
				Check: captureID(mayarLinkAddr, &second),
			},
		},
	})
	if second == "" || second == first {
		t.Fatalf("no new link replaced the one Mayar forgot: %q then %q", first, second)
	}
	wantRequests(t, sb, map[sandbox.Route]int{
		sandbox.RouteMayarProductCreate: 2, sandbox.RouteMayarProductEdit: 1, sandbox.RouteMayarProductStatus: 2,
	})
}

// Destroy sends nothing when close_on_destroy = false, which only forgets
// the link, and for a link closed outside Terraform, whose refresh reads
// closed.
func TestAccMayarPaymentLinkResource_destroyWithoutClosing(t *testing.T) {
	for _, tc := range []struct {
		name, extra, after string
		closeOutside       bool
	}{
		{name: "close_on_destroy = false", extra: "close_on_destroy = false", after: "active"},
		{name: "closed outside Terraform", closeOutside: true, after: "closed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sb := newTestSandbox(t, sandbox.Options{})
			var id string
			steps := []resource.TestStep{{Config: sb.providerBlock() + mayarLinkConfig("Kopi", "25000", tc.extra), Check: captureID(mayarLinkAddr, &id)}}
			if tc.closeOutside {
				steps = append(steps, resource.TestStep{
					PreConfig: func() {
						if err := sb.ModifyMayarProduct(id, func(p *sandbox.MayarProduct) { p.Status = "closed" }); err != nil {
							t.Fatal(err)
						}
					},
					RefreshState:       true,
					ExpectNonEmptyPlan: true, // it proposes to reopen the link
					Check:              resource.TestCheckResourceAttr(mayarLinkAddr, "status", "closed"),
				})
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				CheckDestroy:             mayarLinkStatus(sb, &id, tc.after),
				Steps:                    steps,
			})
			wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteMayarProductStatus: 0})
		})
	}
}

// Import by command reads what Mayar returns; the rest is null.
func TestAccMayarPaymentLinkResource_importCommand(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{})
	config := sb.providerBlock() + mayarLinkConfig("Kopi", "25000", `description = "Dua gelas"`, `status = "unlisted"`,
		`redirect_url = "https://toko.example/a"`, `notes = "Catatan"`, `expires_at = "`+farExpiry+`"`, "limit = 5", "tax = 100")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				Config:                  requiredProvidersBlock() + config,
				ResourceName:            mayarLinkAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"redirect_url", "notes", "expires_at", "limit", "tax"},
			},
		},
	})
	wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteMayarProductCreate: 1})
}

// An import block adopts a link made outside Terraform, by its id or by
// its identity: nothing is created or edited, the plan after is empty,
// what Mayar never returns is null, and destroy closes it.
func TestAccMayarPaymentLinkResource_importBlock(t *testing.T) {
	cases := []struct {
		name     string
		target   string // the import block's line that names the link
		versions []tfversion.TerraformVersionCheck
	}{
		{name: "by id", target: "id = %q"},
		{name: "by identity", target: "identity = { id = %q }", versions: identityChecks},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sb := newTestSandbox(t, sandbox.Options{})
			limit := int64(5)
			p := sb.CreateMayarPaymentLink(sandbox.MayarPaymentLinkInput{Name: "Sewa tenda", Amount: 350000,
				Description: "Per hari", RedirectURL: "https://toko.example/a", Notes: "Catatan", Limit: &limit})
			config := sb.providerBlock() + mayarLinkConfig("Sewa tenda", "350000", `description = "Per hari"`) +
				fmt.Sprintf("import {\n  to = %s\n  "+tc.target+"\n}\n", mayarLinkAddr, p.ID)
			resource.ParallelTest(t, resource.TestCase{
				TerraformVersionChecks:   tc.versions,
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				CheckDestroy:             mayarLinkStatus(sb, &p.ID, "closed"),
				Steps: []resource.TestStep{{
					Config: config,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(mayarLinkAddr, plancheck.ResourceActionNoop)},
						PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
					ConfigStateChecks: expectValues(mayarLinkAddr, map[string]knownvalue.Check{
						"id": knownvalue.StringExact(p.ID), "status": knownvalue.StringExact("active"),
						"amount": knownvalue.Int64Exact(350000), "description": knownvalue.StringExact("Per hari"),
						"link": knownvalue.StringExact(sandbox.MayarLinkBase + p.Link), "slug": knownvalue.StringExact(p.Link),
						"close_on_destroy": knownvalue.Bool(true),
						"redirect_url":     knownvalue.Null(), "notes": knownvalue.Null(), "expires_at": knownvalue.Null(),
						"limit": knownvalue.Null(), "tax": knownvalue.Null(),
					}),
				}},
			})
			wantRequests(t, sb, map[sandbox.Route]int{
				sandbox.RouteMayarProductCreate: 0, sandbox.RouteMayarProductEdit: 0, sandbox.RouteMayarProductStatus: 1,
			})
		})
	}
}

// Every create, refresh and update records the link's id as its identity,
// and an import block naming it reads the same link back with nothing to
// change.
func TestAccMayarPaymentLinkResource_identity(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{})
	identity := []statecheck.StateCheck{
		statecheck.ExpectIdentity(mayarLinkAddr, map[string]knownvalue.Check{"id": knownvalue.StringRegexp(uuidPattern)}),
		statecheck.ExpectIdentityValueMatchesState(mayarLinkAddr, tfjsonpath.New("id")),
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityChecks,
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: sb.providerBlock() + mayarLinkConfig("Kopi", "25000"), ConfigStateChecks: identity},
			{Config: sb.providerBlock() + mayarLinkConfig("Kopi", "30000", `status = "unlisted"`), ConfigStateChecks: identity},
			{
				Config:          requiredProvidersBlock() + sb.providerBlock() + mayarLinkConfig("Kopi", "30000", `status = "unlisted"`),
				ResourceName:    mayarLinkAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
		},
	})
	wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteMayarProductCreate: 1, sandbox.RouteMayarProductEdit: 1})
}

// Every argument is checked at plan time, and the provider's API version
// and key too: the error names what is wrong and what is accepted, and no
// request is sent.
func TestAccMayarPaymentLinkResource_invalidInputs(t *testing.T) {
	past := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	expectRefusedAtPlan(t, []planRefusal{
		{"amount 0", nil, mayarLinkConfig("Kopi", "0"), errorText("amount must be a whole number of rupiah from 1 to", "got 0")},
		{"amount fractional", nil, mayarLinkConfig("Kopi", "1500.5"), errorText("amount must be a whole number of rupiah", "got 1500.5")},
		{"name blank", nil, mayarLinkConfig("  ", "1000"), errorText("name", "must not be empty or only spaces")},
		{"description empty", nil, mayarLinkConfig("Kopi", "1000", `description = ""`), errorText("description", "must not be empty")},
		{"notes blank", nil, mayarLinkConfig("Kopi", "1000", `notes = " "`), errorText("notes", "must not be empty")},
		{"limit 0", nil, mayarLinkConfig("Kopi", "1000", "limit = 0"), errorText("limit must be a whole number of purchases from 1 to", "got 0")},
		{"limit fractional", nil, mayarLinkConfig("Kopi", "1000", "limit = 1.5"), errorText("limit must be a whole number of purchases from 1", "got 1.5")},
		{"tax negative", nil, mayarLinkConfig("Kopi", "1000", "tax = -1"), errorText("tax must be a whole number of rupiah from 0 to", "got -1")},
		{"tax fractional", nil, mayarLinkConfig("Kopi", "1000", "tax = 99.5"), errorText("tax must be a whole number of rupiah from 0", "got 99.5")},
		{"redirect_url http", nil, mayarLinkConfig("Kopi", "1000", `redirect_url = "http://toko.example/a"`),
			errorText("Invalid redirect URL", "redirect_url must be an absolute https:// URL", `got "http://toko.example/a"`)},
		{"redirect_url relative", nil, mayarLinkConfig("Kopi", "1000", `redirect_url = "/terima-kasih"`),
			errorText("redirect_url must be an absolute https:// URL")},
		{"expires_at a date", nil, mayarLinkConfig("Kopi", "1000", `expires_at = "2036-12-31"`),
			errorText("expires_at must be an RFC 3339 timestamp with a time zone", `got "2036-12-31"`)},
		{"expires_at past", nil, mayarLinkConfig("Kopi", "1000", `expires_at = "`+past+`"`),
			errorText("Expiry in the past", "expires_at "+past+" is in the past", "could never be paid")},
		{"status open", nil, mayarLinkConfig("Kopi", "1000", `status = "open"`),
			errorText("status", `value must be one of: ["active" "unlisted" "closed"], got: "open"`)},
		{"computed slug set", nil, mayarLinkConfig("Kopi", "1000", `slug = "kopi"`), errorText("Invalid Configuration for Read-Only Attribute", "slug")},
		{"api v1", []string{`mayar.api_version="v1"`}, mayarLinkConfig("Kopi", "1000"),
			errorText("indopay_mayar_payment_link needs Mayar API v2", `mayar.api_version is "v1"`, `mayar.api_version = "v2"`, "MAYAR_API_VERSION")},
		{"no key", []string{"mayar.api_key="}, mayarLinkConfig("Kopi", "1000"), errorText("Missing Mayar API key", "mayar.api_key", "MAYAR_API_KEY")},
	})
}

// mayarEditRefused answers every payment link edit as Mayar refuses one,
// with HTTP 200 "failed" and what is wrong with each field; everything
// else goes to the sandbox.
type mayarEditRefused struct{ next http.Handler }

func (h mayarEditRefused) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.HasSuffix(r.URL.Path, "/update") {
		h.next.ServeHTTP(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"statusCode":200,"messages":"failed","data":[{"type":"required","message":"The 'name' field is required.","field":"name"}]}`))
}

// An edit or a status change that Mayar refuses with HTTP 200 "failed" is
// a failure that leaves state as it was: with the old configuration back,
// the plan is empty, and Mayar holds the link unchanged.
func TestAccMayarPaymentLinkResource_refusedWithHTTP200(t *testing.T) {
	sb := sandbox.New(sandbox.Options{})
	srv := httptest.NewServer(mayarEditRefused{next: sb})
	t.Cleanup(srv.Close)
	tsb := &testSandbox{Sandbox: sb, URL: srv.URL}
	var id string
	config := tsb.providerBlock() + mayarLinkConfig("Kopi", "25000")
	unchanged := []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, Check: captureID(mayarLinkAddr, &id)},
			{
				Config: tsb.providerBlock() + mayarLinkConfig("Kopi", "30000"),
				ExpectError: errorText("Unable to edit Mayar payment link", "HTTP 200",
					`"failed: The 'name' field is required."`, "Mayar refused the edit; nothing was changed."),
			},
			{Config: config, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: unchanged}},
			{
				// Unlisted outside Terraform just before the change asks for it.
				PreConfig: func() {
					tsb.OnRequest(sandbox.RouteMayarProductStatus, func() {
						tsb.OnRequest(sandbox.RouteMayarProductStatus, nil)
						if err := sb.ModifyMayarProduct(id, func(p *sandbox.MayarProduct) { p.Status = "unlisted" }); err != nil {
							t.Error(err)
						}
					})
				},
				Config: tsb.providerBlock() + mayarLinkConfig("Kopi", "25000", `status = "unlisted"`),
				ExpectError: errorText("Unable to set the status of Mayar payment link", "HTTP 200", `"failed`,
					"Mayar refuses to set a status a payment link already has", "active at the last refresh"),
			},
			{
				// The refresh reads unlisted: what Mayar holds now, and asked for.
				Config: tsb.providerBlock() + mayarLinkConfig("Kopi", "25000", `status = "unlisted"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: unchanged,
				},
				Check: mayarLinkHeld(tsb, &id, func(p sandbox.MayarProduct) error {
					if *p.Amount != 25000 || p.Status != "unlisted" {
						return fmt.Errorf("the sandbox holds %+v", p)
					}
					return nil
				}),
			},
		},
	})
	wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteMayarProductCreate: 1, sandbox.RouteMayarProductStatus: 2})
}

// A create whose outcome is unknown is never sent again: the apply says
// the link may exist and how to find it, nothing is left in state, and an
// import block adopts the stored link without a second create.
func TestAccMayarPaymentLinkResource_ambiguousCreate(t *testing.T) {
	cases := []struct {
		name    string
		fault   sandbox.Fault
		timeout string
		links   int // what the sandbox holds afterwards
	}{
		{name: "stored then 503", fault: sandbox.Fault{Kind: sandbox.FaultStoreThen503}, links: 1},
		{name: "answer held past request_timeout", fault: sandbox.Fault{Kind: sandbox.FaultSlow, Delay: 3 * time.Second}, timeout: "1s", links: 1},
		{name: "answer cut off", fault: sandbox.Fault{Kind: sandbox.FaultTruncatedJSON}, links: 1},
		{name: "connection reset", fault: sandbox.Fault{Kind: sandbox.FaultReset}, links: 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sb := newTestSandbox(t, sandbox.Options{})
			creates := countRequests(sb, sandbox.RouteMayarProductCreate)
			var overrides []string
			if tc.timeout != "" {
				overrides = append(overrides, fmt.Sprintf("request_timeout=%q", tc.timeout))
			}
			config := sb.providerBlock(overrides...) + mayarLinkConfig("Kopi", "25000", `status = "unlisted"`)
			sb.InjectFaults(sandbox.RouteMayarProductCreate, tc.fault)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config: config,
						ExpectError: errorText("Mayar payment link may have been created",
							`payment link "Kopi" of Rp 25000 may have reached Mayar`, "/products/payment-link/create",
							"It was not sent again", "second payment link", `search = "Kopi"`, "terraform import"),
					},
					{
						Config: config, PlanOnly: true, ExpectNonEmptyPlan: true,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PostApplyPreRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(mayarLinkAddr, plancheck.ResourceActionCreate)},
						},
					},
				},
			})
			if stored := sb.MayarProducts(); len(stored) == 1 {
				// The advice works: an import block adopts it, and the apply
				// unlists it as the configuration asks.
				resource.Test(t, resource.TestCase{
					ProtoV6ProviderFactories: protoV6ProviderFactories,
					Steps: []resource.TestStep{{
						Config: config + fmt.Sprintf("import {\n  to = %s\n  id = %q\n}\n", mayarLinkAddr, stored[0].ID),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(mayarLinkAddr, plancheck.ResourceActionUpdate)},
						},
					}},
				})
			}
			if n := creates.Load(); n != 1 {
				t.Fatalf("the create was sent %d times, want exactly 1", n)
			}
			if n := len(sb.MayarProducts()); n != tc.links {
				t.Fatalf("the sandbox holds %d links, want %d", n, tc.links)
			}
			// The status that follows a create is not sent after a create
			// that failed; only the adopted link's update sends one.
			wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteMayarProductStatus: 2 * tc.links})
		})
	}
}

// A create refused by Mayar's rate limit was not processed: it is sent
// again after Retry-After, and exactly one link exists.
func TestAccMayarPaymentLinkResource_rateLimitedCreateRetried(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{})
	sb.InjectFaults(sandbox.RouteMayarProductCreate, sandbox.Fault{Kind: sandbox.Fault429, RetryAfter: time.Second})
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: sb.providerBlock() + mayarLinkConfig("Kopi", "25000"), Check: captureID(mayarLinkAddr, &id)}},
	})
	wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteMayarProductCreate: 2})
	if stored := sb.MayarProducts(); len(stored) != 1 || stored[0].ID != id {
		t.Fatalf("the sandbox holds %v, want the one link in state, %s", stored, id)
	}
}

// Ctrl-C while the create request is out loses no payment link: the
// provider waits for Mayar's answer and Terraform's graceful stop records
// the link. With status = "unlisted" the status call that follows is not
// sent after the interrupt: the link stays in state, active and tainted.
func TestAccMayarPaymentLinkResource_interruptedCreateKeepsLink(t *testing.T) {
	skipUnlessAcceptance(t)
	for _, extra := range [][]string{nil, {`status = "unlisted"`}} {
		t.Run(fmt.Sprintf("%v", extra), func(t *testing.T) {
			t.Parallel()
			sb := newTestSandbox(t, sandbox.Options{})
			tf, out, creates := interruptDuringCreate(t, sb, sandbox.RouteMayarProductCreate,
				cliRequiredProviders+sb.providerBlock()+mayarLinkConfig("Kopi", "25000", extra...))
			stored := sb.MayarProducts()
			if len(stored) != 1 || creates.Load() != 1 {
				t.Fatalf("the sandbox holds %d links from %d creates, want exactly 1 and 1", len(stored), creates.Load())
			}
			id := stored[0].ID
			show := tf.run("state", "show", "-no-color", mayarLinkAddr)
			if !strings.Contains(show, id) || !strings.Contains(show, "/pl/"+stored[0].Link) {
				t.Fatalf("the state holds another link than %s:\n%s\napply said:\n%s", id, show, out)
			}
			if len(extra) > 0 {
				if n := sb.RequestCount(sandbox.RouteMayarProductStatus); n != 0 || stored[0].Status != "active" ||
					!strings.Contains(show, "tainted") {
					t.Fatalf("%d status requests after the interrupt; the link is %s; state:\n%s", n, stored[0].Status, show)
				}
				if !errorText("Unable to set the status of Mayar payment link "+id, "It stays in state", "active").MatchString(out) {
					t.Fatalf("the apply did not say the link stays active:\n%s", out)
				}
			}
			tf.run("destroy", "-auto-approve", "-input=false", "-no-color")
			if p, _ := sb.MayarProduct(id); p.Status != "closed" || len(sb.MayarProducts()) != 1 {
				t.Fatalf("destroy left link %s %s, with %d links in the sandbox; want closed, and 1", id, p.Status, len(sb.MayarProducts()))
			}
		})
	}
}
