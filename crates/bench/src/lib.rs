//! Benchmarks of clausediff: `cargo bench -p clausediff-bench` (they are
//! kept out of the default build and test run). The texts they read are
//! the repository's bundled ones ([`repo`]).

use std::path::PathBuf;

/// A path of the repository (the workspace's root).
pub fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").join(path)
}
