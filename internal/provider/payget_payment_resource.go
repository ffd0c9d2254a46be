package provider

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/numberplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/indopay/terraform-provider-indopay/internal/client/payget"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

var (
	_ resource.ResourceWithConfigure   = (*payGetPaymentResource)(nil)
	_ resource.ResourceWithImportState = (*payGetPaymentResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*payGetPaymentResource)(nil)
	_ resource.ResourceWithIdentity    = (*payGetPaymentResource)(nil)

	pathID = path.Root("id")
)

const (
	defaultCreateTimeout = 10 * time.Minute
	defaultReadTimeout   = time.Minute
	defaultDeleteTimeout = 2 * time.Minute
)

// NewPayGetPaymentResource is the constructor the provider registers.
func NewPayGetPaymentResource() resource.Resource {
	return &payGetPaymentResource{}
}

type payGetPaymentResource struct {
	data *providerData
}

type payGetPaymentModel struct {
	ID              types.String   `tfsdk:"id"`
	Amount          types.Number   `tfsdk:"amount"`
	CancelOnDestroy types.Bool     `tfsdk:"cancel_on_destroy"`
	Status          types.String   `tfsdk:"status"`
	QRCode          types.String   `tfsdk:"qr_code"`
	Fee             types.Int64    `tfsdk:"fee"`
	BalanceReceived types.Int64    `tfsdk:"balance_received"`
	CreatedAt       types.String   `tfsdk:"created_at"`
	ExpiresAt       types.String   `tfsdk:"expires_at"`
	Timeouts        timeouts.Value `tfsdk:"timeouts"`
}

// applyCreated maps the create answer onto the model. createdAt is when
// the answer arrived, by this machine's clock: PayGet's answer carries no
// creation time. The flat create answer carries no expiry either, so the
// window documented with it, from createdAt, stands in.
func (m *payGetPaymentModel) applyCreated(p *payget.Payment, createdAt time.Time) {
	expires := p.ExpiresAt
	if expires.IsZero() {
		expires = createdAt.Add(payget.DocumentedExpiry)
	}
	status := p.Status
	if status == "" {
		status = payget.StatusPending
	}
	m.ID = types.StringValue(p.ID)
	m.Amount = types.NumberValue(new(big.Float).SetInt64(p.Amount))
	m.Status = types.StringValue(status)
	m.QRCode = types.StringValue(p.QRCode)
	m.Fee = types.Int64Value(p.Fee)
	m.BalanceReceived = types.Int64Value(p.BalanceReceived)
	m.CreatedAt = types.StringValue(createdAt.UTC().Format(time.RFC3339))
	m.ExpiresAt = types.StringValue(expires.UTC().Format(time.RFC3339))
}

// applyStatus maps a status read onto the model: what the API can tell
// about a payment after its creation.
func (m *payGetPaymentModel) applyStatus(s *payget.PaymentStatus) {
	m.Status = types.StringValue(s.Status)
	m.Amount = types.NumberValue(new(big.Float).SetInt64(s.Amount))
}

func (r *payGetPaymentResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_payget_payment"
}

func (r *payGetPaymentResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keepString := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	keepInt64 := []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A PayGet top-up payment request: a QRIS code the payer scans. Creating it asks " +
			"PayGet for a new payment and returns as soon as PayGet answers, with the QR code; " +
			"`indopay_payget_payment_confirmation` waits for the payer. `terraform destroy` cancels the payment " +
			"while it is still `Pending` (unless `cancel_on_destroy = false`). An unpaid payment expires by itself " +
			"at `expires_at`, as PayGet reported it. Needs `payget.api_key` (or `PAYGET_API_KEY`).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The payment id PayGet assigned.",
				Computed:            true,
				PlanModifiers:       keepString,
			},
			"amount": schema.NumberAttribute{
				MarkdownDescription: fmt.Sprintf("The amount the payer pays, in whole rupiah (IDR), from %d to %d. "+
					"Changing it replaces the payment: a new one is created, and the old one is destroyed, which "+
					"cancels it if it is still `Pending` and `cancel_on_destroy` is `true`.",
					payget.MinAmount, payget.MaxAmount),
				Required:      true,
				Validators:    []validator.Number{payGetAmountValidator{}},
				PlanModifiers: []planmodifier.Number{numberplanmodifier.RequiresReplace()},
			},
			"cancel_on_destroy": schema.BoolAttribute{
				MarkdownDescription: "Whether destroying the payment (`terraform destroy`, or a replacement when " +
					"`amount` changes) cancels it while it is `Pending`. With `false`, destroy only removes it from " +
					"state, and the payment can still be paid until it expires. Defaults to `true`.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "`Pending` (waiting for the payer), `Success` (paid) or `Expired` " +
					"(not paid in time, or cancelled). Refreshed on every read.",
				Computed:      true,
				PlanModifiers: keepString,
			},
			"qr_code": schema.StringAttribute{
				MarkdownDescription: "The QRIS code to show the payer, as a PNG data URI " +
					"(`data:image/png;base64,...`, a few kilobytes). Not secret, but long: write it to a file " +
					"rather than to an output. Null after import: PayGet returns it only at creation.",
				Computed:      true,
				PlanModifiers: keepString,
			},
			"fee": schema.Int64Attribute{
				MarkdownDescription: "The fee PayGet deducts, in rupiah, as the server reported it. Null after import.",
				Computed:            true,
				PlanModifiers:       keepInt64,
			},
			"balance_received": schema.Int64Attribute{
				MarkdownDescription: "What the payment adds to the balance once paid (amount minus fee), in rupiah, " +
					"as the server reported it. Null after import.",
				Computed:      true,
				PlanModifiers: keepInt64,
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "When the provider received PayGet's answer to the create (RFC 3339, UTC), by " +
					"the clock of the machine that ran Terraform: PayGet's answer carries no creation time. " +
					"Null after import.",
				Computed:      true,
				PlanModifiers: keepString,
			},
			"expires_at": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("When the payment expires if nobody pays it (RFC 3339, UTC), as "+
					"PayGet reported it in its answer to the create. PayGet's first documented answer shape carries "+
					"no expiry; for it, this is `created_at` plus the %s that shape documents. Null after import.",
					durationWords(payget.DocumentedExpiry)),
				Computed:      true,
				PlanModifiers: keepString,
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": resourceTimeoutsBlock(ctx, timeouts.Opts{
				Create: true, Read: true, Delete: true,
				CreateDescription: fmt.Sprintf("How long creating may take, as a duration such as `30s` or `10m`. "+
					"Default `%s`. A create request already sent is never abandoned: it is awaited for at most "+
					"`request_timeout`, even past this timeout.", transport.FormatDuration(defaultCreateTimeout)),
				ReadDescription: fmt.Sprintf("How long a refresh may take. Default `%s`.", transport.FormatDuration(defaultReadTimeout)),
				DeleteDescription: fmt.Sprintf("How long cancelling on destroy may take. Default `%s`.",
					transport.FormatDuration(defaultDeleteTimeout)),
			}),
		},
	}
}

// payGetPaymentIdentity is the resource identity (Terraform 1.12 and
// later): the payment id alone names a payment.
type payGetPaymentIdentity struct {
	ID types.String `tfsdk:"id"`
}

func (r *payGetPaymentResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{
				Description:       "The payment id PayGet assigned, as in the resource's id attribute.",
				RequiredForImport: true,
			},
		},
	}
}

// setPaymentIdentity records the payment's identity. The framework hands
// every operation a non-nil identity because the resource has an identity
// schema, and requires it set after create, read and update; a Terraform
// older than 1.12 does not store it, so each of them sets it.
func setPaymentIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, id types.String) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return identity.Set(ctx, payGetPaymentIdentity{ID: id})
}

func (r *payGetPaymentResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data, resp.Diagnostics = providerDataFrom(req.ProviderData)
}

// ModifyPlan finds a missing API key at plan time, before anything is
// created, rather than halfway through an apply. Only a create is planned
// with a null state: a destroy or the destroy half of a replacement that
// needs the key (to cancel) fails at apply.
func (r *payGetPaymentResource) ModifyPlan(_ context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data == nil || req.Plan.Raw.IsNull() || !req.State.Raw.IsNull() {
		return
	}
	_, diags := r.data.payGetWithKey("Creating an indopay_payget_payment")
	resp.Diagnostics.Append(diags...)
}

func (r *payGetPaymentResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan payGetPaymentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client, diags := r.data.payGetWithKey("Creating an indopay_payget_payment")
	resp.Diagnostics.Append(diags...)
	timeout, tdiags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(tdiags...)
	amount, err := payGetAmount(plan.Amount.ValueBigFloat())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("amount"), "Invalid payment amount", "amount "+err.Error()+".")
	}
	if resp.Diagnostics.HasError() {
		return
	}
	call, done := createCall(ctx, timeout, "a PayGet payment of Rp "+strconv.FormatInt(amount, 10))
	created, err := client.CreatePayment(call, amount)
	done()
	if why, ok := stoppedBeforeSending(err, timeout); ok {
		resp.Diagnostics.AddError(fmt.Sprintf("PayGet payment of Rp %d not created", amount), fmt.Sprintf(
			"%s before PayGet accepted a request to create it: nothing was created at PayGet. Run `terraform "+
				"apply` again to create it.", why))
		return
	}
	if errors.Is(err, payget.ErrOutcomeUnknown) {
		resp.Diagnostics.AddError(payGetCreateMayExist(amount, err))
		return
	}
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Unable to create PayGet payment of Rp %d", amount), payGetErrorDetail(err))
		return
	}
	tflog.Debug(ctx, "created PayGet payment", map[string]any{"id": created.ID, "amount": created.Amount})

	// State is written whatever happened to ctx meanwhile: when Terraform
	// was interrupted during the request, this is how the payment it
	// created still reaches state.
	plan.applyCreated(created, time.Now())
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setPaymentIdentity(ctx, resp.Identity, plan.ID)...)
}

func (r *payGetPaymentResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state payGetPaymentModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Read(ctx, defaultReadTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	id := state.ID.ValueString()
	// First: the framework wants an identity after every read without an
	// error, one that removes the payment from state included, and a
	// Terraform before 1.12 sends none to carry over.
	resp.Diagnostics.Append(setPaymentIdentity(ctx, resp.Identity, state.ID)...)

	status, err := r.data.payGet.PaymentStatus(ctx, id)
	if errors.Is(err, payget.ErrNotFound) {
		resp.Diagnostics.AddWarning("PayGet payment "+id+" no longer exists",
			"PayGet no longer knows this payment, so it was removed from state; the next plan proposes to create it again.")
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to read PayGet payment "+id, payGetErrorDetail(err))
		return
	}

	state.applyStatus(status)
	// Import starts from an id alone: the arguments take their defaults so
	// that a plan after import shows no changes.
	if state.CancelOnDestroy.IsNull() {
		state.CancelOnDestroy = types.BoolValue(true)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update changes only what lives in Terraform (cancel_on_destroy,
// timeouts): a payment has nothing else to update, and an amount change
// replaces it.
func (r *payGetPaymentResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state payGetPaymentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	state.CancelOnDestroy = plan.CancelOnDestroy
	state.Timeouts = plan.Timeouts
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	// A Terraform before 1.12 plans no identity, and the framework wants one.
	resp.Diagnostics.Append(setPaymentIdentity(ctx, resp.Identity, state.ID)...)
}

func (r *payGetPaymentResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state payGetPaymentModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	if !state.CancelOnDestroy.ValueBool() {
		tflog.Info(ctx, "cancel_on_destroy is false: removing the PayGet payment from state without cancelling it", map[string]any{"id": id})
		return
	}
	// Success and Expired are final: nothing can be cancelled, and the
	// status was refreshed by the plan, so no request is needed.
	if s := state.Status.ValueString(); s == payget.StatusSuccess || s == payget.StatusExpired {
		resp.Diagnostics.AddWarning(notCancelledSummary(id), notCancelledDetail(s))
		return
	}
	client, diags := r.data.payGetWithKey("Cancelling an indopay_payget_payment")
	resp.Diagnostics.Append(diags...)
	timeout, tdiags := state.Timeouts.Delete(ctx, defaultDeleteTimeout)
	resp.Diagnostics.Append(tdiags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	_, err := client.CancelPayment(ctx, id)
	if err == nil {
		return
	}
	if errors.Is(err, payget.ErrNotFound) {
		resp.Diagnostics.AddWarning(notCancelledSummary(id), "PayGet no longer knows this payment; it was removed from state.")
		return
	}
	var apiErr *transport.APIError
	if errors.As(err, &apiErr) {
		// PayGet refuses to cancel a payment that is no longer Pending (it
		// was paid or expired since the last refresh): read why.
		if status, serr := client.PaymentStatus(ctx, id); serr == nil && status.Status != payget.StatusPending {
			resp.Diagnostics.AddWarning(notCancelledSummary(id), notCancelledDetail(status.Status))
			return
		}
	}
	resp.Diagnostics.AddError("Unable to cancel PayGet payment "+id, payGetErrorDetail(err))
}

func notCancelledSummary(id string) string {
	return "PayGet payment " + id + " was not cancelled"
}

func notCancelledDetail(status string) string {
	if status == payget.StatusSuccess {
		return "The payment is already Success (paid), so there is nothing to cancel: PayGet cancels only Pending " +
			"payments. It was removed from state; the money stays received."
	}
	return "The payment is already " + status + " (not paid in time, or cancelled before), so there is nothing " +
		"to cancel. It was removed from state."
}

// ImportState takes the id from `terraform import`, an import block's id,
// or an import block's identity (Terraform 1.12 and later); Read then fills
// in the rest and the identity.
func (r *payGetPaymentResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughWithIdentity(ctx, pathID, pathID, req, resp)
}
