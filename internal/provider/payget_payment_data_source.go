package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/indopay/terraform-provider-indopay/internal/client/payget"
)

var _ datasource.DataSourceWithConfigure = (*payGetPaymentDataSource)(nil)

// NewPayGetPaymentDataSource is the constructor the provider registers.
func NewPayGetPaymentDataSource() datasource.DataSource {
	return &payGetPaymentDataSource{}
}

type payGetPaymentDataSource struct {
	data *providerData
}

type payGetPaymentDataModel struct {
	ID     types.String `tfsdk:"id"`
	Status types.String `tfsdk:"status"`
	Amount types.Int64  `tfsdk:"amount"`
}

func payGetStatusToDataModel(s *payget.PaymentStatus) payGetPaymentDataModel {
	return payGetPaymentDataModel{
		ID:     types.StringValue(s.ID),
		Status: types.StringValue(s.Status),
		Amount: types.Int64Value(s.Amount),
	}
}

func (d *payGetPaymentDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_payget_payment"
}

func (d *payGetPaymentDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the status of a PayGet payment by its id. PayGet documents this endpoint " +
			"without authentication, so no API key is sent (or needed).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The payment id, for example `indopay_payget_payment.topup.id`.",
				Required:            true,
				Validators:          idValidators(),
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "`Pending` (waiting for the payer), `Success` (paid) or `Expired` " +
					"(not paid in time, or cancelled).",
				Computed: true,
			},
			"amount": schema.Int64Attribute{
				MarkdownDescription: "The payment amount, in whole rupiah.",
				Computed:            true,
			},
		},
	}
}

func (d *payGetPaymentDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data, resp.Diagnostics = providerDataFrom(req.ProviderData)
}

func (d *payGetPaymentDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config payGetPaymentDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := config.ID.ValueString()

	status, err := d.data.payGet.PaymentStatus(ctx, id)
	switch {
	case errors.Is(err, payget.ErrNotFound):
		resp.Diagnostics.AddAttributeError(pathID, "PayGet payment not found", fmt.Sprintf(
			"PayGet knows no payment with id %q (%s). Check the id: a payment is known by the id PayGet gave it "+
				"at creation, such as indopay_payget_payment.<name>.id.", id, err))
		return
	case errors.Is(err, payget.ErrUnauthorized):
		// The key advice of payGetErrorDetail does not apply: no key was sent.
		resp.Diagnostics.AddError("Unable to read PayGet payment "+id, err.Error()+"\n\n"+
			"PayGet documents the payment status without authentication, so the provider sends no API key "+
			"with it; an answer that asks for one comes from a change at PayGet or from a proxy in front of it. "+
			"Check "+payGetAdvice.urlArgument+" (or "+payGetAdvice.urlEnv+") and try again later.")
		return
	case err != nil:
		resp.Diagnostics.AddError("Unable to read PayGet payment "+id, payGetErrorDetail(err))
		return
	}

	state := payGetStatusToDataModel(status)
	state.ID = config.ID
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
