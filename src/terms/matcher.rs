//! Finding glossary terms in text: Chinese on script-folded characters
//! (a traditional term is found in simplified text and back), English and
//! Russian word by word on Snowball stems, case-insensitively.

use rust_stemmers::{Algorithm, Stemmer};

use crate::segment::Span;
use crate::text::convert;
use crate::text::Lang;

/// One occurrence: where, which form (index into the forms given), and
/// whether the text has the form exactly (not only after script folding).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Bytes of the text.
    pub span: Span,
    /// Which of the forms matched.
    pub form: usize,
    /// The characters are exactly the form's (Chinese); always true otherwise.
    pub exact: bool,
}

/// Words of a text with their byte spans, lower-cased and stemmed.
pub struct Words {
    /// (span, stem)
    pub words: Vec<(Span, String)>,
}

fn stemmer(lang: Lang) -> Option<Stemmer> {
    match lang {
        Lang::En => Some(Stemmer::create(Algorithm::English)),
        Lang::Ru => Some(Stemmer::create(Algorithm::Russian)),
        _ => None,
    }
}

impl Words {
    /// The words of `text` (runs of letters and digits).
    pub fn of(text: &str, lang: Lang) -> Words {
        let st = stemmer(lang);
        let mut words = Vec::new();
        let mut start: Option<usize> = None;
        for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            let inside = c.is_alphanumeric();
            match (inside, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    let w = text[s..i].to_lowercase().replace('ё', "е");
                    let stem = st.as_ref().map_or(w.clone(), |st| st.stem(&w).into_owned());
                    words.push((Span::new(s, i), stem));
                    start = None;
                }
                _ => {}
            }
        }
        Words { words }
    }
}

/// All occurrences of any of `forms` in `text` (in language `lang`), in
/// order, longest form first where two start at the same place.
pub fn find(text: &str, lang: Lang, forms: &[String]) -> Vec<Hit> {
    Haystack::new(text, lang).find(forms)
}

/// A text made ready to search for many forms ([`Haystack::find`]): its
/// words, or for Chinese its characters in simplified script, are made
/// once rather than once per glossary entry.
pub struct Haystack<'a> {
    text: &'a str,
    lang: Lang,
    chinese: Option<Chinese>,
    words: Option<Words>,
}

/// A Chinese text in simplified script, character by character, with the
/// byte offset of each character and its original.
struct Chinese {
    key: Vec<char>,
    offsets: Vec<usize>,
    orig: Vec<char>,
}

impl<'a> Haystack<'a> {
    /// `text` in language `lang`, ready to search.
    pub fn new(text: &'a str, lang: Lang) -> Haystack<'a> {
        let chinese = lang.is_chinese().then(|| Chinese {
            key: convert::to_simplified_aligned(text),
            offsets: text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len())).collect(),
            orig: text.chars().collect(),
        });
        let words = (!lang.is_chinese()).then(|| Words::of(text, lang));
        Haystack { text, lang, chinese, words }
    }

    /// All occurrences of any of `forms`, as [`find`] gives them.
    pub fn find(&self, forms: &[String]) -> Vec<Hit> {
        type Indexed<'a> = Vec<(usize, &'a String)>;
        let (wordless, worded): (Indexed<'_>, Indexed<'_>) =
            forms.iter().enumerate().partition(|(_, f)| !f.chars().any(char::is_alphanumeric));
        let mut hits = match (&self.chinese, &self.words) {
            (Some(c), _) => find_chinese(c, forms),
            (None, Some(words)) => {
                let only: Vec<String> = worded.iter().map(|(_, f)| (*f).clone()).collect();
                let idx: Vec<usize> = worded.iter().map(|(i, _)| *i).collect();
                find_words(words, self.lang, &only).into_iter().map(|h| Hit { form: idx[h.form], ..h }).collect()
            }
            (None, None) => Vec::new(),
        };
        // Forms without letters or digits ("(", "—") are found as they are written.
        if !self.lang.is_chinese() {
            for (i, f) in wordless {
                if f.is_empty() {
                    continue;
                }
                hits.extend(self.text.match_indices(f.as_str()).map(|(at, m)| Hit {
                    span: Span::new(at, at + m.len()),
                    form: i,
                    exact: true,
                }));
            }
        }
        dedup(hits)
    }
}

fn find_chinese(text: &Chinese, forms: &[String]) -> Vec<Hit> {
    let Chinese { key, offsets, orig } = text;
    let mut hits = Vec::new();
    for (fi, form) in forms.iter().enumerate() {
        let fk = convert::to_simplified_aligned(form);
        let fo: Vec<char> = form.chars().collect();
        if fk.is_empty() {
            continue;
        }
        let mut i = 0;
        while i + fk.len() <= key.len() {
            if key[i..i + fk.len()] == fk[..] {
                let exact = orig[i..i + fk.len()] == fo[..];
                hits.push(Hit { span: Span::new(offsets[i], offsets[i + fk.len()]), form: fi, exact });
                i += fk.len();
            } else {
                i += 1;
            }
        }
    }
    dedup(hits)
}

fn find_words(words: &Words, lang: Lang, forms: &[String]) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (fi, form) in forms.iter().enumerate() {
        let pattern: Vec<String> = Words::of(form, lang).words.into_iter().map(|(_, s)| s).collect();
        if pattern.is_empty() {
            continue;
        }
        let w = &words.words;
        let mut i = 0;
        while i + pattern.len() <= w.len() {
            if w[i..i + pattern.len()].iter().zip(&pattern).all(|((_, a), b)| same_stem(a, b)) {
                let span = Span::new(w[i].0.start, w[i + pattern.len() - 1].0.end);
                hits.push(Hit { span, form: fi, exact: true });
                i += pattern.len();
            } else {
                i += 1;
            }
        }
    }
    dedup(hits)
}

/// Whether two stems are the same word: equal, or (Snowball's Russian stems
/// of one word differ by case: устав → уста, устава → устав) one a prefix of
/// the other, both at least four characters long.
fn same_stem(a: &str, b: &str) -> bool {
    a == b || (a.chars().count().min(b.chars().count()) >= 4 && (a.starts_with(b) || b.starts_with(a)))
}

/// Sort by position and drop hits inside a longer hit.
fn dedup(mut hits: Vec<Hit>) -> Vec<Hit> {
    hits.sort_by_key(|h| (h.span.start, std::cmp::Reverse(h.span.end)));
    let mut out: Vec<Hit> = Vec::new();
    for h in hits {
        if out.last().is_some_and(|l| h.span.start < l.span.end) {
            continue;
        }
        out.push(h);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_across_scripts() {
        let forms = vec!["上海合作組織".to_string()];
        let hits = find("上海合作组织成员国", Lang::ZhHans, &forms);
        assert_eq!(hits.len(), 1);
        assert!(!hits[0].exact);
        let hits = find("上海合作組織與上海合作組織", Lang::ZhHant, &forms);
        assert_eq!(hits.len(), 2);
        assert!(hits[0].exact);
    }

    #[test]
    fn stems_and_case() {
        let ru = vec!["Шанхайская организация сотрудничества".to_string()];
        let hits = find("государств — членов Шанхайской организации сотрудничества.", Lang::Ru, &ru);
        assert_eq!(hits.len(), 1);
        let en = vec!["Charter of the United Nations".to_string(), "UN Charter".to_string()];
        let text = "the charter of the United Nations and the UN Charter";
        let hits = find(text, Lang::En, &en);
        assert_eq!(hits.iter().map(|h| h.form).collect::<Vec<_>>(), vec![0, 1]);
        assert_eq!(hits[0].span.text(text), "charter of the United Nations");
        assert_eq!(find("SCO (RATS) and (x)", Lang::En, &["(".to_string()]).len(), 2);
        let ustav = vec!["Устав ООН".to_string()];
        assert_eq!(find("на основе Устава ООН и", Lang::Ru, &ustav).len(), 1);
    }
}
