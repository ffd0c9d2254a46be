package mayar

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
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

// FuzzDecodeItems holds the listing's one-pass decoder to decodeItem, the
// field-by-field decoding of one item with encoding/json: for any data
// array (any JSON, as the envelope's decoding lets through) both give the
// same payments, or the same error.
func FuzzDecodeItems(f *testing.F) {
	f.Add([]byte(`[{"id":"abbf58dc","amount":1000,"category":null,"createdAt":1685960215853,"description":"<p>x</p>\n","link":"p","type":"payment_request","status":"paid","name":"Penagihan","limit":null,"redirectUrl":null,"installmentId":null,"event":{"a":[1,{"b":null}]},"order":null}]`))
	f.Add([]byte(`[{"id":"a","amount":10.0,"limit":2.5e1,"createdAt":-1.0e3,"name":"\u00f1\ud83d\ude00\ud800 \u003cp\u003e \/","status":"\xff\xfe"}]`))
	f.Add([]byte(`[{"id":"a","id":"b","amount":"1","amount":null,"\u0069d":"c","ID":1}]`))
	f.Add([]byte(`[{"id":"a","amount":1e300}, 1]`))
	f.Add([]byte(`[{"id":" ","limit":1e999}]`))
	f.Add([]byte(`[{"id":"a","createdAt":99999999999999999,"name":{}}]`))
	f.Add([]byte(`{"id":"a"}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`"[]"`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			return // the envelope's decoding refuses it first
		}
		got, gotErr := decodeItems(jsonObject{"data": data})
		want, wantErr := decodeItemsOneByOne(data)
		if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			t.Fatalf("error %v, want %v", gotErr, wantErr)
		}
		if gotErr == nil && !reflect.DeepEqual(got, want) && (len(got) != 0 || len(want) != 0) {
			t.Fatalf("decoded\n %+v\nwant\n %+v", got, want)
		}
	})
}

// decodeItemsOneByOne is the listing's decoding done the slow, obvious
// way: the array with encoding/json, then each item with decodeItem.
func decodeItemsOneByOne(data []byte) ([]Payment, error) {
	if string(bytes.TrimSpace(data)) == "null" {
		return nil, nil
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(data, &raws); err != nil {
		return nil, errors.New("data: not an array")
	}
	out := make([]Payment, 0, len(raws))
	for i, raw := range raws {
		var item jsonObject
		if err := json.Unmarshal(raw, &item); err != nil || item == nil {
			return nil, fmt.Errorf("data[%d]: not an object", i)
		}
		p, err := decodeItem(item)
		if err != nil {
			return nil, fmt.Errorf("data[%d].%w", i, err)
		}
		out = append(out, p)
	}
	return out, nil
}
