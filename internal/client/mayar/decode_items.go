package mayar

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/valyala/fastjson"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

// A listing's pages are most of what the provider reads: 5,000 payment
// requests are 50 pages of 100. decodeItems reads a page's data array in
// one pass with fastjson, straight into Payment, where decodeItem would
// decode every item and then every field again with encoding/json (four
// passes over the bytes and a map per item). Both give the same payments
// and the same errors; FuzzDecodeItems holds them to it.

// itemParsers reuse their memory from page to page; V1 pages are decoded
// concurrently, so each decoding takes its own.
var itemParsers fastjson.ParserPool

// The fields of an item that a Payment holds, in the order decodeItem
// reports their problems.
const (
	fieldID = iota
	fieldName
	fieldStatus
	fieldType
	fieldDescription
	fieldLink
	fieldAmount
	fieldCategory
	fieldRedirectURL
	fieldInstallmentID
	fieldLimit
	fieldCreatedAt
	fieldCount
)

var fieldKeys = [fieldCount]string{
	fieldID: "id", fieldName: "name", fieldStatus: "status", fieldType: "type",
	fieldDescription: "description", fieldLink: "link", fieldAmount: "amount",
	fieldCategory: "category", fieldRedirectURL: "redirectUrl",
	fieldInstallmentID: "installmentId", fieldLimit: "limit", fieldCreatedAt: "createdAt",
}

func fieldOf(key []byte) int {
	switch string(key) {
	case "id":
		return fieldID
	case "name":
		return fieldName
	case "status":
		return fieldStatus
	case "type":
		return fieldType
	case "description":
		return fieldDescription
	case "link":
		return fieldLink
	case "amount":
		return fieldAmount
	case "category":
		return fieldCategory
	case "redirectUrl":
		return fieldRedirectURL
	case "installmentId":
		return fieldInstallmentID
	case "limit":
		return fieldLimit
	case "createdAt":
		return fieldCreatedAt
	}
	return -1
}

// decodeItems decodes the data array of a listing; null or missing is no
// items. The envelope's decoding has already checked that the bytes are
// JSON.
func decodeItems(o jsonObject) ([]Payment, error) {
	raw, ok := o.raw("data")
	if !ok {
		return nil, nil
	}
	p := itemParsers.Get()
	defer itemParsers.Put(p)
	data, err := p.ParseBytes(raw)
	if err != nil {
		// Valid JSON that fastjson refuses: nested deeper than it goes.
		return nil, fmt.Errorf("data: cannot be read (%s)", transport.Excerpt([]byte(err.Error())))
	}
	if data.Type() != fastjson.TypeArray {
		return nil, errors.New("data: not an array")
	}
	values, _ := data.Array()
	out := make([]Payment, len(values))
	var d itemDecoder
	for i, v := range values {
		if v.Type() != fastjson.TypeObject {
			return nil, fmt.Errorf("data[%d]: not an object", i)
		}
		if err := d.decode(v, &out[i]); err != nil {
			return nil, fmt.Errorf("data[%d].%w", i, err)
		}
	}
	return out, nil
}

// itemDecoder decodes items one after the other, reusing its scratch
// space.
type itemDecoder struct {
	fields [fieldCount]*fastjson.Value
	buf    []byte
}

func (d *itemDecoder) decode(v *fastjson.Value, p *Payment) error {
	clear(d.fields[:])
	obj, _ := v.Object()
	// A key given twice counts once, with its last value, as in a map.
	obj.Visit(func(key []byte, v *fastjson.Value) {
		if f := fieldOf(key); f >= 0 {
			d.fields[f] = v
		}
	})
	var errs [fieldCount]error
	p.ID, errs[fieldID] = d.str(fieldID)
	if errs[fieldID] == nil && strings.TrimSpace(p.ID) == "" {
		errs[fieldID] = errors.New("id: missing")
	}
	p.Name, errs[fieldName] = d.str(fieldName)
	p.Status, errs[fieldStatus] = d.str(fieldStatus)
	p.Type, errs[fieldType] = d.str(fieldType)
	p.Description, errs[fieldDescription] = d.str(fieldDescription)
	p.Link, errs[fieldLink] = d.str(fieldLink)
	p.Amount, errs[fieldAmount] = d.optWhole(fieldAmount)
	p.Category, errs[fieldCategory] = d.optStr(fieldCategory)
	p.RedirectURL, errs[fieldRedirectURL] = d.optStr(fieldRedirectURL)
	p.InstallmentID, errs[fieldInstallmentID] = d.optStr(fieldInstallmentID)
	p.Limit, errs[fieldLimit] = d.optFloat(fieldLimit)
	p.CreatedAt, errs[fieldCreatedAt] = d.epochMillis(fieldCreatedAt)
	return firstFieldError("", errs[:]...)
}

// raw is field f as the answer wrote it (a string with its quotes and
// escapes), or nil when it is missing or null. It never asks fastjson for
// a value's type: that would unescape a string in place, in fastjson's own
// way, where escapes are left to encoding/json.
func (d *itemDecoder) raw(f int) []byte {
	v := d.fields[f]
	if v == nil {
		return nil
	}
	d.buf = v.MarshalTo(d.buf[:0])
	if string(d.buf) == "null" {
		return nil
	}
	return d.buf
}

// str decodes a string; missing or null is "". A string without escapes
// that is valid UTF-8 is its bytes, as encoding/json has it; any other is
// left to encoding/json, so escapes and invalid UTF-8 come out the same.
func (d *itemDecoder) str(f int) (string, error) {
	b := d.raw(f)
	switch {
	case b == nil:
		return "", nil
	case b[0] != '"':
		return "", fmt.Errorf("%s: not a string", fieldKeys[f])
	}
	if text := b[1 : len(b)-1]; bytes.IndexByte(text, '\\') < 0 && utf8.Valid(text) {
		return string(text), nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return "", fmt.Errorf("%s: not a string", fieldKeys[f])
	}
	return s, nil
}

func (d *itemDecoder) optStr(f int) (*string, error) {
	if d.raw(f) == nil {
		return nil, nil
	}
	s, err := d.str(f)
	return &s, err
}

// number is field f's text when it is a number; b is nil when the field is
// missing or null.
func (d *itemDecoder) number(f int) (text string, b []byte, ok bool) {
	b = d.raw(f)
	if b == nil || (b[0] != '-' && (b[0] < '0' || b[0] > '9')) {
		return "", b, false
	}
	return string(b), b, true
}

func (d *itemDecoder) optWhole(f int) (*int64, error) {
	text, b, ok := d.number(f)
	switch {
	case b == nil:
		return nil, nil
	case !ok:
		return nil, fmt.Errorf("%s: not a number", fieldKeys[f])
	}
	n, err := parseWholeNumber(fieldKeys[f], text)
	return &n, err
}

func (d *itemDecoder) optFloat(f int) (*float64, error) {
	text, b, ok := d.number(f)
	if b == nil {
		return nil, nil
	}
	x, err := strconv.ParseFloat(text, 64)
	if !ok || err != nil {
		return nil, fmt.Errorf("%s: not a number in range", fieldKeys[f])
	}
	return &x, nil
}

func (d *itemDecoder) epochMillis(f int) (time.Time, error) {
	ms, err := d.optWhole(f)
	if err != nil || ms == nil {
		return time.Time{}, err
	}
	return epochTime(fieldKeys[f], *ms)
}
