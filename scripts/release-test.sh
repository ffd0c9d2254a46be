#!/usr/bin/env bash
# make release-test: the release as registry users install it, with
# `terraform init` and with `tofu init`, on this machine and nothing from
# outside.
#
#  1. Two OpenPGP keys made for this run in a temporary GNUPGHOME: the
#     release key and someone else's.
#  2. A goreleaser snapshot of .goreleaser.yml, every OS and architecture,
#     signed by its `signs` section exactly as a tagged release is (the
#     release workflow sets GPG_FINGERPRINT the same way). Its version must
#     be one required_providers can select.
#  3. tools/registry serves the release as a tag publishes it, and four
#     copies of it with one thing wrong, over the provider registry protocol
#     on loopback, over HTTPS with a certificate authority it makes for this
#     run. Its host name is localhost:PORT, the host part of the source
#     address "localhost:PORT/indopay/indopay": both CLIs accept a port
#     there, discover the services at
#     https://localhost:PORT/.well-known/terraform.json, and localhost never
#     leaves the machine, so no DNS name, host block or system file is
#     needed. The CLIs trust the authority only through SSL_CERT_FILE, set
#     for their own processes (Go reads it on Linux), never the system's
#     store.
#  4. For Terraform, then OpenTofu, with an empty CLI configuration (no
#     dev_overrides, no mirror: the registry protocol, as for any user):
#     - init names the release key's ID in its "Installed" line; the lock
#       file holds a zh: hash for every sha256 in SHA256SUMS (every zip, and
#       the manifest) and one h1: hash, that of this platform's zip contents;
#     - apply and destroy a configuration against the sandbox;
#     - `providers lock` for several platforms records the same zh: hashes
#       and each of those platforms' h1:;
#     - without SSL_CERT_FILE, init does not trust the registry;
#     - what a registry user is protected from is refused, each a case whose
#       message is checked: a zip changed by one byte, SHA256SUMS signed by
#       another key, no signature, and a lock file from another build of the
#       same version.
#
# Usage: scripts/release-test.sh. GORELEASER (default bin/goreleaser),
# TERRAFORM (default terraform on PATH) and TOFU (default bin/tofu) choose
# the binaries; gpg and zip must be on PATH. Everything but goreleaser's
# dist/ lives in a temporary directory, removed at the end unless the test
# failed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
goreleaser=${GORELEASER:-$root/bin/goreleaser}
terraform=${TERRAFORM:-terraform}
tofu=${TOFU:-$root/bin/tofu}
project="terraform-provider-indopay"

work=$(mktemp -d "${TMPDIR:-/tmp}/indopay-release-test.XXXXXX")
pids=()
cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  # The agent gpg started for this run's keys, and only it.
  if [ -d "$work/gnupg" ]; then GNUPGHOME=$work/gnupg gpgconf --kill gpg-agent 2>/dev/null || true; fi
  if [ "$status" -eq 0 ]; then
    rm -rf "$work"
  else
    echo "release test failed; its files are kept in $work" >&2
  fi
  exit "$status"
}
trap cleanup EXIT INT TERM

fail() { echo "release-test: $*" >&2; exit 1; }
for tool in "$terraform" "$tofu" gpg gpgconf zip; do
  command -v "$tool" >/dev/null || fail "$tool is not on PATH"
done
[ -x "$goreleaser" ] || fail "no goreleaser at $goreleaser: run make release-test (it builds bin/goreleaser)"

# start_server NAME FILE COMMAND...: runs a server in the background and
# waits, 10 s at most, for it to write FILE once it listens.
start_server() {
  local name=$1 file=$2
  shift 2
  "$@" >"$work/$name.out" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do
    [ -s "$file" ] && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$work/$name.out" >&2; fail "$name exited"; }
    sleep 0.1
  done
  fail "$name did not start"
}

echo "--- signing keys"
# RSA, as the Terraform Registry requires of a namespace's key; no
# passphrase, so that goreleaser's gpg --batch signs without a prompt.
export GNUPGHOME=$work/gnupg
mkdir -m 700 "$GNUPGHOME"
newkey() {
  gpg --batch --quiet --passphrase '' --quick-gen-key "$1" rsa4096 sign never 2>>"$work/gpg.log" &&
    gpg --batch --with-colons --list-keys "$1" 2>>"$work/gpg.log" | awk -F: '$1 == "fpr" { print $10; exit }'
}
release_fpr=$(newkey "indopay release test <release-test@indopay.invalid>")
other_fpr=$(newkey "not the release key <other@indopay.invalid>")
if [ -z "$release_fpr" ] || [ -z "$other_fpr" ]; then
  cat "$work/gpg.log" >&2
  fail "gpg could not make the keys"
fi
gpg --batch --armor --export "$release_fpr" >"$work/release-key.asc"
key_id=${release_fpr: -16}
echo "release key $release_fpr (key ID $key_id); another key $other_fpr"

echo "--- goreleaser release --snapshot, signed"
# The whole matrix, as a release builds it: a target that does not compile
# (a constant too large for a 32-bit int, say) fails here.
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
(cd "$root" && env NO_COLOR=1 GPG_FINGERPRINT="$release_fpr" "${git_env[@]}" "$goreleaser" release --snapshot --clean) \
  >"$work/goreleaser.log" 2>&1 || { tail -n 40 "$work/goreleaser.log" >&2; fail "goreleaser failed"; }
grep -E 'git state|building snapshot|signing|took' "$work/goreleaser.log" | sed 's/^ *//'
dist=$root/dist
sums=$(compgen -G "$dist/${project}_*_SHA256SUMS") || fail "goreleaser wrote no SHA256SUMS"
[ "$(wc -l <<<"$sums")" -eq 1 ] || fail "more than one SHA256SUMS in dist/"
[ -f "$sums.sig" ] || fail "goreleaser did not sign ${sums##*/}"
version=${sums##*/"${project}_"}
version=${version%_SHA256SUMS}
platform=$(go env GOOS)_$(go env GOARCH)
zip_name=${project}_${version}_${platform}.zip
zip=$dist/$zip_name
[ -f "$zip" ] || fail "goreleaser wrote no $zip_name"
echo "snapshot version $version, $zip_name, ${sums##*/}.sig"
# A version Terraform can select: semver, and exactly as written back.
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$ ]] ||
  fail "snapshot version $version is not a semantic version required_providers can select"

# The two helpers of tools/, each its own module with no dependencies.
for tool in zipsum registry; do
  (cd "$root/tools/$tool" && GOWORK=off GOFLAGS='' CGO_ENABLED=0 go build -o "$work/$tool" .)
done
# zh: hashes are the sha256 sums SHA256SUMS lists: each platform's zip,
# and the manifest too, since both CLIs record every line of the signed file.
want_zh=$(awk '{ print "zh:" $1 }' "$sums" | sort -u)
zip_h1=$("$work/zipsum" "$zip")
[ "$(awk -v f="$zip_name" '$2 == f { print $1 }' "$sums")" = "$(sha256sum "$zip" | cut -d' ' -f1)" ] ||
  fail "SHA256SUMS does not list the sha256 of $zip_name"

echo "--- the release as published, and four that a registry user must refuse"
# publish NAME: a directory the registry serves under the namespace NAME,
# holding what the GitHub release of a tag holds: the zips, SHA256SUMS and
# its signature from dist/, and the manifest, which goreleaser does not put
# in dist/ but uploads under its release name (release.extra_files).
publish() {
  local dir=$work/releases/$1
  mkdir -p "$dir"
  ln -s "$dist"/*.zip "$sums" "$sums.sig" "$dir/"
  cp "$root/terraform-registry-manifest.json" "$dir/${project}_${version}_manifest.json"
  echo "$dir"
}
# The same gpg command as the `signs` section of .goreleaser.yml.
sign() { gpg --batch --local-user "$1" --output "$2.sig" --detach-sign "$2"; }

published=$(publish indopay)

tampered=$(publish tampered)
rm "$tampered/$zip_name"
cp "$zip" "$tampered/"
offset=$(($(stat -c %s "$zip") / 2))
byte=$(od -An -tu1 -j "$offset" -N1 "$zip" | tr -d ' ')
printf '%b' "\\$(printf %03o $((byte ^ 1)))" | dd of="$tampered/$zip_name" bs=1 seek="$offset" conv=notrunc status=none
[ "$(cmp -l "$zip" "$tampered/$zip_name" | wc -l)" -eq 1 ] || fail "the tampered zip does not differ in exactly one byte"
echo "tampered: $zip_name with byte $offset changed; SHA256SUMS and its signature as released"

otherkey=$(publish otherkey)
rm "$otherkey/${sums##*/}.sig"
sign "$other_fpr" "$otherkey/${sums##*/}"
echo "otherkey: SHA256SUMS signed by $other_fpr, not the release key"

unsigned=$(publish unsigned)
rm "$unsigned/${sums##*/}.sig"
echo "unsigned: SHA256SUMS without its signature"

# Another build of the same version: the provider linked with another
# commit, as goreleaser links it (the compiled packages come from the
# build cache, so only the link runs). Its hashes are what a user who
# installed that build would have in the lock file they committed.
another=$work/another-build
mkdir -p "$another"
(cd "$root" && CGO_ENABLED=0 go build -trimpath -o "$another/${project}_v$version" \
  -ldflags "-s -w -X main.version=$version -X main.commit=another-build" .)
(cd "$another" && zip -q -X "$zip_name" "${project}_v$version")
another_h1=$("$work/zipsum" "$another/$zip_name")
another_zh=zh:$(sha256sum "$another/$zip_name" | cut -d' ' -f1)
[ "$another_h1" != "$zip_h1" ] || fail "the other build has the release's h1: hash"
echo "another build of $version: $another_h1 $another_zh"

echo "--- registry"
start_server registry "$work/registry.addr" "$work/registry" \
  -addr-file "$work/registry.addr" -ca-file "$work/registry-ca.pem" -gpg-key "$work/release-key.asc" \
  -provider "indopay/indopay=$published" -provider "tampered/indopay=$tampered" \
  -provider "otherkey/indopay=$otherkey" -provider "unsigned/indopay=$unsigned"
host=$(cat "$work/registry.addr")
cat "$work/registry.out"
grep -qF "signing key ID $key_id" "$work/registry.out" || fail "the registry does not read key ID $key_id from the release key"

echo "--- sandbox"
go build -C "$root" -o "$work/indopay-sandbox" ./cmd/indopay-sandbox
start_server sandbox "$work/sandbox.url" "$work/indopay-sandbox" -listen 127.0.0.1:0 -url-file "$work/sandbox.url"
url=$(cat "$work/sandbox.url")
echo "sandbox listening on $url"
# The provider is configured by its environment only, so this test does not
# depend on the provider block's syntax. The sandbox printed the provider's
# variables as export lines: base URLs and test keys.
# shellcheck disable=SC1090
source <(grep '^export ' "$work/sandbox.out")
if [ "$PAYGET_BASE_URL" != "$url" ] || [ "$MAYAR_BASE_URL" != "$url" ] || [ -z "$PAYGET_API_KEY" ] || [ -z "$MAYAR_API_KEY" ]; then
  cat "$work/sandbox.out" >&2
  fail "the sandbox did not print its export lines"
fi

# An empty CLI configuration: no dev_overrides, no mirror, no host block.
: >"$work/cli.tfrc"
export TF_CLI_CONFIG_FILE="$work/cli.tfrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
# Nothing may come from a plugin cache or a data directory set by the
# caller, nor from a certificate authority the caller trusts.
unset TF_PLUGIN_CACHE_DIR TF_DATA_DIR TF_CLI_ARGS TF_CLI_ARGS_init SSL_CERT_FILE SSL_CERT_DIR

address=$host/indopay/indopay
resources=$(cat <<'TF'

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

# The CLI under test, set by cli_test: its name, binary and the directory
# of its working directories.
cli_name="" cli_bin="" cli_work=""
# run DIR ARGS...: the CLI in DIR, trusting the registry's authority for
# this process only.
run() {
  local dir=$1
  shift
  SSL_CERT_FILE="$work/registry-ca.pem" "$cli_bin" -chdir="$dir" "$@" -no-color
}
# newdir NAME SOURCE [HASH...]: a working directory whose configuration
# requires SOURCE at the snapshot's version, with a lock file of those
# hashes if given.
newdir() {
  local dir=$cli_work/$1 source=$2
  shift 2
  mkdir -p "$dir"
  printf 'terraform {\n  required_providers {\n    indopay = {\n      source  = "%s"\n      version = "= %s"\n    }\n  }\n}\n' \
    "$source" "$version" >"$dir/main.tf"
  if [ "$#" -gt 0 ]; then
    {
      printf 'provider "%s" {\n  version     = "%s"\n  constraints = "%s"\n  hashes = [\n' "$source" "$version" "$version"
      printf '    "%s",\n' "$@"
      printf '  ]\n}\n'
    } >"$dir/.terraform.lock.hcl"
  fi
  echo "$dir"
}
# lock_hashes DIR SCHEME: the SCHEME: hashes in DIR's lock file, sorted.
lock_hashes() { grep -oE "\"$2:[^\"]*\"" "$1/.terraform.lock.hcl" | tr -d '"' | sort; }
# joined FILE: the CLI's output on one line. The CLIs wrap messages at 78
# columns and frame them, so messages are matched and shown joined.
joined() { tr -d '│╷╵' <"$1" | tr -s ' \n' ' '; }
# refuse CASE SOURCE PATTERN [HASH...]: init of SOURCE (with a lock file of
# those hashes, if given) must fail with a message matching PATTERN, an
# extended regular expression.
refuse() {
  local case=$1 source=$2 pattern=$3
  shift 3
  local dir
  dir=$(newdir "refuse-$case" "$source" "$@")
  if run "$dir" init -input=false >"$dir/init.log" 2>&1; then
    cat "$dir/init.log" >&2
    fail "$cli_name init installed $source ($case)"
  fi
  grep -qE "$pattern" <(joined "$dir/init.log") ||
    { cat "$dir/init.log" >&2; fail "$cli_name init refused $source ($case), but not with /$pattern/"; }
  echo "refused, $case: $(joined "$dir/init.log" | grep -oE 'Error while installing .*' | sed -E 's/ (To see which|Error: ).*//; s/ $//')"
}

# cli_test NAME BINARY INSTALLED: the whole test under one CLI. INSTALLED is
# how its init describes a package signed by the key the registry gives
# for the namespace: "self-signed" for Terraform (its "signed by HashiCorp"
# and partner results need HashiCorp's keys), "signed" for OpenTofu.
cli_test() {
  cli_name=$1 cli_bin=$2 cli_work=$work/$1
  local installed=$3
  echo "=== $cli_name: $("$cli_bin" version | head -n 1)"

  echo "--- $cli_name init from https://$host, no lock file"
  local fresh
  fresh=$(newdir fresh "$address")
  printf '%s\n' "$resources" >>"$fresh/main.tf"
  # The registry logs each request as its quoted method, path and status.
  local discovery='"GET" "/.well-known/terraform.json" 200' discoveries
  discoveries=$(grep -cF "$discovery" "$work/registry.out" || true)
  run "$fresh" init -input=false >"$fresh/init.log" 2>&1 || { cat "$fresh/init.log" >&2; fail "$cli_name init failed"; }
  grep -E '^- (Finding|Installing|Installed)' "$fresh/init.log"
  [ "$(grep -cF "$discovery" "$work/registry.out")" -gt "$discoveries" ] ||
    fail "$cli_name init did not discover the registry's services at https://$host/.well-known/terraform.json"
  grep -qF -- "- Installed $address v$version ($installed, key ID $key_id)" "$fresh/init.log" ||
    fail "$cli_name init does not say it installed $address v$version ($installed, key ID $key_id)"
  echo "lock file:"
  sed -n '/^provider/,/^}/p' "$fresh/.terraform.lock.hcl"
  [ "$(lock_hashes "$fresh" zh)" = "$want_zh" ] || fail "$cli_name: the lock file's zh: hashes are not SHA256SUMS's"
  [ "$(lock_hashes "$fresh" h1)" = "$zip_h1" ] || fail "$cli_name: the lock file's h1: hash is not $zip_h1, the hash of the zip's contents"
  echo "zh: every sha256 in SHA256SUMS ($(grep -c '\.zip$' "$sums") zips and the manifest); h1: the contents of $zip_name"
  run "$fresh" version | grep -F "provider $address v$version" || fail "$cli_name version does not list $address v$version"

  echo "--- $cli_name apply and destroy against the sandbox"
  run "$fresh" apply -input=false -auto-approve >"$fresh/apply.log" 2>&1 || { cat "$fresh/apply.log" >&2; fail "$cli_name apply failed"; }
  grep -E '^Apply complete!' "$fresh/apply.log"
  [ "$(run "$fresh" output -raw payment_status)" = Pending ] || fail "the payment is not Pending after $cli_name apply"
  run "$fresh" output
  run "$fresh" destroy -input=false -auto-approve >"$fresh/destroy.log" 2>&1 || { cat "$fresh/destroy.log" >&2; fail "$cli_name destroy failed"; }
  grep -E '^Destroy complete!' "$fresh/destroy.log"

  local platforms=(linux_amd64 linux_arm64 darwin_arm64 windows_amd64) locked p want_h1=()
  echo "--- $cli_name providers lock ${platforms[*]/#/-platform=}"
  locked=$(newdir lock "$address")
  run "$locked" providers lock "${platforms[@]/#/-platform=}" >"$locked/lock.log" 2>&1 ||
    { cat "$locked/lock.log" >&2; fail "$cli_name providers lock failed"; }
  grep -E '^- ' "$locked/lock.log"
  [ "$(lock_hashes "$locked" zh)" = "$want_zh" ] || fail "$cli_name providers lock: the zh: hashes are not SHA256SUMS's"
  for p in "${platforms[@]}"; do
    want_h1+=("$("$work/zipsum" "$dist/${project}_${version}_$p.zip")")
  done
  [ "$(lock_hashes "$locked" h1)" = "$(printf '%s\n' "${want_h1[@]}" | sort)" ] ||
    fail "$cli_name providers lock: the h1: hashes are not those of the ${#platforms[@]} platforms' zips"
  echo "zh: as in SHA256SUMS; h1: the contents of each of the ${#platforms[@]} platforms' zips"

  echo "--- $cli_name refuses"
  local plain
  plain=$(newdir untrusted "$address")
  if "$cli_bin" -chdir="$plain" init -input=false -no-color >"$plain/init.log" 2>&1; then
    fail "$cli_name init trusted the registry without SSL_CERT_FILE"
  fi
  grep -q 'x509: certificate signed by unknown authority' "$plain/init.log" ||
    { cat "$plain/init.log" >&2; fail "$cli_name init failed without SSL_CERT_FILE, but not on the certificate"; }
  echo "refused, registry-certificate-not-trusted: x509: certificate signed by unknown authority (no SSL_CERT_FILE)"
  refuse changed-zip "$host/tampered/indopay" \
    'archive has incorrect checksum zh:[0-9a-f]{64} \(expected zh:[0-9a-f]{64}\)'
  refuse other-key "$host/otherkey/indopay" \
    'authentication signature from unknown issuer'
  refuse no-signature "$host/unsigned/indopay" \
    'failed to retrieve cryptographic signature for provider: 404 Not Found'
  refuse lock-from-another-build "$address" \
    "the current package for $address $version doesn't match any of the checksums previously recorded in the dependency lock file" \
    "$another_h1" "$another_zh"
}

cli_test terraform "$terraform" self-signed
cli_test tofu "$tofu" signed
echo "release test passed: $version, signed by key ID $key_id, served by a registry on https://$host; installed, applied and destroyed with Terraform and OpenTofu; every tampering refused"
