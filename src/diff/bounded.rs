//! The bound on word-by-word comparison. A Myers diff costs time in
//! proportion to the tokens (words, Chinese characters, spaces and marks)
//! of the two sides times the differences between them: two long pieces
//! that differ throughout cost the product of their lengths. Pieces whose
//! product passes [`MAX_TOKEN_PAIRS`] are compared coarsely instead: clause
//! by clause when both sides have as many clauses, otherwise as one change.
//! Segmentation keeps units under [`crate::segment::MAX_UNIT_CHARS`]
//! characters, so only a pair of many long units meets the bound.

/// Token pairs (tokens of one side × tokens of the other) past which two
/// pieces are not compared word by word: two sides of 4,096 tokens, so a
/// two-to-two pair of units of the largest size segmentation leaves
/// ([`crate::segment::MAX_UNIT_CHARS`] characters of Chinese) still fits.
pub const MAX_TOKEN_PAIRS: usize = 1 << 24;

/// Comparisons made coarsely: how many, and the largest (tokens of each side).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Coarse {
    /// How many pieces were compared coarsely.
    pub count: usize,
    /// The tokens of the old and the new side of the largest of them.
    pub largest: (usize, usize),
}

impl Coarse {
    /// Whether `n` × `m` tokens may be compared word by word.
    pub fn fits(n: usize, m: usize) -> bool {
        n.saturating_mul(m) <= MAX_TOKEN_PAIRS
    }

    /// Record a coarse comparison of `n` × `m` tokens.
    pub fn add(&mut self, n: usize, m: usize) {
        self.count += 1;
        if n.saturating_mul(m) > self.largest.0.saturating_mul(self.largest.1) {
            self.largest = (n, m);
        }
    }

    /// Both records in one.
    pub fn merge(&mut self, other: Coarse) {
        if other.count > 0 {
            let count = self.count + other.count;
            self.add(other.largest.0, other.largest.1);
            self.count = count;
        }
    }

    /// The note for a report, or `None` when nothing was compared coarsely.
    pub fn note(&self) -> Option<String> {
        let (n, m) = self.largest;
        (self.count > 0).then(|| {
            format!(
                "{} unit pair(s) compared coarsely (clause by clause, or as one change): the largest {n} × {m} \
                 words, characters and marks, over the limit of {MAX_TOKEN_PAIRS} pairs",
                self.count
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_note_counts_and_keeps_the_largest() {
        let mut a = Coarse::default();
        assert_eq!(a.note(), None);
        a.add(5000, 4000);
        let mut b = Coarse::default();
        b.add(6000, 6000);
        b.add(10, 10);
        a.merge(b);
        a.merge(Coarse::default());
        assert_eq!((a.count, a.largest), (3, (6000, 6000)));
        assert!(a.note().is_some_and(|n| n.starts_with("3 unit pair(s)") && n.contains("6000 × 6000")));
        assert!(Coarse::fits(4096, 4096) && !Coarse::fits(4097, 4096));
    }
}
