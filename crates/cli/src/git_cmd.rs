//! `clausediff git-diff`: `diff` as git's external diff driver. Git calls
//! the driver with `PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX
//! NEW-MODE` (and two more for a rename) and stops at a driver that exits
//! with anything but 0, so this prints a header and the differences (or why
//! there are none to show) and exits 0; only a wrong call is an error.

use std::path::Path;

use anyhow::{bail, Result};
use clausediff::diff::{diff as diff_releases, DiffOptions};
use clausediff::render::report_table;
use clausediff::render::view::View;

use super::args::GitDiffArgs;
use super::output;

/// Run `git-diff`.
pub fn run(a: &GitDiffArgs) -> Result<i32> {
    let [path, old, _, _, new, ..] = a.args.as_slice() else {
        bail!("git-diff expects git's arguments: PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE");
    };
    if !(a.args.len() == 7 || a.args.len() == 9) {
        bail!("git-diff expects 7 arguments (9 for a rename), got {}", a.args.len());
    }
    let mut text = format!("clausediff {path}\n");
    text.push_str(&body(a, (Path::new(old), Path::new(new))));
    output::emit(&text, None, &output::Inputs::of([Path::new(old), Path::new(new)]))?;
    Ok(0)
}

/// The differences of two files, or a line saying why they are not shown.
fn body(a: &GitDiffArgs, (old, new): (&Path, &Path)) -> String {
    let dev_null = |p: &Path| p == Path::new("/dev/null");
    if dev_null(old) {
        return "new file\n".to_string();
    }
    if dev_null(new) {
        return "deleted file\n".to_string();
    }
    match compare(a, old, new) {
        Ok(table) => table,
        Err(e) => format!("not compared: {e:#}\n"),
    }
}

fn compare(a: &GitDiffArgs, old: &Path, new: &Path) -> Result<String> {
    let old = output::load(old, None, None)?;
    let new = output::load(new, None, None)?;
    let opts = DiffOptions { max_memory: Some(super::budget::MemoryArgs::default().limit()?), ..Default::default() };
    let result = diff_releases(&old, &new, &opts)?;
    let mut view = View::of_diff(&result, &old, &new);
    view.report = view.report.quiet(&[]);
    // Git's pager is no terminal of ours, but colours like one.
    let pager = std::env::var_os("GIT_PAGER_IN_USE").is_some();
    Ok(report_table(&view, &super::report_cmd::display(&a.display, pager)))
}
