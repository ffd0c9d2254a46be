package provider

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

var _ action.ActionWithConfigure = (*mayarPaymentRequestCloseAction)(nil)

// NewMayarPaymentRequestCloseAction is the constructor the provider
// registers.
func NewMayarPaymentRequestCloseAction() action.Action {
	return &mayarPaymentRequestCloseAction{}
}

// mayarPaymentRequestCloseAction closes an open Mayar payment request on
// demand, for `terraform apply -invoke` or an action_trigger, whether or
// not Terraform manages it.
type mayarPaymentRequestCloseAction struct {
	data *providerData
}

type mayarPaymentRequestCloseModel struct {
	ID types.String `tfsdk:"id"`
}

func (a *mayarPaymentRequestCloseAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_mayar_payment_request_close"
}

func (a *mayarPaymentRequestCloseAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Closes an open Mayar payment request, so its link can no longer be paid. A request " +
			"that is already closed needs nothing and gives a warning; a paid one cannot be closed and is an error " +
			"that quotes Mayar. The action changes nothing in state: a managed `indopay_mayar_payment_request` " +
			"reads `open = false` at its next refresh. Needs a read-and-write `mayar.api_key` (or " +
			"`MAYAR_API_KEY`) and Terraform 1.14 or later.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The payment request's id (a UUID), for example " +
					"`indopay_mayar_payment_request.bill.id`.",
				Required:   true,
				Validators: idValidators(),
			},
		},
	}
}

func (a *mayarPaymentRequestCloseAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data, resp.Diagnostics = providerDataFrom(req.ProviderData)
}

func (a *mayarPaymentRequestCloseAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var config mayarPaymentRequestCloseModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, client, diags := a.data.mayarWithKey(ctx, "The indopay_mayar_payment_request_close action")
	defer a.data.warnIfPaced(ctx, &resp.Diagnostics)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := config.ID.ValueString()
	resp.SendProgress(action.InvokeProgressEvent{Message: "Closing Mayar payment request " + id})

	err := client.ClosePaymentRequest(ctx, id)
	if err == nil {
		resp.SendProgress(action.InvokeProgressEvent{Message: "Mayar payment request " + id + " is closed"})
		return
	}
	if errors.Is(err, mayar.ErrNotFound) {
		resp.Diagnostics.AddAttributeError(pathID, "Mayar payment request not found", mayarNotFoundDetail(id, err))
		return
	}
	var apiErr *transport.APIError
	if errors.As(err, &apiErr) {
		// Mayar refuses to close a request that is not open, without
		// saying why: read its status, so the message says what it is.
		p, rerr := client.GetPaymentRequest(ctx, id)
		switch {
		case errors.Is(rerr, mayar.ErrNotFound):
			resp.Diagnostics.AddAttributeError(pathID, "Mayar payment request not found", mayarNotFoundDetail(id, rerr))
			return
		case rerr == nil && p.Status == mayar.StatusClosed:
			resp.Diagnostics.AddWarning(mayarPaymentRequestLifecycle.notEnded(id), "The payment request is already closed: it accepts "+
				"no payment, so there was nothing to close.")
			return
		case rerr == nil && p.Status == mayar.StatusPaid:
			resp.Diagnostics.AddError(mayarPaymentRequestLifecycle.notEnded(id), "The payment request is already paid, and Mayar "+
				"cannot close a paid request; the payment stays received.\n\nMayar refused it: "+err.Error())
			return
		}
	}
	resp.Diagnostics.AddError("Unable to close Mayar payment request "+id, mayarErrorDetail(err))
}

// mayarNotFoundDetail says what to check when Mayar knows no payment
// request by an id.
func mayarNotFoundDetail(id string, err error) string {
	return "Mayar knows no payment request " + id + " for this API key: " + err.Error() + "\n\nCheck the id, " +
		"and that mayar.api_key (or MAYAR_API_KEY) is a key of the account that created it."
}
