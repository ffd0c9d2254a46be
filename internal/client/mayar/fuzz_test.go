package mayar

import (
	"errors"
	"slices"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

// The decoder's entry points, each fed any status and body: a listing's
// page, the read of one, the write side's answers, and the products. None
// may panic; an error's excerpts stay short and printable; what is decoded
// has an id, a time in UTC, and payment request statuses in the one
// vocabulary.

const fuzzID = "6f8c19ff-5b97-4792-aa89-d2a12797b356"

// fuzzAnswer decodes body, answered with status, into out, and checks what
// any answer must hold. It reports whether the answer is a success whose
// fields all have their JSON types.
func fuzzAnswer(t *testing.T, status int, body []byte, out answer) bool {
	resp := &transport.Response{StatusCode: status, Body: body, Attempts: 1}
	apiErr, problem := readAnswer("GET /hl/v2/payments", resp, out)
	if apiErr != nil {
		if problem != nil {
			t.Fatal("both a failure and a problem")
		}
		checkExcerpts(t, apiErr)
		return false
	}
	if status < 200 || status > 299 {
		t.Fatalf("status %d accepted", status)
	}
	return problem == nil
}

func checkExcerpts(t *testing.T, apiErr *transport.APIError) {
	for _, s := range []string{apiErr.Body, apiErr.Message} {
		if len(s) > 200 || !utf8.ValidString(s) {
			t.Fatalf("excerpt %q", s)
		}
	}
	_ = apiErr.Error()
}

// checkPayments holds decoded payment requests to what the decoder
// promises.
func checkPayments(t *testing.T, ps []Payment) {
	for _, p := range ps {
		if p.ID == "" || p.CreatedAt.Location() != time.UTC || p.Status == statusUnpaid {
			t.Fatalf("bad payment request %+v", p)
		}
	}
}

// FuzzDecodeListPage decodes a V1 and a V2 page of payment requests.
func FuzzDecodeListPage(f *testing.F) {
	f.Add(200, []byte(`{"statusCode":200,"messages":"success","hasMore":false,"pageCount":1,"pageSize":10,"page":1,"data":[{"id":"abbf58dc","amount":1000,"category":null,"createdAt":1685960215853,"description":"<p>x</p>\n","link":"p","type":"payment_request","status":"paid","name":"Penagihan","limit":null,"redirectUrl":null,"installmentId":null,"event":null,"order":null,"coverImageId":null,"multipleImageId":null,"coverImage":null,"multipleImage":null}]}`))
	f.Add(200, []byte(`{"statusCode":200,"messages":"success","hasMore":true,"nextStartingAfter":"c1","data":[{"id":"a","amount":null,"limit":2.5,"status":"unpaid"}]}`))
	f.Add(200, []byte(`{"statusCode":200,"messages":"success","data":[{"id":"a","amount":10.0,"limit":2.5e1,"createdAt":-1.0e3,"name":"\u00f1\ud83d\ude00\ud800 \u003cp\u003e \/","status":"\xff\xfe"}]}`))
	f.Add(200, []byte(`{"statusCode":200,"messages":"success","data":[{"id":"a","id":"b","amount":"1","amount":null,"\u0069d":"c","ID":1}]}`))
	f.Add(200, []byte(`{"statusCode":200,"messages":"success","data":[{"id":"a"},null,1]}`))
	f.Add(200, []byte(`{"statusCode":200,"messages":"success","data":null,"pageCount":1e400}`))
	f.Add(200, []byte(`{"statusCode":200,"messages":"success","data":[{"id":"a","createdAt":-9223372036854775808,"amount":9223372036854775807}]}`))
	f.Add(200, []byte(`{"statusCode":200,"messages":"failed"}`))
	f.Add(401, []byte(`{"statusCode":401,"messages":"Unauthorized"}`))
	f.Add(502, []byte("<html>\x00</html>"))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		v1 := &v1Page{}
		if fuzzAnswer(t, status, body, v1) && v1.read() == nil {
			checkPayments(t, v1.items)
		}
		var v2 cursorPage[paymentJSON]
		if fuzzAnswer(t, status, body, &v2) {
			if items, _, _, err := readCursorPage(&v2, (*paymentJSON).payment); err == nil {
				checkPayments(t, items)
			}
		}
	})
}

// FuzzDecodeReadOne decodes the read of one payment request and the
// balance: a decoded request is the one asked for.
func FuzzDecodeReadOne(f *testing.F) {
	f.Add(200, []byte(`{"statusCode":200,"messages":"success","data":{"id":"6f8c19ff-5b97-4792-aa89-d2a12797b356","name":"Penagihan","amount":1000,"status":"unpaid","link":"rqp","linkUrl":"https://shop.myr.id/pl/rqp","transactions":[{"id":"t"}],"event":null}}`))
	f.Add(200, []byte(`{"statusCode":200,"messages":"success","data":{"balanceActive":1,"balancePending":2,"balance":3}}`))
	f.Add(200, []byte(`{"statusCode":200,"messages":"success","data":{"id":7,"linkUrl":["x"]}}`))
	f.Add(200, []byte(`{"statusCode":200,"messages":"success","data":[]}`))
	f.Add(404, []byte(`{"statusCode":404,"messages":"Payment not found"}`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		var read oneAnswer[paymentJSON]
		if fuzzAnswer(t, status, body, &read) {
			if p, err := decodeData(&read, asked(objPaymentRequest, fuzzID, (*paymentJSON).paymentRequest)); err == nil {
				if p.ID != fuzzID {
					t.Fatalf("read %q, asked %q", p.ID, fuzzID)
				}
				checkPayments(t, []Payment{p.Payment})
			}
		}
		var balance oneAnswer[balanceJSON]
		if fuzzAnswer(t, status, body, &balance) {
			_, _ = decodeData(&balance, (*balanceJSON).balance)
		}
	})
}

// FuzzDecodeWriteAnswer decodes the answers of the write side: a create's,
// and those that are only an envelope (edit, close, reopen, status, the
// webhook), classified for every kind of call. A decoded create has an id;
// classifying never changes what the answer said, and only a create's
// outcome can be unknown.
func FuzzDecodeWriteAnswer(f *testing.F) {
	f.Add(200, []byte(`{"statusCode":200,"messages":"success","data":{"id":"6f8c19ff-5b97-4792-aa89-d2a12797b356","transactionId":"a1b2","link":"https://shop.myr.id/pl/rqp9x2k7m3a"}}`))
	f.Add(200, []byte(`{"statusCode":200,"messages":"success"}`))
	f.Add(200, []byte(`{"statusCode":200,"messages":"failed"}`))
	f.Add(200, []byte(`{"statusCode":200,"messages":"failed","data":[{"type":"required","message":"The 'name' field is required.","field":"name"}]}`))
	f.Add(409, []byte(`{"statusCode":409,"messages":"Transaction already paid. Cannot edit payment request."}`))
	f.Add(404, []byte(`{"statusCode":404,"messages":"Product not found"}`))
	f.Add(429, []byte(`{"statusCode":429,"messages":"Duplicate request detected. Please wait 1 minute before trying again."}`))
	f.Add(400, []byte(`{"statusCode":400,"messages":"urlHook is not a valid URL"}`))
	f.Add(503, []byte("<html>\x00</html>"))
	calls := []call{
		{object: objPaymentRequest, create: true}, {object: objPaymentLink, create: true},
		{object: objPaymentRequest, edit: true}, {object: objProduct}, {},
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		var created oneAnswer[createdJSON]
		if fuzzAnswer(t, status, body, &created) {
			if p, err := decodeData(&created, (*createdJSON).created); err == nil && p.ID == "" {
				t.Fatalf("a create without id: %+v", p)
			}
		}
		resp := &transport.Response{StatusCode: status, Body: body, Attempts: 1}
		for _, w := range calls {
			apiErr, _ := readAnswer("POST /hl/v2/products/payment-link/create", resp, &envelope{})
			if apiErr == nil {
				continue
			}
			message, excerpt := apiErr.Message, apiErr.Body
			err := classify(w, apiErr)
			if err.Message != message || err.Body != excerpt || err.StatusCode != status {
				t.Fatalf("classify changed the answer's facts: %v", err)
			}
			if errors.Is(err, ErrOutcomeUnknown) && !w.create {
				t.Fatalf("a %+v marked outcome unknown: %v", w, err)
			}
			checkExcerpts(t, err)
		}
	})
}

// FuzzDecodeProduct decodes the read of one product and a page of the
// catalog: a decoded product has an id, the read the one asked for.
func FuzzDecodeProduct(f *testing.F) {
	f.Add(200, []byte(`{"statusCode":200,"messages":"success","data":{"id":"6f8c19ff-5b97-4792-aa89-d2a12797b356","name":"Kelas Kopi","type":"generic_link","status":"unlisted","amount":50000,"description":"<p>Belajar &amp; praktik</p>\n","link":"kls","linkUrl":"https://toko.myr.id/kls","linkPayment":"https://toko.myr.id/pl/kls","limit":10,"category":null,"coverImage":{"id":"i","url":"https://cdn.example/i.png"}}}`))
	f.Add(200, []byte(`{"statusCode":200,"messages":"success","hasMore":true,"nextStartingAfter":"p2","data":[{"id":"p1","type":"ebook","status":"closed","amount":null,"redirectUrl":"https://toko.example/ok","createdAt":1685960215853,"limit":2.5}]}`))
	f.Add(200, []byte(`{"statusCode":200,"messages":"success","data":[{"id":""},{"createdAt":1e16}]}`))
	f.Add(404, []byte(`{"statusCode":404,"messages":"Product not found"}`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		var read oneAnswer[productJSON]
		if fuzzAnswer(t, status, body, &read) {
			if p, err := decodeData(&read, asked(objProduct, fuzzID, (*productJSON).product)); err == nil && p.ID != fuzzID {
				t.Fatalf("read %q, asked %q", p.ID, fuzzID)
			}
		}
		var page cursorPage[productJSON]
		if fuzzAnswer(t, status, body, &page) {
			items, _, _, err := readCursorPage(&page, (*productJSON).product)
			if err == nil && slices.ContainsFunc(items, func(p Product) bool { return p.ID == "" || p.CreatedAt.Location() != time.UTC }) {
				t.Fatalf("bad product in %+v", items)
			}
		}
	})
}
