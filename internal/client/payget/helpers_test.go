package payget_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/client/payget"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

const testKey = "pg_test_key_0001"

// newClient starts a server for h and a PayGet client for it with fast
// retries.
func newClient(t *testing.T, h http.Handler, key string, mod ...func(*transport.Config)) *payget.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	cfg := transport.Config{
		BaseURL: srv.URL, UserAgent: "test-agent", MaxRetries: 2,
		RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond,
		Secrets: []string{key}, // as the provider configures it: the transport redacts the key
	}
	for _, m := range mod {
		m(&cfg)
	}
	tc, err := transport.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return payget.New(tc, key)
}
