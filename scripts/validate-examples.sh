#!/usr/bin/env bash
# Checks every example under examples/ with `terraform validate` against the
# built provider (dev_overrides, no init, no registry): each example folder
# is copied with a required_providers block into build/validate/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
provider_dir="$root/build"
[ -x "$provider_dir/terraform-provider-indopay" ] || { echo "build the provider first (make build)" >&2; exit 1; }
work="$root/build/validate"
rm -rf "$work"
mkdir -p "$work"
cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/indopay/indopay" = "$provider_dir"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1

failed=0
count=0
while IFS= read -r dir; do
  rel=${dir#"$root"/}
  dest="$work/$(echo "$rel" | tr '/' '_')"
  mkdir -p "$dest"
  cp "$dir"/*.tf "$dest/"
  if ! grep -q required_providers "$dest"/*.tf; then
    cat >"$dest/versions.tf" <<'TF'
terraform {
  required_providers {
    indopay = {
      source = "indopay/indopay"
    }
  }
}
TF
  fi
  count=$((count + 1))
  if out=$(terraform -chdir="$dest" validate -no-color 2>&1); then
    echo "ok   $rel"
  else
    echo "FAIL $rel"
    echo "$out" | grep -v -e 'Provider development overrides' -e '^$' | sed 's/^/     /'
    failed=$((failed + 1))
  fi
done < <(find "$root/examples" -name '*.tf' -printf '%h\n' | sort -u)
echo "examples: $((count - failed)) of $count valid"
[ "$failed" -eq 0 ]
