//! How surprising it is that a candidate's words go untranslated, given
//! how this translation renders the same words elsewhere. Each content
//! word (by its form) is translated in the document's other places at a
//! rate; a word the translation renders wherever else it stands and that
//! has no translation here says more than one it often leaves out (a free
//! translation leaves out many, a close one few). The rate is estimated
//! from the word's other occurrences (its own left out), drawn toward the
//! side's rate over all words by a prior ([`SurprisePrior`]). A word the
//! side writes nowhere else says nothing: how the document renders it is
//! not known.
//! The feature is `surprise`.

use std::collections::HashMap;

use crate::error::{Error, ErrorKind, Result};

/// A content word's form, and whether the other side translates it.
pub type Said = (String, bool);

/// The weight of the side's rate in a word's rate, in occurrences (a
/// Beta prior of that strength centred on the side's rate): a number from
/// 0 to 1000.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SurprisePrior(f64);

impl SurprisePrior {
    /// The prior `check` uses, which the bundled weights are learnt with:
    /// two occurrences (docs/diff.md, "Words the document translates
    /// elsewhere"; the trainer's `--surprise-prior` learns with another).
    pub const BUILT_IN: SurprisePrior = SurprisePrior(2.0);

    /// A prior worth `occurrences`; an error unless it is a number from 0 to 1000.
    pub fn new(occurrences: f64) -> Result<SurprisePrior> {
        if occurrences.is_finite() && (0.0..=1000.0).contains(&occurrences) {
            Ok(SurprisePrior(occurrences))
        } else {
            let msg = format!("surprise prior {occurrences}: a number of occurrences from 0 to 1000 is expected");
            Err(Error::new(ErrorKind::InvalidOption, msg))
        }
    }

    /// Its weight, in occurrences.
    pub fn occurrences(self) -> f64 {
        self.0
    }
}

/// A rate is read within this distance of 0 and 1: a word never left out
/// elsewhere is not certain to be translated here.
const LEAST_RATE: f64 = 0.01;

/// How often each word of one side of a pairing is translated.
#[derive(Debug, Default)]
pub(super) struct Rates {
    /// Per form: occurrences, and those translated.
    words: HashMap<String, (u32, u32)>,
    /// Over all words: occurrences, and those translated.
    all: (u64, u64),
}

impl Rates {
    /// Count the words of one piece.
    pub(super) fn count(&mut self, words: &[Said]) {
        for (form, translated) in words {
            let e = self.words.entry(form.clone()).or_default();
            e.0 += 1;
            e.1 += u32::from(*translated);
            self.all.0 += 1;
            self.all.1 += u64::from(*translated);
        }
    }

    /// ln(1 + the sum over the untranslated words of `words` that the side
    /// also writes elsewhere of −ln(1 − rate)), the rate at which the word
    /// is translated outside
    /// `words` (the candidate's own occurrences left out), drawn toward the
    /// side's rate by a prior worth `prior` occurrences: how surprising the
    /// words left out are if the candidate were translated as the rest of
    /// the document is. A side without words says nothing (0).
    pub(super) fn surprise(&self, words: &[Said], prior: SurprisePrior) -> f64 {
        if self.all.0 == 0 {
            return 0.0;
        }
        let prior = prior.occurrences();
        let side = self.all.1 as f64 / self.all.0 as f64;
        let mut own: HashMap<&str, (u32, u32)> = HashMap::new();
        for (form, translated) in words {
            let e = own.entry(form.as_str()).or_default();
            e.0 += 1;
            e.1 += u32::from(*translated);
        }
        // −ln(1 − rate) of a word left untranslated here, from its rate
        // elsewhere; none for a word the side writes nowhere else.
        let gap = |form: &str| {
            let (n, c) = self.words.get(form).copied().unwrap_or_default();
            let (m, d) = own.get(form).copied().unwrap_or_default();
            let (n, c) = (n.saturating_sub(m), c.saturating_sub(d));
            (n > 0).then(|| {
                let rate = (f64::from(c) + prior * side) / (f64::from(n) + prior);
                -(1.0 - rate.clamp(LEAST_RATE, 1.0 - LEAST_RATE)).ln()
            })
        };
        words.iter().filter(|(_, translated)| !translated).filter_map(|(form, _)| gap(form)).sum::<f64>().ln_1p()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(words: &[(&str, bool)]) -> Vec<Said> {
        words.iter().map(|&(w, t)| (w.to_string(), t)).collect()
    }

    #[test]
    fn a_word_translated_everywhere_else_surprises_more_than_one_often_left_out() {
        let mut r = Rates::default();
        // "always" is translated in its three other places, "often" in one of three.
        for piece in [
            [("always", true), ("often", false)],
            [("always", true), ("often", false)],
            [("always", true), ("often", true)],
        ] {
            r.count(&said(&piece));
        }
        let here = said(&[("always", false), ("often", false)]);
        r.count(&here);
        let always = r.surprise(&said(&[("always", false)]), SurprisePrior::BUILT_IN);
        let often = r.surprise(&said(&[("often", false)]), SurprisePrior::BUILT_IN);
        assert!(always > often && often > 0.0, "{always} {often}");
        // Both left out say more than either.
        assert!(r.surprise(&here, SurprisePrior::BUILT_IN) > always);
        // Words translated here, or no words, say nothing.
        assert_eq!(r.surprise(&said(&[("always", true)]), SurprisePrior::BUILT_IN), 0.0);
        assert_eq!(r.surprise(&[], SurprisePrior::BUILT_IN), 0.0);
        // Without a prior, a word translated in all its other places is
        // read at the highest rate; one seen nowhere else says nothing.
        let none = SurprisePrior::new(0.0).expect("a prior");
        let (bare, unseen) =
            (r.surprise(&said(&[("always", false)]), none), r.surprise(&said(&[("new", false)]), none));
        assert!((bare - (-(LEAST_RATE).ln()).ln_1p()).abs() < 1e-9, "{bare}");
        assert_eq!(unseen, 0.0);
    }

    #[test]
    fn a_prior_must_be_a_number_from_0_to_1000() {
        for bad in [-1.0, f64::NAN, f64::INFINITY, 1e9] {
            assert!(SurprisePrior::new(bad).is_err(), "{bad}");
        }
        for good in [0.0, 2.0, 1000.0] {
            assert_eq!(SurprisePrior::new(good).expect("a prior").occurrences(), good);
        }
    }

    #[test]
    fn the_bundled_weights_are_learnt_with_the_built_in_prior() {
        let said = format!("--surprise-prior {} ", SurprisePrior::BUILT_IN.occurrences());
        let m = super::super::model::OmissionModel::bundled().expect("bundled weights");
        assert!(m.provenance.contains(&said), "{said} not in {}", m.provenance);
    }

    #[test]
    fn every_occurrence_inside_the_candidate_is_left_out_of_the_rate() {
        let mut r = Rates::default();
        // "twice" is translated in one other place, and left out twice in the candidate.
        r.count(&said(&[("twice", true)]));
        let cand = said(&[("twice", false), ("twice", false)]);
        r.count(&cand);
        let bare = r.surprise(&cand, SurprisePrior::new(0.0).expect("a prior"));
        let each = -LEAST_RATE.ln();
        assert!((bare - (2.0 * each).ln_1p()).abs() < 1e-9, "{bare}");
    }

    #[test]
    fn the_occurrence_scored_is_left_out_of_its_own_rate() {
        let mut r = Rates::default();
        r.count(&said(&[("once", false), ("other", true)]));
        // "once" has no other occurrence: it says nothing (its own 0 is not its rate).
        assert_eq!(r.surprise(&said(&[("once", false)]), SurprisePrior::BUILT_IN), 0.0);
        // Seen once more, translated there: the rate of that one, drawn
        // toward the side's (2 of 3 words translated) by the prior of 2.
        r.count(&said(&[("once", true)]));
        let s = r.surprise(&said(&[("once", false)]), SurprisePrior::BUILT_IN);
        let rate: f64 = (1.0 + 2.0 * 2.0 / 3.0) / (1.0 + 2.0);
        assert!((s - (-(1.0 - rate).ln()).ln_1p()).abs() < 1e-9, "{s} against rate {rate}");
    }
}
