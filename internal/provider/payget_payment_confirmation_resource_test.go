package provider_test

import (
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

const confirmationAddr = "indopay_payget_payment_confirmation.topup"

func confirmationConfig(paymentID string, extra ...string) string {
	body := fmt.Sprintf("  payment_id = %q\n", paymentID)
	for _, e := range extra {
		body += "  " + e + "\n"
	}
	return "resource \"indopay_payget_payment_confirmation\" \"topup\" {\n" + body + "}\n"
}

// exampleConfig is an example of the repository's examples/ folder, so
// that a test applies exactly what the documentation shows.
func exampleConfig(t *testing.T, rel string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "examples", rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

var rfc3339UTC = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)

// The order the confirmation exists for, with the documented example: the
// payment is in state and its QR code written to a PNG file before anybody
// pays; the sandbox's payer pays only once (a) the confirmation has read
// the status at least once and (b) the PNG file is on disk; then the
// confirmation completes.
func TestAccPayGetPaymentConfirmation_qrCodeBeforePayment(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{})
	qrPNG := filepath.Join(t.TempDir(), "payment-qr.png")

	var mu sync.Mutex
	reads, paidOnRead := 0, 0
	sb.OnRequest(sandbox.RoutePayGetStatus, func() {
		mu.Lock()
		defer mu.Unlock()
		reads++
		if paidOnRead != 0 {
			return
		}
		ps := sb.PayGetPayments()
		if len(ps) != 1 {
			t.Errorf("a status read came with %d payments in the sandbox, want 1", len(ps))
			return
		}
		_, statErr := os.Stat(qrPNG)
		switch {
		case reads >= 2 && statErr == nil:
			if err := sb.SetPayGetPaymentStatus(ps[0].ID, "Success"); err != nil {
				t.Error(err)
			}
			paidOnRead = reads
		case reads >= 12:
			// About a minute of polls and still no file: the QR code never
			// reached the payer. End the wait rather than hang the test.
			t.Errorf("after %d status reads the QR code is still not in %s", reads, qrPNG)
			_ = sb.SetPayGetPaymentStatus(ps[0].ID, "Expired")
		}
	})

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			// Destroy forgets the confirmation, and a paid payment cannot be
			// cancelled: the money stays received.
			if ps := sb.PayGetPayments(); len(ps) != 1 || ps[0].Status != "Success" {
				return fmt.Errorf("after destroy the sandbox holds %+v, want one Success payment", ps)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config:          sb.providerBlock() + exampleConfig(t, "resources/indopay_payget_payment_confirmation/resource.tf"),
			ConfigVariables: config.Variables{"qr_png_path": config.StringVariable(qrPNG)},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(confirmationAddr, tfjsonpath.New("status"), knownvalue.StringExact("Success")),
				statecheck.ExpectKnownValue(confirmationAddr, tfjsonpath.New("confirmed_at"), knownvalue.StringRegexp(rfc3339UTC)),
				statecheck.ExpectKnownOutputValue("qr_png_path", knownvalue.StringExact(qrPNG)),
				statecheck.ExpectKnownOutputValue("paid_at", knownvalue.StringRegexp(rfc3339UTC)),
			},
			Check: func(s *terraform.State) error {
				f, err := os.Open(qrPNG)
				if err != nil {
					return fmt.Errorf("the QR code was not written: %w", err)
				}
				defer f.Close()
				img, err := png.Decode(f)
				if err != nil {
					return fmt.Errorf("%s is not a PNG: %w", qrPNG, err)
				}
				if b := img.Bounds(); b.Dx() < 21 || b.Dy() < 21 {
					return fmt.Errorf("the QR code is %dx%d pixels, too small to be one", b.Dx(), b.Dy())
				}
				mu.Lock()
				defer mu.Unlock()
				if paidOnRead < 2 {
					return fmt.Errorf("the payer never paid (status reads: %d)", reads)
				}
				if n := sb.RequestCount(sandbox.RoutePayGetCreate); n != 1 {
					return fmt.Errorf("%d create requests, want 1", n)
				}
				return nil
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(paymentAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(confirmationAddr, plancheck.ResourceActionCreate),
				},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
	for _, r := range sb.Requests() {
		if r.Route == sandbox.RoutePayGetStatus && r.KeyInHeader {
			t.Fatalf("%s %s carried the API key: the status endpoint needs none", r.Method, r.Path)
		}
	}
}

// A payment that cannot be paid any more ends the wait at once, with the
// reason and what to do; nothing enters state.
func TestAccPayGetPaymentConfirmation_expired(t *testing.T) {
	cases := map[string]func(t *testing.T, sb *testSandbox, id string){
		"not paid in time": func(_ *testing.T, sb *testSandbox, _ string) { sb.Advance(11 * time.Minute) },
		"cancelled": func(t *testing.T, sb *testSandbox, id string) {
			if err := sb.SetPayGetPaymentStatus(id, "Expired"); err != nil {
				t.Error(err)
			}
		},
	}
	for name, expire := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel() // before the payment exists: see newSandboxWithPayment
			sb, p := newSandboxWithPayment(t, 50000)
			// Pending at the first read, Expired from the second on.
			var reads atomic.Int64
			sb.OnRequest(sandbox.RoutePayGetStatus, func() {
				if reads.Add(1) == 2 {
					expire(t, sb, p.ID)
				}
			})
			expiresAt := p.ExpiresAt.UTC().Format(time.RFC3339)
			config := sb.providerBlock() + confirmationConfig(p.ID, fmt.Sprintf("payment_expires_at = %q", expiresAt))
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config: config,
						ExpectError: errorText("PayGet payment "+p.ID+" expired unpaid", "reports the payment Expired",
							"not paid before its expiry time at "+expiresAt+", or it was cancelled", "can no longer be paid",
							"terraform apply -replace=indopay_payget_payment.<name>"),
					},
					{
						// The failed wait left nothing in state: the plan waits again.
						Config:             config,
						PlanOnly:           true,
						ExpectNonEmptyPlan: true,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(confirmationAddr, plancheck.ResourceActionCreate)},
						},
					},
				},
			})
			if n := reads.Load(); n != 2 {
				t.Fatalf("the wait read the status %d times, want 2: it must stop at the first Expired", n)
			}
		})
	}
}

// Nobody pays: the wait ends when timeouts.create passes, saying so, with
// the last status and what to do. The payment is left as it was.
func TestAccPayGetPaymentConfirmation_timeout(t *testing.T) {
	t.Parallel()
	sb, p := newSandboxWithPayment(t, 50000)
	expiresAt := p.ExpiresAt.UTC().Format(time.RFC3339)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: sb.providerBlock() + confirmationConfig(p.ID, `timeouts { create = "2s" }`),
				ExpectError: errorText("Timed out waiting for PayGet payment "+p.ID, "timeouts.create (2s) passed before the payment was paid",
					"The last status PayGet reported was Pending", "can still be paid until it expires (see the payment's expires_at)",
					"Run `terraform apply` again to wait again, or raise timeouts.create"),
			},
			{
				// timeouts.create wins over the payment's expiry, which the
				// message gives.
				Config: sb.providerBlock() + confirmationConfig(p.ID, `timeouts { create = "2s" }`,
					fmt.Sprintf("payment_expires_at = %q", expiresAt)),
				ExpectError: errorText("Timed out waiting for PayGet payment "+p.ID, "timeouts.create (2s) passed",
					"can still be paid until it expires at "+expiresAt),
			},
		},
	})
	if got, _ := sb.PayGetPayment(p.ID); got.Status != "Pending" {
		t.Fatalf("the payment is %s after the wait, want Pending (untouched)", got.Status)
	}
	if n := sb.RequestCount(sandbox.RouteAny) - sb.RequestCount(sandbox.RoutePayGetStatus); n != 0 {
		t.Fatalf("the wait sent %d requests other than status reads", n)
	}
}

// A payment PayGet does not know is said so at once.
func TestAccPayGetPaymentConfirmation_unknownPayment(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      sb.providerBlock() + confirmationConfig("nosuchpayment"),
			ExpectError: errorText("PayGet payment nosuchpayment not found", `knows no payment with id "nosuchpayment"`, "Check payment_id", "Payment not found."),
		}},
	})
	wantRequests(t, sb, map[sandbox.Route]int{sandbox.RoutePayGetStatus: 1})
}

// A read that fails for a while (503 past max_retries) does not end the
// wait: the next poll asks again, and the payer who pays meanwhile is seen.
func TestAccPayGetPaymentConfirmation_outlivesStatusFailures(t *testing.T) {
	t.Parallel()
	sb, p := newSandboxWithPayment(t, 50000)
	// max_retries = 1: the first poll's two attempts both fail.
	sb.InjectFaults(sandbox.RoutePayGetStatus, sandbox.Fault{Kind: sandbox.Fault503}, sandbox.Fault{Kind: sandbox.Fault503})
	var reads atomic.Int64
	sb.OnRequest(sandbox.RoutePayGetStatus, func() {
		if reads.Add(1) == 3 {
			if err := sb.SetPayGetPaymentStatus(p.ID, "Success"); err != nil {
				t.Error(err)
			}
		}
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: sb.providerBlock("max_retries=1") + confirmationConfig(p.ID),
			ConfigStateChecks: expectValues(confirmationAddr, map[string]knownvalue.Check{
				"status": knownvalue.StringExact("Success"),
			}),
		}},
	})
	if sb.PendingFaults(sandbox.RoutePayGetStatus) != 0 {
		t.Fatal("the injected 503s were not all served")
	}
}

// No PayGet key is needed: the status endpoint has no authentication. A
// payment paid before the confirmation is confirmed at the first read.
// Destroy only forgets the confirmation.
func TestAccPayGetPaymentConfirmation_noKeyAlreadyPaid(t *testing.T) {
	t.Setenv("PAYGET_API_KEY", "")
	sb, p := newSandboxWithPayment(t, 50000)
	if err := sb.SetPayGetPaymentStatus(p.ID, "Success"); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if n := sb.RequestCount(sandbox.RouteAny) - sb.RequestCount(sandbox.RoutePayGetStatus); n != 0 {
				return fmt.Errorf("%d requests other than status reads, want 0", n)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: sb.providerBlock("payget.api_key=") + confirmationConfig(p.ID),
				ConfigStateChecks: expectValues(confirmationAddr, map[string]knownvalue.Check{
					"payment_id":   knownvalue.StringExact(p.ID),
					"status":       knownvalue.StringExact("Success"),
					"confirmed_at": knownvalue.StringRegexp(rfc3339UTC),
				}),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// A new timeouts block is an update in place, with no wait.
				Config: sb.providerBlock("payget.api_key=") + confirmationConfig(p.ID, `timeouts { create = "1m" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(confirmationAddr, plancheck.ResourceActionUpdate)},
				},
			},
		},
	})
	for _, r := range sb.Requests() {
		if r.KeyInHeader || r.KeyInQuery {
			t.Fatalf("%s %s carried a key", r.Method, r.Path)
		}
	}
}

// A payment PayGet no longer knows takes its confirmation out of state on
// refresh: the next plan proposes to wait again.
func TestAccPayGetPaymentConfirmation_paymentGone(t *testing.T) {
	t.Parallel()
	sb, p := newSandboxWithPayment(t, 50000)
	if err := sb.SetPayGetPaymentStatus(p.ID, "Success"); err != nil {
		t.Fatal(err)
	}
	config := sb.providerBlock() + confirmationConfig(p.ID)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					if !sb.DeletePayGetPayment(p.ID) {
						t.Fatalf("the sandbox had no payment %s", p.ID)
					}
				},
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(confirmationAddr, plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}

// Import is not supported: a confirmation stands for a wait that happened.
func TestAccPayGetPaymentConfirmation_noImport(t *testing.T) {
	sb := newTestSandbox(t, sandbox.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      sb.providerBlock() + confirmationConfig("abc") + "import {\n  to = " + confirmationAddr + "\n  id = \"abc\"\n}\n",
			ExpectError: regexp.MustCompile(`(?i)resource import not implemented|does not support import`),
		}},
	})
	if n := len(sb.Requests()); n != 0 {
		t.Fatalf("an import that cannot work sent %d requests", n)
	}
}

// Ctrl-C during the wait, with the real CLI: the poll stops at once, and
// the apply ends saying so, long before timeouts.create (a wait that did not
// stop would end with the timeout's message instead).
func TestAccPayGetPaymentConfirmation_interruptStopsWaiting(t *testing.T) {
	skipUnlessAcceptance(t)
	t.Parallel()
	sb, p := newSandboxWithPayment(t, 50000)
	waiting := make(chan struct{})
	var once sync.Once
	var reads atomic.Int64
	sb.OnRequest(sandbox.RoutePayGetStatus, func() {
		if reads.Add(1) == 2 {
			once.Do(func() { close(waiting) })
		}
	})
	tf := newTerraformCLI(t, cliRequiredProviders+sb.providerBlock()+confirmationConfig(p.ID, `timeouts { create = "2m" }`))
	out := tf.interruptedApply(waiting)
	if !strings.Contains(out, "Stopped waiting for PayGet payment "+p.ID) || !strings.Contains(out, "Terraform was interrupted while waiting") {
		t.Fatalf("the interrupted apply did not say the wait stopped:\n%s", out)
	}
	if got, _ := sb.PayGetPayment(p.ID); got.Status != "Pending" {
		t.Fatalf("the payment is %s, want Pending (untouched)", got.Status)
	}
	if state := tf.run("state", "list"); strings.Contains(state, confirmationAddr) {
		t.Fatalf("an interrupted wait put the confirmation in state:\n%s", state)
	}
}

// Without timeouts.create, a wait that knows the payment's expiry lasts
// until the payment is paid or has expired: here PayGet keeps answering
// Pending, so the wait polls past the expiry, until its margin is over,
// then says when the payment expired and what to do.
func TestAccPayGetPaymentConfirmation_defaultWaitSeesExpiry(t *testing.T) {
	t.Parallel()
	sb := newTestSandbox(t, sandbox.Options{})
	p, err := sb.CreatePayGetPayment(sandbox.PayGetKey, 50000)
	if err != nil {
		t.Fatal(err)
	}
	// PayGet's own expiry is 10 minutes away; the one the confirmation is
	// given comes in 2 seconds, as for a payment created earlier.
	expires := time.Now().Add(2 * time.Second).UTC().Truncate(time.Second)
	expiresAt := expires.Format(time.RFC3339)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: sb.providerBlock() + confirmationConfig(p.ID, fmt.Sprintf("payment_expires_at = %q", expiresAt)),
			ExpectError: errorText("Timed out waiting for PayGet payment "+p.ID,
				"The wait lasted until 30 seconds after the payment's expiry at "+expiresAt, "still did not report it paid",
				"The last status PayGet reported was Pending", "can no longer be paid",
				"terraform apply -replace=indopay_payget_payment.<name>"),
		}},
	})
	var last time.Time
	for _, r := range sb.Requests() {
		if r.Route == sandbox.RoutePayGetStatus {
			last = r.At
		}
	}
	if !last.After(expires) {
		t.Fatalf("the last status read came at %v, not after the payment's expiry at %v", last, expires)
	}
}

// The pattern the example documents for a payment that expired unpaid, with
// the example itself and the real CLI: the apply fails (the payment
// expires by the sandbox's clock while the confirmation waits); the next
// plan would only create the confirmation again, for the expired payment;
// `terraform apply -replace=indopay_payget_payment.topup` replaces the
// payment and, through its id, the QR code file, and creates the
// confirmation, which waits for the new payment and sees it paid.
func TestAccPayGetPaymentConfirmation_replaceExpiredPayment(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	t.Parallel()
	sb := newTestSandbox(t, sandbox.Options{})
	var advanced atomic.Bool
	sb.OnRequest(sandbox.RoutePayGetStatus, func() {
		ps := sb.PayGetPayments()
		switch {
		case len(ps) == 1 && !advanced.Swap(true):
			sb.Advance(11 * time.Minute) // nobody pays the first payment in time
		case len(ps) == 2 && ps[1].Status == "Pending":
			if err := sb.SetPayGetPaymentStatus(ps[1].ID, "Success"); err != nil {
				t.Error(err)
			}
		}
	})
	qrPNG := filepath.Join(t.TempDir(), "payment-qr.png")
	tf := newTerraformCLI(t, cliRequiredProviders+sb.providerBlock()+
		exampleConfig(t, "resources/indopay_payget_payment_confirmation/resource.tf"))
	vars := "-var=qr_png_path=" + qrPNG

	out := tf.runEnv(nil, true, "apply", "-auto-approve", "-input=false", "-no-color", vars)
	ps := sb.PayGetPayments()
	if len(ps) != 1 {
		t.Fatalf("the first apply made %d payments, want 1", len(ps))
	}
	if !errorText("PayGet payment "+ps[0].ID+" expired unpaid", "not paid before its expiry time at",
		"terraform apply -replace=indopay_payget_payment.<name>").MatchString(out) {
		t.Fatalf("the first apply did not fail on the expired payment:\n%s", out)
	}
	if out := tf.run("plan", "-input=false", "-no-color", vars); !strings.Contains(out, "Plan: 1 to add, 0 to change, 0 to destroy.") {
		t.Fatalf("after the failed wait, the plan should only create the confirmation again:\n%s", out)
	}

	out = tf.run("apply", "-auto-approve", "-input=false", "-no-color", vars, "-replace=indopay_payget_payment.topup")
	if !strings.Contains(out, "Resources: 3 added, 0 changed, 2 destroyed.") {
		t.Fatalf("the replacing apply did not replace the payment and the QR code file and create the confirmation:\n%s", out)
	}
	ps = sb.PayGetPayments()
	if len(ps) != 2 || ps[0].Status != "Expired" || ps[1].Status != "Success" {
		t.Fatalf("the sandbox holds %+v, want the expired payment and a new, paid one", ps)
	}
	if state := tf.run("state", "show", "-no-color", confirmationAddr); !regexp.MustCompile(`payment_id += "`+ps[1].ID+`"`).MatchString(state) ||
		!regexp.MustCompile(`status += "Success"`).MatchString(state) {
		t.Fatalf("the confirmation does not stand for the new, paid payment %s:\n%s", ps[1].ID, state)
	}
	if out := tf.run("plan", "-input=false", "-no-color", "-detailed-exitcode", vars); !strings.Contains(out, "No changes.") {
		t.Fatalf("after the replacing apply, the plan is not empty:\n%s", out)
	}
}
