package mayar

import (
	"bytes"
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

// text is a JSON string; missing and null are "".
type text struct {
	s       string
	set     bool // a string was there
	problem string
}

func (t *text) UnmarshalJSON(b []byte) error {
	*t = text{}
	switch {
	case isNull(b):
	case b[0] != '"':
		t.problem = "not a string"
	default:
		t.s, t.set = unquote(b), true
	}
	return nil
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

func (t text) str(key string) (string, error) { return t.s, problemAt(key, t.problem) }

// id is a string that must be there and not blank.
func (t text) id(key string) (string, error) {
	if t.problem == "" && strings.TrimSpace(t.s) == "" {
		return "", fmt.Errorf("%s: %w", key, errMissing)
	}
	return t.str(key)
}

// opt is a string that may be null.
func (t text) opt(key string) (*string, error) {
	if !t.set {
		return nil, problemAt(key, t.problem)
	}
	s := t.s
	return &s, nil
}

// whole is a JSON number without a fraction (10 and 1e1 are, 10.5 is not)
// within int64; missing and null are nil.
type whole struct {
	n       int64
	set     bool
	problem string
}

func (w *whole) UnmarshalJSON(b []byte) error {
	*w = whole{}
	switch {
	case isNull(b):
	case !isNumber(b):
		w.problem = "not a number"
	default:
		w.n, w.problem = parseWhole(string(b))
		w.set = w.problem == ""
	}
	return nil
}

// parseWhole reads the text of a JSON number as a whole number, or says
// why it is not one.
func parseWhole(text string) (int64, string) {
	if n, err := strconv.ParseInt(text, 10, 64); err == nil {
		return n, ""
	}
	f, err := strconv.ParseFloat(text, 64)
	switch {
	case err != nil || math.Abs(f) >= math.MaxInt64:
		return 0, transport.Excerpt([]byte(text)) + " is out of range"
	case f != math.Trunc(f):
		return 0, transport.Excerpt([]byte(text)) + " is not a whole number"
	}
	return int64(f), ""
}

func (w whole) opt(key string) (*int64, error) {
	if !w.set {
		return nil, problemAt(key, w.problem)
	}
	n := w.n
	return &n, nil
}

// required is a whole number that must be there.
func (w whole) required(key string) (int64, error) {
	if !w.set && w.problem == "" {
		return 0, fmt.Errorf("%s: %w", key, errMissing)
	}
	return w.n, problemAt(key, w.problem)
}

// millis is a time in epoch milliseconds, in UTC; missing and null are the
// zero time.
func (w whole) millis(key string) (time.Time, error) {
	switch {
	case !w.set:
		return time.Time{}, problemAt(key, w.problem)
	case w.n > maxEpochMillis || w.n < -maxEpochMillis:
		return time.Time{}, fmt.Errorf("%s: %d is not a time in epoch milliseconds", key, w.n)
	}
	return time.UnixMilli(w.n).UTC(), nil
}

// number is any JSON number that fits a float64; missing and null are nil.
type number struct {
	f       float64
	set     bool
	problem string
}

func (n *number) UnmarshalJSON(b []byte) error {
	*n = number{}
	switch f, err := strconv.ParseFloat(string(b), 64); {
	case isNull(b):
	case !isNumber(b) || err != nil:
		n.problem = "not a number in range"
	default:
		n.f, n.set = f, true
	}
	return nil
}

func (n number) opt(key string) (*float64, error) {
	if !n.set {
		return nil, problemAt(key, n.problem)
	}
	f := n.f
	return &f, nil
}

// flag is a JSON boolean; missing and null are false.
type flag struct {
	b       bool
	problem string
}

func (f *flag) UnmarshalJSON(b []byte) error {
	*f = flag{}
	switch string(b) {
	case "null":
	case "true":
		f.b = true
	case "false":
	default:
		f.problem = "not a boolean"
	}
	return nil
}

func (f flag) get(key string) (bool, error) { return f.b, problemAt(key, f.problem) }

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
// refused: HTTP 200 "failed" with data [{type, message, field}].
type refusal struct {
	Data []struct {
		Message text `json:"message"`
		Field   text `json:"field"`
	} `json:"data"`
}

// readAnswer decodes resp into out. A success is HTTP 2xx with messages
// "success"; anything else is an *transport.APIError quoting Mayar's
// message. A success whose data has the wrong JSON type is problem, naming
// the field, for the caller to report as an unexpected answer.
func readAnswer(op string, resp *transport.Response, out answer) (problem error, apiErr *transport.APIError) {
	apiErr = newAPIError(op, resp)
	body := bytes.TrimSpace(resp.Body)
	switch {
	case len(body) == 0:
		apiErr.Problem = "the answer is empty"
		return nil, apiErr
	case !json.Valid(body):
		apiErr.Problem = "the answer is not JSON"
		apiErr.Body = transport.Excerpt(body)
		return nil, apiErr
	case body[0] != '{':
		apiErr.Problem = "the answer is not a JSON object"
		apiErr.Body = transport.Excerpt(body)
		return nil, apiErr
	}
	// After json.Valid, the only errors are fields of the wrong type,
	// which encoding/json reports after decoding all the others.
	typeErr := json.Unmarshal(body, out)
	env := out.head()
	msg := env.Messages.s
	if msg == "" {
		msg = env.Message.s
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 && strings.EqualFold(strings.TrimSpace(msg), "success") {
		return typeProblem(typeErr, body), nil
	}
	if code := env.StatusCode; resp.StatusCode == 401 || (code.set && code.n == 401) || strings.EqualFold(strings.TrimSpace(msg), "unauthorized") {
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
	return nil, apiErr
}

// refusalDetail is what a refusal says of each field, after ": ", as in
// `failed: The 'name' field is required.`; "" when it says nothing.
func refusalDetail(body []byte) string {
	var r refusal
	_ = json.Unmarshal(body, &r) // data of another shape says nothing of fields
	var details []string
	for _, f := range r.Data {
		if f.Message.s != "" {
			details = append(details, f.Message.s)
		}
	}
	if len(details) == 0 {
		return ""
	}
	return ": " + strings.Join(details, "; ")
}

// typeProblem names the field of a type error of encoding/json's. It
// names an array's field, not the item, so the item is found in body.
func typeProblem(err error, body []byte) error {
	var te *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case !errors.As(err, &te):
		return err
	case te.Type.Kind() == reflect.Slice:
		return fmt.Errorf("%s: not an array", te.Field)
	}
	if i, ok := itemNotObject(body); ok && te.Field == "data" {
		return fmt.Errorf("data[%d]: not an object", i)
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

// balanceAnswer is the balance's answer.
type balanceAnswer struct {
	envelope
	Data *struct {
		Active  whole `json:"balanceActive"`
		Pending whole `json:"balancePending"`
		Total   whole `json:"balance"`
	} `json:"data"`
}

func (a *balanceAnswer) balance() (*Balance, error) {
	d := a.Data
	if d == nil {
		return nil, fmt.Errorf("data: %w", errMissing)
	}
	var b Balance
	var errs [3]error
	b.Active, errs[0] = d.Active.required("balanceActive")
	b.Pending, errs[1] = d.Pending.required("balancePending")
	b.Total, errs[2] = d.Total.required("balance")
	if err := firstError(errs[:]...); err != nil {
		return nil, fmt.Errorf("data.%w", err)
	}
	return &b, nil
}
