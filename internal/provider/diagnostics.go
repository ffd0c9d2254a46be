package provider

import (
	"errors"
	"net/http"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
	"github.com/indopay/terraform-provider-indopay/internal/client/payget"
)

// payGetErrorDetail turns a PayGet client error into a diagnostic detail:
// the client's message (which quotes the API) and what the user can do.
func payGetErrorDetail(err error) string {
	detail := err.Error()
	if errors.Is(err, payget.ErrUnauthorized) {
		// PayGet may refuse a key with HTTP 200, so the status alone cannot tell.
		return detail + "\n\nCheck the PayGet API key: payget.api_key in the provider block or the PAYGET_API_KEY environment variable."
	}
	var apiErr *payget.APIError
	if errors.As(err, &apiErr) {
		switch apiErr.StatusCode {
		case http.StatusTooManyRequests:
			detail += "\n\nPayGet is limiting requests; try again later or raise max_retries."
		}
		if apiErr.StatusCode >= 500 {
			detail += "\n\nPayGet answered with a server error; try again later."
		}
	}
	return detail
}

// mayarErrorDetail is payGetErrorDetail for Mayar.
func mayarErrorDetail(err error) string {
	detail := err.Error()
	if errors.Is(err, mayar.ErrUnauthorized) {
		return detail + "\n\nCheck the Mayar API key: mayar.api_key in the provider block or the MAYAR_API_KEY environment variable."
	}
	var apiErr *mayar.APIError
	if errors.As(err, &apiErr) {
		switch apiErr.StatusCode {
		case http.StatusTooManyRequests:
			detail += "\n\nMayar limits requests to 20 a minute per IP address; keep mayar.requests_per_minute at or below it."
		}
		if apiErr.StatusCode >= 500 {
			detail += "\n\nMayar answered with a server error; try again later."
		}
	}
	return detail
}
