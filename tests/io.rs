//! The library's inputs: named pipes, devices, links that loop, bounded
//! quotes of bad input in errors, and the warnings of lenient parses (data
//! for the caller; the library prints nothing).

use std::io::Write;
use std::path::Path;

use clausediff::align::bead::{parse_beads, parse_beads_checked};
use clausediff::terms::Glossary;
use clausediff::{Document, ErrorKind, Lang, LoadOptions};

const ZH: &str = "texts/tianjin/zh-Hant.txt";

#[test]
fn standard_input_is_named_stdin_in_messages() {
    let e = clausediff::Error::new(ErrorKind::Empty, "standard input is empty").with_path(Path::new("-"));
    assert_eq!(e.to_string(), "<stdin>: standard input is empty");
    assert_eq!(clausediff::error::display_path(Path::new("a/-")), "a/-");
}

#[cfg(unix)]
#[test]
fn a_named_pipe_loads_like_a_file() {
    let dir = tempfile::tempdir().expect("dir");
    let fifo = dir.path().join("ru.fifo");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo").success());
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut f = std::fs::OpenOptions::new().write(true).open(&fifo).expect("open the pipe");
            f.write_all("Государства-члены подчеркивают важность сотрудничества.".as_bytes()).expect("write");
        })
    };
    let doc = Document::load(&fifo, &LoadOptions::default()).expect("a pipe is read");
    writer.join().expect("writer");
    assert_eq!(doc.lang, Lang::Ru);
    assert!(doc.warnings.is_empty());
}

#[cfg(unix)]
#[test]
fn devices_and_link_loops_are_named_not_missing() {
    let e = Document::load(Path::new("/dev/zero"), &LoadOptions::default()).expect_err("a device");
    assert_eq!(e.kind(), ErrorKind::Io);
    assert!(e.message().contains("a character device"), "{e}");
    let dir = tempfile::tempdir().expect("dir");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    std::os::unix::fs::symlink(&b, &a).expect("link");
    std::os::unix::fs::symlink(&a, &b).expect("link");
    let e = Document::load(&a, &LoadOptions::default()).expect_err("a loop");
    assert!(e.message().contains("a loop of symbolic links") && !e.message().contains("no such"), "{e}");
    let e = clausediff::document::read_text(&a).expect_err("a loop");
    assert!(e.message().contains("loop"), "{e}");
    let e = Document::load(&dir.path().join("missing"), &LoadOptions::default()).expect_err("missing");
    assert_eq!(e.message(), "no such file");
}

#[test]
fn a_declared_encoding_that_garbles_utf8_is_a_warning() {
    let opts = LoadOptions { encoding: Some("windows-1251".into()), lang: Some(Lang::Ru), ..Default::default() };
    let doc = Document::load(Path::new(ZH), &opts).expect("loads");
    assert_eq!(doc.warnings.len(), 1, "{:?}", doc.warnings);
    assert!(doc.warnings[0].contains("windows-1251") && doc.warnings[0].contains("valid UTF-8"));
    // Refused for its language, the error says why.
    let opts = LoadOptions { encoding: Some("windows-1251".into()), lang: Some(Lang::ZhHant), ..Default::default() };
    let e = Document::load(Path::new(ZH), &opts).expect_err("Cyrillic declared zh-Hant");
    assert!(e.message().contains("valid UTF-8"), "{e}");
    let doc = Document::load(Path::new(ZH), &LoadOptions::default()).expect("loads");
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

#[test]
fn bead_files_warn_about_empty_ids_and_crossings() {
    let p = parse_beads_checked("[0]:[0]\n[1,]:[2]\n[2]:[1]\n").expect("parses");
    assert_eq!(p.beads, vec![(vec![0], vec![0]), (vec![1], vec![2]), (vec![2], vec![1])]);
    assert_eq!(p.warnings.len(), 2, "{:?}", p.warnings);
    assert!(p.warnings[0].starts_with("line 2: an empty id"));
    assert!(p.warnings[1].starts_with("line 3: the bead crosses the one on line 2"));
    // Many crossings are listed up to a few, then counted.
    let reversed: String = (0..20).map(|i| format!("[{i}]:[{}]\n", 19 - i)).collect();
    let p = parse_beads_checked(&reversed).expect("parses");
    assert_eq!(p.warnings.len(), 6, "{:?}", p.warnings);
    assert_eq!(p.warnings[5], "14 more pairs of crossing beads");
    // A bad line of 50 MB is quoted in 80 characters.
    let e = parse_beads(&format!("[0]:[{}", "9".repeat(50 << 20))).expect_err("unclosed");
    assert!(e.message().len() < 200 && e.message().contains('…'), "{} bytes", e.message().len());
}

#[test]
fn glossaries_warn_about_short_rows_and_empty_master_cells() {
    let tsv = "zh-Hant\ten\tru\n上海精神\tShanghai Spirit\n\tUnited Nations\tООН\n聯合國\tUN\tООН\n";
    let (g, w) = Glossary::parse_checked(tsv, '\t', Some(Lang::ZhHant)).expect("parses");
    assert_eq!(g.entries.len(), 3);
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(w[0].starts_with("line 2: 2 of the header's 3 fields"), "{w:?}");
    assert!(w[1].starts_with("line 3: the zh-Hant cell is empty"), "{w:?}");
    // With English as the master, the English cells count.
    let (_, w) = Glossary::parse_checked(tsv, '\t', Some(Lang::En)).expect("parses");
    assert_eq!(w.len(), 1, "{w:?}");
    // Bad text in errors is bounded.
    let e = Glossary::parse_delimited(&format!("zh-Hant,en\n\"{}\n", "x".repeat(1 << 20)), ',').expect_err("quote");
    assert!(e.message().len() < 200, "{} bytes", e.message().len());
    // The bundled glossary is clean.
    let (_, w) = Glossary::read_checked(Path::new("texts/tianjin/glossary.tsv"), Some(Lang::ZhHant)).expect("reads");
    assert!(w.is_empty(), "{w:?}");
}
