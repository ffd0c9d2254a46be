package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

var _ list.ListResourceWithConfigure = (*mayarPaymentRequestListResource)(nil)

// NewMayarPaymentRequestListResource is the constructor the provider
// registers.
func NewMayarPaymentRequestListResource() list.ListResource {
	return &mayarPaymentRequestListResource{}
}

// mayarPaymentRequestListResource lists the account's payment requests for
// `terraform query` (Terraform 1.14 and later), so that requests made
// outside Terraform can be found and imported, with -generate-config-out
// writing their configuration.
type mayarPaymentRequestListResource struct {
	data *providerData
}

type mayarPaymentRequestListModel struct {
	Status types.String `tfsdk:"status"`
}

func (l *mayarPaymentRequestListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_mayar_payment_request"
}

func (l *mayarPaymentRequestListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the account's Mayar payment requests for `terraform query`, newest first, " +
			"each with its identity (`id`), so that requests made outside Terraform can be imported; " +
			"`-generate-config-out` writes a resource and an import block for each. Every page is read, with " +
			"as few requests as the API allows, paced like every Mayar request, and each page's results are " +
			"passed on as soon as it arrives; Terraform's `limit` stops the listing early. The results come " +
			"newest first on both API versions: on V1 without `status`, the three statuses are read together " +
			"and merged as their pages arrive, each result passed on once no status can still bring a newer " +
			"one. Needs Terraform 1.14 or later and a `mayar.api_key` (or `MAYAR_API_KEY`); a read-only key " +
			"is enough.",
		Attributes: map[string]schema.Attribute{
			"status": schema.StringAttribute{
				MarkdownDescription: "Lists only payment requests with this status: " + mayarPaymentStatusesText +
					". Unset lists every status (on V1, which requires a status, that is one listing per status: " +
					"active, then paid, then closed).",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(mayar.PaymentStatuses...)},
			},
		},
	}
}

func (l *mayarPaymentRequestListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.data, resp.Diagnostics = providerDataFrom(req.ProviderData)
}

func (l *mayarPaymentRequestListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var config mayarPaymentRequestListModel
	diags := req.Config.Get(ctx, &config)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	ctx, client, diags := l.data.mayarWithKey(ctx, "Listing indopay_mayar_payment_request")
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	// Terraform reads at most limit results (100 unless the list block
	// sets it): the listing stops there, and limit = 0 sends nothing.
	if req.Limit <= 0 {
		stream.Results = list.NoListResults
		return
	}
	opts := mayar.ListOptions{Status: config.Status.ValueString(), MaxItems: int(req.Limit)}
	tflog.Info(ctx, "Listing Mayar payment requests", map[string]any{
		"status": opts.Status, "max_items": opts.MaxItems, "include_resource": req.IncludeResource,
	})
	// Each page's results go to Terraform as the page arrives, so the
	// first are shown while later pages are still being read.
	stream.Results = func(push func(list.ListResult) bool) {
		started, pushed := time.Now(), 0
		var last mayar.Page[mayar.Payment]
		var warned time.Duration
		for page, err := range client.PaymentPages(ctx, opts) {
			// A wait for the pacing window is reported before the results
			// it held back: Terraform stops reading at the list block's
			// limit, and a warning does not count toward it.
			var diags diag.Diagnostics
			if waited := transport.PacingWaited(ctx); waited > warned {
				warned = waited
				l.data.warnIfPaced(ctx, &diags)
			}
			if err != nil {
				diags.AddError("Unable to list Mayar payment requests", mayarErrorDetail(err))
			}
			if len(diags) > 0 && (!push(list.ListResult{Diagnostics: diags}) || diags.HasError()) {
				return
			}
			last = page
			for _, p := range page.Items {
				if !push(listResult(ctx, req, p)) {
					return
				}
				pushed++
			}
		}
		tflog.Info(ctx, "Listed Mayar payment requests", map[string]any{
			"items": pushed, "pages": last.Pages, "requests": last.Requests,
			"duration_ms": time.Since(started).Milliseconds(),
		})
	}
}

// listResult is one payment request as a list result: its identity, a
// display name, and with include_resource the resource as an import
// would read it.
func listResult(ctx context.Context, req list.ListRequest, p mayar.Payment) list.ListResult {
	result := req.NewListResult(ctx)
	result.DisplayName = displayName(p)
	model := mayarPaymentRequestModel{ID: types.StringValue(p.ID)}
	result.Diagnostics.Append(result.Identity.Set(ctx, model.identity())...)
	if !req.IncludeResource || result.Diagnostics.HasError() {
		return result
	}
	// As after an import: what Mayar never returns (email, mobile,
	// expires_at, transaction_id) is null, open follows the status, and
	// close_on_destroy takes its default. The listing gives the payment
	// page's slug only, so link stays null until the import's read.
	model.applyRead(&mayar.PaymentRequest{Payment: p})
	model.Email, model.Mobile, model.ExpiresAt = types.StringNull(), types.StringNull(), types.StringNull()
	model.TransactionID, model.Link = types.StringNull(), types.StringNull()
	var diags diag.Diagnostics
	model.Timeouts, diags = nullTimeouts(ctx, req)
	result.Diagnostics.Append(diags...)
	if !result.Diagnostics.HasError() {
		result.Diagnostics.Append(result.Resource.Set(ctx, &model)...)
	}
	return result
}

// displayName names a payment request in `terraform query` output:
// "Sewa kios – Rp 750000 (active)".
func displayName(p mayar.Payment) string {
	amount := "no amount"
	if p.Amount != nil {
		amount = fmt.Sprintf("Rp %d", *p.Amount)
	}
	return fmt.Sprintf("%s – %s (%s)", p.Name, amount, p.Status)
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
