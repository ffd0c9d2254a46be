package mayar

import (
	"testing"
	"time"
	"unicode/utf8"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

// FuzzDecodeList feeds any status and body through the envelope check and
// the V1, V2 and balance decoders: none may panic, an error's excerpt stays
// short and printable, and every decoded payment has an id and a UTC time.
func FuzzDecodeList(f *testing.F) {
	f.Add(200, []byte(`{"statusCode":200,"messages":"success","hasMore":false,"pageCount":1,"pageSize":10,"page":1,"data":[{"id":"abbf58dc","amount":1000,"category":null,"createdAt":1685960215853,"description":"<p>x</p>\n","link":"p","type":"payment_request","status":"paid","name":"Penagihan","limit":null,"redirectUrl":null,"installmentId":null,"event":null,"order":null,"coverImageId":null,"multipleImageId":null,"coverImage":null,"multipleImage":null}]}`))
	f.Add(200, []byte(`{"statusCode":200,"messages":"success","hasMore":true,"nextStartingAfter":"c1","data":[{"id":"a","amount":null,"limit":2.5}]}`))
	f.Add(200, []byte(`{"statusCode":200,"messages":"success","data":{"balanceActive":1,"balancePending":2,"balance":3}}`))
	f.Add(200, []byte(`{"statusCode":200,"messages":"failed"}`))
	f.Add(401, []byte(`{"statusCode":401,"messages":"Unauthorized"}`))
	f.Add(404, []byte(`{"statusCode":404,"message":"Not Found"}`))
	f.Add(200, []byte(`{"statusCode":200,"messages":"success","data":null,"pageCount":1e400}`))
	f.Add(200, []byte(`{"statusCode":200,"messages":"success","data":[{"id":"a","createdAt":-9223372036854775808,"amount":9223372036854775807}]}`))
	f.Add(502, []byte("<html>\x00</html>"))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		resp := &transport.Response{StatusCode: status, Body: body, Attempts: 1}
		obj, apiErr := parseEnvelope("GET /hl/v2/payments", resp)
		if apiErr != nil {
			if obj != nil {
				t.Fatal("both an answer and an error")
			}
			for _, s := range []string{apiErr.Body, apiErr.Message} {
				if len(s) > 200 || !utf8.ValidString(s) {
					t.Fatalf("excerpt %q", s)
				}
			}
			_ = apiErr.Error()
			return
		}
		if status < 200 || status > 299 {
			t.Fatalf("status %d accepted", status)
		}
		check := func(items []Payment) {
			for _, p := range items {
				if p.ID == "" || p.CreatedAt.Location() != time.UTC {
					t.Fatalf("bad item %+v", p)
				}
			}
		}
		if pg, err := decodeV1Page(obj); err == nil {
			check(pg.items)
		}
		if pg, err := decodeV2Page(obj); err == nil {
			check(pg.items)
		}
		_, _ = decodeBalance(obj)
	})
}
