package provider

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
	"github.com/indopay/terraform-provider-indopay/internal/client/payget"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

// notBlankValidator refuses a string of only spaces, which a length check
// lets through.
var notBlankValidator = stringvalidator.RegexMatches(regexp.MustCompile(`\S`),
	"must not be empty or only spaces")

// idValidators check an argument that names an object by its id (a PayGet
// payment, a Mayar payment request): never blank, never longer than any id
// either API hands out.
func idValidators() []validator.String {
	return []validator.String{stringvalidator.LengthBetween(1, 128), notBlankValidator}
}

// stringCheck is a plan-time validator made of a check whose error
// completes a sentence that starts with the argument's name
// ("payget.base_url must use https://..."). The same checks apply to the
// environment variables that stand for the arguments, so an argument and
// its variable are refused with the same words.
type stringCheck struct {
	summary     string // the diagnostic's summary
	description string // what the argument accepts
	check       func(string) error
}

var (
	payGetBaseURLCheck = stringCheck{
		summary:     "Invalid base URL",
		description: "an absolute https:// URL (http:// only for loopback hosts), without PayGet's /api path",
		check:       payget.CheckBaseURL,
	}
	mayarBaseURLCheck = stringCheck{
		summary:     "Invalid base URL",
		description: "an absolute https:// URL (http:// only for loopback hosts), without Mayar's /hl/v1 or /hl/v2 path",
		check:       mayar.CheckBaseURL,
	}
	apiVersionCheck = stringCheck{
		summary:     "Invalid Mayar API version",
		description: fmt.Sprintf("%q or %q", mayar.V2, mayar.V1),
		check:       checkAPIVersion,
	}
	requestTimeoutCheck = stringCheck{
		summary: "Invalid duration",
		description: fmt.Sprintf("a duration such as \"30s\" or \"1m\", from %s to %s",
			transport.FormatDuration(minRequestTimeout), transport.FormatDuration(maxRequestTimeout)),
		check: checkRequestTimeout,
	}
)

func (c stringCheck) Description(context.Context) string { return c.description }

func (c stringCheck) MarkdownDescription(ctx context.Context) string { return c.Description(ctx) }

func (c stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := c.check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, c.summary, fmt.Sprintf("%s %s.", req.Path, err))
	}
}

// checkAPIVersion checks a Mayar API version as the mayar package parses it.
func checkAPIVersion(v string) error {
	_, err := mayar.ParseVersion(v)
	return err
}

// checkRequestTimeout checks request_timeout and INDOPAY_REQUEST_TIMEOUT.
func checkRequestTimeout(text string) error {
	d, err := time.ParseDuration(text)
	if err != nil {
		return fmt.Errorf("must be a duration such as \"30s\" or \"1m\" (units ms, s, m, h), got %q", text)
	}
	if d < minRequestTimeout || d > maxRequestTimeout {
		return fmt.Errorf("must be from %s to %s, got %q",
			transport.FormatDuration(minRequestTimeout), transport.FormatDuration(maxRequestTimeout), text)
	}
	return nil
}

// durationWords writes a duration for prose: "10 minutes".
func durationWords(d time.Duration) string {
	if d > time.Second && d < time.Minute && d%time.Second == 0 {
		return fmt.Sprintf("%d seconds", d/time.Second)
	}
	if d >= time.Minute && d%time.Minute == 0 {
		if d == time.Minute {
			return "1 minute"
		}
		return fmt.Sprintf("%d minutes", d/time.Minute)
	}
	return d.String()
}
