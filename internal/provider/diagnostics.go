package provider

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
	"github.com/indopay/terraform-provider-indopay/internal/client/payget"
)

// apiAdvice is what the provider tells a user about one API's failures.
type apiAdvice struct {
	name         string // "PayGet"
	keyArgument  string // "payget.api_key"
	keyEnv       string // "PAYGET_API_KEY"
	unauthorized error  // the client's ErrUnauthorized
	tooMany      string // what to do about HTTP 429
	// status returns the HTTP status of the client's *APIError in err.
	status func(err error) (int, bool)
}

var (
	payGetAdvice = apiAdvice{
		name: "PayGet", keyArgument: "payget.api_key", keyEnv: EnvPayGetAPIKey,
		unauthorized: payget.ErrUnauthorized,
		tooMany:      "PayGet is limiting requests; try again later or raise max_retries.",
		status: func(err error) (int, bool) {
			var e *payget.APIError
			if errors.As(err, &e) {
				return e.StatusCode, true
			}
			return 0, false
		},
	}
	mayarAdvice = apiAdvice{
		name: "Mayar", keyArgument: "mayar.api_key", keyEnv: EnvMayarAPIKey,
		unauthorized: mayar.ErrUnauthorized,
		tooMany:      "Mayar limits requests to 20 a minute per IP address; keep mayar.requests_per_minute at or below it.",
		status: func(err error) (int, bool) {
			var e *mayar.APIError
			if errors.As(err, &e) {
				return e.StatusCode, true
			}
			return 0, false
		},
	}
)

// detail turns a client error into a diagnostic detail: the client's
// message (which quotes the API) and what the user can do.
func (a apiAdvice) detail(err error) string {
	detail := err.Error()
	if errors.Is(err, a.unauthorized) {
		// The API may refuse a key with HTTP 200, so the status alone cannot tell.
		return detail + fmt.Sprintf("\n\nCheck the %s API key: %s in the provider block or the %s environment variable.",
			a.name, a.keyArgument, a.keyEnv)
	}
	switch status, ok := a.status(err); {
	case ok && status == http.StatusTooManyRequests:
		detail += "\n\n" + a.tooMany
	case ok && status >= 500:
		detail += fmt.Sprintf("\n\n%s answered with a server error; try again later.", a.name)
	}
	return detail
}

// missingKey is the error of an operation that needs the API key when none
// is configured: it names both ways to set one.
func (a apiAdvice) missingKey(what string) diag.Diagnostics {
	var diags diag.Diagnostics
	diags.AddError("Missing "+a.name+" API key", fmt.Sprintf(
		"%s needs a %s API key. Set %s in the provider block, or the %s environment variable.",
		what, a.name, a.keyArgument, a.keyEnv))
	return diags
}

func payGetErrorDetail(err error) string { return payGetAdvice.detail(err) }

func mayarErrorDetail(err error) string { return mayarAdvice.detail(err) }
