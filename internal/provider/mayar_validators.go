package provider

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"net/url"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

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

// mayarAmount checks a Terraform number as a payment request's or a
// payment link's amount and returns it in whole rupiah.
func mayarAmount(n *big.Float) (int64, error) {
	return wholeNumber(n, mayar.MinAmount, "rupiah")
}

// wholeNumber checks a Terraform number as a whole number of unit
// ("rupiah") of at least minimum, and returns it.
func wholeNumber(n *big.Float, minimum int64, unit string) (int64, error) {
	rangeText := fmt.Sprintf("a whole number of %s from %d to %d", unit, minimum, int64(math.MaxInt64))
	if n == nil {
		return 0, fmt.Errorf("must be %s, got null", rangeText)
	}
	v, acc := n.Int64()
	if !n.IsInt() || acc != big.Exact || v < minimum {
		return 0, fmt.Errorf("must be %s, got %s", rangeText, n.Text('f', -1))
	}
	return v, nil
}

// wholeNumberValidator applies wholeNumber at plan time. A number
// attribute with it, rather than an Int64 one, refuses 1.5 with this
// message instead of the framework's conversion error.
type wholeNumberValidator struct {
	minimum int64
	unit    string // "purchases"
}

func (v wholeNumberValidator) Description(context.Context) string {
	return fmt.Sprintf("a whole number of %s, at least %d", v.unit, v.minimum)
}

func (v wholeNumberValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v wholeNumberValidator) ValidateNumber(_ context.Context, req validator.NumberRequest, resp *validator.NumberResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := wholeNumber(req.ConfigValue.ValueBigFloat(), v.minimum, v.unit); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(), fmt.Sprintf("%s %s.", req.Path, err))
	}
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
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid amount", fmt.Sprintf("%s %s.", req.Path, err))
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

// expiry is an expires_at, checked at plan time by rfc3339Check; the zero
// time when it is null.
func expiry(v types.String) (time.Time, error) {
	if v.IsNull() || v.IsUnknown() {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, v.ValueString())
	if err != nil {
		return time.Time{}, fmt.Errorf("expires_at %q is not an RFC 3339 timestamp", v.ValueString())
	}
	return t, nil
}

// expiryNotPast refuses, at plan time, an expires_at that is already past
// when it is set or changed: a payment request or payment link created
// with it, or changed to it, could never be paid. An expiry that passes
// later is not an error, nor is one the plan leaves as it is. A
// replacement plans its new object with no prior state, so the expiry it
// would be created with is checked too.
type expiryNotPast struct{}

func (expiryNotPast) Description(context.Context) string {
	return "not in the past when it is set or changed"
}

func (v expiryNotPast) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (expiryNotPast) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.PlanValue.IsNull() || req.PlanValue.IsUnknown() || req.PlanValue.Equal(req.StateValue) {
		return
	}
	at, err := time.Parse(time.RFC3339, req.PlanValue.ValueString())
	now := time.Now()
	if err != nil || at.After(now) {
		return // rfc3339Check reports a value that is not a timestamp
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Expiry in the past", fmt.Sprintf(
		"%s %s is in the past (it is now %s): what is created with it, or changed to it, could never be paid. "+
			"Set a time still to come, or leave %[1]s out when creating for no expiry.",
		req.Path, req.PlanValue.ValueString(), now.UTC().Format(time.RFC3339)))
}

// redirectURLCheck accepts where a payer's browser goes after paying: an
// absolute https:// URL. Plain http is refused even for loopback hosts: it
// is the payer's browser that follows it, never this machine.
var redirectURLCheck = stringCheck{
	summary:     "Invalid redirect URL",
	description: "an absolute https:// URL such as https://toko.example/terima-kasih",
	check: func(text string) error {
		if u, err := url.Parse(text); err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil {
			return fmt.Errorf("must be an absolute https:// URL without credentials, such as "+
				"\"https://toko.example/terima-kasih\", got %q", text)
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
