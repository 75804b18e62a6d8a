//! The examples shown after each command's `--help`.

/// Examples of `batch`.
pub const BATCH_EXAMPLES: &str = "Examples:
  clausediff batch jobs.jsonl -o out/
  clausediff batch jobs.jsonl -o out/ --shard 3/8 --model ~/models/usem3
  clausediff batch jobs.jsonl -o out/ --no-model --jobs 2 --force

A manifest line: {\"id\": \"a1\", \"command\": \"align\", \"master\": \"zh/1.txt\", \"versions\": [\"en/1.txt\"],
                  \"options\": {\"level\": \"sentence\", \"format\": \"beads\"}}     (docs/usage.md, Batches)
A re-run skips the jobs whose output is up to date. Exit status: 0 every job done, 1 a job failed,
2 a malformed manifest or bad arguments.";

/// Examples of `git-diff`.
pub const GIT_DIFF_EXAMPLES: &str = "Examples:
  GIT_EXTERNAL_DIFF='clausediff git-diff' git diff
  git config diff.clausediff.command 'clausediff git-diff'
  echo '*.txt diff=clausediff' >> .gitattributes     (then: git diff)

With --color auto, colours when git's pager is in use (unless NO_COLOR is set).
Always exits 0 unless git's arguments are wrong: git stops at a driver that fails.";

/// Examples of `lint`.
pub const LINT_EXAMPLES: &str = "Examples:
  clausediff lint texts/tianjin/zh-Hant.txt
  clausediff lint converted.txt --lang zh-Hant --format json
  clausediff lint a.txt b.txt --show variant

Exit status: 0 nothing reported, 1 findings reported, 2 error.";

/// Examples of `terms`.
pub const TERMS_EXAMPLES: &str = "Examples:
  clausediff terms texts/tianjin --glossary texts/tianjin/glossary.tsv
  clausediff terms zh-Hant.txt en.txt ru.txt --glossary terms.tbx --format json
  clausediff terms texts/tianjin --extract -o candidates.tsv      (also .csv or .tbx)

Exit status: 0 nothing reported, 1 findings reported, 2 error.";

/// Examples of `concord`.
pub const CONCORD_EXAMPLES: &str = "Examples:
  clausediff concord 上海精神 texts/tianjin
  clausediff concord \"Shanghai Spirit\" texts/tianjin/zh-Hant.txt texts/tianjin/en.txt";

/// Examples of `check`.
pub const CHECK_EXAMPLES: &str = "Examples:
  clausediff check texts/tianjin                     (files named by language tag; zh-Hant is the master)
  clausediff check texts/tianjin/zh-Hant.txt texts/tianjin/en.txt texts/tianjin/ru.txt
  clausediff check texts/tianjin --ignore length --format json
  clausediff check texts/tianjin --format html -o tianjin.html
  clausediff check texts/tianjin --anchors zh-Hant.en.review.beads   (beads confirmed in the HTML page kept)
  clausediff check translated.xlf                    (XLIFF or TMX: each segment pair checked, empty targets reported)
  clausediff check memory.tmx --src-lang en --tgt-lang ru --format csv

Exit status: 0 nothing reported, 1 findings reported, 2 error.";

/// Examples of `diff`.
pub const DIFF_EXAMPLES: &str = "Examples:
  clausediff diff texts/tianjin/zh-Hant.txt texts/tianjin/zh-Hans.txt
  clausediff diff old.txt new.txt --ignore punctuation,whitespace --show script
  clausediff diff old.txt new.txt --format json -o report.json
  clausediff diff old.txt new.txt --format html -o report.html

Exit status: 0 no differences reported, 1 differences reported, 2 error.";

/// Examples of `align`.
pub const ALIGN_EXAMPLES: &str = "Examples:
  clausediff align texts/tianjin/zh-Hant.txt texts/tianjin/en.txt
  clausediff align zh.txt ru.txt --level clause --format json -o out.json
  clausediff align --presegmented --format beads src/001 tgt/001
  clausediff align --presegmented --format beads SRC_DIR TGT_DIR -o OUT_DIR
  clausediff align zh.txt en.txt --format html -o review.html   (correct in a browser, save zh.en.review.beads)
  clausediff align zh.txt en.txt --anchors zh.en.review.beads   (keep the confirmed beads, re-align the rest)";

/// Examples of `eval`.
pub const EVAL_EXAMPLES: &str = "Examples:
  clausediff eval --gold gold/ --test out/
  clausediff eval --src zh/ --tgt en/ --gold gold/
  clausediff eval --src alignments/tianjin --tgt alignments/tianjin --gold alignments/tianjin

Files pair by name; in one directory, SRC--TGT.LEVEL.align pairs with SRC.LEVEL.txt and TGT.LEVEL.txt.";

/// Examples of `calibrate`.
pub const CALIBRATE_EXAMPLES: &str = "Examples:
  clausediff calibrate --src alignments/tianjin/zh-Hant.sent.txt --tgt alignments/tianjin/en.sent.txt --gold alignments/tianjin/zh-Hant--en.sent.align
  clausediff calibrate --src zh/ --tgt en/ --gold gold/

It prints the model as --set c=… --set s2=…, which align, eval and check accept.";

/// Examples of `detect`.
pub const DETECT_EXAMPLES: &str = "Examples:
  clausediff detect texts/tianjin/*.txt
  clausediff detect --encoding gb18030 old-release.txt";

/// Examples of `train`.
pub const TRAIN_EXAMPLES: &str = "Examples:
  clausediff train --corpus mac-dev=../shared/data/mac-dev/zh:../shared/data/mac-dev/en:../shared/data/mac-dev/gold \\
                   -o weights.json
  (scripts/train-omissions.sh runs the command the bundled weights were made with)";

/// Examples for `train-skips`.
pub const TRAIN_SKIPS_EXAMPLES: &str = "Examples:
  clausediff train-skips --corpus mac-dev=../shared/data/mac-dev/zh:../shared/data/mac-dev/en:../shared/data/mac-dev/gold
  (scripts/train-skips.sh runs the command the built-in slope and centre were fitted with)";

/// Examples for `train-align`.
pub const TRAIN_ALIGN_EXAMPLES: &str = "Examples:
  clausediff train-align --corpus mac-dev=../shared/data/mac-dev/zh:../shared/data/mac-dev/en:../shared/data/mac-dev/gold \\
                         --corpus textberg=../shared/data/textberg/de:../shared/data/textberg/fr:../shared/data/textberg/gold
  (scripts/train-align.sh runs it on every corpus with gold)";
