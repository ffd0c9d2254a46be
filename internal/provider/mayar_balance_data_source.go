package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
)

var _ datasource.DataSourceWithConfigure = (*mayarBalanceDataSource)(nil)

// NewMayarBalanceDataSource is the constructor the provider registers.
func NewMayarBalanceDataSource() datasource.DataSource {
	return &mayarBalanceDataSource{}
}

type mayarBalanceDataSource struct {
	data *providerData
}

type mayarBalanceModel struct {
	BalanceActive  types.Int64 `tfsdk:"balance_active"`
	BalancePending types.Int64 `tfsdk:"balance_pending"`
	Balance        types.Int64 `tfsdk:"balance"`
}

func mayarBalanceToModel(b *mayar.Balance) mayarBalanceModel {
	return mayarBalanceModel{
		BalanceActive:  types.Int64Value(b.Active),
		BalancePending: types.Int64Value(b.Pending),
		Balance:        types.Int64Value(b.Total),
	}
}

func (d *mayarBalanceDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_mayar_balance"
}

func (d *mayarBalanceDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the balance of the Mayar account behind `mayar.api_key` (or " +
			"`MAYAR_API_KEY`), in one request. A read-only key is enough.",
		Attributes: map[string]schema.Attribute{
			"balance_active": schema.Int64Attribute{
				MarkdownDescription: "The balance available for withdrawal, in whole rupiah (IDR).",
				Computed:            true,
			},
			"balance_pending": schema.Int64Attribute{
				MarkdownDescription: "The balance not yet settled, in whole rupiah (IDR).",
				Computed:            true,
			},
			"balance": schema.Int64Attribute{
				MarkdownDescription: "The whole balance, active plus pending, in whole rupiah (IDR).",
				Computed:            true,
			},
		},
	}
}

func (d *mayarBalanceDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data, resp.Diagnostics = providerDataFrom(req.ProviderData)
}

func (d *mayarBalanceDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, client, diags := d.data.mayarWithKey(ctx, "The indopay_mayar_balance data source")
	defer d.data.warnIfPaced(ctx, &resp.Diagnostics)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	balance, err := client.Balance(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Unable to read the Mayar balance", mayarErrorDetail(err))
		return
	}

	state := mayarBalanceToModel(balance)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
