package provider_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport/transporttest"
	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// echoingProxy answers the profile and the Mayar list with a 502 page that
// echoes the request's headers, as some misconfigured proxies do, while
// echo is on; everything else goes to the sandbox. It is the hostile case
// for keys in error messages: the key comes back in the body.
type echoingProxy struct {
	next http.Handler
	echo atomic.Bool
}

func (p *echoingProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if p.echo.Load() && (r.URL.Path == "/api/profile" || r.URL.Path == "/hl/v2/payments") {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		fmt.Fprintf(w, "<html><body><h1>502 Bad Gateway</h1><pre>x-api-key: %s\nAuthorization: %s</pre></body></html>",
			r.Header.Get("x-api-key"), r.Header.Get("Authorization"))
		return
	}
	p.next.ServeHTTP(w, r)
}

// Neither API key appears anywhere Terraform writes: through apply,
// refresh, import, plan, show and destroy run by the real CLI with
// TF_LOG=TRACE, and an error whose answer echoes the keys back. The
// sandbox sees the keys only in headers, and never on payment-status
// requests.
func TestAccSecrets_neverLeak(t *testing.T) {
	skipUnlessAcceptance(t)
	t.Parallel()
	sb := sandbox.New(sandbox.Options{
		MayarPayments: sandbox.GenerateMayarPayments(4, time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)),
	})
	proxy := &echoingProxy{next: sb}
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)

	mainTF := fmt.Sprintf(cliRequiredProviders+`
variable "payget_api_key" {
  type      = string
  sensitive = true
}

variable "mayar_api_key" {
  type      = string
  sensitive = true
}

provider "indopay" {
  payget {
    api_key  = var.payget_api_key
    base_url = %[1]q
  }
  mayar {
    api_key             = var.mayar_api_key
    base_url            = %[1]q
    requests_per_minute = 0
  }
}

data "indopay_payget_profile" "me" {}

resource "indopay_payget_payment" "topup" {
  amount = 750000
}

data "indopay_payget_payment" "topup" {
  id = indopay_payget_payment.topup.id
}

data "indopay_mayar_payments" "all" {}

resource "indopay_mayar_payment_link" "kopi" {
  name   = "Kopi"
  amount = 25000
  status = "unlisted"
}

output "payment_id" {
  value = indopay_payget_payment.topup.id
}

output "username" {
  value = data.indopay_payget_profile.me.username
}

output "mayar_total" {
  value = data.indopay_mayar_payments.all.total
}
`, srv.URL)
	tf := newTerraformCLI(t, mainTF,
		"TF_VAR_payget_api_key="+sandbox.PayGetKey,
		"TF_VAR_mayar_api_key="+sandbox.MayarKey,
	)
	flags := []string{"-input=false", "-no-color"}

	tf.run(append([]string{"apply", "-auto-approve"}, flags...)...)
	id := strings.Trim(tf.output("payment_id"), `"`)
	if _, ok := sb.PayGetPayment(id); !ok {
		t.Fatalf("apply created no payment %q in the sandbox", id)
	}
	tf.run(append([]string{"apply", "-refresh-only", "-auto-approve"}, flags...)...)
	tf.run("state", "rm", "indopay_payget_payment.topup")
	tf.run(append([]string{"import"}, append(flags, "indopay_payget_payment.topup", id)...)...)
	tf.run(append([]string{"plan"}, flags...)...)
	show := tf.run("show", "-json")
	if !json.Valid([]byte(strings.TrimSpace(show))) || !strings.Contains(show, id) {
		t.Fatalf("terraform show -json is not the state with payment %s:\n%s", id, show)
	}

	// An error whose answer echoes the keys: retries off so it fails at once.
	proxy.echo.Store(true)
	failed := tf.runEnv([]string{"INDOPAY_MAX_RETRIES=0"}, true, append([]string{"plan"}, flags...)...)
	proxy.echo.Store(false)
	if !strings.Contains(failed, "502") || !strings.Contains(failed, "GET /api/profile") {
		t.Fatalf("the plan against the echoing proxy did not fail on its 502:\n%s", failed)
	}

	tf.run(append([]string{"destroy", "-auto-approve"}, flags...)...)
	if p, _ := sb.PayGetPayment(id); p.Status != "Expired" {
		t.Fatalf("destroy left payment %s %s, want Expired (cancelled)", id, p.Status)
	}

	// Where a key could leak: the TRACE log, the state and its backup,
	// every output (show -json, plan, errors included).
	traceLog, err := os.ReadFile(tf.logPath)
	if err != nil {
		t.Fatalf("no TRACE log: %v", err)
	}
	// The log must hold the provider's own request lines, or it proves
	// nothing about them.
	for _, want := range []string{"HTTP request", "/api/profile", "/hl/v2/payments", "/api/payment-status/", "/hl/v2/products/"} {
		if !bytes.Contains(traceLog, []byte(want)) {
			t.Fatalf("the TRACE log (%d bytes) has no %q: the provider's logs did not reach it", len(traceLog), want)
		}
	}
	places := map[string]string{"TRACE log": string(traceLog)}
	for _, name := range []string{"terraform.tfstate", "terraform.tfstate.backup"} {
		data, err := os.ReadFile(filepath.Join(tf.dir, name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		places[name] = string(data)
	}
	for i, out := range tf.outputs {
		places[fmt.Sprintf("output %d of the CLI runs", i)] = out
	}
	for where, text := range places {
		for _, key := range []string{sandbox.PayGetKey, sandbox.MayarKey} {
			if strings.Contains(text, key) {
				i := strings.Index(text, key)
				t.Errorf("the key %q leaked into the %s: …%s…", key, where, text[max(0, i-200):min(len(text), i+len(key)+50)])
			}
		}
	}

	// The sandbox's view: keys only in headers, none on status reads, and
	// the keyed routes did receive them (or the checks above prove nothing).
	statusReads := 0
	for _, r := range sb.Requests() {
		if r.KeyInQuery {
			t.Errorf("%s %s carried a key in the query string", r.Method, r.Path)
		}
		switch r.Route {
		case sandbox.RoutePayGetStatus:
			statusReads++
			if r.KeyInHeader {
				t.Errorf("%s %s carried a key: payment status needs none", r.Method, r.Path)
			}
		case sandbox.RoutePayGetProfile, sandbox.RoutePayGetCreate, sandbox.RoutePayGetCancel, sandbox.RouteMayarList,
			sandbox.RouteMayarProductCreate, sandbox.RouteMayarProductGet, sandbox.RouteMayarProductStatus:
			if !r.KeyInHeader {
				t.Errorf("%s %s carried no key header", r.Method, r.Path)
			}
		}
	}
	// The payment link was created, unlisted, refreshed and closed.
	wantRequests(t, sb, map[sandbox.Route]int{sandbox.RouteMayarProductCreate: 1, sandbox.RouteMayarProductStatus: 2})
	if statusReads == 0 || sb.RequestCount(sandbox.RoutePayGetCancel) != 1 {
		t.Fatalf("the sandbox saw %d status reads and %d cancels, want some and 1", statusReads, sb.RequestCount(sandbox.RoutePayGetCancel))
	}
}

// TLS verification is never turned off in the code that ships: no
// non-test Go file sets InsecureSkipVerify.
func TestSecrets_noInsecureSkipVerify(t *testing.T) {
	root := repoRoot(t)
	checked := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "vendor", "testdata", "node_modules", "dist", "build", "bin":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		checked++
		if bytes.Contains(data, []byte("InsecureSkipVerify")) {
			rel, _ := filepath.Rel(root, path)
			t.Errorf("%s mentions InsecureSkipVerify: TLS verification must never be turned off", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "internal", "client", "transport", "transport.go")); err != nil || checked < 10 {
		t.Fatalf("checked only %d Go files under %s: the walk missed the sources", checked, root)
	}
}

// And in behaviour: a server whose certificate the system does not trust
// is refused before any request reaches it.
func TestAccSecrets_untrustedCertificateRefused(t *testing.T) {
	sb := sandbox.New(sandbox.Options{})
	srv := httptest.NewTLSServer(sb)
	t.Cleanup(srv.Close)
	block := fmt.Sprintf(`provider "indopay" {
  payget {
    api_key  = %q
    base_url = %q
  }
  max_retries = 0
}
`, sandbox.PayGetKey, srv.URL)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      block + "data \"indopay_payget_profile\" \"tls\" {}\n",
			ExpectError: errorText("Unable to read the PayGet profile", "GET /api/profile", "failed to verify certificate"),
		}},
	})
	if n := len(sb.Requests()); n != 0 {
		t.Fatalf("%d requests reached a server with an untrusted certificate", n)
	}
}

// keyEcho answers one path with a body in which KEY stands for the key the
// request carried (x-api-key or the Bearer token); other paths go to the
// sandbox.
type keyEcho struct {
	next   http.Handler
	path   string
	status int // 0: body goes raw on the connection, with no status line or headers
	body   string
}

func (h keyEcho) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != h.path {
		h.next.ServeHTTP(w, r)
		return
	}
	key := r.Header.Get("x-api-key")
	if bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		key = bearer
	}
	// SPLITKEY is the key with an invisible character inside, which a
	// quoted excerpt drops: the key must not come back whole from it.
	body := strings.ReplaceAll(h.body, "SPLITKEY", key[:8]+"\u200b"+key[8:])
	if h.status == 0 {
		// Not HTTP at all: net/http's client quotes such an answer in
		// its error ("malformed HTTP response ...").
		hijacker, ok := w.(http.Hijacker)
		if !ok {
			http.Error(w, "keyEcho needs a connection it can take over", http.StatusInternalServerError)
			return
		}
		conn, _, err := hijacker.Hijack()
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		defer conn.Close()
		_, _ = conn.Write([]byte(strings.ReplaceAll(body, "KEY", key)))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(h.status)
	_, _ = w.Write([]byte(strings.ReplaceAll(body, "KEY", key)))
}

// A server or proxy that echoes the key back must not put it in the
// diagnostics, whole or cut: the clients quote answers they cannot use, and
// must remove the key first.
func TestAccSecrets_keyEchoedInAnswer(t *testing.T) {
	// Quoted excerpts end near 200 bytes: the padding puts the key's start at
	// byte 182, so that it runs across the cut.
	page := "<html><body>" + strings.Repeat("a", 182-len("<html><body>")) + "KEY</body></html>"
	message := strings.Repeat("a", 182) + "KEY"
	cases := []struct {
		name, path string
		status     int
		body       string
		config     string
		summary    string
		key        string
	}{
		{"mayar success answer that cannot be read", "/hl/v2/payments", http.StatusOK,
			`{"statusCode":200,"messages":"success","data":"you sent Bearer KEY"}`,
			"data \"indopay_mayar_payments\" \"echo\" {}\n", "Unable to list Mayar payment requests", sandbox.MayarKey},
		{"mayar proxy page cut inside the key", "/hl/v2/payments", http.StatusBadGateway,
			page,
			"data \"indopay_mayar_payments\" \"echo\" {}\n", "Unable to list Mayar payment requests", sandbox.MayarKey},
		{"mayar message cut inside the key", "/hl/v2/payments", http.StatusForbidden,
			`{"statusCode":403,"messages":"` + message + `"}`,
			"data \"indopay_mayar_payments\" \"echo\" {}\n", "Unable to list Mayar payment requests", sandbox.MayarKey},
		{"payget proxy page cut inside the key", "/api/profile", http.StatusBadGateway,
			page,
			"data \"indopay_payget_profile\" \"echo\" {}\n", "Unable to read the PayGet profile", sandbox.PayGetKey},
		{"payget proxy page with the key split by an invisible character", "/api/profile", http.StatusBadGateway,
			"<html><body>you sent SPLITKEY</body></html>",
			"data \"indopay_payget_profile\" \"echo\" {}\n", "Unable to read the PayGet profile", sandbox.PayGetKey},
		{"mayar proxy page with the key split by an invisible character", "/hl/v2/payments", http.StatusBadGateway,
			"<html><body>you sent Bearer SPLITKEY</body></html>",
			"data \"indopay_mayar_payments\" \"echo\" {}\n", "Unable to list Mayar payment requests", sandbox.MayarKey},
		{"payget answer that is not HTTP, echoing the key", "/api/profile", 0,
			"KEY\r\n\r\n",
			"data \"indopay_payget_profile\" \"echo\" {}\n", "Unable to read the PayGet profile", sandbox.PayGetKey},
		{"mayar answer that is not HTTP, echoing the key", "/hl/v2/payments", 0,
			"KEY\r\n\r\n",
			"data \"indopay_mayar_payments\" \"echo\" {}\n", "Unable to list Mayar payment requests", sandbox.MayarKey},
		{"payget success answer that cannot be read", "/api/profile", http.StatusOK,
			`{"success":true,"profile":{"username":"KEY","level":7,"balance":1}}`,
			"data \"indopay_payget_profile\" \"echo\" {}\n", "Unable to read the PayGet profile", sandbox.PayGetKey},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sb := sandbox.New(sandbox.Options{})
			srv := httptest.NewServer(keyEcho{next: sb, path: tc.path, status: tc.status, body: tc.body})
			t.Cleanup(srv.Close)
			tsb := &testSandbox{Sandbox: sb, URL: srv.URL}
			var failed atomic.Bool
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				// ErrorCheck sees the whole error text, which ExpectError's
				// regular expression cannot search for an absence.
				ErrorCheck: func(err error) error {
					if piece := transporttest.KeyLeak(err.Error(), tc.key); piece != "" {
						return fmt.Errorf("the diagnostics quote %q of the API key:\n%w", piece, err)
					}
					if !errorText(tc.summary, tc.path).MatchString(err.Error()) {
						return err
					}
					failed.Store(true)
					return nil
				},
				Steps: []resource.TestStep{{
					Config: tsb.providerBlock("max_retries=0") + tc.config,
				}},
			})
			if !failed.Load() {
				t.Fatalf("the echoing answer on %s did not fail the plan", tc.path)
			}
		})
	}
}

// Terraform keeps every literal value of a configuration in its plan files,
// sensitive or not. Keys from the environment, or from an ephemeral input
// variable (Terraform 1.10+, OpenTofu 1.11+), stay out of a saved plan: out
// of the plan file's every entry and out of `show -json` of it. A sensitive
// variable that is not ephemeral is the control: its value is in the plan,
// so the search can find a key where there is one.
func TestAccSecrets_notInPlanFile(t *testing.T) {
	skipUnlessAcceptance(t)
	variables := func(ephemeral bool) string {
		var b strings.Builder
		for _, name := range []string{"payget_api_key", "mayar_api_key"} {
			fmt.Fprintf(&b, "variable %q {\n  type      = string\n  sensitive = true\n", name)
			if ephemeral {
				b.WriteString("  ephemeral = true\n")
			}
			b.WriteString("}\n")
		}
		return b.String()
	}
	keysAsVariables := []string{"TF_VAR_payget_api_key=" + sandbox.PayGetKey, "TF_VAR_mayar_api_key=" + sandbox.MayarKey}
	cases := []struct {
		name          string
		variables     string // the configuration's variable blocks
		fromVariables bool   // the provider block sets the keys from the variables
		env           []string
		ephemeral     bool // needs ephemeral input variables
		inPlan        bool // the keys are expected in the plan file
	}{
		{name: "environment variables", env: []string{"PAYGET_API_KEY=" + sandbox.PayGetKey, "MAYAR_API_KEY=" + sandbox.MayarKey}},
		{name: "ephemeral input variables", variables: variables(true), fromVariables: true, env: keysAsVariables, ephemeral: true},
		{name: "sensitive input variables (the control)", variables: variables(false), fromVariables: true, env: keysAsVariables, inPlan: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sb := newTestSandbox(t, sandbox.Options{})
			paygetKey, mayarKey := "", ""
			if tc.fromVariables {
				paygetKey, mayarKey = "    api_key  = var.payget_api_key\n", "    api_key             = var.mayar_api_key\n"
			}
			mainTF := fmt.Sprintf(cliRequiredProviders+`
%[1]sprovider "indopay" {
  payget {
%[2]s    base_url = %[4]q
  }
  mayar {
%[3]s    base_url            = %[4]q
    requests_per_minute = 0
  }
}

data "indopay_payget_profile" "me" {}

data "indopay_mayar_balance" "b" {}

resource "indopay_payget_payment" "topup" {
  amount = 50000
}
`, tc.variables, paygetKey, mayarKey, sb.URL)
			tf := newTerraformCLI(t, mainTF, tc.env...)
			if tc.ephemeral {
				if openTofu, v := cliUnderTest(t); openTofu && v.LessThan(version.Must(version.NewVersion("1.11"))) {
					t.Skipf("OpenTofu %s has no ephemeral input variables (OpenTofu has them from 1.11); the other ways are tested", v)
				}
			}
			tf.run("plan", "-input=false", "-no-color", "-out=tfplan")
			if sb.RequestCount(sandbox.RoutePayGetProfile) == 0 || sb.RequestCount(sandbox.RouteMayarBalance) == 0 {
				t.Fatal("the plan read neither the profile nor the balance: the keys were not used")
			}

			places := planFileEntries(t, filepath.Join(tf.dir, "tfplan"))
			places["terraform show -json tfplan"] = tf.run("show", "-json", "tfplan")
			found := ""
			for where, text := range places {
				for _, key := range []string{sandbox.PayGetKey, sandbox.MayarKey} {
					if strings.Contains(text, key) {
						found += fmt.Sprintf("\n%s holds %s", where, key)
					}
				}
			}
			switch {
			case tc.inPlan && found == "":
				t.Fatalf("the control found no key in the plan file (%d places searched): the search proves nothing", len(places))
			case !tc.inPlan && found != "":
				t.Fatalf("keys in the saved plan:%s", found)
			}
		})
	}
}

// planFileEntries returns the plan file's raw bytes and each of its zip
// entries, uncompressed, by name.
func planFileEntries(t *testing.T, path string) map[string]string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no plan file: %v", err)
	}
	places := map[string]string{"the plan file's bytes": string(raw)}
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatalf("the plan file is not a zip archive: %v", err)
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("%s in the plan file: %v", f.Name, err)
		}
		data, err := io.ReadAll(rc)
		_ = rc.Close()
		if err != nil {
			t.Fatalf("%s in the plan file: %v", f.Name, err)
		}
		places["the plan file's "+f.Name] = string(data)
	}
	if len(zr.File) == 0 {
		t.Fatal("the plan file has no entries")
	}
	return places
}
