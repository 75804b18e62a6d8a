//! Versions aligned to a master: every version is aligned to the master
//! (in parallel, as [`super::align_documents`] aligns two documents), and
//! the pairwise alignments are merged into one n-way table whose rows hold
//! the master's units and, per version, the units aligned to them.

use std::ops::Range;

use rayon::prelude::*;

use super::review::AnchorFile;
use super::{align_anchored, align_documents, AlignOptions, Alignment};
use crate::document::Document;
use crate::error::{Error, ErrorKind, Result};
use crate::segment::{segment, Segmentation};
use crate::text::words::content_words;

/// One version aligned to the master.
#[derive(Debug, Clone)]
pub struct VersionAlignment {
    /// The version's units.
    pub seg: Segmentation,
    /// Master units ↔ version units.
    pub alignment: Alignment,
    /// What the search did that a user should know (band widenings, fallbacks).
    pub notes: Vec<String>,
    /// For each bead, whether a user confirmed it (kept from an anchors
    /// file); empty when none was.
    pub confirmed: Vec<bool>,
}

/// A row of the n-way table: master units and, per version, its units.
#[derive(Debug, Clone, PartialEq)]
pub struct NRow {
    /// Master units.
    pub master: Range<usize>,
    /// Units of each version.
    pub versions: Vec<Range<usize>>,
}

/// Versions aligned to their master, and the n-way table.
#[derive(Debug, Clone)]
pub struct MultiAlignment {
    /// The master's units.
    pub master: Segmentation,
    /// Each version's alignment to the master, in the order given.
    pub versions: Vec<VersionAlignment>,
    /// The n-way table.
    pub rows: Vec<NRow>,
}

/// Align each of `versions` to `master` at `opts.level`; an error without versions.
pub fn align_versions(master: &Document, versions: &[&Document], opts: &AlignOptions) -> Result<MultiAlignment> {
    align_versions_anchored(master, versions, opts, &[])
}

/// [`align_versions`], keeping the confirmed beads of `anchors` ([`align_anchored`]):
/// a review file applies to the version it was saved for (by checksum); a
/// plain bead file, which names no document, only when there is one version.
pub fn align_versions_anchored(
    master: &Document,
    versions: &[&Document],
    opts: &AlignOptions,
    anchors: &[AnchorFile],
) -> Result<MultiAlignment> {
    if versions.is_empty() {
        return Err(Error::new(ErrorKind::InvalidOption, "at least one version besides the master is needed"));
    }
    let chosen = anchors_of_versions(versions, anchors)?;
    prefetch(master, versions, opts);
    let pairs: Vec<super::DocAlignment> = versions
        .par_iter()
        .zip(&chosen)
        .map(|(v, file)| match file {
            Some(f) => align_anchored(master, v, opts, f).map_err(|e| e.with_path(&v.path)),
            None => Ok(align_documents(master, v, opts)),
        })
        .collect::<Result<_>>()?;
    let master_seg = pairs[0].src.clone();
    let versions: Vec<VersionAlignment> = pairs
        .into_iter()
        .map(|a| VersionAlignment { seg: a.tgt, alignment: a.alignment, notes: a.notes, confirmed: a.confirmed })
        .collect();
    let rows = merge(master_seg.units.len(), &versions);
    Ok(MultiAlignment { master: master_seg, versions, rows })
}

/// The anchors file of each version, if any: a review file goes to the
/// version whose checksum it names; a plain bead file to the only version.
fn anchors_of_versions<'a>(versions: &[&Document], anchors: &'a [AnchorFile]) -> Result<Vec<Option<&'a AnchorFile>>> {
    let mut out: Vec<Option<&AnchorFile>> = vec![None; versions.len()];
    let sums: Vec<String> =
        if anchors.is_empty() { Vec::new() } else { versions.iter().map(|v| v.checksum()).collect() };
    for f in anchors {
        let k = match (&f.target, versions.len()) {
            (Some(t), _) => sums.iter().position(|s| *s == t.sha256).ok_or_else(|| {
                let name = if t.name.is_empty() { String::new() } else { format!(" ({})", t.name) };
                Error::new(ErrorKind::Mismatch, format!("an anchors file was saved for none of the versions{name}"))
            })?,
            (None, 1) => 0,
            (None, _) => {
                return Err(Error::new(
                    ErrorKind::InvalidOption,
                    "a plain bead file names no document: with several versions, give review files \
                     (saved by the --format html page, or by align --format review)",
                ))
            }
        };
        if out[k].replace(f).is_some() {
            return Err(Error::new(ErrorKind::InvalidOption, format!("two anchors files for {}", versions[k].name())));
        }
    }
    Ok(out)
}

/// Embed at once what every version's alignment asks of the encoder about
/// the master (its units) and every word, so that the parallel alignments
/// find them in the cache instead of each encoding them again.
fn prefetch(master: &Document, versions: &[&Document], opts: &AlignOptions) {
    let Some(m) = opts.model.as_ref() else { return };
    let across: Vec<&Document> =
        versions.iter().copied().filter(|v| opts.for_pair(master.lang, v.lang).model.is_some()).collect();
    if across.is_empty() {
        return;
    }
    let units = segment(&master.text, master.lang, opts.level, &opts.segment);
    super::embed_units(m, master, &units);
    // Only the versions whose words are linked to the master's ask for word vectors.
    let linked: Vec<&Document> = across.iter().copied().filter(|v| master.lang.links_words_with(v.lang)).collect();
    if opts.weights.words > 0.0 && !linked.is_empty() {
        let forms: std::collections::BTreeSet<String> = std::iter::once(master)
            .chain(linked)
            .flat_map(|d| content_words(&d.text, d.lang).into_iter().map(|w| w.form))
            .collect();
        m.embed(&forms.iter().map(String::as_str).collect::<Vec<_>>());
    }
}

impl MultiAlignment {
    /// For each master unit, the units of version `k` in its bead.
    pub fn bead_map(&self, k: usize) -> Vec<Range<usize>> {
        let mut out = vec![0..0; self.master.units.len()];
        for b in &self.versions[k].alignment.beads {
            for i in b.src.clone() {
                out[i] = b.tgt.clone();
            }
        }
        out
    }

    /// The text of every aligned unit pair (master, version `k`) with units on both sides.
    pub fn unit_pairs(&self, master: &Document, version: &Document, k: usize) -> Vec<(String, String)> {
        let v = &self.versions[k];
        let text = |doc: &Document, seg: &Segmentation, r: &Range<usize>| {
            seg.span_of(r).map_or_else(String::new, |s| s.text(&doc.text).to_string())
        };
        v.alignment
            .beads
            .iter()
            .filter(|b| !b.src.is_empty() && !b.tgt.is_empty())
            .map(|b| (text(master, &self.master, &b.src), text(version, &v.seg, &b.tgt)))
            .collect()
    }

    /// Every version's notes, each after its version's label.
    pub fn notes(&self, labels: &[String]) -> Vec<String> {
        self.versions.iter().zip(labels).flat_map(|(v, l)| v.notes.iter().map(move |n| format!("{l}: {n}"))).collect()
    }
}

/// Rows of the n-way table: a row boundary falls where every version has a
/// bead boundary on the master side; units a version adds stay in the row
/// where they occur.
pub(crate) fn merge(n_master: usize, versions: &[VersionAlignment]) -> Vec<NRow> {
    // cut[i]: every version has a bead starting at master unit i
    let mut cut = vec![true; n_master + 1];
    for v in versions {
        let mut starts = vec![false; n_master + 1];
        starts[n_master] = true;
        for b in &v.alignment.beads {
            if !b.src.is_empty() {
                starts[b.src.start] = true;
            }
        }
        for (c, s) in cut.iter_mut().zip(&starts) {
            *c &= *s;
        }
    }
    let mut bounds: Vec<usize> = (0..=n_master).filter(|&i| cut[i]).collect();
    if bounds.first() != Some(&0) {
        bounds.insert(0, 0);
    }
    let mut rows: Vec<NRow> =
        bounds.windows(2).map(|w| NRow { master: w[0]..w[1], versions: vec![0..0; versions.len()] }).collect();
    if rows.is_empty() {
        rows.push(NRow { master: 0..0, versions: vec![0..0; versions.len()] });
    }
    for (k, v) in versions.iter().enumerate() {
        let mut row = 0;
        for b in &v.alignment.beads {
            if !b.src.is_empty() {
                while row + 1 < rows.len() && rows[row].master.end <= b.src.start {
                    row += 1;
                }
            }
            extend(&mut rows[row].versions[k], &b.tgt);
        }
    }
    rows
}

fn extend(r: &mut Range<usize>, add: &Range<usize>) {
    if add.start >= add.end {
        return;
    }
    *r = if r.start >= r.end { add.clone() } else { r.start.min(add.start)..r.end.max(add.end) };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Bead;
    use crate::segment::{segment, Level, SegmentOptions};

    fn version(beads: &[(Range<usize>, Range<usize>)]) -> VersionAlignment {
        let beads =
            beads.iter().map(|(s, t)| Bead { src: s.clone(), tgt: t.clone(), score: 1.0, posterior: 1.0 }).collect();
        let seg = segment("a", crate::Lang::En, Level::Sentence, &SegmentOptions::default());
        VersionAlignment { seg, alignment: Alignment { beads, ..Default::default() }, notes: vec![], confirmed: vec![] }
    }

    #[test]
    fn rows_break_where_every_version_has_a_bead_boundary() {
        // Version A: 0 | 1-2 | 3; version B: 0-1 | 2 | 3, and adds a unit after 3.
        let a = version(&[(0..1, 0..1), (1..3, 1..2), (3..4, 2..3)]);
        let b = version(&[(0..2, 0..1), (2..3, 1..2), (3..4, 2..3), (4..4, 3..4)]);
        let rows = merge(4, &[a, b]);
        let got: Vec<(Range<usize>, Vec<Range<usize>>)> = rows.into_iter().map(|r| (r.master, r.versions)).collect();
        assert_eq!(got, vec![(0..3, vec![0..2, 0..2]), (3..4, vec![2..3, 2..4])]);
    }
}
