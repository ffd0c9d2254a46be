package provider

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

// The plan-time checks of the Mayar write side's arguments. Mayar
// documents no limits beyond a positive whole amount; the email and mobile
// rules only catch what is surely not an address or a phone number.
var (
	emailPattern  = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	mobilePattern = regexp.MustCompile(`^\+?[0-9]{6,15}$`)

	emailValidator = stringvalidator.RegexMatches(emailPattern,
		"must be an email address such as name@example.com")
	mobileValidator = stringvalidator.RegexMatches(mobilePattern,
		"must be a phone number of 6 to 15 digits, optionally after a leading +, such as +6281234567890")
)

// mayarAmount checks a Terraform number as a payment request's amount and
// returns it in whole rupiah.
func mayarAmount(n *big.Float) (int64, error) {
	rangeText := fmt.Sprintf("a whole number of rupiah from %d to %d", mayar.MinAmount, int64(math.MaxInt64))
	if n == nil {
		return 0, fmt.Errorf("must be %s, got null", rangeText)
	}
	v, acc := n.Int64()
	if !n.IsInt() || acc != big.Exact || v < mayar.MinAmount {
		return 0, fmt.Errorf("must be %s, got %s", rangeText, n.Text('f', -1))
	}
	return v, nil
}

// mayarAmountValidator applies mayarAmount at plan time.
type mayarAmountValidator struct{}

func (mayarAmountValidator) Description(context.Context) string {
	return fmt.Sprintf("a whole number of rupiah, at least %d", mayar.MinAmount)
}

func (v mayarAmountValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (mayarAmountValidator) ValidateNumber(_ context.Context, req validator.NumberRequest, resp *validator.NumberResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := mayarAmount(req.ConfigValue.ValueBigFloat()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid payment request amount", fmt.Sprintf("%s %s.", req.Path, err))
	}
}

// rfc3339Check accepts a timestamp such as 2026-12-31T23:59:00+07:00.
var rfc3339Check = stringCheck{
	summary:     "Invalid timestamp",
	description: "an RFC 3339 timestamp such as 2026-12-31T23:59:00+07:00",
	check: func(text string) error {
		if _, err := time.Parse(time.RFC3339, text); err != nil {
			return fmt.Errorf("must be an RFC 3339 timestamp with a time zone, such as \"2026-12-31T23:59:00+07:00\" "+
				"or \"2026-12-31T16:59:00Z\", got %q", text)
		}
		return nil
	},
}

// webhookURLValidator applies the base URL rule to a webhook URL: absolute
// https, plain http only for loopback hosts, no credentials, query or
// fragment (a secret belongs in the path).
type webhookURLValidator struct{}

func (webhookURLValidator) Description(context.Context) string {
	return "an absolute https:// URL (http:// only for loopback hosts)"
}

func (v webhookURLValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (webhookURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	// The value is sensitive: the error names the rule, never the URL.
	if err := transport.CheckBaseURL(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid webhook URL", fmt.Sprintf(
			"%s must be an absolute https:// URL (plain http:// only for loopback hosts: 127.0.0.0/8, ::1, "+
				"localhost), without credentials, a query or a fragment; put a secret in the path instead.", req.Path))
	}
}
