//! Missing words inside a clause: with the sentence-embedding model, the
//! content words of a unit pair are linked to their translations one to one,
//! the words of a phrase together ([`crate::align::words`]); a long enough run of master words with no
//! partner in the version, where the master is not shorter than the length
//! model expects, is content the version lacks (a number found on both
//! sides cuts a run, as a linked word would). This finds a deletion that took only
//! part of a clause, or a clause whose punctuation does not separate it from
//! its neighbour. Words the version adds are not searched this way.
//!
//! Two corrections make the runs follow what the version lacks rather than
//! where the linker gave up. A word whose likely translation sits unused in
//! the version (the order differs past the linker's positional window) is
//! not counted as untranslated. And a word between two untranslated words
//! joins their run unless it holds a partner that no unlinked word could
//! equally take: a repeated word (农产品和食品 … 农产品和食品, one of them
//! deleted) whose link went to the wrong occurrence no longer cuts the run.
//!
//! How long a run must be depends on the evidence around it. The more the
//! master exceeds the length the model expects, the shorter the share of the
//! unit a run needs; in a unit whose other words are nearly all linked, an
//! unlinked stretch is unlikely to be free rendering and a short one counts;
//! a run of several words counts even where the lengths alone show nothing.
//!
//! A name written in transliteration (米爾濟約耶夫) is cut into single
//! characters, too ambiguous to link or to count as words. A stretch of
//! such characters with no translation counts on its own when the version
//! has no name (a capitalised word) that no master word took.

use std::ops::Range;

use crate::align::assoc::Assoc;
use crate::align::linking::Standing;
use crate::align::semantic::Model;
use crate::align::words::standings_of;
use crate::document::Document;
use crate::segment::Span;
use crate::text::normalize;
use crate::text::numbers::{extract, located};
use crate::text::words::{content_words, Word};
use crate::text::Lang;

/// When a run of untranslated words counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunOptions {
    /// Least number of words of two characters or more in the run.
    pub min_words: usize,
    /// Least share of the unit's length (non-space characters) in the run,
    /// where the master is no longer than the length model expects.
    pub min_share: f64,
    /// How much the least share falls for each standard deviation the
    /// master is longer than expected (down to `least_share`).
    pub share_per_sigma: f64,
    /// The least share in any case; it applies as well in a unit whose
    /// other words are nearly all linked (see `clean_background`).
    pub least_share: f64,
    /// Largest share of the unit's other words without translation (outside
    /// the run before it is cut at numbers) for `least_share` to apply
    /// whatever the length.
    pub clean_background: f64,
    /// A word without partner whose similarity to a version word that is
    /// left without partner reaches this is taken as translated there.
    pub free_partner: f32,
    /// Least excess length of the master, in standard deviations of the length model.
    pub min_sigma: f64,
    /// A run of at least this many words of two characters or more ...
    pub strong_words: usize,
    /// ... needs only this excess length (in standard deviations).
    pub strong_sigma: f64,
    /// A name written in transliteration, this many single characters or
    /// more with no translation, counts alone when the other side has no
    /// name left without partner (and the master is `min_sigma` longer than expected).
    pub name_chars: usize,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            min_words: 2,
            min_share: 0.06,
            share_per_sigma: 0.01,
            least_share: 0.03,
            clean_background: 0.2,
            free_partner: 0.55,
            min_sigma: 0.2,
            strong_words: 3,
            strong_sigma: -0.5,
            name_chars: 3,
        }
    }
}

/// Byte spans (in `a`'s document) of runs of words of `a` with no
/// translation in `b`. `excess` is how much longer `a` is than the length
/// model expects, in standard deviations. `None` when the pair has too many
/// words to link ([`crate::align::words::MAX_PAIRS`]).
pub(super) fn untranslated_runs(
    model: &Model,
    a: (&Document, Span),
    b: (&Document, Span),
    excess: f64,
    opts: &RunOptions,
    assoc: Option<&Assoc>,
) -> Option<Vec<Span>> {
    if !opts.may_count(excess) {
        return Some(Vec::new());
    }
    let text = a.1.text(&a.0.text);
    let wa = content_words(text, a.0.lang);
    let text_b = b.1.text(&b.0.text);
    let wb = content_words(text_b, b.0.lang);
    if wa.is_empty() || wb.is_empty() {
        return Some(Vec::new());
    }
    let linked = standings_of(model, (&wa, text), (&wb, text_b), assoc)?;
    let open = without_translation(&linked.rows, opts.free_partner);
    let open_count = open.iter().filter(|&&o| o).count();
    let total = normalize::length(text).max(1) as f64;
    let found = numbers_found(text, a.0.lang, &extract(text_b, b.0.lang));
    let mut out = Vec::new();
    for whole in runs(&open) {
        // The rest of the unit, outside the whole run: its pieces cut at
        // numbers do not count as background for one another.
        let background = (open_count - whole.len()) as f64 / (wa.len() - whole.len()).max(1) as f64;
        for piece in split_at_numbers(whole, &wa, &found) {
            let words = &wa[piece];
            let long = words.iter().filter(|w| w.form.chars().count() >= 2).count();
            let span = Span::new(a.1.start + words[0].bytes.start, a.1.start + words[words.len() - 1].bytes.end);
            let share = normalize::length(span.text(&a.0.text)) as f64 / total;
            if opts.counts(&Run { long, share, background }, excess) {
                out.push(span);
            }
        }
    }
    if excess >= opts.min_sigma && !has_free_name(&wb, text_b, &linked.taken) {
        for group in names(&wa, &open, opts.name_chars) {
            let span = Span::new(a.1.start + wa[group.start].bytes.start, a.1.start + wa[group.end - 1].bytes.end);
            if !out.iter().any(|r| r.start <= span.start && span.end <= r.end) {
                out.push(span);
            }
        }
    }
    Some(out)
}

/// Likely names written in transliteration: stretches of at least
/// `least` single Chinese characters, next to each other in the text,
/// none of them translated (米爾濟約耶夫; the dictionary knows the words of
/// three characters or more that are not names). A space ends a stretch: it
/// stands between a title and a name (總統 米爾濟約耶夫), never inside one.
fn names(words: &[Word], open: &[bool], least: usize) -> Vec<Range<usize>> {
    let single = |k: usize| open[k] && words[k].is_single_char();
    let mut out = Vec::new();
    let mut k = 0;
    while k < words.len() {
        if !single(k) {
            k += 1;
            continue;
        }
        let start = k;
        while k + 1 < words.len() && single(k + 1) && words[k].bytes.end == words[k + 1].bytes.start {
            k += 1;
        }
        k += 1;
        if k - start >= least {
            out.push(start..k);
        }
    }
    out
}

/// Whether the other side has a name no word of the master took (`taken`,
/// word by word): a capitalised word ([`crate::text::is_capitalised`]) of
/// three letters or more, not the first of the unit (which any word may
/// begin).
fn has_free_name(words: &[Word], text: &str, taken: &[bool]) -> bool {
    words.iter().zip(taken).any(|(w, &taken)| {
        !taken
            && w.form.chars().count() >= 3
            && text.get(w.bytes.clone()).is_some_and(crate::text::is_capitalised)
            && text.get(..w.bytes.start).is_some_and(|before| before.chars().any(char::is_alphanumeric))
    })
}

/// What decides whether a run of untranslated words counts.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Run {
    /// Words of two characters or more.
    long: usize,
    /// Share of the unit's length.
    share: f64,
    /// Share of the unit's other words that are untranslated.
    background: f64,
}

impl RunOptions {
    /// Whether any run could count with the master `excess` standard
    /// deviations longer than expected (otherwise words need not be linked).
    fn may_count(&self, excess: f64) -> bool {
        excess >= self.min_sigma.min(self.strong_sigma)
    }

    /// Whether `run` counts as missing content, the master being `excess`
    /// standard deviations longer than the length model expects.
    fn counts(&self, run: &Run, excess: f64) -> bool {
        let long_enough = excess >= self.min_sigma || (run.long >= self.strong_words && excess >= self.strong_sigma);
        let least = (self.min_share - self.share_per_sigma * excess.max(0.0)).max(self.least_share);
        let share_enough =
            run.share >= least || (run.share >= self.least_share && run.background <= self.clean_background);
        run.long >= self.min_words && long_enough && share_enough
    }
}

/// Which words are untranslated, given how they stand after linking: no
/// partner and no close match among the other side's free words
/// (`free_partner`); or, between two such words, any word but one holding
/// a partner no other word could equally take.
fn without_translation(st: &[Standing], free_partner: f32) -> Vec<bool> {
    let alone: Vec<bool> = st.iter().map(|s| s.partner.is_none() && s.best_free < free_partner).collect();
    (0..st.len())
        .map(|i| {
            alone[i]
                || ((st[i].contested || st[i].partner.is_none())
                    && i > 0
                    && i + 1 < st.len()
                    && alone[i - 1]
                    && alone[i + 1])
        })
        .collect()
}

/// Byte offsets in `text` (language `lang`) of the numbers written in
/// digits whose value is among `other` (the numbers of the other side, in
/// any form).
fn numbers_found(text: &str, lang: Lang, other: &[u32]) -> Vec<usize> {
    located(text, lang).into_iter().filter(|n| n.digits && other.contains(&n.value)).map(|n| n.bytes.start).collect()
}

/// The run `run` of `words`, cut wherever a number found on the other side
/// lies between two of its words: a matched number is a link too.
fn split_at_numbers(run: Range<usize>, words: &[Word], found: &[usize]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = run.start;
    for k in run.start + 1..run.end {
        let (gap_start, gap_end) = (words[k - 1].bytes.end, words[k].bytes.start);
        if found.iter().any(|&p| p >= gap_start && p < gap_end) {
            out.push(start..k);
            start = k;
        }
    }
    out.push(start..run.end);
    out
}

/// Maximal ranges of `true` in `open`.
fn runs(open: &[bool]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, &o) in open.iter().chain(std::iter::once(&false)).enumerate() {
        match (o, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_are_maximal_stretches_without_links() {
        assert_eq!(runs(&[false, true, true, false, true]), vec![1..3, 4..5]);
        assert!(runs(&[false, false]).is_empty());
        assert_eq!(runs(&[true]), vec![0..1]);
    }

    fn standing(partner: Option<usize>, contested: bool, best_free: f32) -> Standing {
        Standing { partner, contested, best_free }
    }

    #[test]
    fn words_without_translation_leave_out_free_matches_and_take_in_contested_links() {
        let st = [
            standing(Some(0), false, 0.0),
            standing(None, false, 0.2),
            // Linked, but another word could take its partner, between two untranslated words.
            standing(Some(1), true, 0.0),
            standing(None, false, 0.3),
            // Without partner, but close to a version word nobody took.
            standing(None, false, 0.7),
            // Contested, but its neighbour (above) counts as translated.
            standing(Some(2), true, 0.0),
        ];
        assert_eq!(without_translation(&st, 0.55), [false, true, true, true, false, false]);
        // A free match between two untranslated words does not cut the run.
        let st = [standing(None, false, 0.0), standing(None, false, 0.7), standing(None, false, 0.0)];
        assert_eq!(without_translation(&st, 0.55), [true, true, true]);
        // An uncontested link inside the run cuts it.
        let st = [standing(None, false, 0.0), standing(Some(0), false, 0.0), standing(None, false, 0.0)];
        assert_eq!(without_translation(&st, 0.55), [true, false, true]);
    }

    #[test]
    fn how_much_a_run_needs_depends_on_length_and_background() {
        let o = RunOptions::default();
        let run = |long, share, background| Run { long, share, background };
        // Two words, 6 % of the unit, a master a little longer than expected.
        assert!(o.counts(&run(2, 0.06, 0.5), 0.2));
        assert!(!o.counts(&run(2, 0.05, 0.5), 0.2));
        // 4 % is enough when the master is 2 σ longer than expected, never under 3 %.
        assert!(o.counts(&run(2, 0.04, 0.5), 2.0));
        assert!(!o.counts(&run(2, 0.029, 0.5), 9.0));
        // 3 % is enough where the other words are nearly all linked.
        assert!(o.counts(&run(2, 0.03, 0.1), 0.2));
        assert!(o.may_count(-0.5) && !o.may_count(-0.6));
        // Without excess length only a run of three words or more counts.
        assert!(!o.counts(&run(2, 0.2, 0.0), 0.0));
        assert!(o.counts(&run(3, 0.2, 0.0), -0.4));
        assert!(!o.counts(&run(3, 0.2, 0.0), -0.6));
        // One word is never enough.
        assert!(!o.counts(&run(1, 0.5, 0.0), 3.0));
    }

    #[test]
    fn names_are_stretches_of_untranslated_single_characters() {
        let text = "總統 米爾濟約耶夫和帕哈爾";
        let words = content_words(text, Lang::ZhHant);
        let forms: Vec<&str> = words.iter().map(|w| w.form.as_str()).collect();
        assert_eq!(forms, ["总统", "米", "尔", "济", "约", "耶", "夫", "帕", "哈", "尔"]);
        let mut open = vec![true; words.len()];
        // 和 is a function word: the two names are apart.
        let found: Vec<Range<usize>> = names(&words, &open, 3);
        assert_eq!(found, vec![1..7, 7..10]);
        assert_eq!(names(&words, &open, 4), [Range { start: 1, end: 7 }]);
        // A translated character splits a name.
        open[4] = false;
        assert_eq!(names(&words, &open, 3), vec![1..4, 7..10]);
        // Characters apart in the text are not one name.
        let joined = content_words("米爾濟約耶", Lang::ZhHant);
        assert_eq!(names(&joined, &[true; 5], 4), [Range { start: 0, end: 5 }]);
        let apart = content_words("米爾 濟約耶", Lang::ZhHant);
        assert_eq!(names(&apart, &[true; 5], 3), [Range { start: 2, end: 5 }]);
        assert!(names(&apart, &[true; 5], 4).is_empty());
    }

    #[test]
    fn a_name_without_partner_on_the_other_side_is_a_free_name() {
        let text = "President Sh. Mirziyoyev";
        let words = content_words(text, Lang::En);
        // Mirziyoyev left without partner is a free name; Sh is too short to
        // be one, President begins the unit.
        assert!(has_free_name(&words, text, &[true, true, false]));
        assert!(!has_free_name(&words, text, &[false, false, true]));
        // An acronym is no name.
        let text = "The SCO summit";
        assert!(!has_free_name(&content_words(text, Lang::En), text, &[false, false]));
        // Lower case words are no names.
        let text = "the president said";
        assert!(!has_free_name(&content_words(text, Lang::En), text, &[false, false]));
    }

    #[test]
    fn a_number_found_on_the_other_side_cuts_a_run() {
        let text = "會議（2025年3月10日，維也納）舉行";
        let words = content_words(text, Lang::ZhHant);
        let forms: Vec<&str> = words.iter().map(|w| w.form.as_str()).collect();
        assert_eq!(forms, ["会议", "维也纳", "举行"]);
        // 2025 and 10 are in the other side, 3 is not.
        let found = numbers_found(text, Lang::ZhHant, &[2025, 10]);
        assert_eq!(found.iter().map(|&p| &text[p..p + 2]).collect::<Vec<_>>(), ["20", "10"]);
        assert_eq!(split_at_numbers(0..3, &words, &found), vec![0..1, 1..3]);
        // No number on the other side: the run stays whole.
        assert_eq!(split_at_numbers(0..3, &words, &numbers_found(text, Lang::ZhHant, &[7])), vec![0..3]);
    }
}
