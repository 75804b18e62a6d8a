#!/usr/bin/env bash
# Time every command on the bundled texts with a release build, as a user
# runs them (process start, loading the model, writing the output):
# the median of RUNS runs (default 5) of wall time, CPU time (user + sys)
# and peak memory, as the Markdown table of docs/accuracy.md. The commands
# that use the model run cold (`--no-embedding-cache`: every text encoded),
# and again warm (the embeddings kept by a first run read back), in rows
# of their own.
#
#   scripts/command-times.sh [RUNS]
#
# Needs GNU time (/usr/bin/time). The model is used when it is in its
# default place (scripts/fetch-model.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"
[ -x /usr/bin/time ] || { echo "command-times: /usr/bin/time (GNU time) is needed" >&2; exit 2; }
cargo build --release --quiet -p clausediff-cli
BIN=target/release/clausediff
T=texts/tianjin
commands=(
  "align $T/zh-Hant.txt $T/en.txt --no-embedding-cache"
  "align $T/zh-Hant.txt $T/en.txt"
  "check $T --no-embedding-cache"
  "check $T"
  "terms $T --glossary $T/glossary.tsv --no-embedding-cache"
  "terms --extract $T --no-embedding-cache"
  "concord 上海精神 $T --no-embedding-cache"
  "diff $T/zh-Hant.txt $T/zh-Hans.txt"
  "lint $T/zh-Hant.txt"
)
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $RUNS runs each, medians"
echo
echo "| command | wall | CPU (user + sys) | peak memory |"
echo "|---|---|---|---|"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
for c in "${commands[@]}"; do
  : > "$out"
  read -r -a args <<< "$c"
  case "$c" in
    align*|check*|terms*|concord*)
      # Warm rows: a first run, untimed, keeps the embeddings.
      [[ "$c" == *--no-embedding-cache* ]] || "$BIN" "${args[@]}" > /dev/null 2>&1 || true ;;
  esac
  for _ in $(seq "$RUNS"); do
    # Exit status 1 (findings) is a result; anything higher is a failure.
    status=0
    /usr/bin/time -f "%e %U %S %M" -o "$out" -a "$BIN" "${args[@]}" > /dev/null 2>&1 || status=$?
    if [ "$status" -gt 1 ]; then
      echo "command-times: clausediff $c exited with $status" >&2
      exit 1
    fi
  done
  python3 - "$c" "$out" <<'PYEOF'
import statistics, sys
command, path = sys.argv[1], sys.argv[2]
rows = [list(map(float, l.split())) for l in open(path) if l.strip() and l[0].isdigit()]
med = lambda xs: statistics.median(xs)
wall = med([r[0] for r in rows]); cpu = med([r[1] + r[2] for r in rows]); mem = med([r[3] for r in rows]) / 1024
print(f"| `clausediff {command}` | {wall:.2f} s | {cpu:.2f} s | {mem:.0f} MB |")
PYEOF
done
