//! The memory budget of the commands that align ([`clausediff::budget`]):
//! `--max-memory`, the `CLAUSEDIFF_MAX_MEMORY` variable, and the checks
//! each command makes once its texts are read, before the model is loaded
//! and before its heavy work.

use std::sync::Arc;

use anyhow::Result;
use clap::Args;
use clausediff::budget::{self, Estimate, Plan};
use clausediff::{AlignOptions, Document, Level, SegmentOptions};

use super::args::{AlignSettings, ModelArgs};

/// How much memory a run may be estimated to need.
#[derive(Debug, Clone, Default, Args)]
pub struct MemoryArgs {
    /// Refuse (exit 2) inputs whose run is estimated to need more memory than SIZE, e.g. 8G or
    /// 512M (default: $CLAUSEDIFF_MAX_MEMORY, else 4G; see docs/reliability.md)
    #[arg(long, value_name = "SIZE", value_parser = size)]
    pub max_memory: Option<u64>,
}

fn size(text: &str) -> Result<u64, String> {
    budget::parse_size(text).map_err(|e| e.message().to_string())
}

impl MemoryArgs {
    /// The budget: `--max-memory`, else `$CLAUSEDIFF_MAX_MEMORY`, else
    /// [`budget::DEFAULT_MAX_MEMORY`].
    pub fn limit(&self) -> Result<u64> {
        if let Some(limit) = self.max_memory {
            return Ok(limit);
        }
        Ok(budget::default_limit(std::env::var(budget::ENV).ok().as_deref())?)
    }

    /// Refuse `versions` aligned to `master` at `level` (as `check`,
    /// `terms` and `concord` align them; with the model when `model`) when
    /// their estimate passes the budget.
    pub fn check_versions(
        &self,
        master: &Document,
        versions: &[Document],
        (level, model): (Level, bool),
    ) -> Result<()> {
        let plan = Plan { level, segment: SegmentOptions::default(), model };
        let refs: Vec<&Document> = versions.iter().collect();
        Ok(Estimate::versions(master, &refs, &plan).check(self.limit()?)?)
    }

    /// Refuse an alignment of `src` and `tgt` under `opts` whose estimate passes the budget.
    pub fn check_align(&self, src: &Document, tgt: &Document, opts: &AlignOptions) -> Result<()> {
        Ok(Estimate::align(src, tgt, &Plan::of(opts)).check(self.limit()?)?)
    }
}

/// The budget of one of `jobs` jobs run at once within `limit`: the costs
/// a process pays once (its base, the model when `model`) are counted
/// once, and what is left is shared (a limit below the fixed costs is
/// every job's, and refuses them).
pub fn job_share(limit: u64, jobs: usize, model: bool) -> u64 {
    let fixed = budget::BASE + if model { budget::MODEL_BASE } else { 0 };
    if limit <= fixed {
        return limit;
    }
    fixed + (limit - fixed) / jobs.max(1) as u64
}

/// The budget of a job whose own estimate leaves out the model the
/// process holds (a diff) from its [`job_share`]: without the model's
/// cost, which the process pays once and the share already holds.
pub fn share_without_model(share: u64, model: bool) -> u64 {
    if model {
        share.saturating_sub(budget::MODEL_BASE)
    } else {
        share
    }
}

/// Whether the model will be loaded: asked for, or found in its default place.
pub fn model_expected(m: &ModelArgs) -> bool {
    !m.no_model
        && (m.model.is_some() || clausediff::embed::default_dir().is_some_and(|d| d.join("weights.npz").is_file()))
}

/// What an alignment under `settings` is estimated on (the model counted
/// when it will be loaded).
fn plan(settings: &AlignSettings) -> Plan {
    let level = settings.level.into();
    let segment = SegmentOptions { presegmented: settings.presegmented, ..Default::default() };
    Plan { level, segment, model: model_expected(&settings.model) }
}

/// Refuse the alignment of the loaded `src` and `tgt` under `settings`
/// whose estimate passes the budget (before the model is loaded).
pub fn check_pair(settings: &AlignSettings, src: &Document, tgt: &Document) -> Result<()> {
    Ok(Estimate::align(src, tgt, &plan(settings)).check(settings.memory.limit()?)?)
}

/// A source document and its target, to be aligned (a document several
/// pairs share is held once).
pub struct Sides {
    /// The source document.
    pub src: Arc<Document>,
    /// The target document.
    pub tgt: Arc<Document>,
}

/// The estimate of aligning `pairs` under `plan`: the largest ones, as
/// many as run in parallel, counted at once, and `held` bytes of the
/// texts held meanwhile beyond theirs (a byte a byte).
fn pairs_estimate<'a>(
    plan: &Plan,
    pairs: impl IntoIterator<Item = (&'a Document, &'a Document)>,
    held: u64,
) -> Estimate {
    let mut each: Vec<Estimate> = pairs.into_iter().map(|(s, t)| Estimate::align(s, t, plan)).collect();
    each.sort_by_key(|e| std::cmp::Reverse(e.bytes));
    each.truncate(rayon::current_num_threads());
    let mut e = Estimate::all(each);
    e.bytes = e.bytes.saturating_add(held.saturating_sub(e.text));
    e
}

/// Refuse the alignments of `docs` (presegmented, as `eval` aligns them)
/// under `settings` whose estimate passes the budget ([`pairs_estimate`];
/// every text `eval` holds is counted, each once).
pub fn check_pairs(settings: &AlignSettings, docs: &[Sides]) -> Result<()> {
    let mut plan = plan(settings);
    plan.segment.presegmented = true;
    let e = pairs_estimate(&plan, docs.iter().map(|d| (&*d.src, &*d.tgt)), held(docs));
    Ok(e.check(settings.memory.limit()?)?)
}

/// The bytes of text `docs` hold, a text that several pairs share (one
/// file given for many gold files) counted once.
fn held(docs: &[Sides]) -> u64 {
    let mut seen = std::collections::HashSet::new();
    docs.iter()
        .flat_map(|d| [&d.src, &d.tgt])
        .filter(|d| seen.insert(Arc::as_ptr(d)))
        .map(|d| d.text.len() as u64)
        .sum()
}

/// Refuse an `align` of two directories under `settings` whose estimate
/// passes the budget, from the pairs aligned at once (`loaded`, the largest
/// ones, read for it before the model is loaded).
pub fn check_pairs_of(settings: &AlignSettings, loaded: &[(Document, Document)]) -> Result<()> {
    let e = pairs_estimate(&plan(settings), loaded.iter().map(|(s, t)| (s, t)), 0);
    Ok(e.check(settings.memory.limit()?)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_several_pairs_share_is_held_once() {
        let doc = |t: &str| Arc::new(Document::from_text(t, Some(clausediff::Lang::En)).expect("text"));
        let (shared, a, b) = (doc("The member states reaffirm."), doc("One."), doc("Two, three."));
        let pairs = [Sides { src: shared.clone(), tgt: a.clone() }, Sides { src: shared.clone(), tgt: b.clone() }];
        let once = (shared.text.len() + a.text.len() + b.text.len()) as u64;
        assert_eq!(held(&pairs), once);
        // The same text read twice (two files) is two texts.
        let apart = [Sides { src: shared.clone(), tgt: a }, Sides { src: doc("The member states reaffirm."), tgt: b }];
        assert_eq!(held(&apart), once + shared.text.len() as u64);
    }

    #[test]
    fn the_fixed_costs_are_counted_once_and_the_rest_is_shared() {
        let (base, model) = (budget::BASE, budget::MODEL_BASE);
        for limit in [1u64 << 30, 4 << 30, (5 << 30) + 12_345] {
            for jobs in [1usize, 2, 3, 8, 64] {
                for loaded in [false, true] {
                    let fixed = base + if loaded { model } else { 0 };
                    let share = job_share(limit, jobs, loaded);
                    // Every job's estimate holds the fixed costs; the parts
                    // past them, one a job run at once, fit what is left.
                    assert!(share > fixed, "{limit} {jobs} {loaded}");
                    assert!(fixed + (share - fixed) * jobs as u64 <= limit, "{limit} {jobs} {loaded}");
                    // Not much is lost to rounding.
                    assert!(limit - (fixed + (share - fixed) * jobs as u64) < jobs as u64);
                    // A diff estimates without the model: the same part past its base.
                    let diff = share_without_model(share, loaded);
                    assert_eq!(diff - base, share - fixed, "{limit} {jobs} {loaded}");
                }
            }
        }
        assert_eq!(job_share(1 << 20, 8, true), 1 << 20, "a limit below the fixed costs is kept");
    }
}
