//! Number words of every language ([`crate::text::lang::Profile::number_words`]),
//! looked up by their written forms, and compounds of tens and units
//! (twenty-one, двадцать один).

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::text::lang::{self, NumberWord, WordKind};

/// The number word whose written form (lower case) is `w`: every stem with
/// every ending; where two words meet, the first listed counts.
pub(super) fn word(w: &str) -> Option<&'static NumberWord> {
    static FORMS: OnceLock<HashMap<String, &'static NumberWord>> = OnceLock::new();
    let forms = FORMS.get_or_init(|| {
        let mut forms = HashMap::new();
        for n in lang::number_words() {
            for e in n.endings.iter() {
                forms.entry(format!("{}{e}", n.stem)).or_insert(n);
            }
        }
        forms
    });
    forms.get(w).copied()
}

/// Whether `n` can be the tens of a compound (twenty, двадцать).
pub(super) fn is_tens(n: &NumberWord) -> bool {
    n.kind == WordKind::Count && (20..=90).contains(&n.value) && n.value.is_multiple_of(10)
}

/// Whether `n` can be the units of a compound (one, first, один, первый).
pub(super) fn is_unit(n: &NumberWord) -> bool {
    matches!(n.kind, WordKind::Count | WordKind::Unit) && (1..=9).contains(&n.value)
}
