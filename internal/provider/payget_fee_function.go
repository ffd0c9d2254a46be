package provider

import (
	"context"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/indopay/terraform-provider-indopay/internal/client/payget"
)

// payGetRuleCaveat ends both functions' descriptions: the rule they
// implement is one of two that PayGet's answers follow.
const payGetRuleCaveat = "It implements one rule of two: PayGet answers in two shapes, and the revision of its " +
	"reference page that documents the second one charges from 500,000 inclusive and gives an unpaid payment 30 " +
	"minutes instead of 10. What a payment actually costs, and when it expires, is what the server reports: the " +
	"`fee`, `balance_received` and `expires_at` of an `indopay_payget_payment`."

var _ function.Function = (*payGetFeeFunction)(nil)

// NewPayGetFeeFunction is the constructor the provider registers.
func NewPayGetFeeFunction() function.Function {
	return &payGetFeeFunction{}
}

// payGetFeeFunction computes the fee by the rule of PayGet's reference page
// at plan time, without an API call.
type payGetFeeFunction struct{}

func (f *payGetFeeFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "payget_fee"
}

func (f *payGetFeeFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "The PayGet fee of a top-up amount, by the documented rule",
		MarkdownDescription: "Returns the fee PayGet deducts from a top-up of `amount` rupiah by the rule of " +
			"PayGet's API reference page: 0.8% of the amount when it is above 500,000, nothing at or below it, " +
			"rounded down to whole rupiah. Computed at plan time, without an API call. " + payGetRuleCaveat,
		Parameters: []function.Parameter{
			function.NumberParameter{
				Name:                "amount",
				MarkdownDescription: "The top-up amount in whole rupiah, from 100 to 5,000,000.",
			},
		},
		Return: function.Int64Return{},
	}
}

func (f *payGetFeeFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	amount, ferr := amountArgument(ctx, req)
	if ferr != nil {
		resp.Error = ferr
		return
	}
	resp.Error = resp.Result.Set(ctx, payget.DocumentedFee(amount))
}

// amountArgument reads and checks the functions' single amount argument.
func amountArgument(ctx context.Context, req function.RunRequest) (int64, *function.FuncError) {
	var n *big.Float
	if ferr := req.Arguments.Get(ctx, &n); ferr != nil {
		return 0, ferr
	}
	amount, err := payGetAmount(n)
	if err != nil {
		return 0, function.NewArgumentFuncError(0, "amount "+err.Error())
	}
	return amount, nil
}
