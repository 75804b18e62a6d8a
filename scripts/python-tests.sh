#!/usr/bin/env bash
# Build the Python package (python/: PyO3 and maturin) and run its tests
# (python/tests: the package against the `clausediff` binary, and
# examples/spark_align.py in Spark local mode against `clausediff batch`).
#
#   scripts/python-tests.sh [--release] [PYTEST ARGS ...]
#
# Into a virtualenv ($CLAUSEDIFF_VENV, default /tmp/clausediff-venv, made
# with $PYTHON, default python3) it installs maturin, pytest and pyspark
# from PyPI, builds the wheel with cargo's dev profile (--release: the
# release profile), installs it, builds the binary the tests compare with
# (target/debug/clausediff, under $CARGO_TARGET_DIR when set) and runs
# pytest. Spark's local mode needs a Java runtime (17 or later): without
# one, or without pyspark, the Spark tests are skipped with a message, and
# fail under CI=1.
#
# Fails (exit status non-zero, with a message) when PyPI cannot be reached,
# the build fails, or a test fails.
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "python-tests: error: $*" >&2; exit 1; }

PROFILE=dev
if [ "${1:-}" = "--release" ]; then
  PROFILE=release
  shift
fi
PY="${PYTHON:-python3}"
VENV="${CLAUSEDIFF_VENV:-${TMPDIR:-/tmp}/clausediff-venv}"

command -v "$PY" >/dev/null || die "$PY not found"
command -v cargo >/dev/null || die "cargo not found"
if [ ! -x "$VENV/bin/python" ]; then
  "$PY" -m venv "$VENV" || die "cannot make a virtualenv in $VENV (on Debian: apt-get install python3-venv)"
fi
VPY="$VENV/bin/python"

echo "python-tests: installing maturin, pytest and pyspark from PyPI into $VENV ..."
"$VPY" -m pip install --quiet --disable-pip-version-check "maturin>=1.9.4,<2" "pytest>=7" "pyspark>=3.5,<5" \
  || die "pip could not install maturin, pytest and pyspark (is PyPI reachable?)"

echo "python-tests: building the package ($PROFILE profile) ..."
WHEELS="$(mktemp -d)"
trap 'rm -rf "$WHEELS"' EXIT
"$VENV/bin/maturin" build --quiet --profile "$PROFILE" --manifest-path python/Cargo.toml \
  --interpreter "$VPY" --out "$WHEELS" || die "maturin could not build the package"
"$VPY" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$WHEELS"/clausediff-*.whl \
  || die "the wheel could not be installed"

cargo build --quiet -p clausediff-cli || die "cannot build the clausediff binary"
export CLAUSEDIFF_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/clausediff"

echo "python-tests: pytest python/tests"
"$VPY" -m pytest python/tests -ra "$@"
