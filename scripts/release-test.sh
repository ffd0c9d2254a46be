#!/usr/bin/env bash
# make release-test: the release as a user installs it. Builds a goreleaser
# snapshot of .goreleaser.yml (every OS and architecture, unsigned), lays
# this machine's zip out as a filesystem mirror, and has the real Terraform
# CLI install it from there with `terraform init` (a CLI
# configuration with that mirror and nothing else: no dev_overrides, no
# registry), then apply and destroy a small configuration against the
# sandbox. It checks on the way:
#   - the version goreleaser gave the snapshot is one required_providers can
#     select (the configuration pins it exactly);
#   - the lock file's h1: hash is the hash of the zip's contents;
#   - Terraform checks the zip against a lock file that holds only the zip's
#     sha256 from SHA256SUMS (the zh: hash a registry lock records for every
#     platform): init passes with it and fails with one digit changed.
#
# Usage: scripts/release-test.sh. GORELEASER (default bin/goreleaser) and
# TERRAFORM (default terraform on PATH) choose the binaries. Everything but
# goreleaser's dist/ lives in a temporary directory, removed at the end
# unless the test failed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
goreleaser=${GORELEASER:-$root/bin/goreleaser}
terraform=${TERRAFORM:-terraform}
address=registry.terraform.io/indopay/indopay
project=terraform-provider-indopay

work=$(mktemp -d "${TMPDIR:-/tmp}/indopay-release-test.XXXXXX")
sandbox_pid=""
cleanup() {
  local status=$?
  if [ -n "$sandbox_pid" ] && kill -0 "$sandbox_pid" 2>/dev/null; then
    kill "$sandbox_pid" 2>/dev/null || true
    wait "$sandbox_pid" 2>/dev/null || true
  fi
  if [ "$status" -eq 0 ]; then
    rm -rf "$work"
  else
    echo "release test failed; its files are kept in $work" >&2
  fi
  exit "$status"
}
trap cleanup EXIT INT TERM

fail() { echo "release-test: $*" >&2; exit 1; }
command -v "$terraform" >/dev/null || fail "$terraform is not on PATH"
[ -x "$goreleaser" ] || fail "no goreleaser at $goreleaser: run make release-test (it builds bin/goreleaser)"

echo "--- goreleaser release --snapshot --skip=sign"
# The whole matrix, as a release builds it: a target that does not compile
# (a constant too large for a 32-bit int, say) fails here. --skip=sign: no
# GPG key outside the release workflow; a snapshot never publishes.
# goreleaser reads the git remote's URL even for a snapshot and, when there
# is none (a repository made by git init, or a worktree of one), drops all
# git information, so the version would say "none" instead of the commit.
# A clone always has a remote; otherwise name the project's, for this
# command only.
git_env=()
if [ -z "$(git -C "$root" remote)" ]; then
  git_env=(GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=remote.origin.url
    GIT_CONFIG_VALUE_0=https://github.com/indopay/terraform-provider-indopay.git)
fi
(cd "$root" && env NO_COLOR=1 "${git_env[@]}" "$goreleaser" release --snapshot --clean --skip=sign) >"$work/goreleaser.log" 2>&1 ||
  { tail -n 40 "$work/goreleaser.log" >&2; fail "goreleaser failed"; }
grep -E 'git state|building snapshot|took' "$work/goreleaser.log" | sed 's/^ *//' 
sums=$(compgen -G "$root/dist/${project}_*_SHA256SUMS") || fail "goreleaser wrote no SHA256SUMS"
[ "$(wc -l <<<"$sums")" -eq 1 ] || fail "more than one SHA256SUMS in dist/"
version=${sums##*/"${project}_"}
version=${version%_SHA256SUMS}
platform=$(go env GOOS)_$(go env GOARCH)
zip_name=${project}_${version}_${platform}.zip
zip=$root/dist/$zip_name
[ -f "$zip" ] || fail "goreleaser wrote no $zip_name"
echo "snapshot version $version, $zip_name"
# A version Terraform can select: semver, and exactly as written back.
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$ ]] ||
  fail "snapshot version $version is not a semantic version required_providers can select"

# The packed layout: HOSTNAME/NAMESPACE/TYPE/terraform-provider-TYPE_VERSION_TARGET.zip.
mirror=$work/mirror
mkdir -p "$mirror/$address"
cp "$zip" "$mirror/$address/"
cat >"$work/terraformrc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["$address"]
  }
}
RC

echo "--- sandbox"
go build -C "$root" -o "$work/indopay-sandbox" ./cmd/indopay-sandbox
"$work/indopay-sandbox" -listen 127.0.0.1:0 -url-file "$work/sandbox.url" >"$work/sandbox.out" 2>&1 &
sandbox_pid=$!
# The sandbox writes its URL once it listens; wait for that, 10 s at most.
for _ in $(seq 1 100); do
  [ -s "$work/sandbox.url" ] && break
  kill -0 "$sandbox_pid" 2>/dev/null || { cat "$work/sandbox.out" >&2; fail "the sandbox exited"; }
  sleep 0.1
done
[ -s "$work/sandbox.url" ] || fail "the sandbox did not start"
url=$(cat "$work/sandbox.url")
echo "sandbox listening on $url"

# The provider is configured by its environment only, so this test does not
# depend on the provider block's syntax. The sandbox printed the provider's
# variables as export lines: base URLs and test keys.
# shellcheck disable=SC1090
source <(grep '^export ' "$work/sandbox.out")
[ "$PAYGET_BASE_URL" = "$url" ] && [ "$MAYAR_BASE_URL" = "$url" ] && [ -n "$PAYGET_API_KEY" ] && [ -n "$MAYAR_API_KEY" ] ||
  { cat "$work/sandbox.out" >&2; fail "the sandbox did not print its export lines"; }
export TF_CLI_CONFIG_FILE="$work/terraformrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
# Nothing may come from a plugin cache or a data directory set by the caller.
unset TF_PLUGIN_CACHE_DIR TF_DATA_DIR TF_CLI_ARGS TF_CLI_ARGS_init

config=$(cat <<TF
terraform {
  required_providers {
    indopay = {
      source  = "indopay/indopay"
      version = "= $version"
    }
  }
}

resource "indopay_payget_payment" "release_test" {
  amount = 50000
}

data "indopay_mayar_balance" "this" {}

output "payment_status" {
  value = indopay_payget_payment.release_test.status
}

output "fee_of_one_million" {
  value = provider::indopay::payget_fee(1000000)
}

output "mayar_balance" {
  value = data.indopay_mayar_balance.this.balance
}
TF
)

# newdir NAME [LOCK]: a working directory with the configuration, and a
# lock file with LOCK's hashes if given.
newdir() {
  local dir=$work/$1
  mkdir -p "$dir"
  printf '%s\n' "$config" >"$dir/main.tf"
  if [ -n "${2:-}" ]; then
    printf 'provider "%s" {\n  version     = "%s"\n  constraints = "%s"\n  hashes = [\n    "%s",\n  ]\n}\n' \
      "$address" "$version" "$version" "$2" >"$dir/.terraform.lock.hcl"
  fi
  echo "$dir"
}
tf() { local dir=$1; shift; "$terraform" -chdir="$dir" "$@" -no-color; }

zip_sha=$(sha256sum "$zip" | cut -d' ' -f1)
listed_sha=$(awk -v f="$zip_name" '$2 == f { print $1 }' "$sums")
[ -n "$listed_sha" ] || fail "$zip_name is not listed in ${sums##*/}"
zip_h1=$(cd "$root/tools/zipsum" && GOWORK=off GOFLAGS= go run . "$zip")

echo "--- terraform init, no lock file"
fresh=$(newdir fresh)
tf "$fresh" init -input=false >"$work/init-fresh.log" || { cat "$work/init-fresh.log" >&2; fail "terraform init failed"; }
grep -E 'Installing|Installed|unauthenticated|Terraform has been successfully initialized' "$work/init-fresh.log"
locked=$(sed -n 's/^ *"\(h1:[^"]*\)",$/\1/p' "$fresh/.terraform.lock.hcl")
echo "lock file h1:     $locked"
echo "zip contents h1:  $zip_h1"
[ "$locked" = "$zip_h1" ] || fail "the lock file records $locked, the zip's contents hash to $zip_h1"
tf "$fresh" version | grep -F "provider $address v$version" ||
  fail "terraform version does not list $address v$version"

echo "--- terraform init, lock file with a zh: hash one digit off"
if [ "${zip_sha:0:1}" = 0 ]; then wrong_sha=1${zip_sha:1}; else wrong_sha=0${zip_sha:1}; fi
wrong=$(newdir wrong "zh:$wrong_sha")
if tf "$wrong" init -input=false >"$work/init-wrong.log" 2>&1; then
  fail "terraform init accepted a zip that does not match the locked zh:$wrong_sha"
fi
grep -m1 -E "doesn't match any of the checksums" "$work/init-wrong.log" ||
  { cat "$work/init-wrong.log" >&2; fail "terraform init failed, but not on the checksum"; }

echo "--- terraform init, lock file with the zh: hash from SHA256SUMS"
echo "SHA256SUMS:       $listed_sha  $zip_name"
echo "sha256 of zip:    $zip_sha"
[ "$listed_sha" = "$zip_sha" ] || fail "SHA256SUMS lists $listed_sha for $zip_name, the zip's sha256 is $zip_sha"
work_dir=$(newdir apply "zh:$listed_sha")
tf "$work_dir" init -input=false >"$work/init.log" || { cat "$work/init.log" >&2; fail "terraform init failed"; }
grep -E 'Installed|Terraform has been successfully initialized' "$work/init.log"
grep -F "\"zh:$listed_sha\"" "$work_dir/.terraform.lock.hcl" >/dev/null || fail "the lock file lost the zh: hash"
grep -F "\"$zip_h1\"" "$work_dir/.terraform.lock.hcl" >/dev/null || fail "the lock file did not add the h1: hash"
echo "lock file hashes: $(grep -oE '"(zh|h1):[^"]*"' "$work_dir/.terraform.lock.hcl" | tr '\n' ' ')"

echo "--- terraform apply"
tf "$work_dir" apply -input=false -auto-approve >"$work/apply.log" || { cat "$work/apply.log" >&2; fail "terraform apply failed"; }
grep -E '^Apply complete!' "$work/apply.log"
[ "$(tf "$work_dir" output -raw payment_status)" = Pending ] || fail "the payment is not Pending after apply"
tf "$work_dir" output
echo "--- terraform destroy"
tf "$work_dir" destroy -input=false -auto-approve >"$work/destroy.log" || { cat "$work/destroy.log" >&2; fail "terraform destroy failed"; }
grep -E '^Destroy complete!' "$work/destroy.log"
echo "release test passed: $zip_name installed from a filesystem mirror, applied and destroyed"
