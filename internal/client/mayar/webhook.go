package mayar

import (
	"context"
	"fmt"
	"net/url"
)

// The account has one webhook URL. Mayar has no endpoint that reads it or
// removes it: what was set last stays set, and receives every event. Events
// are POSTed as {"event": "payment.received", "data": {...}} and are not
// signed, so a receiver should have a secret in its URL and confirm a
// payment by reading it.

// SetWebhookURL sets the account's webhook URL. Setting the same URL again
// changes nothing, so it is retried like a read.
func (c *Client) SetWebhookURL(ctx context.Context, hookURL string) error {
	return c.webhook(ctx, opSetWebhook, hookURL)
}

// TestWebhook asks Mayar to send a test event to hookURL. A retry after a
// failure may send a second test event, which a receiver should tolerate.
func (c *Client) TestWebhook(ctx context.Context, hookURL string) error {
	return c.webhook(ctx, opTestWebhook, hookURL)
}

func (c *Client) webhook(ctx context.Context, op, hookURL string) error {
	if u, err := url.Parse(hookURL); err != nil || !u.IsAbs() || u.Host == "" {
		return fmt.Errorf("Mayar webhook URL must be an absolute URL, got %q", hookURL)
	}
	e, err := c.endpoint(op, object{}, "")
	if err != nil {
		return err
	}
	_, err = c.send(ctx, call{endpoint: e, body: map[string]string{"urlHook": hookURL}}, &envelope{})
	return err
}
