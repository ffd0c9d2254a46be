package provider

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/numberplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/indopay/terraform-provider-indopay/internal/client/payget"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

var (
	_ managedResource = (*payGetPaymentResource)(nil)

	pathID = path.Root("id")
)

const (
	defaultCreateTimeout = 10 * time.Minute
	defaultReadTimeout   = time.Minute
	defaultDeleteTimeout = 2 * time.Minute
)

// NewPayGetPaymentResource is the constructor the provider registers.
func NewPayGetPaymentResource() resource.Resource {
	return &payGetPaymentResource{createOnceResource[*payget.Client, *payget.PaymentStatus]{lifecycle: payGetPaymentLifecycle}}
}

// payGetPaymentResource is a PayGet payment; the shared lifecycle
// (lifecycle.go) refreshes, destroys and imports it.
type payGetPaymentResource struct {
	createOnceResource[*payget.Client, *payget.PaymentStatus]
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

// applyRead maps a status read onto the model: what the API can tell
// about a payment after its creation. Import starts from an id alone:
// cancel_on_destroy takes its default, so that a plan after import shows
// no changes.
func (m *payGetPaymentModel) applyRead(s *payget.PaymentStatus) {
	m.Status = types.StringValue(s.Status)
	m.Amount = types.NumberValue(new(big.Float).SetInt64(s.Amount))
	if m.CancelOnDestroy.IsNull() {
		m.CancelOnDestroy = types.BoolValue(true)
	}
}

func (m *payGetPaymentModel) object() objectState {
	return objectState{ID: m.ID, Status: m.Status, EndOnDestroy: m.CancelOnDestroy, Timeouts: m.Timeouts}
}

// creation is the payment's create: its amount, validated at plan time.
// createdAt is when the answer arrived (see applyCreated).
func (m *payGetPaymentModel) creation() (creation[*payget.Client], error) {
	amount, err := payGetAmount(m.Amount.ValueBigFloat())
	if err != nil {
		return creation[*payget.Client]{}, errors.New("amount " + err.Error() + ".")
	}
	return creation[*payget.Client]{
		what: fmt.Sprintf("payment of Rp %d", amount),
		lost: fmt.Sprintf("Look in your PayGet account for a new Pending payment of Rp %d: to keep it, bring it "+
			"into the state with `terraform import` and its id; otherwise let it expire unpaid and apply again.", amount),
		send: func(ctx context.Context, client *payget.Client) error {
			created, err := client.CreatePayment(ctx, amount)
			if err == nil {
				m.applyCreated(created, time.Now())
			}
			return err
		},
	}, nil
}

// payGetPaymentLifecycle is the payment's part in the rules every
// create-once resource keeps (lifecycle.go): destroy cancels a Pending
// payment.
var payGetPaymentLifecycle = &lifecycle[*payget.Client, *payget.PaymentStatus]{
	api: payGetAdvice, noun: "payment", typeName: "indopay_payget_payment",
	ids: payGetIDs.withWhere("look at the id of the indopay_payget_payment that created the payment (`terraform " +
		"state show`), or at the payment id in PayGet's answer to its create: PayGet lists no payments"),
	end: ending{
		verb: "cancel", doing: "Cancelling", done: "cancelled", argument: "cancel_on_destroy",
		final: map[string]finalStatus{
			payget.StatusSuccess: {said: "Success (paid)", why: ": PayGet cancels only Pending payments",
				after: "; the money stays received"},
			payget.StatusExpired: {said: "Expired (not paid in time, or cancelled before)"},
		},
	},
	timeouts: defaultTimeouts{create: defaultCreateTimeout, read: defaultReadTimeout, delete: defaultDeleteTimeout},
	connect: func(d *providerData, ctx context.Context, what string) (context.Context, *payget.Client, diag.Diagnostics) {
		_, diags := d.payGetWithKey(what)
		return ctx, d.payGet, diags
	},
	newModel:       func() lifecycleModel[*payget.PaymentStatus] { return &payGetPaymentModel{} },
	readNeedsNoKey: true, // PayGet's status read takes no key
	get:            (*payget.Client).PaymentStatus,
	status:         func(s *payget.PaymentStatus) string { return s.Status },
	finish: func(client *payget.Client, ctx context.Context, id string) error {
		_, err := client.CancelPayment(ctx, id)
		return err
	},
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
	_, _, cancel := r.create(ctx, r.data, req, resp, &payGetPaymentModel{})
	cancel()
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
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.ID)...)
}
