//! Many tiny units with the sentence-embedding model: the encoder runs in a
//! few large batches, and every distinct unit and distinct run of two to
//! four neighbouring units is made once for the life of the model's handle,
//! so the work of the encoder grows with the distinct texts, never with the
//! runs of units. Needs the model (scripts/fetch-model.sh); skipped with
//! a message without it, except in CI, which fetches it.

mod embed_support;

use std::collections::BTreeSet;

use clausediff::{align_documents, AlignOptions, Document, Lang, Level};

/// The non-empty lines of a bundled sentence file, repeated in order to `n` lines.
fn lines(name: &str, n: usize) -> Vec<String> {
    let path = embed_support::tianjin_dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let once: Vec<String> = text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
    once.iter().cycle().take(n).cloned().collect()
}

/// What the encoder makes for units `units` of one side: each unit, each
/// pair, and each run of three or four whose units all `join` (the others
/// are summed from their units' vectors).
fn texts(units: &[String], join: impl Fn(&str) -> bool) -> BTreeSet<Vec<String>> {
    (1..=4)
        .flat_map(|len| units.windows(len).map(<[String]>::to_vec))
        .filter(|run| run.len() <= 2 || run.iter().all(|u| join(u)))
        .collect()
}

#[test]
fn every_distinct_text_of_four_hundred_one_line_units_is_encoded_once_in_a_few_batches() {
    let Some(model) = embed_support::model_or_skip("many units") else { return };
    let n = 400;
    let (zh, en) = (lines("zh-Hant.sent.txt", n), lines("en.sent.txt", n));
    let src = Document::from_text(zh.join("\n"), Some(Lang::ZhHant)).expect("the Chinese units");
    let tgt = Document::from_text(en.join("\n"), Some(Lang::En)).expect("the English units");
    let mut opts = AlignOptions { level: Level::Sentence, ..Default::default() }.with_model(model.clone());
    opts.segment.presegmented = true;
    let result = align_documents(&src, &tgt, &opts);
    assert_eq!((result.src.units.len(), result.tgt.units.len()), (n, n));
    // Units repeat (the files have 177 and 171 lines): the distinct ones
    // are a fraction of the 3,200 units and runs asked for.
    let join = |u: &str| clausediff::embed::joins_from_pass(model.encoder().tokenize(u).len());
    let mut distinct = texts(&zh, join);
    distinct.extend(texts(&en, join));
    assert!(distinct.len() < 1_600, "{}", distinct.len());
    let (calls, encoded) = model.encoded();
    // A unit met before runs again only to make a run with a neighbour
    // not met beside it (the running sums a run is made of are not kept).
    let again = encoded.checked_sub(distinct.len()).expect("each distinct unit and pair encoded");
    assert!(
        again <= distinct.len() / 100,
        "{again} units run again besides {} distinct units and runs",
        distinct.len()
    );
    assert!(calls <= 2, "{calls} batches: one a side");
    // The same units again: all of them known, the encoder does not run.
    align_documents(&src, &tgt, &opts);
    assert_eq!(model.encoded(), (calls, encoded));
}
