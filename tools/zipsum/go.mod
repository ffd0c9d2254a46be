// zipsum hashes a zip the way go.sum and .terraform.lock.hcl do (h1:), and
// unpacks a zip that matches a pinned hash. A module of its own, with no
// dependencies, so that running it loads nothing of the tools module's large
// dependency graph.
module github.com/indopay/terraform-provider-indopay/tools/zipsum

go 1.26.0
