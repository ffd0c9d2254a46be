package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
	"github.com/indopay/terraform-provider-indopay/internal/client/payget"
)

// providerData is what Configure hands every resource and data source: the
// API clients, built once so that they share connections and Mayar's rate
// limiter.
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
	var diags diag.Diagnostics
	if !d.payGetKeySet {
		diags.AddError("Missing PayGet API key",
			fmt.Sprintf("%s needs a PayGet API key. Set payget.api_key in the provider block, "+
				"or the PAYGET_API_KEY environment variable.", what))
		return nil, diags
	}
	return d.payGet, diags
}

// mayarWithKey is payGetWithKey for Mayar.
func (d *providerData) mayarWithKey(what string) (*mayar.Client, diag.Diagnostics) {
	var diags diag.Diagnostics
	if !d.mayarKeySet {
		diags.AddError("Missing Mayar API key",
			fmt.Sprintf("%s needs a Mayar API key. Set mayar.api_key in the provider block, "+
				"or the MAYAR_API_KEY environment variable.", what))
		return nil, diags
	}
	return d.mayar, diags
}
