package provider

import (
	"context"
	"errors"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
)

var _ datasource.DataSourceWithConfigure = (*mayarPaymentRequestDataSource)(nil)

// NewMayarPaymentRequestDataSource is the constructor the provider registers.
func NewMayarPaymentRequestDataSource() datasource.DataSource {
	return &mayarPaymentRequestDataSource{}
}

type mayarPaymentRequestDataSource struct {
	data *providerData
}

type mayarPaymentRequestDataModel struct {
	ID          types.String   `tfsdk:"id"`
	Name        types.String   `tfsdk:"name"`
	Amount      types.Int64    `tfsdk:"amount"`
	Status      types.String   `tfsdk:"status"`
	Open        types.Bool     `tfsdk:"open"`
	Description types.String   `tfsdk:"description"`
	Type        types.String   `tfsdk:"type"`
	Link        types.String   `tfsdk:"link"`
	Slug        types.String   `tfsdk:"slug"`
	Timeouts    timeouts.Value `tfsdk:"timeouts"`
}

func (d *mayarPaymentRequestDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_mayar_payment_request"
}

func (d *mayarPaymentRequestDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one Mayar payment request by its id, in one request. Mayar does not return " +
			"a request's email, mobile or expiry, so they are not here. A read-only key is enough.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The payment request's id (a UUID).",
				Required:            true,
				Validators:          idValidators(),
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The bill's title.",
				Computed:            true,
			},
			"amount": schema.Int64Attribute{
				MarkdownDescription: "The amount asked, in whole rupiah (IDR); null when the request has none.",
				Computed:            true,
			},
			"status": schema.StringAttribute{
				MarkdownDescription: mayarPaymentStatusesText + ".",
				Computed:            true,
			},
			"open": schema.BoolAttribute{
				MarkdownDescription: "Whether the request accepts payment (its status is `active`).",
				Computed:            true,
			},
			"description": schema.StringAttribute{
				MarkdownDescription: "The description as Mayar stores it (HTML), or null when it has none.",
				Computed:            true,
			},
			"type": schema.StringAttribute{
				MarkdownDescription: "The kind of request, for example `payment_request`.",
				Computed:            true,
			},
			"link": schema.StringAttribute{
				MarkdownDescription: "The full payment URL. Only V2 returns it: null with `mayar.api_version = \"v1\"`.",
				Computed:            true,
			},
			"slug": schema.StringAttribute{
				MarkdownDescription: "The payment page's slug, the last part of its URL (the `link` of the " +
					"`indopay_mayar_payments` listing).",
				Computed: true,
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": dataSourceTimeoutsBlock(ctx, timeouts.Opts{}),
		},
	}
}

func (d *mayarPaymentRequestDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data, resp.Diagnostics = providerDataFrom(req.ProviderData)
}

func (d *mayarPaymentRequestDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config mayarPaymentRequestDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, client, diags := d.data.mayarWithKey(ctx, "The indopay_mayar_payment_request data source")
	defer d.data.warnIfPaced(ctx, &resp.Diagnostics)
	resp.Diagnostics.Append(diags...)
	timeout, tdiags := config.Timeouts.Read(ctx, time.Minute)
	resp.Diagnostics.Append(tdiags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	id := config.ID.ValueString()

	p, err := client.GetPaymentRequest(ctx, id)
	if err != nil {
		detail := mayarErrorDetail(err)
		if errors.Is(err, mayar.ErrNotFound) {
			detail += "\n\nCheck the id: the indopay_mayar_payments data source lists the account's payment requests."
		}
		resp.Diagnostics.AddError("Unable to read Mayar payment request "+id, detail)
		return
	}
	state := config
	state.Name = types.StringValue(p.Name)
	state.Amount = types.Int64PointerValue(p.Amount)
	state.Status = types.StringValue(p.Status)
	state.Open = types.BoolValue(mayar.IsOpen(p.Status))
	state.Description = types.StringNull()
	if p.Description != "" {
		state.Description = types.StringValue(p.Description)
	}
	state.Type = types.StringValue(p.Type)
	state.Link = types.StringNull()
	if p.LinkURL != "" {
		state.Link = types.StringValue(p.LinkURL)
	}
	state.Slug = types.StringValue(p.Link)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
