package provider

import (
	"context"
	"fmt"
	"iter"
	"maps"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

// mayarListResource is what the list resources of Mayar objects share:
// their type name, and the provider's data, which Configure hands over.
type mayarListResource struct {
	typeName string // "indopay_mayar_payment_link"
	data     *providerData
}

func (l *mayarListResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = l.typeName
}

func (l *mayarListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.data, resp.Diagnostics = providerDataFrom(req.ProviderData)
}

// mayarListQuery is what a list resource of Mayar objects lists, for
// streamMayarList.
type mayarListQuery[T any] struct {
	plural  string         // "payment links", as in "Unable to list Mayar payment links"
	filters map[string]any // the list block's filters, for the log
	// pages lists the objects page by page; limit is what Terraform reads
	// at most, for listings that can stop early (0 when keep filters).
	pages func(ctx context.Context, client *mayar.Client, limit int) iter.Seq2[mayar.Page[T], error]
	// keep, when set, drops what the API cannot filter out itself.
	keep   func(T) bool
	result func(T) list.ListResult
}

// streamMayarList answers a list resource's List: with the key, each
// page's results go to Terraform as the page arrives, so the first are
// shown while later pages are still being read, up to Terraform's limit
// (100 unless the list block sets it; 0 sends nothing).
func streamMayarList[T any](ctx context.Context, lr *mayarListResource, req list.ListRequest, stream *list.ListResultsStream, l mayarListQuery[T]) {
	d := lr.data
	ctx, client, diags := d.mayarWithKey(ctx, "Listing "+lr.typeName)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	if req.Limit <= 0 {
		stream.Results = list.NoListResults
		return
	}
	limit := int(req.Limit)
	if l.keep != nil {
		limit = 0
	}
	fields := maps.Clone(l.filters)
	fields["limit"], fields["include_resource"] = req.Limit, req.IncludeResource
	tflog.Info(ctx, "Listing Mayar "+l.plural, fields)
	stream.Results = func(push func(list.ListResult) bool) {
		started, pushed := time.Now(), int64(0)
		var last mayar.Page[T]
		var warned time.Duration
	pages:
		for page, err := range l.pages(ctx, client, limit) {
			// A wait for the pacing window is reported before the results
			// it held back: Terraform stops reading at the list block's
			// limit, and a warning does not count toward it.
			var diags diag.Diagnostics
			if waited := transport.PacingWaited(ctx); waited > warned {
				warned = waited
				d.warnIfPaced(ctx, &diags)
			}
			if err != nil {
				diags.AddError("Unable to list Mayar "+l.plural, mayarErrorDetail(err))
			}
			if len(diags) > 0 && (!push(list.ListResult{Diagnostics: diags}) || diags.HasError()) {
				return
			}
			last = page
			for _, item := range page.Items {
				if l.keep != nil && !l.keep(item) {
					continue
				}
				if !push(l.result(item)) {
					return
				}
				if pushed++; pushed == req.Limit {
					break pages
				}
			}
		}
		tflog.Info(ctx, "Listed Mayar "+l.plural, map[string]any{
			"items": pushed, "pages": last.Pages, "requests": last.Requests,
			"duration_ms": time.Since(started).Milliseconds(),
		})
	}
}

// listedObject is one object as a list result: its identity (id), a
// display name, and with include_resource the resource (model) as an
// import would read it, which asImported fills in, with its timeouts
// block (unsetTimeouts, in model) unset.
func listedObject(ctx context.Context, req list.ListRequest, id types.String, display string, model any, unsetTimeouts *timeouts.Value, asImported func()) list.ListResult {
	result := req.NewListResult(ctx)
	result.DisplayName = display
	result.Diagnostics.Append(setIdentity(ctx, result.Identity, id)...)
	if !req.IncludeResource || result.Diagnostics.HasError() {
		return result
	}
	asImported()
	var diags diag.Diagnostics
	*unsetTimeouts, diags = nullTimeouts(ctx, req)
	result.Diagnostics.Append(diags...)
	if !result.Diagnostics.HasError() {
		result.Diagnostics.Append(result.Resource.Set(ctx, model)...)
	}
	return result
}

// nullTimeouts is an unset timeouts block of the resource's schema.
func nullTimeouts(ctx context.Context, req list.ListRequest) (timeouts.Value, diag.Diagnostics) {
	typ, diags := req.ResourceSchema.TypeAtPath(ctx, path.Root("timeouts"))
	if diags.HasError() {
		return timeouts.Value{}, diags
	}
	v, err := typ.ValueFromTerraform(ctx, tftypes.NewValue(typ.TerraformType(ctx), nil))
	if err != nil {
		diags.AddError("Unable to build the timeouts block", err.Error())
		return timeouts.Value{}, diags
	}
	t, ok := v.(timeouts.Value)
	if !ok {
		diags.AddError("Unable to build the timeouts block", fmt.Sprintf("the schema's timeouts are %T", v))
	}
	return t, diags
}

// rupiah writes an amount for people: "Rp 25000", or "no amount".
func rupiah(amount *int64) string {
	if amount == nil {
		return "no amount"
	}
	return fmt.Sprintf("Rp %d", *amount)
}
