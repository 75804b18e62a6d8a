"""Shared fixtures: the repository, the `clausediff` binary, the model, and
skipping (or failing, under CI=1) when something a test needs is absent."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TIANJIN = ROOT / "texts" / "tianjin"
GOLD = ROOT / "alignments" / "tianjin"


def missing(what):
    """Skip the test with a message, or fail it under CI (where everything is installed)."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} (CI is set: everything the tests need must be installed)")
    pytest.skip(what)


@pytest.fixture(scope="session")
def cli():
    """The `clausediff` binary: $CLAUSEDIFF_BIN, else the newest of
    target/debug and target/release (built by `cargo build`)."""
    given = os.environ.get("CLAUSEDIFF_BIN")
    if given:
        if not Path(given).is_file():
            pytest.fail(f"CLAUSEDIFF_BIN={given}: no such file")
        return given
    built = [p for p in (ROOT / "target" / d / "clausediff" for d in ("debug", "release")) if p.is_file()]
    if not built:
        missing("no clausediff binary: run `cargo build` or set CLAUSEDIFF_BIN")
    return str(max(built, key=lambda p: p.stat().st_mtime))


@pytest.fixture(scope="session")
def has_model():
    """Whether the default model is there (the package and the binary then both use it)."""
    import clausediff

    return clausediff.load_model() is not None


def run_cli(cli, *args, cwd=ROOT):
    """Run the binary; its standard output, or a failure with its standard error."""
    p = subprocess.run([cli, *map(str, args)], cwd=cwd, capture_output=True, text=True)
    if p.returncode not in (0, 1):
        pytest.fail(f"clausediff {' '.join(map(str, args))}: exit {p.returncode}: {p.stderr}")
    return p.stdout


def paragraphs(lang):
    """The paragraphs of a bundled text (alignments/tianjin/<lang>.para.txt)."""
    return (GOLD / f"{lang}.para.txt").read_text(encoding="utf-8").splitlines()


def java_and_pyspark():
    """Why Spark cannot run here, or None."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install pyspark)"
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        return "no Java runtime (apt-get install default-jre-headless, or set JAVA_HOME)"
    return None
