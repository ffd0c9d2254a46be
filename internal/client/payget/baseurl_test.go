package payget_test

import (
	"strings"
	"testing"

	"github.com/indopay/terraform-provider-indopay/internal/client/payget"
)

// A base URL with PayGet's /api path, or one of its endpoints, is refused
// with the value to use; a proxy's own path is not, even one named api.
func TestCheckBaseURL(t *testing.T) {
	tests := []struct{ url, want string }{ // want "" = accepted; otherwise a part of the error
		{"https://payget.sakuin.id", ""},
		{"https://gw.example.com/api/payget", ""},
		{"https://payget.sakuin.id/api", `must be "https://payget.sakuin.id", without /api: the provider adds PayGet's API path (/api/...)`},
		{"https://payget.sakuin.id/api/payment-status/abc", `must be "https://payget.sakuin.id", without /api/payment-status/abc`},
		{"http://localhost:9000/pg/api/", `must be "http://localhost:9000/pg", without /api`},
		{"payget.sakuin.id/api", "must be an absolute URL"},
	}
	for _, tt := range tests {
		err := payget.CheckBaseURL(tt.url)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("CheckBaseURL(%q) = %v, want nil", tt.url, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("CheckBaseURL(%q) = %v, want an error with %q", tt.url, err, tt.want)
		}
	}
}
