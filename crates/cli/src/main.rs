//! The `clausediff` command: clap arguments → validated options → library
//! calls, output and exit codes. Exit codes: 0 nothing to report, 1 findings
//! reported, 2 usage or input error.

mod align_cmd;
mod args;
mod batch_cmd;
mod budget;
mod eval_cmd;
mod examples;
mod git_cmd;
mod learn_cmd;
mod output;
mod report_cmd;
mod skips_cmd;
mod terms_cmd;
mod train_cmd;

use clap::Parser;

use args::{Cli, Command};

fn main() {
    std::process::exit(run());
}

/// Parse the arguments, run the command, return the exit code.
fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    if let Err(msg) = cli.command.check_stdin() {
        eprintln!("error: {msg}");
        return 2;
    }
    let result = match &cli.command {
        Command::Align(a) => align_cmd::run(a),
        Command::Eval(a) => eval_cmd::run(a),
        Command::Calibrate(a) => eval_cmd::calibrate(a),
        Command::Train(a) => train_cmd::run(a),
        Command::TrainSkips(a) => skips_cmd::run(a),
        Command::TrainAlign(a) => learn_cmd::run(a),
        Command::Detect(a) => align_cmd::detect(a),
        Command::Diff(a) => report_cmd::diff(a),
        Command::Check(a) => report_cmd::check(a),
        Command::Terms(a) => terms_cmd::terms(a),
        Command::Concord(a) => terms_cmd::concord(a),
        Command::Lint(a) => report_cmd::lint(a),
        Command::GitDiff(a) => git_cmd::run(a),
        Command::Batch(a) => batch_cmd::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return 0;
            }
            eprintln!("error: {e:#}");
            if let Some(hint) = language_hint(&cli.command, &e).or_else(|| memory_hint(&e)) {
                eprintln!("hint: {hint}");
            }
            2
        }
    }
}

/// Where to declare a language the input does not reveal, for each command.
fn language_hint(cmd: &Command, e: &anyhow::Error) -> Option<&'static str> {
    let unknown = e.chain().any(|c| {
        c.downcast_ref::<clausediff::Error>().is_some_and(|x| x.kind() == clausediff::ErrorKind::UndetectedLanguage)
    });
    if !unknown {
        return None;
    }
    Some(match cmd {
        Command::Align(_) | Command::Eval(_) => "declare it with --src-lang / --tgt-lang",
        Command::Diff(_) => "declare it with --old-lang / --new-lang",
        Command::Lint(_) => "declare it with --lang zh-Hant or --lang zh-Hans",
        Command::Check(_) | Command::Terms(_) | Command::Concord(_) => {
            "name the files by language tag (zh-Hant.txt, zh-Hans.txt, en.txt, ru.txt) in one directory"
        }
        _ => return None,
    })
}

/// How to raise the memory budget, when the error is a refusal for it.
fn memory_hint(e: &anyhow::Error) -> Option<&'static str> {
    let over = e
        .chain()
        .any(|c| c.downcast_ref::<clausediff::Error>().is_some_and(|x| x.kind() == clausediff::ErrorKind::OverBudget));
    over.then_some(
        "raise the limit with --max-memory SIZE or CLAUSEDIFF_MAX_MEMORY=SIZE (e.g. 8G), or give smaller inputs",
    )
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}
