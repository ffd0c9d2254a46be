package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
	"github.com/indopay/terraform-provider-indopay/internal/client/payget"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

// apiAdvice is what the provider tells a user about one API's failures.
type apiAdvice struct {
	name         string // "PayGet"
	keyArgument  string // "payget.api_key"
	keyEnv       string // "PAYGET_API_KEY"
	urlArgument  string // "payget.base_url"
	urlEnv       string // "PAYGET_BASE_URL"
	unauthorized error  // the client's ErrUnauthorized
	notFound     error  // the client's ErrNotFound: the API does not know the object
	tooMany      string // what to do about HTTP 429
	// createMayExist is the detail of a create that may have reached the
	// API without a usable answer: what (`payment of Rp 50000`) may exist
	// as a noun ("payment"), and lost says how to find it.
	createMayExist func(what, noun, lost string, err error) string
}

var (
	payGetAdvice = apiAdvice{
		name: "PayGet", keyArgument: "payget.api_key", keyEnv: EnvPayGetAPIKey,
		urlArgument: "payget.base_url", urlEnv: EnvPayGetBaseURL,
		unauthorized: payget.ErrUnauthorized, notFound: payget.ErrNotFound, createMayExist: payGetCreateMayExist,
		tooMany: "PayGet is limiting requests; try again later or raise max_retries.",
	}
	mayarAdvice = apiAdvice{
		name: "Mayar", keyArgument: "mayar.api_key", keyEnv: EnvMayarAPIKey,
		urlArgument: "mayar.base_url", urlEnv: EnvMayarBaseURL,
		unauthorized: mayar.ErrUnauthorized, notFound: mayar.ErrNotFound, createMayExist: mayarCreateMayExist,
		tooMany: "Mayar limits requests to 20 a minute per IP address; keep mayar.requests_per_minute at or below it.",
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
	if errors.Is(err, mayar.ErrV2Only) {
		return detail + "\n\n" + mayarV2OnlyAdvice
	}
	if errors.Is(err, context.Canceled) {
		// The framework cancels ctx when Terraform is interrupted (Ctrl-C);
		// only a create outlives it (see createCall), and creates have
		// their own diagnostics.
		return detail + fmt.Sprintf("\n\nTerraform was interrupted, so the provider stopped at once, without "+
			"waiting for %s's answer, and sent nothing more. Run the command again to finish.", a.name)
	}
	var noHost *transport.HostNotFoundError
	if errors.As(err, &noHost) {
		return detail + fmt.Sprintf("\n\nThe host %s does not exist (DNS knows no such name), so the base URL is wrong: "+
			"%s.", noHost.Host, a.checkBaseURL())
	}
	var refused *transport.ConnectionRefusedError
	if errors.As(err, &refused) {
		return detail + fmt.Sprintf("\n\nNothing listens at %s: either the server there (a local sandbox, a proxy) "+
			"is not running, or the base URL names the wrong host or port: %s.", refused.Host, a.checkBaseURL())
	}
	var apiErr *transport.APIError
	switch {
	case !errors.As(err, &apiErr):
	case apiErr.StatusCode == http.StatusTooManyRequests:
		detail += "\n\n" + a.tooMany
	case apiErr.StatusCode >= 500:
		detail += fmt.Sprintf("\n\n%s answered with a server error; try again later.", a.name)
	}
	return detail
}

// checkBaseURL says where the base URL comes from, for a diagnostic that
// blames it.
func (a apiAdvice) checkBaseURL() string {
	return fmt.Sprintf("check %s in the provider block or the %s environment variable", a.urlArgument, a.urlEnv)
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

// payGetCreateMayExist is the detail of a PayGet create whose outcome is
// unknown: the request may have reached PayGet, and it has no idempotency
// key, so the payment may exist. One sentence says what happened, one what
// to do; the client's error, with its addresses and chain, is for the
// debug log.
func payGetCreateMayExist(what, noun, lost string, err error) string {
	var how string
	var apiErr *transport.APIError
	switch {
	case errors.As(err, &apiErr) && apiErr.StatusCode >= 300:
		how = fmt.Sprintf("PayGet answered HTTP %d", apiErr.StatusCode)
	case errors.As(err, &apiErr):
		how = fmt.Sprintf("PayGet's answer (HTTP %d) could not be read", apiErr.StatusCode)
	default:
		how = transport.Describe(err, "PayGet")
	}
	return fmt.Sprintf("The request to create a %s was sent, but %s, so the %s may exist; the request was not sent "+
		"again, because PayGet has no idempotency key and a second request could create a second %[3]s.\n\n%s",
		what, how, noun, lost)
}

// mayarCreateMayExist is the detail of a Mayar create whose outcome is
// unknown, quoting the client's error, which names the request.
func mayarCreateMayExist(what, noun, lost string, err error) string {
	return fmt.Sprintf("The request to create the %s may have reached Mayar, but no usable answer came back: %s\n\n"+
		"It was not sent again: Mayar has no idempotency key, so a second request could create a second %s. %s",
		what, err, noun, lost)
}

// mayarV2OnlyAdvice is what to do when a type of Mayar's catalog meets API
// version 1.
const mayarV2OnlyAdvice = "Mayar's product catalog (payment links and the other products) exists only in Mayar " +
	"API v2. Set mayar.api_version = \"v2\" (the default) in the provider block, or MAYAR_API_VERSION=v2; the " +
	"payment requests work on both versions."
