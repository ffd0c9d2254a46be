package mayar

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

// jsonObject is a JSON object decoded field by field, so that each problem
// names its field and no body can make decoding panic.
type jsonObject map[string]json.RawMessage

// maxEpochMillis bounds createdAt to about the year 33000: beyond that a
// timestamp is garbage, not a date.
const maxEpochMillis = 1e15

// parseEnvelope checks Mayar's envelope {statusCode, messages, data}:
// success is HTTP 2xx with messages "success"; anything else is an
// *transport.APIError quoting messages (or message, which some failures carry).
func parseEnvelope(op string, resp *transport.Response) (jsonObject, *transport.APIError) {
	apiErr := newAPIError(op, resp)
	body := bytes.TrimSpace(resp.Body)
	if len(body) == 0 {
		apiErr.Problem = "the answer is empty"
		return nil, apiErr
	}
	var obj jsonObject
	if err := json.Unmarshal(body, &obj); err != nil || obj == nil {
		apiErr.Problem = "the answer is not a JSON object"
		if !json.Valid(body) {
			apiErr.Problem = "the answer is not JSON"
		}
		apiErr.Body = transport.Excerpt(body)
		return nil, apiErr
	}
	msg, err := obj.str("messages")
	if err != nil || msg == "" {
		msg, _ = obj.str("message")
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 && strings.EqualFold(strings.TrimSpace(msg), "success") {
		return obj, nil
	}
	code, _ := obj.optWhole("statusCode")
	if resp.StatusCode == 401 || (code != nil && *code == 401) || strings.EqualFold(strings.TrimSpace(msg), "unauthorized") {
		apiErr.Mark(ErrUnauthorized)
	}
	apiErr.Message = transport.Excerpt([]byte(msg))
	if apiErr.Message == "" {
		apiErr.Body = transport.Excerpt(body)
		if resp.StatusCode >= 200 && resp.StatusCode < 300 {
			apiErr.Problem = `the answer does not say "success"`
		}
	}
	return nil, apiErr
}

var errMissing = errors.New("missing")

func (o jsonObject) raw(key string) (json.RawMessage, bool) {
	v, ok := o[key]
	if !ok || string(bytes.TrimSpace(v)) == "null" {
		return nil, false
	}
	return v, true
}

// str decodes a string; missing or null is "" without error.
func (o jsonObject) str(key string) (string, error) {
	v, ok := o.raw(key)
	if !ok {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return "", fmt.Errorf("%s: not a string", key)
	}
	return s, nil
}

// optStr decodes a nullable string.
func (o jsonObject) optStr(key string) (*string, error) {
	if _, ok := o.raw(key); !ok {
		return nil, nil
	}
	s, err := o.str(key)
	return &s, err
}

func (o jsonObject) boolean(key string) (bool, error) {
	v, ok := o.raw(key)
	if !ok {
		return false, nil
	}
	var b bool
	if err := json.Unmarshal(v, &b); err != nil {
		return false, fmt.Errorf("%s: not a boolean", key)
	}
	return b, nil
}

func (o jsonObject) obj(key string) (jsonObject, error) {
	v, ok := o.raw(key)
	if !ok {
		return nil, fmt.Errorf("%s: %w", key, errMissing)
	}
	var sub jsonObject
	if err := json.Unmarshal(v, &sub); err != nil || sub == nil {
		return nil, fmt.Errorf("%s: not an object", key)
	}
	return sub, nil
}

// optWhole decodes a nullable whole number: a JSON integer or a float
// without a fraction; a fraction, a non-number or a number beyond int64 is
// an error.
func (o jsonObject) optWhole(key string) (*int64, error) {
	v, ok := o.raw(key)
	if !ok {
		return nil, nil
	}
	text := string(bytes.TrimSpace(v))
	if !json.Valid(v) || strings.HasPrefix(text, `"`) || strings.HasPrefix(text, "{") ||
		strings.HasPrefix(text, "[") || text == "true" || text == "false" {
		return nil, fmt.Errorf("%s: not a number", key)
	}
	n, err := parseWholeNumber(key, text)
	return &n, err
}

// parseWholeNumber reads the text of a JSON number as a whole number.
func parseWholeNumber(key, text string) (int64, error) {
	if n, err := strconv.ParseInt(text, 10, 64); err == nil {
		return n, nil
	}
	f, err := strconv.ParseFloat(text, 64)
	switch {
	case err != nil || math.Abs(f) >= math.MaxInt64:
		return 0, fmt.Errorf("%s: %s is out of range", key, transport.Excerpt([]byte(text)))
	case f != math.Trunc(f):
		return 0, fmt.Errorf("%s: %s is not a whole number", key, transport.Excerpt([]byte(text)))
	}
	return int64(f), nil
}

// wholeNumber decodes a whole number that must be there (see optWhole).
func (o jsonObject) wholeNumber(key string) (int64, error) {
	n, err := o.optWhole(key)
	if err == nil && n == nil {
		return 0, fmt.Errorf("%s: %w", key, errMissing)
	}
	if err != nil {
		return 0, err
	}
	return *n, nil
}

// optFloat decodes a nullable number.
func (o jsonObject) optFloat(key string) (*float64, error) {
	v, ok := o.raw(key)
	if !ok {
		return nil, nil
	}
	var f float64
	if err := json.Unmarshal(v, &f); err != nil {
		return nil, fmt.Errorf("%s: not a number in range", key)
	}
	return &f, nil
}

// epochMillis decodes a timestamp in epoch milliseconds to UTC; missing or
// null is the zero time.
func (o jsonObject) epochMillis(key string) (time.Time, error) {
	ms, err := o.optWhole(key)
	if err != nil || ms == nil {
		return time.Time{}, err
	}
	return epochTime(key, *ms)
}

func epochTime(key string, ms int64) (time.Time, error) {
	if ms > maxEpochMillis || ms < -maxEpochMillis {
		return time.Time{}, fmt.Errorf("%s: %d is not a time in epoch milliseconds", key, ms)
	}
	return time.UnixMilli(ms).UTC(), nil
}

// firstFieldError returns the first non-nil error with a prefix naming where it is.
func firstFieldError(prefix string, errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return fmt.Errorf("%s%w", prefix, err)
		}
	}
	return nil
}

// decodeItem decodes one payment request field by field, each problem
// naming its field. A listing's pages go through decodeItems, which gives
// the same payments and errors in one pass (FuzzDecodeItems checks it).
func decodeItem(o jsonObject) (Payment, error) {
	var p Payment
	var errs [13]error
	p.ID, errs[0] = o.str("id")
	if errs[0] == nil && strings.TrimSpace(p.ID) == "" {
		errs[0] = errors.New("id: missing")
	}
	p.Name, errs[1] = o.str("name")
	p.Status, errs[2] = o.str("status")
	p.Type, errs[3] = o.str("type")
	p.Description, errs[4] = o.str("description")
	p.Link, errs[5] = o.str("link")
	p.Amount, errs[6] = o.optWhole("amount")
	p.Category, errs[7] = o.optStr("category")
	p.RedirectURL, errs[8] = o.optStr("redirectUrl")
	p.InstallmentID, errs[9] = o.optStr("installmentId")
	p.Limit, errs[10] = o.optFloat("limit")
	p.CreatedAt, errs[11] = o.epochMillis("createdAt")
	return p, firstFieldError("", errs[:]...)
}

// v1Page is one V1 page: its items and what the answer says of paging.
type v1Page struct {
	items                     []Payment
	page, pageCount, pageSize int64
	hasMore                   bool
}

func decodeV1Page(o jsonObject) (*v1Page, error) {
	pg := &v1Page{}
	var errs [5]error
	var n *int64
	if n, errs[0] = o.optWhole("page"); n != nil {
		pg.page = *n
	}
	if n, errs[1] = o.optWhole("pageCount"); n != nil {
		pg.pageCount = *n
	}
	if n, errs[2] = o.optWhole("pageSize"); n != nil {
		pg.pageSize = *n
	}
	pg.hasMore, errs[3] = o.boolean("hasMore")
	pg.items, errs[4] = decodeItems(o)
	return pg, firstFieldError("", errs[:]...)
}

// v2Page is one V2 page.
type v2Page struct {
	items   []Payment
	hasMore bool
	next    string
}

func decodeV2Page(o jsonObject) (*v2Page, error) {
	pg := &v2Page{}
	var errs [3]error
	pg.hasMore, errs[0] = o.boolean("hasMore")
	pg.next, errs[1] = o.str("nextStartingAfter")
	pg.items, errs[2] = decodeItems(o)
	return pg, firstFieldError("", errs[:]...)
}

func decodeBalance(o jsonObject) (*Balance, error) {
	d, err := o.obj("data")
	if err != nil {
		return nil, err
	}
	var b Balance
	var errs [3]error
	b.Active, errs[0] = d.wholeNumber("balanceActive")
	b.Pending, errs[1] = d.wholeNumber("balancePending")
	b.Total, errs[2] = d.wholeNumber("balance")
	return &b, firstFieldError("data.", errs[:]...)
}
