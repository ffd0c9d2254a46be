// Package provider implements the indopay Terraform provider on
// terraform-plugin-framework. It knows no HTTP: every API call goes through
// the client packages under internal/client.
package provider

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
	"github.com/indopay/terraform-provider-indopay/internal/client/payget"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

// Address is the provider's registry address.
const Address = "registry.terraform.io/indopay/indopay"

// Defaults and environment variables of the provider block. Their names are
// part of the provider's interface: users' configurations and CI set them.
const (
	DefaultPayGetBaseURL     = "https://payget.sakuin.id"
	DefaultMayarBaseURL      = "https://api.mayar.id"
	DefaultMayarAPIVersion   = "v2"
	DefaultRequestsPerMinute = 20
	DefaultRequestTimeout    = 30 * time.Second
	DefaultMaxRetries        = 4

	EnvPayGetAPIKey           = "PAYGET_API_KEY" //nolint:gosec // the variable's name, not a credential
	EnvPayGetBaseURL          = "PAYGET_BASE_URL"
	EnvMayarAPIKey            = "MAYAR_API_KEY" //nolint:gosec // the variable's name, not a credential
	EnvMayarBaseURL           = "MAYAR_BASE_URL"
	EnvMayarAPIVersion        = "MAYAR_API_VERSION"
	EnvMayarRequestsPerMinute = "MAYAR_REQUESTS_PER_MINUTE"
	EnvRequestTimeout         = "INDOPAY_REQUEST_TIMEOUT"
	EnvMaxRetries             = "INDOPAY_MAX_RETRIES"

	// Bounds of the provider block's numbers, shared by the schema
	// validators and the checks of environment variables.
	maxRetriesLimit        = 10
	requestsPerMinuteLimit = 6000
	minRequestTimeout      = time.Second
	maxRequestTimeout      = 10 * time.Minute
)

var (
	_ provider.Provider                  = (*IndopayProvider)(nil)
	_ provider.ProviderWithFunctions     = (*IndopayProvider)(nil)
	_ provider.ProviderWithActions       = (*IndopayProvider)(nil)
	_ provider.ProviderWithListResources = (*IndopayProvider)(nil)
)

// IndopayProvider is the provider type; version is the released version
// ("dev" for local builds, "test" in acceptance tests).
type IndopayProvider struct {
	version string
	// pacingDir and pacingWindow replace the Mayar pacing ledger's directory
	// and window in tests (export_test.go); empty in production.
	pacingDir    string
	pacingWindow time.Duration
}

// New returns a constructor of the provider, as providerserver expects.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &IndopayProvider{version: version}
	}
}

type providerModel struct {
	PayGet         types.Object `tfsdk:"payget"`
	Mayar          types.Object `tfsdk:"mayar"`
	RequestTimeout types.String `tfsdk:"request_timeout"`
	MaxRetries     types.Int64  `tfsdk:"max_retries"`
}

type payGetConfigModel struct {
	APIKey  types.String `tfsdk:"api_key"`
	BaseURL types.String `tfsdk:"base_url"`
}

type mayarConfigModel struct {
	APIKey            types.String `tfsdk:"api_key"`
	BaseURL           types.String `tfsdk:"base_url"`
	APIVersion        types.String `tfsdk:"api_version"`
	RequestsPerMinute types.Int64  `tfsdk:"requests_per_minute"`
}

func (p *IndopayProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "indopay"
	resp.Version = p.version
}

func (p *IndopayProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The indopay provider manages PayGet QRIS top-up payments, Mayar payment " +
			"requests and the Mayar webhook URL, and reads PayGet and Mayar accounts. Every argument is " +
			"optional; each falls back to an environment variable, then to a default.",
		// payget and mayar are blocks, not object attributes: Terraform drops
		// unknown keys of an object value silently, so a misspelt base_url
		// would send the key to the production host. Inside a block the same
		// typo is an "Unsupported argument" error.
		Blocks: map[string]schema.Block{
			"payget": schema.SingleNestedBlock{
				MarkdownDescription: "PayGet API settings. Needed only by the `indopay_payget_*` types.",
				Attributes: map[string]schema.Attribute{
					"api_key": apiKeyAttribute("PayGet API key, sent only in the `x-api-key` header. " +
						"Falls back to `" + EnvPayGetAPIKey + "`. Needed by the profile data source and the " +
						"payment resource; the payment status data source works without it."),
					"base_url": baseURLAttribute(payGetBaseURLCheck, "PayGet API base URL. Falls back to `"+EnvPayGetBaseURL+"`, then `"+
						DefaultPayGetBaseURL+"`. Must be `https://`; plain `http://` is accepted only "+
						"for loopback hosts (a local sandbox). Without PayGet's `/api` path, which the provider "+
						"adds to every request."),
				},
			},
			"mayar": schema.SingleNestedBlock{
				MarkdownDescription: "Mayar Headless API settings. Needed only by the `indopay_mayar_*` types.",
				Attributes: map[string]schema.Attribute{
					"api_key": apiKeyAttribute("Mayar API key, sent only in the `Authorization: Bearer` header. " +
						"Falls back to `" + EnvMayarAPIKey + "`. A read-only key is enough for the data sources; " +
						"the payment request and webhook resources need a read-and-write key."),
					"base_url": baseURLAttribute(mayarBaseURLCheck, "Mayar API base URL. Falls back to `"+EnvMayarBaseURL+"`, then `"+
						DefaultMayarBaseURL+"`. Mayar's sandbox is `https://api.mayar.club`. Must be "+
						"`https://`; plain `http://` is accepted only for loopback hosts. Without Mayar's "+
						"`/hl/v1` or `/hl/v2` path, which the provider adds to every request (by `api_version`)."),
					"api_version": schema.StringAttribute{
						MarkdownDescription: "Mayar API version: `v2` (cursor pagination, the default) or `v1` " +
							"(page numbers; Mayar is retiring it). Falls back to `" + EnvMayarAPIVersion + "`.",
						Optional:   true,
						Validators: []validator.String{apiVersionCheck},
					},
					"requests_per_minute": schema.Int64Attribute{
						MarkdownDescription: fmt.Sprintf("Client-side pacing of Mayar requests: no 60-second "+
							"window holds more than this many (Mayar documents a limit of 20 a minute per IP "+
							"address). They are counted across every provider process on the machine that uses the "+
							"same Mayar host and key, through a small file in the user's cache directory. While the "+
							"window has room, requests go at once. `0` turns pacing off. Falls back to `%s`, then "+
							"`%d`. Range 0 to %d.",
							EnvMayarRequestsPerMinute, DefaultRequestsPerMinute, requestsPerMinuteLimit),
						Optional:   true,
						Validators: []validator.Int64{int64validator.Between(0, requestsPerMinuteLimit)},
					},
				},
			},
		},
		Attributes: map[string]schema.Attribute{
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Timeout of one HTTP request (each attempt), as a duration "+
					"such as `30s` or `1m`, from %s to %s. Falls back to `%s`, then `%s`.",
					transport.FormatDuration(minRequestTimeout), transport.FormatDuration(maxRequestTimeout),
					EnvRequestTimeout, transport.FormatDuration(DefaultRequestTimeout)),
				Optional:   true,
				Validators: []validator.String{requestTimeoutCheck},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many times a failed read or cancel is retried (connection "+
					"errors, HTTP 429 and 5xx, with exponential backoff honouring `Retry-After`). Creating a "+
					"PayGet payment or a Mayar payment request is never re-sent once it may have reached the "+
					"server; one refused by the API's rate limit (HTTP 429) was not processed, and is sent again. "+
					"Range 0 to %d. "+
					"Falls back to `%s`, then `%d`.", maxRetriesLimit, EnvMaxRetries, DefaultMaxRetries),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, maxRetriesLimit)},
			},
		},
	}
}

// apiKeyAttribute is an API's key argument: optional (it falls back to an
// environment variable), sensitive, so that Terraform never shows it, and
// never empty.
func apiKeyAttribute(description string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: description,
		Optional:            true,
		Sensitive:           true,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
}

// baseURLAttribute is an API's base URL argument, checked by check.
func baseURLAttribute(check validator.String, description string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: description,
		Optional:            true,
		Validators:          []validator.String{check},
	}
}

func (p *IndopayProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var config providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}

	var pg payGetConfigModel
	var my mayarConfigModel
	resp.Diagnostics.Append(nestedConfig(ctx, config.PayGet, "payget", &pg)...)
	resp.Diagnostics.Append(nestedConfig(ctx, config.Mayar, "mayar", &my)...)
	if resp.Diagnostics.HasError() {
		return
	}

	args := argumentResolver{diags: &resp.Diagnostics}
	payGetKey := args.stringValue(pg.APIKey, path.Root("payget").AtName("api_key"), EnvPayGetAPIKey, "", nil)
	payGetURL := args.stringValue(pg.BaseURL, path.Root("payget").AtName("base_url"), EnvPayGetBaseURL, DefaultPayGetBaseURL, payget.CheckBaseURL)
	mayarKey := args.stringValue(my.APIKey, path.Root("mayar").AtName("api_key"), EnvMayarAPIKey, "", nil)
	mayarURL := args.stringValue(my.BaseURL, path.Root("mayar").AtName("base_url"), EnvMayarBaseURL, DefaultMayarBaseURL, mayar.CheckBaseURL)
	mayarVersion := args.stringValue(my.APIVersion, path.Root("mayar").AtName("api_version"), EnvMayarAPIVersion, DefaultMayarAPIVersion, checkAPIVersion)
	rpm := args.int64Value(my.RequestsPerMinute, path.Root("mayar").AtName("requests_per_minute"), EnvMayarRequestsPerMinute, DefaultRequestsPerMinute, 0, requestsPerMinuteLimit)
	timeoutText := args.stringValue(config.RequestTimeout, path.Root("request_timeout"), EnvRequestTimeout, DefaultRequestTimeout.String(), checkRequestTimeout)
	retries := args.int64Value(config.MaxRetries, path.Root("max_retries"), EnvMaxRetries, DefaultMaxRetries, 0, maxRetriesLimit)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, _ := time.ParseDuration(timeoutText) // checked by checkRequestTimeout above

	userAgent := fmt.Sprintf("terraform-provider-indopay/%s (+Terraform %s)", p.version, req.TerraformVersion)
	logger := tflogLogger{}
	// Both keys go to both transports, which redact them from every answer,
	// error and log line: a PayGet answer could echo the Mayar key too. An
	// unset key is empty, which the transport ignores.
	secrets := []string{payGetKey, mayarKey}

	payGetTransport, err := transport.New(transport.Config{
		BaseURL:    payGetURL,
		UserAgent:  userAgent,
		Timeout:    timeout,
		MaxRetries: int(retries),
		Logger:     logger,
		Secrets:    secrets,
	})
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("payget").AtName("base_url"), "Unable to create the PayGet client", err.Error())
		return
	}
	mayarTransport, err := transport.New(transport.Config{
		BaseURL:           mayarURL,
		UserAgent:         userAgent,
		Timeout:           timeout,
		MaxRetries:        int(retries),
		RequestsPerMinute: int(rpm),
		PacingAccount:     mayarKey,
		PacingDir:         p.pacingDir,
		PacingWindow:      p.pacingWindow,
		Logger:            logger,
		Secrets:           secrets,
	})
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("mayar").AtName("base_url"), "Unable to create the Mayar client", err.Error())
		return
	}

	data := &providerData{
		payGet:       payget.New(payGetTransport, payGetKey),
		payGetKeySet: payGetKey != "",
		mayar:        mayar.New(mayarTransport, mayarKey, mayar.Version(mayarVersion)),
		mayarKeySet:  mayarKey != "",

		mayarRequestsPerMinute: int(rpm),
	}
	resp.DataSourceData = data
	resp.ResourceData = data
	resp.ActionData = data
	resp.ListResourceData = data
}

func (p *IndopayProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewPayGetPaymentResource,
		NewPayGetPaymentConfirmationResource,
		NewMayarPaymentRequestResource,
		NewMayarPaymentLinkResource,
		NewMayarWebhookResource,
	}
}

func (p *IndopayProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewPayGetProfileDataSource,
		NewPayGetPaymentDataSource,
		NewMayarPaymentsDataSource,
		NewMayarBalanceDataSource,
		NewMayarPaymentRequestDataSource,
		NewMayarProductsDataSource,
		NewMayarProductDataSource,
	}
}

// Actions need Terraform 1.14 or later; older CLIs and OpenTofu never ask
// for them.
func (p *IndopayProvider) Actions(_ context.Context) []func() action.Action {
	return []func() action.Action{
		NewPayGetPaymentCancelAction,
		NewMayarPaymentRequestCloseAction,
		NewMayarWebhookTestAction,
	}
}

// ListResources need Terraform 1.14 or later (`terraform query`); older
// CLIs and OpenTofu never ask for them.
func (p *IndopayProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewMayarPaymentRequestListResource,
		NewMayarPaymentLinkListResource,
	}
}

func (p *IndopayProvider) Functions(_ context.Context) []func() function.Function {
	return []func() function.Function{
		NewPayGetFeeFunction,
		NewPayGetBalanceReceivedFunction,
	}
}

// nestedConfig decodes one of the provider block's nested objects; a null
// object leaves every field null, so environment variables and defaults apply.
func nestedConfig(ctx context.Context, obj types.Object, name string, target any) diag.Diagnostics {
	var diags diag.Diagnostics
	if obj.IsNull() {
		return diags
	}
	if obj.IsUnknown() {
		diags.AddAttributeError(path.Root(name), "Unknown "+name+" configuration",
			fmt.Sprintf("The provider cannot configure %s because the %q block depends on a value known only "+
				"after apply. Use values known at plan time (variables, literals), or the environment variables "+
				"documented for each %s argument.", name, name, name))
		return diags
	}
	return obj.As(ctx, target, basetypes.ObjectAsOptions{})
}

// argumentResolver resolves provider arguments with the documented
// precedence: the provider block, then the environment variable, then the
// default.
type argumentResolver struct {
	diags *diag.Diagnostics
}

// stringValue resolves a string argument; check, if any, applies to the
// environment variable (the schema's validators check the argument).
func (r argumentResolver) stringValue(v types.String, at path.Path, env, def string, check func(string) error) string {
	if v.IsUnknown() {
		r.unknown(at, env)
		return ""
	}
	if !v.IsNull() {
		return v.ValueString() // validated at plan time by the schema
	}
	value, ok := os.LookupEnv(env)
	if !ok || value == "" {
		return def
	}
	if check != nil {
		if err := check(value); err != nil {
			r.invalidEnv(at, env, err.Error())
		}
	}
	return value
}

// int64Value resolves a whole-number argument within [lo, hi].
func (r argumentResolver) int64Value(v types.Int64, at path.Path, env string, def, lo, hi int64) int64 {
	if v.IsUnknown() {
		r.unknown(at, env)
		return 0
	}
	if !v.IsNull() {
		return v.ValueInt64()
	}
	text, ok := os.LookupEnv(env)
	if !ok || text == "" {
		return def
	}
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil || n < lo || n > hi {
		r.invalidEnv(at, env, fmt.Sprintf("must be a whole number from %d to %d, got %q", lo, hi, text))
	}
	return n
}

// invalidEnv reports a bad environment variable. It is a plain error, not
// an attribute's: the value is in no configuration, and an attribute path
// makes Terraform point at a provider block that may not exist.
func (r argumentResolver) invalidEnv(at path.Path, env, problem string) {
	r.diags.AddError("Invalid environment variable "+env, fmt.Sprintf(
		"The environment variable %s %s. It stands for the provider argument %s, which is not set in the "+
			"configuration; correct or unset the variable, or set %s in the provider block.", env, problem, at, at))
}

func (r argumentResolver) unknown(at path.Path, env string) {
	r.diags.AddAttributeError(at, "Unknown provider argument "+at.String(),
		fmt.Sprintf("The provider cannot be configured because %s depends on a value known only after apply. "+
			"Set it to a value known at plan time, or remove it and set the %s environment variable.", at, env))
}
