package mayar_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

// fxKey is long and random-looking, as real keys are, so that finding any
// 12 characters of it in an error is a leak and never a coincidence.
const fxKey = "mayar_live_Vb3Kq8Zr1Mx6Tn4Wc9Hd2Lf7Ps0Ga"

// fxKeyPlaceholder in a fuzzed body is replaced by the key: the answer of a
// server (or proxy) that echoes the key it was sent.
const fxKeyPlaceholder = "KEY"

// fxMaxItems bounds every fuzzed listing, so that an answer claiming
// thousands of pages costs a few requests.
const fxMaxItems = 3

// fxSplitPlaceholder stands for the key with a NUL inside: a quoted
// excerpt drops control characters, and must not glue the key back.
const fxSplitPlaceholder = "SPLITKEY"

// fxEcho puts the key, whole or split, where the body has a placeholder.
func fxEcho(body []byte) []byte {
	body = bytes.ReplaceAll(body, []byte(fxSplitPlaceholder), []byte(fxKey[:10]+"\x00"+fxKey[10:]))
	return bytes.ReplaceAll(body, []byte(fxKeyPlaceholder), []byte(fxKey))
}

// fxServer answers every request with one status and body, and records
// what it was sent.
type fxServer struct {
	mu       sync.Mutex
	status   int
	body     []byte
	requests int
	misuse   []string
}

func (s *fxServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	status, body := s.status, s.body
	s.requests++
	if r.URL.Query().Has("apiKey") || strings.Contains(r.URL.RawQuery, fxKey) {
		s.misuse = append(s.misuse, "key in the query of "+r.URL.Path)
	}
	if r.Header.Get("Authorization") != "Bearer "+fxKey {
		s.misuse = append(s.misuse, "no Bearer key on "+r.URL.Path)
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func (s *fxServer) set(status int, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status, s.body, s.requests, s.misuse = status, body, 0, nil
}

// fxLeak returns the part of the key found in text, if 12 characters or
// more of it are: a key cut at an excerpt's end leaks what precedes the cut.
func fxLeak(text, key string) string {
	const window = 12
	for i := 0; i+window <= len(key); i++ {
		if strings.Contains(text, key[i:i+window]) {
			return key[i : i+window]
		}
	}
	return ""
}

// fxStatus maps any int to a status a server can send: 200..599 as they
// are, anything else into that range.
func fxStatus(n int) int {
	if n >= 200 && n <= 599 {
		return n
	}
	if n < 0 {
		n = -(n + 1)
	}
	return 200 + n%400
}

// FuzzClientAnswer answers every Mayar call, V1 and V2 listings and the
// balance, with any status and body, the key echoed wherever the body says
// KEY. Whatever comes back: no panic; no error quotes the key or a piece
// of it; the key goes only in the Authorization header; a listing stops
// within a bounded number of requests; listed payments have an id, at most
// MaxItems of them.
func FuzzClientAnswer(f *testing.F) {
	for _, seed := range []struct {
		status int
		body   string
	}{
		{200, `{"statusCode":200,"messages":"success","hasMore":false,"pageCount":1,"pageSize":10,"page":1,"total":1,"data":[{"id":"abbf58dc-1d5a-4a1b-8a4f-2f1d1c8b7a01","amount":1000,"category":null,"createdAt":1685960215853,"description":"<p>Tagihan</p>\n","link":"penagihan-1","type":"payment_request","status":"paid","name":"Penagihan","limit":null,"redirectUrl":null,"installmentId":null,"event":null,"order":null,"coverImageId":null,"multipleImageId":null,"coverImage":null,"multipleImage":null}]}`},
		{200, `{"statusCode":200,"messages":"success","hasMore":true,"pageCount":100000,"pageSize":1,"page":1,"data":[{"id":"a","createdAt":1}]}`},
		{200, `{"statusCode":200,"messages":"success","hasMore":true,"nextStartingAfter":"a","data":[{"id":"a","createdAt":1}]}`},
		{200, `{"statusCode":200,"messages":"success","hasMore":true,"nextStartingAfter":"","data":[]}`},
		{200, `{"statusCode":200,"messages":"success","data":{"balanceActive":1250000,"balancePending":350000,"balance":1600000}}`},
		{200, `{"statusCode":200,"messages":"failed"}`},
		{401, `{"statusCode":401,"messages":"Unauthorized"}`},
		{429, `{"statusCode":429,"messages":"Too Many Requests"}`},
		{400, `{"statusCode":400,"messages":"pageSize must be a number"}`},
		{503, `{"statusCode":503,"messages":"Service Unavailable"}`},
		{502, "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>"},
		{200, `{"statusCode":200,"messages":"success","hasMo`},
		{200, ""},
		{200, "null"},
		{200, `{"statusCode":200,"messages":"success","data":null,"pageCount":1e400}`},
		{200, `{"statusCode":200,"messages":"success","data":[{"id":"a","createdAt":-9223372036854775808,"amount":9223372036854775807,"limit":1e999}]}`},
		{200, `{"statusCode":"200","messages":["success"],"data":{}}`},
		{200, "{\"statusCode\":200,\"messages\":\"success\",\"data\":[{\"id\":\"\xff\xfe\",\"name\":\"\x00\"}]}"},
		{401, `{"statusCode":401,"messages":"Unauthorized: Bearer KEY"}`},
		{200, `{"statusCode":200,"messages":"success","data":"you sent Bearer KEY"}`},
		{200, `{"statusCode":200,"messages":"success","data":{"balanceActive":"KEY"}}`},
		{200, `{"statusCode":200,"messages":"success","hasMore":true,"nextStartingAfter":"KEY","data":[]}`},
		{502, "<html><body>" + strings.Repeat("a", 165) + "KEY</body></html>"},
		{502, "<html><body>Authorization: Bearer SPLITKEY</body></html>"},
		{403, `{"statusCode":403,"messages":"` + strings.Repeat("m", 175) + `KEY"}`},
	} {
		f.Add(seed.status, []byte(seed.body))
	}
	srv := &fxServer{}
	hs := httptest.NewServer(srv)
	f.Cleanup(hs.Close)
	tc, err := transport.New(transport.Config{
		BaseURL:      hs.URL,
		Timeout:      5 * time.Second,
		MaxRetries:   1,
		RetryWaitMin: time.Nanosecond,
		RetryWaitMax: time.Nanosecond,
		Secrets:      []string{fxKey}, // as the provider configures it: the transport redacts the key
	})
	if err != nil {
		f.Fatal(err)
	}
	clients := []*mayar.Client{mayar.New(tc, fxKey, mayar.V1), mayar.New(tc, fxKey, mayar.V2)}

	f.Fuzz(func(t *testing.T, status int, body []byte) {
		status = fxStatus(status)
		srv.set(status, fxEcho(body))
		ctx := context.Background()
		var errs []error
		for _, c := range clients {
			res, err := c.ListPayments(ctx, mayar.ListOptions{MaxItems: fxMaxItems})
			errs = append(errs, err)
			if err == nil {
				if len(res.Payments) > fxMaxItems {
					t.Fatalf("%d payments listed, MaxItems %d", len(res.Payments), fxMaxItems)
				}
				for _, p := range res.Payments {
					if p.ID == "" {
						t.Fatalf("a payment without id: %+v", p)
					}
				}
			}
			_, err = c.Balance(ctx)
			errs = append(errs, err)
		}
		srv.mu.Lock()
		requests, misuse := srv.requests, srv.misuse
		srv.mu.Unlock()
		// V1 lists up to three statuses of up to 1+MaxItems pages, V2 up to
		// MaxItems pages, each retried once, plus two balances.
		if limit := 2 * (3*(1+fxMaxItems) + fxMaxItems + 2); requests > limit {
			t.Fatalf("%d requests for two bounded listings and two balances, want at most %d", requests, limit)
		}
		if len(misuse) > 0 {
			t.Fatalf("the key went where it must not: %v", misuse[0])
		}
		for _, err := range errs {
			if err == nil {
				continue
			}
			if leak := fxLeak(err.Error(), fxKey); leak != "" {
				t.Fatalf("the error quotes %q of the key: %v", leak, err)
			}
		}
	})
}
