// Command terraform-provider-indopay serves the indopay Terraform provider:
// PayGet and Mayar, two Indonesian payment APIs, as resources, data sources
// and functions.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/indopay/terraform-provider-indopay/internal/process"
	"github.com/indopay/terraform-provider-indopay/internal/provider"
)

// version and commit are set at build time by goreleaser and the
// GNUmakefile through -ldflags "-X main.version=... -X main.commit=...".
var (
	version = "dev"
	commit  = "none"
)

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	log.SetPrefix("terraform-provider-indopay " + version + " (" + commit + "): ")
	defer process.StartProfile()()
	process.QuietLogs(debug)

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: provider.Address,
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
