#!/usr/bin/env bash
# Runs every fuzz test of the module for FUZZTIME each, one at a time (go
# test -fuzz takes a single target per run), and prints the executions each
# ran. Any crash fails the script; go test then leaves the crashing input
# under the package's testdata/fuzz/<Name>/ for `go test` to replay.
#
#   FUZZTIME=20s ./scripts/fuzz.sh          (make fuzz)
#   FUZZTIME=1m  ./scripts/fuzz.sh ./internal/client/payget
#   FUZZ='^FuzzWriteAnswer$' FUZZTIME=1000000x ./scripts/fuzz.sh ./internal/client/mayar
#
# FUZZ picks the targets by name (a regular expression, all by default).
# FUZZMINIMIZETIME bounds the shrinking of each new interesting input:
# go test's default of 60s stalls the end-to-end targets, whose every
# execution is a round of HTTP requests, for a minute per find, with no
# execution counted meanwhile.
set -euo pipefail

cd "$(dirname "$0")/.."
FUZZTIME="${FUZZTIME:-20s}"
FUZZ="${FUZZ:-^Fuzz}"
FUZZMINIMIZETIME="${FUZZMINIMIZETIME:-5s}"
pkgs=("$@")
if [ ${#pkgs[@]} -eq 0 ]; then
  pkgs=(./...)
fi

# `go test -list` prints a package's matching names, then "ok <package>".
targets=()
names=()
while read -r first second _; do
  case "$first" in
    Fuzz*) names+=("$first") ;;
    ok)
      for n in "${names[@]}"; do
        targets+=("$second $n")
      done
      names=()
      ;;
  esac
done < <(go test -list "$FUZZ" "${pkgs[@]}" | grep -E '^(Fuzz|ok)')

if [ ${#targets[@]} -eq 0 ]; then
  echo "no fuzz tests found in ${pkgs[*]}" >&2
  exit 1
fi

module="$(go list -m)"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
summary=()
total=0
failed=0
for t in "${targets[@]}"; do
  read -r pkg name <<<"$t"
  echo "==> $pkg $name for $FUZZTIME"
  # -timeout 0: a count such as FUZZTIME=1000000x can outlast go test's 10m default.
  if go test -timeout 0 -run '^$' -fuzz "^${name}\$" -fuzztime "$FUZZTIME" -fuzzminimizetime "$FUZZMINIMIZETIME" "$pkg" 2>&1 | tee "$log"; then
    status=ok
  else
    status=FAILED
    failed=1
  fi
  # The last progress line holds the total: "fuzz: elapsed: 20s, execs: 123456 (6172/sec), ..."
  execs="$(grep -o 'execs: [0-9]*' "$log" | tail -n 1 | awk '{print $2}' || true)"
  execs="${execs:-0}"
  total=$((total + execs))
  summary+=("$(printf '%-28s %-20s %12s  %s' "${pkg#"$module"/}" "$name" "$execs" "$status")")
done

echo
printf '%-28s %-20s %12s  %s\n' package target executions result
printf '%s\n' "${summary[@]}"
printf '%-28s %-20s %12s\n' total "${#targets[@]} targets" "$total"
exit "$failed"
