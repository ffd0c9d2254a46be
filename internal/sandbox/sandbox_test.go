package sandbox_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"rsc.io/qr"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

func TestFailuresWithHTTP200(t *testing.T) {
	gen := sandbox.GenerateMayarPayments(3, newest) // active, paid, closed
	tests := []struct {
		name    string
		call    call
		status  int    // the native status, without the option
		message string // PayGet's message; "" for Mayar, whose body becomes "failed"
	}{
		{"PayGet no key", call{path: "/api/profile"}, 401, "API Key is required."},
		{"PayGet bad key", call{path: "/api/profile", header: payget("nope")}, 401, "Invalid API Key."},
		{"PayGet bad amount", postPayment(1), 400, "Amount must be between 100 and 5000000."},
		{"PayGet unknown status", call{path: "/api/payment-status/nosuchpayment000"}, 404, "Payment not found."},
		{"PayGet unknown cancel", call{method: http.MethodPost, path: "/api/payment/nosuchpayment000/cancel", header: payget(sandbox.PayGetKey)}, 404, "Payment not found."},
		{"Mayar no key", call{path: "/hl/v2/balances"}, 401, ""},
		{"Mayar read-only create", call{method: http.MethodPost, path: "/hl/v2/payments/create", header: bearer(sandbox.MayarReadOnlyKey), body: validCreate}, 403, ""},
		{"Mayar bad status", call{path: "/hl/v1/payment?status=nope", header: bearer(sandbox.MayarKey)}, 400, ""},
		{"Mayar unknown id", call{path: "/hl/v2/payments/nope", header: bearer(sandbox.MayarKey)}, 404, ""},
		{"Mayar V2 edit of a paid one", call{method: http.MethodPost, path: "/hl/v2/payments/" + gen[1].ID + "/update", header: bearer(sandbox.MayarKey), body: `{"amount":5000}`}, 409, ""},
		{"Mayar V2 close of a closed one", call{method: http.MethodPost, path: "/hl/v2/payments/" + gen[2].ID + "/close", header: bearer(sandbox.MayarKey)}, 200, ""},
		{"Mayar V1 close of a closed one", call{path: "/hl/v1/payment/close/" + gen[2].ID, header: bearer(sandbox.MayarKey)}, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sb, srv := start(t, sandbox.Options{MayarPayments: gen})
			native := do(t, srv, tt.call)
			if native.status != tt.status {
				t.Fatalf("without the option: HTTP %d %s; want %d", native.status, native.body, tt.status)
			}
			sb.SetFailuresWithHTTP200(true)
			r := do(t, srv, tt.call)
			if tt.message != "" {
				wantPayGetFailure(t, r, http.StatusOK, tt.message)
				if !bytes.Equal(r.body, native.body) {
					t.Errorf("body changed: %s; want %s", r.body, native.body)
				}
				return
			}
			if want := `{"statusCode":200,"messages":"failed"}`; r.status != http.StatusOK || string(r.body) != want {
				t.Errorf("HTTP %d %s; want 200 %s", r.status, r.body, want)
			}
		})
	}

	t.Run("successes and faults unchanged", func(t *testing.T) {
		sb, srv := start(t, sandbox.Options{FailuresWithHTTP200: true})
		if r := do(t, srv, postPayment(50000)); r.status != 200 || !strings.Contains(string(r.body), `"success":true`) {
			t.Errorf("create: HTTP %d %s", r.status, r.body)
		}
		sb.InjectFaults(sandbox.RouteAny, sandbox.Fault{Kind: sandbox.Fault503})
		if r := do(t, srv, call{path: "/api/profile", header: payget(sandbox.PayGetKey)}); r.status != 503 {
			t.Errorf("an injected 503 became HTTP %d", r.status)
		}
	})
}

func TestRouting(t *testing.T) {
	tests := []struct {
		method, path string
		route        sandbox.Route
		status       int
		body         string
	}{
		{"GET", "/api/profile", sandbox.RoutePayGetProfile, 200, ""},
		{"POST", "/api/profile", sandbox.RoutePayGetProfile, 405, `{"success":false,"message":"Method not allowed."}`},
		{"GET", "/api/payment", sandbox.RoutePayGetCreate, 405, ""},
		{"GET", "/api/payment/abc/cancel", sandbox.RoutePayGetCancel, 405, ""},
		{"GET", "/api/payment-status/abc", sandbox.RoutePayGetStatus, 404, `{"success":false,"message":"Payment not found."}`},
		{"GET", "/api/payment-status/", "", 404, `{"success":false,"message":"Not found."}`},
		{"GET", "/api/profile/", "", 404, ""},
		{"GET", "/api/nothing", "", 404, ""},
		{"GET", "/hl/v1/payment?status=paid", sandbox.RouteMayarList, 200, ""},
		{"GET", "/hl/v1/payment/create", sandbox.RouteMayarGet, 404, `{"statusCode":404,"messages":"Payment request not found"}`},
		{"DELETE", "/hl/v1/payment/x", sandbox.RouteMayarGet, 404, `{"statusCode":404,"messages":"Not Found"}`},
		{"GET", "/hl/v1/balance", sandbox.RouteMayarBalance, 200, ""},
		{"GET", "/hl/v2/payments", sandbox.RouteMayarList, 200, ""},
		{"GET", "/hl/v2/payments/x/close", sandbox.RouteMayarClose, 404, `{"statusCode":404,"messages":"Not Found"}`},
		{"GET", "/hl/v2/balances", sandbox.RouteMayarBalance, 200, ""},
		{"GET", "/hl/v1/payment/edit", sandbox.RouteMayarGet, 404, `{"statusCode":404,"messages":"Payment request not found"}`},
		{"GET", "/hl/v2/payments/x/update", sandbox.RouteMayarEdit, 404, ""},
		{"GET", "/hl/v1/webhook/register", sandbox.RouteMayarWebhook, 404, ""},
		{"POST", "/hl/v2/webhooks/test", sandbox.RouteMayarWebhookTest, 400, `{"statusCode":400,"messages":"urlHook is required"}`},
		{"GET", "/hl/v3/payments", "", 404, `{"statusCode":404,"messages":"Not Found"}`},
		{"GET", "/hl/v2/products", sandbox.RouteMayarProductList, 200, ""},
		{"GET", "/hl/v2/products/types/event", sandbox.RouteMayarProductList, 200, ""},
		{"GET", "/hl/v2/products/x", sandbox.RouteMayarProductGet, 404, `{"statusCode":404,"messages":"Product not found"}`},
		{"GET", "/hl/v2/products/create", sandbox.RouteMayarProductGet, 404, `{"statusCode":404,"messages":"Product not found"}`},
		{"POST", "/hl/v2/products/create", sandbox.RouteMayarProductCreate, 200, ""},
		{"POST", "/hl/v2/products/payment-link/create", sandbox.RouteMayarProductCreate, 200, ""},
		{"POST", "/hl/v2/products/payment-link/x/update", sandbox.RouteMayarProductEdit, 200, ""},
		{"POST", "/hl/v2/payment-links/x/update", sandbox.RouteMayarProductEdit, 200, ""},
		{"POST", "/hl/v2/products/x/close", sandbox.RouteMayarProductStatus, 404, `{"statusCode":404,"messages":"Product not found"}`},
		{"POST", "/hl/v2/products/x/update", sandbox.RouteMayarProductStatus, 400, `{"statusCode":400,"messages":"update. allowed: active, closed, unlisted"}`},
		// Mayar has no delete: a DELETE is answered as an unknown route.
		{"DELETE", "/hl/v2/products/x", sandbox.RouteMayarProductGet, 404, `{"statusCode":404,"messages":"Not Found"}`},
		{"DELETE", "/hl/v2/payments/x", sandbox.RouteMayarGet, 404, `{"statusCode":404,"messages":"Not Found"}`},
		// V1 has no catalog.
		{"GET", "/hl/v1/products", "", 404, `{"statusCode":404,"messages":"Not Found"}`},
		{"POST", "/hl/v1/products/payment-link/create", "", 404, `{"statusCode":404,"messages":"Not Found"}`},
		{"GET", "/", "", 404, "404 page not found\n"},
	}
	sb, srv := start(t, sandbox.Options{})
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			sb.ResetRequests()
			header := payget(sandbox.PayGetKey)
			if strings.HasPrefix(tt.path, "/hl/") {
				header = bearer(sandbox.MayarKey)
			}
			r := do(t, srv, call{method: tt.method, path: tt.path, header: header})
			if r.status != tt.status || (tt.body != "" && string(r.body) != tt.body) {
				t.Errorf("HTTP %d %q; want %d %q", r.status, r.body, tt.status, tt.body)
			}
			if r.status == 405 && r.header.Get("Allow") == "" {
				t.Error("405 without Allow")
			}
			if reqs := sb.Requests(); len(reqs) != 1 || reqs[0].Route != tt.route {
				t.Errorf("logged %+v; want route %q", reqs, tt.route)
			}
		})
	}
}

func TestRequestLog(t *testing.T) {
	sb, srv := start(t, sandbox.Options{})
	before := sb.Now()
	do(t, srv, call{path: "/api/profile?apiKey=" + sandbox.PayGetKey + "&x=1"})
	do(t, srv, call{path: "/api/profile", header: payget(sandbox.PayGetKey)})
	do(t, srv, call{path: "/hl/v2/payments?limit=5", header: bearer(sandbox.MayarKey)})
	do(t, srv, call{path: "/api/payment-status/abc"})

	reqs := sb.Requests()
	want := []sandbox.Request{
		{Route: sandbox.RoutePayGetProfile, Method: "GET", Path: "/api/profile", RawQuery: "apiKey=" + sandbox.PayGetKey + "&x=1", KeyInQuery: true, Status: 200},
		{Route: sandbox.RoutePayGetProfile, Method: "GET", Path: "/api/profile", KeyInHeader: true, Status: 200},
		{Route: sandbox.RouteMayarList, Method: "GET", Path: "/hl/v2/payments", RawQuery: "limit=5", KeyInHeader: true, Status: 200},
		{Route: sandbox.RoutePayGetStatus, Method: "GET", Path: "/api/payment-status/abc", Status: 404},
	}
	if len(reqs) != len(want) {
		t.Fatalf("%d requests logged; want %d", len(reqs), len(want))
	}
	for i := range want {
		got := reqs[i]
		if got.At.Before(before) || got.At.After(sb.Now()) {
			t.Errorf("request %d at %v, outside the test", i, got.At)
		}
		got.At = time.Time{}
		if got != want[i] {
			t.Errorf("request %d: %+v;\nwant %+v", i, got, want[i])
		}
	}
	if n := sb.RequestCount(sandbox.RoutePayGetProfile); n != 2 {
		t.Errorf("RequestCount(profile) %d; want 2", n)
	}
	if n := sb.RequestCount(sandbox.RouteAny); n != 4 {
		t.Errorf("RequestCount(any) %d; want 4", n)
	}
	reqs[0].Path = "changed"
	if sb.Requests()[0].Path != "/api/profile" {
		t.Error("Requests returned the log itself, not a copy")
	}
	sb.ResetRequests()
	if n := len(sb.Requests()); n != 0 {
		t.Errorf("%d requests after ResetRequests", n)
	}
}

func TestClock(t *testing.T) {
	sb := sandbox.New(sandbox.Options{})
	wall := time.Now()
	sb.Advance(time.Hour)
	if d := sb.Now().Sub(wall); d < time.Hour {
		t.Errorf("Now is %v past the real time after Advance(1h)", d)
	}
}

// tlvs splits an EMVCo payload into its top-level fields.
func tlvs(t *testing.T, s string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for len(s) > 0 {
		if len(s) < 4 {
			t.Fatalf("payload ends in a partial field: %q", s)
		}
		n, err := strconv.Atoi(s[2:4])
		if err != nil || len(s) < 4+n {
			t.Fatalf("bad field length in %q", s)
		}
		out[s[:2]] = s[4 : 4+n]
		s = s[4+n:]
	}
	return out
}

// crc16 is CRC-16/CCITT-FALSE, computed here independently of the sandbox.
func crc16(data string) uint16 {
	crc := uint16(0xFFFF)
	for _, b := range []byte(data) {
		for i := 7; i >= 0; i-- {
			bit := (b>>uint(i))&1 == 1
			top := crc&0x8000 != 0
			crc <<= 1
			if bit != top {
				crc ^= 0x1021
			}
		}
	}
	return crc
}

func TestQRCode(t *testing.T) {
	if got := crc16("123456789"); got != 0x29B1 {
		t.Fatalf("the test's CRC is wrong: %04X", got)
	}
	sb, srv := start(t, sandbox.Options{})
	c := create(t, do(t, srv, postPayment(1234500)), sandbox.ShapeA)

	payload := sandbox.QRISPayload(c.id, 1234500)
	fields := tlvs(t, payload)
	if fields["54"] != "1234500" || fields["53"] != "360" || fields["58"] != "ID" || fields["01"] != "12" {
		t.Errorf("payload fields %v", fields)
	}
	if extra := tlvs(t, fields["62"]); extra["05"] != c.id {
		t.Errorf("reference label %q; want the payment id %q", extra["05"], c.id)
	}
	if want := fmt.Sprintf("%04X", crc16(payload[:len(payload)-4])); fields["63"] != want {
		t.Errorf("CRC %s; want %s", fields["63"], want)
	}

	const prefix = "data:image/png;base64,"
	if !strings.HasPrefix(c.qrCode, prefix) {
		t.Fatalf("qrCode %.40q is not a PNG data URI", c.qrCode)
	}
	data, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(c.qrCode, prefix))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	b := img.Bounds()
	if b.Dx() == 0 || b.Dx() != b.Dy() {
		t.Fatalf("image %v; want a non-empty square", b)
	}

	// Read the modules back from the pixels and compare them with a QR code
	// of the expected payload: the PNG carries exactly that text.
	code, err := qr.Encode(payload, qr.M)
	if err != nil {
		t.Fatal(err)
	}
	const quiet = 4 // modules of white border on each side
	scale := b.Dx() / (code.Size + 2*quiet)
	if scale < 1 || b.Dx() != scale*(code.Size+2*quiet) {
		t.Fatalf("image %dpx wide does not fit %d modules and the quiet zone", b.Dx(), code.Size)
	}
	black := func(x, y int) bool {
		px := img.At(b.Min.X+(x+quiet)*scale+scale/2, b.Min.Y+(y+quiet)*scale+scale/2)
		gray, ok := color.GrayModel.Convert(px).(color.Gray)
		return ok && gray.Y < 128
	}
	for y := -quiet; y < code.Size+quiet; y++ {
		for x := -quiet; x < code.Size+quiet; x++ {
			if black(x, y) != code.Black(x, y) {
				t.Fatalf("module (%d,%d) differs from the QR code of %q", x, y, payload)
			}
		}
	}
	if p, _ := sb.PayGetPayment(c.id); p.QRCode != c.qrCode {
		t.Error("stored QR code differs from the answer")
	}
}

func TestPaymentIDsAreRandom(t *testing.T) {
	sb := sandbox.New(sandbox.Options{})
	seen := map[string]bool{}
	for range 200 {
		p, err := sb.CreatePayGetPayment(sandbox.PayGetKey, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if !paymentID.MatchString(p.ID) || seen[p.ID] {
			t.Fatalf("id %q: want 16 lowercase alphanumerics, never repeated", p.ID)
		}
		seen[p.ID] = true
	}
}

// TestConcurrentUse runs every kind of call at once; with -race it proves
// the sandbox's locking.
func TestConcurrentUse(t *testing.T) {
	sb, srv := start(t, sandbox.Options{MayarPayments: sandbox.GenerateMayarPayments(30, newest), MayarRateLimit: 1000})
	var wg sync.WaitGroup
	const workers = 8
	for w := range workers {
		wg.Go(func() {
			// t.Fatal must not run outside the test goroutine: errors are
			// reported and the worker stops.
			get := func(c call) []byte {
				resp, err := send(t.Context(), srv, c)
				if err != nil {
					t.Error(err)
					return nil
				}
				defer resp.Body.Close()
				var buf bytes.Buffer
				_, _ = buf.ReadFrom(resp.Body)
				return buf.Bytes()
			}
			for i := range 5 {
				var a shapeA
				if err := json.Unmarshal(get(postPayment(int64(1000+w*10+i))), &a); err != nil {
					t.Error(err)
					return
				}
				get(call{path: "/api/payment-status/" + a.PaymentID})
				get(call{method: http.MethodPost, path: "/api/payment/" + a.PaymentID + "/cancel", header: payget(sandbox.PayGetKey)})
				get(call{path: "/hl/v2/payments?limit=7", header: bearer(sandbox.MayarKey)})
				// Each create differs: the duplicate guard refuses the same
				// one twice within a minute.
				get(call{method: http.MethodPost, path: "/hl/v1/payment/create", header: bearer(sandbox.MayarKey),
					body: fmt.Sprintf(`{"name":"Kopi %d-%d","email":"a@b.id","amount":1000}`, w, i)})
			}
		})
		wg.Go(func() {
			for range 5 {
				sb.Advance(time.Second)
				sb.SetPayGetShape(sandbox.Shape(w % 2))
				sb.SetMayarPageCap(5 + w)
				_ = sb.PayGetPayments()
				_ = sb.MayarPayments()
				_ = sb.Requests()
				_ = sb.RequestCount(sandbox.RouteAny)
				sb.InjectFaults(sandbox.RouteMayarBalance, sandbox.Fault{Kind: sandbox.Fault503})
				_ = sb.PendingFaults(sandbox.RouteMayarBalance)
			}
		})
	}
	wg.Wait()
	if n := len(sb.PayGetPayments()); n != workers*5 {
		t.Errorf("%d PayGet payments; want %d", n, workers*5)
	}
	if n := len(sb.MayarPayments()); n != 30+workers*5 {
		t.Errorf("%d Mayar payment requests; want %d", n, 30+workers*5)
	}
	if n := sb.RequestCount(sandbox.RouteAny); n != workers*5*5 {
		t.Errorf("%d requests logged; want %d", n, workers*5*5)
	}
}

func TestOnRequestRunsBeforeHandling(t *testing.T) {
	sb := sandbox.New(sandbox.Options{})
	srv := httptest.NewServer(sb)
	defer srv.Close()
	p, err := sb.CreatePayGetPayment(sandbox.PayGetKey, 1000)
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	sb.OnRequest(sandbox.RoutePayGetStatus, func() {
		calls++
		if err := sb.SetPayGetPaymentStatus(p.ID, "Success"); err != nil {
			t.Error(err)
		}
	})
	resp, err := http.Get(srv.URL + "/api/payment-status/" + p.ID)
	if err != nil {
		t.Fatal(err)
	}
	var body struct{ Status string }
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if calls != 1 || body.Status != "Success" {
		t.Fatalf("hook ran %d times and the answer said %q; want 1 and Success", calls, body.Status)
	}
	sb.OnRequest(sandbox.RoutePayGetStatus, nil)
	if _, err := http.Get(srv.URL + "/api/payment-status/" + p.ID); err != nil {
		t.Fatal(err)
	}
	if calls != 1 {
		t.Fatalf("a removed hook ran again")
	}
}
