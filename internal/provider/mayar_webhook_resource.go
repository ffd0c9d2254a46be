package provider

import (
	"context"
	"net/url"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ resource.ResourceWithConfigure  = (*mayarWebhookResource)(nil)
	_ resource.ResourceWithModifyPlan = (*mayarWebhookResource)(nil)
)

// mayarWebhookID is the id of the account's one webhook: there is nothing
// else to tell one from another.
const mayarWebhookID = "webhook"

// NewMayarWebhookResource is the constructor the provider registers.
func NewMayarWebhookResource() resource.Resource {
	return &mayarWebhookResource{}
}

type mayarWebhookResource struct {
	data *providerData
}

type mayarWebhookModel struct {
	ID       types.String   `tfsdk:"id"`
	URL      types.String   `tfsdk:"url"`
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

func (r *mayarWebhookResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_mayar_webhook"
}

func (r *mayarWebhookResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The Mayar account's one webhook URL, where Mayar POSTs events such as " +
			"`payment.received`. Create and update set it. Mayar has no API to read it or to remove it: a " +
			"change made outside Terraform is not seen, and `terraform destroy` only forgets it (Mayar keeps " +
			"delivering to the last URL set). Mayar signs nothing, so put a secret in the URL's path. Needs a " +
			"read-and-write `mayar.api_key` (or `MAYAR_API_KEY`).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Always `" + mayarWebhookID + "`: an account has one webhook URL.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"url": schema.StringAttribute{
				MarkdownDescription: "The URL Mayar POSTs events to: an absolute `https://` URL (plain `http://` " +
					"only for loopback hosts), without a query or credentials. Sensitive, as it should carry a " +
					"secret path segment.",
				Required:   true,
				Sensitive:  true,
				Validators: []validator.String{webhookURLValidator{}},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": resourceTimeoutsBlock(ctx, timeouts.Opts{Create: true, Update: true}),
		},
	}
}

func (r *mayarWebhookResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data, resp.Diagnostics = providerDataFrom(req.ProviderData)
}

// ModifyPlan finds a missing key at plan time when the URL is to be set.
func (r *mayarWebhookResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data == nil || req.Plan.Raw.IsNull() || req.Plan.Raw.Equal(req.State.Raw) {
		return
	}
	_, _, diags := r.data.mayarWithKey(ctx, "Setting the indopay_mayar_webhook")
	resp.Diagnostics.Append(diags...)
}

func (r *mayarWebhookResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan mayarWebhookModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, time.Minute)
	resp.Diagnostics.Append(diags...)
	r.set(ctx, timeout, plan.URL.ValueString(), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = types.StringValue(mayarWebhookID)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Read keeps the state: Mayar has no API that reads the webhook URL.
func (r *mayarWebhookResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (r *mayarWebhookResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan mayarWebhookModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var prior types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("url"), &prior)...)
	if !prior.Equal(plan.URL) {
		timeout, diags := plan.Timeouts.Update(ctx, time.Minute)
		resp.Diagnostics.Append(diags...)
		r.set(ctx, timeout, plan.URL.ValueString(), &resp.Diagnostics)
	}
	if resp.Diagnostics.HasError() {
		resp.State.Raw = req.State.Raw.Copy()
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Delete only forgets the URL: Mayar cannot remove it.
func (r *mayarWebhookResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state mayarWebhookModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	where := "the URL"
	if u, err := url.Parse(state.URL.ValueString()); err == nil && u.Host != "" {
		// The host only: the path should hold a secret.
		where = "the URL on " + u.Scheme + "://" + u.Host
	}
	resp.Diagnostics.AddWarning("Mayar keeps delivering to the last webhook URL",
		"indopay_mayar_webhook was removed from state, but Mayar has no API to remove a webhook URL: it keeps "+
			"POSTing events to "+where+" until another URL is set, with this resource or in Mayar's dashboard. "+
			"To stop a secret URL from being used, change the secret at the receiver.")
}

// set sets the webhook URL; a failure is an error in diags.
func (r *mayarWebhookResource) set(ctx context.Context, timeout time.Duration, hookURL string, diags *diag.Diagnostics) {
	if diags.HasError() {
		return
	}
	ctx, client, d := r.data.mayarWithKey(ctx, "Setting the indopay_mayar_webhook")
	defer r.data.warnIfPaced(ctx, diags)
	diags.Append(d...)
	if diags.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := client.SetWebhookURL(ctx, hookURL); err != nil {
		diags.AddError("Unable to set the Mayar webhook URL", mayarErrorDetail(err))
	}
}
