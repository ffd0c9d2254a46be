// The end-to-end benchmark behind `make bench`, a Go module of its own so
// that what it needs never enters the provider's go.mod. It imports the
// provider module's sandbox through the replace below: a module nested in
// the provider's tree may import its internal packages.
module github.com/indopay/terraform-provider-indopay/cmd/indopay-bench

go 1.26.0

replace github.com/indopay/terraform-provider-indopay => ../..

require github.com/indopay/terraform-provider-indopay v0.0.0-00010101000000-000000000000

require rsc.io/qr v0.2.0 // indirect
