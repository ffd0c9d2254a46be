package provider

import (
	"context"
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// PayGet's documented amount range and fee rule (api/payget.md): whole
// rupiah from 100 to 5,000,000; 0.8% is deducted from the balance received
// when the amount is above 500,000. The fee is rounded down to whole rupiah.
const (
	payGetMinAmount    = 100
	payGetMaxAmount    = 5_000_000
	payGetFeeThreshold = 500_000
)

// payGetAmount checks a Terraform number against the amount rule and
// returns it as whole rupiah. The error names the range, for the validator
// and for the functions alike.
func payGetAmount(n *big.Float) (int64, error) {
	rangeText := fmt.Sprintf("a whole number of rupiah from %d to %d", payGetMinAmount, payGetMaxAmount)
	if n == nil {
		return 0, fmt.Errorf("must be %s, got null", rangeText)
	}
	if !n.IsInt() {
		return 0, fmt.Errorf("must be %s, got %s", rangeText, n.Text('f', -1))
	}
	v, acc := n.Int64()
	if acc != big.Exact || v < payGetMinAmount || v > payGetMaxAmount {
		return 0, fmt.Errorf("must be %s, got %s", rangeText, n.Text('f', -1))
	}
	return v, nil
}

// payGetFee is the documented fee of a valid amount.
func payGetFee(amount int64) int64 {
	if amount <= payGetFeeThreshold {
		return 0
	}
	return amount * 8 / 1000
}

// amountValidator applies payGetAmount at plan time.
type amountValidator struct{}

func (amountValidator) Description(context.Context) string {
	return fmt.Sprintf("a whole number of rupiah from %d to %d", payGetMinAmount, payGetMaxAmount)
}

func (v amountValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (amountValidator) ValidateNumber(_ context.Context, req validator.NumberRequest, resp *validator.NumberResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := payGetAmount(req.ConfigValue.ValueBigFloat()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid payment amount", fmt.Sprintf("%s %s.", req.Path, err))
	}
}
