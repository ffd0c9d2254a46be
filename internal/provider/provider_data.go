package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
	"github.com/indopay/terraform-provider-indopay/internal/client/payget"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

// providerData is what Configure hands every resource and data source: the
// API clients, built once so that they share connections and Mayar's
// pacing window.
type providerData struct {
	payGet       *payget.Client
	payGetKeySet bool
	mayar        *mayar.Client
	mayarKeySet  bool
	// mayarRequestsPerMinute is the pacing limit, for the warning of an
	// operation that waited for it.
	mayarRequestsPerMinute int
}

// providerDataFrom converts the framework's ProviderData, which is nil
// until the provider is configured (validation runs before that).
func providerDataFrom(data any) (*providerData, diag.Diagnostics) {
	var diags diag.Diagnostics
	if data == nil {
		return nil, diags
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", data))
	}
	return pd, diags
}

// payGetWithKey returns the PayGet client for an operation that needs the
// API key; a missing key is an error that names both ways to set it.
func (d *providerData) payGetWithKey(what string) (*payget.Client, diag.Diagnostics) {
	if !d.payGetKeySet {
		return nil, payGetAdvice.missingKey(what)
	}
	return d.payGet, nil
}

// mayarWithKey is payGetWithKey for Mayar. Every operation that talks to
// Mayar gets its client here, together with the context to send its
// requests with, which records how long they wait for room in the pacing
// window; the operation ends with `defer d.warnIfPaced(ctx, &diags)` on that
// context, so that a command that waited says why.
func (d *providerData) mayarWithKey(ctx context.Context, what string) (context.Context, *mayar.Client, diag.Diagnostics) {
	ctx = transport.RecordPacingWaits(ctx)
	if !d.mayarKeySet {
		return ctx, nil, mayarAdvice.missingKey(what)
	}
	return ctx, d.mayar, nil
}

// warnIfPaced adds a warning to diags when the requests sent with ctx (from
// mayarWithKey) waited for room in the pacing window: without it, a
// command that waits a minute looks hung. Every such warning has the same
// summary, so that Terraform can show those of one command as one.
func (d *providerData) warnIfPaced(ctx context.Context, diags *diag.Diagnostics) {
	waited := transport.PacingWaited(ctx)
	if waited <= 0 {
		return
	}
	shown := waited.Round(time.Second)
	if shown == 0 {
		shown = waited.Round(time.Millisecond)
	}
	diags.AddWarning("Waited for room in Mayar's request window", fmt.Sprintf(
		"The provider held back Mayar requests for %s in all, waiting for room in its pacing window: it sends at "+
			"most %d Mayar requests in any minute (mayar.requests_per_minute), counted across this command and "+
			"every other provider process on this machine that uses the same Mayar key. Mayar allows %d requests a "+
			"minute per IP address and answers HTTP 429 beyond that.\n\n"+
			"Nothing failed. To wait less, send fewer Mayar requests in a row (for example `terraform plan "+
			"-refresh=false` when nothing changed at Mayar); set mayar.requests_per_minute (or %s) higher only if "+
			"Mayar allows your account more, or 0 to turn pacing off.",
		transport.FormatDuration(shown), d.mayarRequestsPerMinute, DefaultRequestsPerMinute,
		EnvMayarRequestsPerMinute))
}

// requireMayarV2 is the error of a type of Mayar's catalog (payment links,
// products), which only Mayar API v2 has, used while the provider speaks
// v1. Each such type asks before any request: at plan time where it can.
func (d *providerData) requireMayarV2(typeName string) diag.Diagnostics {
	var diags diag.Diagnostics
	if v := d.mayar.Version(); v != mayar.V2 {
		diags.AddError(typeName+" needs Mayar API v2", fmt.Sprintf("%s uses Mayar's product catalog, and "+
			"mayar.api_version is %q. No request was sent.\n\n%s", typeName, v, mayarV2OnlyAdvice))
	}
	return diags
}

// mayarCatalog is mayarWithKey for a read of Mayar's catalog: without a
// key, or with the provider speaking v1, it adds the error that says what
// to set, before any request is sent.
func (d *providerData) mayarCatalog(ctx context.Context, typeName string, diags *diag.Diagnostics) (context.Context, *mayar.Client) {
	ctx, client, keyDiags := d.mayarWithKey(ctx, "The "+typeName+" data source")
	diags.Append(keyDiags...)
	if client != nil {
		diags.Append(d.requireMayarV2(typeName)...)
	}
	return ctx, client
}
