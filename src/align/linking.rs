//! One-to-one links between the words of two texts, from a matrix of word
//! similarities: competitive linking (the most similar pair first, then the
//! best pair among the words still free), optionally kept near the
//! diagonal that confident links draw. A word's translation lies near the
//! translations of its neighbours, so a word is only linked inside the
//! stretch of the other text spanned by the partners of the nearest
//! confident links before and after it. A deleted clause thus cannot borrow
//! the partners of a repeated word elsewhere in the sentence.
//!
//! Optionally, the words of a phrase link together: a word standing next to
//! a linked word joins that word's partner when it is close enough to it
//! (United Nations ↔ 联合国, 坚决 反对 ↔ oppose). Otherwise the second word
//! of the phrase stays free and draws a weak link from an unrelated word,
//! which then passes for translated.

use std::ops::RangeInclusive;

/// Similarities of every word of one text (rows) to every word of the other (columns).
#[derive(Debug, Clone, PartialEq)]
pub struct Sims {
    rows: usize,
    cols: usize,
    values: Vec<f32>,
}

impl Sims {
    /// The matrix `f(i, j)` for `rows` × `cols` words.
    pub fn new(rows: usize, cols: usize, f: impl Fn(usize, usize) -> f32) -> Sims {
        let cells = rows.checked_mul(cols).expect("callers bound the number of word pairs");
        let mut values = Vec::with_capacity(cells);
        for i in 0..rows {
            values.extend((0..cols).map(|j| f(i, j)));
        }
        Sims { rows, cols, values }
    }

    /// The number of row words and of column words.
    pub fn shape(&self) -> (usize, usize) {
        (self.rows, self.cols)
    }

    /// The similarity of row word `i` to column word `j`.
    pub fn get(&self, i: usize, j: usize) -> f32 {
        self.values[i * self.cols + j]
    }
}

/// How words are linked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinkOptions {
    /// Least similarity of a link.
    pub floor: f32,
    /// Least similarity of a confident link (an anchor of the diagonal).
    pub anchor: f32,
    /// How much an anchor must beat every other pair of its row and column.
    pub anchor_margin: f32,
    /// Slack around the stretch the neighbouring anchors allow, as a share
    /// of the other text's words (at least two words).
    pub slack: f32,
    /// Keep links near the anchors' diagonal (otherwise plain competitive linking).
    pub positional: bool,
}

impl Default for LinkOptions {
    fn default() -> Self {
        LinkOptions { floor: 0.35, anchor: 0.65, anchor_margin: 0.05, slack: 0.2, positional: true }
    }
}

/// The links between the row words and the column words.
#[derive(Debug, Clone, PartialEq)]
pub struct Links {
    /// For each row word, the column word it is linked to.
    pub partner: Vec<Option<usize>>,
    /// For each column word, whether a row word is linked to it (itself
    /// or, for a word of a phrase, a neighbour).
    pub taken: Vec<bool>,
}

/// Link the row words to the column words, one to one or, with
/// `phrases`, the words of a phrase together. `floor_of(i, j)` may raise
/// the floor for a pair (for unreliable words).
pub fn link(s: &Sims, opts: &LinkOptions, floor_of: impl Fn(usize, usize) -> f32, phrases: Option<&Phrases>) -> Links {
    let ok = |i: usize, j: usize| s.get(i, j) >= opts.floor.max(floor_of(i, j));
    if !opts.positional {
        return competitive(s, phrases, ok, ok);
    }
    let anchors = anchors(s, opts);
    let windows = windows(&anchors, s.cols, opts.slack);
    // A word joining its neighbour's link needs no window of its own: the
    // neighbour's link keeps it in place (an anchor's window is one column).
    competitive(s, phrases, |i, j| ok(i, j) && windows[i].contains(&j), ok)
}

/// Which words stand next to each other in their text (nothing but spaces
/// between them), and how close a word must be to the partner of its
/// neighbour to join that link as part of one phrase.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Phrases {
    /// Least similarity to join a neighbour's link.
    pub min: f32,
    /// Row words `k` and `k + 1` are neighbours (`rows[k]`).
    pub rows: Vec<bool>,
    /// Column words `k` and `k + 1` are neighbours (`cols[k]`).
    pub cols: Vec<bool>,
}

/// How a row word stands after linking.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Standing {
    /// The column word it is linked to.
    pub partner: Option<usize>,
    /// Its best similarity to a column word that no row word is linked to.
    pub best_free: f32,
    /// The similarity of its link (0 without a partner).
    pub sim: f32,
}

/// How each row word of `s` stands after the links `links` (from [`link`],
/// with the same `floor_of`: a pair below its floor could not have been
/// linked, so it does not count as a free match).
pub fn standings(s: &Sims, links: &Links, floor_of: impl Fn(usize, usize) -> f32) -> Vec<Standing> {
    debug_assert_eq!(links.partner.len(), s.rows);
    let linkable = |i: usize, j: usize| s.get(i, j) >= floor_of(i, j);
    let taken = &links.taken;
    links
        .partner
        .iter()
        .enumerate()
        .map(|(i, &partner)| Standing {
            partner,
            best_free: (0..s.cols).filter(|&j| !taken[j] && linkable(i, j)).map(|j| s.get(i, j)).fold(0.0, f32::max),
            sim: partner.map_or(0.0, |j| s.get(i, j)),
        })
        .collect()
}

/// Competitive linking over the pairs `allowed` admits. With `phrases`, a
/// pair (that `joinable` admits) whose row word is linked and whose column
/// word is free and next to the row's columns, or the other way round,
/// joins that link when it reaches the phrases' similarity: the words of a
/// phrase rendered by one word (United Nations ↔ 联合国) are taken together,
/// and the second word of the phrase is no longer free to link to an
/// unrelated word. A pair that is not next to the link yet is tried again
/// whenever the link grows (Shanghai Cooperation Organisation: Cooperation
/// joins after Organisation, then Shanghai).
fn competitive(
    s: &Sims,
    phrases: Option<&Phrases>,
    allowed: impl Fn(usize, usize) -> bool,
    joinable: impl Fn(usize, usize) -> bool,
) -> Links {
    let join_min = phrases.map_or(f32::INFINITY, |p| p.min);
    let mut pairs: Vec<(f32, usize, usize)> = Vec::new();
    for i in 0..s.rows {
        for j in 0..s.cols {
            let v = s.get(i, j);
            if allowed(i, j) || (v >= join_min && joinable(i, j)) {
                pairs.push((v, i, j));
            }
        }
    }
    pairs.sort_by(|p, q| q.0.total_cmp(&p.0).then(p.1.cmp(&q.1)).then(p.2.cmp(&q.2)));
    let mut state = Linking::new(s.rows, s.cols);
    for (v, i, j) in pairs {
        if allowed(i, j) && state.partner[i].is_none() && !state.taken[j] {
            state.link(i, j);
            if let Some(p) = phrases {
                state.retry(p, i, j);
            }
        } else if let Some(p) = phrases.filter(|_| v >= join_min && joinable(i, j)) {
            if state.join(p, i, j) {
                state.retry(p, i, j);
            } else {
                state.pending.push((i, j));
            }
        }
    }
    Links { partner: state.partner, taken: state.taken }
}

/// The state of competitive linking with phrases.
struct Linking {
    partner: Vec<Option<usize>>,
    taken: Vec<bool>,
    /// The columns of each row's link, and the rows of each column's link.
    cols_of: Vec<Option<(usize, usize)>>,
    rows_of: Vec<Option<(usize, usize)>>,
    /// Pairs close enough to join a link but not next to it (yet), best first.
    pending: Vec<(usize, usize)>,
}

impl Linking {
    fn new(rows: usize, cols: usize) -> Linking {
        Linking {
            partner: vec![None; rows],
            taken: vec![false; cols],
            cols_of: vec![None; rows],
            rows_of: vec![None; cols],
            pending: Vec::new(),
        }
    }

    fn link(&mut self, i: usize, j: usize) {
        self.partner[i] = Some(j);
        self.taken[j] = true;
        self.cols_of[i] = Some((j, j));
        self.rows_of[j] = Some((i, i));
    }

    /// Join pair `(i, j)` to the link its row or its column already has,
    /// if the free word is next to that link. Whether it did.
    fn join(&mut self, p: &Phrases, i: usize, j: usize) -> bool {
        if self.partner[i].is_some() && !self.taken[j] && next_to(j, self.cols_of[i], &p.cols) {
            self.taken[j] = true;
            widen(&mut self.cols_of[i], j);
            true
        } else if self.partner[i].is_none() && self.taken[j] && next_to(i, self.rows_of[j], &p.rows) {
            self.partner[i] = Some(j);
            widen(&mut self.rows_of[j], i);
            true
        } else {
            false
        }
    }

    /// After the link of row `i` or column `j` grew, join the pending pairs
    /// of that row or column that now stand next to it, and so on.
    fn retry(&mut self, p: &Phrases, i: usize, j: usize) {
        let mut grown = vec![(i, j)];
        while let Some((gi, gj)) = grown.pop() {
            let mut k = 0;
            while k < self.pending.len() {
                let (pi, pj) = self.pending[k];
                if (pi == gi || pj == gj) && self.join(p, pi, pj) {
                    self.pending.remove(k);
                    grown.push((pi, pj));
                } else {
                    k += 1;
                }
            }
        }
    }
}

/// Whether `k` is next to the stretch `span` (`side[k]`: words `k` and `k + 1` are neighbours).
fn next_to(k: usize, span: Option<(usize, usize)>, side: &[bool]) -> bool {
    span.is_some_and(|(lo, hi)| {
        (k + 1 == lo && side.get(k) == Some(&true)) || (k == hi + 1 && side.get(hi) == Some(&true))
    })
}

fn widen(span: &mut Option<(usize, usize)>, k: usize) {
    if let Some((lo, hi)) = span {
        *span = Some(((*lo).min(k), (*hi).max(k)));
    }
}

/// Confident links: pairs above the anchor threshold that beat every other
/// pair of their row and of their column by the margin (so a repeated word
/// is never an anchor).
fn anchors(s: &Sims, opts: &LinkOptions) -> Vec<Option<usize>> {
    // The two best rows of every column, found in one pass.
    let mut top: Vec<TopTwo> = vec![TopTwo::default(); s.cols];
    for i in 0..s.rows {
        for (j, t) in top.iter_mut().enumerate() {
            t.push(i, s.get(i, j));
        }
    }
    (0..s.rows)
        .map(|i| {
            let mut row = TopTwo::default();
            for j in 0..s.cols {
                row.push(j, s.get(i, j));
            }
            let (j, best) = row.best?;
            let beats_row = best - row.second >= opts.anchor_margin;
            let beats_col = best - top[j].without(i) >= opts.anchor_margin;
            (best >= opts.anchor && beats_row && beats_col).then_some(j)
        })
        .collect()
}

/// The best value seen (and where) and the second best.
#[derive(Debug, Clone, Copy)]
struct TopTwo {
    best: Option<(usize, f32)>,
    second: f32,
}

impl Default for TopTwo {
    fn default() -> Self {
        TopTwo { best: None, second: f32::NEG_INFINITY }
    }
}

impl TopTwo {
    fn push(&mut self, at: usize, v: f32) {
        match self.best {
            Some((_, b)) if v <= b => self.second = self.second.max(v),
            Some((_, b)) => {
                self.second = b;
                self.best = Some((at, v));
            }
            None => self.best = Some((at, v)),
        }
    }

    /// The best value not at `at`.
    fn without(&self, at: usize) -> f32 {
        match self.best {
            Some((k, _)) if k == at => self.second,
            Some((_, b)) => b,
            None => f32::NEG_INFINITY,
        }
    }
}

/// The columns each row word may link to: between the partners of the
/// nearest anchors before and after it, widened by the slack. A word with
/// an anchor on one side only may go from that partner towards the text's
/// end (or start); with no anchor at all, anywhere.
fn windows(anchors: &[Option<usize>], cols: usize, slack: f32) -> Vec<RangeInclusive<usize>> {
    let last = cols.saturating_sub(1);
    let pad = ((slack * cols as f32).round() as usize).max(2);
    let mut before: Vec<Option<usize>> = Vec::with_capacity(anchors.len());
    let mut seen = None;
    for a in anchors {
        seen = a.or(seen);
        before.push(seen);
    }
    let mut after: Vec<Option<usize>> = vec![None; anchors.len()];
    let mut seen = None;
    for (i, a) in anchors.iter().enumerate().rev() {
        seen = a.or(seen);
        after[i] = seen;
    }
    before
        .iter()
        .zip(&after)
        .zip(anchors)
        .map(|((b, a), own)| match (own, b, a) {
            (Some(j), _, _) => *j..=*j,
            (None, Some(l), Some(r)) => (*l.min(r)).saturating_sub(pad)..=(*l.max(r) + pad).min(last),
            (None, Some(l), None) => l.saturating_sub(pad)..=last,
            (None, None, Some(r)) => 0..=(r + pad).min(last),
            (None, None, None) => 0..=last,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sims(m: &[&[f32]]) -> Sims {
        Sims::new(m.len(), m[0].len(), |i, j| m[i][j])
    }

    #[test]
    fn plain_linking_is_one_to_one_best_first() {
        // r0 ~ c0 strongly; r1 and r2 compete for c1 (r1 is closer); r3 is below the floor.
        let s = sims(&[&[1.0, 0.0], &[0.0, 0.9], &[0.24, 0.8], &[0.2, 0.1]]);
        let opts = LinkOptions { positional: false, ..LinkOptions::default() };
        let l = link(&s, &opts, |_, _| 0.0, None);
        assert_eq!(l.partner, vec![Some(0), Some(1), None, None]);
        assert_eq!(l.taken, vec![true, true]);
        // A raised floor for one pair keeps it out.
        let raised = link(&s, &opts, |i, _| if i == 1 { 0.95 } else { 0.0 }, None);
        assert_eq!(raised.partner, vec![Some(0), None, Some(1), None]);
    }

    #[test]
    fn a_word_without_a_partner_nearby_stays_unlinked() {
        // Rows 0 and 4 anchor the diagonal at columns 0 and 1; row 2 resembles
        // column 9, far outside that stretch (ten columns, slack 2).
        let mut m = vec![vec![0.0f32; 10]; 5];
        m[0][0] = 0.9;
        m[4][1] = 0.9;
        m[2][9] = 0.6;
        let s = Sims::new(5, 10, |i, j| m[i][j]);
        let plain = LinkOptions { positional: false, ..LinkOptions::default() };
        assert_eq!(link(&s, &plain, |_, _| 0.0, None).partner[2], Some(9));
        assert_eq!(link(&s, &LinkOptions::default(), |_, _| 0.0, None).partner[2], None);
    }

    /// Links as one-to-one linking leaves them (`taken` follows `partner`).
    fn plain(partner: &[Option<usize>], cols: usize) -> Links {
        let mut taken = vec![false; cols];
        for &j in partner.iter().flatten() {
            taken[j] = true;
        }
        Links { partner: partner.to_vec(), taken }
    }

    fn phrases(min: f32, rows: &[bool], cols: &[bool]) -> Phrases {
        Phrases { min, rows: rows.to_vec(), cols: cols.to_vec() }
    }

    #[test]
    fn the_words_of_a_phrase_link_together() {
        // Row 0 (联合国) ~ columns 0 and 1 (united, nations); row 1 (成员国) is
        // weakly like column 0 and has no partner of its own.
        let s = sims(&[&[0.7, 0.9], &[0.45, 0.1]]);
        let plain = LinkOptions { positional: false, ..LinkOptions::default() };
        assert_eq!(link(&s, &plain, |_, _| 0.0, None).partner, vec![Some(1), Some(0)]);
        let l = link(&s, &plain, |_, _| 0.0, Some(&phrases(0.6, &[false], &[true])));
        assert_eq!(l.partner, vec![Some(1), None]);
        assert_eq!(l.taken, vec![true, true]);
        // Words that do not stand side by side are no phrase.
        let apart = phrases(0.6, &[false], &[false]);
        assert_eq!(link(&s, &plain, |_, _| 0.0, Some(&apart)).partner, vec![Some(1), Some(0)]);
        // Nor is a neighbour below the phrase similarity.
        let weak = phrases(0.8, &[false], &[true]);
        assert_eq!(link(&s, &plain, |_, _| 0.0, Some(&weak)).partner, vec![Some(1), Some(0)]);
        // Row words join a column's link the same way (坚决 反对 ↔ oppose).
        let t = sims(&[&[0.65, 0.0], &[0.9, 0.4]]);
        let l = link(&t, &plain, |_, _| 0.0, Some(&phrases(0.6, &[true], &[false])));
        assert_eq!(l.partner, vec![Some(0), Some(0)]);
        assert_eq!(l.taken, vec![true, false]);
    }

    #[test]
    fn an_anchored_word_takes_its_whole_phrase() {
        // 联合国 is an anchor (its window is its own column, 1), yet the
        // neighbouring column 0 joins it; row 2 anchors column 2.
        let s = sims(&[&[0.7, 0.9, 0.0], &[0.45, 0.1, 0.0], &[0.0, 0.0, 0.9]]);
        let p = phrases(0.6, &[false, false], &[true, true]);
        let l = link(&s, &LinkOptions::default(), |_, _| 0.0, Some(&p));
        assert_eq!(l.partner, vec![Some(1), None, Some(2)]);
        assert_eq!(l.taken, vec![true, true, true]);
    }

    #[test]
    fn a_phrase_of_three_words_joins_from_the_middle_out() {
        // 上合组织 ~ Shanghai (0.8), Cooperation (0.65), Organisation (0.85);
        // Shanghai comes before Cooperation is joined, so it must wait for it.
        let s = sims(&[&[0.8, 0.65, 0.85], &[0.4, 0.0, 0.0]]);
        let plain = LinkOptions { positional: false, ..LinkOptions::default() };
        let l = link(&s, &plain, |_, _| 0.0, Some(&phrases(0.6, &[false], &[true, true])));
        assert_eq!(l.partner, vec![Some(2), None]);
        assert_eq!(l.taken, vec![true, true, true]);
    }

    #[test]
    fn best_free_is_the_closest_column_nobody_took() {
        let s = sims(&[&[0.9, 0.0, 0.1], &[0.9, 0.0, 0.2], &[0.0, 0.3, 0.5]]);
        let st = standings(&s, &plain(&[Some(0), None, None], s.cols), |_, _| 0.0);
        assert!((st[1].best_free - 0.2).abs() < 1e-6);
        assert!((st[2].best_free - 0.5).abs() < 1e-6);
        // Below the pair's floor a free column is no match.
        let st = standings(&s, &plain(&[Some(0), None, None], s.cols), |_, j| if j == 2 { 0.6 } else { 0.0 });
        assert!((st[2].best_free - 0.3).abs() < 1e-6);
        // Every column taken: nothing free.
        let s = sims(&[&[0.9, 0.1], &[0.2, 0.8]]);
        assert!(standings(&s, &plain(&[Some(0), Some(1)], s.cols), |_, _| 0.0).iter().all(|x| x.best_free == 0.0));
    }

    /// Anchors by their definition, pair by pair (quadratic; for comparison).
    fn anchors_by_definition(s: &Sims, opts: &LinkOptions) -> Vec<Option<usize>> {
        (0..s.rows)
            .map(|i| {
                let j = (0..s.cols).max_by(|&a, &b| s.get(i, a).total_cmp(&s.get(i, b)))?;
                let best = s.get(i, j);
                let beats_row = (0..s.cols).all(|k| k == j || best - s.get(i, k) >= opts.anchor_margin);
                let beats_col = (0..s.rows).all(|k| k == i || best - s.get(k, j) >= opts.anchor_margin);
                (best >= opts.anchor && beats_row && beats_col).then_some(j)
            })
            .collect()
    }

    #[test]
    fn anchors_match_their_definition() {
        // A deterministic pseudo-random matrix with some strong pairs and some ties.
        let mut x: u64 = 7;
        let mut next = || {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((x >> 33) % 100) as f32 / 100.0
        };
        for (rows, cols) in [(1, 1), (1, 5), (6, 1), (12, 9), (30, 40)] {
            let m: Vec<Vec<f32>> = (0..rows).map(|_| (0..cols).map(|_| next()).collect()).collect();
            let s = Sims::new(rows, cols, |i, j| m[i][j]);
            let opts = LinkOptions::default();
            assert_eq!(anchors(&s, &opts), anchors_by_definition(&s, &opts), "{rows}×{cols}");
        }
    }

    #[test]
    fn repeated_words_are_not_anchors() {
        let s = sims(&[&[0.9, 0.9], &[0.1, 0.2]]);
        assert_eq!(anchors(&s, &LinkOptions::default()), vec![None, None]);
        let s = sims(&[&[0.9, 0.1], &[0.1, 0.8]]);
        assert_eq!(anchors(&s, &LinkOptions::default()), vec![Some(0), Some(1)]);
    }
}
