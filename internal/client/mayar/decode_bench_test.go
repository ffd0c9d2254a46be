package mayar

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// BenchmarkDecodePage decodes one full page of 100 payment requests, as the
// emulator answers it, from the body's bytes to []Payment: the envelope
// check and every item's fields. It is the client's CPU cost per page,
// apart from the network; a 5,000-item listing decodes 50 of them on V1
// (the emulator serves 100 a page), or 100 pages of 50 on V2.
func BenchmarkDecodePage(b *testing.B) {
	// 300 generated items are 100 of each status (they cycle), so the V1
	// page of one status and the V2 page of all are both exactly 100 items
	// of the same mix of null fields, HTML and non-ASCII text.
	sb := sandbox.New(sandbox.Options{
		MayarPayments: sandbox.GenerateMayarPayments(300, time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)),
	})
	b.Run("v1", func(b *testing.B) {
		body := recordPage(b, sb, "/hl/v1/payment?status=paid&page=1&pageSize=100")
		benchmarkDecode(b, body, func(resp *transport.Response) (int, error) {
			pg := newV1Page(2, 100) // decoded as the pages after the first, whose size is known
			if apiErr, _ := readAnswer("GET page", resp, pg); apiErr != nil {
				return 0, apiErr
			}
			err := pg.read()
			return len(pg.items), err
		})
	})
	b.Run("v2", func(b *testing.B) {
		body := recordPage(b, sb, "/hl/v2/payments?limit=100")
		benchmarkDecode(b, body, func(resp *transport.Response) (int, error) {
			pg := newCursorPage[paymentJSON](100)
			if apiErr, _ := readAnswer("GET page", resp, pg); apiErr != nil {
				return 0, apiErr
			}
			items, _, _, err := readCursorPage(pg, (*paymentJSON).payment)
			return len(items), err
		})
	})
}

// benchmarkDecode times decode, the whole decoding of an answer of body.
func benchmarkDecode(b *testing.B, body []byte, decode func(*transport.Response) (int, error)) {
	resp := &transport.Response{StatusCode: http.StatusOK, Body: body, Attempts: 1}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		n, err := decode(resp)
		if err != nil {
			b.Fatal(err)
		}
		if n != 100 {
			b.Fatalf("decoded %d items, want 100", n)
		}
	}
}

// recordPage is the emulator's answer to one listing request.
func recordPage(b *testing.B, h http.Handler, uri string) []byte {
	req := httptest.NewRequest(http.MethodGet, uri, nil)
	req.Header.Set("Authorization", "Bearer "+sandbox.MayarKey)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("GET %s: the sandbox answered %d: %s", uri, rec.Code, rec.Body)
	}
	return rec.Body.Bytes()
}
