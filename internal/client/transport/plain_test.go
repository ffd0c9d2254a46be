package transport_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport/transporttest"
)

func TestCheckBaseURL(t *testing.T) {
	tests := []struct {
		url  string
		want string // "" = accepted; otherwise a part of the error
	}{
		{"https://payget.sakuin.id", ""},
		{"https://api.mayar.id/prefix/", ""},
		{"http://127.0.0.1:8080", ""},
		{"http://[::1]:8080", ""},
		{"http://LOCALHOST:8080", ""},
		{"http://payget.example.com", "plain http:// is allowed only for loopback hosts"},
		{"http://10.1.2.3:8080", "must use https://"},
		{"payget.sakuin.id", "must be an absolute URL"},
		{"", "must be an absolute URL"},
		{"ftp://api.mayar.id", "must use the https scheme"},
		{"https://user:pw@payget.sakuin.id", "must not carry credentials"},
		{"https://payget.sakuin.id/?apiKey=1", "must not carry credentials, a query"},
	}
	for _, tt := range tests {
		err := transport.CheckBaseURL(tt.url)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("CheckBaseURL(%q) = %v, want nil", tt.url, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("CheckBaseURL(%q) = %v, want an error with %q", tt.url, err, tt.want)
		}
		// New refuses exactly what the check refuses, with the same words.
		_, nerr := transport.New(transport.Config{BaseURL: tt.url})
		if (nerr == nil) != (err == nil) || (err != nil && !strings.Contains(nerr.Error(), err.Error())) {
			t.Errorf("New with %q: %v; CheckBaseURL: %v", tt.url, nerr, err)
		}
	}
}

// A host DNS does not know fails at once, naming the host: retrying would
// only delay the error. The .invalid top-level domain never resolves.
func TestHostNotFoundIsNotRetried(t *testing.T) {
	logger := &transporttest.Logger{}
	c, err := transport.New(transport.Config{BaseURL: "https://payget.invalid", MaxRetries: 4, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	var waited atomic.Int32
	transport.SetWaitHook(c, func(time.Duration) time.Duration { waited.Add(1); return 0 })
	for _, req := range []transport.Request{get("/api/profile"), post("/api/payment")} {
		_, err = c.Do(context.Background(), req)
		var noHost *transport.HostNotFoundError
		var terr *transport.Error
		if !errors.As(err, &noHost) || noHost.Host != "payget.invalid" || !errors.As(err, &terr) || terr.Attempts != 1 {
			t.Fatalf("%s: got %v, want a HostNotFoundError for payget.invalid after 1 attempt", req.Method, err)
		}
		if want := req.Method + " " + req.Path + ": the host payget.invalid was not found"; !strings.HasPrefix(err.Error(), want) {
			t.Errorf("message %q, want it to start with %q", err, want)
		}
		// Nothing can have reached a host that has no address.
		if errors.Is(err, transport.ErrOutcomeUnknown) {
			t.Errorf("%s: %v is marked as a possibly processed request", req.Method, err)
		}
	}
	if n := waited.Load(); n != 0 {
		t.Fatalf("%d retries were waited for, want 0", n)
	}
	if n := len(logger.Lines("")); n != 2 {
		t.Fatalf("%d attempts were logged, want 1 per request:\n%s", n, logger.Text())
	}
}

// socketAddress matches the "127.0.0.1:56066->127.0.0.1:4000" that net/http
// puts in a reset connection's error.
var socketAddress = regexp.MustCompile(`\d+\.\d+\.\d+\.\d+:\d+`)

// Errors say what happened in words a person can act on: a reset
// connection without the socket's addresses, a timeout as a person writes
// it; Describe gives the one clause a diagnostic needs.
func TestFailuresInPlainWords(t *testing.T) {
	tests := []struct {
		name     string
		answer   transporttest.Action
		timeout  time.Duration
		text     string // a part of err.Error()
		describe string // Describe(err, "PayGet")
	}{
		{"connection reset", resetHard(), 0,
			"the connection was cut before an answer came (connection reset by peer)",
			"the connection was cut before PayGet answered"},
		{"connection closed", transporttest.Reset(), 0,
			"the server closed the connection without an answer",
			"the connection was cut before PayGet answered"},
		{"timeout", nil, 100 * time.Millisecond,
			"no complete answer within 100ms",
			"no answer came from PayGet within 100ms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			answer := tt.answer
			if answer == nil {
				answer = transporttest.Hang(t, false)
			}
			c, _ := newTestClient(t, &transporttest.Server{Fallback: answer}, transport.Config{Timeout: tt.timeout})
			_, err := c.Do(context.Background(), post("/api/payment"))
			if err == nil || !strings.Contains(err.Error(), tt.text) {
				t.Fatalf("got %v, want %q in it", err, tt.text)
			}
			if socketAddress.MatchString(err.Error()) {
				t.Errorf("%q shows socket addresses", err)
			}
			if got := transport.Describe(err, "PayGet"); got != tt.describe {
				t.Errorf("Describe = %q, want %q", got, tt.describe)
			}
		})
	}

	t.Run("the caller's own deadline", func(t *testing.T) {
		c, _ := newTestClient(t, &transporttest.Server{Fallback: transporttest.Hang(t, false)}, transport.Config{})
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		// A read is abandoned when its context ends (a create already sent
		// runs on to its answer or its own timeout).
		_, err := c.Do(ctx, get("/hl/v2/payments"))
		if got, want := transport.Describe(err, "Mayar"), "the time allowed ran out before Mayar answered"; got != want {
			t.Errorf("Describe(%v) = %q, want %q", err, got, want)
		}
	})
}

// resetHard resets the connection (TCP RST) instead of closing it.
func resetHard() transporttest.Action {
	return func(w http.ResponseWriter, _ *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(err)
		}
		if tcp, ok := conn.(interface{ SetLinger(int) error }); ok {
			_ = tcp.SetLinger(0)
		}
		_ = conn.Close()
	}
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		time.Second:                    "1s",
		30 * time.Second:               "30s",
		90 * time.Second:               "1m30s",
		10 * time.Minute:               "10m",
		time.Hour:                      "1h",
		90 * time.Minute:               "1h30m",
		time.Hour + time.Second:        "1h0m1s",
		1500 * time.Millisecond:        "1.5s",
		200 * time.Millisecond:         "200ms",
		2*time.Hour + 10*time.Minute:   "2h10m",
		10*time.Minute + 5*time.Second: "10m5s",
	} {
		if got := transport.FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

// The transport honours HTTPS_PROXY: a request to an https host goes to the
// proxy as a CONNECT. net/http reads the proxy variables once per process,
// so the check runs in a child process with the variable set from the start.
func TestHTTPSProxyFromEnvironment(t *testing.T) {
	if os.Getenv("TRANSPORT_PROXY_CHILD") != "" {
		c, err := transport.New(transport.Config{BaseURL: "https://payget.invalid"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Do(context.Background(), get("/api/profile"))
		fmt.Println("child error:", err)
		return
	}
	var connects atomic.Int32
	var target atomic.Value
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodConnect {
			connects.Add(1)
			target.Store(r.Host)
		}
		w.WriteHeader(http.StatusForbidden)
	}))
	t.Cleanup(proxy.Close)
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestHTTPSProxyFromEnvironment$", "-test.count=1") //nolint:gosec // runs this test binary again, with fixed arguments
	cmd.Env = append(os.Environ(), "TRANSPORT_PROXY_CHILD=1", "HTTPS_PROXY="+proxy.URL, "https_proxy="+proxy.URL, "NO_PROXY=", "no_proxy=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if connects.Load() != 1 || target.Load() != "payget.invalid:443" {
		t.Fatalf("the proxy saw %d CONNECTs (to %v), want 1 to payget.invalid:443; child said:\n%s", connects.Load(), target.Load(), out)
	}
}

// An API's own path in a base URL is found, as copied from its
// documentation, whole or with an endpoint; any other path, a proxy's
// prefix, is not.
func TestSplitAPIPath(t *testing.T) {
	tests := []struct {
		raw, base, apiPath string // base "" = nothing found
	}{
		{"https://api.mayar.id/hl/v2", "https://api.mayar.id", "/hl/v2"},
		{"https://api.mayar.id/hl/v1/", "https://api.mayar.id", "/hl/v1"},
		{"https://api.mayar.id/hl", "https://api.mayar.id", "/hl"},
		{"https://api.mayar.id/hl/v2/payments", "https://api.mayar.id", "/hl/v2/payments"},
		{"http://127.0.0.1:8080/proxy/hl/v2", "http://127.0.0.1:8080/proxy", "/hl/v2"},
		{"https://api.mayar.id", "", ""},
		{"https://api.mayar.id/", "", ""},
		{"https://gw.example.com/mayar", "", ""},
		{"https://gw.example.com/hl/other", "", ""},
		{"https://gw.example.com/hlx/v2", "", ""},
	}
	for _, tt := range tests {
		base, apiPath, ok := transport.SplitAPIPath(tt.raw, "hl", "v1", "v2")
		if ok != (tt.base != "") || base != tt.base || apiPath != tt.apiPath {
			t.Errorf("SplitAPIPath(%q) = %q, %q, %t; want %q, %q", tt.raw, base, apiPath, ok, tt.base, tt.apiPath)
		}
	}
}

// Errors name the whole path requested, the base URL's path included,
// whether the request failed or its answer could not be used; a refused
// connection says so, with the address, in plain words.
func TestErrorsNameTheWholePath(t *testing.T) {
	srv := &transporttest.Server{Fallback: transporttest.Reply(http.StatusNotFound, `{"message":"Not Found"}`)}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	c, err := transport.New(transport.Config{BaseURL: hs.URL + "/proxy"})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Do(context.Background(), get("/hl/v2/balances"))
	if err != nil {
		t.Fatal(err)
	}
	if got := srv.Requests()[0].Path; got != "/proxy/hl/v2/balances" {
		t.Fatalf("the request went to %s", got)
	}
	if got, want := transport.NewAPIError("Mayar", "GET /hl/v2/balances (page 2)", resp).Error(),
		"Mayar GET /proxy/hl/v2/balances (page 2): HTTP 404"; got != want {
		t.Errorf("the error of the answer is %q, want %q", got, want)
	}

	refused, err := transport.New(transport.Config{BaseURL: "http://127.0.0.1:1/proxy"}) // nothing listens on port 1
	if err != nil {
		t.Fatal(err)
	}
	_, err = refused.Do(context.Background(), get("/api/profile"))
	var cre *transport.ConnectionRefusedError
	if !errors.As(err, &cre) || cre.Host != "127.0.0.1:1" ||
		err.Error() != "GET /proxy/api/profile: nothing accepted the connection to 127.0.0.1:1 (connection refused)" {
		t.Fatalf("got %v, want a refused connection to 127.0.0.1:1 naming the whole path", err)
	}
	if got, want := transport.Describe(err, "PayGet"), "the connection to 127.0.0.1:1 was refused"; got != want {
		t.Errorf("Describe = %q, want %q", got, want)
	}
}
