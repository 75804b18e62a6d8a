//! The HTML report in headless Chromium: screenshots at desktop and phone
//! width, and the DOM after the page's script ran (filters hide rows).
//! Skipped with a message when Chromium is not installed (CI installs it).
//!
//! Set `CLAUSEDIFF_HTML_OUT=dir` to keep the report (`tianjin.html`) and
//! its screenshots (`tianjin-1400.png`, `tianjin-400.png`) in `dir`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use clausediff::render::html::html;
use clausediff::{Document, LoadOptions};

/// The diff of the bundled editions as a page, in a temporary directory.
fn tianjin_page(dir: &Path) -> PathBuf {
    let load = |p: &str| Document::load(Path::new(p), &LoadOptions::default()).expect(p);
    let (old, new) = (load("texts/tianjin/zh-Hant.txt"), load("texts/tianjin/zh-Hans.txt"));
    let result = clausediff::diff::diff(&old, &new, &Default::default()).expect("diff");
    let view = clausediff::render::view::View::of_diff(&result, &old, &new);
    let page = html(&view, "Tianjin Declaration: zh-Hant → zh-Hans");
    let path = dir.join("report.html");
    std::fs::write(&path, &page).expect("write html");
    if let Some(out) = std::env::var_os("CLAUSEDIFF_HTML_OUT") {
        std::fs::write(Path::new(&out).join("tianjin.html"), &page).expect("keep html");
    }
    path
}

fn chromium() -> Option<PathBuf> {
    for name in ["chromium", "chromium-browser"] {
        if let Some(dirs) = std::env::var_os("PATH") {
            for d in std::env::split_paths(&dirs) {
                let p = d.join(name);
                if p.is_file() {
                    return Some(p);
                }
            }
        }
    }
    let p = PathBuf::from("/usr/bin/chromium");
    p.is_file().then_some(p)
}

/// Chromium, or a SKIPPED line on standard error.
fn chromium_or_skip(test: &str) -> Option<PathBuf> {
    let c = chromium();
    if c.is_none() {
        // CI installs Chromium: there, its absence fails the test.
        assert!(std::env::var_os("CI").is_none(), "{test}: no chromium or chromium-browser on PATH under CI");
        let line = format!("SKIPPED: {test}: no chromium or chromium-browser on PATH\n");
        let _ = std::io::stderr().lock().write_all(line.as_bytes());
    }
    c
}

/// Run headless Chromium on `url` with `args`; its standard output.
fn run(chrome: &Path, dir: &Path, url: &str, args: &[String]) -> Vec<u8> {
    let profile = dir.join(format!("profile-{}", args.len()));
    let log = dir.join("chromium.log");
    let out = dir.join("chromium.out");
    let mut child = Command::new(chrome)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"])
        .args(["--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).expect("out file"))
        .stderr(std::fs::File::create(&log).expect("log file"))
        .spawn()
        .expect("start chromium");
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if started.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let err = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(status.success(), "chromium failed: {status}\n{err}");
    std::fs::read(&out).expect("chromium output")
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(b: &[u8]) -> Option<(u32, u32)> {
    if b.len() < 24 || &b[..8] != b"\x89PNG\r\n\x1a\n" || &b[12..16] != b"IHDR" {
        return None;
    }
    let be = |s: &[u8]| u32::from_be_bytes([s[0], s[1], s[2], s[3]]);
    Some((be(&b[16..20]), be(&b[20..24])))
}

#[test]
fn screenshots_at_desktop_and_phone_width() {
    let Some(chrome) = chromium_or_skip("screenshots_at_desktop_and_phone_width") else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let page = tianjin_page(dir.path());
    for width in [1400u32, 400] {
        let png = dir.path().join(format!("shot-{width}.png"));
        let args = [format!("--window-size={width},2000"), format!("--screenshot={}", png.display())];
        run(&chrome, dir.path(), &format!("file://{}", page.display()), &args);
        let bytes = std::fs::read(&png).expect("a screenshot");
        assert!(bytes.len() > 20_000, "screenshot at {width} px only {} bytes", bytes.len());
        assert_eq!(png_size(&bytes).map(|s| s.0), Some(width));
        if let Some(out) = std::env::var_os("CLAUSEDIFF_HTML_OUT") {
            std::fs::write(Path::new(&out).join(format!("tianjin-{width}.png")), &bytes).expect("keep screenshot");
        }
    }
}

/// The side-by-side rows of a dumped DOM: (their kinds, hidden).
fn rows(dom: &str) -> Vec<(String, bool)> {
    dom.split("<tr id=\"r-")
        .skip(1)
        .map(|r| {
            let tag = &r[..r.find('>').unwrap_or(r.len())];
            let kinds = tag.split("data-kinds=\"").nth(1).and_then(|k| k.split('"').next()).unwrap_or("");
            (kinds.to_string(), tag.contains(" hidden"))
        })
        .collect()
}

#[test]
fn filters_hide_rows_and_the_page_fits_a_phone() {
    let Some(chrome) = chromium_or_skip("filters_hide_rows_and_the_page_fits_a_phone") else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let page = tianjin_page(dir.path());
    let dom = |query: &str, width: u32| {
        let url = format!("file://{}{query}", page.display());
        let out = run(&chrome, dir.path(), &url, &[format!("--window-size={width},900"), "--dump-dom".into()]);
        String::from_utf8(out).expect("utf-8 DOM")
    };
    // By default the quiet kinds (script, variant) are unticked: rows with
    // only those are hidden, rows with a conversion error are shown, rows
    // without findings are shown.
    let all = rows(&dom("", 1400));
    assert!(all.len() > 100, "{} rows", all.len());
    let quiet = |k: &str| k.split(' ').all(|x| x == "script" || x == "variant" || x == "width");
    assert!(all.iter().any(|(k, _)| !k.is_empty() && quiet(k)));
    for (k, hidden) in &all {
        match (k.is_empty(), quiet(k)) {
            (true, _) => assert!(!hidden, "a row without findings is shown"),
            (false, true) => assert!(hidden, "a row with only quiet findings ({k}) is hidden"),
            (false, false) => assert!(!hidden, "a row with {k} is shown"),
        }
    }
    // A paragraph's heading goes with its rows.
    let dom0 = dom("", 1400);
    for chunk in dom0.split("<tr class=\"para\"").skip(1) {
        let heading = &chunk[..chunk.find('>').unwrap_or(0)];
        let body = chunk.split("<tr class=\"para\"").next().unwrap_or("");
        let shown_rows = rows(&format!("x{body}")).iter().filter(|r| !r.1).count();
        assert_eq!(heading.contains("hidden"), shown_rows == 0, "{heading}");
    }
    // Unticking conversion errors, ticking script, and only rows with findings.
    let some = rows(&dom("?hide=conversion-error&show=script&rows=findings", 1400));
    for (k, hidden) in &some {
        let visible = k.split(' ').any(|x| x == "script");
        assert_eq!(!hidden, visible, "row with kinds “{k}”");
    }
    // At phone width nothing is wider than the screen.
    let phone = dom("?check=fit", 400);
    assert!(phone.contains("data-fits=\"true\""), "the page overflows 400 px: {}", &phone[..phone.len().min(300)]);
}
