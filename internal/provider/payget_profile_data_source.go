package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/indopay/terraform-provider-indopay/internal/client/payget"
)

var _ datasource.DataSourceWithConfigure = (*payGetProfileDataSource)(nil)

// NewPayGetProfileDataSource is the constructor the provider registers.
func NewPayGetProfileDataSource() datasource.DataSource {
	return &payGetProfileDataSource{}
}

type payGetProfileDataSource struct {
	data *providerData
}

type payGetProfileModel struct {
	Username types.String `tfsdk:"username"`
	Level    types.String `tfsdk:"level"`
	Balance  types.Int64  `tfsdk:"balance"`
}

func payGetProfileToModel(p *payget.Profile) payGetProfileModel {
	return payGetProfileModel{
		Username: types.StringValue(p.Username),
		Level:    types.StringValue(p.Level),
		Balance:  types.Int64Value(p.Balance),
	}
}

func (d *payGetProfileDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_payget_profile"
}

func (d *payGetProfileDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the PayGet account behind the configured API key: its username, " +
			"membership level and balance. Needs `payget.api_key` (or `PAYGET_API_KEY`).",
		Attributes: map[string]schema.Attribute{
			"username": schema.StringAttribute{
				MarkdownDescription: "The account's username.",
				Computed:            true,
			},
			"level": schema.StringAttribute{
				MarkdownDescription: "The account's membership level, for example `member`.",
				Computed:            true,
			},
			"balance": schema.Int64Attribute{
				MarkdownDescription: "The account's balance, in whole rupiah (IDR).",
				Computed:            true,
			},
		},
	}
}

func (d *payGetProfileDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data, resp.Diagnostics = providerDataFrom(req.ProviderData)
}

func (d *payGetProfileDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	client, diags := d.data.payGetWithKey("The indopay_payget_profile data source")
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	profile, err := client.Profile(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Unable to read the PayGet profile", payGetErrorDetail(err))
		return
	}

	state := payGetProfileToModel(profile)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
