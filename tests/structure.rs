//! The shape of the code: the library's modules import only earlier stages
//! of the pipeline and never each other in a cycle; no source file reaches
//! 600 lines and no function 80.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The library's top-level modules in pipeline order: a module may use its
/// own stage and earlier ones, never a later one.
const STAGES: &[&[&str]] = &[
    &["error", "embed"],
    &["text"],
    &["document"],
    &["formats"],
    &["segment"],
    &["align"],
    &["budget"],
    &["report"],
    &["check", "diff", "lint", "terms"],
    &["params", "render"],
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() && !p.ends_with("target") && !p.ends_with("fixtures") {
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// The module path of a file of the library (`src/align/dp.rs` → `align::dp`).
fn module_of(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(root().join("src")).expect("a file of src/");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let last = parts.pop().unwrap_or_default();
    match last.as_str() {
        "mod.rs" | "lib.rs" => {}
        name => parts.push(name.trim_end_matches(".rs").to_string()),
    }
    parts
}

/// The code of a file without its unit tests (what follows `#[cfg(test)]`):
/// tests may use any stage.
fn without_tests(text: &str) -> &str {
    text.find("#[cfg(test)]").map_or(text, |i| &text[..i])
}

/// The modules a file refers to (`crate::a::b`, `super::c`), as module paths.
fn references(module: &[String], text: &str) -> BTreeSet<Vec<String>> {
    let mut out = BTreeSet::new();
    // `a::b::C` up to the first character that is neither a name nor `::`.
    let idents = |mut s: &str| -> Vec<String> {
        let mut out = Vec::new();
        loop {
            let name: String = s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if name.is_empty() {
                return out;
            }
            s = &s[name.len()..];
            out.push(name);
            match s.strip_prefix("::") {
                Some(rest) => s = rest,
                None => return out,
            }
        }
    };
    for (i, _) in text.match_indices("crate::") {
        let boundary = text[..i].chars().next_back().is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        if boundary {
            out.insert(idents(&text[i + "crate::".len()..]));
        }
    }
    // `super::x` from a file module means a sibling (or an item of the parent).
    let parent = &module[..module.len().saturating_sub(1)];
    for (i, _) in text.match_indices("super::") {
        let boundary = text[..i].chars().next_back().is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == ':'));
        if boundary {
            let mut path = parent.to_vec();
            path.extend(idents(&text[i + "super::".len()..]));
            out.insert(path);
        }
    }
    out
}

/// The library's file modules and what each refers to, resolved to the
/// longest module path that exists.
fn graph() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let files = rust_files(&root().join("src"));
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(f)).collect();
    let mut g = BTreeMap::new();
    for f in &files {
        if f.ends_with("segment/tests.rs") {
            continue;
        }
        let module = module_of(f);
        let text = std::fs::read_to_string(f).expect("readable");
        let targets = references(&module, without_tests(&text))
            .into_iter()
            .filter_map(|r| (1..=r.len()).rev().map(|n| r[..n].to_vec()).find(|p| modules.contains(p)))
            .filter(|t| *t != module)
            .collect();
        g.insert(module, targets);
    }
    g
}

fn stage(top: &str) -> Option<usize> {
    STAGES.iter().position(|s| s.contains(&top))
}

#[test]
fn no_module_uses_a_later_stage() {
    let mut wrong = Vec::new();
    for (module, targets) in graph() {
        let Some(own) = module.first().and_then(|m| stage(m)) else { continue };
        for t in targets {
            match t.first().and_then(|m| stage(m)) {
                Some(s) if s > own => wrong.push(format!("{} uses {}", module.join("::"), t.join("::"))),
                None if !t.is_empty() => {
                    wrong.push(format!("{} uses {}, in no stage", module.join("::"), t.join("::")))
                }
                _ => {}
            }
        }
    }
    let tops: BTreeSet<String> = graph().keys().filter_map(|m| m.first().cloned()).collect();
    for t in &tops {
        assert!(stage(t).is_some(), "module {t} is in no stage of tests/structure.rs");
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn modules_use_each_other_in_no_cycle() {
    // Between top-level modules, and between the files of one directory; a
    // file's use of its own parent module (where shared types live) is no edge.
    let g = graph();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (m, targets) in &g {
        for t in targets {
            let common = m.iter().zip(t).take_while(|(a, b)| a == b).count();
            if common == t.len() {
                continue; // an ancestor
            }
            let (a, b) = (m[..(common + 1).min(m.len())].to_vec(), t[..common + 1].to_vec());
            if a != b {
                edges.entry(a).or_default().insert(b);
            }
        }
    }
    let mut done = BTreeSet::new();
    for start in edges.keys() {
        let mut path = Vec::new();
        if let Some(cycle) = find_cycle(start, &edges, &mut path, &mut done) {
            let names: Vec<String> = cycle.iter().map(|m| m.join("::")).collect();
            panic!("import cycle: {}", names.join(" → "));
        }
    }
}

fn find_cycle(
    node: &Vec<String>,
    edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
    path: &mut Vec<Vec<String>>,
    done: &mut BTreeSet<Vec<String>>,
) -> Option<Vec<Vec<String>>> {
    if let Some(i) = path.iter().position(|p| p == node) {
        let mut cycle = path[i..].to_vec();
        cycle.push(node.clone());
        return Some(cycle);
    }
    if done.contains(node) {
        return None;
    }
    path.push(node.clone());
    for next in edges.get(node).into_iter().flatten() {
        if let Some(c) = find_cycle(next, edges, path, done) {
            return Some(c);
        }
    }
    path.pop();
    done.insert(node.clone());
    None
}

/// Every Rust file of the workspace (library, encoder, command, benchmarks, tests).
fn workspace_files() -> Vec<PathBuf> {
    ["src", "crates", "tests"].iter().flat_map(|d| rust_files(&root().join(d))).collect()
}

#[test]
fn source_files_stay_under_600_lines() {
    let long: Vec<String> = workspace_files()
        .into_iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(&f).expect("readable").lines().count();
            (n >= 600).then(|| format!("{}: {n} lines", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "{}", long.join("\n"));
}

/// Functions of `text` longer than `max` lines, as (name, lines): a function
/// runs from its `fn` line to the line with its indentation and `}` (the
/// layout rustfmt gives).
fn long_functions(text: &str, max: usize) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        let words: Vec<&str> = t.split_whitespace().collect();
        let Some(k) = words.iter().position(|w| *w == "fn") else { continue };
        let prefix_ok = words[..k].iter().all(|w| {
            matches!(*w, "pub" | "const" | "async" | "unsafe" | "extern" | "default") || w.starts_with("pub(")
        });
        if !prefix_ok || t.starts_with("//") || t.ends_with(';') {
            continue;
        }
        let indent = line.len() - t.len();
        let close = format!("{}}}", " ".repeat(indent));
        let Some(end) = lines[i + 1..].iter().position(|l| l.starts_with(&close) && l.trim() == "}") else {
            continue;
        };
        let n = end + 2;
        if n > max {
            let name = words.get(k + 1).map_or("?", |w| w.split(['(', '<']).next().unwrap_or(w));
            out.push((name.to_string(), n));
        }
    }
    out
}

#[test]
fn functions_stay_within_80_lines() {
    let mut long = Vec::new();
    for f in workspace_files() {
        let text = std::fs::read_to_string(&f).expect("readable");
        for (name, n) in long_functions(&text, 80) {
            long.push(format!("{}: fn {name}: {n} lines", f.display()));
        }
    }
    assert!(long.is_empty(), "{}", long.join("\n"));
}

#[test]
fn the_function_measure_counts_lines() {
    let text = "fn short() {\n    1\n}\n\npub(crate) fn long(\n    a: u8,\n) -> u8 {\n    a\n}\n";
    assert_eq!(long_functions(text, 3), vec![("long".to_string(), 5)]);
    assert!(long_functions(text, 5).is_empty());
}

#[test]
fn references_are_read_from_paths() {
    let module = vec!["align".to_string(), "dp".to_string()];
    let refs = references(&module, "use crate::render::view::View;\nuse super::band::Band;\nlet x = my_crate::y;");
    let want: BTreeSet<Vec<String>> = [vec!["render", "view", "View"], vec!["align", "band", "Band"]]
        .into_iter()
        .map(|v| v.into_iter().map(str::to_string).collect())
        .collect();
    assert_eq!(refs, want);
    // The graph of the library is not empty: the checks above have something to check.
    let g = graph();
    assert!(g.values().map(BTreeSet::len).sum::<usize>() > 50, "{g:?}");
    assert!(g[&vec!["check".to_string()]].contains(&vec!["align".to_string(), "nway".to_string()]));
}
