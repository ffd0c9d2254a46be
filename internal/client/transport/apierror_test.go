package transport_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport/transporttest"
)

// TestSecretsRedactedOnceInEveryAnswer: the transport removes Config.Secrets
// from a whole answer's body before any client sees it, from what arrived
// of a cut-off one, and from an *APIError's text, where a client's
// normalisation could have glued a split key back together.
func TestSecretsRedactedOnceInEveryAnswer(t *testing.T) {
	const key, other = "pg_secret_key_0001", "mayar_secret_key_0002"
	srv := &transporttest.Server{Actions: []transporttest.Action{
		transporttest.Reply(401, `{"message":"Invalid key `+key+` (also `+other+`)"}`),
		transporttest.Truncated(502, `{"echo":"`+key+`","rest":"`+strings.Repeat("x", 80)+`"}`),
	}}
	c, _ := newTestClient(t, srv, transport.Config{Secrets: []string{key, "", other}})

	resp, err := c.Do(context.Background(), get("/a"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(resp.Body), `{"message":"Invalid key *** (also ***)"}`; got != want {
		t.Fatalf("body %s, want %s", got, want)
	}
	apiErr := transport.NewAPIError("PayGet", "GET /a", resp)
	apiErr.Message = "glued " + key[:5] + key[5:] // as a decoder could produce from a split key
	if got := apiErr.Error(); strings.Contains(got, key) || !strings.Contains(got, `"glued ***"`) {
		t.Fatalf("error text %q", got)
	}

	_, err = c.Do(context.Background(), get("/b"))
	failure := transport.RequestFailure("PayGet", "GET /b", err, "unused")
	if !errors.As(failure, &apiErr) || apiErr.StatusCode != 502 || apiErr.Problem != "the answer was cut off" {
		t.Fatalf("got %T %v, want the *APIError of a cut-off answer", failure, failure)
	}
	if strings.Contains(failure.Error(), key) || !strings.Contains(apiErr.Body, `"echo":"***"`) {
		t.Fatalf("excerpt %q of a cut-off answer", apiErr.Body)
	}
}

// TestAPIErrorMarks: errors.Is finds exactly the sentinels a client marked
// an *APIError with, also through wrapping, and Mark adds each once.
func TestAPIErrorMarks(t *testing.T) {
	notFound, paid := errors.New("not found"), errors.New("paid")
	e := &transport.APIError{API: "Mayar", Operation: "GET /x", StatusCode: 404}
	e.Mark(notFound)
	e.Mark(notFound)
	wrapped := errors.Join(errors.New("context"), e)
	if !errors.Is(wrapped, notFound) || errors.Is(wrapped, paid) || errors.Is(wrapped, transport.ErrOutcomeUnknown) || len(e.Marks) != 1 {
		t.Fatalf("marks %v", e.Marks)
	}
	if got, want := e.Error(), "Mayar GET /x: HTTP 404"; got != want {
		t.Fatalf("%q, want %q", got, want)
	}
}
