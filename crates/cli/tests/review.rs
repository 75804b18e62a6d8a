//! The review loop in headless Chromium: `align --format html` opens as an
//! editor; merge, split, move a boundary, confirm, undo and redo with the
//! keyboard; save; `align --anchors` on the saved file keeps the corrected
//! beads and re-aligns the rest. A 2,000-bead page stays responsive.
//! Skipped with a message when Chromium is not installed (CI installs it).
//!
//! Set `CLAUSEDIFF_HTML_OUT=dir` to keep the screenshot (`review.png`).

#[path = "support/cdp.rs"]
mod cdp;
mod support;

use std::path::Path;

use serde_json::Value;
use support::cmd;

/// A bead as the page lists it: source and target unit ranges, confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct B {
    s: (u64, u64),
    t: (u64, u64),
    ok: bool,
}

fn page_beads(v: &Value) -> Vec<B> {
    let n = |b: &Value, k: usize| b[k].as_u64().expect("number");
    v.as_array()
        .expect("beads")
        .iter()
        .map(|b| B { s: (n(b, 0), n(b, 1)), t: (n(b, 2), n(b, 3)), ok: n(b, 4) == 1 })
        .collect()
}

/// Beads of a bead or review file: (source ids, target ids, confirmed).
fn file_beads(text: &str) -> Vec<(Vec<u64>, Vec<u64>, bool)> {
    let ids = |s: &str| -> Vec<u64> {
        let inner = s.trim().trim_start_matches('[').trim_end_matches(']');
        inner.split(',').filter(|x| !x.trim().is_empty()).map(|x| x.trim().parse().expect("id")).collect()
    };
    text.lines()
        .filter(|l| l.starts_with('['))
        .map(|l| {
            let (bead, comment) = l.split_once('#').unwrap_or((l, ""));
            let (s, t) = bead.split_once(':').expect("bead");
            (ids(s), ids(t), comment.trim() == "confirmed")
        })
        .collect()
}

fn as_ids(b: &B) -> (Vec<u64>, Vec<u64>) {
    ((b.s.0..b.s.1).collect(), (b.t.0..b.t.1).collect())
}

fn one_one(b: &B) -> bool {
    b.s.1 - b.s.0 == 1 && b.t.1 - b.t.0 == 1 && !b.ok
}

/// Open `page`, wait for the editor; its beads.
fn open(browser: &mut cdp::Browser, page: &Path) -> Vec<B> {
    browser.open(&format!("file://{}", page.display()), "window.clausediffEditor");
    page_beads(&browser.eval("clausediffEditor.beads()"))
}

/// Press `key` `times` times.
fn press(browser: &mut cdp::Browser, key: &str, times: usize) {
    (0..times).for_each(|_| browser.key(key, false));
}

/// Merge (with undo and redo), move a source boundary, split and confirm
/// beads of the page with the keyboard; the beads the page should then hold.
fn edit_with_the_keyboard(browser: &mut cdp::Browser, before: &[B]) -> Vec<B> {
    // Two 1-1 beads in a row, merged (a 2-2 bead the aligner did not make).
    let a = (0..before.len() - 1).find(|&i| one_one(&before[i]) && one_one(&before[i + 1])).expect("two 1-1 beads");
    press(browser, "j", a);
    browser.key("m", false);
    let merged = B { s: (before[a].s.0, before[a + 1].s.1), t: (before[a].t.0, before[a + 1].t.1), ok: true };
    let after_merge = page_beads(&browser.eval("clausediffEditor.beads()"));
    assert_eq!(after_merge[a], merged);
    assert_eq!(after_merge.len(), before.len() - 1);
    // Undo and redo.
    browser.key("u", false);
    assert_eq!(page_beads(&browser.eval("clausediffEditor.beads()")), before, "undo restores the beads");
    browser.key("y", true);
    assert_eq!(page_beads(&browser.eval("clausediffEditor.beads()")), after_merge, "ctrl+y redoes");
    browser.key("z", true);
    assert_eq!(page_beads(&browser.eval("clausediffEditor.beads()")), before, "ctrl+z undoes");
    browser.key("r", false);
    assert_eq!(page_beads(&browser.eval("clausediffEditor.beads()")), after_merge, "r redoes");

    // A later bead with two source units or more: its last source unit handed to the next bead.
    let e = (a + 2..before.len() - 1)
        .find(|&i| before[i].s.1 - before[i].s.0 >= 2 && one_one(&before[i + 1]))
        .expect("an n-1 bead");
    let e_now = e - 1; // one bead fewer before it after the merge
    press(browser, "j", e_now - a);
    browser.key("[", false);
    // The next 1-1 bead split into a 1-0 and a 0-1 bead, then confirmed on a later one.
    let f = (e + 2..before.len() - 2).find(|&i| one_one(&before[i])).expect("a later 1-1 bead");
    press(browser, "j", f - e); // onto f (still one bead fewer before it)
    browser.key("s", false);
    let g = (f + 1..before.len()).find(|&i| one_one(&before[i])).expect("a bead to confirm");
    press(browser, "j", g - f + 1); // the split added a bead
    browser.key("c", false);

    let (eb, nb, fb) = (&before[e], &before[e + 1], &before[f]);
    let mut expected = before.to_vec();
    expected[g].ok = true;
    expected
        .splice(f..f + 1, [B { s: fb.s, t: (fb.t.0, fb.t.0), ok: true }, B { s: (fb.s.1, fb.s.1), t: fb.t, ok: true }]);
    expected.splice(
        e..e + 2,
        [B { s: (eb.s.0, eb.s.1 - 1), t: eb.t, ok: true }, B { s: (eb.s.1 - 1, nb.s.1), t: nb.t, ok: true }],
    );
    expected.splice(a..a + 2, [merged.clone()]);
    let now = page_beads(&browser.eval("clausediffEditor.beads()"));
    assert_eq!(now, expected, "the page holds the edits made with the keyboard");
    expected
}

/// `align --anchors` on the saved file keeps the confirmed beads `want`
/// and aligns the rest as before; another target document is refused.
fn align_again(
    saved_path: &Path,
    want: &[(Vec<u64>, Vec<u64>)],
    before: &[B],
    plain_beads: &[(Vec<u64>, Vec<u64>, bool)],
) {
    let (src, tgt) = ("texts/tianjin/zh-Hant.txt", "texts/tianjin/en.txt");
    // Feed back: the confirmed beads are kept, the rest re-aligned.
    let out = cmd().args(["align", src, tgt, "-f", "review", "--anchors"]).arg(saved_path).output().expect("align");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let realigned = file_beads(&String::from_utf8_lossy(&out.stdout));
    let kept: Vec<_> = realigned.iter().filter(|b| b.2).map(|b| (b.0.clone(), b.1.clone())).collect();
    assert_eq!(kept, want, "every confirmed bead is kept, and marked confirmed");
    let units =
        |side: usize| -> usize { realigned.iter().map(|b| if side == 0 { b.0.len() } else { b.1.len() }).sum() };
    assert_eq!(
        (units(0) as u64, units(1) as u64),
        (before.last().map_or(0, |b| b.s.1), before.last().map_or(0, |b| b.t.1))
    );
    let original: Vec<_> = plain_beads.iter().map(|b| (b.0.clone(), b.1.clone())).collect();
    let untouched =
        realigned.iter().filter(|b| !b.2).filter(|b| original.contains(&(b.0.clone(), b.1.clone()))).count();
    let others = realigned.iter().filter(|b| !b.2).count();
    assert!(untouched * 10 >= others * 9, "away from the edits the alignment is as before: {untouched} of {others}");

    // The same file given for another target document is refused.
    let other =
        cmd().args(["align", src, "texts/tianjin/ru.txt", "--anchors"]).arg(saved_path).output().expect("align");
    assert_eq!(other.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&other.stderr).contains("saved for another target document"));
}

#[test]
fn corrections_made_in_the_browser_are_kept_by_align_anchors() {
    let Some(chrome) = cdp::chromium_or_skip("corrections_made_in_the_browser_are_kept_by_align_anchors") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("page.html");
    let (src, tgt) = ("texts/tianjin/zh-Hant.txt", "texts/tianjin/en.txt");
    cmd().args(["align", src, tgt, "-f", "html", "-o"]).arg(&page).assert().success();
    let mut browser = cdp::Browser::launch(&chrome, dir.path());
    let downloads = dir.path().join("downloads");
    std::fs::create_dir_all(&downloads).expect("downloads dir");
    browser.downloads_to(&downloads);
    let before = open(&mut browser, &page);
    // The page writes review files as `align --format review` does.
    let review = cmd().args(["align", src, tgt, "-f", "review"]).output().expect("align");
    assert_eq!(browser.eval("clausediffEditor.reviewFile()").as_str(), std::str::from_utf8(&review.stdout).ok());
    let plain = cmd().args(["align", src, tgt, "-f", "beads"]).output().expect("align");
    let plain_beads = file_beads(&String::from_utf8_lossy(&plain.stdout));
    assert_eq!(
        before.iter().map(as_ids).collect::<Vec<_>>(),
        plain_beads.iter().map(|b| (b.0.clone(), b.1.clone())).collect::<Vec<_>>()
    );
    let expected = edit_with_the_keyboard(&mut browser, &before);
    browser.key("w", false);
    let saved_path = cdp::wait_for_file(&downloads, ".review.beads");
    if let Some(out) = std::env::var_os("CLAUSEDIFF_HTML_OUT") {
        browser
            .eval("window.scrollTo(0, 0); document.querySelector('.bead.sel').scrollIntoView({block: 'center'}); true");
        browser.screenshot(&Path::new(&out).join("review.png"));
    }
    let saved = std::fs::read_to_string(&saved_path).expect("saved file");
    assert!(saved.starts_with("# clausediff review 1\n# level: sentence\n# source: sha256="), "{saved}");
    let confirmed: Vec<_> = file_beads(&saved).into_iter().filter(|b| b.2).map(|b| (b.0, b.1)).collect();
    let want: Vec<_> = expected.iter().filter(|b| b.ok).map(as_ids).collect();
    assert_eq!(confirmed, want);
    align_again(&saved_path, &want, &before, &plain_beads);
    // Reloading the page offers the corrections back; the beads the aligner
    // made keep their probabilities (as many marked low as before the edits).
    open(&mut browser, &page);
    let probabilities = "Array.from(document.querySelectorAll('.bead .conf')).map(c => c.textContent).join('|')";
    let shown = browser.eval(probabilities);
    assert_eq!(browser.eval("!document.getElementById('restore').hidden"), Value::Bool(true));
    browser.eval("document.getElementById('restore-yes').click(); true");
    assert_eq!(page_beads(&browser.eval("clausediffEditor.beads()")), expected);
    let unedited = |text: &Value| -> Vec<String> {
        text.as_str().unwrap_or_default().split('|').filter(|c| c.ends_with('%')).map(str::to_string).collect()
    };
    let (was, now) = (unedited(&shown), unedited(&browser.eval(probabilities)));
    assert!(!now.is_empty() && now.iter().all(|c| was.contains(c)), "restored probabilities: {now:?}");
}

/// The bundled pair written `times` times over, one after the other (the
/// page's cost depends on its beads and characters, not on what they say).
fn repeated(dir: &Path, name: &str, file: &str, times: usize) -> std::path::PathBuf {
    let text = std::fs::read_to_string(support::root().join(file)).expect("bundled text");
    support::write(dir, name, vec![text.as_str(); times].join("\n\n"))
}

#[test]
#[ignore = "quality run: `cargo test -- --ignored` (CI runs it)"]
fn an_edit_on_a_page_of_two_thousand_beads_takes_under_100_ms() {
    let Some(chrome) = cdp::chromium_or_skip("an_edit_on_a_page_of_two_thousand_beads_takes_under_100_ms") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    // CLAUSEDIFF_REVIEW_TIMES=60 measures a page of about 10,500 beads.
    let copies = std::env::var("CLAUSEDIFF_REVIEW_TIMES").ok().and_then(|t| t.parse().ok()).unwrap_or(12);
    let src = repeated(dir.path(), "src.txt", "texts/tianjin/zh-Hant.txt", copies);
    let tgt = repeated(dir.path(), "tgt.txt", "texts/tianjin/en.txt", copies);
    let page = dir.path().join("page.html");
    cmd().args(["align", "-f", "html", "-o"]).arg(&page).arg(&src).arg(&tgt).assert().success();
    let mut browser = cdp::Browser::launch(&chrome, dir.path());
    let started = std::time::Instant::now();
    let beads = open(&mut browser, &page);
    let load = started.elapsed();
    assert!(beads.len() >= 2000, "{} beads", beads.len());
    // Far down the page: 1,000 beads in.
    browser.eval("document.querySelectorAll('.bead')[1000].click(); true");
    press(&mut browser, "End", 1);
    press(&mut browser, "Home", 1);
    press(&mut browser, "j", 200);
    let mut times = Vec::new();
    for key in ["m", "s", "[", "]", "{", "}", "c", "u", "r", "u", "u", "m"] {
        let edits = browser.eval("clausediffEditor.edits()");
        browser.key(key, false);
        if browser.eval("clausediffEditor.edits()") != edits {
            times.push(browser.eval("clausediffEditor.lastEditMs()").as_f64().expect("ms"));
        }
    }
    assert!(times.len() >= 8, "most keys made an edit: {times:?}");
    let worst = times.iter().copied().fold(0.0, f64::max);
    eprintln!(
        "{} beads: page ready in {:.2} s; {} edits, the slowest {worst:.1} ms: {times:?}",
        beads.len(),
        load.as_secs_f64(),
        times.len()
    );
    assert!(worst < 100.0, "an edit took {worst:.1} ms: {times:?}");
}

#[test]
fn the_check_report_opens_each_alignment_in_the_editor() {
    let Some(chrome) = cdp::chromium_or_skip("the_check_report_opens_each_alignment_in_the_editor") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("check.html");
    let files = ["texts/tianjin/zh-Hant.txt", "texts/tianjin/en.txt", "texts/tianjin/ru.txt"];
    let out = cmd().arg("check").args(files).args(["-f", "html", "-o"]).arg(&report).output().expect("check");
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let ru = cmd().args(["align", files[0], files[2], "-f", "beads"]).output().expect("align");
    let ru_beads = String::from_utf8_lossy(&ru.stdout).lines().filter(|l| l.starts_with('[')).count();
    let mut browser = cdp::Browser::launch(&chrome, dir.path());
    browser.open(&format!("file://{}", report.display()), "document.querySelector('button[data-review]')");
    let labels = browser.eval("Array.from(document.querySelectorAll('button[data-review]')).map(b => b.textContent)");
    assert_eq!(labels, serde_json::json!(["en", "ru"]));
    browser.eval("document.querySelectorAll('button[data-review]')[1].click(); true");
    browser.switch_to_page("blob:");
    let started = std::time::Instant::now();
    while browser.eval("!!window.clausediffEditor") != Value::Bool(true) {
        assert!(started.elapsed() < std::time::Duration::from_secs(60), "the editor did not start");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let beads = page_beads(&browser.eval("clausediffEditor.beads()"));
    assert_eq!(beads.len(), ru_beads, "the check's alignment with ru is the one align makes");
    let head = browser.eval("clausediffEditor.reviewFile().split('\\n').slice(0, 4).join('\\n')");
    assert!(head.as_str().is_some_and(|h| h.contains("# target: sha256=") && h.contains("ru.txt")), "{head}");
}
