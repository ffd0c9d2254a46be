// registry serves goreleaser release directories over the provider registry
// protocol, for scripts/release-test.sh. A module of its own with no
// dependencies, like tools/zipsum, so that running it loads nothing of the
// tools module's large dependency graph.
module github.com/indopay/terraform-provider-indopay/tools/registry

go 1.26.0
