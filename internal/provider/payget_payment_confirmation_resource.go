package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/indopay/terraform-provider-indopay/internal/client/payget"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

var (
	_ resource.ResourceWithConfigure = (*payGetPaymentConfirmationResource)(nil)
)

const (
	// defaultConfirmationTimeout is the wait when neither timeouts.create
	// nor the payment's expiry is known: PayGet's documented expiry.
	defaultConfirmationTimeout = 10 * time.Minute
	// confirmationExpiryMargin is how long a wait that knows the payment's
	// expiry goes on after it, by default: two polls at the longest
	// interval, so that PayGet, whose clock may differ from this machine's,
	// has reported the payment Expired (or paid) before the wait gives up.
	confirmationExpiryMargin = 30 * time.Second
	// The wait reads the status at once, then after firstConfirmationPoll,
	// the interval growing by half each time up to maxConfirmationPoll: a
	// payer who pays at once is seen at once, and a long wait costs a few
	// requests a minute.
	firstConfirmationPoll = time.Second
	maxConfirmationPoll   = 15 * time.Second
)

// errConfirmationTimeout is the cause of a wait's context ending because
// timeouts.create passed, as opposed to Terraform interrupting it.
var errConfirmationTimeout = errors.New("timeouts.create passed")

// NewPayGetPaymentConfirmationResource is the constructor the provider
// registers.
func NewPayGetPaymentConfirmationResource() resource.Resource {
	return &payGetPaymentConfirmationResource{}
}

type payGetPaymentConfirmationResource struct {
	data *providerData
}

type payGetPaymentConfirmationModel struct {
	PaymentID        types.String   `tfsdk:"payment_id"`
	PaymentExpiresAt types.String   `tfsdk:"payment_expires_at"`
	Status           types.String   `tfsdk:"status"`
	ConfirmedAt      types.String   `tfsdk:"confirmed_at"`
	Timeouts         timeouts.Value `tfsdk:"timeouts"`
}

func (r *payGetPaymentConfirmationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_payget_payment_confirmation"
}

func (r *payGetPaymentConfirmationResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Waits until a PayGet payment is paid. Creating it polls the payment's status until " +
			"it is `Success`, so that whatever depends on it runs only once the money is in, while the payment's " +
			"QR code is already available to the rest of the configuration (a file, a notification). It creates " +
			"nothing at PayGet, and needs no API key: PayGet documents its status endpoint without authentication.",
		Attributes: map[string]schema.Attribute{
			"payment_id": schema.StringAttribute{
				MarkdownDescription: "The id of the payment to wait for, usually `indopay_payget_payment.<name>.id`. " +
					"Changing it replaces the confirmation, which then waits for the new payment.",
				Required:      true,
				Validators:    idValidators(),
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"payment_expires_at": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("When the payment expires (RFC 3339), usually "+
					"`indopay_payget_payment.<name>.expires_at`: PayGet's status answer does not say. With it, "+
					"the wait lasts by default until the payment is paid or has expired (until %s after this "+
					"time), and the messages of a failed wait give the time. Without it, the default wait is %s. "+
					"Changing it changes nothing at PayGet and is an update in place.",
					durationWords(confirmationExpiryMargin), durationWords(defaultConfirmationTimeout)),
				Optional:   true,
				Validators: []validator.String{rfc3339Check},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "The payment's status: `Success` once created, then refreshed on every read.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"confirmed_at": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("When the provider first saw the payment `Success` (RFC 3339, "+
					"UTC), by the clock of the machine that ran Terraform. PayGet reports no payment time, so this "+
					"comes up to one poll interval (at most %s) after the payer paid; for a payment paid before "+
					"the wait began, it is when the wait began.", durationWords(maxConfirmationPoll)),
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": resourceTimeoutsBlock(ctx, timeouts.Opts{
				Create: true,
				CreateDescription: fmt.Sprintf("How long to wait for the payer, as a duration such as `30s` or "+
					"`10m`. By default the wait lasts until the payment is paid or has expired: until %s after "+
					"`payment_expires_at`, or `%s` when that is not set. Waiting longer than the payment's "+
					"expiry gains nothing: an expired payment can no longer be paid, and the wait stops when it "+
					"sees one.", durationWords(confirmationExpiryMargin), transport.FormatDuration(defaultConfirmationTimeout)),
			}),
		},
	}
}

func (r *payGetPaymentConfirmationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data, resp.Diagnostics = providerDataFrom(req.ProviderData)
}

func (r *payGetPaymentConfirmationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan payGetPaymentConfirmationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	configured, diags := plan.Timeouts.Create(ctx, 0) // 0: not set (a set timeout is positive)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	expiresAt, _ := knownTime(plan.PaymentExpiresAt)
	limit := newWaitLimit(configured, expiresAt, time.Now())
	id := plan.PaymentID.ValueString()
	waitCtx, cancel := context.WithTimeoutCause(ctx, limit.timeout, errConfirmationTimeout)
	defer cancel()

	w := r.waitForSuccess(waitCtx, id)
	switch {
	case w.status != nil && w.status.Status == payget.StatusSuccess:
		plan.Status = types.StringValue(w.status.Status)
		plan.ConfirmedAt = types.StringValue(w.seenAt.UTC().Format(time.RFC3339))
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	case w.status != nil && w.status.Status == payget.StatusExpired:
		resp.Diagnostics.AddAttributeError(path.Root("payment_id"), "PayGet payment "+id+" expired unpaid",
			"PayGet reports the payment Expired: it was not paid before its expiry time"+limit.at()+", or it was "+
				"cancelled. An expired payment can no longer be paid. To take the money, create a new payment, for "+
				"example with `terraform apply -replace=indopay_payget_payment.<name>`; this confirmation then waits "+
				"for the new one, in the same apply.")
	case errors.Is(w.err, payget.ErrNotFound):
		resp.Diagnostics.AddAttributeError(path.Root("payment_id"), "PayGet payment "+id+" not found",
			fmt.Sprintf("PayGet knows no payment with id %q, so there is nothing to wait for. Check payment_id. %s",
				id, payGetErrorDetail(w.err)))
	case w.err != nil:
		resp.Diagnostics.AddError("Unable to read PayGet payment "+id, "Reading the payment's status failed "+
			"while waiting for the payer: "+payGetErrorDetail(w.err)+"\n\nNothing was changed at PayGet; the "+
			"payment can still be paid until it expires"+limit.at()+". Run `terraform apply` again to wait again.")
	case errors.Is(context.Cause(waitCtx), errConfirmationTimeout):
		resp.Diagnostics.AddError("Timed out waiting for PayGet payment "+id, limit.timedOut(w.last()))
	default:
		resp.Diagnostics.AddError("Stopped waiting for PayGet payment "+id, fmt.Sprintf(
			"Terraform was interrupted while waiting for the payer. %s\n\nNothing was changed at PayGet; the "+
				"payment can still be paid until it expires%s. Run `terraform apply` again to wait again.",
			w.last(), limit.at()))
	}
}

// waitLimit is how long a confirmation waits for the payer, and why: what
// its messages say when the wait ends without an answer.
type waitLimit struct {
	timeout    time.Duration
	configured bool      // timeouts.create set it
	expiresAt  time.Time // the payment's expiry; zero when payment_expires_at is not set
}

// newWaitLimit is timeouts.create when it is set (configured > 0);
// otherwise until the payment is paid or has expired: its expiry plus a
// margin, or defaultConfirmationTimeout when the expiry is not known.
func newWaitLimit(configured time.Duration, expiresAt, now time.Time) waitLimit {
	l := waitLimit{timeout: configured, configured: configured > 0, expiresAt: expiresAt}
	switch {
	case l.configured:
	case expiresAt.IsZero():
		l.timeout = defaultConfirmationTimeout
	default:
		l.timeout = max(expiresAt.Sub(now), 0) + confirmationExpiryMargin
	}
	return l
}

// at completes "until it expires" with the payment's expiry time.
func (l waitLimit) at() string {
	if l.expiresAt.IsZero() {
		return " (see the payment's expires_at)"
	}
	return " at " + l.expiresAt.UTC().Format(time.RFC3339)
}

// timedOut is the detail of a wait that ended at its limit; last is what
// the wait knew last.
func (l waitLimit) timedOut(last string) string {
	switch {
	case l.configured:
		return fmt.Sprintf("timeouts.create (%s) passed before the payment was paid. %s\n\nThe payment can still be "+
			"paid until it expires%s. Run `terraform apply` again to wait again, or raise timeouts.create.",
			transport.FormatDuration(l.timeout), last, l.at())
	case l.expiresAt.IsZero():
		return fmt.Sprintf("The default wait of %s passed before the payment was paid. %s\n\nThe payment can still "+
			"be paid until it expires%s. Run `terraform apply` again to wait again. To wait until the payment is "+
			"paid or has expired, set payment_expires_at = indopay_payget_payment.<name>.expires_at; or set "+
			"timeouts.create.", durationWords(defaultConfirmationTimeout), last, l.at())
	default:
		return fmt.Sprintf("The wait lasted until %s after the payment's expiry%s, and PayGet still did not "+
			"report it paid. %s\n\nAn expired payment can no longer be paid: replace it with `terraform apply "+
			"-replace=indopay_payget_payment.<name>`, and this confirmation waits for the new one in the same "+
			"apply. If PayGet's clock runs behind and the payer pays now, `terraform apply` waits again.",
			durationWords(confirmationExpiryMargin), l.at(), last)
	}
}

// wait is how a wait for the payer ended.
type wait struct {
	status  *payget.PaymentStatus // the last status read, if any
	seenAt  time.Time             // when it was read
	err     error                 // a failure that ends the wait
	lastErr error                 // the last temporary failure, if the last read failed
}

// last says what the wait knew last, for a diagnostic.
func (w wait) last() string {
	var s string
	if w.status == nil {
		s = "No status was read."
	} else {
		s = fmt.Sprintf("The last status PayGet reported was %s, at %s.", w.status.Status, w.seenAt.UTC().Format(time.RFC3339))
	}
	if w.lastErr != nil {
		s += " The last read failed: " + w.lastErr.Error()
	}
	return s
}

// waitForSuccess polls the payment's status until it is Success or
// Expired, a read fails for good, or ctx ends (the timeout, or Terraform
// interrupted: the wait stops at once). A temporary failure of a read, once
// the transport's own retries are spent, does not end the wait: the next
// poll asks again.
func (r *payGetPaymentConfirmationResource) waitForSuccess(ctx context.Context, id string) wait {
	var w wait
	interval := firstConfirmationPoll
	for {
		status, err := r.data.payGet.PaymentStatus(ctx, id)
		switch {
		case ctx.Err() != nil:
			return w
		case err != nil && !payget.Temporary(err):
			w.err = err
			return w
		case err != nil:
			w.lastErr = err
			tflog.Warn(ctx, "reading a PayGet payment's status failed; asking again at the next poll",
				map[string]any{"id": id, "error": err.Error()})
		default:
			w.status, w.seenAt, w.lastErr = status, time.Now(), nil
			tflog.Debug(ctx, "waiting for the payer", map[string]any{"id": id, "status": status.Status})
			if status.Status == payget.StatusSuccess || status.Status == payget.StatusExpired {
				return w
			}
		}

		timer := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			timer.Stop()
			return w
		case <-timer.C:
		}
		interval = min(interval*3/2, maxConfirmationPoll)
	}
}

// Read refreshes the status. A payment PayGet no longer knows takes its
// confirmation with it: the next plan proposes to wait again, and that
// wait says the payment is not found.
func (r *payGetPaymentConfirmationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state payGetPaymentConfirmationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.PaymentID.ValueString()
	status, err := r.data.payGet.PaymentStatus(ctx, id)
	if errors.Is(err, payget.ErrNotFound) {
		resp.Diagnostics.AddWarning("PayGet payment "+id+" no longer exists",
			"PayGet no longer knows the confirmed payment, so its confirmation was removed from state.")
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to read PayGet payment "+id, payGetErrorDetail(err))
		return
	}
	state.Status = types.StringValue(status.Status)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update only takes a new timeouts block or payment_expires_at, which
// matter to a wait that is over: payment_id replaces.
func (r *payGetPaymentConfirmationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state payGetPaymentConfirmationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	state.Timeouts, state.PaymentExpiresAt = plan.Timeouts, plan.PaymentExpiresAt
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Delete only forgets the confirmation: it stands for nothing at PayGet.
// The payment itself belongs to its own resource.
func (r *payGetPaymentConfirmationResource) Delete(ctx context.Context, req resource.DeleteRequest, _ *resource.DeleteResponse) {
	var id types.String
	_ = req.State.GetAttribute(ctx, path.Root("payment_id"), &id)
	tflog.Debug(ctx, "forgetting the confirmation of a PayGet payment; PayGet is not called", map[string]any{"id": id.ValueString()})
}
