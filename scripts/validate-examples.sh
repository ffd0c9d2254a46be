#!/usr/bin/env bash
# Checks every example under examples/ with `terraform validate` against the
# built provider (dev_overrides, no init, no registry): each example folder
# is copied with a required_providers block into build/validate/.
#
# Examples of what Terraform 1.11 does not know (action blocks and
# action_trigger, list blocks in .tfquery.hcl files, import by identity) are
# validated with $TERRAFORM_LATEST (Terraform 1.14 or later; the Makefile
# sets it), query files included; every other example with the terraform on
# PATH, the oldest CLI the provider supports.
set -euo pipefail
shopt -s nullglob
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
# The list of folders comes on fd 3, so that nothing in the loop can read it.
while IFS= read -r dir <&3; do
  rel=${dir#"$root"/}
  dest="$work/$(echo "$rel" | tr '/' '_')"
  mkdir -p "$dest"
  files=("$dir"/*.tf "$dir"/*.tfquery.hcl)
  cp -- "${files[@]}" "$dest/"
  tf_files=("$dest"/*.tf)
  if [ ${#tf_files[@]} -eq 0 ] || ! grep -q required_providers -- "${tf_files[@]}"; then
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
  cli=terraform
  args=(validate -no-color)
  if compgen -G "$dest/*.tfquery.hcl" >/dev/null ||
    grep -qE '^(action|list) "|action_trigger|^[[:space:]]*identity[[:space:]]*=' -- "${files[@]}"; then
    [ -x "${TERRAFORM_LATEST:-}" ] || { echo "$rel needs Terraform 1.14 or later: set TERRAFORM_LATEST to one" >&2; exit 1; }
    cli=$TERRAFORM_LATEST
    args+=(-query)
  fi
  version=$("$cli" version </dev/null)
  version=${version%%$'\n'*}
  if out=$("$cli" -chdir="$dest" "${args[@]}" 2>&1); then
    echo "ok   $rel ($version)"
  else
    echo "FAIL $rel ($version)"
    echo "$out" | grep -v -e 'Provider development overrides' -e '^$' | sed 's/^/     /'
    failed=$((failed + 1))
  fi
done 3< <(find "$root/examples" \( -name '*.tf' -o -name '*.tfquery.hcl' \) -printf '%h\n' | sort -u)
echo "examples: $((count - failed)) of $count valid"
[ "$failed" -eq 0 ]
