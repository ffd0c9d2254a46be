package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
	"github.com/indopay/terraform-provider-indopay/internal/client/payget"
)

// providerData is what Configure hands every resource and data source: the
// API clients, built once so that they share connections and Mayar's
// pacing window.
type providerData struct {
	payGet       *payget.Client
	payGetKeySet bool
	mayar        *mayar.Client
	mayarKeySet  bool
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

// mayarWithKey is payGetWithKey for Mayar.
func (d *providerData) mayarWithKey(what string) (*mayar.Client, diag.Diagnostics) {
	if !d.mayarKeySet {
		return nil, mayarAdvice.missingKey(what)
	}
	return d.mayar, nil
}
