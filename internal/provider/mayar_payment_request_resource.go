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
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

var _ managedResource = (*mayarPaymentRequestResource)(nil)

// NewMayarPaymentRequestResource is the constructor the provider registers.
func NewMayarPaymentRequestResource() resource.Resource {
	return &mayarPaymentRequestResource{createOnceResource[*mayar.Client, *mayar.PaymentRequest]{lifecycle: mayarPaymentRequestLifecycle}}
}

// mayarPaymentRequestResource is a Mayar payment request; the shared
// lifecycle (lifecycle.go) refreshes, closes on destroy and imports it.
type mayarPaymentRequestResource struct {
	createOnceResource[*mayar.Client, *mayar.PaymentRequest]
}

type mayarPaymentRequestModel struct {
	ID             types.String   `tfsdk:"id"`
	Name           types.String   `tfsdk:"name"`
	Amount         types.Number   `tfsdk:"amount"`
	Email          types.String   `tfsdk:"email"`
	Mobile         types.String   `tfsdk:"mobile"`
	Description    types.String   `tfsdk:"description"`
	ExpiresAt      types.String   `tfsdk:"expires_at"`
	Open           types.Bool     `tfsdk:"open"`
	CloseOnDestroy types.Bool     `tfsdk:"close_on_destroy"`
	TransactionID  types.String   `tfsdk:"transaction_id"`
	Link           types.String   `tfsdk:"link"`
	Status         types.String   `tfsdk:"status"`
	Timeouts       timeouts.Value `tfsdk:"timeouts"`
}

func (m *mayarPaymentRequestModel) object() objectState {
	return objectState{ID: m.ID, Status: m.Status, EndOnDestroy: m.CloseOnDestroy, Timeouts: m.Timeouts}
}

// creation is the request's create. It is created open: open = false
// closes it right after (Create).
func (m *mayarPaymentRequestModel) creation() (creation[*mayar.Client], error) {
	in, err := m.input(false)
	if err != nil {
		return creation[*mayar.Client]{}, err
	}
	return creation[*mayar.Client]{
		what: fmt.Sprintf("payment request %q of Rp %d", in.Name, in.Amount),
		lost: findLostRequest(in.Name, in.Amount),
		send: func(ctx context.Context, client *mayar.Client) error {
			created, err := client.CreatePaymentRequest(ctx, in)
			if err == nil {
				m.ID = types.StringValue(created.ID)
				m.TransactionID = types.StringValue(created.TransactionID)
				m.Link = types.StringValue(created.Link)
				m.Status = types.StringValue(mayar.StatusActive)
			}
			return err
		},
	}, nil
}

// mayarPaymentRequestLifecycle is the request's part in the rules every
// create-once resource keeps (lifecycle.go): destroy closes an open
// request, as Mayar cannot delete one.
var mayarPaymentRequestLifecycle = &lifecycle[*mayar.Client, *mayar.PaymentRequest]{
	api: mayarAdvice, noun: "payment request", typeName: "indopay_mayar_payment_request",
	ids: mayarIDs.withWhere("list the account's payment requests, each with its id beside its name, amount " +
		"and link, with the indopay_mayar_payments data source, or with `terraform query` and a list " +
		"\"indopay_mayar_payment_request\" block (Terraform 1.14 or later)"),
	end: ending{
		verb: "close", doing: "Closing", done: "closed", argument: "close_on_destroy",
		final: map[string]finalStatus{
			mayar.StatusPaid:   {said: "paid", after: "; the payment stays received"},
			mayar.StatusClosed: {said: "closed"},
		},
	},
	duplicateOf: "same name, amount and email",
	timeouts:    mayarTimeouts,
	newModel:    func() lifecycleModel[*mayar.PaymentRequest] { return &mayarPaymentRequestModel{} },
	connect:     (*providerData).mayarWithKey,
	get:         (*mayar.Client).GetPaymentRequest,
	status:      func(p *mayar.PaymentRequest) string { return p.Status },
	finish:      (*mayar.Client).ClosePaymentRequest,
}

// input is what create and edit send. The amount and expiry were
// validated at plan time. clearDescription: the configuration dropped a
// description that Mayar has, so the edit empties it.
func (m *mayarPaymentRequestModel) input(clearDescription bool) (mayar.PaymentRequestInput, error) {
	amount, err := mayarAmount(m.Amount.ValueBigFloat())
	if err != nil {
		return mayar.PaymentRequestInput{}, fmt.Errorf("amount %w", err)
	}
	in := mayar.PaymentRequestInput{
		Name:   m.Name.ValueString(),
		Amount: amount,
		Email:  m.Email.ValueString(),
		Mobile: m.Mobile.ValueString(),
	}
	switch {
	case !m.Description.IsNull():
		d := m.Description.ValueString()
		in.Description = &d
	case clearDescription:
		empty := ""
		in.Description = &empty
	}
	if !m.ExpiresAt.IsNull() {
		if in.ExpiresAt, err = time.Parse(time.RFC3339, m.ExpiresAt.ValueString()); err != nil {
			return mayar.PaymentRequestInput{}, fmt.Errorf("expires_at %q is not an RFC 3339 timestamp", m.ExpiresAt.ValueString())
		}
	}
	return in, nil
}

// applyRead maps what Mayar reads back onto the model. Email, mobile and
// expires_at are never returned and keep their state. A paid request is
// neither open nor closed: open keeps its state (true after import).
func (m *mayarPaymentRequestModel) applyRead(p *mayar.PaymentRequest) {
	m.Name = types.StringValue(p.Name)
	m.Amount = types.NumberNull()
	if p.Amount != nil {
		m.Amount = types.NumberValue(new(big.Float).SetInt64(*p.Amount))
	}
	m.Description = descriptionFromMayar(m.Description, p.Description)
	m.Status = types.StringValue(p.Status)
	switch {
	case p.Status == mayar.StatusClosed:
		m.Open = types.BoolValue(false)
	case mayar.IsOpen(p.Status):
		m.Open = types.BoolValue(true)
	case m.Open.IsNull():
		m.Open = types.BoolValue(true)
	}
	// Only V2 reads back the full URL; V1 gives the slug alone, so the
	// URL from the create answer stays.
	if p.LinkURL != "" {
		m.Link = types.StringValue(p.LinkURL)
	}
	if m.CloseOnDestroy.IsNull() {
		m.CloseOnDestroy = types.BoolValue(true)
	}
}

func (r *mayarPaymentRequestResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	neverRead := " Mayar never returns it, so a change made outside Terraform is not seen, and it is null after import."
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Mayar payment request (\"Penagihan\"): a bill with a payment link. Creating it " +
			"creates the request in Mayar; the amount, email, mobile, description and expiry are edited in place; " +
			"`open` closes and reopens it; `terraform destroy` closes it, as Mayar cannot delete one. Creating is " +
			"not idempotent: a create that may have reached Mayar is never sent again. Needs a read-and-write " +
			"`mayar.api_key` (or `MAYAR_API_KEY`).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The payment request's id (a UUID) Mayar assigned.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The bill's title, shown to the payer. Mayar cannot edit a name, so changing " +
					"it replaces the payment request: the old one is closed and a new one created.",
				Required:      true,
				Validators:    []validator.String{notBlankValidator},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"amount": schema.NumberAttribute{
				MarkdownDescription: fmt.Sprintf("The amount asked, in whole rupiah (IDR), at least %d. Edited in "+
					"place; Mayar refuses to edit a paid request. Required to create a request. A request made "+
					"outside Terraform may have none (Mayar then lists its amount as null): it is imported, and "+
					"kept, with `amount` left out or null. Mayar's edit always sends an amount, so such a request "+
					"can be closed and reopened, but changing `email`, `mobile`, `description` or `expires_at` "+
					"needs `amount` set too (the edit then asks that amount), and removing `amount` from a request "+
					"that has one is refused: both at plan time, before anything is sent.", mayar.MinAmount),
				Optional:   true,
				Validators: []validator.Number{mayarAmountValidator{}},
			},
			"email": schema.StringAttribute{
				MarkdownDescription: "The customer's email address. Required when `mayar.api_version` is `\"v1\"` " +
					"(V1 needs it to create a request), optional on V2. Edited in place." + neverRead +
					" Removing it from the configuration does not remove it in Mayar.",
				Optional:   true,
				Validators: []validator.String{emailValidator},
			},
			"mobile": schema.StringAttribute{
				MarkdownDescription: "The customer's phone number: digits, optionally after a leading `+`, such as " +
					"`+6281234567890`. Edited in place." + neverRead + " Removing it from the configuration does not " +
					"remove it in Mayar.",
				Optional:   true,
				Validators: []validator.String{mobileValidator},
			},
			"description": schema.StringAttribute{
				MarkdownDescription: "What the bill is for: plain text, or HTML. Edited in place, and refreshed " +
					"from Mayar: a change made outside Terraform shows in the next plan. Leave it out for none." +
					mayarDescriptionNote,
				Optional:   true,
				Validators: []validator.String{notBlankValidator},
			},
			"expires_at": schema.StringAttribute{
				MarkdownDescription: "When the request stops accepting payment, as an RFC 3339 timestamp with a " +
					"time zone, such as `2027-06-30T23:59:00+07:00`; not in the past when it is set or changed. Edited in " +
					"place." + neverRead +
					" Removing it from the configuration does not remove the expiry in Mayar.",
				Optional:      true,
				Validators:    []validator.String{rfc3339Check},
				PlanModifiers: []planmodifier.String{expiryNotPast{}},
			},
			"open": schema.BoolAttribute{
				MarkdownDescription: "Whether the request accepts payment. `false` closes it and `true` reopens " +
					"it, in place. Refreshed from its status: a request closed outside Terraform reads `false`, so " +
					"the next plan proposes to reopen it. A paid request can be neither closed nor reopened, and " +
					"keeps the value set. Defaults to `true`.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
			},
			"close_on_destroy": schema.BoolAttribute{
				MarkdownDescription: "Whether `terraform destroy` closes the request while it is open. With " +
					"`false`, destroy only removes it from state. Defaults to `true`.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
			},
			"transaction_id": schema.StringAttribute{
				MarkdownDescription: "The transaction id Mayar gave at creation. Null after import: Mayar returns " +
					"it only when the request is created.",
				Computed:      true,
				PlanModifiers: keep,
			},
			"link": schema.StringAttribute{
				MarkdownDescription: "The full payment URL to send the payer. After import it is read back on V2; " +
					"V1 reads back only the page's slug, so it is null after an import on V1.",
				Computed:      true,
				PlanModifiers: keep,
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "`active` (open for payment; Mayar V2's `unpaid` reads as `active`), `paid`, or " +
					"`closed`. Refreshed on every read.",
				Computed:      true,
				PlanModifiers: keep,
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": resourceTimeoutsBlock(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

// ModifyPlan checks at plan time, before anything is sent, what needs the
// provider's configuration or the state: the key, the amount and the email
// V1 requires to create, and the amount every edit sends. It also marks
// the status unknown when open changes, as closing or reopening changes
// it.
func (r *mayarPaymentRequestResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data == nil || req.Plan.Raw.IsNull() {
		return
	}
	var plan mayarPaymentRequestModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if req.State.Raw.IsNull() {
		if plan.Amount.IsNull() {
			resp.Diagnostics.AddAttributeError(path.Root("amount"), "Missing amount for a new Mayar payment request",
				fmt.Sprintf("amount is required to create a payment request: Mayar asks the payer that amount. Set it "+
					"to a whole number of rupiah, at least %d. (A request made outside Terraform without an amount can "+
					"be imported and kept without one.)", mayar.MinAmount))
		}
		_, client, diags := r.data.mayarWithKey(ctx, "Creating an indopay_mayar_payment_request")
		resp.Diagnostics.Append(diags...)
		if client != nil && client.Version().EmailRequired() && plan.Email.IsNull() {
			resp.Diagnostics.AddAttributeError(path.Root("email"), "Missing email for Mayar "+string(client.Version()),
				fmt.Sprintf("email is required when mayar.api_version is %q: Mayar %s needs an email to create a "+
					"payment request. Set email, or use mayar.api_version = %q, where it is optional.",
					client.Version(), client.Version(), mayar.V2))
		}
		return
	}
	var state mayarPaymentRequestModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !plan.Open.IsUnknown() && !plan.Open.Equal(state.Open) {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("status"), types.StringUnknown())...)
	}
	if plan.Amount.IsNull() && plan.needsEdit(&state) {
		held := "this payment request has none in Mayar"
		if !state.Amount.IsNull() {
			held = fmt.Sprintf("Mayar holds Rp %s for this payment request, and an amount cannot be removed",
				state.Amount.ValueBigFloat().Text('f', -1))
		}
		resp.Diagnostics.AddAttributeError(path.Root("amount"), "Mayar payment request cannot be edited without an amount",
			fmt.Sprintf("Mayar's edit of payment request %s needs an amount, and amount is not set: %s. Set amount "+
				"to the amount to ask, or leave email, mobile, description and expires_at as they are (open and "+
				"close_on_destroy change without an edit). No edit was sent.", state.ID.ValueString(), held))
	}
}

// needsEdit reports whether going from state to m sends Mayar's edit: a
// change to what it takes.
func (m *mayarPaymentRequestModel) needsEdit(state *mayarPaymentRequestModel) bool {
	return !m.Amount.Equal(state.Amount) || !m.Email.Equal(state.Email) || !m.Mobile.Equal(state.Mobile) ||
		!m.Description.Equal(state.Description) || !m.ExpiresAt.Equal(state.ExpiresAt)
}

// Create creates the request, open, and closes it at once when open =
// false: a failed close leaves it in state, open.
func (r *mayarPaymentRequestResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan mayarPaymentRequestModel
	ctx, client, cancel := r.create(ctx, r.data, req, resp, &plan)
	defer r.data.warnIfPaced(ctx, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() || plan.Open.ValueBool() {
		return
	}
	id := plan.ID.ValueString()
	if err := client.ClosePaymentRequest(ctx, id); err != nil {
		r.createdButNot(&resp.Diagnostics, id, "Unable to close", "closing it",
			"open = false", "open for payment", err)
		return
	}
	plan.Open = types.BoolValue(false)
	plan.Status = types.StringValue(mayar.StatusClosed)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// findLostRequest tells how to find a payment request whose create got no
// usable answer, and what to do with it.
func findLostRequest(name string, amount int64) string {
	return fmt.Sprintf("To check, list the active requests with the indopay_mayar_payments data source "+
		"(status = \"active\") or in Mayar's dashboard, and look for a new request named %q of Rp %d. To keep it, "+
		"adopt it with an import block or `terraform import indopay_mayar_payment_request.<name> <id>`; otherwise "+
		"close it in Mayar and apply again.", name, amount)
}

// Update edits what changed with one request, then closes or reopens when
// open changed. A failed edit changes nothing in state.
func (r *mayarPaymentRequestResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state mayarPaymentRequestModel
	r.update(ctx, req, resp, &plan, &state, func(ctx context.Context, client *mayar.Client) {
		id := state.ID.ValueString()
		if plan.needsEdit(&state) {
			in, err := plan.input(!state.Description.IsNull())
			if err == nil {
				err = client.EditPaymentRequest(ctx, id, in)
			}
			if err != nil {
				detail := mayarErrorDetail(err)
				if errors.Is(err, mayar.ErrPaid) {
					detail += "\n\nA paid payment request cannot be edited; nothing was changed. Set the arguments " +
						"back to their values in state, or create a new request for a new amount."
				}
				resp.Diagnostics.AddError("Unable to edit Mayar payment request "+id, detail)
				return
			}
			state.Amount, state.Email, state.Mobile = plan.Amount, plan.Email, plan.Mobile
			state.Description, state.ExpiresAt = plan.Description, plan.ExpiresAt
		}
		state.CloseOnDestroy = plan.CloseOnDestroy
		state.Timeouts = plan.Timeouts
		if !plan.Open.Equal(state.Open) {
			r.setOpen(ctx, client, &state, plan.Open.ValueBool(), &resp.Diagnostics)
		}
	})
}

// setOpen closes or reopens the request and records the outcome in state.
func (r *mayarPaymentRequestResource) setOpen(ctx context.Context, client *mayar.Client, state *mayarPaymentRequestModel, open bool, diags *diag.Diagnostics) {
	id := state.ID.ValueString()
	verb, done, needs := "close", "closed", "open"
	call, status := client.ClosePaymentRequest, mayar.StatusClosed
	if open {
		verb, done, needs = "reopen", "reopened", "closed"
		call, status = client.ReopenPaymentRequest, mayar.StatusActive
	}
	if state.Status.ValueString() == mayar.StatusPaid {
		diags.AddWarning(fmt.Sprintf("Mayar payment request %s was not %s", id, done), fmt.Sprintf(
			"The payment request is paid, so there is nothing to %s: Mayar closes and reopens only unpaid "+
				"requests. open is now %t in state.", verb, open))
		state.Open = types.BoolValue(open)
		return
	}
	if err := call(ctx, id); err != nil {
		detail := mayarErrorDetail(err)
		var apiErr *transport.APIError
		if errors.As(err, &apiErr) && apiErr.StatusCode < 300 {
			// HTTP 200 "failed": the request is not in the state this needs.
			detail += fmt.Sprintf("\n\nMayar refuses to %s a payment request that is not %s: it may have been "+
				"paid, or changed outside Terraform since the last refresh. Run terraform plan to see its status.",
				verb, needs)
		}
		diags.AddError(fmt.Sprintf("Unable to %s Mayar payment request %s", verb, id), detail)
		return
	}
	state.Open = types.BoolValue(open)
	state.Status = types.StringValue(status)
}
