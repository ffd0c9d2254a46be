package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// paymentsConfig: n payments, the profile, and one status data source per
// payment, which depends on its payment's id. Terraform orders dependencies
// per resource, not per instance: every data source waits for all of the
// payments, which the floors account for.
func paymentsConfig(n int) string {
	return fmt.Sprintf(`
data "indopay_payget_profile" "this" {}

resource "indopay_payget_payment" "p" {
  count  = %d
  amount = 10000 + count.index
}

data "indopay_payget_payment" "p" {
  count = %d
  id    = indopay_payget_payment.p[count.index].id
}
`, n, n)
}

func newPaymentsResults(n int) (apply, destroy, refresh *result) {
	apply = &result{
		ID: "payments apply", Title: fmt.Sprintf("apply: %d payments + profile + %d status data sources", n, n),
		Min: map[sandbox.Route]int{sandbox.RoutePayGetProfile: 1, sandbox.RoutePayGetCreate: n, sandbox.RoutePayGetStatus: n},
		MinWhy: map[sandbox.Route]string{
			sandbox.RoutePayGetProfile: "the profile data source, read once at plan",
			sandbox.RoutePayGetCreate:  "one per payment; its answer carries id, QR code, fee and amount, so no status read follows",
			sandbox.RoutePayGetStatus:  "one per status data source, read at apply once its payment's id is known",
		},
		Floor: []floorPart{
			{"plan: the profile", 1},
			{fmt.Sprintf("apply: %d creates, %d at a time", n, tfParallelism), tfRounds(n)},
			{fmt.Sprintf("apply: the %d data sources, once every payment exists", n), tfRounds(n)},
		},
	}
	destroy = &result{
		ID: "payments destroy", Title: fmt.Sprintf("destroy of the %d payments (refresh, then cancel)", n),
		Min: map[sandbox.Route]int{sandbox.RoutePayGetProfile: 1, sandbox.RoutePayGetStatus: 2 * n, sandbox.RoutePayGetCancel: n},
		MinWhy: map[sandbox.Route]string{
			sandbox.RoutePayGetProfile: "Terraform's pre-destroy refresh re-reads every data source",
			sandbox.RoutePayGetStatus:  fmt.Sprintf("%d payment refreshes + %d data sources, one read each", n, n),
			sandbox.RoutePayGetCancel:  "one per Pending payment; the refreshed status says none needs a read first",
		},
		Floor: []floorPart{
			{fmt.Sprintf("refresh: %d payments and the profile", n), tfRounds(n + 1)},
			{fmt.Sprintf("refresh: the %d data sources, once every payment is read", n), tfRounds(n)},
			{fmt.Sprintf("apply: %d cancels", n), tfRounds(n)},
		},
	}
	refresh = &result{
		ID: "payments refresh", Title: fmt.Sprintf("plan with no changes over the applied state (%d payments)", n),
		Min: map[sandbox.Route]int{sandbox.RoutePayGetProfile: 1, sandbox.RoutePayGetStatus: 2 * n},
		MinWhy: map[sandbox.Route]string{
			sandbox.RoutePayGetProfile: "the profile data source",
			sandbox.RoutePayGetStatus:  fmt.Sprintf("one read per payment on refresh + one per data source (%d + %d)", n, n),
		},
		Floor: []floorPart{
			{fmt.Sprintf("refresh: %d payments and the profile", n), tfRounds(n + 1)},
			{fmt.Sprintf("refresh: the %d data sources, once every payment is read", n), tfRounds(n)},
		},
	}
	return apply, destroy, refresh
}

// workdir is the Terraform working directory name with config, created on
// first use and reused by later runs (the payments' state carries from their
// apply to the plan and destroy); extraEnv is added to its commands' environment.
func (b *bench) workdir(name, config string, extraEnv ...string) (*tf, error) {
	if t, ok := b.tfs[name]; ok {
		return t, nil
	}
	t, err := newTF(b.terraform, filepath.Join(b.work, name), b.overrides(), append(b.providerEnv(), extraEnv...)...)
	if err != nil {
		return nil, err
	}
	if err := t.writeConfig(config); err != nil {
		return nil, err
	}
	if b.tfs == nil {
		b.tfs = map[string]*tf{}
	}
	b.tfs[name] = t
	return t, nil
}

// runPayments applies, plans (the refresh) and destroys once. The plan must find no changes
// and the destroy must leave no payment Pending.
func (b *bench) runPayments(ctx context.Context, apply, destroy, refresh *result, latency time.Duration, baseline bool) error {
	b.payget.SetLatency(latency)
	t, err := b.workdir("payments"+suffix(baseline), providerBlock(b.paygetURL, "v2", false)+paymentsConfig(b.payments))
	if err != nil {
		return err
	}
	// The plan (refresh, exit code 0: no changes) runs over the applied
	// state, before the destroy.
	for _, cmd := range []struct {
		r    *result
		args []string
	}{
		{apply, []string{"apply", "-auto-approve"}},
		{refresh, []string{"plan", "-detailed-exitcode"}},
		{destroy, []string{"destroy", "-auto-approve"}},
	} {
		r, err := t.run(ctx, b.payget, append(cmd.args, "-input=false", "-no-color")...)
		if err != nil {
			return err
		}
		if err := r.expectSuccess(cmd.r.ID); err != nil {
			return err
		}
		cmd.r.add(r, latency, baseline)
	}
	for _, p := range b.payget.PayGetPayments() {
		if p.Status == "Pending" {
			return fmt.Errorf("payments destroy left payment %s Pending", p.ID)
		}
	}
	return nil
}

// emptyConfig is the listings' provider block and nothing to read: a plan of it is
// the least any plan costs (Terraform's start, the provider's launches and
// schema), which the listings' floors add to their latency rounds.
func emptyConfig(url string) string {
	return providerBlock(url, "v2", false)
}

func newEmptyResult() *result {
	return &result{ID: "empty plan", Title: "plan of the provider block alone: Terraform's and the provider's fixed cost of a plan",
		Min: map[sandbox.Route]int{}, MinWhy: map[sandbox.Route]string{}}
}

// runEmpty plans the empty configuration once.
func (b *bench) runEmpty(ctx context.Context, r *result, latency time.Duration, baseline bool) error {
	t, err := b.workdir("empty"+suffix(baseline), emptyConfig(b.mayarURL))
	if err != nil {
		return err
	}
	run, err := t.run(ctx, b.mayar, "plan", "-detailed-exitcode", "-input=false", "-no-color")
	if err != nil {
		return err
	}
	if err := run.expectSuccess("empty plan (0 = no changes)"); err != nil {
		return err
	}
	r.add(run, latency, baseline)
	return nil
}
