package mayar

import (
	"fmt"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

// apiRoot is the first segment of every Mayar path: /hl/v1/... and /hl/v2/....
const apiRoot = "hl"

// CheckBaseURL checks a base URL for the client: transport.CheckBaseURL's
// rule, and no Mayar API path in it. Mayar's documentation writes its
// endpoints with the path (https://api.mayar.id/hl/v2/...), but the client
// adds /hl/v1 or /hl/v2 itself, so such a base URL would send
// /hl/v2/hl/v2/balances. Any other path is kept: a proxy may serve Mayar
// under one. The error completes a sentence that starts with the
// argument's name.
func CheckBaseURL(raw string) error {
	if err := transport.CheckBaseURL(raw); err != nil {
		return err
	}
	if base, apiPath, ok := transport.SplitAPIPath(raw, apiRoot, string(V1), string(V2)); ok {
		return fmt.Errorf("must be %q, without %s: the provider adds Mayar's API path (/%s/%s or /%s/%s, by the "+
			"API version) to every request, got %q", base, apiPath, apiRoot, V1, apiRoot, V2, raw)
	}
	return nil
}
