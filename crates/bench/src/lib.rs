//! Benchmarks of clausediff: `cargo bench -p clausediff-bench` (they are
//! kept out of the default build and test run). The texts they read are
//! the repository's bundled ones ([`repo`]).

use std::path::PathBuf;

/// A path of the repository (the workspace's root).
pub fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").join(path)
}

/// The MAC-Dev chapters in one language (`zh` or `en`), in file order:
/// real literary text of other documents than the bundled one. Empty, with
/// a message, when `../shared/data/mac-dev` is absent.
pub fn mac_dev(lang: &str) -> Vec<String> {
    match std::fs::read_dir(repo(&format!("../shared/data/mac-dev/{lang}"))) {
        Ok(dir) => {
            let mut files: Vec<PathBuf> = dir.filter_map(|e| e.ok().map(|e| e.path())).collect();
            files.sort();
            files.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect()
        }
        Err(_) => {
            eprintln!("../shared/data/mac-dev is absent: the bundled text alone makes the sample");
            Vec::new()
        }
    }
}

/// `texts` joined (a blank line between two), taken in turn until `bytes`
/// is reached.
pub fn fill(texts: &[String], bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 4096);
    for t in texts.iter().cycle() {
        if out.len() >= bytes {
            break;
        }
        out.push_str(t);
        out.push_str("\n\n");
    }
    out
}
