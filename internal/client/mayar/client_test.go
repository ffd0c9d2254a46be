package mayar_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

func TestEnvelopeFailures(t *testing.T) {
	tests := []struct {
		name    string
		answers []http.HandlerFunc
		want    string
		status  int
	}{
		{"200 with failed", []http.HandlerFunc{respond(200, `{"statusCode":200,"messages":"failed"}`)},
			`Mayar GET /hl/v2/balances: HTTP 200: "failed"`, 200},
		{"401", []http.HandlerFunc{respond(401, `{"statusCode":401,"messages":"Unauthorized"}`)},
			`Mayar GET /hl/v2/balances: HTTP 401: "Unauthorized"`, 401},
		{"404 with message", []http.HandlerFunc{respond(404, `{"statusCode":404,"message":"Not Found"}`)},
			`Mayar GET /hl/v2/balances: HTTP 404: "Not Found"`, 404},
		{"500 three times", []http.HandlerFunc{respond(500, `{"statusCode":500,"messages":"Internal Server Error"}`), respond(500, `{"statusCode":500,"messages":"Internal Server Error"}`), respond(500, `{"statusCode":500,"messages":"Internal Server Error"}`)},
			`Mayar GET /hl/v2/balances: HTTP 500: "Internal Server Error" (after 3 attempts)`, 500},
		{"HTML", []http.HandlerFunc{respond(403, "<html>\n<b>Forbidden</b></html>")},
			`Mayar GET /hl/v2/balances: HTTP 403: the answer is not JSON: "<html> <b>Forbidden</b></html>"`, 403},
		{"success but no data", []http.HandlerFunc{respond(200, `{"statusCode":200,"messages":"success","data":null}`)},
			`Mayar GET /hl/v2/balances: HTTP 200: unexpected answer (data: missing): "{\"statusCode\":200,\"messages\":\"success\",\"data\":null}"`, 200},
		{"no messages", []http.HandlerFunc{respond(200, `{"statusCode":200}`)},
			`Mayar GET /hl/v2/balances: HTTP 200: the answer does not say "success": "{\"statusCode\":200}"`, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &fakeMayar{override: map[int]http.HandlerFunc{}}
			for i, a := range tt.answers {
				fake.override[i+1] = a
			}
			c := newClient(t, fake, mayar.V2)
			_, err := c.Balance(context.Background())
			var apiErr *transport.APIError
			if !errors.As(err, &apiErr) || err.Error() != tt.want || apiErr.StatusCode != tt.status {
				t.Fatalf("got %v\nwant %s", err, tt.want)
			}
		})
	}

	fake := &fakeMayar{override: map[int]http.HandlerFunc{1: respond(200, `{"statusCode":200,"messages":"failed"}`)}}
	c := newClient(t, fake, mayar.V1)
	_, err := c.ListPayments(context.Background(), mayar.ListOptions{Status: "paid"})
	if err == nil || err.Error() != `Mayar GET /hl/v1/payment (status=paid page=1): HTTP 200: "failed"` {
		t.Fatalf("got %v", err)
	}
}

func TestBalance(t *testing.T) {
	for v, path := range map[mayar.Version]string{mayar.V1: "/hl/v1/balance", mayar.V2: "/hl/v2/balances"} {
		fake := &fakeMayar{}
		c := newClient(t, fake, v)
		b, err := c.Balance(context.Background())
		if err != nil || *b != (mayar.Balance{Active: 1500, Pending: 500, Total: 2000}) {
			t.Fatalf("%s: %+v %v", v, b, err)
		}
		if r := fake.requests()[0]; r.Path != path || r.Auth != "Bearer "+testKey || len(r.Query) != 0 {
			t.Fatalf("%s: request %+v", v, r)
		}
	}
}

func TestKeyOnlyInTheHeader(t *testing.T) {
	fake := &fakeMayar{items: makeItems(30), cap: 5}
	logger := &captureLogger{}
	for _, v := range []mayar.Version{mayar.V1, mayar.V2} {
		c := newClient(t, fake, v, func(cfg *transport.Config) { cfg.Logger = logger; cfg.Secrets = []string{testKey} })
		if _, err := c.ListPayments(context.Background(), mayar.ListOptions{}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Balance(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range fake.requests() {
		if r.Auth != "Bearer "+testKey || strings.Contains(fmtQuery(r.Query), testKey) {
			t.Fatalf("request %+v", r)
		}
	}
	if strings.Contains(logger.text(), testKey) || strings.Contains(logger.text(), "Bearer") {
		t.Fatalf("key in the logs:\n%s", logger.text())
	}
}

func TestMissingKeyAndBadOptions(t *testing.T) {
	fake := &fakeMayar{}
	srvClient := newClient(t, fake, mayar.V2)
	tc, err := transport.New(transport.Config{BaseURL: "http://127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	c := mayar.New(tc, "", mayar.V2)
	if _, err := c.ListPayments(context.Background(), mayar.ListOptions{}); !errors.Is(err, mayar.ErrMissingAPIKey) {
		t.Fatalf("got %v", err)
	}
	if _, err := c.Balance(context.Background()); !errors.Is(err, mayar.ErrMissingAPIKey) {
		t.Fatalf("got %v", err)
	}
	for _, opts := range []mayar.ListOptions{{MaxItems: -1}, {PageSize: -1}, {PageSize: mayar.MaxPageSizeV2 + 1}, {Status: "unpaid"}} {
		if _, err := srvClient.ListPayments(context.Background(), opts); err == nil {
			t.Errorf("%+v accepted", opts)
		}
	}
	if n := len(fake.requests()); n != 0 {
		t.Fatalf("%d requests sent", n)
	}
}

func TestUnauthorized(t *testing.T) {
	tests := []struct {
		answer http.HandlerFunc
		want   bool
	}{
		{respond(401, `{"statusCode":401,"messages":"Unauthorized"}`), true},
		{respond(200, `{"statusCode":401,"messages":"failed"}`), true},
		{respond(200, `{"statusCode":200,"message":"unauthorized"}`), true},
		{respond(200, `{"statusCode":200,"messages":"failed"}`), false},
		{respond(404, `{"statusCode":404,"messages":"Not Found"}`), false},
	}
	for _, tt := range tests {
		c := newClient(t, &fakeMayar{override: map[int]http.HandlerFunc{1: tt.answer}}, mayar.V2)
		_, err := c.Balance(context.Background())
		if err == nil || errors.Is(err, mayar.ErrUnauthorized) != tt.want {
			t.Errorf("%v: unauthorized %v, want %v", err, errors.Is(err, mayar.ErrUnauthorized), tt.want)
		}
	}
	// Unauthorized is a plain 401: the transport must not retry it.
	fake := &fakeMayar{}
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	tc, _ := transport.New(transport.Config{BaseURL: srv.URL, MaxRetries: 3})
	_, err := mayar.New(tc, "wrong", mayar.V2).Balance(context.Background())
	if !errors.Is(err, mayar.ErrUnauthorized) || len(fake.requests()) != 1 {
		t.Fatalf("got %v after %d requests", err, len(fake.requests()))
	}
}

func TestParseVersion(t *testing.T) {
	for in, want := range map[string]mayar.Version{"v1": mayar.V1, "v2": mayar.V2} {
		if got, err := mayar.ParseVersion(in); got != want || err != nil {
			t.Errorf("ParseVersion(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "v3", "V2", " v2"} {
		if _, err := mayar.ParseVersion(in); err == nil || !strings.Contains(err.Error(), `must be "v2" or "v1", got `) {
			t.Errorf("ParseVersion(%q): %v, want a refusal naming both versions", in, err)
		}
	}
}
