//! Alignment with the sentence-embedding signal: quality floors on the
//! bundled Tianjin gold (MAC-Dev is measured by scripts/accuracy.sh). Needs the
//! model (scripts/fetch-model.sh); skipped with a message without it, except
//! in CI, which fetches it.

mod embed_support;

use std::path::Path;

use clausediff::align::bead::{parse_beads, IdBead};
use clausediff::align::eval::{count, score};
use clausediff::{align_documents, AlignOptions, Document, Lang, Level};

fn beads(src: &Document, tgt: &Document, opts: &AlignOptions) -> Vec<IdBead> {
    align_documents(src, tgt, opts)
        .alignment
        .beads
        .iter()
        .map(|b| (b.src.clone().collect(), b.tgt.clone().collect()))
        .collect()
}

fn load(path: &Path, lang: Lang) -> Document {
    Document::from_text(std::fs::read_to_string(path).expect("text"), Some(lang)).expect("doc")
}

#[test]
fn meaning_signal_quality() {
    let Some(m) = embed_support::model_or_skip("semantic alignment") else { return };
    let mut opts = AlignOptions { level: Level::Sentence, ..Default::default() }.with_model(m);
    opts.segment.presegmented = true;
    let dir = embed_support::tianjin_dir();
    let zh = load(&dir.join("zh-Hant.sent.txt"), Lang::ZhHant);
    for (tag, lang) in [("en", Lang::En), ("ru", Lang::Ru)] {
        let tgt = load(&dir.join(format!("{tag}.sent.txt")), lang);
        let gold = parse_beads(&std::fs::read_to_string(dir.join(format!("zh-Hant--{tag}.sent.align"))).expect("gold"))
            .expect("gold");
        let s = score(&count(&beads(&zh, &tgt, &opts), &gold));
        println!("Tianjin zh-Hant ↔ {tag} with the model: strict F1 {:.3}", s.strict_f1);
        assert!(s.strict_f1 >= 0.95, "{tag}: {s:?}");
    }
    // MAC-Dev with the model is measured by scripts/accuracy.sh (release build, docs/accuracy.md).
}
