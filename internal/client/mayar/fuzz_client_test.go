package mayar_test

import (
	"bytes"
	"context"
	"errors"
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

// fuzzKey is long and random-looking, as real keys are, so that finding any
// 12 characters of it in an error is a leak and never a coincidence.
const fuzzKey = "mayar_live_Vb3Kq8Zr1Mx6Tn4Wc9Hd2Lf7Ps0Ga"

// keyPlaceholder in a fuzzed body is replaced by the key: the answer of a
// server (or proxy) that echoes the key it was sent.
const keyPlaceholder = "KEY"

// fuzzMaxItems bounds every fuzzed listing, so that an answer claiming
// thousands of pages costs a few requests.
const fuzzMaxItems = 3

// splitKeyPlaceholder stands for the key with a NUL inside: a quoted
// excerpt drops control characters, and must not glue the key back.
const splitKeyPlaceholder = "SPLITKEY"

// echoKey puts the key, whole or split, where the body has a placeholder.
func echoKey(body []byte) []byte {
	body = bytes.ReplaceAll(body, []byte(splitKeyPlaceholder), []byte(fuzzKey[:10]+"\x00"+fuzzKey[10:]))
	return bytes.ReplaceAll(body, []byte(keyPlaceholder), []byte(fuzzKey))
}

// roundServer answers every request with one status and body, and records
// what it was sent. Each fuzz iteration is a round: set starts one and
// returns the context its calls must use, whose requests roundTagger marks
// with the round. A request cancelled by its client (the rest of a V1
// listing once a page failed) may already be written to the socket; the
// server still reads and serves it, possibly during a later round when
// the machine is busy. Such a request is counted as late, never against
// the round it lands in: its client had already closed the connection and
// returned.
type roundServer struct {
	mu       sync.Mutex
	status   int
	body     []byte
	round    int64
	requests int // of the current round
	late     int // of earlier rounds, served during this one
	misuse   []string
}

// roundHeader carries the round a request was sent in.
const roundHeader = "X-Fuzz-Round"

type roundKey struct{}

func (s *roundServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	status, body := s.status, s.body
	if r.Header.Get(roundHeader) == strconv.FormatInt(s.round, 10) {
		s.requests++
	} else {
		s.late++
	}
	if r.URL.Query().Has("apiKey") || strings.Contains(r.URL.RawQuery, fuzzKey) {
		s.misuse = append(s.misuse, "key in the query of "+r.URL.Path)
	}
	if r.Header.Get("Authorization") != "Bearer "+fuzzKey {
		s.misuse = append(s.misuse, "no Bearer key on "+r.URL.Path)
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// set starts a round answered with status and body, and returns the
// context for its calls.
func (s *roundServer) set(status int, body []byte) context.Context {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.round++
	s.status, s.body, s.requests, s.late, s.misuse = status, body, 0, 0, nil
	return context.WithValue(context.Background(), roundKey{}, s.round)
}

// sent is how many requests of the current round the server has had.
func (s *roundServer) sent() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// checkRound fails t when the round sent more than limit requests, or the
// key anywhere but in the Authorization header.
func (s *roundServer) checkRound(t *testing.T, limit int) {
	s.mu.Lock()
	requests, misuse := s.requests, s.misuse
	s.mu.Unlock()
	if requests > limit {
		t.Fatalf("%d requests, want at most %d", requests, limit)
	}
	if len(misuse) > 0 {
		t.Fatalf("the key went where it must not: %v", misuse[0])
	}
}

// checkNoKey fails t when an error quotes the key or a piece of it.
func checkNoKey(t *testing.T, errs []error) {
	for _, err := range errs {
		if err == nil {
			continue
		}
		if leak := keyLeak(err.Error(), fuzzKey); leak != "" {
			t.Fatalf("the error quotes %q of the key: %v", leak, err)
		}
	}
}

// roundTagger is the HTTP transport under the client's: it marks each attempt
// with its round and knows which attempts are still under way, so that a
// round can check that its calls left nothing behind. An attempt that
// starts after its round ended is sent by a call that had returned, and is
// misuse.
type roundTagger struct {
	srv      *roundServer
	next     http.RoundTripper
	inFlight atomic.Int64
}

func (t *roundTagger) RoundTrip(req *http.Request) (*http.Response, error) {
	round, ok := req.Context().Value(roundKey{}).(int64)
	t.srv.mu.Lock()
	if !ok || round != t.srv.round {
		t.srv.misuse = append(t.srv.misuse, fmt.Sprintf("an attempt of round %d started in round %d: its call had returned", round, t.srv.round))
	}
	t.srv.mu.Unlock()
	req = req.Clone(req.Context())
	req.Header.Set(roundHeader, strconv.FormatInt(round, 10))
	t.inFlight.Add(1)
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		t.inFlight.Add(-1)
		return nil, err
	}
	resp.Body = &attemptBody{ReadCloser: resp.Body, done: func() { t.inFlight.Add(-1) }}
	return resp, nil
}

// attemptBody ends its attempt when closed.
type attemptBody struct {
	io.ReadCloser
	once sync.Once
	done func()
}

func (b *attemptBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.done)
	return err
}

// roundClients starts a roundServer and returns it with a V1 and a V2
// client of it, with one quick retry and their attempts tagged by round.
func roundClients(f *testing.F) (*roundServer, *roundTagger, []*mayar.Client) {
	srv := &roundServer{}
	hs := httptest.NewServer(srv)
	f.Cleanup(hs.Close)
	pooled := &http.Transport{MaxIdleConnsPerHost: 16} // as the transport package's own pool
	f.Cleanup(pooled.CloseIdleConnections)
	tagger := &roundTagger{srv: srv, next: pooled}
	tc, err := transport.New(transport.Config{
		BaseURL:      hs.URL,
		Timeout:      5 * time.Second,
		MaxRetries:   1,
		RetryWaitMin: time.Nanosecond,
		RetryWaitMax: time.Nanosecond,
		HTTPClient:   &http.Client{Transport: tagger},
		Secrets:      []string{fuzzKey}, // as the provider configures it: the transport redacts the key
	})
	if err != nil {
		f.Fatal(err)
	}
	return srv, tagger, []*mayar.Client{mayar.New(tc, fuzzKey, mayar.V1), mayar.New(tc, fuzzKey, mayar.V2)}
}

// keyLeak returns the part of the key found in text, if 12 characters or
// more of it are: a key cut at an excerpt's end leaks what precedes the cut.
func keyLeak(text, key string) string {
	const window = 12
	for i := 0; i+window <= len(key); i++ {
		if strings.Contains(text, key[i:i+window]) {
			return key[i : i+window]
		}
	}
	return ""
}

// anyStatus maps any int to a status a server can send: 200..599 as they
// are, anything else into that range.
func anyStatus(n int) int {
	if n >= 200 && n <= 599 {
		return n
	}
	if n < 0 {
		n = -(n + 1)
	}
	return 200 + n%400
}

// FuzzClientAnswer answers every Mayar listing (payment requests on V1
// and V2, products on V2) and the balance, with any status and body, the key echoed wherever the body says
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
	srv, tagger, clients := roundClients(f)

	f.Fuzz(func(t *testing.T, status int, body []byte) {
		status = anyStatus(status)
		ctx := srv.set(status, echoKey(body))
		var errs []error
		for _, c := range clients {
			res, err := c.ListPayments(ctx, mayar.ListOptions{MaxItems: fuzzMaxItems})
			errs = append(errs, err)
			if err == nil {
				if len(res.Payments) > fuzzMaxItems {
					t.Fatalf("%d payments listed, MaxItems %d", len(res.Payments), fuzzMaxItems)
				}
				for _, p := range res.Payments {
					if p.ID == "" {
						t.Fatalf("a payment without id: %+v", p)
					}
				}
			}
			_, err = c.Balance(ctx)
			errs = append(errs, err)
			products, err := c.ListProducts(ctx, mayar.ProductListOptions{MaxItems: fuzzMaxItems})
			errs = append(errs, err)
			if err == nil && len(products.Products) > fuzzMaxItems {
				t.Fatalf("%d products listed, MaxItems %d", len(products.Products), fuzzMaxItems)
			}
			if c.Version() == mayar.V1 && !errors.Is(err, mayar.ErrV2Only) {
				t.Fatalf("a V1 product listing: %v", err)
			}
		}
		if n := tagger.inFlight.Load(); n != 0 {
			t.Fatalf("%d attempts still under way after every call returned", n)
		}
		// V1 lists up to three statuses of up to 1+MaxItems pages, V2
		// payment requests and products up to MaxItems pages each, each
		// retried once, plus two balances.
		srv.checkRound(t, 2*(3*(1+fuzzMaxItems)+2*fuzzMaxItems+2))
		checkNoKey(t, errs)
	})
}

// FuzzWriteAnswer answers every call of the write side (payment requests:
// create, read, edit, close, reopen; the webhook: set and test; payment
// links: create, read, edit, set a status), V1 and V2, with any status and
// body, the key echoed wherever the body says KEY. Whatever comes back: no
// panic; each create is sent exactly once; no error quotes the key or a
// piece of it; the key goes only in the Authorization header; what was
// created has an id and what was read is what was asked for; V1 sends
// nothing for a product.
func FuzzWriteAnswer(f *testing.F) {
	for _, seed := range []struct {
		status int
		body   string
	}{
		{200, `{"statusCode":200,"messages":"success","data":{"id":"6f8c19ff-5b97-4792-aa89-d2a12797b356","transactionId":"a1b2c3d4-e5f6-7890-abcd-ef1234567890","link":"https://shop.myr.id/pl/rqp9x2k7m3a"}}`},
		{200, `{"statusCode":200,"messages":"success","data":{"id":"6f8c19ff-5b97-4792-aa89-d2a12797b356","name":"Penagihan","amount":1000,"status":"active","link":"rqp","linkUrl":"https://shop.myr.id/pl/rqp","type":"payment_request","transactions":[]}}`},
		{200, `{"statusCode":200,"messages":"success"}`},
		{200, `{"statusCode":200,"messages":"failed"}`},
		{404, `{"statusCode":404,"messages":"Payment not found"}`},
		{409, `{"statusCode":409,"messages":"Transaction already paid. Cannot edit payment request."}`},
		{429, `{"statusCode":429,"messages":"Duplicate request detected. Please wait 1 minute before trying again."}`},
		{429, `{"statusCode":429,"messages":"Too Many Requests"}`},
		{400, `{"statusCode":400,"messages":"urlHook is not a valid URL"}`},
		{503, `{"statusCode":503,"messages":"Service Unavailable"}`},
		{200, `{"statusCode":200,"messages":"success","data":{"id":"KEY","link":"KEY"}}`},
		{200, `{"statusCode":200,"messages":"success","data":{"id":"6f8c19ff-5b97-4792-aa89-d2a12797b356","name":"SPLITKEY","amount":"KEY"}}`},
		{409, `{"statusCode":409,"messages":"` + strings.Repeat("m", 175) + `KEY"}`},
		{200, `{"statusCode":200,"messages":"success","da`},
	} {
		f.Add(seed.status, []byte(seed.body))
	}
	srv, tagger, clients := roundClients(f)
	const id = "6f8c19ff-5b97-4792-aa89-d2a12797b356"
	desc := "<p>x</p>"
	in := mayar.PaymentRequestInput{Name: "Kopi", Amount: 1000, Email: "a@b.id", Mobile: "0812", Description: &desc}
	link := mayar.PaymentLinkInput{Name: "Kelas Kopi", Amount: 50000, Description: "Belajar", RedirectURL: "https://toko.example/ok", Limit: 10}

	f.Fuzz(func(t *testing.T, status int, body []byte) {
		status = anyStatus(status)
		var errs []error
		for _, c := range clients {
			ctx := srv.set(status, echoKey(body))
			created, err := c.CreatePaymentRequest(ctx, in)
			errs = append(errs, err)
			if creates := srv.sent(); creates != 1 {
				t.Fatalf("the create was sent %d times, want once", creates)
			}
			if err == nil && created.ID == "" {
				t.Fatalf("created without an id: %+v", created)
			}
			if err != nil && status >= 500 && !errors.Is(err, mayar.ErrOutcomeUnknown) {
				t.Fatalf("a create answered %d is not an unknown outcome: %v", status, err)
			}
			p, err := c.GetPaymentRequest(ctx, id)
			errs = append(errs, err)
			if err == nil && p.ID != id {
				t.Fatalf("read %q, asked %q", p.ID, id)
			}
			errs = append(errs,
				c.EditPaymentRequest(ctx, id, in),
				c.ClosePaymentRequest(ctx, id),
				c.ReopenPaymentRequest(ctx, id),
				c.SetWebhookURL(ctx, "https://hooks.example.id/s3cr3t"),
				c.TestWebhook(ctx, "https://hooks.example.id/s3cr3t"),
			)
			before := srv.sent()
			linkCreated, err := c.CreatePaymentLink(ctx, link)
			errs = append(errs, err)
			linkCreates := srv.sent() - before
			switch {
			case c.Version() == mayar.V1 && (linkCreates != 0 || !errors.Is(err, mayar.ErrV2Only)):
				t.Fatalf("V1 sent %d payment link creates: %v", linkCreates, err)
			case c.Version() == mayar.V2 && linkCreates != 1:
				t.Fatalf("the payment link create was sent %d times, want once", linkCreates)
			case err == nil && linkCreated.ID == "":
				t.Fatalf("a payment link created without an id: %+v", linkCreated)
			}
			product, err := c.GetProduct(ctx, id)
			errs = append(errs, err)
			if err == nil && product.ID != id {
				t.Fatalf("read product %q, asked %q", product.ID, id)
			}
			errs = append(errs,
				c.EditPaymentLink(ctx, id, link),
				c.SetProductStatus(ctx, id, mayar.ProductStatusUnlisted),
			)
			if n := tagger.inFlight.Load(); n != 0 {
				t.Fatalf("%d attempts still under way after every call returned", n)
			}
			// Each create once, nine more calls retried once at most.
			srv.checkRound(t, 2+9*2)
		}
		checkNoKey(t, errs)
	})
}
