package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/indopay/terraform-provider-indopay/internal/client/payget"
)

var _ function.Function = (*payGetBalanceReceivedFunction)(nil)

// NewPayGetBalanceReceivedFunction is the constructor the provider registers.
func NewPayGetBalanceReceivedFunction() function.Function {
	return &payGetBalanceReceivedFunction{}
}

// payGetBalanceReceivedFunction is the amount minus the fee by the rule of
// PayGet's reference page.
type payGetBalanceReceivedFunction struct{}

func (f *payGetBalanceReceivedFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "payget_balance_received"
}

func (f *payGetBalanceReceivedFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "What a PayGet top-up adds to the balance, by the documented rule",
		MarkdownDescription: "Returns the rupiah a top-up of `amount` adds to the PayGet balance: the amount minus " +
			"the fee by the rule of PayGet's API reference page (see `payget_fee`: 0.8% above 500,000). Computed " +
			"at plan time, without an API call. " + payGetRuleCaveat,
		Parameters: []function.Parameter{
			function.NumberParameter{
				Name:                "amount",
				MarkdownDescription: "The top-up amount in whole rupiah, from 100 to 5,000,000.",
			},
		},
		Return: function.Int64Return{},
	}
}

func (f *payGetBalanceReceivedFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	amount, ferr := amountArgument(ctx, req)
	if ferr != nil {
		resp.Error = ferr
		return
	}
	resp.Error = resp.Result.Set(ctx, amount-payget.DocumentedFee(amount))
}
