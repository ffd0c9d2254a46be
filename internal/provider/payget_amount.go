package provider

import (
	"context"
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/indopay/terraform-provider-indopay/internal/client/payget"
)

// payGetAmount checks a Terraform number against PayGet's amount range and
// returns it as whole rupiah. The error names the range, for the validator
// and for the functions alike.
func payGetAmount(n *big.Float) (int64, error) {
	rangeText := fmt.Sprintf("a whole number of rupiah from %d to %d", payget.MinAmount, payget.MaxAmount)
	if n == nil {
		return 0, fmt.Errorf("must be %s, got null", rangeText)
	}
	if !n.IsInt() {
		return 0, fmt.Errorf("must be %s, got %s", rangeText, n.Text('f', -1))
	}
	v, acc := n.Int64()
	if acc != big.Exact || v < payget.MinAmount || v > payget.MaxAmount {
		return 0, fmt.Errorf("must be %s, got %s", rangeText, n.Text('f', -1))
	}
	return v, nil
}

// payGetAmountValidator applies payGetAmount at plan time.
type payGetAmountValidator struct{}

func (payGetAmountValidator) Description(context.Context) string {
	return fmt.Sprintf("a whole number of rupiah from %d to %d", payget.MinAmount, payget.MaxAmount)
}

func (v payGetAmountValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (payGetAmountValidator) ValidateNumber(_ context.Context, req validator.NumberRequest, resp *validator.NumberResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := payGetAmount(req.ConfigValue.ValueBigFloat()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid payment amount", fmt.Sprintf("%s %s.", req.Path, err))
	}
}
