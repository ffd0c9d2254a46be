package provider

import (
	"context"
	"net/url"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ action.ActionWithConfigure = (*mayarWebhookTestAction)(nil)

// NewMayarWebhookTestAction is the constructor the provider registers.
func NewMayarWebhookTestAction() action.Action {
	return &mayarWebhookTestAction{}
}

// mayarWebhookTestAction asks Mayar to POST its test event to a URL: run
// after the webhook URL is set (an action_trigger on indopay_mayar_webhook)
// it shows that the receiver is reachable before a real payment arrives.
type mayarWebhookTestAction struct {
	data *providerData
}

type mayarWebhookTestModel struct {
	URL types.String `tfsdk:"url"`
}

func (a *mayarWebhookTestAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_mayar_webhook_test"
}

func (a *mayarWebhookTestAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Asks Mayar to send its test event to a URL, for example the webhook URL just set " +
			"with `indopay_mayar_webhook`. Mayar answers once it has taken the request; it does not say whether " +
			"the receiver accepted the event, so look at the receiver. The URL need not be the account's webhook " +
			"URL, and the action changes no setting. Needs a read-and-write `mayar.api_key` (or " +
			"`MAYAR_API_KEY`) and Terraform 1.14 or later.",
		Attributes: map[string]schema.Attribute{
			"url": schema.StringAttribute{
				MarkdownDescription: "Where Mayar sends the test event: an absolute `https://` URL (plain " +
					"`http://` only for loopback hosts), without a query or credentials, such as " +
					"`local.webhook_url`, the value the `indopay_mayar_webhook` resource's `url` is set from. Not " +
					"`indopay_mayar_webhook.<name>.url` when that resource triggers this action: an action that " +
					"refers to the resource that triggers it cannot be invoked on its own, and Terraform 1.16 " +
					"warns about it.",
				Required:   true,
				Validators: []validator.String{webhookURLValidator{}},
			},
		},
	}
}

func (a *mayarWebhookTestAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data, resp.Diagnostics = providerDataFrom(req.ProviderData)
}

func (a *mayarWebhookTestAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var config mayarWebhookTestModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, client, diags := a.data.mayarWithKey(ctx, "The indopay_mayar_webhook_test action")
	defer a.data.warnIfPaced(ctx, &resp.Diagnostics)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The URL's path should hold a secret: messages name its host only.
	hookURL := config.URL.ValueString()
	where := "the URL"
	if u, err := url.Parse(hookURL); err == nil && u.Host != "" {
		where = u.Scheme + "://" + u.Host
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: "Asking Mayar to send its test event to " + where})
	if err := client.TestWebhook(ctx, hookURL); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("url"), "Unable to send the Mayar webhook test event",
			"Mayar did not take the request to send its test event to "+where+": "+mayarErrorDetail(err))
		return
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: "Mayar accepted the test event for " + where +
		"; it does not report the delivery, so check that the receiver got it"})
}
