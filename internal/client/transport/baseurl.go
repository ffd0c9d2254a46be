package transport

import (
	"fmt"
	"net"
	"net/url"
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
