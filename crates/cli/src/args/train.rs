//! Arguments of the trainers.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::ModelArgs;

/// `train` arguments.
#[derive(Debug, Args)]
pub struct TrainArgs {
    /// A corpus: NAME=SRC:TGT:GOLD, files or directories of files paired
    /// by name, one unit a line, and their gold beads (repeat for several
    /// corpora; pairs given under one NAME form one corpus)
    #[arg(long = "corpus", value_name = "NAME=SRC:TGT:GOLD", required = true)]
    pub corpora: Vec<String>,
    /// One unit in N of each side is damaged
    #[arg(long, default_value_t = 6)]
    pub every: usize,
    /// Seed of the insertions
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Damage each pair this many times, round r with seed SEED + r and
    /// the units r places after those of the first round (with N = EVERY,
    /// every unit once)
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=100))]
    pub rounds: u64,
    /// L2 penalty of the logistic regression
    #[arg(long, default_value_t = 1.0)]
    pub lambda: f64,
    /// Read words in order with these settings of the word-order model:
    /// SHARPNESS,DECAY,UNTRANSLATED (default: the built-in ones, which
    /// `check` uses; scripts/choose-hmm.sh compares settings)
    #[arg(long, value_name = "S,D,U")]
    pub hmm: Option<String>,
    /// How many occurrences the rate of a side's translated words weighs in
    /// each word's rate, for the feature `surprise`, from 0 to 1000
    /// (default: the built-in weight, which `check` uses)
    #[arg(long, value_name = "W", default_value_t = clausediff::check::omission::SurprisePrior::BUILT_IN.occurrences())]
    pub surprise_prior: f64,
    /// How much each corpus's examples count in the fit: every example
    /// alike, or every corpus alike whatever its size
    #[arg(long, value_enum, default_value_t = Weigh::Examples)]
    pub weigh: Weigh,
    /// The sentence-embedding model (needed: both weight sets are learnt)
    #[command(flatten)]
    pub model: ModelArgs,
    /// Where to write the weights (JSON)
    #[arg(long, short = 'o')]
    pub output: PathBuf,
    /// Also write every example (configuration, corpus, label, features) as TSV
    #[arg(long, value_name = "FILE")]
    pub examples: Option<PathBuf>,
}

/// How the trainer weighs the corpora's examples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Weigh {
    /// Every example as much as any other.
    Examples,
    /// Every corpus as much as any other.
    Corpora,
}

/// `train-skips` arguments.
#[derive(Debug, Args)]
pub struct TrainSkipsArgs {
    /// A corpus: NAME=SRC:TGT:GOLD, as for `train` (repeat for several)
    #[arg(long = "corpus", value_name = "NAME=SRC:TGT:GOLD", required = true)]
    pub corpora: Vec<String>,
    /// The sentence-embedding model (needed: it gives the evidence)
    #[command(flatten)]
    pub model: ModelArgs,
}

/// `train-align` arguments.
#[derive(Debug, Args)]
pub struct TrainAlignArgs {
    /// A corpus: NAME=SRC:TGT:GOLD, as for `train` (repeat for several)
    #[arg(long = "corpus", value_name = "NAME=SRC:TGT:GOLD", required = true)]
    pub corpora: Vec<String>,
    /// Passes over the documents
    #[arg(long, default_value_t = 5)]
    pub epochs: usize,
    /// Step of the perceptron, a share of the parameters' size
    #[arg(long, default_value_t = 0.02)]
    pub rate: f64,
    /// Set a parameter of the search the values are learnt for, e.g.
    /// `--set max_bead_total=4` (the learnt ones start from it)
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// The sentence-embedding model
    #[command(flatten)]
    pub model: ModelArgs,
}
