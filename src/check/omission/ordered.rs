//! Two versions in one language compared in order: which of a side's
//! grams (character bigrams of Chinese, words of any other language) an
//! in-order diff against the other side keeps.
//!
//! Whether the other side merely holds a gram somewhere says little when
//! the gram is said twice: 本宣言 and 任何 stand in both clauses of
//! 本宣言的任何條文，不得解釋為默許任何國家…本宣言所載的任何權利, so the first
//! clause's bigrams are all held by the second's when a version loses it.
//! An in-order diff pairs each occurrence with at most one on the other
//! side, in order, as `diff` does.

use std::ops::Range;
use std::time::{Duration, Instant};

use crate::text::normalize;
use crate::Lang;
use similar::{capture_diff_slices_deadline, Algorithm, DiffOp};

/// Longest a diff of two sides may take; past it the diff is coarser
/// (fewer grams kept), never wrong about a gram it keeps.
const DEADLINE: Duration = Duration::from_millis(200);

/// The grams of one side, in order, each with the bytes it spans.
pub struct Grams {
    keys: Vec<String>,
    spans: Vec<Range<usize>>,
}

impl Grams {
    /// The grams of `text`: for Chinese, bigrams of its letters and digits
    /// folded to one script (恢覆 and 恢復 alike, [`normalize::loose_chars`]);
    /// for any other language, its words in lower case.
    pub fn of(text: &str, lang: Lang) -> Grams {
        let starts: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
        let folded = normalize::loose_chars(text, lang);
        let letters: Vec<usize> = (0..folded.len()).filter(|&k| folded[k].is_alphanumeric()).collect();
        // The bytes of characters `a` to `b`, both included.
        let span = |a: usize, b: usize| starts[a]..starts.get(b + 1).copied().unwrap_or(text.len());
        let runs = if lang.is_chinese() { bigrams(&letters) } else { words(&letters) };
        let keys = runs.iter().map(|r| r.iter().map(|&k| folded[k]).collect()).collect();
        let spans = runs.iter().map(|r| span(r[0], r[r.len() - 1])).collect();
        Grams { keys, spans }
    }
}

/// Each two neighbouring letters (positions of characters that are letters or digits).
fn bigrams(letters: &[usize]) -> Vec<Vec<usize>> {
    letters.windows(2).map(<[usize]>::to_vec).collect()
}

/// Runs of consecutive letters (positions of characters that are letters or digits).
fn words(letters: &[usize]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    for &k in letters {
        match out.last_mut() {
            Some(w) if w.last().is_some_and(|&l| l + 1 == k) => w.push(k),
            _ => out.push(vec![k]),
        }
    }
    out
}

/// A side's grams and whether the in-order diff keeps each.
pub struct InOrder {
    grams: Grams,
    kept: Vec<bool>,
}

impl InOrder {
    /// The grams of `mine` diffed in order against those of `other`, each
    /// text with its language.
    pub fn of(mine: (&str, Lang), other: (&str, Lang)) -> InOrder {
        let (grams, theirs) = (Grams::of(mine.0, mine.1), Grams::of(other.0, other.1));
        let mut kept = vec![false; grams.keys.len()];
        let deadline = Instant::now() + DEADLINE;
        for op in capture_diff_slices_deadline(Algorithm::Myers, &grams.keys, &theirs.keys, Some(deadline)) {
            if let DiffOp::Equal { old_index, len, .. } = op {
                kept[old_index..old_index + len].iter_mut().for_each(|k| *k = true);
            }
        }
        InOrder { grams, kept }
    }

    /// Whether the diff keeps each gram inside bytes `range`, in order.
    pub fn kept_within(&self, range: &Range<usize>) -> Vec<bool> {
        let inside = |s: &Range<usize>| s.start >= range.start && s.end <= range.end;
        self.grams.spans.iter().zip(&self.kept).filter(|(s, _)| inside(s)).map(|(_, &k)| k).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clause_whose_words_the_rest_repeats_is_not_kept_when_lost() {
        let master = "本宣言的任何條文，不得解釋為默許任何國家有權破壞本宣言所載的任何權利。";
        let version = "不得解释为默许任何国家有权破坏本宣言所载的任何权利。";
        let first = 0..master.find('，').expect("a comma") + '，'.len_utf8();
        let o = InOrder::of((master, Lang::ZhHant), (version, Lang::ZhHans));
        let first_kept = o.kept_within(&first);
        assert!(first_kept.len() == 7 && first_kept.iter().all(|&k| !k), "{first_kept:?}");
        let rest = first.end..master.len();
        assert!(o.kept_within(&rest).iter().all(|&k| k));
        // Held anywhere, every bigram of the first clause but 的任 and 何條
        // would count as kept.
        let theirs = Grams::of(version, Lang::ZhHans);
        let set: std::collections::HashSet<&String> = theirs.keys.iter().collect();
        let anywhere = Grams::of(&master[first.clone()], Lang::ZhHant).keys.iter().filter(|k| set.contains(k)).count();
        assert!(anywhere >= 3, "{anywhere}");
    }

    #[test]
    fn words_are_diffed_in_order_and_script_variants_are_alike() {
        let en = |t| (t, Lang::En);
        let o = InOrder::of(en("Everyone has the right to life, and everyone has rights."), en("Everyone has rights."));
        // "Everyone has" is kept once: the second occurrence or the first, not both.
        let (first, second) = (o.kept_within(&(0..12)), o.kept_within(&(36..48)));
        assert_eq!((first.len(), second.len()), (2, 2));
        let kept = first.iter().chain(&second).filter(|&&k| k).count();
        assert_eq!(kept, 2, "{first:?} {second:?}");
        let o = InOrder::of(("恢覆和平", Lang::ZhHant), ("恢复和平", Lang::ZhHans));
        assert_eq!(o.kept_within(&(0.."恢覆和平".len())), [true; 3]);
        assert!(o.kept_within(&(0..0)).is_empty());
    }
}
