package provider

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"net/url"
	"path"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/numberplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

var _ managedResource = (*mayarPaymentLinkResource)(nil)

// NewMayarPaymentLinkResource is the constructor the provider registers.
func NewMayarPaymentLinkResource() resource.Resource {
	return &mayarPaymentLinkResource{createOnceResource[*mayar.Client, *mayar.Product]{lifecycle: mayarPaymentLinkLifecycle}}
}

// mayarPaymentLinkResource is a payment link of Mayar's catalog: a reusable
// link that sells one thing at one price, where a payment request bills
// one customer once. The shared lifecycle (lifecycle.go) refreshes, closes
// on destroy and imports it.
type mayarPaymentLinkResource struct {
	createOnceResource[*mayar.Client, *mayar.Product]
}

type mayarPaymentLinkModel struct {
	ID             types.String   `tfsdk:"id"`
	Name           types.String   `tfsdk:"name"`
	Amount         types.Number   `tfsdk:"amount"`
	Description    types.String   `tfsdk:"description"`
	RedirectURL    types.String   `tfsdk:"redirect_url"`
	Notes          types.String   `tfsdk:"notes"`
	ExpiresAt      types.String   `tfsdk:"expires_at"`
	Limit          types.Number   `tfsdk:"limit"`
	Tax            types.Number   `tfsdk:"tax"`
	Status         types.String   `tfsdk:"status"`
	CloseOnDestroy types.Bool     `tfsdk:"close_on_destroy"`
	Link           types.String   `tfsdk:"link"`
	Slug           types.String   `tfsdk:"slug"`
	Timeouts       timeouts.Value `tfsdk:"timeouts"`
}

// input is what a create or an edit sends: always the whole desired
// object, as Mayar's edit refuses one without a name and may reset what it
// is not sent. An empty description, redirect URL or notes clears it; the
// expiry is sent only when set (Mayar documents no way to remove one).
// Every argument was checked at plan time.
func (m *mayarPaymentLinkModel) input() (mayar.PaymentLinkInput, error) {
	amount, err := mayarAmount(m.Amount.ValueBigFloat())
	if err != nil {
		return mayar.PaymentLinkInput{}, fmt.Errorf("amount %w", err)
	}
	in := mayar.PaymentLinkInput{
		Name:        m.Name.ValueString(),
		Amount:      amount,
		Description: m.Description.ValueString(),
		RedirectURL: m.RedirectURL.ValueString(),
		Notes:       m.Notes.ValueString(),
	}
	if !m.Limit.IsNull() {
		if in.Limit, err = wholeNumber(m.Limit.ValueBigFloat(), 1, "purchases"); err != nil {
			return mayar.PaymentLinkInput{}, fmt.Errorf("limit %w", err)
		}
	}
	if !m.Tax.IsNull() {
		if in.Tax, err = wholeNumber(m.Tax.ValueBigFloat(), 0, "rupiah"); err != nil {
			return mayar.PaymentLinkInput{}, fmt.Errorf("tax %w", err)
		}
	}
	in.ExpiresAt, err = expiry(m.ExpiresAt)
	return in, err
}

// applyCreated maps the create's answer onto the model: the link is
// active until a status is set, and its URL ends with its slug.
func (m *mayarPaymentLinkModel) applyCreated(created *mayar.CreatedPaymentLink) {
	m.ID = types.StringValue(created.ID)
	m.Link = types.StringValue(created.Link)
	m.Slug = types.StringValue(slugOf(created.Link))
	m.Status = types.StringValue(mayar.ProductStatusActive)
}

// slugOf is the last segment of a payment URL's path:
// https://toko.myr.id/pl/kopi-susu is kopi-susu.
func slugOf(link string) string {
	u, err := url.Parse(link)
	if err != nil || u.Path == "" {
		return ""
	}
	return path.Base(u.Path)
}

// applyRead maps what Mayar's read of one product returns onto the model.
// It returns neither the redirect URL, the notes, the expiry, the limit
// nor the tax, which keep their state (null after import).
func (m *mayarPaymentLinkModel) applyRead(p *mayar.Product) {
	m.Name, m.Status = types.StringValue(p.Name), types.StringValue(p.Status)
	m.Amount = wholeRupiah(p.Amount)
	m.Description = descriptionFromMayar(m.Description, p.Description)
	if paymentURL := p.PaymentURL(); paymentURL != "" && p.Link != "" {
		m.Link, m.Slug = types.StringValue(paymentURL), types.StringValue(p.Link)
	}
	if m.CloseOnDestroy.IsNull() { // after import
		m.CloseOnDestroy = types.BoolValue(true)
	}
}

// wholeRupiah is an amount Mayar returned, null when it has none.
func wholeRupiah(amount *int64) types.Number {
	if amount == nil {
		return types.NumberNull()
	}
	return types.NumberValue(new(big.Float).SetInt64(*amount))
}

func (m *mayarPaymentLinkModel) object() objectState {
	return objectState{ID: m.ID, Status: m.Status, EndOnDestroy: m.CloseOnDestroy, Timeouts: m.Timeouts}
}

// creation is the link's create. It is created active: another status is
// set right after (Create).
func (m *mayarPaymentLinkModel) creation() (creation[*mayar.Client], error) {
	in, err := m.input()
	if err != nil {
		return creation[*mayar.Client]{}, err
	}
	return creation[*mayar.Client]{
		what: fmt.Sprintf("payment link %q of Rp %d", in.Name, in.Amount),
		lost: fmt.Sprintf("To check, list the payment links with `terraform query` and a list "+
			"\"indopay_mayar_payment_link\" block (search = %q), or in Mayar's dashboard, and look for a new one "+
			"named %[1]q of Rp %d. To keep it, adopt it with an import block or `terraform import "+
			"indopay_mayar_payment_link.<name> <id>`; otherwise close it in Mayar and apply again.", in.Name, in.Amount),
		send: func(ctx context.Context, client *mayar.Client) error {
			created, err := client.CreatePaymentLink(ctx, in)
			if err == nil {
				m.applyCreated(created)
			}
			return err
		},
	}, nil
}

// edited reports whether the plan changes what Mayar's edit sets.
func (m *mayarPaymentLinkModel) edited(state *mayarPaymentLinkModel) bool {
	return !m.Name.Equal(state.Name) || !m.Amount.Equal(state.Amount) || !m.Description.Equal(state.Description) ||
		!m.RedirectURL.Equal(state.RedirectURL) || !m.Notes.Equal(state.Notes) || !m.ExpiresAt.Equal(state.ExpiresAt)
}

// mayarPaymentLinkLifecycle is the link's part in the rules every
// create-once resource keeps (lifecycle.go): destroy closes it, as Mayar
// cannot delete a product.
var mayarPaymentLinkLifecycle = &lifecycle[*mayar.Client, *mayar.Product]{
	api: mayarAdvice, noun: "payment link", typeName: "indopay_mayar_payment_link",
	ids: mayarIDs.withWhere("list the payment links, each with its id beside its name and amount, with " +
		"`terraform query` and a list \"indopay_mayar_payment_link\" block (Terraform 1.14 or later; search " +
		"narrows them by name), or read the catalog with the indopay_mayar_products data source (type = " +
		"\"generic_link\"), whose link attribute is each page's address"),
	end: ending{
		verb: "close", doing: "Closing", done: "closed", argument: "close_on_destroy",
		final: map[string]finalStatus{mayar.ProductStatusClosed: {said: "closed"}},
	},
	timeouts: mayarTimeouts,
	newModel: func() lifecycleModel[*mayar.Product] { return &mayarPaymentLinkModel{} },
	connect:  (*providerData).mayarWithKey,
	get:      (*mayar.Client).GetProduct,
	status:   func(p *mayar.Product) string { return p.Status },
	finish: func(client *mayar.Client, ctx context.Context, id string) error {
		return client.SetProductStatus(ctx, id, mayar.ProductStatusClosed)
	},
}

func (r *mayarPaymentLinkResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	replace := []planmodifier.Number{numberplanmodifier.RequiresReplace()}
	neverRead := " Mayar's read of a product never returns it, so a change made outside Terraform is not seen, " +
		"and it is null after import."
	resp.Schema = schema.Schema{
		MarkdownDescription: "A payment link of Mayar's catalog (a product of type `generic_link`): a reusable " +
			"link that sells one thing at one price, where `indopay_mayar_payment_request` bills one customer " +
			"once. Creating it creates the link in Mayar; the name, amount, description, redirect URL, notes and " +
			"expiry are edited in place with one update; `status` lists, unlists or closes it; `terraform " +
			"destroy` closes it, as Mayar cannot delete a product. Creating is not idempotent: a create that may " +
			"have reached Mayar is never sent again. Mayar API v2 only (`mayar.api_version = \"v2\"`, the " +
			"default); needs a read-and-write `mayar.api_key` (or `MAYAR_API_KEY`).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The payment link's id (a UUID) Mayar assigned.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The link's title, shown to the payer. Edited in place, and refreshed from " +
					"Mayar.",
				Required:   true,
				Validators: []validator.String{notBlankValidator},
			},
			"amount": schema.NumberAttribute{
				MarkdownDescription: fmt.Sprintf("The price, in whole rupiah (IDR), at least %d. Edited in place, "+
					"and refreshed from Mayar. Required to create a link, and to edit one: a link made in Mayar "+
					"without a fixed price (the payer chooses it) reads back with no amount, and can be imported "+
					"and kept as it is without one.", mayar.MinAmount),
				Optional:   true,
				Validators: []validator.Number{mayarAmountValidator{}},
			},
			"description": schema.StringAttribute{
				MarkdownDescription: "What is sold: plain text, or HTML. Edited in place, and refreshed from Mayar: " +
					"a change made outside Terraform shows in the next plan. Leave it out for none; removing it " +
					"clears it in Mayar." + mayarDescriptionNote,
				Optional:   true,
				Validators: []validator.String{notBlankValidator},
			},
			"redirect_url": schema.StringAttribute{
				MarkdownDescription: "Where the payer's browser goes after paying: an absolute `https://` URL. " +
					"Edited in place; removing it clears it in Mayar." + neverRead,
				Optional:   true,
				Validators: []validator.String{redirectURLCheck},
			},
			"notes": schema.StringAttribute{
				MarkdownDescription: "Notes Mayar keeps with the link. Edited in place; removing them clears them " +
					"in Mayar." + neverRead,
				Optional:   true,
				Validators: []validator.String{notBlankValidator},
			},
			"expires_at": schema.StringAttribute{
				MarkdownDescription: "When the link stops accepting payment, as an RFC 3339 timestamp with a time " +
					"zone, such as `2027-06-30T23:59:00+07:00`; not in the past when it is set or changed. Edited " +
					"in place." + neverRead + " Mayar has no way to remove an expiry: removing it from the " +
					"configuration keeps the one Mayar has.",
				Optional:      true,
				Validators:    []validator.String{rfc3339Check},
				PlanModifiers: []planmodifier.String{expiryNotPast{}},
			},
			"limit": schema.NumberAttribute{
				MarkdownDescription: "The largest number of purchases, at least 1. Unset for no limit. Mayar's " +
					"update cannot change it, so changing it replaces the link (a new link, with a new URL)." +
					neverRead,
				Optional:      true,
				Validators:    []validator.Number{wholeNumberValidator{minimum: 1, unit: "purchases"}},
				PlanModifiers: replace,
			},
			"tax": schema.NumberAttribute{
				MarkdownDescription: "Tax added to the price, in whole rupiah, at least 0. Mayar's update cannot " +
					"change it, so changing it replaces the link (a new link, with a new URL)." + neverRead,
				Optional:      true,
				Validators:    []validator.Number{wholeNumberValidator{minimum: 0, unit: "rupiah"}},
				PlanModifiers: replace,
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "`active` (payable, and shown in the store), `unlisted` (payable by its link, " +
					"not shown in the store) or `closed` (not payable). Changed in place through Mayar's status " +
					"endpoint, and refreshed from Mayar: a link closed outside Terraform shows in the next plan, " +
					"which proposes to reopen it. Defaults to `active`.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(mayar.ProductStatusActive),
				Validators: []validator.String{stringvalidator.OneOf(mayar.ProductStatuses...)},
			},
			"close_on_destroy": schema.BoolAttribute{
				MarkdownDescription: "Whether `terraform destroy` (and a replacement) closes the link. With " +
					"`false`, destroy only removes it from state, and the link stays payable. Defaults to `true`.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
			},
			"link": schema.StringAttribute{
				MarkdownDescription: "The full payment URL to give payers, such as " +
					"`https://toko.myr.id/pl/kopi-susu`.",
				Computed:      true,
				PlanModifiers: keep,
			},
			"slug": schema.StringAttribute{
				MarkdownDescription: "The last part of `link`, which names the payment page.",
				Computed:            true,
				PlanModifiers:       keep,
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": resourceTimeoutsBlock(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

// ModifyPlan checks at plan time, before anything is sent, what needs the
// provider's configuration: API v2, for every plan (a refresh, an edit or
// the close of destroy would fail on v1), and the key a create needs. A
// create or an edit needs an amount: only a link imported without a fixed
// price, and left as it is, may have none.
func (r *mayarPaymentLinkResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data == nil {
		return
	}
	resp.Diagnostics.Append(r.data.requireMayarV2("indopay_mayar_payment_link")...)
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan, state mayarPaymentLinkModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	creating := req.State.Raw.IsNull()
	if creating {
		_, _, diags := r.data.mayarWithKey(ctx, "Creating an indopay_mayar_payment_link")
		resp.Diagnostics.Append(diags...)
	} else {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if resp.Diagnostics.HasError() || !plan.Amount.IsNull() || (!creating && !plan.edited(&state)) {
		return
	}
	what := "edit"
	if creating {
		what = "create"
	}
	resp.Diagnostics.AddAttributeError(tfpath.Root("amount"), "Missing amount", fmt.Sprintf(
		"amount is required to %s a payment link: set its price in whole rupiah, at least %d. Only a link "+
			"imported without a fixed price can be kept without one, as long as nothing Mayar's edit sets "+
			"changes.", what, mayar.MinAmount))
}

// Create creates the link, active, and sets another status at once when
// the configuration asks for one: a failure there leaves it in state,
// active.
func (r *mayarPaymentLinkResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan mayarPaymentLinkModel
	var want types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, tfpath.Root("status"), &want)...)
	ctx, client, cancel := r.create(ctx, r.data, req, resp, &plan)
	defer r.data.warnIfPaced(ctx, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() || want.Equal(plan.Status) {
		return
	}
	id := plan.ID.ValueString()
	if err := client.SetProductStatus(ctx, id, want.ValueString()); err != nil {
		r.createdButNot(&resp.Diagnostics, id, "Unable to set the status of",
			"setting its status to "+want.ValueString(), fmt.Sprintf("status = %q", want.ValueString()), "active", err)
		return
	}
	plan.Status = want
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Update sends one edit with the whole desired object when an editable
// argument changed, then sets the status when it changed. A refused edit
// changes nothing in state; a refused status keeps the edit made before
// it.
func (r *mayarPaymentLinkResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state mayarPaymentLinkModel
	r.update(ctx, req, resp, &plan, &state, func(ctx context.Context, client *mayar.Client) {
		id := state.ID.ValueString()
		if plan.edited(&state) {
			in, err := plan.input()
			if err == nil {
				err = client.EditPaymentLink(ctx, id, in)
			}
			if err != nil {
				resp.Diagnostics.AddError("Unable to edit "+r.named(id), refusedDetail(err,
					"Mayar refused the edit; nothing was changed."))
				return
			}
			state.Name, state.Amount, state.Description = plan.Name, plan.Amount, plan.Description
			state.RedirectURL, state.Notes, state.ExpiresAt = plan.RedirectURL, plan.Notes, plan.ExpiresAt
		}
		state.CloseOnDestroy, state.Timeouts = plan.CloseOnDestroy, plan.Timeouts
		if plan.Status.Equal(state.Status) {
			return
		}
		if err := client.SetProductStatus(ctx, id, plan.Status.ValueString()); err != nil {
			resp.Diagnostics.AddError("Unable to set the status of "+r.named(id), refusedDetail(err, fmt.Sprintf(
				"Mayar refuses to set a status a payment link already has, and its status (%s at the last "+
					"refresh) may have been changed outside Terraform since: run terraform plan to see it.",
				state.Status.ValueString())))
			return
		}
		state.Status = plan.Status
	})
}

// refusedDetail is the detail of a Mayar call that failed, with what a
// refusal answered with HTTP 200 "failed" means.
func refusedDetail(err error, refusal string) string {
	detail := mayarErrorDetail(err)
	var apiErr *transport.APIError
	if errors.As(err, &apiErr) && apiErr.StatusCode < 300 {
		detail += "\n\n" + refusal
	}
	return detail
}
