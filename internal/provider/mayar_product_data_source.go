package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
)

var _ datasource.DataSourceWithConfigure = (*mayarProductDataSource)(nil)

// NewMayarProductDataSource is the constructor the provider registers.
func NewMayarProductDataSource() datasource.DataSource {
	return &mayarProductDataSource{}
}

// mayarProductDataSource reads one product of Mayar's catalog, of any
// type. Its state is the configuration with the product's attributes
// (mayarProductAttributes), as indopay_mayar_products holds each product.
type mayarProductDataSource struct {
	data *providerData
}

func (d *mayarProductDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_mayar_product"
}

func (d *mayarProductDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := mayarProductSchema()
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "The product's id (a UUID): the `id` of an `indopay_mayar_products` item, or the " +
			"`id` of an `indopay_mayar_payment_request`.",
		Required:   true,
		Validators: idValidators(),
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one product of the Mayar account's catalog by its id, in one request: a " +
			"product of any type, payment links, digital products, events and payment requests among them, with " +
			"the same attributes as each item of `indopay_mayar_products`. Mayar's read of one product does not " +
			"return `redirect_url` or `created_at`, so they are null here. Mayar API v2 only: with " +
			"`mayar.api_version = \"v1\"` it is an error, before any request. A read-only key is enough.",
		Attributes: attrs,
		Blocks: map[string]schema.Block{
			"timeouts": dataSourceTimeoutsBlock(ctx, timeouts.Opts{}),
		},
	}
}

func (d *mayarProductDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data, resp.Diagnostics = providerDataFrom(req.ProviderData)
}

func (d *mayarProductDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var id string
	var timeout timeouts.Value
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("id"), &id)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("timeouts"), &timeout)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, client := d.data.mayarCatalog(ctx, "indopay_mayar_product", &resp.Diagnostics)
	defer d.data.warnIfPaced(ctx, &resp.Diagnostics)
	readTimeout, diags := timeout.Read(ctx, time.Minute)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, readTimeout)
	defer cancel()

	p, err := client.GetProduct(ctx, id)
	switch {
	case errors.Is(err, mayar.ErrNotFound):
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Mayar product not found", fmt.Sprintf(
			"Mayar has no product with id %q (%s).\n\nCheck the id: the indopay_mayar_products data source lists "+
				"the catalog with each product's id (search finds a product by name), and a payment request's "+
				"id is the id of its indopay_mayar_payment_request.", id, err))
		return
	case err != nil:
		resp.Diagnostics.AddError("Unable to read Mayar product "+id, mayarErrorDetail(err))
		return
	}
	state, err := withAttributes(req.Config.Raw, mayarProductAttributes(p))
	if err != nil {
		resp.Diagnostics.AddError("Unable to build the state of Mayar product "+id, err.Error())
		return
	}
	resp.State.Raw = state
}
