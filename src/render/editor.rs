//! The alignment as an editor page, and the review file it saves.
//!
//! The page is one self-contained HTML5 file (inline CSS and JS, no
//! network): the beads side by side with their confidence, low-confidence
//! beads marked; the user merges, splits, moves unit boundaries and
//! confirms beads with the keyboard or the toolbar, with undo and redo, and
//! saves a review file ([`review_file`]'s format) by download. Work in
//! progress is kept in the browser's local storage under the documents'
//! checksums and offered back on reload. `align --anchors FILE` keeps the
//! confirmed beads of the saved file and re-aligns the rest.

use std::fmt::Write as _;

use serde::Serialize;

use super::markup::escape;
use super::Aligned;
use crate::align::bead::format_bead;
use crate::align::review::{level_name, CONFIRMED, REVIEW_MAGIC};
use crate::align::DocAlignment;
use crate::check::CheckResult;
use crate::document::Document;
use crate::segment::Segmentation;

/// Beads whose posterior is below this are marked as low-confidence: the
/// cost model finds them more likely wrong than right.
pub const LOW_CONFIDENCE: f32 = 0.5;

/// The page's style.
const CSS: &str = include_str!("assets/editor.css");
/// The page's script: rendering, editing, undo, saving.
const JS: &str = include_str!("assets/editor.js");

#[derive(Serialize)]
struct SideData<'a> {
    name: String,
    lang: &'a str,
    sha256: String,
    units: Vec<&'a str>,
}

#[derive(Serialize)]
struct PageData<'a> {
    schema: u32,
    level: &'static str,
    low: f32,
    src: SideData<'a>,
    tgt: SideData<'a>,
    /// `[src start, src end, tgt start, tgt end, score, posterior, confirmed]`.
    beads: Vec<(usize, usize, usize, usize, f32, f32, u8)>,
}

fn side<'a>(doc: &'a Document, seg: &Segmentation) -> SideData<'a> {
    SideData {
        name: doc.name(),
        lang: doc.lang.tag(),
        sha256: doc.checksum(),
        units: (0..seg.units.len()).map(|i| seg.unit_text(&doc.text, i)).collect(),
    }
}

/// The beads with the place of an empty side set where it falls in the
/// sequence (the aligner gives `0..0`), rounded for the page.
fn bead_rows(a: &Aligned<'_>) -> Vec<(usize, usize, usize, usize, f32, f32, u8)> {
    let (mut ns, mut nt) = (0, 0);
    let r = &a.result;
    let round = |x: f32| (x * 1000.0).round() / 1000.0;
    r.alignment
        .beads
        .iter()
        .enumerate()
        .map(|(k, b)| {
            let (s0, s1) = if b.src.is_empty() { (ns, ns) } else { (b.src.start, b.src.end) };
            let (t0, t1) = if b.tgt.is_empty() { (nt, nt) } else { (b.tgt.start, b.tgt.end) };
            (ns, nt) = (ns.max(s1), nt.max(t1));
            let confirmed = r.confirmed.get(k).copied().unwrap_or(false);
            (s0, s1, t0, t1, round(b.score), round(b.posterior), u8::from(confirmed))
        })
        .collect()
}

/// The data of the page as JSON safe inside a `<script>` element.
fn page_data(a: &Aligned<'_>) -> String {
    let data = PageData {
        schema: 1,
        level: level_name(a.result.src.level),
        low: LOW_CONFIDENCE,
        src: side(a.src, &a.result.src),
        tgt: side(a.tgt, &a.result.tgt),
        beads: bead_rows(a),
    };
    script_json(&data)
}

/// `value` as JSON that cannot end the `<script>` element holding it: `<`
/// only occurs inside JSON strings, where `\u003c` means the same.
fn script_json(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_default().replace('<', "\\u003c")
}

/// The editor page of alignment `a`, titled `title`.
pub fn editor(a: &Aligned<'_>, title: &str) -> String {
    let mut o = String::with_capacity(8192 + a.src.text.len() + a.tgt.text.len());
    o.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    o.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(o, "<title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>", escape(title));
    let _ = writeln!(o, "<header>\n<h1>{}</h1>", escape(title));
    let _ = writeln!(
        o,
        "<p class=\"meta\"><span lang=\"{}\">{}</span> ↔ <span lang=\"{}\">{}</span> · {} level</p>",
        escape(a.src.lang.tag()),
        escape(&a.src.name()),
        escape(a.tgt.lang.tag()),
        escape(&a.tgt.name()),
        level_name(a.result.src.level)
    );
    for n in &a.result.notes {
        let _ = writeln!(o, "<p class=\"notes\">{}</p>", escape(n));
    }
    o.push_str(TOOLBAR);
    o.push_str("</header>\n<main id=\"beads\" tabindex=\"0\" aria-label=\"beads\"></main>\n");
    let _ = writeln!(o, "<script type=\"application/json\" id=\"data\">{}</script>", page_data(a));
    let _ = write!(o, "<script>\n{JS}</script>\n</body>\n</html>\n");
    o
}

/// The toolbar, the restore banner and the key help.
const TOOLBAR: &str = r#"<div id="restore" class="banner" hidden><span id="restore-text"></span>
<button type="button" id="restore-yes">Restore</button> <button type="button" id="restore-no">Discard</button></div>
<nav class="toolbar">
<button type="button" data-op="merge" title="Merge the bead with the next (m)">Merge <kbd>m</kbd></button>
<button type="button" data-op="split" title="Split the bead in two (s)">Split <kbd>s</kbd></button>
<button type="button" data-op="srcUp" title="Last source unit to the next bead ([)">Src ↑ <kbd>[</kbd></button>
<button type="button" data-op="srcDown" title="First source unit of the next bead into this one (])">Src ↓ <kbd>]</kbd></button>
<button type="button" data-op="tgtUp" title="Last target unit to the next bead ({)">Tgt ↑ <kbd>{</kbd></button>
<button type="button" data-op="tgtDown" title="First target unit of the next bead into this one (})">Tgt ↓ <kbd>}</kbd></button>
<button type="button" data-op="confirm" title="Confirm the bead, or take the confirmation back (c)">Confirm <kbd>c</kbd></button>
<button type="button" data-op="undo" title="Undo (u, Ctrl+Z)">Undo <kbd>u</kbd></button>
<button type="button" data-op="redo" title="Redo (r, Ctrl+Y)">Redo <kbd>r</kbd></button>
<button type="button" data-op="save" title="Save the review file (w, Ctrl+S)">Save <kbd>w</kbd></button>
<span id="status" class="status" role="status"></span>
</nav>
<p class="help">Move with <kbd>j</kbd>/<kbd>k</kbd> (or ↓/↑), <kbd>n</kbd>/<kbd>p</kbd> to the next or previous unconfirmed low-confidence bead. An edited bead is confirmed. <code>clausediff align SRC TGT --anchors FILE</code> keeps the confirmed beads of the saved file and re-aligns the rest.</p>
"#;

/// The review file of alignment `a`: the page saves the same format.
pub fn review_file(a: &Aligned<'_>) -> String {
    let r = &a.result;
    let mut o = format!("# {REVIEW_MAGIC}\n# level: {}\n", level_name(r.src.level));
    for (side, doc, seg) in [("source", a.src, &r.src), ("target", a.tgt, &r.tgt)] {
        let name = doc.name().replace(char::is_control, " ");
        let _ = writeln!(o, "# {side}: sha256={} units={} name={name}", doc.checksum(), seg.units.len());
    }
    for (k, b) in r.alignment.beads.iter().enumerate() {
        o.push_str(&format_bead(b));
        if r.confirmed.get(k).copied().unwrap_or(false) {
            let _ = write!(o, " # {CONFIRMED}");
        }
        o.push('\n');
    }
    o
}

/// The check report's section that opens each version's alignment with
/// the master in the editor: one button a version, the page kept inside
/// the report (as a JSON string) and opened in a new tab from a blob.
pub fn review_section(result: &CheckResult, master: &Document, versions: &[&Document]) -> String {
    let mut all: Vec<&Document> = vec![master];
    all.extend_from_slice(versions);
    let labels = Document::labels(&all);
    let mut o = String::from(
        "<section class=\"review\" id=\"review\">\n<h2>Review the alignments</h2>\n<p>Each version's alignment \
         with the master opens in an editor: correct and confirm beads, save the review file, and run \
         <code>clausediff check … --anchors FILE</code> to keep them.</p>\n<p>",
    );
    let mut pages = String::new();
    for (k, (v, va)) in versions.iter().zip(&result.aligned.versions).enumerate() {
        let pair = DocAlignment {
            src: result.aligned.master.clone(),
            tgt: va.seg.clone(),
            alignment: va.alignment.clone(),
            signals: Vec::new(),
            notes: va.notes.clone(),
            confirmed: va.confirmed.clone(),
        };
        let title = format!("Alignment: {} ↔ {}", master.name(), v.name());
        let page = editor(&Aligned { src: master, tgt: v, result: &pair }, &title);
        let label = escape(&labels[k + 1]);
        let _ = writeln!(o, "<button type=\"button\" data-review=\"review-{k}\">{label}</button>");
        let json = script_json(&page);
        let _ = writeln!(pages, "<script type=\"application/json\" id=\"review-{k}\">{json}</script>");
    }
    o.push_str("</p>\n");
    o.push_str(&pages);
    o.push_str(OPEN_REVIEW);
    o.push_str("</section>\n");
    o
}

/// Opens a kept editor page in a new tab.
const OPEN_REVIEW: &str = "<script>document.querySelectorAll('button[data-review]').forEach(function (b) {\n\
  b.addEventListener('click', function () {\n\
    var page = JSON.parse(document.getElementById(b.getAttribute('data-review')).textContent);\n\
    window.open(URL.createObjectURL(new Blob([page], { type: 'text/html' })), '_blank');\n\
  });\n});</script>\n";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::review::{confirmed_pins, parse_anchors, Target};
    use crate::align::{align_anchored, AlignOptions};
    use crate::segment::Level;
    use crate::text::Lang;

    fn doc(text: &str) -> Document {
        Document::from_text(text.to_string(), Some(Lang::En)).expect("doc")
    }

    #[test]
    fn the_page_data_cannot_end_its_script_and_holds_every_unit() {
        let src = doc("One </script><script>alert(1)</script> sentence. Two sentences here.");
        let tgt = doc("Une phrase. Deux phrases ici. Trois.");
        let result = crate::align::align_documents(&src, &tgt, &AlignOptions::default());
        let page = editor(&Aligned { src: &src, tgt: &tgt, result: &result }, "a <b> title");
        // Only the page's own two scripts are closed.
        assert_eq!(page.matches("</script>").count(), 2, "{page}");
        assert!(page.contains("<title>a &lt;b&gt; title</title>"));
        let data = page.split("id=\"data\">").nth(1).and_then(|d| d.split("</script>").next()).expect("data");
        let v: serde_json::Value = serde_json::from_str(data).expect("json");
        assert_eq!(v["src"]["units"].as_array().map(Vec::len), Some(result.src.units.len()));
        assert!(v["src"]["units"][0].as_str().is_some_and(|u| u.contains("</script>")), "the text is intact");
        assert_eq!(v["src"]["sha256"], src.checksum());
        assert_eq!(v["beads"].as_array().map(Vec::len), Some(result.alignment.beads.len()));
    }

    #[test]
    fn a_review_file_reads_back_as_the_alignment_it_was_written_from() {
        let src = doc("The first sentence. The second one. A third.");
        let tgt = doc("La première phrase. La deuxième. Une troisième.");
        let kept = parse_anchors("[0]:[0]\n[1, 2]:[1, 2]\n").expect("parses");
        let result = align_anchored(&src, &tgt, &AlignOptions::default(), &kept).expect("aligns");
        let text = review_file(&Aligned { src: &src, tgt: &tgt, result: &result });
        let file = parse_anchors(&text).expect("parses");
        assert!(file.reviewed && file.source.as_ref().is_some_and(|s| s.units == 3));
        let to = Target { src: &src, tgt: &tgt, level: Level::Sentence, src_units: 3, tgt_units: 3 };
        let pins = confirmed_pins(&file, &to).expect("the same documents");
        let pairs: Vec<_> = pins.iter().map(|p| (p.src.clone(), p.tgt.clone())).collect();
        assert_eq!(pairs, vec![(0..1, 0..1), (1..3, 1..3)]);
    }
}
