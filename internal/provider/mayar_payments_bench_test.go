package provider_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/indopay/terraform-provider-indopay/internal/provider"
	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// BenchmarkMayarPaymentsRead is one read of indopay_mayar_payments over
// 5,000 items, through the framework's protocol server in-process, exactly
// as Terraform calls it: the configuration arrives as msgpack and the state
// leaves as msgpack. No latency is added, so the time is the provider's own
// CPU: the requests' round trips on loopback, decoding, building the list
// and the framework's passes over the state and its encoding. Profile it
// with
//
//	go test ./internal/provider -run '^$' -bench MayarPaymentsRead -cpuprofile cpu.out
func BenchmarkMayarPaymentsRead(b *testing.B) {
	const items = 5000
	payments := sandbox.GenerateMayarPayments(items, mayarNewest)
	for _, version := range []string{"v2", "v1"} {
		b.Run(version, func(b *testing.B) {
			sb := sandbox.New(sandbox.Options{MayarPayments: payments})
			srv := httptest.NewServer(sb)
			b.Cleanup(srv.Close)
			// The provider block is left empty and configured from the
			// environment, so that the benchmark does not depend on the
			// block's shape.
			b.Setenv(provider.EnvMayarAPIKey, sandbox.MayarKey)
			b.Setenv(provider.EnvMayarBaseURL, srv.URL)
			b.Setenv(provider.EnvMayarAPIVersion, version)
			b.Setenv(provider.EnvMayarRequestsPerMinute, "0")

			ctx := context.Background()
			server := providerserver.NewProtocol6(provider.New("bench")())()
			schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
			if err != nil {
				b.Fatal(err)
			}
			configured, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
				TerraformVersion: "1.11.4",
				Config:           nullConfig(b, schemas.Provider),
			})
			if err != nil || hasErrorDiag(configured.Diagnostics) {
				b.Fatalf("configure: %v %v", err, configured.Diagnostics)
			}
			req := &tfprotov6.ReadDataSourceRequest{
				TypeName: "indopay_mayar_payments",
				Config:   nullConfig(b, schemas.DataSourceSchemas["indopay_mayar_payments"]),
			}
			read := func() {
				resp, err := server.ReadDataSource(ctx, req)
				if err != nil || hasErrorDiag(resp.Diagnostics) {
					b.Fatalf("read: %v %v", err, resp.Diagnostics)
				}
				if resp.State == nil || len(resp.State.MsgPack) < items*100 {
					b.Fatal("read: the state is missing or too small for the listing")
				}
			}
			read() // the connection pool and the sandbox's first answers
			b.ReportAllocs()
			for b.Loop() {
				read()
			}
		})
	}
}
