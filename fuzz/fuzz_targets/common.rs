//! What the targets share: reading control bytes, and the documented
//! invariants of a segmentation (checked after every call, so that a broken
//! span is found here rather than as a slice panic far downstream).

#![allow(dead_code)]

use clausediff::{Lang, Level, Segmentation};

/// Languages a control byte picks from.
pub const LANGS: [Lang; 5] = [Lang::ZhHant, Lang::ZhHans, Lang::En, Lang::Ru, Lang::Other];

/// The levels, in order.
pub const LEVELS: [Level; 3] = [Level::Paragraph, Level::Sentence, Level::Clause];

/// The first byte of `data` (0 when empty) and the rest.
pub fn split_control(data: &[u8]) -> (u8, &[u8]) {
    match data.split_first() {
        Some((&c, rest)) => (c, rest),
        None => (0, data),
    }
}

/// `bytes` as text, invalid UTF-8 replaced.
pub fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// At most `max` bytes of `s`, cut at a character boundary.
pub fn cap(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The segmentation's promises (src/segment/mod.rs): units are non-empty,
/// in order, never overlap, and with the whitespace between them cover the
/// text; every unit's paragraph exists; clauses lie inside their unit.
pub fn check_segmentation(text: &str, seg: &Segmentation) {
    let mut pos = 0;
    for (i, u) in seg.units.iter().enumerate() {
        let s = u.span;
        assert!(s.start >= pos, "unit {i} {s:?} overlaps or is out of order (previous end {pos})");
        assert!(s.start < s.end, "unit {i} {s:?} is empty");
        assert!(s.end <= text.len(), "unit {i} {s:?} ends past the text ({})", text.len());
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end), "unit {i} {s:?} splits a character");
        assert!(text[pos..s.start].trim().is_empty(), "text before unit {i} not covered: {:?}", &text[pos..s.start]);
        assert!(u.para < seg.paragraphs.len(), "unit {i} in paragraph {} of {}", u.para, seg.paragraphs.len());
        for c in seg.clauses_of(&(i..i + 1)) {
            assert!(c.start >= s.start && c.end <= s.end && c.start <= c.end, "clause {c:?} outside unit {i} {s:?}");
            assert!(text.is_char_boundary(c.start) && text.is_char_boundary(c.end), "clause {c:?} splits a character");
        }
        pos = s.end;
    }
    assert!(text[pos..].trim().is_empty(), "text after the last unit not covered: {:?}", &text[pos..]);
    for p in &seg.paragraphs {
        assert!(p.start <= p.end && p.end <= text.len(), "paragraph {p:?} out of the text");
    }
    let ranges = seg.paragraph_ranges();
    assert_eq!(ranges.len(), seg.paragraphs.len());
    for r in &ranges {
        let _ = seg.span_of(r);
        let _ = seg.clauses_of(r);
    }
    let _ = seg.cut_note("fuzz");
}
