// Command terraform-provider-indopay serves the indopay Terraform provider:
// PayGet and Mayar, two Indonesian payment APIs, as resources, data sources
// and functions.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/indopay/terraform-provider-indopay/internal/provider"
)

// version is set at build time by goreleaser and the GNUmakefile through
// -ldflags "-X main.version=...".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: provider.Address,
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
