//! Tests of runs read as sums in a prepared band ([`RunDots`]), apart
//! from mod.rs for its length.

use super::*;

/// `n` unit vectors of 16 values, none alike.
fn vectors(n: usize, seed: usize) -> Embedded {
    (0..n).map(|i| normalized((0..16).map(|k| ((i * 7 + k * 3 + seed) % 11) as f32 - 5.0).collect())).collect()
}

/// A band of half-width `w` around the diagonal of 12 × 10 units.
fn band(w: usize) -> Band {
    Band {
        lo: (0..=12).map(|i: usize| (i * 10 / 12).saturating_sub(w)).collect(),
        hi: (0..=12).map(|i: usize| (i * 10 / 12 + w).min(10)).collect(),
        half_width: w,
    }
}

#[test]
fn a_prepared_band_answers_runs_as_the_summed_vectors_do_and_a_wider_one_more() {
    let mut sig = SemanticSignal {
        weight: 1.0,
        src: Windows::of_vectors(vectors(12, 1)),
        tgt: Windows::of_vectors(vectors(10, 4)),
        neighbours: 2,
        hub: None,
        dots: None,
    };
    sig.prepare(&band(1));
    assert!(sig.hub.is_some() && sig.dots.is_none());
    sig.prepare_runs(&band(1));
    let summed = |sig: &SemanticSignal, s: Range<usize>, t: Range<usize>| sig.one(s, t, Windows::summed);
    let from_table = |sig: &SemanticSignal, s: &Range<usize>, t: &Range<usize>| {
        sig.dots.as_ref().and_then(|d| d.cosine(s, t)).is_some()
    };
    let (near, far) = ((4..7, 3..5), (0..3, 6..9));
    assert!(from_table(&sig, &near.0, &near.1) && !from_table(&sig, &far.0, &far.1));
    for (s, t) in [near.clone(), far.clone()] {
        let (got, want) = (sig.similarity_in_run(s.clone(), t.clone()), summed(&sig, s.clone(), t.clone()));
        assert!((got.unwrap_or(-1.0) - want.unwrap_or(-2.0)).abs() < 1e-5, "{s:?} {t:?}: {got:?} against {want:?}");
    }
    // A wider band: the table is made again and answers the far bead too.
    sig.prepare(&band(10));
    assert!(sig.dots.is_none(), "a band's table is dropped when another is prepared");
    sig.prepare_runs(&band(10));
    assert!(from_table(&sig, &far.0, &far.1));
    let (got, want) = (sig.similarity_in_run(far.0.clone(), far.1.clone()), summed(&sig, far.0, far.1));
    assert!((got.unwrap_or(-1.0) - want.unwrap_or(-2.0)).abs() < 1e-5, "{got:?} against {want:?}");
}
