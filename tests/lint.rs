//! `lint` on the bundled texts: the naive-conversion errors of the
//! traditional text (Table B of texts/README.md) found with nothing else
//! blamed; the same text with Table B corrected, and the simplified
//! edition, give nothing.

use clausediff::lint::lint;
use clausediff::report::Kind;
use clausediff::{Document, Lang};

fn table_b() -> Vec<(usize, usize, String)> {
    let tsv = std::fs::read_to_string("texts/tianjin/conversion-errors.tsv").expect("tsv");
    tsv.lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            (f[1].parse().expect("start"), f[2].parse().expect("end"), f[4].to_string())
        })
        .collect()
}

fn listed(doc: &Document) -> Vec<(Kind, usize, usize)> {
    let r = lint(doc).expect("lint");
    r.report
        .findings
        .iter()
        .filter(|f| !f.kind.is_quiet())
        .filter_map(|f| f.master.as_ref().map(|m| (f.kind, m.start, m.end)))
        .collect()
}

#[test]
fn the_traditional_text_s_conversion_errors_are_found() {
    let doc = Document::load(std::path::Path::new("texts/tianjin/zh-Hant.txt"), &Default::default()).expect("doc");
    let found = listed(&doc);
    let rows = table_b();
    let hit = |&(a, b, _): &(usize, usize, String)| {
        found.iter().any(|&(k, s, e)| k == Kind::ConversionError && s < b && a < e)
    };
    let missed: Vec<&(usize, usize, String)> = rows.iter().filter(|r| !hit(r)).collect();
    let others: Vec<&(Kind, usize, usize)> =
        found.iter().filter(|&&(_, s, e)| !rows.iter().any(|&(a, b, _)| s < b && a < e)).collect();
    println!("lint: {} of {} found, {} others; missed {missed:?}", rows.len() - missed.len(), rows.len(), others.len());
    // Missed (texts/README.md): 制販 (no word list has 製販). 準入 is found
    // though OpenCC writes 市場準入: the sources dispute that word, and the
    // text writes 準 for 准 elsewhere (批準).
    assert!(rows.len() - missed.len() >= 15, "missed {missed:?}");
    assert!(others.is_empty(), "{others:?}");
}

#[test]
fn correct_texts_give_nothing() {
    // The bundled traditional text with every error of Table B corrected.
    let mut text = std::fs::read_to_string("texts/tianjin/zh-Hant.txt").expect("text");
    let mut rows = table_b();
    rows.sort_by_key(|r| std::cmp::Reverse(r.0));
    for (a, b, correct) in rows {
        text.replace_range(a..b, &correct);
    }
    let fixed = Document::from_text(text, Some(Lang::ZhHant)).expect("doc");
    assert_eq!(listed(&fixed), []);
    let hans = Document::load(std::path::Path::new("texts/tianjin/zh-Hans.txt"), &Default::default()).expect("doc");
    assert_eq!(listed(&hans), []);
}

#[test]
fn a_converted_literary_text_is_blamed_only_where_the_converter_erred() {
    // MAC-Dev's simplified chapters through OpenCC's s2t: traditional text
    // nobody here wrote. The three findings are OpenCC's own: 篩面 for 篩麵
    // (flour) and 積水錶面 for 積水表面 (水表 read as 水錶, "water meter").
    let Some(hans) = mac_dev() else { return };
    let simplified = Document::from_text(hans.clone(), Some(Lang::ZhHans)).expect("doc");
    assert_eq!(listed(&simplified), [], "the simplified chapters");
    let hant = clausediff::text::convert::to_traditional(&hans);
    let doc = Document::from_text(hant, Some(Lang::ZhHant)).expect("doc");
    let found = listed(&doc);
    println!("converted MAC-Dev ({} bytes): {} findings", doc.text.len(), found.len());
    assert!(found.len() <= 3, "{found:?}");
}

#[test]
fn a_naively_converted_literary_text_is_blamed_where_the_conversion_erred() {
    // MAC-Dev's simplified chapters converted character by character (each
    // character alone through OpenCC: its default form, as a naive converter
    // writes it),
    // scored against OpenCC's s2t, which weighs the words: a finding is
    // right where the two conversions differ.
    let Some(hans) = mac_dev() else { return };
    let reference: Vec<char> = clausediff::text::convert::to_traditional(&hans).chars().collect();
    let naive: String = hans
        .chars()
        .map(|c| {
            let t = clausediff::text::convert::to_traditional(&c.to_string());
            if t.chars().count() == 1 {
                t
            } else {
                c.to_string()
            }
        })
        .collect();
    let offsets: Vec<usize> = naive.char_indices().map(|(b, _)| b).collect();
    assert_eq!(offsets.len(), reference.len(), "one character for one");
    let wrong: std::collections::HashSet<usize> =
        naive.chars().enumerate().filter(|&(i, c)| reference[i] != c).map(|(i, _)| offsets[i]).collect();
    let doc = Document::from_text(naive, Some(Lang::ZhHant)).expect("doc");
    let errors: Vec<usize> =
        listed(&doc).into_iter().filter(|&(k, _, _)| k == Kind::ConversionError).map(|(_, s, _)| s).collect();
    let right = errors.iter().filter(|s| wrong.contains(s)).count();
    println!(
        "naive MAC-Dev: {} characters differ from s2t; {} findings, {right} of them where they differ",
        wrong.len(),
        errors.len()
    );
    // Most of the differences are characters that are words on their own
    // (只/隻, 才/纔, 夫/伕), which no word list decides.
    assert!(right >= 80, "{right} found");
    assert!(errors.len() - right <= 2, "{} innocent characters blamed", errors.len() - right);
}

/// MAC-Dev's six simplified chapters, or `None` (with a message) when
/// ../shared/data is absent.
fn mac_dev() -> Option<String> {
    let dir = std::path::Path::new("../shared/data/mac-dev/zh");
    let Ok(entries) = std::fs::read_dir(dir) else {
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "SKIPPED: {} is absent; the converted text is not linted", dir.display());
        return None;
    };
    let mut files: Vec<std::path::PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    Some(files.iter().map(|p| std::fs::read_to_string(p).expect("chapter") + "\n\n").collect())
}
