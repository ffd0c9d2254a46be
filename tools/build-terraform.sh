#!/usr/bin/env bash
# Builds the Terraform CLI from its Go module, for the acceptance tests under
# the newest Terraform (make testacc-terraform-latest). Usage:
#   tools/build-terraform.sh OUTPUT
#
# Why not `go install` or a tools-module dependency: the module zip that the
# Go module proxy serves for github.com/hashicorp/terraform leaves out the
# nested modules that its go.mod requires and replaces with local paths
# (internal/legacy and nine remote-state backends), so neither builds. Only
# internal/backend/init/init.go imports those backends (internal/legacy only
# by tests), so this script unpacks the verified zip into a temporary
# directory, removes the nine backends from init.go (they register the
# azurerm, consul, cos, gcs, kubernetes, oci, oss, pg and s3 backend types,
# which the tests never use: they keep local state) and the ten modules from
# go.mod, and builds. Every patch is checked to have matched, so a new pin
# that moves these lines fails here instead of building something else.
#
# The version and the zip's go.sum hash are pinned below; a bump changes
# both (the Sum that `go mod download -json github.com/hashicorp/terraform@vX`
# prints, checked by the go command against the checksum database).
set -euo pipefail

TF_VERSION=1.16.4
TF_SUM='h1:0yyJB6OufO0kqoNg95TGhf+41NsG77th1DPSnKBD878='
MODULE=github.com/hashicorp/terraform
BACKENDS=(azure consul cos gcs kubernetes oci oss pg s3)

out=${1:?usage: $0 OUTPUT}
case $out in /*) ;; *) out=$PWD/$out ;; esac
tools_dir=$(cd "$(dirname "$0")" && pwd)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Outside any module and workspace, so the provider's or the tools' go.mod
# never takes part; GOFLAGS cleared so a caller's -mod or -tags cannot either.
export GOWORK=off GOFLAGS=
info=$(cd "$work" && go mod download -json "$MODULE@v$TF_VERSION")
field() { sed -n "s/^[[:space:]]*\"$1\": \"\(.*\)\",\{0,1\}$/\1/p" <<<"$info"; }
zip=$(field Zip) sum=$(field Sum)
if [ "$sum" != "$TF_SUM" ]; then
  echo "build-terraform: $MODULE@v$TF_VERSION has go.sum hash '$sum', pinned $TF_SUM" >&2
  exit 1
fi
# The Sum above is what the go command recorded when it downloaded the zip;
# zipsum hashes the zip as it is now and unpacks exactly that.
src=$work/terraform
(cd "$tools_dir/zipsum" && go run . -want "$TF_SUM" -strip "$MODULE@v$TF_VERSION/" -unpack "$src" "$zip")

# patch FILE SED-SCRIPT EXPECTED: apply, and require exactly EXPECTED lines gone.
patch() {
  local file=$1 script=$2 expected=$3 before after
  before=$(wc -l <"$file")
  sed -i -e "$script" "$file"
  after=$(wc -l <"$file")
  if [ $((before - after)) -ne "$expected" ]; then
    echo "build-terraform: patching $file removed $((before - after)) lines, expected $expected" >&2
    exit 1
  fi
}
init_go=$src/internal/backend/init/init.go
for b in "${BACKENDS[@]}"; do
  mod="$MODULE/internal/backend/remote-state/$b"
  # The import names the package backend<Name>; its map entry calls <alias>.New().
  alias=$(sed -n "s#^\s*\(backend[A-Za-z0-9]*\) \"$mod\"\$#\1#p" "$init_go")
  [ -n "$alias" ] || { echo "build-terraform: $init_go does not import $mod" >&2; exit 1; }
  patch "$init_go" "\#^\s*$alias \"$mod\"\$#d; /return $alias\.New()/d" 2
  patch "$src/go.mod" "\#^\s*$mod v0\.0\.0-00010101000000-000000000000\$#d; \#^replace $mod => #d" 2
done
patch "$src/go.mod" "\#^\s*$MODULE/internal/legacy v0\.0\.0-00010101000000-000000000000\$#d; \#^replace $MODULE/internal/legacy => #d" 2
if grep -rq --include='*.go' --exclude='*_test.go' "\"$MODULE/internal/legacy" "$src"; then
  echo "build-terraform: non-test code imports internal/legacy, which the module zip leaves out" >&2
  exit 1
fi

# As Terraform's release builds: static, no symbol tables, and version.dev=no
# so that it reports $TF_VERSION and not $TF_VERSION-dev (the test driver
# reads the version). -mod=readonly: the patched go.mod and the module's own
# go.sum must still hold every module the build needs, so nothing is
# resolved afresh and go.sum checks every dependency.
mkdir -p "$(dirname "$out")"
(cd "$src" && CGO_ENABLED=0 go build -mod=readonly -trimpath \
  -ldflags "-s -w -X $MODULE/version.dev=no" -o "$out" .)
TF_CLI_CONFIG_FILE=/dev/null "$out" version
