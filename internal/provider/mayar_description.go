package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
)

// mayarDescriptionNote ends the description of every `description` argument
// that Mayar stores: what a refresh compares (mayar.SameDescription).
const mayarDescriptionNote = " Mayar stores descriptions as HTML: plain text comes back wrapped in a paragraph " +
	"(`<p>text</p>`), which is the same description, not a change."

// descriptionFromMayar is the description a read puts in state: the one in
// state when Mayar's stored HTML is that same description (plain text comes
// back as <p>text</p>), so nothing drifts; otherwise what Mayar holds, as the
// plain text it wraps when it wraps one, so that a change made outside
// Terraform shows in the next plan and an import reads what a person wrote.
func descriptionFromMayar(prior types.String, read string) types.String {
	switch {
	case read == "":
		return types.StringNull()
	case !prior.IsNull() && !prior.IsUnknown() && mayar.SameDescription(prior.ValueString(), read):
		return prior
	}
	return types.StringValue(mayar.DescriptionText(read))
}
