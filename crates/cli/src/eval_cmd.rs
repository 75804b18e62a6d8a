//! `clausediff eval` and `clausediff calibrate`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clausediff::align::bead::{parse_beads_checked, IdBead};
use clausediff::align::eval::{count, score, Counts};
use clausediff::align::omissions::{count_omissions, OmissionCounts};
use clausediff::align::LengthModel;
use clausediff::text::normalize;
use clausediff::{align_documents, segment, AlignOptions, Document, Lang, SegmentOptions};
use rayon::prelude::*;
use serde::Serialize;

use super::args::{CalibrateArgs, EvalArgs};
use super::budget::Sides;
use super::output::{self, align_options, dir_files, emit, stem};

fn read_beads(p: &Path) -> Result<Vec<IdBead>> {
    let text = clausediff::document::read_text(p)?;
    let name = clausediff::error::display_path(p);
    let parsed = parse_beads_checked(&text).with_context(|| format!("in {name}"))?;
    let beads = parsed.beads;
    anyhow::ensure!(!beads.is_empty(), "{name}: no beads (an empty alignment file)");
    output::warn(&name, &parsed.warnings);
    output::warn(&name, &clausediff::align::bead::duplicate_ids(&beads));
    Ok(beads)
}

/// Files of `p` (a directory, or one file).
fn files(p: &Path) -> Result<Vec<PathBuf>> {
    if p.is_dir() {
        dir_files(p)
    } else if p.symlink_metadata().is_ok() || p.as_os_str() == "-" {
        // A file, a pipe or standard input: the loader says what it cannot read.
        Ok(vec![p.to_path_buf()])
    } else {
        bail!("{}: no such file or directory", p.display())
    }
}

/// The file of `candidates` whose name without extension is `name`.
fn namesake(candidates: &[PathBuf], name: &str) -> Option<PathBuf> {
    candidates.iter().find(|c| stem(c) == name).cloned()
}

/// Candidates for pairing: the files of a directory, or one file given
/// directly, which pairs with the gold file whatever its name.
fn pick(dir_or_file: &Path, candidates: &[PathBuf], name: &str) -> Option<PathBuf> {
    if !dir_or_file.is_dir() {
        return candidates.first().cloned();
    }
    namesake(candidates, name)
}

/// The gold files of `p`: a directory's `.align` files when it has any
/// (the bundled layout keeps texts and beads together), else all its files.
fn gold_files(p: &Path) -> Result<Vec<PathBuf>> {
    let all = files(p)?;
    let align: Vec<PathBuf> = all.iter().filter(|f| f.extension().is_some_and(|e| e == "align")).cloned().collect();
    Ok(if align.is_empty() { all } else { align })
}

/// The names of the source and target files of a gold file named in the
/// bundled layout, `SRC--TGT.LEVEL.align` → `SRC.LEVEL.txt`, `TGT.LEVEL.txt`.
fn layout_names(g: &Path) -> Option<(String, String)> {
    let name = g.file_name()?.to_str()?.strip_suffix(".align")?;
    let (src, rest) = name.split_once("--")?;
    Some(match rest.split_once('.') {
        Some((tgt, level)) => (format!("{src}.{level}.txt"), format!("{tgt}.{level}.txt")),
        None => (format!("{src}.txt"), format!("{rest}.txt")),
    })
}

/// The source and target files of gold file `g`: by the bundled layout's
/// names when both are there, else the files of the same name (one file
/// given directly pairs whatever its name).
fn sides(g: &Path, (src, srcs): (&Path, &[PathBuf]), (tgt, tgts): (&Path, &[PathBuf])) -> Result<(PathBuf, PathBuf)> {
    let named = |c: &[PathBuf], n: &str| c.iter().find(|f| f.file_name().is_some_and(|x| x == n)).cloned();
    if let Some((s, t)) = layout_names(g) {
        if let (Some(s), Some(t)) = (named(srcs, &s), named(tgts, &t)) {
            return Ok((s, t));
        }
    }
    let name = stem(g);
    let s = pick(src, srcs, &name).with_context(|| format!("no source file for {}", g.display()))?;
    let t = pick(tgt, tgts, &name).with_context(|| format!("no target file for {}", g.display()))?;
    Ok((s, t))
}

/// One file's name, test beads and gold beads.
type Scored = (String, Vec<IdBead>, Vec<IdBead>);

/// One aligned file: its scores, its omission counts and its notes.
type Aligned = (Scored, OmissionCounts, Vec<String>);

#[derive(Serialize)]
struct FileRow {
    file: String,
    counts: Counts,
}

#[derive(Serialize)]
struct Report {
    files: Vec<FileRow>,
    total: Counts,
    scores: clausediff::Scores,
    /// How the units the alignment finds alone match the gold's (when aligned here).
    omissions: Option<OmissionCounts>,
    seconds: Option<f64>,
    /// What the alignment did without (the model when it is absent).
    notes: Vec<String>,
}

/// Run `eval`.
pub fn run(a: &EvalArgs) -> Result<i32> {
    let gold = gold_files(&a.gold)?;
    if gold.is_empty() {
        bail!("{}: no gold files", a.gold.display());
    }
    let started = Instant::now();
    let mut notes = Vec::new();
    let mut omissions = None;
    let rows: Vec<Scored> = match (&a.test, &a.src, &a.tgt) {
        (Some(test), _, _) => {
            let tests = files(test)?;
            let mut rows = Vec::new();
            for g in &gold {
                let t = pick(test, &tests, &stem(g)).with_context(|| format!("no test file for {}", g.display()))?;
                rows.push((stem(g), read_beads(&t)?, read_beads(g)?));
            }
            rows
        }
        (None, Some(src), Some(tgt)) => {
            // What can be refused is refused before the model is loaded: the
            // gold files and the declared languages.
            let golds: Vec<(PathBuf, Vec<IdBead>)> =
                gold.iter().map(|g| Ok((g.clone(), read_beads(g)?))).collect::<Result<_>>()?;
            let langs = (output::lang(a.settings.src_lang.as_deref())?, output::lang(a.settings.tgt_lang.as_deref())?);
            // A bad --set is refused before the texts are read.
            AlignOptions::default().configured(&output::assignments(&a.settings.set)?, None)?;
            let docs = load_sides(a, langs, (src, tgt), &golds)?;
            super::budget::check_pairs(&a.settings, &docs)?;
            let (opts, note) = align_options(&a.settings)?;
            notes.extend(note);
            let (rows, counts, aligned_notes) = align_and_read(&opts, &docs, &golds)?;
            notes.extend(aligned_notes);
            omissions = Some(counts);
            rows
        }
        _ => bail!("give --test DIR, or --src DIR and --tgt DIR"),
    };
    let seconds = a.test.is_none().then(|| started.elapsed().as_secs_f64());
    let mut total = Counts::default();
    let files: Vec<FileRow> = rows
        .iter()
        .map(|(name, test, gold)| {
            let c = count(test, gold);
            total += c;
            FileRow { file: name.clone(), counts: c }
        })
        .collect();
    let report = Report { scores: score(&total), files, total, omissions, seconds, notes };
    let text = if a.json { serde_json::to_string_pretty(&report)? + "\n" } else { table(&report) };
    emit(&text, None, &Default::default())?;
    Ok(0)
}

/// The source and target documents of every gold file (already read),
/// in the declared languages; read before anything is aligned, so that
/// their alignment can be checked against the memory budget first.
fn load_sides(
    a: &EvalArgs,
    (src_lang, tgt_lang): (Option<Lang>, Option<Lang>),
    (src, tgt): (&Path, &Path),
    golds: &[(PathBuf, Vec<IdBead>)],
) -> Result<Vec<Sides>> {
    let (srcs, tgts) = (files(src)?, files(tgt)?);
    let enc = a.settings.encoding.as_deref();
    // A file that several gold files pair with (one file, or standard
    // input, given directly) is read once.
    let mut read: HashMap<(PathBuf, bool), Arc<Document>> = HashMap::new();
    let mut load = |p: PathBuf, is_src: bool| -> Result<Arc<Document>> {
        if let Some(d) = read.get(&(p.clone(), is_src)) {
            return Ok(d.clone());
        }
        let d = Arc::new(output::load(&p, enc, if is_src { src_lang } else { tgt_lang })?);
        read.insert((p, is_src), d.clone());
        Ok(d)
    };
    golds
        .iter()
        .map(|(g, _)| {
            let (s, t) = sides(g, (src, &srcs), (tgt, &tgts))?;
            Ok(Sides { src: load(s, true)?, tgt: load(t, false)? })
        })
        .collect()
}
/// Align every pair of `docs` (presegmented) and score it against its
/// gold file; with the alignments' notes, each prefixed with its file's name.
fn align_and_read(
    opts: &AlignOptions,
    docs: &[Sides],
    golds: &[(PathBuf, Vec<IdBead>)],
) -> Result<(Vec<Scored>, OmissionCounts, Vec<String>)> {
    let mut opts = opts.clone();
    opts.segment.presegmented = true;
    let done: Vec<Aligned> = golds
        .par_iter()
        .zip(docs)
        .map(|((g, gold), Sides { src: sd, tgt: td })| {
            let name = stem(g);
            let gold = gold.clone();
            let r = align_documents(sd, td, &opts);
            clausediff::align::bead::check_ranges(&gold, r.src.units.len(), r.tgt.units.len()).with_context(|| {
                format!("{} does not fit {} and {}", g.display(), sd.path.display(), td.path.display())
            })?;
            let test: Vec<IdBead> =
                r.alignment.beads.iter().map(|b| (b.src.clone().collect(), b.tgt.clone().collect())).collect();
            let notes = r.notes.iter().map(|n| format!("{name}: {n}")).collect();
            let alone = (r.alignment.src_alone.as_slice(), r.alignment.tgt_alone.as_slice());
            let counts = count_omissions(&gold, &test, alone);
            Ok(((name, test, gold), counts, notes))
        })
        .collect::<Result<_>>()?;
    let mut notes = Vec::new();
    let mut omissions = OmissionCounts::default();
    let rows = done
        .into_iter()
        .map(|(row, counts, n)| {
            omissions += &counts;
            notes.extend(n);
            row
        })
        .collect();
    Ok((rows, omissions, notes))
}

fn table(r: &Report) -> String {
    let mut out = String::from("file\tstrict P hits\tlax P hits\ttest beads\tstrict R hits\tlax R hits\tgold beads\n");
    for f in &r.files {
        let c = &f.counts;
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            f.file, c.strict_p_hits, c.lax_p_hits, c.p_total, c.strict_r_hits, c.lax_r_hits, c.r_total
        ));
    }
    let s = &r.scores;
    out.push_str(&format!(
        "strict: P {:.3}  R {:.3}  F1 {:.3}\nlax:    P {:.3}  R {:.3}  F1 {:.3}\n",
        s.strict_precision, s.strict_recall, s.strict_f1, s.lax_precision, s.lax_recall, s.lax_f1
    ));
    if let Some(o) = &r.omissions {
        out.push_str(&omissions_table(o));
    }
    if let Some(t) = r.seconds {
        out.push_str(&format!("time: {t:.2} s (load, align, score)\n"));
    }
    for n in &r.notes {
        out.push_str(&format!("note: {n}\n"));
    }
    out
}

/// The omission counts as lines: the gold's units alone, the log-loss, and
/// precision and recall at each threshold.
fn omissions_table(o: &OmissionCounts) -> String {
    let mut out = format!(
        "omissions: {} of {} units alone in the gold; mean log-loss {:.4}\n  left alone by the alignment: {} of the gold's, {} in all\n",
        o.gold,
        o.units,
        o.mean_log_loss(),
        o.found,
        o.left_alone
    );
    for (t, p, r) in o.precision_recall() {
        out.push_str(&format!("  p(alone) >= {t:.2}: P {p:.3}  R {r:.3}\n"));
    }
    out
}

/// Run `calibrate`: estimate c and s2 from the gold 1-1 beads.
pub fn calibrate(a: &CalibrateArgs) -> Result<i32> {
    let (srcs, tgts) = (files(&a.src)?, files(&a.tgt)?);
    let mut pairs = Vec::new();
    for g in gold_files(&a.gold)? {
        let (s, t) = sides(&g, (&a.src, &srcs), (&a.tgt, &tgts))?;
        let lens = |p: &Path| -> Result<Vec<usize>> {
            let d = Document::load(
                p,
                &clausediff::LoadOptions { lang: Some(clausediff::Lang::Other), ..Default::default() },
            )?;
            let seg = segment(
                &d.text,
                d.lang,
                clausediff::Level::Sentence,
                &SegmentOptions { presegmented: true, ..Default::default() },
            );
            Ok(seg.units.iter().map(|u| normalize::length(u.span.text(&d.text))).collect())
        };
        let (ls, lt) = (lens(&s)?, lens(&t)?);
        let beads = read_beads(&g)?;
        clausediff::align::bead::check_ranges(&beads, ls.len(), lt.len())
            .with_context(|| format!("{} does not fit {} and {}", g.display(), s.display(), t.display()))?;
        for (si, ti) in beads {
            if si.len() == 1 && ti.len() == 1 {
                let (a, b) = (si[0], ti[0]);
                if a < ls.len() && b < lt.len() {
                    pairs.push((ls[a], lt[b]));
                }
            }
        }
    }
    let m = LengthModel::estimate(&pairs).context("fewer than two 1-1 gold beads")?;
    let text = format!(
        "1-1 beads: {}\nc = {:.4}\ns2 = {:.4}\nto align with this model: --set c={:.4} --set s2={:.4}\n",
        pairs.len(),
        m.c,
        m.s2,
        m.c,
        m.s2
    );
    emit(&text, None, &Default::default())?;
    Ok(0)
}
