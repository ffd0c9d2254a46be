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

// checkExpiry checks that expires_at is created_at plus the given window.
func checkExpiry(window, slack time.Duration) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		attrs := s.RootModule().Resources[paymentAddr].Primary.Attributes
		created, err := time.Parse(time.RFC3339, attrs["created_at"])
		if err != nil {
			return fmt.Errorf("created_at: %w", err)
		}
		expires, err := time.Parse(time.RFC3339, attrs["expires_at"])
		if err != nil {
			return fmt.Errorf("expires_at: %w", err)
		}
		if d := expires.Sub(created) - window; d < -slack || d > slack {
			return fmt.Errorf("expires_at - created_at = %s, want %s", expires.Sub(created), window)
		}
		return nil
	}
}

// Create, read with the data source, a plan without changes, destroy
// cancelling: the sandbox reads the payment back as Expired.
func TestAccPayGetPaymentResource_lifecycle(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{})
	var id string
	config := sb.providerBlock() + paymentConfig("50000") + `
data "indopay_payget_payment" "topup" {
  id = indopay_payget_payment.topup.id
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             sandboxPayGetStatus(sb, &id, "Expired"),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(paymentAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^[a-z0-9]{16}$`))),
				statecheck.ExpectKnownValue(paymentAddr, tfjsonpath.New("status"), knownvalue.StringExact("Pending")),
				statecheck.ExpectKnownValue(paymentAddr, tfjsonpath.New("qr_code"), knownvalue.StringRegexp(regexp.MustCompile(`^data:image/png;base64,[A-Za-z0-9+/]+=*$`))),
				statecheck.ExpectKnownValue(paymentAddr, tfjsonpath.New("fee"), knownvalue.Int64Exact(0)),
				statecheck.ExpectKnownValue(paymentAddr, tfjsonpath.New("balance_received"), knownvalue.Int64Exact(50000)),
				statecheck.ExpectKnownValue(paymentAddr, tfjsonpath.New("cancel_on_destroy"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("data.indopay_payget_payment.topup", tfjsonpath.New("status"), knownvalue.StringExact("Pending")),
				statecheck.ExpectKnownValue("data.indopay_payget_payment.topup", tfjsonpath.New("amount"), knownvalue.Int64Exact(50000)),
			},
			Check: resource.ComposeTestCheckFunc(
				captureID(paymentAddr, &id),
				checkExpiry(10*time.Minute, 2*time.Second),
				sandboxPayGetStatus(sb, &id, "Pending"),
			),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(paymentAddr, plancheck.ResourceActionCreate)},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
	if n := len(sb.PayGetPayments()); n != 1 {
		t.Fatalf("the sandbox holds %d payments, want exactly 1", n)
	}
	wantRequests(t, sb, map[sandbox.Route]int{sandbox.RoutePayGetCreate: 1})
	wantRequests(t, sb, map[sandbox.Route]int{sandbox.RoutePayGetCancel: 1})
}

// A payment settled out of band, paid or expired by itself: a refresh shows
// the status without proposing a change, and destroy succeeds with a
// warning, cancelling nothing.
func TestAccPayGetPaymentResource_settledThenDestroyed(t *testing.T) {
	cases := []struct {
		status string
		settle func(sb *testSandbox, id string) error
	}{
		{"Success", func(sb *testSandbox, id string) error { return sb.SetPayGetPaymentStatus(id, "Success") }},
		{"Expired", func(sb *testSandbox, _ string) error { sb.Advance(11 * time.Minute); return nil }},
	}
	for _, tc := range cases {
		t.Run(tc.status, func(t *testing.T) {
			sb := newTestSandbox(t, sandbox.Options{})
			var id string
			config := sb.providerBlock() + paymentConfig("75000")
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				CheckDestroy:             sandboxPayGetStatus(sb, &id, tc.status),
				Steps: []resource.TestStep{
					{Config: config, Check: captureID(paymentAddr, &id)},
					{
						PreConfig: func() {
							if err := tc.settle(sb, id); err != nil {
								t.Fatal(err)
							}
						},
						Config: config,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
						ConfigStateChecks: expectValues(paymentAddr, map[string]knownvalue.Check{"status": knownvalue.StringExact(tc.status)}),
					},
				},
			})
			wantRequests(t, sb, map[sandbox.Route]int{sandbox.RoutePayGetCancel: 0})
		})
	}
}

// The payment is paid between the refresh and the cancel of a destroy:
// PayGet refuses the cancel, and destroy turns that into a warning.
func TestAccPayGetPaymentResource_paidDuringDestroy(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{})
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             sandboxPayGetStatus(sb, &id, "Success"),
		Steps: []resource.TestStep{{
			Config: sb.providerBlock() + paymentConfig("2000"),
			Check: resource.ComposeTestCheckFunc(captureID(paymentAddr, &id), func(*terraform.State) error {
				sb.OnRequest(sandbox.RoutePayGetCancel, func() {
					if err := sb.SetPayGetPaymentStatus(id, "Success"); err != nil {
						t.Error(err)
					}
				})
				return nil
			}),
		}},
	})
	wantRequests(t, sb, map[sandbox.Route]int{sandbox.RoutePayGetCancel: 1})
}

// cancel_on_destroy = false only forgets the payment.
func TestAccPayGetPaymentResource_keepOnDestroy(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{})
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             sandboxPayGetStatus(sb, &id, "Pending"),
		Steps: []resource.TestStep{{
			Config: sb.providerBlock() + paymentConfig("5000", "cancel_on_destroy = false"),
			Check:  captureID(paymentAddr, &id),
		}},
	})
	wantRequests(t, sb, map[sandbox.Route]int{sandbox.RoutePayGetCancel: 0})
}

// Changing the amount replaces the payment: the old one is cancelled.
func TestAccPayGetPaymentResource_replaceOnAmountChange(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{})
	var first, second string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: sb.providerBlock() + paymentConfig("50000"),
				Check:  captureID(paymentAddr, &first),
			},
			{
				Config: sb.providerBlock() + paymentConfig("60000"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(paymentAddr, plancheck.ResourceActionReplace)},
				},
				ConfigStateChecks: expectValues(paymentAddr, map[string]knownvalue.Check{
					"amount": knownvalue.Int64Exact(60000),
				}),
				Check: resource.ComposeTestCheckFunc(
					captureID(paymentAddr, &second),
					sandboxPayGetStatus(sb, &first, "Expired"),
					func(*terraform.State) error {
						if first == second {
							return fmt.Errorf("the payment id did not change on replacement: %s", first)
						}
						return nil
					},
				),
			},
		},
	})
}

// Changing only what lives in Terraform updates in place, with no request.
func TestAccPayGetPaymentResource_updateInPlace(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{})
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             sandboxPayGetStatus(sb, &id, "Pending"),
		Steps: []resource.TestStep{
			{Config: sb.providerBlock() + paymentConfig("50000"), Check: captureID(paymentAddr, &id)},
			{
				Config: sb.providerBlock() + paymentConfig("50000", "cancel_on_destroy = false", `timeouts { read = "30s" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(paymentAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(paymentAddr, tfjsonpath.New("qr_code"), knownvalue.StringRegexp(regexp.MustCompile(`^data:image/png`))),
						plancheck.ExpectKnownValue(paymentAddr, tfjsonpath.New("expires_at"), knownvalue.NotNull()),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
	wantRequests(t, sb, map[sandbox.Route]int{sandbox.RoutePayGetCreate: 1})
}

// Import by command (terraform import) keeps everything the API can give
// back; what it cannot stays null.
func TestAccPayGetPaymentResource_importCommand(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: sb.providerBlock() + paymentConfig("50000")},
			{
				Config:            requiredProvidersBlock() + sb.providerBlock() + paymentConfig("50000"),
				ResourceName:      paymentAddr,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{
					"qr_code", "fee", "balance_received", "created_at", "expires_at",
				},
			},
		},
	})
}

// An import block adopts a payment created outside Terraform, whether it
// names the payment by id or (Terraform 1.12+) by identity: no create
// request, a plan without changes afterwards, the id in state (and the
// identity) the payment's id, and the unknowable attributes null.
func TestAccPayGetPaymentResource_importBlock(t *testing.T) {
	cases := []struct {
		name     string
		target   string // the import block's line that names the payment
		versions []tfversion.TerraformVersionCheck
		checks   func(id string) []statecheck.StateCheck // beyond those of both
	}{
		{name: "by id", target: "id = %q", checks: func(string) []statecheck.StateCheck {
			return []statecheck.StateCheck{
				statecheck.ExpectKnownValue(paymentAddr, tfjsonpath.New("qr_code"), knownvalue.Null()),
				statecheck.ExpectKnownValue(paymentAddr, tfjsonpath.New("fee"), knownvalue.Null()),
				statecheck.ExpectKnownValue(paymentAddr, tfjsonpath.New("created_at"), knownvalue.Null()),
				statecheck.ExpectKnownValue(paymentAddr, tfjsonpath.New("cancel_on_destroy"), knownvalue.Bool(true)),
			}
		}},
		{name: "by identity", target: "identity = {\n    id = %q\n  }", versions: identityChecks, checks: func(id string) []statecheck.StateCheck {
			return []statecheck.StateCheck{
				statecheck.ExpectIdentity(paymentAddr, map[string]knownvalue.Check{"id": knownvalue.StringExact(id)}),
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sb, p := newSandboxWithPayment(t, 25000)
			config := sb.providerBlock() + paymentConfig("25000") +
				fmt.Sprintf("\nimport {\n  to = indopay_payget_payment.topup\n  "+tc.target+"\n}\n", p.ID)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				TerraformVersionChecks:   tc.versions,
				CheckDestroy:             sandboxPayGetStatus(sb, &p.ID, "Expired"),
				Steps: []resource.TestStep{{
					Config: config,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(paymentAddr, plancheck.ResourceActionNoop)},
						PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
					ConfigStateChecks: append([]statecheck.StateCheck{
						statecheck.ExpectKnownValue(paymentAddr, tfjsonpath.New("id"), knownvalue.StringExact(p.ID)),
						statecheck.ExpectKnownValue(paymentAddr, tfjsonpath.New("status"), knownvalue.StringExact("Pending")),
						statecheck.ExpectKnownValue(paymentAddr, tfjsonpath.New("amount"), knownvalue.Int64Exact(25000)),
					}, tc.checks(p.ID)...),
				}},
			})
			wantRequests(t, sb, map[sandbox.Route]int{sandbox.RoutePayGetCreate: 0})
		})
	}
}

// A created payment carries its id as its identity, and import by that
// identity (the import block plugin-testing writes from it) gives back the
// same state.
func TestAccPayGetPaymentResource_identity(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   identityChecks,
		Steps: []resource.TestStep{
			{
				Config: sb.providerBlock() + paymentConfig("50000"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(paymentAddr, map[string]knownvalue.Check{
						"id": knownvalue.StringRegexp(regexp.MustCompile(`^[a-z0-9]{16}$`)),
					}),
					statecheck.ExpectIdentityValueMatchesState(paymentAddr, tfjsonpath.New("id")),
				},
			},
			{
				Config:          requiredProvidersBlock() + sb.providerBlock() + paymentConfig("50000"),
				ResourceName:    paymentAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
		},
	})
}

// A payment the API no longer knows is removed from state on refresh, and
// the plan proposes to create it again.
func TestAccPayGetPaymentResource_deletedOutOfBand(t *testing.T) {
	for name, http200 := range map[string]bool{"native status": false, "HTTP 200 failure": true} {
		t.Run(name, func(t *testing.T) {
			sb := newTestSandbox(t, sandbox.Options{FailuresWithHTTP200: http200})
			var first, second string
			config := sb.providerBlock() + paymentConfig("50000")
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{
					{Config: config, Check: captureID(paymentAddr, &first)},
					{
						PreConfig: func() {
							if !sb.DeletePayGetPayment(first) {
								t.Fatalf("the sandbox had no payment %s to delete", first)
							}
						},
						Config: config,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(paymentAddr, plancheck.ResourceActionCreate)},
						},
						Check: captureID(paymentAddr, &second),
					},
				},
			})
			if first == second || second == "" {
				t.Fatalf("no new payment replaced the deleted one: %q then %q", first, second)
			}
		})
	}
}

// Fees at the documented boundaries agree with the fee functions, and the
// functions are evaluated at plan time without any request.
func TestAccPayGetPaymentResource_feeBoundaries(t *testing.T) {
	cases := []struct{ amount, fee int64 }{
		{500000, 0}, {500001, 4000}, {1000000, 8000}, {5000000, 40000}, {100, 0},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.amount), func(t *testing.T) {
			sb := newTestSandbox(t, sandbox.Options{})
			config := sb.providerBlock() + paymentConfig(fmt.Sprint(tc.amount)) + fmt.Sprintf(`
output "fee" {
  value = provider::indopay::payget_fee(%[1]d)
}
output "balance_received" {
  value = provider::indopay::payget_balance_received(%[1]d)
}
`, tc.amount)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: config,
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(paymentAddr, tfjsonpath.New("fee"), knownvalue.Int64Exact(tc.fee)),
						statecheck.ExpectKnownValue(paymentAddr, tfjsonpath.New("balance_received"), knownvalue.Int64Exact(tc.amount-tc.fee)),
						statecheck.ExpectKnownOutputValue("fee", knownvalue.Int64Exact(tc.fee)),
						statecheck.ExpectKnownOutputValue("balance_received", knownvalue.Int64Exact(tc.amount-tc.fee)),
					},
				}},
			})
		})
	}
}

// The nested create answer (the payment in a "payment" object) is decoded
// as well; its revision of the rules (fee from 500,000, 30-minute expiry)
// shows that the provider stores what the server returns rather than its
// own arithmetic.
func TestAccPayGetPaymentResource_nestedCreateAnswer(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{PayGetShape: sandbox.ShapeB})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: sb.providerBlock() + paymentConfig("500000"),
			ConfigStateChecks: expectValues(paymentAddr, map[string]knownvalue.Check{
				"fee":              knownvalue.Int64Exact(4000),
				"balance_received": knownvalue.Int64Exact(496000),
				"status":           knownvalue.StringExact("Pending"),
				"qr_code":          knownvalue.StringRegexp(regexp.MustCompile(`^data:image/png;base64,`)),
			}),
			Check: checkExpiry(30*time.Minute, 3*time.Second),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
}

// Bad amounts are refused at plan time with the allowed range, by the
// resource and by both functions, and no request is sent.
func TestAccPayGetPaymentResource_invalidAmount(t *testing.T) {
	for _, amount := range []string{"99", "5000001", "100.5", "-1", "0"} {
		t.Run(amount, func(t *testing.T) {
			sb := newTestSandbox(t, sandbox.Options{})
			configs := map[string]string{
				"resource":         paymentConfig(amount),
				"fee":              fmt.Sprintf("output \"x\" {\n  value = provider::indopay::payget_fee(%s)\n}\n", amount),
				"balance_received": fmt.Sprintf("output \"x\" {\n  value = provider::indopay::payget_balance_received(%s)\n}\n", amount),
			}
			for what, config := range configs {
				resource.Test(t, resource.TestCase{
					ProtoV6ProviderFactories: protoV6ProviderFactories,
					Steps: []resource.TestStep{{
						Config:      sb.providerBlock() + config,
						PlanOnly:    true,
						ExpectError: errorText("amount must be a whole number of rupiah from 100 to 5000000", "got "+amount),
					}},
				})
				if n := len(sb.Requests()); n != 0 {
					t.Fatalf("%s: an invalid amount sent %d requests, want 0", what, n)
				}
			}
		})
	}
}

// timeouts.create passing while the create waits to be sent again (PayGet
// refused it with 429 and asked for 30 seconds) stops it: nothing was
// created, and the error says so.
func TestAccPayGetPaymentResource_createTimeoutBeforeSending(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{})
	sb.InjectFaults(sandbox.RoutePayGetCreate, sandbox.Fault{Kind: sandbox.Fault429, RetryAfter: 30 * time.Second})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: sb.providerBlock() + paymentConfig("50000", `timeouts { create = "1s" }`),
			ExpectError: errorText("PayGet payment of Rp 50000 not created", "timeouts.create (1s) passed before PayGet accepted",
				"nothing was created at PayGet", "apply` again"),
		}},
	})
	if n, p := sb.RequestCount(sandbox.RoutePayGetCreate), len(sb.PayGetPayments()); n != 1 || p != 0 {
		t.Fatalf("%d create requests and %d payments, want 1 (refused) and 0", n, p)
	}
}

// Ctrl-C while the create request is out loses no payment: the provider
// waits for PayGet's answer and returns the payment, and Terraform's
// graceful stop records it. The sandbox stores the payment, then holds its
// answer for a few seconds; the test interrupts terraform apply as soon as
// the request has arrived.
func TestAccPayGetPaymentResource_interruptedCreateKeepsPayment(t *testing.T) {
	skipUnlessAcceptance(t)
	t.Parallel()
	sb := newTestSandbox(t, sandbox.Options{})
	tf, out, creates := interruptDuringCreate(t, sb, sandbox.RoutePayGetCreate, cliRequiredProviders+sb.providerBlock()+paymentConfig("50000"))

	payments := sb.PayGetPayments()
	if len(payments) != 1 || creates.Load() != 1 {
		t.Fatalf("the sandbox holds %d payments from %d create requests, want exactly 1 and 1", len(payments), creates.Load())
	}
	id := payments[0].ID
	if list := tf.run("state", "list"); !strings.Contains(list, paymentAddr) {
		t.Fatalf("the payment created during the interrupted apply is not in state:\n%s\napply said:\n%s", list, out)
	}
	if show := tf.run("state", "show", "-no-color", paymentAddr); !strings.Contains(show, id) || !strings.Contains(show, "data:image/png;base64,") {
		t.Fatalf("the state holds another payment than %s, or no QR code:\n%s", id, show)
	}

	// The state is usable: destroy cancels the payment.
	tf.run("destroy", "-auto-approve", "-input=false", "-no-color")
	if p, _ := sb.PayGetPayment(id); p.Status != "Expired" {
		t.Fatalf("destroy left payment %s %s, want Expired (cancelled)", id, p.Status)
	}
}
