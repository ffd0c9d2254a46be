package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

func TestListenRefusesNonLoopback(t *testing.T) {
	for _, addr := range []string{":0", "0.0.0.0:0", "[::]:0", "192.0.2.10:0", "example.com:0", "127.0.0.1"} {
		l, err := listenLoopback(addr)
		if err == nil {
			l.Close()
			t.Errorf("%s: listening; want a refusal", addr)
		}
	}
	for _, addr := range []string{"127.0.0.1:0", "127.0.0.2:0", "localhost:0"} {
		l, err := listenLoopback(addr)
		if err != nil {
			t.Errorf("%s: %v", addr, err)
			continue
		}
		l.Close()
	}
}

func TestFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-payget-shape", "c"},
		{"-mayar-page-cap", "0"},
		{"-mayar-rate-limit", "-1"},
		{"-mayar-rate-window", "0s"},
		{"-mayar-payments", "-5"},
		{"-mayar-products", "-1"},
		{"-latency", "-1s"},
		{"-no-such-flag"},
		{"extra"},
	} {
		if _, err := parseFlags(args, io.Discard); !errors.Is(err, errUsage) {
			t.Errorf("%q: %v; want a usage error", args, err)
		}
	}
	cfg, err := parseFlags([]string{"-payget-shape", "B", "-failures-http200", "-mayar-page-cap", "7",
		"-mayar-rate-limit", "0", "-mayar-rate-window", "10s", "-mayar-payments", "3", "-mayar-products", "4", "-latency", "5ms"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	o := cfg.opts
	if o.PayGetShape != sandbox.ShapeB || !o.FailuresWithHTTP200 || o.MayarPageCap != 7 || o.MayarRateLimit != 0 ||
		o.MayarRateWindow.Seconds() != 10 || cfg.generated != 3 || cfg.products != 4 || o.Latency.Milliseconds() != 5 || cfg.listen != "127.0.0.1:0" {
		t.Errorf("parsed %+v", cfg)
	}
}

func TestRunAnnouncesServesAndStops(t *testing.T) {
	urlFile := filepath.Join(t.TempDir(), "sandbox.url")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	stdoutR, stdoutW := io.Pipe()
	stderrR, stderrW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, []string{"-url-file", urlFile, "-mayar-payments", "4", "-mayar-products", "3"}, stdoutW, stderrW)
		stdoutW.Close()
		stderrW.Close()
		done <- err
	}()

	// stdout is four export lines of the variables the provider reads,
	// ready to paste into a shell.
	lines := bufio.NewScanner(stdoutR)
	var got []string
	for len(got) < 4 && lines.Scan() {
		got = append(got, lines.Text())
	}
	if len(got) != 4 {
		t.Fatalf("stdout %q; want four lines", got)
	}
	urlLine := regexp.MustCompile(`^export PAYGET_BASE_URL=(http://127\.0\.0\.1:[0-9]+)$`).FindStringSubmatch(got[0])
	if urlLine == nil || got[1] != "export MAYAR_BASE_URL="+urlLine[1] ||
		got[2] != "export PAYGET_API_KEY="+sandbox.PayGetKey || got[3] != "export MAYAR_API_KEY="+sandbox.MayarKey {
		t.Fatalf("stdout %q", got)
	}
	url := urlLine[1]
	go func() { _, _ = io.Copy(io.Discard, stdoutR) }()

	// The first stderr line comes after the URL file is written; the rest
	// is read whole once the sandbox stops.
	stderr := bufio.NewReader(stderrR)
	info, err := stderr.ReadString('\n')
	if err != nil || !strings.Contains(info, url) {
		t.Fatalf("stderr %q, %v", info, err)
	}
	rest := make(chan string, 1)
	go func() {
		b, _ := io.ReadAll(stderr)
		rest <- string(b)
	}()
	if content, err := os.ReadFile(urlFile); err != nil || string(content) != url+"\n" {
		t.Errorf("URL file %q, %v; want %q", content, err, url+"\n")
	}

	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, url+"/hl/v2/payments", nil)
	req.Header.Set("Authorization", "Bearer "+sandbox.MayarKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || strings.Count(string(body), `"type":"payment_request"`) != 4 {
		t.Errorf("HTTP %d %s; want the 4 generated payment requests", resp.StatusCode, body)
	}
	req, _ = http.NewRequestWithContext(t.Context(), http.MethodGet, url+"/hl/v2/products?limit=50", nil)
	req.Header.Set("Authorization", "Bearer "+sandbox.MayarKey)
	if resp, err = http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || strings.Count(string(body), `"linkPayment"`) != 7 {
		t.Errorf("HTTP %d %s; want a catalog of the 3 generated products and the 4 payment requests", resp.StatusCode, body)
	}

	// The payer's endpoint, as the demo uses it: create, pay, read back.
	post := func(path, key, body string) string {
		t.Helper()
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, url+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if key != "" {
			req.Header.Set("x-api-key", key)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("POST %s: HTTP %d %s", path, resp.StatusCode, b)
		}
		return string(b)
	}
	id := regexp.MustCompile(`"paymentId":"([a-z0-9]+)"`).FindStringSubmatch(post("/api/payment", sandbox.PayGetKey, `{"amount":50000}`))
	if id == nil {
		t.Fatal("the create answer has no paymentId")
	}
	if paid := post("/_sandbox/payget/payments/"+id[1]+"/pay", "", ""); !strings.Contains(paid, `"status":"Success"`) {
		t.Errorf("paying through the admin endpoint answered %s; want status Success", paid)
	}
	// And the Mayar one the banner names.
	open := regexp.MustCompile(`"id":"([0-9a-f-]{36})"[^}]*"status":"unpaid"`).FindStringSubmatch(string(body))
	if open == nil {
		t.Fatalf("no open payment request among %s", body)
	}
	if paid := post("/_sandbox/mayar/payments/"+open[1]+"/pay", "", ""); !strings.Contains(paid, `"status":"paid"`) {
		t.Errorf("paying through the Mayar admin endpoint answered %s; want status paid", paid)
	}

	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v; want a clean stop", err)
	}
	// The banner names the endpoints that play the payer of either API.
	banner := <-rest
	for _, want := range []string{
		"curl -X POST " + url + "/_sandbox/payget/payments/<id>/pay",
		"curl -X POST " + url + "/_sandbox/mayar/payments/<id>/pay",
		"4 Mayar payment requests and 3 other products",
	} {
		if !strings.Contains(banner, want) {
			t.Errorf("the banner %q does not say %q", banner, want)
		}
	}
	if _, err := os.Stat(urlFile); !os.IsNotExist(err) {
		t.Errorf("the URL file outlived the server: %v", err)
	}
}

func TestRunRefusesNonLoopback(t *testing.T) {
	err := run(t.Context(), []string{"-listen", "0.0.0.0:0"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "non-loopback") {
		t.Errorf("run: %v; want a refusal", err)
	}
}

// The receiver mode prints its URL with a secret path, accepts POSTs only
// there, and prints each event on one line; the sandbox delivers to it.
// Each request it refuses is a line on stderr, so that a mistyped secret
// path shows.
func TestWebhookReceiver(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	stdoutR, stdoutW := io.Pipe()
	// A refusal's line is written before its answer goes out, so it is in
	// stderr once the request is answered.
	stderr := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		err := run(ctx, []string{"-webhook-receiver"}, stdoutW, stderr)
		stdoutW.Close()
		done <- err
	}()

	lines := bufio.NewScanner(stdoutR)
	if !lines.Scan() {
		t.Fatal("no first line")
	}
	m := regexp.MustCompile(`^INDOPAY_WEBHOOK_URL=(http://127\.0\.0\.1:[0-9]+)(/hooks/[0-9a-f]{32})$`).FindStringSubmatch(lines.Text())
	if m == nil {
		t.Fatalf("first line %q", lines.Text())
	}
	hook := m[1] + m[2]
	// The receiver answers once its line is written: read lines meanwhile.
	events := make(chan string, 4)
	go func() {
		for lines.Scan() {
			events <- lines.Text()
		}
		close(events)
	}()

	for _, c := range []struct {
		method, url, body string
		status            int
		note              string
	}{
		{http.MethodPost, m[1] + "/hooks/guess", `{}`, 404,
			`indopay-sandbox: refused POST "/hooks/guess": not the secret path of INDOPAY_WEBHOOK_URL (answered HTTP 404)`},
		{http.MethodPost, hook + "x", `{}`, 404, `refused POST "` + m[2] + `x": not the secret path of INDOPAY_WEBHOOK_URL (answered HTTP 404)`},
		{http.MethodGet, hook, "", 405, `indopay-sandbox: refused GET "` + m[2] + `": events are POSTed (answered HTTP 405)`},
		{http.MethodPost, hook, `{"event":`, 400, `refused POST "` + m[2] + `": the body is not JSON (answered HTTP 400)`},
	} {
		req, _ := http.NewRequestWithContext(t.Context(), c.method, c.url, strings.NewReader(c.body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.status {
			t.Errorf("%s %s: HTTP %d, want %d", c.method, c.url, resp.StatusCode, c.status)
		}
		if got := stderr.String(); !strings.Contains(got, c.note+"\n") {
			t.Errorf("%s %s: stderr %q; want a line %q", c.method, c.url, got, c.note)
		}
	}

	sb := sandbox.New(sandbox.Options{})
	srv := httptest.NewServer(sb)
	defer srv.Close()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+"/hl/v2/webhooks/update", strings.NewReader(`{"urlHook":"`+hook+`"}`))
	req.Header.Set("Authorization", "Bearer "+sandbox.MayarKey)
	req.Header.Set("Content-Type", "application/json")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 {
		t.Fatalf("setting the URL: %v %v", resp, err)
	}
	p, _ := sb.CreateMayarPaymentRequest(sandbox.MayarCreateInput{Name: "Kopi", Amount: 25000})
	if d, err := sb.PayMayarPaymentRequest(p.ID); err != nil || d.Status != 200 {
		t.Fatalf("paying: %+v %v", d, err)
	}
	if got := <-events; !strings.HasPrefix(got, `EVENT {"data":{`) || !strings.Contains(got, `"event":"payment.received"`) ||
		!strings.Contains(got, `"productId":"`+p.ID+`"`) {
		t.Errorf("event line %q", got)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
	if got := stderr.String(); !strings.Contains(got, "receiving webhook events on "+hook+"\n") || strings.Count(got, "refused") != 4 {
		t.Errorf("stderr %q; want the URL and the 4 refusals, no line for the event", got)
	}
}

// syncBuffer is a writer that may be written while it is read.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
