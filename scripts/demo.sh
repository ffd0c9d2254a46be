#!/usr/bin/env bash
# make demo: the whole provider against the local sandbox, with the real
# Terraform CLI and no registry. Builds both binaries, starts the sandbox on
# a free loopback port, points Terraform at the built provider through a
# temporary CLI config (dev_overrides, no init), applies examples/demo,
# prints the outputs, destroys, and stops the sandbox. The apply waits for
# the payer of a PayGet payment: once it has written the QR code to a PNG
# file, this script plays the payer through the sandbox's admin endpoint.
# After the apply it pays the Mayar payment request the same way, and prints
# the payment.received event that a local webhook receiver (indopay-sandbox
# -webhook-receiver, on a secret path) got from the sandbox. Everything it
# writes stays under build/demo (the QR code PNG among it), which the next
# run starts afresh. DEMO_WORK names another directory, and TERRAFORM
# another Terraform CLI than the one on PATH (the tests run the demo so).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work="${DEMO_WORK:-$root/build/demo}"
terraform="${TERRAFORM:-terraform}"
sandbox_pid=""
receiver_pid=""
apply_pid=""

cleanup() {
  local status=$?
  if [ -n "$apply_pid" ] && kill -0 "$apply_pid" 2>/dev/null; then
    kill -INT "$apply_pid" 2>/dev/null || true
    wait "$apply_pid" 2>/dev/null || true
  fi
  for pid in "$sandbox_pid" "$receiver_pid"; do
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  if [ "$status" -ne 0 ]; then
    echo "demo failed; its files are kept in $work" >&2
  fi
  exit "$status"
}
trap cleanup EXIT INT TERM

command -v "$terraform" >/dev/null || { echo "$terraform is not on PATH" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is not on PATH: the demo pays the payment through the sandbox with it" >&2; exit 1; }

make -C "$root" --no-print-directory build
rm -rf "$work"
mkdir -p "$work/config"
cp "$root"/examples/demo/*.tf "$work/config/"

# wait_for_file waits, 10 s at most, for a server started in the background
# to write its URL file once it listens.
wait_for_file() {
  local file=$1 pid=$2 out=$3
  for _ in $(seq 1 100); do
    [ -s "$file" ] && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$out" >&2; exit 1; }
    sleep 0.1
  done
  echo "$file was not written: the server did not start" >&2
  exit 1
}

"$root/build/indopay-sandbox" -listen 127.0.0.1:0 -url-file "$work/sandbox.url" >"$work/sandbox.out" 2>&1 &
sandbox_pid=$!
# A webhook endpoint for Mayar's events, on a secret path, as a merchant runs.
"$root/build/indopay-sandbox" -webhook-receiver -listen 127.0.0.1:0 -url-file "$work/receiver.url" >"$work/receiver.out" 2>&1 &
receiver_pid=$!
wait_for_file "$work/sandbox.url" "$sandbox_pid" "$work/sandbox.out"
wait_for_file "$work/receiver.url" "$receiver_pid" "$work/receiver.out"
url=$(cat "$work/sandbox.url")
echo "sandbox listening on $url; webhook receiver listening on a secret path"
export TF_VAR_webhook_url
TF_VAR_webhook_url=$(cat "$work/receiver.url")

cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/indopay/indopay" = "$root/build"
  }
  direct {}
}
RC

export TF_CLI_CONFIG_FILE="$work/terraformrc"
export TF_IN_AUTOMATION=1
# Terraform's version check would call a host off this machine.
export CHECKPOINT_DISABLE=1
export TF_DATA_DIR="$work/tfdata"
# The sandbox printed the provider's variables as export lines: base URLs
# and test keys.
# shellcheck disable=SC1090
source <(grep '^export ' "$work/sandbox.out")
[ "$PAYGET_BASE_URL" = "$url" ] && [ -n "$PAYGET_API_KEY" ] && [ -n "$MAYAR_API_KEY" ] ||
  { echo "the sandbox did not print its export lines" >&2; cat "$work/sandbox.out" >&2; exit 1; }

tf() { "$terraform" -chdir="$work/config" "$@"; }

echo "--- terraform apply (it waits for the payer of the PayGet payment)"
tf apply -auto-approve -input=false -no-color -var "qr_dir=$work" &
apply_pid=$!
# The payer: once the QR code is on disk (named after its payment), pay it
# through the sandbox's admin endpoint, as scanning it would. 60 s at most.
qr_png=""
for _ in $(seq 1 300); do
  qr_png=$(find "$work" -maxdepth 1 -name 'payget-*.png' -size +0 | head -n 1)
  [ -n "$qr_png" ] && break
  kill -0 "$apply_pid" 2>/dev/null || break
  sleep 0.2
done
[ -n "$qr_png" ] || { echo "the apply wrote no QR code PNG" >&2; exit 1; }
payment_id=$(basename "$qr_png" .png)
payment_id=${payment_id#payget-}
echo "--- the payer scans $qr_png ($(wc -c <"$qr_png") bytes) and pays payment $payment_id"
curl -fsS -X POST "$url/_sandbox/payget/payments/$payment_id/pay"
echo
# The apply ends with the outputs.
wait "$apply_pid"
apply_pid=""
if [ -f "$root/examples/demo/after-apply.sh" ]; then
  TF_CHDIR="$work/config" DEMO_DIR="$work" bash "$root/examples/demo/after-apply.sh"
fi
payment_id=$(tf output -raw payment_id)

echo "--- the payer pays the Mayar payment request (the sandbox's admin endpoint)"
invoice_id=$(tf output -raw invoice_id)
curl -fsS -X POST "$url/_sandbox/mayar/payments/$invoice_id/pay" >"$work/pay.json"
echo "paid $invoice_id"
echo "--- the event the webhook receiver got"
grep '^EVENT ' "$work/receiver.out" || { echo "the receiver got no event" >&2; cat "$work/pay.json" >&2; exit 1; }
echo "--- terraform destroy (the QR code's data URI in the plan shortened by this script)"
tf destroy -auto-approve -input=false -no-color -var "qr_dir=$work" |
  sed -E 's#"data:image/png;base64,[A-Za-z0-9+/=]{16,}"#"data:image/png;base64,…"#'
echo "--- the sandbox's view after destroy"
if command -v curl >/dev/null; then curl -fsS "$url/api/payment-status/$payment_id"; echo; fi
echo "demo finished: applied, paid, read and destroyed against the sandbox"
