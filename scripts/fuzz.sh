#!/usr/bin/env bash
# Fuzz every target of fuzz/ (cargo fuzz, libFuzzer) for SECONDS each
# (default 60): a crash, a hang (-timeout=10 per input), or an input that
# takes more than 2 GiB (-rss_limit_mb=2048) fails the run (non-zero exit),
# with the input saved under fuzz/artifacts/<target>/. Needs the nightly
# toolchain: without it the run is SKIPPED (exit 0). Installs cargo-fuzz
# from the crate registry when it is missing.
#
# Usage: bash scripts/fuzz.sh [SECONDS] [TARGET...]
# Reproduce a failure: cargo +nightly fuzz run -s none TARGET fuzz/artifacts/TARGET/crash-…
# (or fuzz/target/x86_64-unknown-linux-gnu/release/TARGET FILE).
set -euo pipefail
cd "$(dirname "$0")/.."

SECS=${1:-60}
shift || true
case $SECS in '' | *[!0-9]*) echo "usage: $0 [SECONDS] [TARGET...]" >&2; exit 2 ;; esac
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(load segment beads glossary diff_check model store)
fi

if ! command -v cargo >/dev/null 2>&1 || ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz: SKIPPED — the nightly toolchain is not available (rustup toolchain install nightly)"
  exit 0
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

bash fuzz/make-corpus.sh
# All library code is safe Rust (unsafe_code is forbidden), so no sanitizer:
# twice the executions. Debug assertions and overflow checks stay on
# (cargo fuzz's default).
FUZZ=(cargo +nightly fuzz)
BUILD=(-s none)
# Built once; the targets then run from their binaries (FUZZ_BUILD=0 reuses
# the binaries of an earlier build).
if [ "${FUZZ_BUILD:-1}" != 0 ]; then
  "${FUZZ[@]}" build "${BUILD[@]}"
fi
BIN=fuzz/target/x86_64-unknown-linux-gnu/release

failed=()
summary=()
for t in "${TARGETS[@]}"; do
  log=fuzz/artifacts/$t.log
  mkdir -p "fuzz/artifacts/$t"
  echo "== fuzz $t for ${SECS}s"
  set +e
  "$BIN/$t" -artifact_prefix="fuzz/artifacts/$t/" "fuzz/corpus/$t" \
    -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
    -report_slow_units=1 -print_final_stats=1 2>&1 | tee "$log" | grep -Ev '^#[0-9]+[[:space:]]+(NEW|REDUCE)|# Uses: '
  status=${PIPESTATUS[0]}
  set -e
  if [ "$status" -eq 0 ] && grep -qE '^(==[0-9]+== ERROR: libFuzzer|ALARM: working on the last Unit|SUMMARY: libFuzzer)' "$log"; then
    status=1
  fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
  # The slowest input of the corpus, replayed twice in one process: the
  # first pass pays for the lazily loaded language models and dictionaries
  # and is left out.
  slowest=n/a
  mapfile -t files < <(find "fuzz/corpus/$t" -type f | sort)
  if [ "$status" -eq 0 ] && [ ${#files[@]} -gt 0 ]; then
    top=$( (timeout 300 "$BIN/$t" -timeout=10 -rss_limit_mb=2048 "${files[@]}" "${files[@]}" 2>&1 || true) |
      sed -n 's/^Executed \(.*\) in \([0-9]*\) ms$/\2 \1/p' | tail -n +$((${#files[@]} + 1)) | sort -n | tail -1)
    if [ -n "$top" ]; then
      slowest="${top%% *} ms (${top#* }, $(stat -c %s "${top#* }") bytes)"
    fi
  fi
  line="$t: ${SECS}s, ${execs:-?} executions, corpus ${#files[@]} inputs, peak RSS ${rss:-?} MB, slowest input ${slowest:-n/a}"
  if [ "$status" -ne 0 ]; then
    failed+=("$t")
    line="$line — FAILED (exit $status; see $log and fuzz/artifacts/$t/)"
  fi
  summary+=("$line")
done

echo "== fuzz summary"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: ok"
