package mayar

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

// Every answer of Mayar's is decoded in one way: encoding/json reads the
// body into a struct of the answer's shape whose fields have the types
// below. Each of them takes any JSON value without failing and keeps what
// was wrong with it, so decoding never stops halfway, and turning the
// struct into the client's types afterwards names the field that is wrong
// (an encoding/json error names Go types). No body can make decoding
// panic, a null is nil or "", a number must be whole where Mayar sends
// whole numbers, and a timestamp must be a date.
//
// Keys match as encoding/json matches them: without regard to case, the
// last of a key given twice counting. Mayar's keys differ in more than
// case, so that changes nothing for its answers.

// maxEpochMillis bounds a timestamp to about the year 33000: beyond that it
// is garbage, not a date.
const maxEpochMillis = 1e15

// field is one field of an answer: its value, whether the answer had one
// (neither missing nor null), and what was wrong with it.
type field[V any] struct {
	v       V
	set     bool
	problem string
}

// read sets f from a JSON value: null leaves it unset; any other value is
// what parse makes of it, or what parse says is wrong with it.
func (f *field[V]) read(b []byte, parse func([]byte) (V, string)) error {
	*f = field[V]{}
	if !isNull(b) {
		v, problem := parse(b)
		if f.problem = problem; problem == "" {
			f.v, f.set = v, true
		}
	}
	return nil
}

// get is the value; missing and null are the zero value.
func (f field[V]) get(key string) (V, error) { return f.v, problemAt(key, f.problem) }

// opt is the value; missing and null are nil.
func (f field[V]) opt(key string) (*V, error) {
	if !f.set {
		return nil, problemAt(key, f.problem)
	}
	v := f.v
	return &v, nil
}

// required is the value, which must be there.
func (f field[V]) required(key string) (V, error) {
	if !f.set && f.problem == "" {
		return f.v, fmt.Errorf("%s: %w", key, errMissing)
	}
	return f.get(key)
}

// text is a JSON string.
type text struct{ field[string] }

func (t *text) UnmarshalJSON(b []byte) error {
	return t.read(b, func(b []byte) (string, string) {
		if b[0] != '"' {
			return "", "not a string"
		}
		return unquote(b), ""
	})
}

// unquote is the string a JSON string literal holds. One without escapes
// that is valid UTF-8 is its bytes; any other is left to encoding/json,
// which turns invalid UTF-8 and lone surrogates into U+FFFD.
func unquote(b []byte) string {
	if inner := b[1 : len(b)-1]; bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
		return string(inner)
	}
	var s string
	_ = json.Unmarshal(b, &s) // b is a valid string literal: the body was checked
	return s
}

// id is a string that must be there and not blank.
func (t text) id(key string) (string, error) {
	if t.problem == "" && strings.TrimSpace(t.v) == "" {
		return "", fmt.Errorf("%s: %w", key, errMissing)
	}
	return t.get(key)
}

// whole is a JSON number without a fraction (10 and 1e1 are, 10.5 is not)
// within int64.
type whole struct{ field[int64] }

func (w *whole) UnmarshalJSON(b []byte) error { return w.read(b, parseWhole) }

// parseWhole reads a JSON number as a whole number, or says why it is not
// one.
func parseWhole(b []byte) (int64, string) {
	if !isNumber(b) {
		return 0, "not a number"
	}
	text := string(b)
	if n, err := strconv.ParseInt(text, 10, 64); err == nil {
		return n, ""
	}
	f, err := strconv.ParseFloat(text, 64)
	switch {
	case err != nil || math.Abs(f) >= math.MaxInt64:
		return 0, transport.Excerpt(b) + " is out of range"
	case f != math.Trunc(f):
		return 0, transport.Excerpt(b) + " is not a whole number"
	}
	return int64(f), ""
}

// millis is a time in epoch milliseconds, in UTC; missing and null are the
// zero time.
func (w whole) millis(key string) (time.Time, error) {
	switch {
	case !w.set:
		return time.Time{}, problemAt(key, w.problem)
	case w.v > maxEpochMillis || w.v < -maxEpochMillis:
		return time.Time{}, fmt.Errorf("%s: %d is not a time in epoch milliseconds", key, w.v)
	}
	return time.UnixMilli(w.v).UTC(), nil
}

// number is any JSON number that fits a float64.
type number struct{ field[float64] }

func (n *number) UnmarshalJSON(b []byte) error {
	return n.read(b, func(b []byte) (float64, string) {
		f, err := strconv.ParseFloat(string(b), 64)
		if !isNumber(b) || err != nil {
			return 0, "not a number in range"
		}
		return f, ""
	})
}

// flag is a JSON boolean.
type flag struct{ field[bool] }

func (f *flag) UnmarshalJSON(b []byte) error {
	return f.read(b, func(b []byte) (bool, string) {
		switch string(b) {
		case "true":
			return true, ""
		case "false":
			return false, ""
		}
		return false, "not a boolean"
	})
}

func isNull(b []byte) bool { return string(b) == "null" }

func isNumber(b []byte) bool { return b[0] == '-' || (b[0] >= '0' && b[0] <= '9') }

var errMissing = errors.New("missing")

func problemAt(key, problem string) error {
	if problem == "" {
		return nil
	}
	return fmt.Errorf("%s: %s", key, problem)
}

// firstError returns the first non-nil error, the one of the earliest
// field.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// envelope is what every answer of Mayar's has around its data:
// {statusCode, messages, data}. Each kind of answer is a struct that
// embeds it and adds its data.
type envelope struct {
	StatusCode whole `json:"statusCode"`
	Messages   text  `json:"messages"`
	Message    text  `json:"message"` // what some failures carry instead of messages
}

func (e *envelope) head() *envelope { return e }

// answer is a pointer to a struct that embeds envelope.
type answer interface{ head() *envelope }

// refusal is what Mayar says is wrong with the fields of a write it
// refused: HTTP 200 "failed" with data [{type, message, field}], whose
// message names the field ("The 'name' field is required.").
type refusal struct {
	Data []struct {
		Message text `json:"message"`
	} `json:"data"`
}

// readAnswer decodes resp into out. A success is HTTP 2xx with messages
// "success"; anything else is apiErr, quoting Mayar's message. A success
// whose data has the wrong JSON type is problem, naming the field, for the
// caller to report as an unexpected answer.
func readAnswer(op string, resp *transport.Response, out answer) (apiErr *transport.APIError, problem error) {
	apiErr = newAPIError(op, resp)
	body := bytes.TrimSpace(resp.Body)
	if len(body) == 0 {
		apiErr.Problem = "the answer is empty"
		return apiErr, nil
	}
	if body[0] != '{' {
		apiErr.Problem = "the answer is not a JSON object"
		if !json.Valid(body) {
			apiErr.Problem = "the answer is not JSON"
		}
		apiErr.Body = transport.Excerpt(body)
		return apiErr, nil
	}
	// encoding/json checks that the whole body is JSON before it decodes
	// anything; after that, its only errors are fields of the wrong type,
	// reported once all the others are decoded.
	typeErr := json.Unmarshal(body, out)
	if syntaxErr := (*json.SyntaxError)(nil); errors.As(typeErr, &syntaxErr) {
		apiErr.Problem = "the answer is not JSON"
		apiErr.Body = transport.Excerpt(body)
		return apiErr, nil
	}
	env := out.head()
	msg := env.Messages.v
	if msg == "" {
		msg = env.Message.v
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 && strings.EqualFold(strings.TrimSpace(msg), "success") {
		return nil, typeProblem(typeErr, body, out)
	}
	if code := env.StatusCode; resp.StatusCode == 401 || (code.set && code.v == 401) || strings.EqualFold(strings.TrimSpace(msg), "unauthorized") {
		apiErr.Mark(ErrUnauthorized)
	}
	if msg != "" {
		msg += refusalDetail(body)
	}
	apiErr.Message = transport.Excerpt([]byte(msg))
	if apiErr.Message == "" {
		apiErr.Body = transport.Excerpt(body)
		if resp.StatusCode >= 200 && resp.StatusCode < 300 {
			apiErr.Problem = `the answer does not say "success"`
		}
	}
	return apiErr, nil
}

// refusalDetail is what a refusal says of each field, after ": ", as in
// `failed: The 'name' field is required.`; "" when it says nothing.
func refusalDetail(body []byte) string {
	var r refusal
	_ = json.Unmarshal(body, &r) // data of another shape says nothing of fields
	var details []string
	for _, f := range r.Data {
		if f.Message.v != "" {
			details = append(details, f.Message.v)
		}
	}
	if len(details) == 0 {
		return ""
	}
	return ": " + strings.Join(details, "; ")
}

// typeProblem names the field of a type error of encoding/json's in body,
// decoded into out. encoding/json names an array, not its item, so when
// out's data is a list of items, the item is found in body.
func typeProblem(err error, body []byte, out answer) error {
	var te *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case !errors.As(err, &te):
		return err
	case te.Type.Kind() == reflect.Slice:
		return fmt.Errorf("%s: not an array", te.Field)
	}
	if data, ok := reflect.TypeOf(out).Elem().FieldByName("Data"); ok && data.Type.Kind() == reflect.Slice && te.Field == "data" {
		if i, ok := itemNotObject(body); ok {
			return fmt.Errorf("data[%d]: not an object", i)
		}
	}
	return fmt.Errorf("%s: not an object", te.Field)
}

// itemNotObject is the index of the first item of an array data that is
// neither an object nor null.
func itemNotObject(body []byte) (int, bool) {
	var page struct {
		Data []json.RawMessage `json:"data"`
	}
	if json.Unmarshal(body, &page) != nil {
		return 0, false
	}
	for i, item := range page.Data {
		if item[0] != '{' && !isNull(item) {
			return i, true
		}
	}
	return 0, false
}

// decodeItems converts the items of a listing's data, naming the first
// item and field that are wrong.
func decodeItems[J, T any](data []J, decode func(*J) (T, error)) ([]T, error) {
	out := make([]T, len(data))
	for i := range data {
		var err error
		if out[i], err = decode(&data[i]); err != nil {
			return nil, fmt.Errorf("data[%d].%w", i, err)
		}
	}
	return out, nil
}

// oneAnswer is an answer whose data is one object.
type oneAnswer[J any] struct {
	envelope
	Data *J `json:"data"`
}

// request sends w and converts its answer's data with decode; an answer it
// cannot convert is unusable.
func request[J, T any](ctx context.Context, c *Client, w call, decode func(*J) (T, error)) (*T, error) {
	var a oneAnswer[J]
	resp, err := c.send(ctx, w, &a)
	if err != nil {
		return nil, err
	}
	v, err := decodeData(&a, decode)
	if err != nil {
		return nil, unusable(w, resp, err)
	}
	return v, nil
}

// decodeData converts an answer's data with decode, naming the field that
// is wrong.
func decodeData[J, T any](a *oneAnswer[J], decode func(*J) (T, error)) (*T, error) {
	if a.Data == nil {
		return nil, fmt.Errorf("data: %w", errMissing)
	}
	v, err := decode(a.Data)
	if err != nil {
		return nil, fmt.Errorf("data.%w", err)
	}
	return &v, nil
}

// identified is what a read of one answers: an object with an id.
type identified interface{ objectID() string }

// asked is decode that also checks that the object read is id, the one
// asked for, of kind what.
func asked[J any, T identified](what object, id string, decode func(*J) (T, error)) func(*J) (T, error) {
	return func(j *J) (T, error) {
		v, err := decode(j)
		if got := v.objectID(); err == nil && got != id {
			err = fmt.Errorf("id: asked for %s %q, got %q", what.name, transport.Excerpt([]byte(id)), transport.Excerpt([]byte(got)))
		}
		return v, err
	}
}

// balanceJSON is the balance's data.
type balanceJSON struct {
	Active  whole `json:"balanceActive"`
	Pending whole `json:"balancePending"`
	Total   whole `json:"balance"`
}

func (j *balanceJSON) balance() (Balance, error) {
	var b Balance
	var errs [3]error
	b.Active, errs[0] = j.Active.required("balanceActive")
	b.Pending, errs[1] = j.Pending.required("balancePending")
	b.Total, errs[2] = j.Total.required("balance")
	return b, firstError(errs[:]...)
}
