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

var _ list.ListResourceWithConfigure = (*mayarPaymentLinkListResource)(nil)

// NewMayarPaymentLinkListResource is the constructor the provider
// registers.
func NewMayarPaymentLinkListResource() list.ListResource {
	return &mayarPaymentLinkListResource{mayarListResource{typeName: "indopay_mayar_payment_link"}}
}

// mayarPaymentLinkListResource lists the catalog's payment links for
// `terraform query` (Terraform 1.14 and later), so that links made outside
// Terraform can be found and imported, with -generate-config-out writing
// their configuration.
type mayarPaymentLinkListResource struct {
	mayarListResource
}

type mayarPaymentLinkListModel struct {
	Search types.String `tfsdk:"search"`
	Status types.String `tfsdk:"status"`
}

func (l *mayarPaymentLinkListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the payment links of the account's Mayar catalog for `terraform query`, newest " +
			"first, each with its identity (`id`), so that links made outside Terraform can be imported; " +
			"`-generate-config-out` writes a resource and an import block for each. The catalog is read in pages " +
			"of 50, paced like every Mayar request, and each page's results are passed on as soon as it arrives; " +
			"Terraform's `limit` stops the listing early. Needs Terraform 1.14 or later, Mayar API v2 " +
			"(`mayar.api_version = \"v2\"`, the default) and a `mayar.api_key` (or `MAYAR_API_KEY`); a " +
			"read-only key is enough.",
		Attributes: map[string]schema.Attribute{
			"search": schema.StringAttribute{
				MarkdownDescription: "Lists only the payment links Mayar's catalog search finds for this text " +
					"(it searches the names).",
				Optional:   true,
				Validators: []validator.String{notBlankValidator},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Lists only payment links with this status: `active`, `unlisted` or " +
					"`closed`. Mayar's listing has no such filter, so every page is read and the others left out.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(mayar.ProductStatuses...)},
			},
		},
	}
}

func (l *mayarPaymentLinkListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var config mayarPaymentLinkListModel
	diags := req.Config.Get(ctx, &config)
	diags.Append(l.data.requireMayarV2(l.typeName)...)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	opts := mayar.ProductListOptions{Type: mayar.ProductTypePaymentLink, Search: config.Search.ValueString()}
	listing := mayarListQuery[mayar.Product]{
		plural:  "payment links",
		filters: map[string]any{"search": opts.Search, "status": config.Status.ValueString()},
		pages: func(ctx context.Context, client *mayar.Client, limit int) iter.Seq2[mayar.Page[mayar.Product], error] {
			opts.MaxItems = limit
			return client.ProductPages(ctx, opts)
		},
		result: func(p mayar.Product) list.ListResult { return linkListResult(ctx, req, p) },
	}
	if status := config.Status.ValueString(); status != "" {
		listing.keep = func(p mayar.Product) bool { return p.Status == status }
	}
	streamMayarList(ctx, &l.mayarListResource, req, stream, listing)
}

// linkListResult is one payment link as a list result: its identity, a
// display name, and with include_resource the resource as an import reads
// it, so that the configuration -generate-config-out writes imports with
// nothing to change.
func linkListResult(ctx context.Context, req list.ListRequest, p mayar.Product) list.ListResult {
	model := mayarPaymentLinkModel{ID: types.StringValue(p.ID)}
	display := fmt.Sprintf("%s – %s (%s)", p.Name, rupiah(p.Amount), p.Status)
	return listedObject(ctx, req, model.ID, display, &model, &model.Timeouts, func() {
		// As after an import: what a read of one product never returns
		// (redirect_url, notes, expires_at, limit, tax) is null, though the
		// listing carries some of it, and close_on_destroy takes its default.
		model.applyRead(&p)
		model.RedirectURL, model.Notes, model.ExpiresAt = types.StringNull(), types.StringNull(), types.StringNull()
		model.Limit, model.Tax = types.NumberNull(), types.NumberNull()
	})
}
