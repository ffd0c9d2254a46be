package provider

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/indopay/terraform-provider-indopay/internal/client/payget"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

var _ action.ActionWithConfigure = (*payGetPaymentCancelAction)(nil)

// NewPayGetPaymentCancelAction is the constructor the provider registers.
func NewPayGetPaymentCancelAction() action.Action {
	return &payGetPaymentCancelAction{}
}

// payGetPaymentCancelAction cancels a Pending PayGet payment on demand, for
// `terraform apply -invoke` or an action_trigger, without destroying the
// resource that created it.
type payGetPaymentCancelAction struct {
	data *providerData
}

type payGetPaymentCancelModel struct {
	ID types.String `tfsdk:"id"`
}

func (a *payGetPaymentCancelAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_payget_payment_cancel"
}

func (a *payGetPaymentCancelAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Cancels a `Pending` PayGet payment, so its QR code can no longer be paid. " +
			"A payment that is already `Expired` (not paid in time, or cancelled before) needs nothing and " +
			"gives a warning; one that is already `Success` (paid) cannot be cancelled and is an error. " +
			"Needs `payget.api_key` (or `PAYGET_API_KEY`) and Terraform 1.14 or later.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The payment id, for example `indopay_payget_payment.topup.id`.",
				Required:            true,
				Validators:          idValidators(),
			},
		},
	}
}

func (a *payGetPaymentCancelAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data, resp.Diagnostics = providerDataFrom(req.ProviderData)
}

func (a *payGetPaymentCancelAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var config payGetPaymentCancelModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client, diags := a.data.payGetWithKey("The indopay_payget_payment_cancel action")
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := config.ID.ValueString()
	resp.SendProgress(action.InvokeProgressEvent{Message: "Cancelling PayGet payment " + id})

	_, err := client.CancelPayment(ctx, id)
	if err == nil {
		resp.SendProgress(action.InvokeProgressEvent{Message: "PayGet payment " + id + " is cancelled (it reads Expired)"})
		return
	}
	if errors.Is(err, payget.ErrNotFound) {
		resp.Diagnostics.AddAttributeError(pathID, "PayGet payment not found",
			"PayGet knows no payment "+id+" for this API key. Check the id and that payget.api_key is the "+
				"key that created it.")
		return
	}
	var apiErr *transport.APIError
	if errors.As(err, &apiErr) {
		// PayGet refuses payments that are no longer Pending: read why, so
		// the message says what the payment is rather than only "refused".
		if status, serr := client.PaymentStatus(ctx, id); serr == nil && status.Status != payget.StatusPending {
			if status.Status == payget.StatusSuccess {
				resp.Diagnostics.AddError(payGetPaymentLifecycle.notEnded(id), "The payment is already Success: the payer "+
					"has paid, and PayGet cancels only Pending payments. The money stays received.")
				return
			}
			resp.Diagnostics.AddWarning(payGetPaymentLifecycle.notEnded(id), "The payment is already "+status.Status+
				" (not paid in time, or cancelled before): it can no longer be paid, so there was nothing to cancel.")
			return
		}
	}
	resp.Diagnostics.AddError("Unable to cancel PayGet payment "+id, payGetErrorDetail(err))
}
