# Build tools, included by the root GNUmakefile (`-include tools/tools.mk`).
#
# Every tool is built from source out of the tools/ Go module (its go.mod and
# go.sum hold the pins; nothing is downloaded as a prebuilt binary) into the
# ignored bin/. Each binary is a real file target that depends on the pins, so
# it is built once and rebuilt only when tools/go.mod, tools/go.sum or the
# build flags in this file change. Two exceptions: the newest Terraform
# (bin/terraform-latest), built by tools/build-terraform.sh from its own
# pinned module zip, and actionlint, pinned in its own small module
# (tools/actionlint); see their targets below.
#
# Variables (override on the command line or in the including makefile):
#   BIN        where the binaries go            (default $(CURDIR)/bin)
#   GO         the go command                   (default go)
#   LINT_ARGS  extra arguments to `golangci-lint run`, e.g. --new-from-rev=HEAD~
# Read-only paths for other targets to depend on and call:
#   TFPLUGINDOCS GOLANGCI_LINT GORELEASER TOFU TERRAFORM_LATEST ACTIONLINT

BIN ?= $(CURDIR)/bin
GO  ?= go
LINT_ARGS ?=

# The fragment's own directory, so the recipes work whatever directory make
# was started from; taken before any later include changes MAKEFILE_LIST.
TOOLS_DIR := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
# The pins, and this file for the build flags: a change to either rebuilds.
TOOLS_PINS := $(TOOLS_DIR)/go.mod $(TOOLS_DIR)/go.sum $(TOOLS_DIR)/tools.mk

TFPLUGINDOCS  := $(BIN)/tfplugindocs
GOLANGCI_LINT := $(BIN)/golangci-lint
GORELEASER    := $(BIN)/goreleaser
TOFU          := $(BIN)/tofu
TERRAFORM_LATEST := $(BIN)/terraform-latest
ACTIONLINT    := $(BIN)/actionlint

# GOWORK=off: a go.work at the root must never pull the provider's modules
# into the tools' dependency graph (or the other way round).
# CGO_ENABLED=0: static binaries like the tools' own releases; no C toolchain.
# go build runs with -mod=readonly by default, so it fails rather than edit
# the pins.
TOOLS_GO := cd $(TOOLS_DIR) && GOWORK=off CGO_ENABLED=0 $(GO)
# As in the tools' own release builds: -trimpath, and -s -w (no symbol
# tables: smaller, faster to link).
TOOLS_BUILD := build -trimpath
TOOLS_LDFLAGS := -s -w

# tool_version(module path[, module directory]): the version pinned in the
# tools module (or the module in that directory), for the version stamps
# that the tools' own release builds set with -X (built as a dependency, a
# tool's debug.BuildInfo names the tools module, not itself).
tool_version = $$(cd $(or $(2),$(TOOLS_DIR)) && GOWORK=off $(GO) list -m -f '{{.Version}}' $(1) | sed 's/^v//')

# The builds end with touch: when nothing changed, go build leaves an
# identical binary alone, and its old mtime would make make rebuild each time.
$(TFPLUGINDOCS): $(TOOLS_PINS)
	@mkdir -p $(@D)
	$(TOOLS_GO) $(TOOLS_BUILD) -o $(abspath $@) \
	  -ldflags "$(TOOLS_LDFLAGS) -X github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs/build.version=$(call tool_version,github.com/hashicorp/terraform-plugin-docs)" \
	  github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs
	@touch $@

# golangci-lint reports the version it was given only when date is set too.
$(GOLANGCI_LINT): $(TOOLS_PINS)
	@mkdir -p $(@D)
	$(TOOLS_GO) $(TOOLS_BUILD) -o $(abspath $@) \
	  -ldflags "$(TOOLS_LDFLAGS) -X main.version=$(call tool_version,github.com/golangci/golangci-lint/v2) -X main.date=unknown" \
	  github.com/golangci/golangci-lint/v2/cmd/golangci-lint
	@touch $@

$(GORELEASER): $(TOOLS_PINS)
	@mkdir -p $(@D)
	$(TOOLS_GO) $(TOOLS_BUILD) -o $(abspath $@) \
	  -ldflags "$(TOOLS_LDFLAGS) -X main.version=$(call tool_version,github.com/goreleaser/goreleaser/v2) -X main.builtBy=tools.mk" \
	  github.com/goreleaser/goreleaser/v2
	@touch $@

# OpenTofu needs its HCL fork (the replace in tools/go.mod). That replace only
# matches hashicorp/hcl/v2 v2.20.1, so if a bump of another tool ever raises
# that module the build would quietly use upstream HCL: refuse instead.
# OpenTofu reads its version from an embedded file and calls itself
# "-dev" unless linked with version.dev=no, as its release builds are; the
# test driver compares CLI versions, so the binary must say 1.10.6.
$(TOFU): $(TOOLS_PINS)
	@mkdir -p $(@D)
	@test -n "$$($(TOOLS_GO) list -m -f '{{if .Replace}}{{.Replace.Path}}{{end}}' github.com/hashicorp/hcl/v2)" || { \
	  echo "tools/go.mod: hashicorp/hcl/v2 is no longer replaced by OpenTofu's fork; see the comment in tools/go.mod" >&2; exit 1; }
	$(TOOLS_GO) $(TOOLS_BUILD) -o $(abspath $@) \
	  -ldflags "$(TOOLS_LDFLAGS) -X github.com/opentofu/opentofu/version.dev=no" \
	  github.com/opentofu/opentofu/cmd/tofu
	@touch $@

# The newest Terraform, for the acceptance tests under it. Not a tools-module
# dependency: its module zip lacks nested modules its go.mod needs, so
# build-terraform.sh verifies the zip against its pinned hash, patches a copy
# and builds that (the script says how and why). The version, the hash and
# the build flags are in the script; a change to it, or to zipsum, rebuilds.
$(TERRAFORM_LATEST): $(TOOLS_DIR)/build-terraform.sh $(TOOLS_DIR)/zipsum/main.go $(TOOLS_DIR)/zipsum/go.mod
	$(TOOLS_DIR)/build-terraform.sh $(abspath $@)
	@touch $@

# actionlint checks the GitHub workflows. Its own module, not the shared one:
# its dependencies (a YAML v4 release candidate among them) would otherwise
# move the other tools' graph, and a change to its pin rebuilds only it.
ACTIONLINT_DIR := $(TOOLS_DIR)/actionlint
$(ACTIONLINT): $(ACTIONLINT_DIR)/go.mod $(ACTIONLINT_DIR)/go.sum $(TOOLS_DIR)/tools.mk
	@mkdir -p $(@D)
	cd $(ACTIONLINT_DIR) && GOWORK=off CGO_ENABLED=0 $(GO) $(TOOLS_BUILD) -o $(abspath $@) \
	  -ldflags "$(TOOLS_LDFLAGS) -X github.com/rhysd/actionlint.version=$(call tool_version,github.com/rhysd/actionlint,$(ACTIONLINT_DIR))" \
	  github.com/rhysd/actionlint/cmd/actionlint
	@touch $@

.PHONY: tools lint release-check tofu terraform-latest

tools: $(TFPLUGINDOCS) $(GOLANGCI_LINT) $(GORELEASER) $(TOFU) $(TERRAFORM_LATEST) $(ACTIONLINT) ## Build all tools into bin/

# actionlint also runs shellcheck on the workflows' run: scripts when
# shellcheck is on PATH (GitHub's runners have it); without it, it checks
# the rest.
# The Go modules nested in the tree (the benchmark and the test tools) are
# linted with the same .golangci.yml: golangci-lint finds it from their
# directories upward.
LINT_MODULES := cmd/indopay-bench tools/registry tools/zipsum

lint: $(GOLANGCI_LINT) $(ACTIONLINT) ## Lint the provider and its nested modules (golangci-lint, .golangci.yml) and the GitHub workflows (actionlint)
	$(GOLANGCI_LINT) run $(LINT_ARGS) ./...
	@set -e; for m in $(LINT_MODULES); do echo "golangci-lint: $$m"; (cd $$m && GOWORK=off $(GOLANGCI_LINT) run $(LINT_ARGS) ./...); done
	$(ACTIONLINT) .github/workflows/*.yml

release-check: $(GORELEASER) ## Validate .goreleaser.yml
	$(GORELEASER) check

tofu: $(TOFU) ## Build only the OpenTofu CLI (for the OpenTofu acceptance run)

terraform-latest: $(TERRAFORM_LATEST) ## Build only the newest Terraform CLI (for make testacc-terraform-latest)
