package provider

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// ProtocolServer returns a constructor of the provider's protocol server,
// as tf6server.Serve and the acceptance tests expect: the framework's
// server, except that it answers the read of indopay_mayar_payments
// directly.
//
// After a data source's Read, terraform-plugin-framework (v1.19) walks the
// whole state four more times before it encodes it: a copy, semantic
// equality (converting the list to framework values), an equality check,
// and a pass that turns null collection blocks into empty ones, which looks
// up the schema path of every null value. For a listing of 5,000 payment
// requests (about 17,000 null fields) those walks cost the provider about
// four times what listing, decoding and building the state do, and hold
// several copies of the state in memory at once (BENCHMARKS.md). For this
// data source they never change the answer: it has no semantic-equality
// types and no collection blocks (timeouts is a single block). So the
// direct answer is the framework's without them, which
// TestProtocolServerAnswersLikeTheFramework checks value for value;
// everything else, its validation at plan time included, is the
// framework's.
func ProtocolServer(version string) func() tfprotov6.ProviderServer {
	return protocolServerOf(func() *IndopayProvider { return &IndopayProvider{version: version} })
}

// protocolServerOf serves each provider newProvider makes.
func protocolServerOf(newProvider func() *IndopayProvider) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		p := newProvider()
		fw := providerserver.NewProtocol6(p)()
		full, ok := fw.(frameworkServer)
		if !ok {
			return fw // the framework's server lost a part; TestProtocolServerKeepsEveryPart says so
		}
		return &protocolServer{frameworkServer: full, provider: p}
	}
}

// frameworkServer is what the framework's protocol server implements: the
// protocol, and the list resource, action and state store parts that
// tf6server finds by type assertion, so the wrapper must carry them too.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

var _ frameworkServer = (*protocolServer)(nil)

type protocolServer struct {
	frameworkServer // the framework's
	provider        *IndopayProvider

	schemaOnce sync.Once
	schema     schema.Schema // indopay_mayar_payments'
	schemaType tftypes.Type
}

// mayarPaymentsTypeName is the type the direct answer serves.
const mayarPaymentsTypeName = "indopay_mayar_payments"

func (s *protocolServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	if req.TypeName != mayarPaymentsTypeName {
		return s.frameworkServer.ReadDataSource(ctx, req)
	}
	s.schemaOnce.Do(func() {
		var resp datasource.SchemaResponse
		NewMayarPaymentsDataSource().Schema(ctx, datasource.SchemaRequest{}, &resp)
		s.schema = resp.Schema
		s.schemaType = resp.Schema.Type().TerraformType(ctx)
	})
	config, err := req.Config.Unmarshal(s.schemaType)
	if err != nil {
		detail := "The indopay_mayar_payments configuration could not be decoded: " + err.Error()
		return &tfprotov6.ReadDataSourceResponse{Diagnostics: []*tfprotov6.Diagnostic{ //nolint:nilerr // the protocol carries a failure as a diagnostic
			{Severity: tfprotov6.DiagnosticSeverityError, Summary: "Unable to read the configuration", Detail: detail},
		}}, nil
	}
	ds := &mayarPaymentsDataSource{data: s.provider.data.Load()}
	state, diags := ds.read(ctx, tfsdk.Config{Raw: config, Schema: s.schema})
	resp := &tfprotov6.ReadDataSourceResponse{Diagnostics: protocolDiagnostics(diags)}
	if diags.HasError() {
		state = config // what the framework answers with an error, which Terraform ignores
	}
	dv, err := stateMsgPack(s.schemaType, state)
	if err != nil {
		resp.Diagnostics = append(resp.Diagnostics, &tfprotov6.Diagnostic{
			Severity: tfprotov6.DiagnosticSeverityError,
			Summary:  "Unable to encode the state",
			Detail:   "The indopay_mayar_payments state could not be encoded: " + err.Error(),
		})
		return resp, nil //nolint:nilerr // the protocol carries a failure as a diagnostic
	}
	resp.State = &dv
	return resp, nil
}

// protocolDiagnostics is the protocol's form of framework diagnostics.
func protocolDiagnostics(diags diag.Diagnostics) []*tfprotov6.Diagnostic {
	out := make([]*tfprotov6.Diagnostic, 0, len(diags))
	for _, d := range diags {
		pd := &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityWarning, Summary: d.Summary(), Detail: d.Detail()}
		if d.Severity() == diag.SeverityError {
			pd.Severity = tfprotov6.DiagnosticSeverityError
		}
		if withPath, ok := d.(diag.DiagnosticWithPath); ok {
			pd.Attribute = protocolPath(withPath.Path())
		}
		out = append(out, pd)
	}
	return out
}

// protocolPath is the protocol's form of an attribute path, up to its
// first step that has none (a set element).
func protocolPath(p path.Path) *tftypes.AttributePath {
	var steps []tftypes.AttributePathStep
	for _, step := range p.Steps() {
		switch step := step.(type) {
		case path.PathStepAttributeName:
			steps = append(steps, tftypes.AttributeName(step))
		case path.PathStepElementKeyInt:
			steps = append(steps, tftypes.ElementKeyInt(step))
		case path.PathStepElementKeyString:
			steps = append(steps, tftypes.ElementKeyString(step))
		default:
			return tftypes.NewAttributePathWithSteps(steps)
		}
	}
	return tftypes.NewAttributePathWithSteps(steps)
}
