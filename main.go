// Command terraform-provider-indopay serves the indopay Terraform provider:
// PayGet and Mayar, two Indonesian payment APIs, as resources, data sources
// and functions.
package main

import (
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

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
	defer startProfile()()
	quietLogs()

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	if err := tf6server.Serve(provider.Address, provider.ProtocolServer(version), opts...); err != nil {
		log.Fatal(err.Error())
	}
}
