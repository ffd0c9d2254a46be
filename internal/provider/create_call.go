package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

// createCall is the context of the call a Create makes to bring a remote
// object into being (a PayGet payment, a Mayar payment request): ctx bounded
// by the resource's create timeout.
//
// Terraform cancels ctx when it is interrupted (Ctrl-C), then waits for the
// Create to return and records whatever state it returns. A create request
// is not idempotent, so the client's transport does not abandon one already
// sent (internal/client/transport, Request.Idempotent): it waits for the
// answer, at most request_timeout, and sends nothing more. The Create then
// has the object and writes it to state as usual, and the interrupted apply
// loses nothing. A request not sent yet is not sent; stoppedBeforeSending
// recognises that error. docs/design.md ("A create is sent once") lists
// every part of this rule and where each is enforced.
//
// done must be called once the call has returned.
func createCall(ctx context.Context, timeout time.Duration, object string) (call context.Context, done func()) {
	call, cancel := context.WithTimeout(ctx, timeout)
	stopNote := context.AfterFunc(call, func() {
		// Said once, while the request is out, so that a user reading
		// TF_LOG knows why the stop waits.
		tflog.Info(call, "Creating "+object+": the operation was stopped (Terraform interrupted, or the create "+
			"timeout passed) while its request was out; waiting for the answer, at most request_timeout, so "+
			"that what it created reaches state")
	})
	return call, func() {
		stopNote()
		cancel()
	}
}

// stoppedBeforeSending reports whether a create failed because its context
// ended before a request went out (or while it waited to send one again
// after the API refused it with 429), so that nothing was created; and why,
// for the diagnostic.
func stoppedBeforeSending(err error, timeout time.Duration) (string, bool) {
	switch {
	case errors.Is(err, transport.ErrOutcomeUnknown):
		return "", false
	case errors.Is(err, context.Canceled):
		return "Terraform was interrupted", true
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf("timeouts.create (%s) passed", transport.FormatDuration(timeout)), true
	}
	return "", false
}
