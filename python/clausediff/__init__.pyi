"""Type hints of the clausediff package (its native module, clausediff._native)."""

import os
import pathlib
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

__version__: str

#: A model directory, True (the default model, required), False (none) or
#: None (the default model when it is there).
_ModelArg = Union[str, "os.PathLike[str]", bool, None]

#: A memory budget: bytes (int) or a size (str: "8G", "512M"); None:
#: $CLAUSEDIFF_MAX_MEMORY, else 4 GiB.
_MemoryArg = Union[int, str, None]

def align(
    src: str,
    tgt: str,
    src_lang: Optional[str] = None,
    tgt_lang: Optional[str] = None,
    level: str = "sentence",
    model: _ModelArg = None,
    *,
    presegmented: bool = False,
    max_bead: int = 4,
    params: Optional[Mapping[str, float]] = None,
    names: Optional[Sequence[str]] = None,
    max_memory: _MemoryArg = None,
) -> Dict[str, Any]:
    """Align two texts: the dict ``clausediff align -f json`` writes.

    Keys: ``schema``, ``src`` and ``tgt`` (``path``, ``lang``, ``encoding``),
    ``level``, ``signals``, ``notes`` and ``beads``, each bead with ``src``
    and ``tgt`` (unit indices), ``type`` ("1-1", "0-1" …), ``score``,
    ``posterior``, ``src_spans`` and ``tgt_spans`` (byte offsets in the
    UTF-8 texts), ``src_text`` and ``tgt_text``.

    Raises ValueError for bad input (an empty text, an unknown language tag
    or level, an undetectable language, a bad parameter), OSError when the
    model asked for cannot be loaded, MemoryError when the call is
    estimated to need more memory than ``max_memory`` (before the model is
    loaded).
    """

def check(
    master: str,
    versions: Sequence[str],
    langs: Optional[Sequence[Optional[str]]] = None,
    level: str = "sentence",
    model: _ModelArg = None,
    *,
    min_confidence: Optional[float] = None,
    ignore: Optional[Sequence[str]] = None,
    show: Optional[Sequence[str]] = None,
    glossary: Union[str, "os.PathLike[str]", None] = None,
    params: Optional[Mapping[str, float]] = None,
    names: Optional[Sequence[str]] = None,
    max_memory: _MemoryArg = None,
) -> Dict[str, Any]:
    """Check versions against their master: the report ``clausediff check -f json`` writes.

    ``langs`` has one tag (or None: detected) a text, the master first.
    Keys: ``schema``, ``master``, ``versions``, ``findings`` (each with
    ``kind``, ``version``, ``master`` and ``other`` excerpts, ``severity``,
    ``confidence`` where a model gives one, ``message``), ``hidden`` and
    ``notes``.
    """

def diff(
    old: str,
    new: str,
    old_lang: Optional[str] = None,
    new_lang: Optional[str] = None,
    level: str = "sentence",
    *,
    ignore: Optional[Sequence[str]] = None,
    show: Optional[Sequence[str]] = None,
    params: Optional[Mapping[str, float]] = None,
    names: Optional[Sequence[str]] = None,
    max_memory: _MemoryArg = None,
) -> Dict[str, Any]:
    """Compare two releases of one text: the report ``clausediff diff -f json`` writes."""

def read_text(path: Union[str, "os.PathLike[str]"], encoding: Optional[str] = None) -> str:
    """A file's text, decoded as the command decodes it (BOM, UTF-8, GB18030, Big5, Windows-1251)."""

def load_model(model: _ModelArg = None) -> Optional[pathlib.Path]:
    """Load the model now (once per process); its directory, or None when no model is used."""

__all__: List[str]
