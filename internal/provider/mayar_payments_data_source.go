package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

var (
	_ datasource.DataSourceWithConfigure      = (*mayarPaymentsDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*mayarPaymentsDataSource)(nil)
)

// mayarPaymentStatusesText is the one vocabulary of a payment request's
// status (mayar.PaymentStatuses), as every type that shows one describes
// it.
const mayarPaymentStatusesText = "`active` (open for payment; Mayar V2's `unpaid` reads as `active`), `paid` or `closed`"

// NewMayarPaymentsDataSource is the constructor the provider registers.
func NewMayarPaymentsDataSource() datasource.DataSource {
	return &mayarPaymentsDataSource{}
}

type mayarPaymentsDataSource struct {
	data *providerData
}

// mayarPaymentsModel is the configuration. The state is the configuration
// with payments and total filled in, built as Terraform values directly
// (listingState, see Read).
type mayarPaymentsModel struct {
	Status        types.String   `tfsdk:"status"`
	MaxItems      types.Int64    `tfsdk:"max_items"`
	PageSize      types.Int64    `tfsdk:"page_size"`
	CreatedAfter  types.String   `tfsdk:"created_after"`
	CreatedBefore types.String   `tfsdk:"created_before"`
	Timeouts      timeouts.Value `tfsdk:"timeouts"`
	Payments      types.List     `tfsdk:"payments"`
	Total         types.Int64    `tfsdk:"total"`
}

// mayarPaymentAttributes are one API item's attributes as an element of
// payments; the API's nulls (nil pointers) stay null.
func mayarPaymentAttributes(p *mayar.Payment) map[string]tftypes.Value {
	return map[string]tftypes.Value{
		"id":             tftypes.NewValue(tftypes.String, p.ID),
		"name":           tftypes.NewValue(tftypes.String, p.Name),
		"amount":         tftypes.NewValue(tftypes.Number, p.Amount),
		"status":         tftypes.NewValue(tftypes.String, p.Status),
		"type":           tftypes.NewValue(tftypes.String, p.Type),
		"category":       tftypes.NewValue(tftypes.String, p.Category),
		"description":    tftypes.NewValue(tftypes.String, p.Description),
		"link":           tftypes.NewValue(tftypes.String, p.Link),
		"redirect_url":   tftypes.NewValue(tftypes.String, p.RedirectURL),
		"limit":          tftypes.NewValue(tftypes.Number, p.Limit),
		"installment_id": tftypes.NewValue(tftypes.String, p.InstallmentID),
		"created_at":     createdAtValue(p.CreatedAt),
	}
}

func (d *mayarPaymentsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_mayar_payments"
}

func (d *mayarPaymentsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the Mayar payment requests of the account behind `mayar.api_key` (or " +
			"`MAYAR_API_KEY`), every page, newest first. The provider follows V2's " +
			"`nextStartingAfter` cursor, or V1's page numbers with a few pages in flight, with as few " +
			"requests as the API allows (one per page, and none past `max_items` or `created_after`). " +
			"A listing that needs more requests than `mayar.requests_per_minute` allows waits for room in " +
			"the window instead of failing, within `timeouts.read`, and logs its progress at info level " +
			"(`TF_LOG=INFO`). A read-only key is enough.",
		Blocks: map[string]schema.Block{
			"timeouts": dataSourceTimeoutsBlock(ctx, timeouts.Opts{ReadDescription: fmt.Sprintf(
				"How long the whole listing may take, waits for pacing included, as a duration such as `30s` or "+
					"`20m`. Default `%s`.", transport.FormatDuration(defaultMayarListTimeout))}),
		},
		Attributes: map[string]schema.Attribute{
			"status": schema.StringAttribute{
				MarkdownDescription: "Lists only payment requests with this status: " + mayarPaymentStatusesText +
					". Unset lists every status (on V1, which requires a status, that is one listing per status).",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(mayar.PaymentStatuses...)},
			},
			"max_items": schema.Int64Attribute{
				MarkdownDescription: "Stops after this many payment requests (at least 1); no request is sent " +
					"for pages beyond them. Unset lists every payment request.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"page_size": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many items to ask for per request: from 1 to %d with "+
					"`mayar.api_version = \"v2\"`, the most Mayar's V2 listings take (a larger value is an "+
					"error at plan time, before any request), and from 1 to %[2]d with `\"v1\"`. Defaults to "+
					"that maximum, so the listing needs the fewest requests (on V1 Mayar serves at most its "+
					"own cap and says so). Set it lower only to make each answer smaller.",
					mayar.MaxPageSizeV2, mayar.MaxPageSizeV1),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(1, mayar.MaxPageSizeV1)},
			},
			"created_after": schema.StringAttribute{
				MarkdownDescription: "Lists only payment requests created after this time, an RFC 3339 " +
					"timestamp such as `2025-03-07T00:00:00Z` or `2025-03-07T07:00:00+07:00`. Mayar lists " +
					"newest first, so the listing stops at the first page that reaches it: older pages are " +
					"never requested.",
				Optional:   true,
				Validators: []validator.String{rfc3339Check},
			},
			"created_before": schema.StringAttribute{
				MarkdownDescription: "Lists only payment requests created before this time (RFC 3339, like " +
					"`created_after`, and later than it when both are set). Mayar has no such filter, so the " +
					"newer pages are still read and their items left out.",
				Optional:   true,
				Validators: []validator.String{rfc3339Check},
			},
			"payments": schema.ListNestedAttribute{
				MarkdownDescription: "The payment requests, newest first (by creation time, then by id). " +
					"V1 requires a status, so with `mayar.api_version = \"v1\"` and no `status` the provider " +
					"lists the active, paid and closed requests together and merges them into the same " +
					"order. Fields the API leaves null are null here.",
				Computed: true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id": schema.StringAttribute{
							MarkdownDescription: "The payment request's id (a UUID).",
							Computed:            true,
						},
						"name": schema.StringAttribute{
							MarkdownDescription: "The payment request's name, as the merchant wrote it (any Unicode text).",
							Computed:            true,
						},
						"amount": schema.Int64Attribute{
							MarkdownDescription: "The amount asked, in whole rupiah (IDR); null when the request has none.",
							Computed:            true,
						},
						"status": schema.StringAttribute{
							MarkdownDescription: mayarPaymentStatusesText + ".",
							Computed:            true,
						},
						"type": schema.StringAttribute{
							MarkdownDescription: "The kind of request, for example `payment_request`.",
							Computed:            true,
						},
						"category": schema.StringAttribute{
							MarkdownDescription: "The category, or null.",
							Computed:            true,
						},
						"description": schema.StringAttribute{
							MarkdownDescription: "The description as Mayar stores it: HTML, kept verbatim.",
							Computed:            true,
						},
						"link": schema.StringAttribute{
							MarkdownDescription: "The payment page's slug (the last part of its URL).",
							Computed:            true,
						},
						"redirect_url": schema.StringAttribute{
							MarkdownDescription: "Where the payer is sent after paying, or null.",
							Computed:            true,
						},
						"limit": schema.Float64Attribute{
							MarkdownDescription: "How many times the request can be paid, or null for no limit.",
							Computed:            true,
						},
						"installment_id": schema.StringAttribute{
							MarkdownDescription: "The installment plan's id, or null.",
							Computed:            true,
						},
						"created_at": schema.StringAttribute{
							MarkdownDescription: "When the request was created: RFC 3339 in UTC with " +
								"milliseconds, for example `2023-06-05T10:16:55.853Z` (Mayar sends epoch milliseconds).",
							Computed: true,
						},
					},
				},
			},
			"total": schema.Int64Attribute{
				MarkdownDescription: "How many payment requests were listed (the length of `payments`).",
				Computed:            true,
			},
		},
	}
}

func (d *mayarPaymentsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data, resp.Diagnostics = providerDataFrom(req.ProviderData)
}

// ValidateConfig refuses an empty creation range at plan time, before any
// request, naming the argument.
func (d *mayarPaymentsDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var config mayarPaymentsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	after, okAfter := knownTime(config.CreatedAfter)
	before, okBefore := knownTime(config.CreatedBefore)
	if okAfter && okBefore && !after.Before(before) {
		resp.Diagnostics.AddAttributeError(path.Root("created_after"), "Invalid creation time range",
			fmt.Sprintf("created_after (%s) must be before created_before (%s): no payment request can be created "+
				"in between.", config.CreatedAfter.ValueString(), config.CreatedBefore.ValueString()))
	}
}

// knownTime is an RFC 3339 argument's time, when it is set, known and
// valid (its validator reports it otherwise).
func knownTime(v types.String) (time.Time, bool) {
	if v.IsNull() || v.IsUnknown() {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339, v.ValueString())
	return t, err == nil
}

// mayarPaymentsListing is the listing of indopay_mayar_payments.
var mayarPaymentsListing = mayarListing[mayar.Payment]{
	what: "Mayar payment requests", typeName: "indopay_mayar_payments", narrower: "max_items or created_after",
	list: "payments", attrs: mayarPaymentAttributes,
}

// Read lists what the configuration asks for and sets the state as
// Terraform values built directly (mayarListing.read).
func (d *mayarPaymentsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var args mayarPaymentsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &args)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if d.data == nil {
		resp.Diagnostics.AddError("Provider not configured",
			"The indopay_mayar_payments data source was read before the provider was configured. This is a bug in the provider; please report it.")
		return
	}
	ctx, client, diags := d.data.mayarWithKey(ctx, "The indopay_mayar_payments data source")
	defer d.data.warnIfPaced(ctx, &resp.Diagnostics)
	resp.Diagnostics.Append(diags...)
	if size := args.PageSize.ValueInt64(); client != nil && size > int64(client.Version().MaxPageSize()) {
		resp.Diagnostics.AddAttributeError(path.Root("page_size"), "Invalid page_size for this Mayar API version", fmt.Sprintf(
			"page_size must be from 1 to %d with mayar.api_version = %q, the most Mayar's %[2]s listings take; "+
				"got %d. Unset it to ask for the largest page. No request was sent.",
			client.Version().MaxPageSize(), client.Version(), size))
	}
	timeout, diags := args.Timeouts.Read(ctx, defaultMayarListTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	opts := mayar.ListOptions{
		Status:   args.Status.ValueString(),
		MaxItems: int(args.MaxItems.ValueInt64()),
		PageSize: int(args.PageSize.ValueInt64()),
	}
	opts.CreatedAfter, _ = knownTime(args.CreatedAfter)
	opts.CreatedBefore, _ = knownTime(args.CreatedBefore)
	mayarPaymentsListing.read(ctx, req, resp, timeout, map[string]any{
		"status": opts.Status, "max_items": opts.MaxItems, "page_size": opts.PageSize,
		"created_after": args.CreatedAfter.ValueString(), "created_before": args.CreatedBefore.ValueString(),
	}, func(ctx context.Context) (mayarPage[mayar.Payment], error) {
		result, err := client.ListPayments(ctx, opts)
		if err != nil {
			return mayarPage[mayar.Payment]{}, err
		}
		return mayarPage[mayar.Payment]{result.Payments, result.Pages, result.Requests}, nil
	})
}
