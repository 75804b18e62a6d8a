//! Chinese abbreviations: characters written together, each the first
//! character of a name (中吉烏 of 中國, 吉爾吉斯斯坦, 烏茲別克斯坦),
//! rendered by names the other side writes in full and in the same order
//! ("China–Kyrgyzstan–Uzbekistan"). The dictionary has few such stretches
//! as words, so the segmenter leaves them as single characters, and each
//! character is read as the words it begins. An abbreviation the
//! dictionary has as a word (教科文组织, "UNESCO") is translated by it
//! instead and not looked at here.

use super::dictionary::{translations, SideWords};
use crate::text::lexicon::Lexicon;
use crate::text::{is_capitalised, Family};

/// The fewest and the most characters of an abbreviation.
const CHARACTERS: std::ops::RangeInclusive<usize> = 2..=4;

/// Most content words between two names of one abbreviation's rendering
/// (a name of two words; "and" between names is a function word, no
/// content word).
const GAP: usize = 1;

/// Link the words of `this` without a partner (`covered` false) that an
/// abbreviation links: on a Chinese side, its characters; on an English
/// side, the names that render one of `other`. Only Chinese and English.
/// The partners need not be free: a whole series of names, in order, is
/// evidence enough that a name the encoder linked elsewhere also renders
/// its character here. The links made: (word of `this`, word of `other`).
pub fn abbreviation_links(
    this: SideWords<'_>,
    covered: &mut [bool],
    other: SideWords<'_>,
    lex: &Lexicon,
) -> Vec<(usize, usize)> {
    let links = match (this.lang.family(), other.lang.family()) {
        (Family::Chinese, Family::English) => abbreviations(this, other, lex),
        (Family::English, Family::Chinese) => {
            abbreviations(other, this, lex).into_iter().map(|(z, e)| (e, z)).collect()
        }
        _ => return Vec::new(),
    };
    let mut made = Vec::new();
    for (k, j) in links {
        if !covered[k] {
            covered[k] = true;
            made.push((k, j));
        }
    }
    made
}

/// Every abbreviation of `zh` that names of `en` render: (Chinese word,
/// English word) for each of its characters. An abbreviation is a
/// maximal stretch of [`CHARACTERS`] words of one character written
/// together; it is rendered when its characters, in order, each begin a
/// dictionary word that translates a capitalised word of `en`, those
/// words following one another (at most [`GAP`] words between).
fn abbreviations(zh: SideWords<'_>, en: SideWords<'_>, lex: &Lexicon) -> Vec<(usize, usize)> {
    let names: Vec<Option<Vec<u32>>> =
        en.words.iter().map(|w| is_capitalised(&en.text[w.bytes.clone()]).then(|| translations(en, w, lex))).collect();
    let renders =
        |c: char, j: usize| names[j].as_ref().is_some_and(|ids| ids.iter().any(|&id| lex.begins_word_for(c, id)));
    let mut out = Vec::new();
    for stretch in stretches(zh) {
        let chars: Vec<char> = stretch.clone().filter_map(|k| zh.words[k].form.chars().next()).collect();
        let found = (0..names.len()).find_map(|start| {
            if !renders(*chars.first()?, start) {
                return None;
            }
            let mut at = vec![start];
            for &c in &chars[1..] {
                let prev = *at.last()?;
                at.push((prev + 1..(prev + 2 + GAP).min(names.len())).find(|&j| renders(c, j))?);
            }
            Some(at)
        });
        if let Some(at) = found {
            out.extend(stretch.zip(at));
        }
    }
    out
}

/// The maximal stretches of single-character words written together, of
/// [`CHARACTERS`] words, as ranges of word indices.
fn stretches(zh: SideWords<'_>) -> Vec<std::ops::Range<usize>> {
    let single = |k: usize| zh.words[k].form.chars().count() == 1;
    let mut out = Vec::new();
    let mut k = 0;
    while k < zh.words.len() {
        let start = k;
        while k < zh.words.len() && single(k) && (k == start || zh.words[k - 1].bytes.end == zh.words[k].bytes.start) {
            k += 1;
        }
        if CHARACTERS.contains(&(k - start)) {
            out.push(start..k);
        }
        k = k.max(start + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::dictionary::tests::cut;
    use super::*;
    use crate::Lang;

    fn lexicon() -> Lexicon {
        Lexicon::from_tsv("中国\tchina\n吉尔吉斯斯坦\tkyrgyzstan\n乌兹别克斯坦\tuzbekistan\n铁路\trailway\n吉\tlucky\n")
    }

    fn linked(zh: (&str, &[&str]), en: (&str, &[&str])) -> Vec<(usize, usize)> {
        let (a, b) = (cut(zh.0, zh.1), cut(en.0, en.1));
        let zh = SideWords { text: zh.0, lang: Lang::ZhHant, words: &a };
        let en = SideWords { text: en.0, lang: Lang::En, words: &b };
        abbreviations(zh, en, &lexicon())
    }

    const ZH: (&str, &[&str]) = ("中吉烏鐵路", &["中", "吉", "乌", "铁路"]);

    #[test]
    fn each_character_of_an_abbreviation_links_the_name_it_begins() {
        let en = ("the China–Kyrgyzstan–Uzbekistan railway", &["China", "Kyrgyzstan", "Uzbekistan", "railway"][..]);
        assert_eq!(linked(ZH, en), [(0, 0), (1, 1), (2, 2)]);
        // Both ways: the English names are linked when they are the side read.
        let (a, b) = (cut(ZH.0, ZH.1), cut(en.0, en.1));
        let zh = SideWords { text: ZH.0, lang: Lang::ZhHant, words: &a };
        let en = SideWords { text: en.0, lang: Lang::En, words: &b };
        let mut covered = vec![false, true, false, false];
        let made = abbreviation_links(en, &mut covered, zh, &lexicon());
        assert_eq!((made, covered), (vec![(0, 0), (2, 2)], vec![true, true, true, false]));
    }

    #[test]
    fn names_out_of_order_apart_or_not_capitalised_render_no_abbreviation() {
        let cases: [(&str, &[&str]); 4] = [
            ("Uzbekistan, Kyrgyzstan and China", &["Uzbekistan", "Kyrgyzstan", "China"]),
            (
                "China railway plans Kyrgyzstan links to Uzbekistan",
                &["China", "railway", "plans", "Kyrgyzstan", "links", "Uzbekistan"],
            ),
            ("china–kyrgyzstan–uzbekistan", &["china", "kyrgyzstan", "uzbekistan"]),
            ("China and Kyrgyzstan", &["China", "Kyrgyzstan"]),
        ];
        for en in cases {
            assert!(linked(ZH, en).is_empty(), "{}", en.0);
        }
    }
}
