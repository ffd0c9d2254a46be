package mayar_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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
// what it was sent. Each fuzz iteration is a round: set starts one and
// returns the context its calls must use, whose requests fxTagger marks
// with the round. A request cancelled by its client (the rest of a V1
// listing once a page failed) may already be written to the socket; the
// server still reads and serves it, possibly during a later round when
// the machine is busy. Such a request is counted as late, never against
// the round it lands in: its client had already closed the connection and
// returned.
type fxServer struct {
	mu       sync.Mutex
	status   int
	body     []byte
	round    int64
	requests int // of the current round
	late     int // of earlier rounds, served during this one
	misuse   []string
}

// fxRoundHeader carries the round a request was sent in.
const fxRoundHeader = "X-Fuzz-Round"

type fxRoundKey struct{}

func (s *fxServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	status, body := s.status, s.body
	if r.Header.Get(fxRoundHeader) == strconv.FormatInt(s.round, 10) {
		s.requests++
	} else {
		s.late++
	}
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

// set starts a round answered with status and body, and returns the
// context for its calls.
func (s *fxServer) set(status int, body []byte) context.Context {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.round++
	s.status, s.body, s.requests, s.late, s.misuse = status, body, 0, 0, nil
	return context.WithValue(context.Background(), fxRoundKey{}, s.round)
}

// fxTagger is the HTTP transport under the client's: it marks each attempt
// with its round and knows which attempts are still under way, so that a
// round can check that its calls left nothing behind. An attempt that
// starts after its round ended is sent by a call that had returned, and is
// misuse.
type fxTagger struct {
	srv      *fxServer
	next     http.RoundTripper
	inFlight atomic.Int64
}

func (t *fxTagger) RoundTrip(req *http.Request) (*http.Response, error) {
	round, ok := req.Context().Value(fxRoundKey{}).(int64)
	t.srv.mu.Lock()
	if !ok || round != t.srv.round {
		t.srv.misuse = append(t.srv.misuse, fmt.Sprintf("an attempt of round %d started in round %d: its call had returned", round, t.srv.round))
	}
	t.srv.mu.Unlock()
	req = req.Clone(req.Context())
	req.Header.Set(fxRoundHeader, strconv.FormatInt(round, 10))
	t.inFlight.Add(1)
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		t.inFlight.Add(-1)
		return nil, err
	}
	resp.Body = &fxBody{ReadCloser: resp.Body, done: func() { t.inFlight.Add(-1) }}
	return resp, nil
}

// fxBody ends its attempt when closed.
type fxBody struct {
	io.ReadCloser
	once sync.Once
	done func()
}

func (b *fxBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.done)
	return err
}

// fxClient is a transport client for srv, served by hs, with one quick
// retry and its attempts tagged by round.
func fxClient(f *testing.F, srv *fxServer, hs *httptest.Server) (*transport.Client, *fxTagger) {
	pooled := &http.Transport{MaxIdleConnsPerHost: 16} // as the transport package's own pool
	f.Cleanup(pooled.CloseIdleConnections)
	tagger := &fxTagger{srv: srv, next: pooled}
	tc, err := transport.New(transport.Config{
		BaseURL:      hs.URL,
		Timeout:      5 * time.Second,
		MaxRetries:   1,
		RetryWaitMin: time.Nanosecond,
		RetryWaitMax: time.Nanosecond,
		HTTPClient:   &http.Client{Transport: tagger},
		Secrets:      []string{fxKey}, // as the provider configures it: the transport redacts the key
	})
	if err != nil {
		f.Fatal(err)
	}
	return tc, tagger
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
	tc, tagger := fxClient(f, srv, hs)
	clients := []*mayar.Client{mayar.New(tc, fxKey, mayar.V1), mayar.New(tc, fxKey, mayar.V2)}

	f.Fuzz(func(t *testing.T, status int, body []byte) {
		status = fxStatus(status)
		ctx := srv.set(status, fxEcho(body))
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
		if n := tagger.inFlight.Load(); n != 0 {
			t.Fatalf("%d attempts still under way after every call returned", n)
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
