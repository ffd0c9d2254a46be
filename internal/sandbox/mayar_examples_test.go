package sandbox_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// Mayar's documented example answers, as its documentation quotes them
// (values and all). Where the documentation lists an answer's fields
// without quoting one, the example is built from that list with the
// values of the quoted examples. TestMayarDocumentedExamples asks the
// sandbox the same questions and checks that it answers the same fields
// with the same JSON types, recursively, and the same words where the
// documentation fixes them: the sandbox must not drift into agreeing with
// a client instead of with Mayar.
const (
	// The V1 payment listing: GET /hl/v1/payment?status=paid.
	docV1Listing = `{
    "statusCode": 200,
    "messages": "success",
    "hasMore": false,
    "pageCount": 1,
    "pageSize": 10,
    "page": 1,
    "data": [
        {
            "id": "abbf58dc-6e12-4bdc-bdcf-e0a53340227d",
            "amount": 1000,
            "category": null,
            "createdAt": 1685960215853,
            "description": "<p>Pembayaran Uang Demo Produk, mohon untuk menyelesaikan dan melakukan pembayaran.</p>\n",
            "link": "pagovztwbu",
            "type": "payment_request",
            "status": "paid",
            "name": "Penagihan",
            "limit": null,
            "redirectUrl": null,
            "installmentId": null,
            "event": null,
            "order": null,
            "coverImageId": null,
            "multipleImageId": null,
            "coverImage": null,
            "multipleImage": null
        }
    ]
}`
	// The V2 payment listing: GET /hl/v2/payments?status=paid&limit=50,
	// "items as above".
	docV2Listing = `{ "statusCode": 200, "messages": "success",
  "hasMore": true, "nextStartingAfter": "<cursor>", "data": [ {
    "id": "abbf58dc-6e12-4bdc-bdcf-e0a53340227d", "amount": 1000,
    "category": null, "createdAt": 1685960215853,
    "description": "<p>Pembayaran Uang Demo Produk ...</p>\n",
    "link": "pagovztwbu", "type": "payment_request", "status": "paid",
    "name": "Penagihan", "limit": null, "redirectUrl": null,
    "installmentId": null, "event": null, "order": null,
    "coverImageId": null, "multipleImageId": null,
    "coverImage": null, "multipleImage": null } ] }`
	// A payment request create, V1 and V2.
	docCreate = `{"statusCode":200,"messages":"success","data":{"id":"6f8c19ff-5b97-4792-aa89-d2a12797b356",
 "transactionId":"a1b2c3d4-e5f6-7890-abcd-ef1234567890","link":"https://shop.myr.id/pl/rqp9x2k7m3a"}}`
	// The read of one payment request: id, link (the slug), linkUrl (V2),
	// name, amount, status, description, type, category, limit,
	// transactions, and the listing's nested objects. Its list is not
	// exhaustive: more fields may come.
	docReadV2 = `{"statusCode":200,"messages":"success","data":{"id":"6f8c19ff-5b97-4792-aa89-d2a12797b356",
 "link":"rqp9x2k7m3a","linkUrl":"https://shop.myr.id/pl/rqp9x2k7m3a","name":"Penagihan","amount":1000,
 "status":"unpaid","description":"<p>Pembayaran Uang Demo Produk ...</p>\n","type":"payment_request",
 "category":null,"limit":null,"transactions":[],"event":null,"order":null,"coverImage":null,"multipleImage":null}}`
	docReadV1 = `{"statusCode":200,"messages":"success","data":{"id":"6f8c19ff-5b97-4792-aa89-d2a12797b356",
 "link":"rqp9x2k7m3a","name":"Penagihan","amount":1000,
 "status":"active","description":"<p>Pembayaran Uang Demo Produk ...</p>\n","type":"payment_request",
 "category":null,"limit":null,"transactions":[],"event":null,"order":null,"coverImage":null,"multipleImage":null}}`
	// An edit of a payment request, and of a payment link: data {id, link}.
	docWritten = `{"statusCode":200,"messages":"success","data":{"id":"6f8c19ff-5b97-4792-aa89-d2a12797b356",
 "link":"https://shop.myr.id/pl/rqp9x2k7m3a"}}`
	docSuccess         = `{"statusCode":200,"messages":"success"}`
	docFailed          = `{"statusCode":200,"messages":"failed"}`
	docValidationError = `{"statusCode":400,"messages":"Validation Error"}`
	docAlreadyPaid     = `{"statusCode":409,"messages":"Transaction already paid. Cannot edit payment request."}`
	docPaymentNotFound = `{"statusCode":404,"messages":"Payment not found"}`
	docDuplicate       = `{"statusCode":429,"messages":"Duplicate request detected. Please wait 1 minute before trying again."}`
	docURLRequired     = `{"statusCode":400,"messages":"urlHook is required"}`
	docURLInvalid      = `{"statusCode":400,"messages":"urlHook is not a valid URL"}`
	docBalance         = `{"statusCode":200,"messages":"success","data":{"balanceActive":1250000,"balancePending":350000,"balance":1600000}}`
	// What Mayar POSTs to the webhook URL; the data is not documented.
	docEvent = `{"event": "payment.received", "data": {}}`
	// The read of one product: the slug, two absolute URLs, the nested
	// objects; no redirectUrl, notes, expiredAt, tax or createdAt.
	docProductRead = `{"statusCode":200,"messages":"success","data":{"id":"6f8c19ff-5b97-4792-aa89-d2a12797b356",
 "link":"rqp9x2k7m3a","linkUrl":"https://shop.myr.id/pl/rqp9x2k7m3a","linkPayment":"https://shop.myr.id/pl/rqp9x2k7m3a",
 "name":"Penagihan","type":"generic_link","amount":1000,"status":"active","description":"<p>Pembayaran Uang Demo Produk ...</p>\n",
 "limit":null,"category":null,"coverImage":{},"event":null,"order":null,"multipleImage":null}}`
	// The product listing's page.
	docProductListing = `{"statusCode":200,"messages":"success","hasMore":true,"nextStartingAfter":"<cursor>","data":[{
 "id":"6f8c19ff-5b97-4792-aa89-d2a12797b356","name":"Penagihan","type":"generic_link","status":"active","amount":1000,
 "description":"<p>Pembayaran Uang Demo Produk ...</p>\n","link":"rqp9x2k7m3a","linkUrl":"https://shop.myr.id/pl/rqp9x2k7m3a",
 "linkPayment":"https://shop.myr.id/pl/rqp9x2k7m3a","redirectUrl":null,"limit":null,"category":null,
 "createdAt":1685960215853,"coverImage":null}]}`
	// A refused payment link edit: one without name.
	docEditWithoutName = `{"statusCode":200,"messages":"failed","data":[{"type":"required","message":"The 'name' field is required.","field":"name"}]}`
	docProductNotFound = `{"statusCode":404,"messages":"Product not found"}`
	docUnknownAction   = `{"statusCode":400,"messages":"archive. allowed: active, closed, unlisted"}`
)

// documentedNullable are the fields Mayar documents as possibly null: an
// example's value is one of the field's two types.
var documentedNullable = []string{
	"amount", "category", "limit", "redirectUrl", "installmentId", "coverImageId", "multipleImageId",
	"event", "order", "coverImage", "multipleImage",
}

// exampleWorld is the sandbox a documented request is asked of: generated
// payment requests (the first active, the second paid, the third closed),
// a generated catalog, and a payment link created through the API.
type exampleWorld struct {
	sb       *sandbox.Sandbox
	srv      *httptest.Server
	payments []sandbox.MayarPayment
	link     string // the payment link's id
}

func (w exampleWorld) get(t *testing.T, path string) reply {
	t.Helper()
	return do(t, w.srv, call{path: path, header: bearer(sandbox.MayarKey)})
}

func (w exampleWorld) post(t *testing.T, path, body string) reply {
	t.Helper()
	return do(t, w.srv, call{method: http.MethodPost, path: path, header: bearer(sandbox.MayarKey), body: body})
}

func TestMayarDocumentedExamples(t *testing.T) {
	const minimalCreate = `{"name":"Penagihan","email":"a@b.id","amount":1000,"mobile":"0812","description":"Pembayaran"}`
	tests := []struct {
		name    string
		example string
		status  int
		ask     func(t *testing.T, w exampleWorld) reply
		// open are the objects whose documented fields are not all of
		// them (more may come); absent are fields documented as never
		// answered there.
		open, absent []string
		nullable     []string // default documentedNullable
		// words are the values the documentation fixes, by path
		// ("data[].status": every item's status).
		words map[string]string
	}{
		{name: "V1 listing", example: docV1Listing, status: 200,
			ask:   func(t *testing.T, w exampleWorld) reply { return w.get(t, "/hl/v1/payment?status=paid") },
			words: map[string]string{"data[].status": "paid", "data[].type": "payment_request"}},
		{name: "V1 listing of open requests", example: docV1Listing, status: 200,
			ask:   func(t *testing.T, w exampleWorld) reply { return w.get(t, "/hl/v1/payment?status=active") },
			words: map[string]string{"data[].status": "active"}},
		{name: "V2 listing", example: docV2Listing, status: 200,
			ask:   func(t *testing.T, w exampleWorld) reply { return w.get(t, "/hl/v2/payments?status=paid&limit=1") },
			words: map[string]string{"data[].status": "paid", "data[].type": "payment_request"}},
		{name: "V2 listing of open requests", example: docV2Listing, status: 200,
			ask:   func(t *testing.T, w exampleWorld) reply { return w.get(t, "/hl/v2/payments?status=active&limit=1") },
			words: map[string]string{"data[].status": "unpaid"}},
		{name: "V1 create", example: docCreate, status: 200,
			ask: func(t *testing.T, w exampleWorld) reply { return w.post(t, "/hl/v1/payment/create", minimalCreate) }},
		{name: "V2 create", example: docCreate, status: 200,
			ask: func(t *testing.T, w exampleWorld) reply { return w.post(t, "/hl/v2/payments/create", minimalCreate) }},
		{name: "V1 create refused", example: docValidationError, status: 400,
			ask: func(t *testing.T, w exampleWorld) reply {
				return w.post(t, "/hl/v1/payment/create", `{"name":"Penagihan"}`)
			}},
		{name: "V2 create refused", example: docValidationError, status: 400,
			ask: func(t *testing.T, w exampleWorld) reply { return w.post(t, "/hl/v2/payments/create", `{"amount":0}`) }},
		{name: "duplicate create", example: docDuplicate, status: 429,
			ask: func(t *testing.T, w exampleWorld) reply {
				w.post(t, "/hl/v2/payments/create", minimalCreate)
				return w.post(t, "/hl/v2/payments/create", minimalCreate)
			}},
		{name: "V1 read of an open request", example: docReadV1, status: 200, open: []string{"data"},
			absent: []string{"email", "mobile", "expiredAt", "linkUrl"},
			ask:    func(t *testing.T, w exampleWorld) reply { return w.get(t, "/hl/v1/payment/"+w.payments[0].ID) },
			words:  map[string]string{"data.status": "active", "data.type": "payment_request"}},
		{name: "V2 read of an open request", example: docReadV2, status: 200, open: []string{"data"},
			absent: []string{"email", "mobile", "expiredAt"},
			ask:    func(t *testing.T, w exampleWorld) reply { return w.get(t, "/hl/v2/payments/"+w.payments[0].ID) },
			words:  map[string]string{"data.status": "unpaid", "data.type": "payment_request"}},
		{name: "V2 read of a paid request", example: docReadV2, status: 200, open: []string{"data"},
			absent: []string{"email", "mobile", "expiredAt"},
			ask:    func(t *testing.T, w exampleWorld) reply { return w.get(t, "/hl/v2/payments/"+w.payments[1].ID) },
			words:  map[string]string{"data.status": "paid"}},
		{name: "V1 edit", example: docWritten, status: 200,
			ask: func(t *testing.T, w exampleWorld) reply {
				return w.post(t, "/hl/v1/payment/edit", `{"id":"`+w.payments[0].ID+`","amount":2000}`)
			}},
		{name: "V2 edit", example: docWritten, status: 200,
			ask: func(t *testing.T, w exampleWorld) reply {
				return w.post(t, "/hl/v2/payments/"+w.payments[0].ID+"/update", `{"id":"`+w.payments[0].ID+`","amount":2000}`)
			}},
		{name: "V1 edit of a paid request", example: docAlreadyPaid, status: 409,
			ask: func(t *testing.T, w exampleWorld) reply {
				return w.post(t, "/hl/v1/payment/edit", `{"id":"`+w.payments[1].ID+`","amount":2000}`)
			}},
		{name: "V2 edit of a paid request", example: docAlreadyPaid, status: 409,
			ask: func(t *testing.T, w exampleWorld) reply {
				return w.post(t, "/hl/v2/payments/"+w.payments[1].ID+"/update", `{"id":"`+w.payments[1].ID+`","amount":2000}`)
			}},
		{name: "V2 edit of an unknown request", example: docPaymentNotFound, status: 404,
			ask: func(t *testing.T, w exampleWorld) reply {
				const id = "00000000-0000-4000-8000-000000000000"
				return w.post(t, "/hl/v2/payments/"+id+"/update", `{"id":"`+id+`","amount":2000}`)
			}},
		{name: "V1 close", example: docSuccess, status: 200,
			ask: func(t *testing.T, w exampleWorld) reply { return w.get(t, "/hl/v1/payment/close/"+w.payments[0].ID) }},
		{name: "V1 close of a closed request", example: docFailed, status: 200,
			ask: func(t *testing.T, w exampleWorld) reply { return w.get(t, "/hl/v1/payment/close/"+w.payments[2].ID) }},
		{name: "V1 reopen", example: docSuccess, status: 200,
			ask: func(t *testing.T, w exampleWorld) reply { return w.get(t, "/hl/v1/payment/open/"+w.payments[2].ID) }},
		{name: "V1 reopen of an open request", example: docFailed, status: 200,
			ask: func(t *testing.T, w exampleWorld) reply { return w.get(t, "/hl/v1/payment/open/"+w.payments[0].ID) }},
		{name: "V2 close", example: docSuccess, status: 200,
			ask: func(t *testing.T, w exampleWorld) reply {
				return w.post(t, "/hl/v2/payments/"+w.payments[0].ID+"/close", "")
			}},
		{name: "V2 close of a paid request", example: docFailed, status: 200,
			ask: func(t *testing.T, w exampleWorld) reply {
				return w.post(t, "/hl/v2/payments/"+w.payments[1].ID+"/close", "")
			}},
		{name: "V2 reopen", example: docSuccess, status: 200,
			ask: func(t *testing.T, w exampleWorld) reply {
				return w.post(t, "/hl/v2/payments/"+w.payments[2].ID+"/open", "")
			}},
		{name: "V2 reopen of an open request", example: docFailed, status: 200,
			ask: func(t *testing.T, w exampleWorld) reply {
				return w.post(t, "/hl/v2/payments/"+w.payments[0].ID+"/open", "")
			}},
		{name: "V1 balance", example: docBalance, status: 200,
			ask: func(t *testing.T, w exampleWorld) reply { return w.get(t, "/hl/v1/balance") }},
		{name: "V2 balance", example: docBalance, status: 200,
			ask: func(t *testing.T, w exampleWorld) reply { return w.get(t, "/hl/v2/balances") }},
		{name: "V1 webhook register", example: docSuccess, status: 200,
			ask: func(t *testing.T, w exampleWorld) reply {
				return w.post(t, "/hl/v1/webhook/register", `{"urlHook":"https://hooks.example.com/s3cr3t"}`)
			}},
		{name: "V2 webhook update", example: docSuccess, status: 200,
			ask: func(t *testing.T, w exampleWorld) reply {
				return w.post(t, "/hl/v2/webhooks/update", `{"urlHook":"https://hooks.example.com/s3cr3t"}`)
			}},
		{name: "V1 webhook test", example: docSuccess, status: 200,
			ask: func(t *testing.T, w exampleWorld) reply {
				return w.post(t, "/hl/v1/webhook/test", `{"urlHook":"https://hooks.example.com/s3cr3t"}`)
			}},
		{name: "V2 webhook test", example: docSuccess, status: 200,
			ask: func(t *testing.T, w exampleWorld) reply {
				return w.post(t, "/hl/v2/webhooks/test", `{"urlHook":"https://hooks.example.com/s3cr3t"}`)
			}},
		{name: "V1 webhook without URL", example: docURLRequired, status: 400,
			ask: func(t *testing.T, w exampleWorld) reply { return w.post(t, "/hl/v1/webhook/register", `{}`) }},
		{name: "V2 webhook with an invalid URL", example: docURLInvalid, status: 400,
			ask: func(t *testing.T, w exampleWorld) reply {
				return w.post(t, "/hl/v2/webhooks/update", `{"urlHook":"not a url"}`)
			}},
		{name: "payment.received event", example: docEvent, status: 200,
			ask: func(t *testing.T, w exampleWorld) reply {
				rc := &receiver{}
				hooks := httptest.NewServer(rc)
				t.Cleanup(hooks.Close)
				w.post(t, "/hl/v2/webhooks/update", `{"urlHook":"`+hooks.URL+`"}`)
				d, err := w.sb.PayMayarPaymentRequest(w.payments[0].ID)
				if err != nil || d == nil {
					t.Fatalf("paying: %+v %v", d, err)
				}
				return reply{status: d.Status, body: d.Body}
			},
			words: map[string]string{"event": "payment.received"}},

		{name: "payment link create", example: docWritten, status: 200,
			ask: func(t *testing.T, w exampleWorld) reply {
				return w.post(t, "/hl/v2/products/payment-link/create", validLink)
			}},
		{name: "payment link create, second path", example: docWritten, status: 200,
			ask: func(t *testing.T, w exampleWorld) reply {
				return w.post(t, "/hl/v2/products/create", `{"name":"Kopi","amount":1}`)
			}},
		{name: "payment link read", example: docProductRead, status: 200,
			nullable: []string{"amount", "category", "limit", "event", "order", "multipleImage"},
			ask:      func(t *testing.T, w exampleWorld) reply { return w.get(t, "/hl/v2/products/"+w.link) },
			words:    map[string]string{"data.type": "generic_link", "data.status": "active"}},
		{name: "payment link edit", example: docWritten, status: 200,
			ask: func(t *testing.T, w exampleWorld) reply {
				return w.post(t, "/hl/v2/products/payment-link/"+w.link+"/update", `{"id":"`+w.link+`","name":"Kopi","amount":2}`)
			}},
		{name: "payment link edit, second path", example: docWritten, status: 200,
			ask: func(t *testing.T, w exampleWorld) reply {
				return w.post(t, "/hl/v2/payment-links/"+w.link+"/update", `{"id":"`+w.link+`","name":"Kopi","amount":2}`)
			}},
		{name: "payment link edit without name", example: docEditWithoutName, status: 200,
			ask: func(t *testing.T, w exampleWorld) reply {
				return w.post(t, "/hl/v2/products/payment-link/"+w.link+"/update", `{"id":"`+w.link+`","amount":2}`)
			},
			words: map[string]string{"data[].type": "required", "data[].message": "The 'name' field is required.", "data[].field": "name"}},
		{name: "payment link edit of an unknown product", example: docProductNotFound, status: 404,
			ask: func(t *testing.T, w exampleWorld) reply {
				return w.post(t, "/hl/v2/payment-links/x/update", `{"id":"00000000-0000-4000-8000-000000000000","name":"Kopi"}`)
			}},
		{name: "product read of an unknown product", example: docProductNotFound, status: 404,
			ask: func(t *testing.T, w exampleWorld) reply {
				return w.get(t, "/hl/v2/products/00000000-0000-4000-8000-000000000000")
			}},
		{name: "payment link close", example: docSuccess, status: 200,
			ask: func(t *testing.T, w exampleWorld) reply { return w.post(t, "/hl/v2/products/"+w.link+"/close", "") }},
		{name: "payment link unlisted", example: docSuccess, status: 200,
			ask: func(t *testing.T, w exampleWorld) reply { return w.post(t, "/hl/v2/products/"+w.link+"/unlisted", "") }},
		{name: "payment link opened when active", example: docFailed, status: 200,
			ask: func(t *testing.T, w exampleWorld) reply { return w.post(t, "/hl/v2/products/"+w.link+"/open", "") }},
		{name: "product status with an unknown action", example: docUnknownAction, status: 400,
			ask: func(t *testing.T, w exampleWorld) reply { return w.post(t, "/hl/v2/products/"+w.link+"/archive", "") }},
		{name: "product listing", example: docProductListing, status: 200,
			ask: func(t *testing.T, w exampleWorld) reply { return w.get(t, "/hl/v2/products?limit=5") }},
		{name: "product listing of one type", example: docProductListing, status: 200,
			ask: func(t *testing.T, w exampleWorld) reply {
				return w.get(t, "/hl/v2/products/types/generic_link?limit=2")
			},
			words: map[string]string{"data[].type": "generic_link"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			payments := sandbox.GenerateMayarPayments(6, newest)
			sb, srv := start(t, sandbox.Options{MayarPayments: payments, MayarProducts: sandbox.GenerateMayarProducts(12, newest)})
			link := sb.CreateMayarPaymentLink(sandbox.MayarPaymentLinkInput{Name: "Penagihan", Amount: 1000, Description: "Pembayaran"})
			r := tt.ask(t, exampleWorld{sb: sb, srv: srv, payments: payments, link: link.ID})

			var want, got any
			if err := json.Unmarshal([]byte(tt.example), &want); err != nil {
				t.Fatalf("the example is not JSON: %v", err)
			}
			if err := json.Unmarshal(r.body, &got); err != nil {
				t.Fatalf("HTTP %d %s: not JSON: %v", r.status, r.body, err)
			}
			if r.status != tt.status {
				t.Errorf("HTTP %d; want %d", r.status, tt.status)
			}
			nullable := tt.nullable
			if nullable == nil {
				nullable = documentedNullable
			}
			cmp := shapeComparison{open: tt.open, nullable: nullable}
			cmp.compare("", want, got)
			for _, d := range cmp.diffs {
				t.Error(d)
			}
			data, _ := got.(map[string]any)["data"].(map[string]any)
			for _, field := range tt.absent {
				if _, ok := data[field]; ok {
					t.Errorf("data.%s is answered; Mayar never answers it here", field)
				}
			}
			// The envelope's words are the example's, and so is every word
			// the documentation fixes.
			words := map[string]string{}
			for _, key := range []string{"statusCode", "messages"} {
				if v, ok := want.(map[string]any)[key]; ok {
					words[key] = fmt.Sprint(v)
				}
			}
			for path, word := range tt.words {
				words[path] = word
			}
			for path, word := range words {
				values := valuesAt(got, strings.Split(path, "."))
				if len(values) == 0 {
					t.Errorf("%s: nothing answered; want %q", path, word)
				}
				for _, v := range values {
					if fmt.Sprint(v) != word {
						t.Errorf("%s is %v; want %q", path, v, word)
					}
				}
			}
			if t.Failed() {
				t.Logf("the sandbox answered HTTP %d %s", r.status, r.body)
			}
		})
	}
}

// shapeComparison compares a documented example with an answer: the same
// keys in every object (an empty object in the example stands for any
// object, and the objects at the open paths may have more keys), the same
// JSON type for every value (null in the example matches anything, and a
// nullable field may be null), every item of an array against the
// example's first.
type shapeComparison struct {
	open     []string
	nullable []string
	diffs    []string
}

func (c *shapeComparison) compare(path string, want, got any) {
	name := path[strings.LastIndex(path, ".")+1:]
	switch w := want.(type) {
	case nil:
		return
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			c.mismatch(path, name, want, got)
			return
		}
		if len(w) == 0 {
			return
		}
		for k, wv := range w {
			gv, present := g[k]
			if !present {
				c.diffs = append(c.diffs, fmt.Sprintf("%s: missing; documented", join(path, k)))
				continue
			}
			c.compare(join(path, k), wv, gv)
		}
		if !slices.Contains(c.open, path) {
			for k := range g {
				if _, documented := w[k]; !documented {
					c.diffs = append(c.diffs, fmt.Sprintf("%s: answered, not documented", join(path, k)))
				}
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			c.mismatch(path, name, want, got)
			return
		}
		if len(w) > 0 {
			for _, item := range g {
				c.compare(path+"[]", w[0], item)
			}
		}
	default:
		if jsonType(want) != jsonType(got) {
			c.mismatch(path, name, want, got)
		}
	}
}

// mismatch records a value of another JSON type than documented, unless it
// is null where the field may be null.
func (c *shapeComparison) mismatch(path, name string, want, got any) {
	if got == nil && slices.Contains(c.nullable, strings.TrimSuffix(name, "[]")) {
		return
	}
	c.diffs = append(c.diffs, fmt.Sprintf("%s: %s; documented %s", path, jsonType(got), jsonType(want)))
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// valuesAt collects the values at a path of keys; a key ending in "[]"
// goes through every item of an array.
func valuesAt(v any, keys []string) []any {
	if len(keys) == 0 {
		return []any{v}
	}
	key, each := strings.CutSuffix(keys[0], "[]")
	obj, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	next, ok := obj[key]
	if !ok {
		return nil
	}
	if !each {
		return valuesAt(next, keys[1:])
	}
	items, _ := next.([]any)
	var out []any
	for _, item := range items {
		out = append(out, valuesAt(item, keys[1:])...)
	}
	return out
}
