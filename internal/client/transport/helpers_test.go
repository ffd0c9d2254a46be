package transport_test

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

// waits records every wait the retry loop asks for and makes it instant.
type waits struct {
	mu sync.Mutex
	d  []time.Duration
}

func (w *waits) hook(d time.Duration) time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.d = append(w.d, d)
	return 0
}

func (w *waits) all() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.d...)
}

// newTestClient starts srv and a client for it whose retry waits are
// recorded and skipped.
func newTestClient(t *testing.T, h http.Handler, cfg transport.Config) (*transport.Client, *waits) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	if cfg.BaseURL == "" {
		cfg.BaseURL = srv.URL
	}
	c, err := transport.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	w := &waits{}
	transport.SetWaitHook(c, w.hook)
	return c, w
}
