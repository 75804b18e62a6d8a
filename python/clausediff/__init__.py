"""Align and compare versions of one document across languages and releases.

Traditional-Chinese masters against their simplified-Chinese, English or
Russian versions, or two releases of one text, paragraph by paragraph and
clause by clause. Every function takes texts in memory and returns what the
``clausediff`` command writes with ``--format json``, as plain dicts and
lists (described in docs/formats.md and docs/diff.md):

- :func:`align` — the beads of two texts (``clausediff align -f json``);
- :func:`check` — versions against their master (``clausediff check -f json``);
- :func:`diff` — two releases of one text (``clausediff diff -f json``);
- :func:`read_text` — a file decoded as the command decodes it;
- :func:`load_model` — load the sentence-encoder model now.

The work is done in Rust with the GIL released, so threads run in parallel.
The sentence-encoder model (``scripts/fetch-model.sh`` puts it in
``~/.cache/clausediff/usem3``) is loaded once per process, on first use.
"""

from ._native import __version__, align, check, diff, load_model, read_text

__all__ = ["__version__", "align", "check", "diff", "load_model", "read_text"]
