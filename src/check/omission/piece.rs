//! One side of an aligned pair as the omission model sees it: its text,
//! where its units and clauses are in it, and the stretches of it that may
//! lack a counterpart on the other side (candidates).

use std::ops::Range;

use crate::text::Lang;

/// One side of a pair of aligned units: the units' text from the first
/// to the last, and where each unit and clause lies in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// The text.
    pub text: String,
    /// Its language.
    pub lang: Lang,
    /// Byte ranges of the units.
    pub units: Vec<Range<usize>>,
    /// Byte ranges of the clauses, in order.
    pub clauses: Vec<Range<usize>>,
}

/// What a candidate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Shape {
    /// A whole unit among several aligned together.
    Unit,
    /// A clause among several.
    Clause,
    /// A run of words that no word of the other side translates.
    Run,
}

/// A stretch of a piece that may have no counterpart on the other side.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Its bytes in the piece's text.
    pub range: Range<usize>,
    /// What it is.
    pub shape: Shape,
}

impl Piece {
    /// The piece's text without `r`, the rest joined as the language joins
    /// words (Chinese without spaces).
    pub fn without(&self, r: &Range<usize>) -> String {
        let (a, b) = (self.text[..r.start].trim_end(), self.text[r.end..].trim_start());
        match (a.is_empty(), b.is_empty(), self.lang.is_chinese()) {
            (true, _, _) => b.to_string(),
            (_, true, _) => a.to_string(),
            (false, false, true) => format!("{a}{b}"),
            (false, false, false) => format!("{a} {b}"),
        }
    }

    /// The units (when there are several) and the clauses (when there are
    /// several), each a candidate; a unit that is one clause counts once.
    pub fn candidates(&self) -> Vec<Candidate> {
        let mut out = Vec::new();
        if self.units.len() > 1 {
            out.extend(self.units.iter().map(|r| Candidate { range: r.clone(), shape: Shape::Unit }));
        }
        if self.clauses.len() > 1 {
            for c in &self.clauses {
                if !out.iter().any(|x| x.range == *c) {
                    out.push(Candidate { range: c.clone(), shape: Shape::Clause });
                }
            }
        }
        out
    }

    /// Characters that are not white space, in `r`.
    pub fn length(&self, r: &Range<usize>) -> f64 {
        crate::text::normalize::length(&self.text[r.clone()]) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_piece_without_a_stretch_is_joined_as_the_language_joins_words() {
        let p = Piece {
            text: "ab, cd, ef".into(),
            lang: Lang::En,
            units: std::iter::once(0..10).collect(),
            clauses: vec![0..3, 4..7, 8..10],
        };
        assert_eq!(p.without(&(4..7)), "ab, ef");
        assert_eq!(p.without(&(0..3)), "cd, ef");
        let z = Piece {
            text: "甲乙，丙丁".into(),
            lang: Lang::ZhHant,
            units: std::iter::once(0..15).collect(),
            clauses: vec![0..9, 9..15],
        };
        assert_eq!(z.without(&(0..9)), "丙丁");
        // One unit of two clauses: the clauses are the candidates.
        let shapes: Vec<Shape> = z.candidates().iter().map(|c| c.shape).collect();
        assert_eq!(shapes, [Shape::Clause, Shape::Clause]);
        let one = Piece { clauses: std::iter::once(0..15).collect(), ..z };
        assert!(one.candidates().is_empty());
    }
}
