package payget

import (
	"fmt"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

// apiRoot is the first segment of every PayGet path, and apiEndpoints the
// segments that follow it: /api/profile, /api/payment, /api/payment-status.
const apiRoot = "api"

var apiEndpoints = []string{"profile", "payment", "payment-status"}

// CheckBaseURL checks a base URL for the client: transport.CheckBaseURL's
// rule, and no PayGet API path in it (the client adds /api/... to every
// request, so https://payget.sakuin.id/api would send /api/api/profile).
// Any other path is kept: a proxy may serve PayGet under one. The error
// completes a sentence that starts with the argument's name.
func CheckBaseURL(raw string) error {
	if err := transport.CheckBaseURL(raw); err != nil {
		return err
	}
	if base, apiPath, ok := transport.SplitAPIPath(raw, apiRoot, apiEndpoints...); ok {
		return fmt.Errorf("must be %q, without %s: the provider adds PayGet's API path (/%s/...) to every request, "+
			"got %q", base, apiPath, apiRoot, raw)
	}
	return nil
}
