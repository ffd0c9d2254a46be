package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

var _ datasource.DataSourceWithConfigure = (*mayarProductsDataSource)(nil)

// NewMayarProductsDataSource is the constructor the provider registers.
func NewMayarProductsDataSource() datasource.DataSource {
	return &mayarProductsDataSource{}
}

// mayarProductsDataSource lists Mayar's catalog: products of every type,
// payment links, digital products, events and payment requests among them.
type mayarProductsDataSource struct {
	data *providerData
}

// mayarProductsModel is the configuration. The state is the configuration
// with products and total filled in, built as Terraform values directly
// (mayarListing.read).
type mayarProductsModel struct {
	Type     types.String   `tfsdk:"type"`
	Search   types.String   `tfsdk:"search"`
	MaxItems types.Int64    `tfsdk:"max_items"`
	Timeouts timeouts.Value `tfsdk:"timeouts"`
	Products types.List     `tfsdk:"products"`
	Total    types.Int64    `tfsdk:"total"`
}

// mayarProductsListing is the listing of indopay_mayar_products.
var mayarProductsListing = mayarListing[mayar.Product]{
	what: "Mayar products", typeName: "indopay_mayar_products", narrower: "max_items, type or search",
	list: "products", attrs: mayarProductAttributes,
}

// mayarProductAttributes are a product's attributes, as each element of
// indopay_mayar_products' products and indopay_mayar_product hold them
// (mayarProductSchema); the API's nulls stay null, and so does what the
// answer does not have (the read of one has no redirectUrl or createdAt).
func mayarProductAttributes(p *mayar.Product) map[string]tftypes.Value {
	return map[string]tftypes.Value{
		"id":           tftypes.NewValue(tftypes.String, p.ID),
		"name":         tftypes.NewValue(tftypes.String, p.Name),
		"type":         tftypes.NewValue(tftypes.String, p.Type),
		"status":       tftypes.NewValue(tftypes.String, p.Status),
		"amount":       tftypes.NewValue(tftypes.Number, p.Amount),
		"description":  stringOrNull(p.Description),
		"link":         stringOrNull(p.PaymentURL()),
		"redirect_url": tftypes.NewValue(tftypes.String, p.RedirectURL),
		"limit":        tftypes.NewValue(tftypes.Number, p.Limit),
		"created_at":   createdAtValue(p.CreatedAt),
	}
}

// stringOrNull is s, or null for "".
func stringOrNull(s string) tftypes.Value {
	if s == "" {
		return tftypes.NewValue(tftypes.String, nil)
	}
	return tftypes.NewValue(tftypes.String, s)
}

// mayarProductSchema is a product's attributes, all computed, as each
// element of indopay_mayar_products' products and indopay_mayar_product
// hold them (mayarProductAttributes).
func mayarProductSchema() map[string]schema.Attribute {
	onlyListed := " Mayar's read of one product does not return it, so it is always null in the " +
		"`indopay_mayar_product` data source; the `indopay_mayar_products` listing has it."
	return map[string]schema.Attribute{
		"id": schema.StringAttribute{
			MarkdownDescription: "The product's id (a UUID).",
			Computed:            true,
		},
		"name": schema.StringAttribute{
			MarkdownDescription: "The product's name, as the merchant wrote it (any Unicode text).",
			Computed:            true,
		},
		"type": schema.StringAttribute{
			MarkdownDescription: "The product's type: " + mayarProductTypesText + ".",
			Computed:            true,
		},
		"status": schema.StringAttribute{
			MarkdownDescription: "`active`, `unlisted` (payable by its link, not shown in the store) or `closed`. " +
				"A payment request (type `payment_request`) is " + mayarPaymentStatusesText + ".",
			Computed: true,
		},
		"amount": schema.Int64Attribute{
			MarkdownDescription: "The price in whole rupiah (IDR); null when the product has none (the payer " +
				"chooses how much to pay).",
			Computed: true,
		},
		"description": schema.StringAttribute{
			MarkdownDescription: "The description as Mayar stores it: HTML, kept verbatim (a description written " +
				"as plain text comes back as one paragraph, `<p>text</p>`); null when the product has none.",
			Computed: true,
		},
		"link": schema.StringAttribute{
			MarkdownDescription: "The product's full payment URL, such as `https://yourshop.myr.id/pl/kopi-susu`: " +
				"the page to send a payer.",
			Computed: true,
		},
		"redirect_url": schema.StringAttribute{
			MarkdownDescription: "Where the payer lands after paying, or null." + onlyListed,
			Computed:            true,
		},
		"limit": schema.Int64Attribute{
			MarkdownDescription: "The most purchases the product allows, or null for no limit.",
			Computed:            true,
		},
		"created_at": schema.StringAttribute{
			MarkdownDescription: "When the product was created: RFC 3339 in UTC with milliseconds, such as " +
				"`2025-03-14T09:26:53.589Z` (Mayar sends epoch milliseconds)." + onlyListed,
			Computed: true,
		},
	}
}

// mayarProductTypesText lists Mayar's product types for the docs:
// "`generic_link` (a payment link), `digital_product`, ... or `payment_request`".
var mayarProductTypesText = func() string {
	quoted := make([]string, len(mayar.ProductTypes))
	for i, t := range mayar.ProductTypes {
		quoted[i] = "`" + t + "`"
		if t == mayar.ProductTypePaymentLink {
			quoted[i] += " (a payment link)"
		}
	}
	return strings.Join(quoted[:len(quoted)-1], ", ") + " or " + quoted[len(quoted)-1]
}()

func (d *mayarProductsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_mayar_products"
}

func (d *mayarProductsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the catalog of the Mayar account behind `mayar.api_key` (or `MAYAR_API_KEY`): " +
			"products of every type (payment links, digital products, events, webinars, courses, ebooks, " +
			"memberships, invoices, and the payment requests), newest first, every page. The provider follows " +
			fmt.Sprintf("Mayar's cursor in pages of %d, the most Mayar takes, with as few requests as that allows ", mayar.MaxPageSizeV2) +
			"(none past `max_items`); a listing that needs more requests than `mayar.requests_per_minute` allows " +
			"waits for room in the window instead of failing, within `timeouts.read`. Mayar API v2 only: with " +
			"`mayar.api_version = \"v1\"` it is an error, before any request. A read-only key is enough.",
		Blocks: map[string]schema.Block{
			"timeouts": dataSourceTimeoutsBlock(ctx, timeouts.Opts{ReadDescription: fmt.Sprintf(
				"How long the whole listing may take, waits for pacing included, as a duration such as `30s` or "+
					"`20m`. Default `%s`.", transport.FormatDuration(defaultMayarListTimeout))}),
		},
		Attributes: map[string]schema.Attribute{
			"type": schema.StringAttribute{
				MarkdownDescription: "Lists only products of this type: " + mayarProductTypesText + ". Unset lists " +
					"every type.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(mayar.ProductTypes...)},
			},
			"search": schema.StringAttribute{
				MarkdownDescription: "Lists only products that Mayar's search finds for this text (it searches " +
					"product names, ignoring case). Not empty.",
				Optional:   true,
				Validators: []validator.String{notBlankValidator},
			},
			"max_items": schema.Int64Attribute{
				MarkdownDescription: "Stops after this many products (at least 1), the newest; no request is sent " +
					"for pages beyond them. Unset lists the whole catalog.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"products": schema.ListNestedAttribute{
				MarkdownDescription: "The products, newest first (by creation time, then by id). Fields the API " +
					"leaves null are null here.",
				Computed:     true,
				NestedObject: schema.NestedAttributeObject{Attributes: mayarProductSchema()},
			},
			"total": schema.Int64Attribute{
				MarkdownDescription: "How many products were listed (the length of `products`).",
				Computed:            true,
			},
		},
	}
}

func (d *mayarProductsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data, resp.Diagnostics = providerDataFrom(req.ProviderData)
}

// Read lists what the configuration asks for and sets the state as
// Terraform values built directly (mayarListing.read).
func (d *mayarProductsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var args mayarProductsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &args)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, client := d.data.mayarCatalog(ctx, "indopay_mayar_products", &resp.Diagnostics)
	defer d.data.warnIfPaced(ctx, &resp.Diagnostics)
	timeout, diags := args.Timeouts.Read(ctx, defaultMayarListTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	opts := mayar.ProductListOptions{
		Type:     args.Type.ValueString(),
		Search:   args.Search.ValueString(),
		MaxItems: int(args.MaxItems.ValueInt64()),
	}
	mayarProductsListing.read(ctx, req, resp, timeout, map[string]any{
		"type": opts.Type, "search": opts.Search, "max_items": opts.MaxItems,
	}, func(ctx context.Context) (mayarPage[mayar.Product], error) {
		result, err := client.ListProducts(ctx, opts)
		if err != nil {
			return mayarPage[mayar.Product]{}, err
		}
		return mayarPage[mayar.Product]{result.Products, result.Pages, result.Requests}, nil
	})
}
