package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
)

var _ datasource.DataSourceWithConfigure = (*mayarPaymentsDataSource)(nil)

// mayarCreatedAtLayout is RFC 3339 in UTC with milliseconds, the precision
// of Mayar's epoch-millisecond timestamps. The fixed width keeps string order
// equal to time order, so sort() and string comparisons in HCL stay correct.
const mayarCreatedAtLayout = "2006-01-02T15:04:05.000Z"

// mayarStatuses are the values Mayar's listing accepts as a status filter.
var mayarStatuses = []string{"active", "paid", "closed"}

// NewMayarPaymentsDataSource is the constructor the provider registers.
func NewMayarPaymentsDataSource() datasource.DataSource {
	return &mayarPaymentsDataSource{}
}

type mayarPaymentsDataSource struct {
	data *providerData
}

type mayarPaymentsModel struct {
	Status   types.String        `tfsdk:"status"`
	MaxItems types.Int64         `tfsdk:"max_items"`
	PageSize types.Int64         `tfsdk:"page_size"`
	Payments []mayarPaymentModel `tfsdk:"payments"`
	Total    types.Int64         `tfsdk:"total"`
}

type mayarPaymentModel struct {
	ID            types.String  `tfsdk:"id"`
	Name          types.String  `tfsdk:"name"`
	Amount        types.Int64   `tfsdk:"amount"`
	Status        types.String  `tfsdk:"status"`
	Type          types.String  `tfsdk:"type"`
	Category      types.String  `tfsdk:"category"`
	Description   types.String  `tfsdk:"description"`
	Link          types.String  `tfsdk:"link"`
	RedirectURL   types.String  `tfsdk:"redirect_url"`
	Limit         types.Float64 `tfsdk:"limit"`
	InstallmentID types.String  `tfsdk:"installment_id"`
	CreatedAt     types.String  `tfsdk:"created_at"`
}

// mayarPaymentToModel maps one API item; the API's nulls stay null.
func mayarPaymentToModel(p mayar.Payment) mayarPaymentModel {
	return mayarPaymentModel{
		ID:            types.StringValue(p.ID),
		Name:          types.StringValue(p.Name),
		Amount:        types.Int64PointerValue(p.Amount),
		Status:        types.StringValue(p.Status),
		Type:          types.StringValue(p.Type),
		Category:      types.StringPointerValue(p.Category),
		Description:   types.StringValue(p.Description),
		Link:          types.StringValue(p.Link),
		RedirectURL:   types.StringPointerValue(p.RedirectURL),
		Limit:         types.Float64PointerValue(p.Limit),
		InstallmentID: types.StringPointerValue(p.InstallmentID),
		CreatedAt:     types.StringValue(p.CreatedAt.UTC().Format(mayarCreatedAtLayout)),
	}
}

func (d *mayarPaymentsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_mayar_payments"
}

func (d *mayarPaymentsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the Mayar payment requests of the account behind `mayar.api_key` (or " +
			"`MAYAR_API_KEY`), every page, in the API's order. The provider follows V2's " +
			"`nextStartingAfter` cursor, or V1's page numbers with a few pages in flight, with as few " +
			"requests as the API allows (one per page). A listing that needs more requests than " +
			"`mayar.requests_per_minute` allows waits for room in the window instead of failing, and logs its " +
			"progress at info level (`TF_LOG=INFO`). A read-only key is enough.",
		Attributes: map[string]schema.Attribute{
			"status": schema.StringAttribute{
				MarkdownDescription: "Lists only payment requests with this status: `active` (open for " +
					"payment), `paid` or `closed`. Unset lists every status (on V1, which requires a status, " +
					"that is one listing per status).",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(mayarStatuses...)},
			},
			"max_items": schema.Int64Attribute{
				MarkdownDescription: "Stops after this many payment requests (at least 1); no request is sent " +
					"for pages beyond them. Unset lists every payment request.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"page_size": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many items to ask for per request, from 1 to %d. "+
					"Defaults to %d: the provider asks for the largest page and Mayar serves at most its "+
					"own cap, so the listing needs the fewest requests. Set it lower only to make each "+
					"answer smaller.", mayar.MaxPageSize, mayar.DefaultPageSize),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(1, mayar.MaxPageSize)},
			},
			"payments": schema.ListNestedAttribute{
				MarkdownDescription: "The payment requests, in the API's order: newest first. V1 requires " +
					"a status, so with `mayar.api_version = \"v1\"` and no `status` the list is the active " +
					"requests, then the paid, then the closed, each newest first. Fields the API leaves null " +
					"are null here.",
				Computed: true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id": schema.StringAttribute{
							MarkdownDescription: "The payment request's id (a UUID).",
							Computed:            true,
						},
						"name": schema.StringAttribute{
							MarkdownDescription: "The payment request's name, as the merchant wrote it (any Unicode text).",
							Computed:            true,
						},
						"amount": schema.Int64Attribute{
							MarkdownDescription: "The amount asked, in whole rupiah (IDR); null when the request has none.",
							Computed:            true,
						},
						"status": schema.StringAttribute{
							MarkdownDescription: "`active`, `paid` or `closed`.",
							Computed:            true,
						},
						"type": schema.StringAttribute{
							MarkdownDescription: "The kind of request, for example `payment_request`.",
							Computed:            true,
						},
						"category": schema.StringAttribute{
							MarkdownDescription: "The category, or null.",
							Computed:            true,
						},
						"description": schema.StringAttribute{
							MarkdownDescription: "The description as Mayar stores it: HTML, kept verbatim.",
							Computed:            true,
						},
						"link": schema.StringAttribute{
							MarkdownDescription: "The payment page's slug (the last part of its URL).",
							Computed:            true,
						},
						"redirect_url": schema.StringAttribute{
							MarkdownDescription: "Where the payer is sent after paying, or null.",
							Computed:            true,
						},
						"limit": schema.Float64Attribute{
							MarkdownDescription: "How many times the request can be paid, or null for no limit.",
							Computed:            true,
						},
						"installment_id": schema.StringAttribute{
							MarkdownDescription: "The installment plan's id, or null.",
							Computed:            true,
						},
						"created_at": schema.StringAttribute{
							MarkdownDescription: "When the request was created: RFC 3339 in UTC with " +
								"milliseconds, for example `2023-06-05T10:16:55.853Z` (Mayar sends epoch milliseconds).",
							Computed: true,
						},
					},
				},
			},
			"total": schema.Int64Attribute{
				MarkdownDescription: "How many payment requests were listed (the length of `payments`).",
				Computed:            true,
			},
		},
	}
}

func (d *mayarPaymentsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data, resp.Diagnostics = providerDataFrom(req.ProviderData)
}

func (d *mayarPaymentsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config mayarPaymentsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client, diags := d.data.mayarWithKey("The indopay_mayar_payments data source")
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	opts := mayar.ListOptions{
		Status:   config.Status.ValueString(),
		MaxItems: int(config.MaxItems.ValueInt64()),
		PageSize: int(config.PageSize.ValueInt64()),
	}
	tflog.Info(ctx, "Listing Mayar payment requests", map[string]any{
		"status": opts.Status, "max_items": opts.MaxItems, "page_size": opts.PageSize,
	})
	started := time.Now()
	result, err := client.ListPayments(ctx, opts)
	if err != nil {
		resp.Diagnostics.AddError("Unable to list Mayar payment requests", mayarErrorDetail(err))
		return
	}
	tflog.Info(ctx, "Listed Mayar payment requests", map[string]any{
		"items": len(result.Payments), "pages": result.Pages, "requests": result.Requests,
		"duration_ms": time.Since(started).Milliseconds(),
	})

	state := config
	state.Payments = make([]mayarPaymentModel, len(result.Payments))
	for i, p := range result.Payments {
		state.Payments[i] = mayarPaymentToModel(p)
	}
	state.Total = types.Int64Value(int64(len(result.Payments)))
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
