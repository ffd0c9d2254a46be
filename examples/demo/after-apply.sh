#!/usr/bin/env bash
# Run by scripts/demo.sh between apply and destroy: writes the payment's QR
# code (a PNG data URI in state) to a file the payer could scan.
set -euo pipefail
qr="$DEMO_DIR/qr.png"
terraform -chdir="$TF_CHDIR" output -raw payment_qr_code | sed 's/^data:image\/png;base64,//' | base64 -d >"$qr"
echo "QR code of payment $(terraform -chdir="$TF_CHDIR" output -raw payment_id) written to $qr ($(wc -c <"$qr") bytes)"
