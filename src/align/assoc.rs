//! Word associations learnt from one aligned document: how consistently a
//! word of one side occurs in the same unit pairs as a word of the other
//! (the Dice coefficient over unit pairs). A recurring name or term whose
//! translation the encoder places poorly (上合组织 ↔ ШОС) is thereby still
//! recognised, from the document itself.

use std::collections::HashMap;

/// Least number of unit pairs two words must share to be associated.
const MIN_SHARED: u32 = 3;

/// Associations weaker than this are not kept: they are below the least
/// similarity a word link needs ([`crate::align::linking::LinkOptions`]).
const MIN_DICE: f32 = 0.3;
/// Unit pairs with more distinct word pairs than this are left out: they
/// would fill memory (a huge unit) and say little about any one word.
const MAX_WORD_PAIRS: usize = 1 << 16;

/// Associations between the word forms of two sides.
#[derive(Debug, Clone, Default)]
pub struct Assoc {
    /// Form of side A → form of side B → Dice coefficient.
    dice: HashMap<String, HashMap<String, f32>>,
    /// Unit pairs left out for their size ([`MAX_WORD_PAIRS`]).
    pub left_out: usize,
}

impl Assoc {
    /// Associations from unit pairs, each given as the word forms of its
    /// two sides (repeats within a unit count once; pairs of units with
    /// more than [`MAX_WORD_PAIRS`] distinct word pairs are left out).
    pub fn learn(pairs: &[(Vec<String>, Vec<String>)]) -> Assoc {
        let (mut ids_a, mut ids_b) = (Interner::default(), Interner::default());
        let small: Vec<(Vec<&str>, Vec<&str>)> = pairs
            .iter()
            .map(|(a, b)| (distinct(a), distinct(b)))
            .filter(|(a, b)| a.len().saturating_mul(b.len()) <= MAX_WORD_PAIRS)
            .collect();
        let left_out = pairs.len() - small.len();
        let kept: Vec<(Vec<u32>, Vec<u32>)> = small.iter().map(|(a, b)| (ids_a.ids(a), ids_b.ids(b))).collect();
        // A pair can only reach MIN_DICE if neither word is much more
        // frequent than the other; only such pairs are counted (memory
        // grows with the pairs counted, which would otherwise be every pair
        // in every unit).
        let (ca, cb) = (&ids_a.counts, &ids_b.counts);
        let may_associate = |x: u32, y: u32| {
            let (nx, ny) = (ca[x as usize], cb[y as usize]);
            nx.min(ny) >= MIN_SHARED && 2.0 * nx.min(ny) as f32 / (nx + ny) as f32 >= MIN_DICE
        };
        let mut joint: HashMap<(u32, u32), u32> = HashMap::new();
        for (a, b) in &kept {
            for &x in a {
                for &y in b.iter().filter(|&&y| may_associate(x, y)) {
                    *joint.entry((x, y)).or_default() += 1;
                }
            }
        }
        let mut dice: HashMap<String, HashMap<String, f32>> = HashMap::new();
        for ((x, y), n) in joint {
            let d = 2.0 * n as f32 / (ca[x as usize] + cb[y as usize]) as f32;
            if n >= MIN_SHARED && d >= MIN_DICE {
                dice.entry(ids_a.words[x as usize].to_string())
                    .or_default()
                    .insert(ids_b.words[y as usize].to_string(), d);
            }
        }
        Assoc { dice, left_out }
    }

    /// The same associations read from the other side: form `b` with form `a`.
    pub fn reversed(&self) -> Assoc {
        let mut dice: HashMap<String, HashMap<String, f32>> = HashMap::new();
        for (a, to) in &self.dice {
            for (b, &d) in to {
                dice.entry(b.clone()).or_default().insert(a.clone(), d);
            }
        }
        Assoc { dice, left_out: self.left_out }
    }

    /// The association of form `a` with form `b` (0 when they share fewer than [`MIN_SHARED`] unit pairs).
    pub fn get(&self, a: &str, b: &str) -> f32 {
        self.dice.get(a).and_then(|m| m.get(b)).copied().unwrap_or(0.0)
    }
}

/// Word forms numbered in order of appearance, with the number of unit
/// pairs each occurs in.
#[derive(Default)]
struct Interner<'a> {
    index: HashMap<&'a str, u32>,
    words: Vec<&'a str>,
    counts: Vec<u32>,
}

impl<'a> Interner<'a> {
    /// The numbers of `words` (distinct), each counted once more.
    fn ids(&mut self, words: &[&'a str]) -> Vec<u32> {
        words
            .iter()
            .map(|w| {
                let id = *self.index.entry(w).or_insert_with(|| {
                    self.words.push(w);
                    self.counts.push(0);
                    (self.words.len() - 1) as u32
                });
                self.counts[id as usize] += 1;
                id
            })
            .collect()
    }
}

fn distinct(words: &[String]) -> Vec<&str> {
    let mut v: Vec<&str> = words.iter().map(String::as_str).collect();
    v.sort_unstable();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn consistent_pairs_are_associated() {
        let pairs = vec![
            (words("上合组织 合作"), words("шос сотрудничество")),
            (words("上合组织 安全"), words("шос безопасность")),
            (words("上合组织 上合组织 经济"), words("шос экономика")),
            (words("合作"), words("сотрудничество")),
        ];
        let a = Assoc::learn(&pairs);
        assert!((a.get("上合组织", "шос") - 1.0).abs() < 1e-6);
        // Read from the other side, the same association; not this way round.
        assert_eq!(a.get("шос", "上合组织"), 0.0);
        assert!((a.reversed().get("шос", "上合组织") - 1.0).abs() < 1e-6);
        assert_eq!(a.reversed().get("上合组织", "шос"), 0.0);
        // Two shared pairs are too few.
        assert_eq!(a.get("合作", "сотрудничество"), 0.0);
        assert_eq!(a.get("上合组织", "экономика"), 0.0);
    }

    #[test]
    fn weak_associations_are_not_kept() {
        // 合作 is in 30 unit pairs, "и" in 3 of them: Dice 6/33 = 0.18, below MIN_DICE.
        let mut pairs = vec![(words("合作"), words("сотрудничество и")); 3];
        pairs.extend(vec![(words("合作"), words("сотрудничество")); 27]);
        let a = Assoc::learn(&pairs);
        assert_eq!(a.get("合作", "и"), 0.0);
        assert!((a.get("合作", "сотрудничество") - 1.0).abs() < 1e-6);
    }

    #[test]
    fn a_huge_unit_pair_is_left_out() {
        let many = |p: &str| (0..300).map(|i| format!("{p}{i}")).collect::<Vec<_>>();
        // 300 × 300 distinct words: over the limit, so the pair adds nothing,
        // and the three small pairs alone decide.
        let mut pairs = vec![(many("a"), many("b")); 3];
        pairs.extend(vec![(words("上合组织"), words("шос")); 3]);
        let a = Assoc::learn(&pairs);
        assert_eq!(a.get("a0", "b0"), 0.0);
        assert_eq!(a.left_out, 3);
        assert!((a.get("上合组织", "шос") - 1.0).abs() < 1e-6);
    }
}
