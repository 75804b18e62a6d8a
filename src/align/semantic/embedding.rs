//! Embedding units and runs of neighbouring units through the handle's
//! cache ([`Model::embed_windows`], [`Model::embed_within`]).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use super::{sum_of, Embedded, Model, CACHE_LIMIT};
use crate::embed::Window;

impl Model {
    /// The embeddings of `units` and of every run of 2 to `widest` of them
    /// (`runs[l - 2][i]`: units `i .. i + l`, their tokens end to end,
    /// [`Encoder::encode_windows`]: a run costs the encoder a junction of a
    /// few tokens at each seam, not its whole text), each met once for the
    /// life of the handle: those the cache has, and the rest made in one
    /// run of the encoder (a repeated unit or run once).
    pub fn embed_windows(&self, units: &[&str], widest: usize) -> (Embedded, Vec<Embedded>) {
        let runs: Vec<Window> = (2..=widest)
            .flat_map(|len| (0..(units.len() + 1).saturating_sub(len)).map(move |start| Window { start, len }))
            .collect();
        let (single, joined) = self.embed_runs(units, &runs);
        let mut by_len: Vec<Embedded> = (2..=widest).map(|_| Vec::new()).collect();
        for (w, v) in runs.iter().zip(joined) {
            by_len[w.len - 2].push(v);
        }
        (single, by_len)
    }

    /// The embeddings of `units`, made (or found) with those of every run
    /// of 2 to `widest` of them inside one of `groups` (ranges of `units`),
    /// which are kept for [`Model::embed_windows`] to find: the units are
    /// run through the encoder once for themselves and their runs, where
    /// embedding them alone first would run them again for their runs.
    pub fn embed_within(&self, units: &[&str], groups: &[Range<usize>], widest: usize) -> Embedded {
        let runs: Vec<Window> = groups
            .iter()
            .filter(|g| g.end <= units.len())
            .flat_map(|g| {
                (2..=widest).flat_map(move |len| {
                    (g.start..(g.end + 1).saturating_sub(len)).map(move |start| Window { start, len })
                })
            })
            .collect();
        self.embed_runs(units, &runs).0
    }

    /// The embeddings of `units` and of the runs `runs` of them (each
    /// found in the cache, made in one run of the encoder, or, for a run
    /// of three or more that is not made, the normalized sum of its units').
    fn embed_runs(&self, units: &[&str], runs: &[Window]) -> (Embedded, Embedded) {
        let keys: Vec<String> = runs.iter().map(|w| run_key(&units[w.start..w.start + w.len])).collect();
        let (mut singles, mut joined) = {
            let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
            let singles: Vec<Option<Arc<[f32]>>> = units.iter().map(|t| cache.get(&*text_key(t)).cloned()).collect();
            let joined: Vec<Option<Arc<[f32]>>> = keys.iter().map(|k| cache.get(k).cloned()).collect();
            (singles, joined)
        };
        // The first place of every text and run not met yet (a repeated
        // unit or run is made once), and the units each such run holds.
        let (mut seen, mut seen_runs): (HashSet<&str>, HashSet<&str>) = Default::default();
        let mut need: Vec<usize> =
            (0..units.len()).filter(|&i| singles[i].is_none() && seen.insert(units[i])).collect();
        let missing: Vec<usize> =
            (0..keys.len()).filter(|&k| joined[k].is_none() && seen_runs.insert(&keys[k])).collect();
        // A run of three or more with a unit too short for its edges, or
        // too long for one piece of the encoder, is not made (run whole it
        // would cost several times its units' pass): it is the normalized
        // sum of its units' vectors, neither kept nor stored.
        let mut tokens: Vec<Option<usize>> = vec![None; units.len()];
        let mut from_pass = |i: usize| {
            let n = *tokens[i].get_or_insert_with(|| self.encoder.tokenize(units[i]).len());
            crate::embed::joins_from_pass(n)
        };
        let missing: Vec<usize> =
            missing.into_iter().filter(|&k| runs[k].len == 2 || runs[k].units().all(&mut from_pass)).collect();
        need.extend(missing.iter().flat_map(|&k| runs[k].units()));
        need.sort_unstable();
        need.dedup();
        if !need.is_empty() {
            let texts: Vec<&str> = need.iter().map(|&i| units[i]).collect();
            // Each missing run over the texts encoded: its units follow
            // each other there, since all of them are among `need`.
            let at: Vec<Window> = missing
                .iter()
                .map(|&k| {
                    let start = need.binary_search(&runs[k].start);
                    debug_assert!(start.is_ok(), "the units of a run are encoded");
                    Window { start: start.unwrap_or(usize::MAX), len: runs[k].len }
                })
                .collect();
            self.encoded.calls.fetch_add(1, Ordering::Relaxed);
            self.encoded.texts.fetch_add(texts.len() + at.len(), Ordering::Relaxed);
            let (s, j) = self.encoder.encode_windows(&texts, &at);
            let made: HashMap<&str, Arc<[f32]>> = texts.iter().copied().zip(s.into_iter().map(Arc::from)).collect();
            for (i, slot) in singles.iter_mut().enumerate().filter(|(_, s)| s.is_none()) {
                *slot = made.get(units[i]).cloned();
            }
            let made_runs: HashMap<&str, Arc<[f32]>> =
                missing.iter().map(|&k| keys[k].as_str()).zip(j.into_iter().map(Arc::from)).collect();
            for (k, slot) in joined.iter_mut().enumerate().filter(|(_, s)| s.is_none()) {
                *slot = made_runs.get(keys[k].as_str()).cloned();
            }
            let made: Vec<(Cow<'_, str>, Arc<[f32]>)> = made.into_iter().map(|(t, v)| (text_key(t), v)).collect();
            self.keep(made.iter().map(|(k, v)| (&**k, v.clone())).chain(made_runs));
        }
        let single: Embedded = singles.into_iter().flatten().collect();
        debug_assert_eq!(single.len(), units.len(), "every unit was found in the cache or made just now");
        let dim = single.first().map_or(0, |v| v.len());
        for (k, slot) in joined.iter_mut().enumerate().filter(|(_, s)| s.is_none()) {
            *slot = Some(Arc::from(sum_of(&single, runs[k].units(), dim)));
        }
        // Every run was found in the cache, made just now or summed.
        (single, joined.into_iter().flatten().collect())
    }

    /// Put freshly made vectors in the cache, and those no other thread
    /// put there meanwhile in the store.
    fn keep<'t>(&self, fresh: impl Iterator<Item = (&'t str, Arc<[f32]>)>) {
        let fresh: Vec<(&str, Arc<[f32]>)> = fresh.collect();
        let mut new = Vec::new();
        {
            let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
            if cache.len() + fresh.len() > CACHE_LIMIT {
                cache.clear();
            }
            for (t, v) in fresh {
                if cache.insert(t.to_string(), v.clone()).is_none() {
                    new.push((t, v));
                }
            }
        }
        if let Some(store) = &self.store {
            let (texts, vectors): (Vec<&str>, Vec<Arc<[f32]>>) = new.into_iter().unzip();
            store.append(&texts, &vectors);
        }
    }
}

/// The cache's key of a text: the text itself, unless it begins with
/// U+001F as the keys of runs do; such a text is kept under a marked key,
/// so that no text takes a run's vector.
pub(super) fn text_key(t: &str) -> Cow<'_, str> {
    match t.starts_with('\u{1f}') {
        true => Cow::Owned(format!("\u{1f}text\u{1f}{t}")),
        false => Cow::Borrowed(t),
    }
}

/// The cache's key of the run of neighbouring units `run` (two or more):
/// not a text (a text never holds U+001F twice around a marker like this
/// one), so a run is never taken for the vector of its joined text; the
/// lengths of its units tell two runs of the same joined text apart (a
/// text that begins with U+001F is kept under a marked key, [`text_key`]).
pub(super) fn run_key(run: &[&str]) -> String {
    match run {
        [a, b] => format!("\u{1f}pair\u{1f}{}\u{1f}{a}{b}", a.len()),
        _ => {
            let lens: Vec<String> = run.iter().map(|u| u.len().to_string()).collect();
            format!("\u{1f}run\u{1f}{}\u{1f}{}", lens.join(","), run.concat())
        }
    }
}
