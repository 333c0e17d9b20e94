#!/usr/bin/env bash
# Runs each fuzz target for SECONDS (default 30), seeded from the repository's own inputs:
# PromQL expressions of the parser fixtures, the specs, generated and fixture rule files and
# dashboards. Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# A crash stops the run with the fuzzer's report and leaves the input under
# fuzz/artifacts/TARGET/; add it as a regression test before fixing it.
#
#   scripts/fuzz.sh 60
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:-30}

seed() { # seed TARGET FILE…: one corpus entry per file
  local target=$1; shift
  mkdir -p "fuzz/corpus/$target"
  for file in "$@"; do
    [ -f "$file" ] && cp "$file" "fuzz/corpus/$target/$(basename "$file")"
  done
}

# PromQL: one expression a file, from the parser's fixtures (an expression a line).
mkdir -p fuzz/corpus/promql
n=0
while IFS= read -r line; do
  [ -n "$line" ] || continue
  n=$((n + 1))
  printf '%s' "$line" > "fuzz/corpus/promql/fixture-$n"
done < <(cat tests/fixtures/promql/*.txt | grep -v '^#' | head -2000)
# And Prometheus's own test expressions, when ../shared is beside this clone.
reference=../shared/reference/prometheus-3.14/promqltest_valid.jsonl
if [ -f "$reference" ]; then
  python3 - "$reference" fuzz/corpus/promql <<'PY'
import json, os, sys
for i, line in enumerate(open(sys.argv[1])):
    if line.strip():
        with open(os.path.join(sys.argv[2], f"prometheus-{i}"), "w") as f:
            f.write(json.loads(line)["expr"])
PY
fi
seed spec llm-slo.yaml examples/quality.yaml tests/fixtures/valid/*.yaml tests/fixtures/invalid/*.yaml
seed rules generated/prometheus/*.yml tests/fixtures/validate/*.yml tests/fixtures/validate/*.yaml
seed dashboard generated/grafana/*.json tests/fixtures/validate/*.json

cd fuzz
for target in promql spec rules dashboard; do
  echo "fuzzing $target for ${seconds}s" >&2
  cargo +nightly fuzz run "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -max_len=65536 -print_final_stats=1 2>&1 \
    | grep -E '^(stat::number_of_executed_units|stat::new_units_added|==[0-9]+==|SUMMARY|artifact_prefix|Test unit written)' >&2 || true
  if [ -n "$(ls -A "artifacts/$target" 2>/dev/null)" ]; then
    echo "fuzz target $target crashed: see fuzz/artifacts/$target/" >&2
    exit 1
  fi
done
