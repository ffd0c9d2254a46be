#!/usr/bin/env bash
# make bench: every benchmark, loopback only. `make bench` builds the
# provider first (make build); run alone, this script expects it built.
#
#  1. Go benchmarks of the API clients and of the Mayar listing's read in
#     the provider (go test -bench, -benchmem, BENCH_COUNT runs each),
#     summarised as medians.
#  2. The end-to-end benchmark (cmd/indopay-bench, a Go module of its own):
#     the built provider under the real Terraform CLI (dev_overrides, no
#     init) against the in-process sandbox with 20 ms latency: the PayGet
#     payments applied, refreshed and destroyed, the Mayar listings (with
#     pacing off, and with the default pacing against Mayar's rate limit:
#     minutes of waiting by design), the V1 listing read with hashicorp/http
#     for comparison, peak memory and start-up.
#
# Results: build/bench/results.md (also printed). Logs, configurations and
# per-request timelines of every Terraform run stay under build/bench/.
#
# Settings (environment): BENCH_COUNT (Go benchmark runs, default 5),
# BENCH_RUNS (end-to-end runs per workload and latency, default 5),
# BENCH_LATENCY (default 20ms), BENCH_ARGS (more flags for indopay-bench,
# see `cd cmd/indopay-bench && go run . -h`).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work="$root/build/bench"
provider="$root/build/terraform-provider-indopay"
bench="$root/cmd/indopay-bench"

command -v terraform >/dev/null || { echo "terraform is not on PATH: the benchmark runs the real Terraform CLI and never downloads one" >&2; exit 1; }
[ -x "$provider" ] || { echo "$provider is missing: run make bench (or make build first)" >&2; exit 1; }
mkdir -p "$work/hashicorp-http"

echo "--- Go benchmarks of the clients (count ${BENCH_COUNT:-5})" >&2
{
  go test -run '^$' -bench . -benchmem -count "${BENCH_COUNT:-5}" ./internal/client/...
  # One read of indopay_mayar_payments through the framework's protocol server, in-process.
  go test -run '^$' -bench MayarPaymentsRead -benchmem -count "${BENCH_COUNT:-5}" ./internal/provider
} | tee "$work/gobench.txt" >&2

echo "--- end-to-end: the built provider under terraform, against the sandbox" >&2
# Both are modules of their own (GOWORK=off keeps any go.work out): the
# benchmark, and hashicorp/http pinned for the comparison.
(cd "$bench" && GOWORK=off go test -count=1 ./... >&2 && GOWORK=off go build -o "$work/indopay-bench" .)
(cd "$bench/hashicorp-http" && GOWORK=off CGO_ENABLED=0 go build -trimpath -o "$work/hashicorp-http/terraform-provider-http" \
  github.com/terraform-providers/terraform-provider-http)
# shellcheck disable=SC2086 # BENCH_ARGS is a list of flags
"$work/indopay-bench" \
  -provider "$provider" \
  -http-provider "$work/hashicorp-http" \
  -work "$work" \
  -runs "${BENCH_RUNS:-5}" \
  -latency "${BENCH_LATENCY:-20ms}" \
  -gobench "$work/gobench.txt" \
  -out "$work/results.md" \
  ${BENCH_ARGS:-}
