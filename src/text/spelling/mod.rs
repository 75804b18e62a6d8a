//! Traditional-Chinese spelling: which of the traditional characters that
//! share one simplified form (干 → 幹 乾 干, 复 → 復 複 覆) a word takes.
//! A naive simplified → traditional conversion picks one form everywhere
//! and writes 幹涉 for 干涉, 恢覆 for 恢復. The word list
//! (`data/spelling/`, from CC-CEDICT and OpenCC's phrase tables; see its
//! README) says which spellings exist; a character is a conversion error
//! only when the words around it are not spelt that way and another form
//! of the same simplified character makes them words. A text that reads
//! as well either way (原則並兼顧: 原則|並|兼顧 or 原則|併兼|顧), or not at
//! all (a transliterated name, 托卡耶夫), is not blamed.

use std::collections::HashMap;
use std::io::Read;
use std::ops::Range;
use std::sync::OnceLock;

use super::convert;

mod contested;
mod habits;
use crate::error::{Error, ErrorKind, Result};
pub use contested::Contested;
pub use habits::{lines, HabitError};

static WORDS_GZ: &[u8] = include_bytes!("../../../data/spelling/words.txt.gz");
static VARIANTS: &str = include_str!("../../../data/spelling/variants.tsv");

/// The longest word looked up, in characters.
const MAX_WORD: usize = 6;

/// Characters on each side of a character that its verdict looks at: a word
/// holding it starts at most `MAX_WORD − 1` before it, and the words next
/// to that one decide how the stretch is best cut.
const REACH: usize = 2 * (MAX_WORD - 1);

/// A word of at most [`MAX_WORD`] characters packed into one integer, 21
/// bits a character (the character + 1, so that no character packs to 0).
type Key = u128;

fn key(w: &[char]) -> Key {
    w.iter().fold(0, |k, &c| k << 21 | (c as u128 + 1))
}

/// Packed words, hashed fast (the keys are not chosen by an adversary, and
/// lookups are the cost of a spelling verdict).
type KeySet = rustc_hash::FxHashSet<Key>;
type CharMap<V> = rustc_hash::FxHashMap<char, V>;

/// The traditional spellings.
pub struct Spelling {
    /// Accepted spellings of 2–6 characters.
    words: KeySet,
    /// The accepted spellings with every character written as the one
    /// that stands for its class of graphic variants ([`Spelling::canon`]):
    /// a stretch whose canonical form is not here is no word in any spelling.
    canon_words: KeySet,
    /// The first 2–5 characters of every canonical spelling.
    canon_prefixes: KeySet,
    /// For a character with graphic variants, the one of its class that
    /// stands for all.
    canon: CharMap<char>,
    /// Spellings recorded only as variants (by CC-CEDICT, or overruled by
    /// the sources; see data/spelling/README.md), with the standard one.
    variant_of: HashMap<String, String>,
    /// Accepted spellings of one source that the other spells otherwise
    /// (OpenCC's 市場準入, CC-CEDICT's 市場准入), with the other spelling.
    disputed: HashMap<String, String>,
    /// The spellings the sources overrule (a third column `overruled`),
    /// packed: never accepted, not even as a graphic variant of a listed
    /// word (借口 is not read as 藉口 with 借 for 藉). A spelling CC-CEDICT
    /// only records as a variant still reads as its graphic variant (台灣).
    rejected: KeySet,
    /// The first characters of the `rejected` spellings.
    rejected_first: rustc_hash::FxHashSet<char>,
    /// For a character, the characters a text may write it for (周 for 週 in
    /// 週年; 鑒 for 鑑): graphic variants.
    stands_for: CharMap<Vec<char>>,
}

/// What the spelling says of one character of a traditional text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The character reads at least as well as any other form.
    Right,
    /// Right, but the word is listed with a graphic variant of the
    /// character (週年 for 周年, 鑑定 for 鑒定): the listed word.
    Variant(String),
    /// Another form of the same simplified character makes the text read
    /// better: the form, and the word it makes.
    Error {
        /// The character that belongs here.
        with: char,
        /// The word it makes.
        word: String,
    },
}

impl Spelling {
    /// The bundled word list, loaded once; an error if it cannot be read.
    pub fn bundled() -> Result<&'static Spelling> {
        static S: OnceLock<std::result::Result<Spelling, String>> = OnceLock::new();
        S.get_or_init(|| {
            let mut text = String::new();
            flate2::read::GzDecoder::new(WORDS_GZ).read_to_string(&mut text).map_err(|e| e.to_string())?;
            Ok(Spelling::from_lists(&text, VARIANTS))
        })
        .as_ref()
        .map_err(|e| Error::new(ErrorKind::Resource, format!("the spelling word list cannot be loaded: {e}")))
    }

    /// A spelling from its word list (a line `word`, `word<TAB>standard`,
    /// `word<TAB>standard<TAB>overruled` or `word<TAB>other<TAB>disputed`;
    /// see data/spelling/README.md) and its character pairs (`a<TAB>b`: a
    /// text may write `a` for `b`).
    pub fn from_lists(words: &str, variants: &str) -> Spelling {
        let mut s = Spelling {
            words: KeySet::default(),
            canon_words: KeySet::default(),
            canon_prefixes: KeySet::default(),
            canon: HashMap::default(),
            variant_of: HashMap::new(),
            disputed: HashMap::new(),
            rejected: KeySet::default(),
            rejected_first: Default::default(),
            stands_for: HashMap::default(),
        };
        for line in variants.lines().filter(|l| !l.starts_with('#')) {
            let mut cs = line.split('\t').filter_map(|x| x.chars().next());
            if let (Some(a), Some(b)) = (cs.next(), cs.next()) {
                s.stands_for.entry(a).or_default().push(b);
            }
        }
        s.canon = variant_classes(&s.stands_for);
        for line in words.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let mut fields = line.split('\t');
            let w = fields.next().unwrap_or_default();
            match (fields.next(), fields.next()) {
                (None, _) => s.accept(w),
                (Some(theirs), Some("disputed")) => {
                    s.accept(w);
                    s.disputed.insert(w.to_string(), theirs.to_string());
                }
                (Some(standard), mark) => {
                    let chars: Vec<char> = w.chars().collect();
                    if mark == Some("overruled") && chars.len() <= MAX_WORD {
                        s.rejected.insert(key(&chars));
                        s.rejected_first.extend(chars.first());
                    }
                    s.variant_of.insert(w.to_string(), standard.to_string());
                }
            }
        }
        s
    }

    /// Adds `w` to the accepted spellings.
    fn accept(&mut self, w: &str) {
        let w: Vec<char> = w.chars().collect();
        if w.len() <= MAX_WORD {
            self.words.insert(key(&w));
            let c: Vec<char> = w.iter().map(|&x| self.canonical(x)).collect();
            self.canon_words.insert(key(&c));
            self.canon_prefixes.extend((2..c.len()).map(|n| key(&c[..n])));
        }
    }

    /// Whether `w` is an accepted spelling as it is.
    pub fn is_word(&self, w: &str) -> bool {
        let w: Vec<char> = w.chars().collect();
        w.len() <= MAX_WORD && self.words.contains(&key(&w))
    }

    /// The accepted spelling `w` stands for: itself, or the listed word it
    /// spells with graphic variants (one character changed); `None` when it
    /// is no word.
    pub fn word_for(&self, w: &[char]) -> Option<String> {
        let k = self.listed(w)?;
        let mut out: Vec<char> = w.to_vec();
        if let Some((at, v)) = k {
            out[at] = v;
        }
        Some(out.into_iter().collect())
    }

    /// Whether `w` is listed as it is (`Some(None)`) or with character `at`
    /// written as its variant `v` (`Some(Some((at, v)))`).
    fn listed(&self, w: &[char]) -> Option<Option<(usize, char)>> {
        if w.len() > MAX_WORD {
            return None;
        }
        let canonical: Vec<char> = w.iter().map(|&c| self.canonical(c)).collect();
        if !self.canon_words.contains(&key(&canonical)) {
            return None;
        }
        self.listed_as(w)
    }

    /// [`Spelling::listed`] once the canonical form of `w` is known to be listed.
    fn listed_as(&self, w: &[char]) -> Option<Option<(usize, char)>> {
        let k = key(w);
        if self.words.contains(&k) {
            return Some(None);
        }
        if self.rejected.contains(&k) {
            return None;
        }
        let mut alt = w.to_vec();
        for (k, c) in w.iter().enumerate() {
            for &v in self.stands_for.get(c).map_or(&[][..], Vec::as_slice) {
                alt[k] = v;
                if self.words.contains(&key(&alt)) {
                    return Some(Some((k, v)));
                }
            }
            alt[k] = *c;
        }
        None
    }

    /// Bit `len` set for every `len` (2–6) such that the first `len`
    /// characters of `w` are a listed word (as they are or with a variant).
    fn word_lengths(&self, w: &[char]) -> u8 {
        let mut mask = 0u8;
        let mut k: Key = 0;
        for (n, &c) in w.iter().take(MAX_WORD).enumerate() {
            k = k << 21 | (self.canonical(c) as u128 + 1);
            let len = n + 1;
            if len < 2 {
                continue;
            }
            if self.canon_words.contains(&k) && self.listed_as(&w[..len]).is_some() {
                mask |= 1 << len;
            }
            // A longer word is worth trying only while these characters begin one.
            if len < MAX_WORD && !self.canon_prefixes.contains(&k) {
                break;
            }
        }
        mask
    }

    /// Bit `len` set for every `len` (2–6) such that the first `len`
    /// characters of `w` are a spelling recorded only as a variant (借口).
    fn misspelt_lengths(&self, w: &[char]) -> u8 {
        let mut mask = 0u8;
        if !w.first().is_some_and(|c| self.rejected_first.contains(c)) {
            return mask;
        }
        let mut k: Key = 0;
        for (n, &c) in w.iter().take(MAX_WORD).enumerate() {
            k = k << 21 | (c as u128 + 1);
            if n >= 1 && self.rejected.contains(&k) {
                mask |= 1 << (n + 1);
            }
        }
        mask
    }

    /// The character that stands for `c`'s class of graphic variants.
    fn canonical(&self, c: char) -> char {
        self.canon.get(&c).copied().unwrap_or(c)
    }

    /// A stretch of traditional text (a line or a clause), with its words
    /// found once, to be asked about character after character.
    pub fn line(&self, chars: &[char]) -> Line<'_> {
        let masks = (0..chars.len()).map(|j| self.word_lengths(&chars[j..])).collect();
        let misspelt = (0..chars.len()).map(|j| self.misspelt_lengths(&chars[j..])).collect();
        Line { spelling: self, chars: chars.to_vec(), masks, misspelt }
    }

    /// The standard spelling when CC-CEDICT lists `w` only as its variant
    /// (沖擊 → 衝擊, 合並 → 合併).
    pub fn standard_of(&self, w: &str) -> Option<&str> {
        self.variant_of.get(w).map(String::as_str)
    }

    /// The verdict on the character at `i` of `chars` (a clause of a
    /// traditional text), weighing the forms of the simplified characters
    /// `allowed` accepts (every form, or those of the simplified character
    /// another edition has there). To ask of many characters of one text,
    /// make its [`Line`] once.
    pub fn verdict(&self, chars: &[char], i: usize, allowed: impl Fn(char) -> bool) -> Verdict {
        let (lo, hi) = (i.saturating_sub(REACH), (i + REACH + 1).min(chars.len()));
        self.line(&chars[lo..hi]).verdict(i - lo, allowed)
    }

    /// The words of `w` (a stretch of traditional text) as the best cut
    /// has them: ranges of character indices, a character outside any
    /// listed word on its own.
    pub fn cut(&self, w: &[char]) -> Vec<Range<usize>> {
        let line = self.line(w);
        let (_, from) = line.best_cut(0..w.len(), None, None);
        let mut out = Vec::new();
        let mut j = w.len();
        while j > 0 {
            let len = from[j].max(1);
            out.push(j - len..j);
            j -= len;
        }
        out.reverse();
        out
    }
}

/// For every character in a pair of graphic variants, the least character
/// of its class (the pairs joined transitively).
fn variant_classes(stands_for: &CharMap<Vec<char>>) -> CharMap<char> {
    let mut parent: CharMap<char> = CharMap::default();
    fn root(parent: &CharMap<char>, mut c: char) -> char {
        while let Some(&p) = parent.get(&c) {
            if p == c {
                break;
            }
            c = p;
        }
        c
    }
    for (&a, bs) in stands_for {
        for &b in bs {
            let (ra, rb) = (root(&parent, a), root(&parent, b));
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            parent.insert(lo, lo);
            parent.insert(hi, lo);
        }
    }
    let chars: Vec<char> = parent.keys().copied().collect();
    chars.into_iter().map(|c| (c, root(&parent, c))).collect()
}

/// The other traditional forms of the simplified characters `c` stands
/// for (those `allowed` accepts): 覆 → 復 複.
fn other_forms(c: char, allowed: impl Fn(char) -> bool) -> Vec<char> {
    let mut forms: Vec<char> = convert::simplified_forms(c)
        .iter()
        .filter(|&&s| allowed(s))
        .flat_map(|&s| convert::traditional_candidates(s).iter().copied())
        .filter(|&t| t != c)
        .collect();
    forms.sort_unstable();
    forms.dedup();
    forms
}

/// A stretch of traditional text with its listed words found.
pub struct Line<'a> {
    spelling: &'a Spelling,
    chars: Vec<char>,
    /// For every start, bit `len` set when the `len` characters there are a word.
    masks: Vec<u8>,
    /// For every start, bit `len` set when the `len` characters there are a
    /// misspelt word (a variant spelling, 借口): a word to cut the line at,
    /// though not one that makes its own characters right.
    misspelt: Vec<u8>,
}

/// One character of a line read as another.
#[derive(Clone, Copy)]
struct Swap {
    at: usize,
    form: char,
    /// Bit `len` of entry `k`: the `len` characters from `at − k` are a word with the swap.
    masks: [u8; MAX_WORD],
}

impl Line<'_> {
    /// The verdict on the character at `i` (see [`Spelling::verdict`]).
    pub fn verdict(&self, i: usize, allowed: impl Fn(char) -> bool) -> Verdict {
        let c = self.chars[i];
        let forms = other_forms(c, allowed);
        if forms.is_empty() {
            return Verdict::Right;
        }
        let window = i.saturating_sub(REACH)..(i + REACH + 1).min(self.chars.len());
        let (own, own_from) = self.best_cut(window.clone(), None, Some(i));
        let own_longest = self.longest_at(i, None);
        let mut best: Option<(usize, Swap, Vec<usize>)> = None;
        for form in forms {
            let swap = self.swap(i, form);
            // Another form must make the stretch read better (more of it in
            // words) and make a longer word of the character's own: 下面的
            // is not read as 下|麵的, though 在下|麵的 covers more.
            let (covered, from) = self.best_cut(window.clone(), Some(&swap), Some(i));
            let better = covered > own && self.longest_at(i, Some(&swap)) > own_longest;
            if better && best.as_ref().is_none_or(|b| covered > b.0) {
                best = Some((covered, swap, from));
            }
        }
        match best {
            Some((_, swap, from)) => {
                let word = self
                    .word_at(window.start, &from, i, Some(&swap))
                    .map(|w| self.as_written(&w, i, &swap))
                    .unwrap_or_else(|| swap.form.to_string());
                Verdict::Error { with: swap.form, word }
            }
            None => match self.word_at(window.start, &own_from, i, None) {
                Some(w) if !w.contains(c) => Verdict::Variant(w),
                _ => Verdict::Right,
            },
        }
    }

    /// The listed word `w` (holding character `at` of the line) as the line
    /// writes it, with only the swap made: 合併為, not the listed 合併爲.
    fn as_written(&self, w: &str, at: usize, swap: &Swap) -> String {
        let n = w.chars().count();
        let start = (at + 1).saturating_sub(n)..=at;
        let written = start.into_iter().find_map(|s| {
            let mut own: Vec<char> = self.chars.get(s..s + n)?.to_vec();
            own[at - s] = swap.form;
            self.spelling.word_for(&own).filter(|listed| listed == w).map(|_| own.into_iter().collect())
        });
        written.unwrap_or_else(|| w.to_string())
    }

    /// The words around `at` with `form` written there.
    fn swap(&self, at: usize, form: char) -> Swap {
        let mut masks = [0u8; MAX_WORD];
        let mut w = self.chars[at.saturating_sub(MAX_WORD - 1)..(at + MAX_WORD).min(self.chars.len())].to_vec();
        let shift = at.min(MAX_WORD - 1);
        w[shift] = form;
        for (k, m) in masks.iter_mut().enumerate().take(shift + 1) {
            let start = shift - k;
            for len in (k + 1).max(2)..=MAX_WORD.min(w.len() - start) {
                if self.spelling.listed(&w[start..start + len]).is_some() {
                    *m |= 1 << len;
                }
            }
        }
        Swap { at, form, masks }
    }

    /// Whether the `len` characters from `j` are a word (with `swap`).
    fn is_word(&self, j: usize, len: usize, swap: Option<&Swap>) -> bool {
        match swap {
            Some(s) if j <= s.at && s.at < j + len => s.masks[s.at - j] & (1 << len) != 0,
            _ => self.masks[j] & (1 << len) != 0,
        }
    }

    /// How much of `range` the best cut into words covers, and for every
    /// end (relative to `range.start`) the length of the word ending there
    /// (0: none). Misspelt words count as words, except those holding the
    /// character `judged`: the words around a character are read as the
    /// words they stand for (借口幹涉 as 借口|干涉, not 借|口乾|涉), its own
    /// must be spelt right.
    fn best_cut(&self, range: Range<usize>, swap: Option<&Swap>, judged: Option<usize>) -> (usize, Vec<usize>) {
        let n = range.len();
        let mut covered = vec![0usize; n + 1];
        let mut from = vec![0usize; n + 1];
        for j in 1..=n {
            covered[j] = covered[j - 1];
            for len in 2..=MAX_WORD.min(j) {
                let gain = covered[j - len] + len;
                let start = range.start + j - len;
                let misspelt = || {
                    self.misspelt[start] & (1 << len) != 0
                        && judged.is_none_or(|at| !(start..start + len).contains(&at))
                };
                if gain > covered[j] && (self.is_word(start, len, swap) || misspelt()) {
                    (covered[j], from[j]) = (gain, len);
                }
            }
        }
        // Keep only the word lengths on the best path.
        let mut on_path = vec![0usize; n + 1];
        let mut j = n;
        while j > 0 {
            if from[j] > 0 && covered[j] == covered[j - from[j]] + from[j] {
                on_path[j] = from[j];
                j -= from[j];
            } else {
                j -= 1;
            }
        }
        (covered[n], on_path)
    }

    /// The longest word holding `at` (1 when none does).
    fn longest_at(&self, at: usize, swap: Option<&Swap>) -> usize {
        let mut best = 1;
        for start in at.saturating_sub(MAX_WORD - 1)..=at {
            for len in (at + 1 - start).max(2)..=MAX_WORD.min(self.chars.len() - start) {
                if len > best && self.is_word(start, len, swap) {
                    best = len;
                }
            }
        }
        best
    }

    /// The listed word of a cut (`from`, relative to `base`) that holds `at`.
    fn word_at(&self, base: usize, from: &[usize], at: usize, swap: Option<&Swap>) -> Option<String> {
        let mut j = from.len() - 1;
        while j > 0 {
            let len = from[j];
            if len == 0 {
                j -= 1;
                continue;
            }
            let start = base + j - len;
            if (start..base + j).contains(&at) {
                let mut w = self.chars[start..base + j].to_vec();
                if let Some(s) = swap {
                    w[s.at - start] = s.form;
                }
                return self.spelling.word_for(&w);
            }
            j -= len;
        }
        None
    }
}

#[cfg(test)]
mod tests;
