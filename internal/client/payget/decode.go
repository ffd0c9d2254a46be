package payget

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

// jsonObject is a JSON object whose fields are decoded one by one, so that
// each problem names its field and no body can make decoding panic.
type jsonObject map[string]json.RawMessage

// parseAnswer checks PayGet's envelope: a non-2xx status is an error
// whatever the body, and so is success other than true whatever the
// status. It returns the answer's object for the endpoint to decode.
func parseAnswer(op string, resp *transport.Response) (jsonObject, *transport.APIError) {
	apiErr := newAPIError(op, resp)
	if resp.StatusCode == 401 {
		apiErr.Mark(ErrUnauthorized)
	}
	ok2xx := resp.StatusCode >= 200 && resp.StatusCode < 300
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
	msg, _ := obj.str("message")
	apiErr.Message = msg
	success, err := obj.boolean("success")
	if ok2xx && err == nil && success {
		return obj, nil
	}
	if msg == "" {
		apiErr.Body = transport.Excerpt(body)
	}
	if ok2xx && err != nil {
		apiErr.Problem = `the answer has no boolean "success"`
	}
	// Only PayGet's own envelope can say "not found": a 404 page from a
	// proxy or a wrong base URL must not make a payment vanish from state.
	envelopeFailure := err == nil && !success
	if envelopeFailure && (resp.StatusCode == 404 || strings.Contains(strings.ToLower(msg), "not found")) {
		apiErr.Mark(ErrNotFound)
	}
	if envelopeFailure && strings.Contains(strings.ToLower(msg), "api key") {
		apiErr.Mark(ErrUnauthorized)
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

// field decodes o[key] into a T; kind names the JSON type T stands for, in
// the error.
func field[T any](o jsonObject, key, kind string) (T, error) {
	var out T
	v, ok := o.raw(key)
	if !ok {
		return out, fmt.Errorf("%s: %w", key, errMissing)
	}
	if err := json.Unmarshal(v, &out); err != nil {
		return out, fmt.Errorf("%s: not %s", key, kind)
	}
	return out, nil
}

func (o jsonObject) str(key string) (string, error) { return field[string](o, key, "a string") }

func (o jsonObject) boolean(key string) (bool, error) { return field[bool](o, key, "a boolean") }

func (o jsonObject) obj(key string) (jsonObject, error) {
	return field[jsonObject](o, key, "an object")
}

// wholeNumber decodes a whole number of rupiah: a JSON integer, a float
// without a fraction (50000.0) or a string holding one; anything else, or a
// number beyond int64, is an error.
func (o jsonObject) wholeNumber(key string) (int64, error) {
	v, ok := o.raw(key)
	if !ok {
		return 0, fmt.Errorf("%s: %w", key, errMissing)
	}
	text := string(bytes.TrimSpace(v))
	if strings.HasPrefix(text, `"`) {
		if err := json.Unmarshal(v, &text); err != nil {
			return 0, fmt.Errorf("%s: not a number", key)
		}
	}
	if n, err := strconv.ParseInt(text, 10, 64); err == nil {
		return n, nil
	}
	f, err := strconv.ParseFloat(text, 64)
	switch {
	case err != nil && !errors.Is(err, strconv.ErrRange):
		return 0, fmt.Errorf("%s: not a number", key)
	case err != nil || math.Abs(f) >= math.MaxInt64:
		return 0, fmt.Errorf("%s: %s is out of range", key, transport.Excerpt([]byte(text)))
	case f != math.Trunc(f):
		return 0, fmt.Errorf("%s: %s is not a whole number", key, transport.Excerpt([]byte(text)))
	}
	return int64(f), nil
}

// firstFieldError returns the first field error, prefixed with the object
// that holds the field: one clear reason is enough to reject an answer.
func firstFieldError(prefix string, errs ...error) error {
	for _, err := range errs {
		if err != nil {
			if prefix != "" {
				return fmt.Errorf("%s.%w", prefix, err)
			}
			return err
		}
	}
	return nil
}

// id decodes a field that must be a non-empty string.
func (o jsonObject) id(key string) (string, error) {
	s, err := o.str(key)
	if err == nil && strings.TrimSpace(s) == "" {
		return "", fmt.Errorf("%s: empty", key)
	}
	return s, err
}

func decodeProfile(o jsonObject) (*Profile, error) {
	p, err := o.obj("profile")
	if err != nil {
		return nil, err
	}
	var out Profile
	var errs [3]error
	out.Username, errs[0] = p.str("username")
	out.Level, errs[1] = p.str("level")
	out.Balance, errs[2] = p.wholeNumber("balance")
	return &out, firstFieldError("profile", errs[:]...)
}

// decodeCreate reads either create answer PayGet documents: the flat one
// (paymentId, qrCode, ... at the top level) or the nested "payment" object
// of a later revision of its documentation.
func decodeCreate(o jsonObject) (*Payment, error) {
	out := Payment{}
	out.Message, _ = o.str("message")
	if p, err := o.obj("payment"); err == nil {
		var errs [7]error
		out.ID, errs[0] = p.id("id")
		out.QRCode, errs[1] = p.str("qris")
		out.Amount, errs[2] = p.wholeNumber("amount")
		out.Fee, errs[3] = p.wholeNumber("fee")
		out.BalanceReceived, errs[4] = p.wholeNumber("finalAmount")
		var exp string
		if exp, errs[5] = p.str("exp"); errs[5] == nil {
			out.ExpiresAt, errs[5] = parseTime(exp)
		}
		out.Status, errs[6] = p.str("status")
		if errors.Is(errs[6], errMissing) {
			out.Status, errs[6] = StatusPending, nil
		}
		return &out, firstFieldError("payment", errs[:]...)
	} else if !errors.Is(err, errMissing) {
		return &out, err
	}
	var errs [5]error
	out.ID, errs[0] = o.id("paymentId")
	out.QRCode, errs[1] = o.str("qrCode")
	out.Amount, errs[2] = o.wholeNumber("amount")
	out.Fee, errs[3] = o.wholeNumber("fee")
	out.BalanceReceived, errs[4] = o.wholeNumber("balanceReceived")
	out.Status = StatusPending // the flat answer has no status: a new payment waits for its payer
	return &out, firstFieldError("", errs[:]...)
}

func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, fmt.Errorf("exp: %q is not an ISO 8601 time", transport.Excerpt([]byte(s)))
	}
	return t.UTC(), nil
}

func decodeStatus(o jsonObject, id string) (*PaymentStatus, error) {
	out := PaymentStatus{ID: id}
	var errs [3]error
	if got, err := o.str("id"); err == nil && got != "" {
		out.ID = got
	} else if err != nil && !errors.Is(err, errMissing) {
		errs[0] = err
	}
	out.Status, errs[1] = o.id("status")
	out.Amount, errs[2] = o.wholeNumber("amount")
	return &out, firstFieldError("", errs[:]...)
}

func decodeCancel(o jsonObject, id string) (*PaymentStatus, error) {
	// A cancelled payment reads back as Expired, as PayGet documents, which
	// is what an answer without the payment object means.
	out := PaymentStatus{ID: id, Status: StatusExpired}
	p, err := o.obj("payment")
	if errors.Is(err, errMissing) {
		return &out, nil
	} else if err != nil {
		return nil, err
	}
	var errs [2]error
	if got, err := p.str("id"); err == nil && got != "" {
		out.ID = got
	} else if err != nil && !errors.Is(err, errMissing) {
		errs[0] = err
	}
	if got, err := p.id("status"); err == nil {
		out.Status = got
	} else if !errors.Is(err, errMissing) {
		errs[1] = err
	}
	return &out, firstFieldError("payment", errs[:]...)
}
