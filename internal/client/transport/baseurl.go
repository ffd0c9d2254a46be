package transport

import (
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"
)

// CheckBaseURL accepts an absolute https URL, or plain http for a loopback
// host only: an API key must never cross a network in clear text. New
// refuses what it refuses, and the provider checks its base_url arguments
// with it at plan time, so both say the same. The error completes a
// sentence that starts with the argument's name ("payget.base_url must ...").
func CheckBaseURL(raw string) error {
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

// SplitAPIPath finds an API's own path in a base URL, which the API's
// client adds to every request path: a segment root ("hl") that ends the
// URL's path or is followed by one of next ("v2"), as in an endpoint
// copied from the API's documentation ("https://api.mayar.id/hl/v2").
// base is raw without it, and apiPath what was cut ("/hl/v2"); ok is false
// when the path holds none, so a proxy's own prefix ("/mayar") passes.
func SplitAPIPath(raw, root string, next ...string) (base, apiPath string, ok bool) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", "", false
	}
	segments := strings.Split(strings.Trim(u.Path, "/"), "/")
	for i, s := range segments {
		if s != root || (i+1 < len(segments) && !slices.Contains(next, segments[i+1])) {
			continue
		}
		cut := *u
		cut.Path, cut.RawPath = "", ""
		if i > 0 {
			cut.Path = "/" + strings.Join(segments[:i], "/")
		}
		return cut.String(), "/" + strings.Join(segments[i:], "/"), true
	}
	return "", "", false
}
