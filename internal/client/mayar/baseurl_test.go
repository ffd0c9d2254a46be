package mayar_test

import (
	"strings"
	"testing"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
)

// A base URL with Mayar's API path, as Mayar's documentation writes its
// endpoints, is refused with the value to use; a proxy's own path is not.
func TestCheckBaseURL(t *testing.T) {
	tests := []struct{ url, want string }{ // want "" = accepted; otherwise a part of the error
		{"https://api.mayar.id", ""},
		{"https://api.mayar.club/", ""},
		{"https://gw.example.com/mayar", ""},
		{"https://api.mayar.id/hl/v2", `must be "https://api.mayar.id", without /hl/v2: the provider adds Mayar's API path (/hl/v1 or /hl/v2`},
		{"https://api.mayar.id/hl/v1/payment", `must be "https://api.mayar.id", without /hl/v1/payment`},
		{"http://127.0.0.1:8080/proxy/hl/v2/", `must be "http://127.0.0.1:8080/proxy", without /hl/v2`},
		{"http://api.mayar.id/hl/v2", "must use https://"},
	}
	for _, tt := range tests {
		err := mayar.CheckBaseURL(tt.url)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("CheckBaseURL(%q) = %v, want nil", tt.url, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("CheckBaseURL(%q) = %v, want an error with %q", tt.url, err, tt.want)
		}
	}
}
