//! Costs and weights learnt for a kind of language pair, where gold
//! alignments of that kind allow: a structured perceptron
//! (`clausediff train-align`) on every document of the kind, its figures
//! cross-validated by document (each document aligned with the values
//! learnt without it). Other pairs keep the built-in values, a shared
//! default chosen on all the corpora. A value the user sets (`--set`)
//! wins over the pair's.

use super::{learn, AlignOptions};
use crate::text::Family;
use crate::Lang;

/// Values learnt, chosen or counted for one kind of pair, with the
/// sentence encoder.
pub struct Learnt {
    /// The kind of pair: the families of the two sides, either way round;
    /// the values of [`ORIENTED`] keys are for a source of the first
    /// family, and change sign for the pair the other way round.
    pub families: (Family, Family),
    /// Each parameter's `--set` key and its value.
    pub values: &'static [(&'static str, f64)],
    /// Where the values come from.
    pub provenance: &'static str,
}

/// The pairs with values of their own.
///
/// Two languages the program has no profile of (German and French come
/// here): learnt on the seven Text+Berg documents (de→fr, ../shared/data)
/// by `scripts/train-align-pairs.sh` (`train-align`, 5 epochs, rate
/// 0.02), with runs of three and four units embedded from their units'
/// own pass, gold beads of a shape the search does not make left out,
/// edge units weighed by where they belong (`attach`), under the settings
/// below. Each document aligned with the values learnt on the six others
/// gives a strict F1 of 0.9283 over the seven, against 0.9230 with the
/// built-in values under the same settings. Four settings are chosen for
/// the pair on the same documents held out, not learnt:
/// - the hubness of a cosine measured on one nearest unit (`hubness` 1,
///   4 in the shared default, where MAC-Dev loses 0.016 with 1): every
///   fold of `scripts/choose-param.py --only textberg` chooses it, also
///   with the path below chosen with it (held out 0.9220 over both,
///   against 0.9161 with 4, the values learnt under 4);
/// - merged beads weighed by their dilution (the fit of `train-skips`,
///   [`super::dilution`]; off in the shared default), which raised that
///   figure with the cheapest path from 0.9047 to 0.9072;
/// - beads of at most four units with two or more a side (2-2;
///   `max_bead_total` 4, where the shared default is 5): learnt with 2-3
///   and 3-2 allowed, the pair scored 0.9054 held out (0.9065 with the
///   built-in values), so `merge_wide` is not shipped either;
/// - the path of maximum expected accuracy (`mea_threshold` 0.2, the
///   cheapest path in the shared default), which five of the seven folds
///   choose and the two others take at 0.1 (with the values learnt again,
///   0.1 and 0.2 tie).
///
/// The perceptron learns under them all and compares the gold with the
/// cheapest path; with its values every fold keeps each setting (and six
/// of seven the shared slope of the skip evidence, docs/accuracy.md).
///
/// Chinese–English takes no learnt values: those learnt on MAC-Dev's
/// chapters and the Tianjin gold score 0.9097 by chapter against 0.9096
/// with the built-in ones, a tie. It takes one setting, counted on the
/// same gold: which side a unit alone is likelier on ([`ZH_EN_SIDE`]).
pub const LEARNT: &[Learnt] = &[Learnt {
    families: (Family::Other, Family::Other),
    values: &[
        ("skip", 7.459),
        ("merge2", 1.022),
        ("merge22", 4.189),
        ("merge3", 2.008),
        ("merge4", 3.013),
        ("length", 0.300),
        ("attach", 8.022),
        ("numbers", 1.514),
        ("marks", 0.503),
        ("cognates", 1.016),
        ("semantic", 6.122),
        ("hubness", 1.0),
        ("max_bead_total", 4.0),
        ("dilution_slope", super::dilution::DILUTION_SLOPE),
        ("dilution_centre", super::dilution::DILUTION_CENTRE),
        ("mea_threshold", 0.2),
    ],
    provenance: "train-align and held-out choices on Text+Berg de→fr, 7 documents",
}, Learnt {
    families: (Family::Chinese, Family::English),
    values: &[("skip_side", ZH_EN_SIDE)],
    provenance: "the units alone on each side of the Chinese–English gold: MAC-Dev zh→en and the Tianjin zh-Hant→en sentences",
}];

/// The keys whose values belong to a direction: a source of the first of
/// [`Learnt::families`]; for the pair the other way round they change sign.
pub const ORIENTED: &[&str] = &["skip_side"];

/// `skip_side` for Chinese source and English target: [`side_prior`] of
/// the units alone on each side of the Chinese–English gold, MAC-Dev's six
/// chapters (6 Chinese sentences alone, no English one) and the Tianjin
/// sentence gold of zh-Hant→en (7, none): ½ ln(14 / 1). A translation
/// leaves a sentence of its original out far more often than it adds one,
/// and in all that gold the Chinese text is the original: the value
/// assumes so. With English as the source it changes sign, so that the
/// alignment does not depend on the order of the two texts; for a Chinese
/// translation of an English original, where the prior points the wrong
/// way, `--set skip_side=0` turns it off.
/// Held out by chapter (the prior counted without the chapter scored)
/// MAC-Dev finds half its six omissions with no more than twice as many
/// marked (docs/accuracy.md, "Which side a unit alone is on"); a test
/// counts the gold again.
pub const ZH_EN_SIDE: f64 = 1.3195;

/// Half the log-odds of a unit alone on the source side against one alone
/// on the target side, from the counts of each in a kind of pair's gold,
/// each count plus one: the `skip_side` that sets the two sides' skip
/// costs (in nats, at temperature 1) apart as their frequencies are.
pub fn side_prior(src_alone: usize, tgt_alone: usize) -> f64 {
    0.5 * ((src_alone as f64 + 1.0) / (tgt_alone as f64 + 1.0)).ln()
}

/// The learnt values for a pair of texts in `src` and `tgt`, if any.
pub fn learnt_for(src: Lang, tgt: Lang) -> Option<&'static Learnt> {
    let (a, b) = (src.family(), tgt.family());
    LEARNT.iter().find(|l| l.families == (a, b) || l.families == (b, a))
}

/// Whether the pair `src`, `tgt` is `l`'s kind the other way round (its
/// [`ORIENTED`] values then change sign).
pub fn reversed(l: &Learnt, src: Lang, tgt: Lang) -> bool {
    let (a, b) = l.families;
    a != b && (src.family(), tgt.family()) == (b, a)
}

/// Put the learnt values of the pair `src`, `tgt` into `o`: only with the
/// sentence encoder (they were learnt with it), never over a value the
/// user set, never when `o` asks for the built-in values.
pub fn apply(o: &mut AlignOptions, src: Lang, tgt: Lang) {
    if let Some(l) = applying(o, src, tgt) {
        put(o, l, reversed(l, src, tgt));
    }
}

/// The note of an alignment of a pair that takes learnt values
/// ([`apply`] under `o`), saying which and from where.
pub fn note(o: &AlignOptions, src: Lang, tgt: Lang) -> Option<String> {
    let l = applying(o, src, tgt)?;
    let own: Vec<&str> = taken(o, l, false).map(|(k, _)| k).collect();
    (!own.is_empty()).then(|| {
        format!("values learnt or chosen for this kind of language pair ({}): {}", l.provenance, own.join(", "))
    })
}

/// The learnt values `o` takes for the pair `src`, `tgt`: with the
/// sentence encoder only, and not when `o` asks for the built-in values.
fn applying(o: &AlignOptions, src: Lang, tgt: Lang) -> Option<&'static Learnt> {
    learnt_for(src, tgt).filter(|_| !o.builtin_costs && o.model.is_some())
}

/// The values of `l` that `o` takes: those the user did not set; with
/// `flip` (the pair the other way round) the [`ORIENTED`] ones change sign.
fn taken<'a>(o: &'a AlignOptions, l: &'static Learnt, flip: bool) -> impl Iterator<Item = (&'static str, f64)> + 'a {
    let oriented = move |k: &str, v: f64| if flip && ORIENTED.contains(&k) { -v } else { v };
    l.values.iter().map(move |&(k, v)| (k, oriented(k, v))).filter(move |(k, _)| !o.user_set.iter().any(|u| u == k))
}

/// Put the values of `l` into `o`, but for those the user set: the
/// parameters `train-align` learns ([`learn::PARAMS`]) through its
/// weights, the settings chosen for the pair (the hubness's neighbours,
/// bead shapes, dilution, the path of maximum expected accuracy, the
/// side prior) as `--set` puts them.
fn put(o: &mut AlignOptions, l: &'static Learnt, flip: bool) {
    let mut theta = learn::theta_of(o);
    let mut chosen = Vec::new();
    for (key, value) in taken(o, l, flip) {
        match learn::PARAMS.iter().position(|p| *p == key) {
            Some(k) => theta[k] = value,
            None => chosen.push((key, value)),
        }
    }
    *o = learn::with_theta(o, &theta);
    for (key, value) in chosen {
        // Every key of the table is a parameter, its value in range (a
        // test checks it).
        let _ = o.put(key, value);
    }
}

/// The settings chosen for the pair `src`, `tgt` (those of its values
/// `train-align` does not learn: the search its values are learnt
/// under), put into `o` but for those the user set, whatever the model
/// and the built-in values; the keys put.
pub fn apply_chosen(o: &mut AlignOptions, src: Lang, tgt: Lang) -> Vec<&'static str> {
    let Some(l) = learnt_for(src, tgt) else { return Vec::new() };
    let chosen: Vec<(&str, f64)> =
        taken(o, l, reversed(l, src, tgt)).filter(|(k, _)| !learn::PARAMS.contains(k)).collect();
    chosen.into_iter().filter(|&(k, v)| o.put(k, v).is_ok()).map(|(k, _)| k).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_is_an_alignment_parameter_in_its_range_and_not_the_user_s() {
        for l in LEARNT {
            for (key, value) in l.values {
                let mut o = AlignOptions::default();
                assert!(o.put(key, *value).is_ok(), "{key} = {value} is a --set parameter in its range");
                // Where it lands is the parameter table's (src/params.rs tests).
                assert!(o.user_set.is_empty(), "{key}");
            }
        }
    }

    #[test]
    fn every_key_of_a_direction_is_a_set_parameter_some_kind_ships() {
        for key in ORIENTED {
            assert!(AlignOptions::default().set(key, 1.0).is_ok(), "{key}");
            assert!(LEARNT.iter().any(|l| l.values.iter().any(|(k, _)| k == key)), "{key}");
        }
    }

    #[test]
    fn the_chosen_settings_go_in_without_the_learnt_values_and_the_user_wins() {
        let mut o = AlignOptions { builtin_costs: true, ..AlignOptions::default() };
        o.set("dilution_slope", 2.0).expect("a parameter");
        let put = apply_chosen(&mut o, Lang::Other, Lang::Other);
        assert_eq!(put, vec!["hubness", "max_bead_total", "dilution_centre", "mea_threshold"]);
        assert_eq!((o.costs.max_bead_total, o.costs.dilution_slope, o.costs.mea_threshold), (4, 2.0, 0.2));
        assert_eq!(o.weights.hubness, 1);
        assert_eq!(o.costs.dilution_centre, super::super::dilution::DILUTION_CENTRE);
        // The learnt values stay out.
        assert_eq!(o.costs.skip, AlignOptions::default().costs.skip);
        assert_eq!(apply_chosen(&mut o, Lang::ZhHant, Lang::En), vec!["skip_side"]);
        assert_eq!(o.costs.skip_side, ZH_EN_SIDE);
    }

    #[test]
    fn only_the_pair_s_kind_with_the_encoder_takes_them_and_the_user_wins() {
        // Without the encoder: the built-in values, and no note.
        let mut o = AlignOptions::default();
        let before = o.clone();
        apply(&mut o, Lang::Other, Lang::Other);
        assert_eq!(o, before);
        assert_eq!(note(&o, Lang::Other, Lang::Other), None);
        assert!(learnt_for(Lang::Other, Lang::Other).is_some());
        assert!(learnt_for(Lang::Ru, Lang::En).is_none());
        assert!(learnt_for(Lang::En, Lang::Other).is_none());
        // The learnt values go in, but for one the user set.
        o.set("skip", 3.0).expect("a parameter");
        put(&mut o, &LEARNT[0], false);
        assert_eq!(o.costs.skip, 3.0);
        let learnt = |key: &str| LEARNT[0].values.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
        assert_eq!(Some(o.weights.semantic), learnt("semantic"));
        assert_eq!(Some(o.costs.merge2), learnt("merge2"));
        assert_eq!(Some(o.costs.max_bead_total as f64), learnt("max_bead_total"));
        assert_ne!(AlignOptions::default().costs.max_bead_total, o.costs.max_bead_total);
    }

    #[test]
    fn a_direction_s_value_changes_sign_for_the_pair_the_other_way_round() {
        let mut zh_en = AlignOptions { builtin_costs: true, ..AlignOptions::default() };
        let mut en_zh = zh_en.clone();
        apply_chosen(&mut zh_en, Lang::ZhHans, Lang::En);
        apply_chosen(&mut en_zh, Lang::En, Lang::ZhHant);
        const { assert!(ZH_EN_SIDE > 0.0) };
        assert_eq!((zh_en.costs.skip_side, en_zh.costs.skip_side), (ZH_EN_SIDE, -ZH_EN_SIDE));
        // A kind whose two sides are of one family has no direction.
        let other = learnt_for(Lang::Other, Lang::Other).expect("a kind");
        assert!(!reversed(other, Lang::Other, Lang::Other));
        // The path the encoder takes puts it the same way; the user wins.
        let zh = learnt_for(Lang::En, Lang::ZhHant).expect("a kind");
        assert!(reversed(zh, Lang::En, Lang::ZhHant) && !reversed(zh, Lang::ZhHant, Lang::En));
        let mut o = AlignOptions::default();
        put(&mut o, zh, true);
        assert_eq!(o.costs.skip_side, -ZH_EN_SIDE);
        o.set("skip_side", 0.5).expect("a parameter");
        put(&mut o, zh, false);
        assert_eq!(o.costs.skip_side, 0.5);
    }

    #[test]
    fn the_side_prior_is_half_the_log_odds_of_the_smoothed_counts() {
        assert_eq!(side_prior(3, 3), 0.0);
        assert!((side_prior(13, 0) - ZH_EN_SIDE).abs() < 5e-5);
        assert!((side_prior(0, 13) + ZH_EN_SIDE).abs() < 5e-5);
        assert!((side_prior(6, 2) - 0.5 * (7.0f64 / 3.0).ln()).abs() < 1e-12);
    }
}
