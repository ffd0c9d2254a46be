package transport_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport/transporttest"
)

func TestOneDebugLinePerAttemptWithoutSecrets(t *testing.T) {
	const key = "pg_secret_key_0001"
	srv := &transporttest.Server{Actions: []transporttest.Action{
		transporttest.Reply(503, `{"message":"echo `+key+`"}`, "X-Request-Id", "req-1"),
		transporttest.Truncated(200, `{"success":true,"x":"cut"}`),
		transporttest.Reply(200, `{"success":true}`, "X-Request-Id", "req-3"),
	}}
	logger := &transporttest.Logger{}
	c, _ := newTestClient(t, srv, transport.Config{MaxRetries: 3, Logger: logger, Secrets: []string{"", key}})
	req := get("/api/payment-status/" + key)
	req.Header = http.Header{"X-Api-Key": {key}, "Authorization": {"Bearer " + key}}
	req.Query = url.Values{"q": {"query-value-not-to-log"}}
	if _, err := c.Do(context.Background(), req); err != nil {
		t.Fatal(err)
	}

	lines := logger.Lines("")
	if len(lines) != 3 {
		t.Fatalf("%d log lines, want one per attempt:\n%s", len(lines), logger.Text())
	}
	for i, line := range lines {
		f := line.Fields
		if line.Level != "debug" || f["method"] != "GET" || f["path"] != "/api/payment-status/***" || f["attempt"] != i+1 {
			t.Errorf("line %d: %+v", i, line)
		}
		if _, ok := f["duration_ms"].(int64); !ok {
			t.Errorf("line %d: no duration_ms: %+v", i, f)
		}
	}
	if lines[0].Fields["status"] != 503 || lines[0].Fields["request_id"] != "req-1" {
		t.Errorf("first line %+v", lines[0].Fields)
	}
	if _, ok := lines[1].Fields["error"].(string); !ok {
		t.Errorf("second line has no error: %+v", lines[1].Fields)
	}
	if lines[2].Fields["status"] != 200 || lines[2].Fields["request_id"] != "req-3" {
		t.Errorf("third line %+v", lines[2].Fields)
	}

	all := logger.Text()
	for _, leak := range []string{key, "query-value-not-to-log", "Bearer", "X-Api-Key", "x-api-key"} {
		if strings.Contains(all, leak) {
			t.Errorf("logs contain %q:\n%s", leak, all)
		}
	}
	for _, r := range srv.Requests() {
		if strings.Contains(r.RawQuery, key) {
			t.Errorf("key in the query string %q", r.RawQuery)
		}
	}
}

func TestLoggerScrubsInfoFields(t *testing.T) {
	logger := &transporttest.Logger{}
	c, err := transport.New(transport.Config{BaseURL: "http://127.0.0.1:1", Logger: logger, Secrets: []string{"s3cret"}})
	if err != nil {
		t.Fatal(err)
	}
	c.Logger().Info(context.Background(), "listed s3cret", map[string]any{"a": "x-s3cret-y", "b": 3, "c": []string{"s3cret"}})
	line := logger.Lines("")[0]
	if line.Msg != "listed ***" || line.Fields["a"] != "x-***-y" || line.Fields["b"] != 3 || line.Fields["c"] != "[***]" {
		t.Fatalf("%+v", line)
	}

	// A client without a logger still hands out a usable one.
	c2, _ := transport.New(transport.Config{BaseURL: "http://127.0.0.1:1"})
	c2.Logger().Info(context.Background(), "nobody listens", nil)
}
