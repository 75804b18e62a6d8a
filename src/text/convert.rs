//! Traditional ↔ simplified Chinese through the OpenCC dictionaries
//! (ferrous-opencc), with a character-aligned variant for comparison keys.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use ferrous_opencc::config::BuiltinConfig;
use ferrous_opencc::OpenCC;

use super::lang::Lang;
use super::script::is_han;
use crate::error::{Error, ErrorKind, Result};

/// The converter for `config`, loaded once (an error message if its
/// bundled dictionaries cannot be read).
fn converter(config: BuiltinConfig) -> std::result::Result<&'static OpenCC, &'static str> {
    static T2S: OnceLock<std::result::Result<OpenCC, String>> = OnceLock::new();
    static S2T: OnceLock<std::result::Result<OpenCC, String>> = OnceLock::new();
    let cell = match config {
        BuiltinConfig::S2t => &S2T,
        _ => &T2S,
    };
    cell.get_or_init(|| OpenCC::from_config(config).map_err(|e| e.to_string())).as_ref().map_err(String::as_str)
}

/// Load both converters; an error when one cannot be (every document is
/// loaded through this, so that no comparison runs with a converter that
/// silently changes nothing).
pub fn ensure() -> Result<()> {
    for config in [BuiltinConfig::T2s, BuiltinConfig::S2t] {
        converter(config).map_err(|e| {
            Error::new(ErrorKind::Resource, format!("the OpenCC converter {config:?} cannot be loaded: {e}"))
        })?;
    }
    Ok(())
}

/// Traditional to simplified, phrase-aware (OpenCC `t2s`).
pub fn to_simplified(text: &str) -> String {
    // After `ensure` (at every document load) the converter is there.
    converter(BuiltinConfig::T2s).map_or_else(|_| text.to_string(), |c| c.convert(text))
}

/// Simplified to traditional, phrase-aware (OpenCC `s2t`).
pub fn to_traditional(text: &str) -> String {
    converter(BuiltinConfig::S2t).map_or_else(|_| text.to_string(), |c| c.convert(text))
}

/// Traditional to simplified, character by character (OpenCC's character
/// table, cached per thread), so that character positions map one to one.
/// This is the form used for comparison keys.
pub fn to_simplified_aligned(text: &str) -> Vec<char> {
    thread_local! {
        static CACHE: std::cell::RefCell<HashMap<char, char>> = std::cell::RefCell::new(HashMap::new());
    }
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        text.chars()
            .map(|c| {
                if !is_han(c) {
                    return c;
                }
                *cache.entry(c).or_insert_with(|| {
                    let mut buf = [0u8; 4];
                    let s = to_simplified(c.encode_utf8(&mut buf));
                    let mut it = s.chars();
                    match (it.next(), it.next()) {
                        (Some(x), None) => x,
                        _ => c,
                    }
                })
            })
            .collect()
    })
}

/// Simplified to traditional, one output character per input character
/// (see [`to_simplified_aligned`]).
pub fn to_traditional_aligned(text: &str) -> Vec<char> {
    let input: Vec<char> = text.chars().collect();
    let whole: Vec<char> = to_traditional(text).chars().collect();
    if whole.len() == input.len() {
        return whole;
    }
    input
        .iter()
        .map(|&c| {
            let mut buf = [0u8; 4];
            let s = to_traditional(c.encode_utf8(&mut buf));
            let mut it = s.chars();
            match (it.next(), it.next()) {
                (Some(x), None) => x,
                _ => c,
            }
        })
        .collect()
}

/// Whether `c` is written only in simplified texts: it has a traditional
/// form of its own (门 → 門) and is no traditional character itself (干,
/// also the traditional form in 干涉, is not; nor 峰, the Taiwan form of 峯).
pub fn is_simplified_only(c: char) -> bool {
    thread_local! {
        static CACHE: std::cell::RefCell<HashMap<char, bool>> = std::cell::RefCell::new(HashMap::new());
    }
    is_han(c)
        && CACHE.with(|cache| {
            *cache.borrow_mut().entry(c).or_insert_with(|| {
                // 峰 for 峯, 秘 for 祕: the Taiwan and Hong Kong standard forms are traditional too.
                let t = to_traditional_aligned(&c.to_string());
                t.first().is_some_and(|&t| t != c && !are_variants(c, t)) && simplified_forms(c).is_empty()
            })
        })
}

/// Whether `c` is written only in traditional texts: it has a simplified
/// form of its own (門 → 门) and is no simplified character itself (乾, also
/// simplified in 乾坤, is not).
pub fn is_traditional_only(c: char) -> bool {
    static ALSO_SIMPLIFIED: OnceLock<HashSet<char>> = OnceLock::new();
    let also = ALSO_SIMPLIFIED.get_or_init(|| {
        TS_ONE_TO_MANY
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (t, s) = l.split_once('\t')?;
                let t = t.chars().next()?;
                s.split(' ').any(|x| x.starts_with(t)).then_some(t)
            })
            .collect()
    });
    is_han(c) && to_simplified_aligned(&c.to_string()).first().is_some_and(|&s| s != c) && !also.contains(&c)
}

static ONE_TO_MANY: &str = include_str!("../../data/opencc/one-to-many.tsv");
static TS_ONE_TO_MANY: &str = include_str!("../../data/opencc/ts-one-to-many.tsv");
static VARIANTS: &str = include_str!("../../data/opencc/variants.tsv");

fn one_to_many() -> &'static HashMap<char, Vec<char>> {
    static MAP: OnceLock<HashMap<char, Vec<char>>> = OnceLock::new();
    MAP.get_or_init(|| {
        ONE_TO_MANY
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (s, t) = l.split_once('\t')?;
                Some((s.chars().next()?, t.split(' ').filter_map(|x| x.chars().next()).collect()))
            })
            .collect()
    })
}

/// The traditional forms of a simplified character when there are several
/// (OpenCC's one-to-many mappings: 复 → 復 複 覆), or an empty slice.
pub fn traditional_candidates(simplified: char) -> &'static [char] {
    one_to_many().get(&simplified).map_or(&[], Vec::as_slice)
}

/// The simplified character whose traditional forms include `c` when it
/// has several (覆 → 复, 幹 → 干), or `c` itself: what a naive
/// simplified → traditional conversion may have turned that character into.
pub fn fold_one_to_many(c: char) -> char {
    static MAP: OnceLock<HashMap<char, char>> = OnceLock::new();
    let map = MAP.get_or_init(|| {
        let mut m = HashMap::new();
        for (&s, ts) in one_to_many() {
            for &t in ts {
                m.entry(t).or_insert(s);
            }
        }
        m
    });
    map.get(&c).copied().unwrap_or(c)
}

/// The simplified characters that have `t` among several traditional forms
/// (覆 → 复; 乾 → 干, 乾), or an empty slice.
pub fn simplified_forms(t: char) -> &'static [char] {
    static MAP: OnceLock<HashMap<char, Vec<char>>> = OnceLock::new();
    let map = MAP.get_or_init(|| {
        let mut m: HashMap<char, Vec<char>> = HashMap::new();
        for (&s, ts) in one_to_many() {
            for &t in ts {
                m.entry(t).or_default().push(s);
            }
        }
        m.values_mut().for_each(|v| v.sort_unstable());
        m
    });
    map.get(&t).map_or(&[], Vec::as_slice)
}

/// Whether two traditional characters are variants of each other (著/着, 祕/秘, 臺/台).
pub fn are_variants(a: char, b: char) -> bool {
    static SET: OnceLock<HashSet<(char, char)>> = OnceLock::new();
    let set = SET.get_or_init(|| {
        VARIANTS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (x, y) = l.split_once('\t')?;
                Some((x.chars().next()?, y.chars().next()?))
            })
            .flat_map(|(x, y)| [(x, y), (y, x)])
            .collect()
    });
    set.contains(&(a, b))
}

/// Counts of script-specific characters in a Chinese text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScriptEvidence {
    /// Characters that `t2s` changes: only traditional texts have them.
    pub traditional: usize,
    /// Characters that `s2t` changes: only simplified texts have them.
    pub simplified: usize,
}

impl ScriptEvidence {
    /// The script the counts point to, or `None` when they do not decide.
    pub fn decide(&self) -> Option<Lang> {
        let (t, s) = (self.traditional, self.simplified);
        if t == 0 && s == 0 {
            None
        } else if t > 2 * s {
            Some(Lang::ZhHant)
        } else if s > 2 * t {
            Some(Lang::ZhHans)
        } else {
            None
        }
    }
}

/// Count the characters of `text` that each conversion direction changes.
pub fn script_evidence(text: &str) -> ScriptEvidence {
    let han: String = text.chars().filter(|&c| is_han(c)).collect();
    let orig: Vec<char> = han.chars().collect();
    let count = |conv: String| -> usize {
        let out: Vec<char> = conv.chars().collect();
        if out.len() == orig.len() {
            orig.iter().zip(&out).filter(|(a, b)| a != b).count()
        } else {
            orig.iter().filter(|c| !out.contains(c)).count()
        }
    };
    ScriptEvidence { traditional: count(to_simplified(&han)), simplified: count(to_traditional(&han)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_both_ways() {
        ensure().expect("the bundled converters load");
        assert_eq!(to_simplified("聯合國憲章"), "联合国宪章");
        assert_eq!(to_traditional("联合国宪章"), "聯合國憲章");
        let a = to_simplified_aligned("上合組織，2025年");
        assert_eq!(a.len(), "上合組織，2025年".chars().count());
        assert_eq!(a.iter().collect::<String>(), "上合组织，2025年");
    }

    #[test]
    fn characters_of_one_script_only() {
        assert!(is_simplified_only('门') && is_simplified_only('们'));
        assert!(!is_simplified_only('門') && !is_simplified_only('干') && !is_simplified_only('人'));
        assert!(!is_simplified_only('峰') && !is_simplified_only('群') && !is_simplified_only('秘'));
        assert!(is_traditional_only('門') && is_traditional_only('們'));
        assert!(!is_traditional_only('门') && !is_traditional_only('乾') && !is_traditional_only('人'));
    }

    #[test]
    fn one_to_many_and_variants() {
        assert_eq!(traditional_candidates('复'), &['復', '複', '覆']);
        assert!(traditional_candidates('干').contains(&'幹'));
        assert!(traditional_candidates('人').is_empty());
        assert!(are_variants('着', '著') && are_variants('著', '着'));
        assert!(!are_variants('復', '覆'));
        assert_eq!(to_traditional_aligned("恢复干涉").iter().collect::<String>(), "恢復干涉");
    }

    #[test]
    fn evidence_decides_script() {
        assert_eq!(script_evidence("國際關係").decide(), Some(Lang::ZhHant));
        assert_eq!(script_evidence("国际关系").decide(), Some(Lang::ZhHans));
        assert_eq!(script_evidence("中文人民").decide(), None);
    }
}
