package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

// What the Mayar listing data sources (indopay_mayar_payments,
// indopay_mayar_products) share: the whole listing bounded by
// timeouts.read, and the state built as Terraform values directly, not
// through reflection over a model: for thousands of items reflection would
// cost several times what listing them does (docs/design.md).

// mayarCreatedAtLayout is RFC 3339 in UTC with milliseconds, the precision
// of Mayar's epoch-millisecond timestamps. The fixed width keeps string order
// equal to time order, so sort() and string comparisons in HCL stay correct.
const mayarCreatedAtLayout = "2006-01-02T15:04:05.000Z"

// defaultMayarListTimeout bounds a listing when timeouts.read is unset:
// with pacing at Mayar's 20 requests a minute, 5,000 items in pages of 50
// take about five minutes, so the default leaves room for far more.
const defaultMayarListTimeout = 20 * time.Minute

// mayarListing is one listing data source's listing of items of type T:
// its names, for logs and errors, and how an item becomes an element of
// its list.
type mayarListing[T any] struct {
	what     string // "Mayar payment requests"
	typeName string // "indopay_mayar_payments"
	narrower string // the arguments that list fewer pages: "max_items or created_after"
	list     string // the attribute that holds the items: "payments"
	attrs    func(*T) map[string]tftypes.Value
}

// mayarPage is what a listing found and what it cost.
type mayarPage[T any] struct {
	items           []T
	pages, requests int
}

// read calls list within timeout (timeouts.read), logging at info level
// when it starts, with args, and what it cost when it ends, and sets the
// state (listingState). A listing stopped by the timeout is an error
// naming timeouts.read; any other failure, an error with the client's
// message.
func (l mayarListing[T]) read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse,
	timeout time.Duration, args map[string]any, list func(context.Context) (mayarPage[T], error),
) {
	logged := maps.Clone(args)
	logged["timeout"] = transport.FormatDuration(timeout)
	tflog.Info(ctx, "Listing "+l.what, logged)
	started := time.Now()
	listCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	found, err := list(listCtx)
	switch {
	case err != nil && errors.Is(listCtx.Err(), context.DeadlineExceeded) && ctx.Err() == nil:
		resp.Diagnostics.AddError("Mayar listing timed out", fmt.Sprintf(
			"Listing %s did not finish within timeouts.read (%s) and was stopped: %s\n\n"+
				"Raise it with timeouts { read = \"...\" } in the %s block, or list fewer pages with %s; a "+
				"listing paced by mayar.requests_per_minute needs about a minute per that many pages.",
			l.what, transport.FormatDuration(timeout), err, l.typeName, l.narrower))
		return
	case err != nil:
		resp.Diagnostics.AddError("Unable to list "+l.what, mayarErrorDetail(err))
		return
	}
	tflog.Info(ctx, "Listed "+l.what, map[string]any{
		"items": len(found.items), "pages": found.pages, "requests": found.requests,
		"duration_ms": time.Since(started).Milliseconds(),
	})
	state, err := listingState(req.Config.Raw, l.list, found.items, l.attrs)
	if err != nil {
		resp.Diagnostics.AddError("Unable to build the state of "+l.what, err.Error())
		return
	}
	resp.State.Raw = state
}

// listingState is the state of a listing's read: the configuration as
// given, with items as the list attribute named list, each item's
// attributes made by attrs, and their count as total.
func listingState[T any](config tftypes.Value, list string, items []T, attrs func(*T) map[string]tftypes.Value) (tftypes.Value, error) {
	listType, ok := config.Type().(tftypes.Object).AttributeTypes[list].(tftypes.List)
	if !ok {
		return tftypes.Value{}, fmt.Errorf("the schema has no %s list", list)
	}
	itemType, ok := listType.ElementType.(tftypes.Object)
	if !ok {
		return tftypes.Value{}, fmt.Errorf("the %s list does not hold objects", list)
	}
	values := make([]tftypes.Value, len(items))
	for i := range items {
		values[i] = tftypes.NewValue(itemType, attrs(&items[i]))
	}
	return withAttributes(config, map[string]tftypes.Value{
		list:    tftypes.NewValue(listType, values),
		"total": tftypes.NewValue(tftypes.Number, int64(len(items))),
	})
}

// withAttributes is the object config with the attributes set replaced:
// the state of a data source, its arguments as given and what it read.
func withAttributes(config tftypes.Value, set map[string]tftypes.Value) (tftypes.Value, error) {
	var given map[string]tftypes.Value
	if err := config.As(&given); err != nil {
		return tftypes.Value{}, err
	}
	attrs := maps.Clone(given) // As shares the configuration's own map
	maps.Copy(attrs, set)
	return tftypes.NewValue(config.Type(), attrs), nil
}

// createdAtValue is a Mayar creation time as a listing's created_at: null
// when the answer had none.
func createdAtValue(t time.Time) tftypes.Value {
	if t.IsZero() {
		return tftypes.NewValue(tftypes.String, nil)
	}
	return tftypes.NewValue(tftypes.String, t.UTC().Format(mayarCreatedAtLayout))
}
