package sandbox_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// start serves a new sandbox on loopback for the test's duration.
func start(t *testing.T, opts sandbox.Options) (*sandbox.Sandbox, *httptest.Server) {
	t.Helper()
	sb := sandbox.New(opts)
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	return sb, srv
}

// call is one request to the sandbox. A non-empty body is sent as JSON
// unless contentType says otherwise.
type call struct {
	method      string
	path        string // with its query
	header      map[string]string
	body        string
	contentType string
}

type reply struct {
	status int
	header http.Header
	body   []byte
}

// fresh is a client that opens a new connection per request, so Go's
// transport never silently retries a request whose reused connection a
// fault closed.
var fresh = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}

func send(ctx context.Context, srv *httptest.Server, c call) (*http.Response, error) {
	var body io.Reader
	if c.body != "" {
		body = strings.NewReader(c.body)
	}
	method := c.method
	if method == "" {
		method = http.MethodGet
	}
	req, err := http.NewRequestWithContext(ctx, method, srv.URL+c.path, body)
	if err != nil {
		return nil, err
	}
	if c.body != "" {
		ct := c.contentType
		if ct == "" {
			ct = "application/json"
		}
		req.Header.Set("Content-Type", ct)
	}
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	return fresh.Do(req)
}

// do sends c and reads the whole answer; transport errors fail the test.
func do(t *testing.T, srv *httptest.Server, c call) reply {
	t.Helper()
	resp, err := send(t.Context(), srv, c)
	if err != nil {
		t.Fatalf("%s %s: %v", c.method, c.path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", c.method, c.path, err)
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: data}
}

// decode unmarshals the body into v, failing the test on invalid JSON.
func (r reply) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("body is not the expected JSON (%v): %s", err, r.body)
	}
}

func payget(key string) map[string]string {
	if key == "" {
		return nil
	}
	return map[string]string{"x-api-key": key}
}

func bearer(key string) map[string]string {
	if key == "" {
		return nil
	}
	return map[string]string{"Authorization": "Bearer " + key}
}

// paygetFailure is PayGet's failure body.
type paygetFailure struct {
	Success *bool  `json:"success"`
	Message string `json:"message"`
}

// mayarEnvelope is the part of Mayar's envelope every answer has.
type mayarEnvelope struct {
	StatusCode int    `json:"statusCode"`
	Messages   string `json:"messages"`
}

// wantPayGetFailure checks a PayGet failure answer: status and message.
func wantPayGetFailure(t *testing.T, r reply, status int, message string) {
	t.Helper()
	var f paygetFailure
	r.decode(t, &f)
	if r.status != status || f.Success == nil || *f.Success || f.Message != message {
		t.Errorf("got HTTP %d %s; want HTTP %d with success:false and message %q", r.status, r.body, status, message)
	}
}

// wantMayarFailure checks a Mayar failure answer: HTTP status, statusCode
// in the body and message.
func wantMayarFailure(t *testing.T, r reply, status int, message string) {
	t.Helper()
	var e mayarEnvelope
	r.decode(t, &e)
	if r.status != status || e.StatusCode != status || e.Messages != message {
		t.Errorf("got HTTP %d %s; want HTTP %d with statusCode %d and messages %q", r.status, r.body, status, status, message)
	}
}
