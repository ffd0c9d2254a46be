package transport

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Logger receives the transport's log lines; the provider adapts tflog to
// it. Fields never hold headers, query strings or request bodies.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
	Info(ctx context.Context, msg string, fields map[string]any)
}

// scrubLogger removes every configured secret from messages and field
// values before they reach the real logger: defence in depth, since the
// transport never logs headers in the first place.
type scrubLogger struct {
	next    Logger
	secrets []string
}

func (l scrubLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	if l.next != nil {
		l.next.Debug(ctx, l.scrub(msg), l.scrubFields(fields))
	}
}

func (l scrubLogger) Info(ctx context.Context, msg string, fields map[string]any) {
	if l.next != nil {
		l.next.Info(ctx, l.scrub(msg), l.scrubFields(fields))
	}
}

func (l scrubLogger) scrub(s string) string { return redactString(s, l.secrets) }

// scrubFields copies fields, turning anything that is not a plain number or
// bool into a scrubbed string, so that an error or a Stringer cannot carry
// a secret past the filter.
func (l scrubLogger) scrubFields(fields map[string]any) map[string]any {
	out := make(map[string]any, len(fields))
	for k, v := range fields {
		switch v := v.(type) {
		case int, int64, int32, uint, uint64, float64, bool:
			out[k] = v
		case string:
			out[k] = l.scrub(v)
		case error:
			out[k] = l.scrub(v.Error())
		default:
			out[k] = l.scrub(fmt.Sprint(v))
		}
	}
	return out
}

// redact returns b with every occurrence of each non-empty secret replaced
// by "***". It is the one place secrets are removed: from every answer's
// body as soon as it is read (attemptTransport), so that a server or proxy
// that echoes a key (a debug page, a reflected header) cannot carry it into
// a decoded field or an error, and a key cut in half by an excerpt is still
// caught; from the text of an *APIError, of an *Error (net/http quotes
// some of what a peer sent) and of a *BodyError; and from every log line.
func redact(b []byte, secrets []string) []byte {
	for _, s := range secrets {
		if s != "" && bytes.Contains(b, []byte(s)) {
			b = bytes.ReplaceAll(b, []byte(s), []byte("***"))
		}
	}
	return b
}

// redactString is redact for a string.
func redactString(s string, secrets []string) string {
	for _, secret := range secrets {
		if secret != "" && strings.Contains(s, secret) {
			return string(redact([]byte(s), secrets))
		}
	}
	return s
}

// excerptMax is the most bytes of a response body an error quotes.
const excerptMax = 200

// Excerpt returns at most 200 bytes of b fit to quote in an error message:
// valid UTF-8, printable characters only (control and format characters
// dropped), runs of white space collapsed to one space, and an ellipsis when
// cut. A proxy's HTML page or binary garbage thus never floods a message.
func Excerpt(b []byte) string {
	var sb strings.Builder
	space := false
	for len(b) > 0 && sb.Len() <= excerptMax {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		switch {
		case r == utf8.RuneError && size <= 1:
			continue
		case unicode.IsSpace(r):
			space = sb.Len() > 0
			continue
		case !unicode.IsGraphic(r):
			continue
		}
		if space {
			sb.WriteByte(' ')
			space = false
		}
		sb.WriteRune(r)
	}
	s := sb.String()
	if len(s) <= excerptMax {
		return s
	}
	// Cut on a rune boundary, leaving room for the ellipsis.
	cut := excerptMax - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strings.TrimRight(s[:cut], " ") + "…"
}
