package provider

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
)

// checkBaseURL accepts an absolute https URL, or plain http for a loopback
// host only: an API key must never cross a network in clear text.
func checkBaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() || u.Host == "" {
		return fmt.Errorf("must be an absolute URL such as https://api.example.com, got %q", raw)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("must not carry credentials, a query or a fragment, got %q", raw)
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if isLoopback(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("must use https://; plain http:// is allowed only for loopback hosts "+
			"(127.0.0.0/8, ::1, localhost) so that API keys never travel in clear text, got %q", raw)
	default:
		return fmt.Errorf("must use the https scheme, got %q", raw)
	}
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func checkAPIVersion(v string) error {
	if v != string(mayar.V1) && v != string(mayar.V2) {
		return fmt.Errorf("must be %q or %q, got %q", mayar.V2, mayar.V1, v)
	}
	return nil
}

func checkDuration(v string) error {
	return durationValidator{min: minRequestTimeout, max: maxRequestTimeout}.check(v)
}

// baseURLValidator applies checkBaseURL at plan time.
type baseURLValidator struct{}

func (baseURLValidator) Description(context.Context) string {
	return "an absolute https:// URL (http:// only for loopback hosts)"
}

func (v baseURLValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (baseURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := checkBaseURL(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid base URL", fmt.Sprintf("%s %s.", req.Path, err))
	}
}

// durationValidator checks a Go duration string within [min, max].
type durationValidator struct {
	min, max time.Duration
}

func (v durationValidator) Description(context.Context) string {
	return fmt.Sprintf("a duration such as \"30s\" or \"1m\", from %s to %s", v.min, v.max)
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration", fmt.Sprintf("%s %s.", req.Path, err))
	}
}

func (v durationValidator) check(text string) error {
	d, err := time.ParseDuration(text)
	if err != nil {
		return fmt.Errorf("must be a duration such as \"30s\" or \"1m\" (units ms, s, m, h), got %q", text)
	}
	if d < v.min || d > v.max {
		return fmt.Errorf("must be from %s to %s, got %q", v.min, v.max, text)
	}
	return nil
}

// validateTimeouts names a bad value of a resource's timeouts block by its
// argument: the timeouts package's own check says only that a value is not
// a duration.
func validateTimeouts(ctx context.Context, config tfsdk.Config) diag.Diagnostics {
	var t timeouts.Value
	diags := config.GetAttribute(ctx, path.Root("timeouts"), &t)
	if diags.HasError() || t.IsNull() || t.IsUnknown() {
		return diags
	}
	for name, v := range t.Attributes() {
		s, ok := v.(types.String)
		if !ok || s.IsNull() || s.IsUnknown() {
			continue
		}
		if d, err := time.ParseDuration(s.ValueString()); err != nil || d <= 0 {
			diags.AddAttributeError(path.Root("timeouts").AtName(name), "Invalid timeout",
				fmt.Sprintf("timeouts.%s must be a positive duration such as \"30s\" or \"10m\" (units ms, s, m, h), got %q.",
					name, s.ValueString()))
		}
	}
	return diags
}

// durationText writes a default duration the way a configuration would:
// "10m" rather than Go's "10m0s".
func durationText(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
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
