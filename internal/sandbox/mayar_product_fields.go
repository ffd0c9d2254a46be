package sandbox

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// paymentLinkFields is what a create or an edit body says about a payment
// link; a nil pointer is a field not sent (null counts as not sent).
type paymentLinkFields struct {
	id, name                                   string
	amount                                     *int64
	description, redirectURL, notes, expiredAt *string
	limit, tax                                 *int64
	coverImageURL                              *string
}

// fieldChecker reads the fields of a body and collects every problem, the
// way Mayar's validator reports them: one {type, message, field} each. The
// "required" entry is Mayar's own; the other types and messages are the
// sandbox's, in the same form.
type fieldChecker struct {
	body     map[string]json.RawMessage
	problems []mayarFieldError
}

func (c *fieldChecker) refuse(field, kind, format string, args ...any) {
	msg := fmt.Sprintf("The '%s' field "+format, append([]any{field}, args...)...)
	c.problems = append(c.problems, mayarFieldError{Type: kind, Message: msg, Field: field})
}

// raw is the field's JSON; ok is false when it is absent or null, and a
// required field is then refused.
func (c *fieldChecker) raw(field string, required bool) (json.RawMessage, bool) {
	raw, found := c.body[field]
	if !found || string(raw) == "null" {
		if required {
			c.refuse(field, "required", "is required.")
		}
		return nil, false
	}
	return raw, true
}

// text reads a string field, trimmed; a required one must not be blank.
func (c *fieldChecker) text(field string, required bool) *string {
	v := c.verbatim(field, required)
	if v == nil {
		return nil
	}
	trimmed := strings.TrimSpace(*v)
	if required && trimmed == "" {
		c.refuse(field, "required", "is required.")
		return nil
	}
	return &trimmed
}

// verbatim reads a string field as sent: a description, which comes back as
// sent when it is HTML.
func (c *fieldChecker) verbatim(field string, required bool) *string {
	raw, ok := c.raw(field, required)
	if !ok {
		return nil
	}
	var v string
	if json.Unmarshal(raw, &v) != nil {
		c.refuse(field, "string", "must be a string.")
		return nil
	}
	return &v
}

// whole reads a whole-number field of at least minimum.
func (c *fieldChecker) whole(field string, required bool, minimum int64) *int64 {
	raw, ok := c.raw(field, required)
	if !ok {
		return nil
	}
	var n int64
	if err := json.Unmarshal(raw, &n); err != nil {
		var f float64
		if json.Unmarshal(raw, &f) == nil {
			c.refuse(field, "numberInteger", "must be an integer.")
		} else {
			c.refuse(field, "number", "must be a number.")
		}
		return nil
	}
	if n < minimum {
		c.refuse(field, "numberMin", "must be greater than or equal to %d.", minimum)
		return nil
	}
	return &n
}

// date reads an ISO 8601 date field, as sent.
func (c *fieldChecker) date(field string) *string {
	v := c.text(field, false)
	if v != nil && *v != "" {
		if _, err := time.Parse(time.RFC3339Nano, *v); err != nil {
			c.refuse(field, "date", "must be a Date.")
			return nil
		}
	}
	return v
}

// imageURL reads coverImage: a URL, or an object with a "url".
func (c *fieldChecker) imageURL(field string) *string {
	raw, ok := c.raw(field, false)
	if !ok {
		return nil
	}
	var url string
	if json.Unmarshal(raw, &url) == nil {
		return &url
	}
	var obj struct {
		URL string `json:"url"`
	}
	if json.Unmarshal(raw, &obj) != nil {
		c.refuse(field, "object", "must be an object.")
		return nil
	}
	return &obj.URL
}

// readPaymentLinkFields checks a create's body (edit false: name and amount
// required, limit, tax and coverImage taken) or an edit's (id and name
// required; limit, tax and coverImage cannot be edited and are not read).
func readPaymentLinkFields(body map[string]json.RawMessage, edit bool) (paymentLinkFields, []mayarFieldError) {
	c := fieldChecker{body: body}
	var f paymentLinkFields
	if edit {
		if id := c.text("id", true); id != nil {
			f.id = *id
		}
	}
	if name := c.text("name", true); name != nil {
		f.name = *name
	}
	f.amount = c.whole("amount", !edit, 1)
	f.description = c.verbatim("description", false)
	f.redirectURL = c.text("redirectUrl", false)
	f.notes = c.text("notes", false)
	f.expiredAt = c.date("expiredAt")
	if !edit {
		f.limit = c.whole("limit", false, 1)
		f.tax = c.whole("tax", false, 0)
		f.coverImageURL = c.imageURL("coverImage")
	}
	return f, c.problems
}

// createInput is a checked create's fields as CreateMayarPaymentLink takes
// them.
func (f paymentLinkFields) createInput() MayarPaymentLinkInput {
	in := MayarPaymentLinkInput{Name: f.name, Limit: f.limit, Tax: f.tax}
	if f.amount != nil {
		in.Amount = *f.amount
	}
	for _, v := range []struct {
		from *string
		to   *string
	}{
		{f.description, &in.Description}, {f.redirectURL, &in.RedirectURL}, {f.notes, &in.Notes},
		{f.expiredAt, &in.ExpiredAt}, {f.coverImageURL, &in.CoverImageURL},
	} {
		if v.from != nil {
			*v.to = *v.from
		}
	}
	return in
}

// applyTo is a checked edit: the name always, the other fields when sent
// ("" clears redirectUrl and notes).
func (f paymentLinkFields) applyTo(p *MayarProduct) {
	p.Name = f.name
	if f.amount != nil {
		p.Amount = clonePtr(f.amount)
	}
	if f.description != nil {
		p.Description = mayarHTML(*f.description)
	}
	if f.redirectURL != nil {
		p.RedirectURL = optionalText(*f.redirectURL)
	}
	if f.notes != nil {
		p.Notes = optionalText(*f.notes)
	}
	if f.expiredAt != nil {
		p.ExpiredAt = *f.expiredAt
	}
}
