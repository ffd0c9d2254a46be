package provider

import (
	"context"
	"fmt"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
)

var _ list.ListResourceWithConfigure = (*mayarPaymentRequestListResource)(nil)

// NewMayarPaymentRequestListResource is the constructor the provider
// registers.
func NewMayarPaymentRequestListResource() list.ListResource {
	return &mayarPaymentRequestListResource{mayarListResource{typeName: "indopay_mayar_payment_request"}}
}

// mayarPaymentRequestListResource lists the account's payment requests for
// `terraform query` (Terraform 1.14 and later), so that requests made
// outside Terraform can be found and imported, with -generate-config-out
// writing their configuration.
type mayarPaymentRequestListResource struct {
	mayarListResource
}

type mayarPaymentRequestListModel struct {
	Status types.String `tfsdk:"status"`
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

func (l *mayarPaymentRequestListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var config mayarPaymentRequestListModel
	if diags := req.Config.Get(ctx, &config); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	status := config.Status.ValueString()
	streamMayarList(ctx, &l.mayarListResource, req, stream, mayarListQuery[mayar.Payment]{
		plural: "payment requests", filters: map[string]any{"status": status},
		pages: func(ctx context.Context, client *mayar.Client, limit int) iter.Seq2[mayar.Page[mayar.Payment], error] {
			return client.PaymentPages(ctx, mayar.ListOptions{Status: status, MaxItems: limit})
		},
		result: func(p mayar.Payment) list.ListResult { return listResult(ctx, req, p) },
	})
}

// listResult is one payment request as a list result: its identity, a
// display name, and with include_resource the resource as an import
// would read it.
func listResult(ctx context.Context, req list.ListRequest, p mayar.Payment) list.ListResult {
	model := mayarPaymentRequestModel{ID: types.StringValue(p.ID)}
	return listedObject(ctx, req, model.ID, displayName(p), &model, &model.Timeouts, func() {
		// As after an import: what Mayar never returns (email, mobile,
		// expires_at, transaction_id) is null, open follows the status, and
		// close_on_destroy takes its default. The listing gives the payment
		// page's slug only, so link stays null until the import's read.
		model.applyRead(&mayar.PaymentRequest{Payment: p})
		model.Email, model.Mobile, model.ExpiresAt = types.StringNull(), types.StringNull(), types.StringNull()
		model.TransactionID, model.Link = types.StringNull(), types.StringNull()
	})
}

// displayName names a payment request in `terraform query` output:
// "Sewa kios – Rp 750000 (active)".
func displayName(p mayar.Payment) string {
	return fmt.Sprintf("%s – %s (%s)", p.Name, rupiah(p.Amount), p.Status)
}
