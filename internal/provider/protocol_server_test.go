package provider_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/indopay/terraform-provider-indopay/internal/provider"
	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// The protocol server answers the read of indopay_mayar_payments itself,
// without the framework's walks over the state (protocol_server.go). Its
// answer must be the framework's: the same state, value for value, and the
// same diagnostics, for every kind of configuration and on failure.
func TestProtocolServerAnswersLikeTheFramework(t *testing.T) {
	payments := sandbox.GenerateMayarPayments(237, mayarNewest)
	at := func(i int) string { return time.UnixMilli(payments[i].CreatedAt).UTC().Format(time.RFC3339Nano) }
	cases := map[string]struct {
		key  string
		args map[string]any // attribute values; "read" sets timeouts.read
	}{
		"everything":          {args: nil},
		"status, page_size":   {args: map[string]any{"status": "paid", "page_size": 30}},
		"range and max":       {args: map[string]any{"created_after": at(200), "created_before": at(10), "max_items": 50}},
		"timeouts":            {args: map[string]any{"read": "2m", "max_items": 3}},
		"a key Mayar refuses": {key: "not-a-key"},
	}
	for _, version := range []string{"v2", "v1"} {
		for name, tc := range cases {
			t.Run(version+"/"+name, func(t *testing.T) {
				sb := sandbox.New(sandbox.Options{MayarPageCap: 50, MayarPayments: payments})
				srv := httptest.NewServer(sb)
				t.Cleanup(srv.Close)
				key := sandbox.MayarKey
				if tc.key != "" {
					key = tc.key
				}
				t.Setenv(provider.EnvMayarAPIKey, key)
				t.Setenv(provider.EnvMayarBaseURL, srv.URL)
				t.Setenv(provider.EnvMayarAPIVersion, version)
				t.Setenv(provider.EnvMayarRequestsPerMinute, "0")
				t.Setenv(provider.EnvMaxRetries, "0")

				framework := configured(t, providerserver.NewProtocol6(provider.New("test")())())
				direct := configured(t, provider.ProtocolServer("test")())
				schemas, err := direct.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
				if err != nil {
					t.Fatal(err)
				}
				dsSchema := schemas.DataSourceSchemas["indopay_mayar_payments"]
				typ := dsSchema.ValueType()
				req := &tfprotov6.ReadDataSourceRequest{TypeName: "indopay_mayar_payments", Config: configValue(t, dsSchema, tc.args)}

				want, err := framework.ReadDataSource(context.Background(), req)
				if err != nil {
					t.Fatal(err)
				}
				got, err := direct.ReadDataSource(context.Background(), req)
				if err != nil {
					t.Fatal(err)
				}
				if len(got.Diagnostics) != len(want.Diagnostics) {
					t.Fatalf("diagnostics %v, want %v", got.Diagnostics, want.Diagnostics)
				}
				for i := range want.Diagnostics {
					g, w := got.Diagnostics[i], want.Diagnostics[i]
					// On V1 the three statuses are asked together, so which
					// one's refusal is reported first varies from run to run.
					sameDetail := g.Detail == w.Detail || (version == "v1" && tc.key != "")
					if g.Severity != w.Severity || g.Summary != w.Summary || !sameDetail {
						t.Errorf("diagnostic %d: %+v, want %+v", i, g, w)
					}
				}
				if (got.State == nil) != (want.State == nil) {
					t.Fatalf("state %v, want %v", got.State, want.State)
				}
				if want.State == nil {
					if tc.key == "" {
						t.Fatal("the framework read nothing")
					}
					return
				}
				g, err := got.State.Unmarshal(typ)
				if err != nil {
					t.Fatal(err)
				}
				w, err := want.State.Unmarshal(typ)
				if err != nil {
					t.Fatal(err)
				}
				if !g.Equal(w) {
					diffs, _ := g.Diff(w)
					t.Fatalf("the states differ in %d places, the first at %v", len(diffs), diffs[0].Path)
				}
				if tc.key != "" {
					return
				}
				var attrs map[string]tftypes.Value
				_ = w.As(&attrs)
				var list []tftypes.Value
				_ = attrs["payments"].As(&list)
				if len(list) == 0 {
					t.Fatal("the framework listed nothing: the comparison proves little")
				}
			})
		}
	}
}

// The protocol server keeps every part of the framework's that tf6server
// looks for (list resources, actions, state stores), and is the wrapper
// that answers the listing itself.
func TestProtocolServerKeepsEveryPart(t *testing.T) {
	s := provider.ProtocolServer("test")()
	_, lists := s.(tfprotov6.ListResourceServer)
	_, actions := s.(tfprotov6.ActionServer)
	_, stores := s.(tfprotov6.StateStoreServer)
	if !lists || !actions || !stores {
		t.Fatalf("list resources %v, actions %v, state stores %v: want all", lists, actions, stores)
	}
	if fmt.Sprintf("%T", s) != "*provider.protocolServer" {
		t.Fatalf("the server is %T, not the wrapper: the framework's server lost a part", s)
	}
}

// configured is a protocol server whose provider block is empty, so that it
// takes its settings from the environment.
func configured(t testing.TB, s tfprotov6.ProviderServer) tfprotov6.ProviderServer {
	t.Helper()
	ctx := context.Background()
	schemas, err := s.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := s.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
		TerraformVersion: "1.11.4",
		Config:           configValue(t, schemas.Provider, nil),
	})
	if err != nil || hasErrorDiag(resp.Diagnostics) {
		t.Fatalf("configure: %v %v", err, resp.Diagnostics)
	}
	return s
}

// configValue is a configuration of schema's type: args's attributes set,
// every other attribute null; "read" is timeouts.read.
func configValue(t testing.TB, schema *tfprotov6.Schema, args map[string]any) *tfprotov6.DynamicValue {
	t.Helper()
	typ, ok := schema.ValueType().(tftypes.Object)
	if !ok {
		t.Fatalf("the schema's type is %s, not an object", schema.ValueType())
	}
	vals := make(map[string]tftypes.Value, len(typ.AttributeTypes))
	for name, at := range typ.AttributeTypes {
		vals[name] = tftypes.NewValue(at, nil)
	}
	for name, v := range args {
		switch v := v.(type) {
		case string:
			if name == "read" {
				tt, _ := typ.AttributeTypes["timeouts"].(tftypes.Object)
				vals["timeouts"] = tftypes.NewValue(tt, map[string]tftypes.Value{"read": tftypes.NewValue(tftypes.String, v)})
				continue
			}
			vals[name] = tftypes.NewValue(tftypes.String, v)
		case int:
			vals[name] = tftypes.NewValue(tftypes.Number, int64(v))
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, vals))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

func hasErrorDiag(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}
