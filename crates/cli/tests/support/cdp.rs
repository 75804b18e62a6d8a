//! Headless Chromium driven by the DevTools protocol over a WebSocket: a
//! page is opened, keys are pressed, scripts are evaluated, screenshots
//! and downloads are taken. Used by the browser tests; Chromium is found
//! on PATH (CI installs Debian's, and with `CI` set a missing one fails).

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{json, Value};
use tungstenite::{Message, WebSocket};

/// Chromium on PATH (or /usr/bin/chromium), or a SKIPPED line on standard error.
pub fn chromium_or_skip(test: &str) -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").and_then(|dirs| {
        std::env::split_paths(&dirs)
            .flat_map(|d| ["chromium", "chromium-browser"].map(|n| d.join(n)))
            .find(|p| p.is_file())
    });
    let found = on_path.or_else(|| Some(PathBuf::from("/usr/bin/chromium")).filter(|p| p.is_file()));
    if found.is_none() {
        // CI installs Chromium: there, its absence fails the test.
        assert!(std::env::var_os("CI").is_none(), "{test}: no chromium or chromium-browser on PATH under CI");
        eprintln!("SKIPPED: {test}: no chromium or chromium-browser on PATH");
    }
    found
}

/// A headless Chromium with one page attached.
pub struct Browser {
    child: Child,
    ws: WebSocket<TcpStream>,
    next: u64,
    session: String,
}

impl Browser {
    /// Start Chromium with its profile in `dir`, and open a blank page.
    pub fn launch(chrome: &Path, dir: &Path) -> Browser {
        let profile = dir.join("profile");
        let child = Command::new(chrome)
            .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"])
            .args(["--disable-background-networking", "--disable-component-update", "--hide-scrollbars"])
            .args(["--remote-debugging-port=0", "--window-size=1400,900"])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.join("chromium.log")).expect("log file"))
            .spawn()
            .expect("start chromium");
        let port_file = profile.join("DevToolsActivePort");
        let started = Instant::now();
        let text = loop {
            match std::fs::read_to_string(&port_file) {
                Ok(t) if t.lines().count() >= 2 => break t,
                _ if started.elapsed() > Duration::from_secs(60) => panic!("chromium did not open its DevTools port"),
                _ => std::thread::sleep(Duration::from_millis(50)),
            }
        };
        let mut lines = text.lines();
        let port = lines.next().expect("port").trim().to_string();
        let path = lines.next().expect("path").trim().to_string();
        let stream = TcpStream::connect(format!("127.0.0.1:{port}")).expect("connect to chromium");
        stream.set_read_timeout(Some(Duration::from_secs(90))).expect("timeout");
        let (ws, _) = tungstenite::client(format!("ws://127.0.0.1:{port}{path}"), stream).expect("websocket");
        let mut b = Browser { child, ws, next: 0, session: String::new() };
        let target = b.send(None, "Target.createTarget", json!({"url": "about:blank"}));
        let id = target["targetId"].as_str().expect("target id").to_string();
        let attached = b.send(None, "Target.attachToTarget", json!({"targetId": id, "flatten": true}));
        b.session = attached["sessionId"].as_str().expect("session id").to_string();
        b
    }

    /// Send `method` to the browser (`session` None) or a page session; its result.
    fn send(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = self.next;
        let mut msg = json!({"id": id, "method": method, "params": params});
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        self.ws.send(Message::text(msg.to_string())).expect("send to chromium");
        loop {
            let Message::Text(text) = self.ws.read().expect("read from chromium") else { continue };
            let v: Value = serde_json::from_str(text.as_str()).expect("json from chromium");
            if v["id"].as_u64() == Some(id) {
                assert!(v.get("error").is_none(), "{method}: {}", v["error"]);
                return v["result"].clone();
            }
        }
    }

    /// Call `method` on the page.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let s = self.session.clone();
        self.send(Some(&s), method, params)
    }

    /// Call `method` on the browser.
    pub fn browser_call(&mut self, method: &str, params: Value) -> Value {
        self.send(None, method, params)
    }

    /// The value of `expr` on the page (promises awaited); fails on an exception.
    pub fn eval(&mut self, expr: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({"expression": expr, "returnByValue": true, "awaitPromise": true, "userGesture": true}),
        );
        assert!(r.get("exceptionDetails").is_none(), "{expr}: {}", r["exceptionDetails"]);
        r["result"]["value"].clone()
    }

    /// Open `url` and wait until `ready` (an expression) is true.
    pub fn open(&mut self, url: &str, ready: &str) {
        self.call("Page.navigate", json!({"url": url}));
        let started = Instant::now();
        while self.eval(&format!("document.readyState === 'complete' && !!({ready})")) != json!(true) {
            assert!(started.elapsed() < Duration::from_secs(60), "{url} did not get ready");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Press `key` (a printable character, or a key name such as
    /// `ArrowDown`), with Ctrl when `ctrl`.
    pub fn key(&mut self, key: &str, ctrl: bool) {
        let printable = key.chars().count() == 1 && !ctrl;
        let mut down = json!({"type": if printable { "keyDown" } else { "rawKeyDown" }, "key": key, "modifiers": if ctrl { 2 } else { 0 }});
        if printable {
            down["text"] = json!(key);
        }
        if let Some(code) = virtual_key(key) {
            down["windowsVirtualKeyCode"] = json!(code);
        }
        self.call("Input.dispatchKeyEvent", down);
        self.call(
            "Input.dispatchKeyEvent",
            json!({"type": "keyUp", "key": key, "modifiers": if ctrl { 2 } else { 0 }}),
        );
    }

    /// A PNG of the page's viewport, written to `path`.
    pub fn screenshot(&mut self, path: &Path) {
        let r = self.call("Page.captureScreenshot", json!({"format": "png"}));
        let png = base64::engine::general_purpose::STANDARD
            .decode(r["data"].as_str().expect("screenshot data"))
            .expect("base64 png");
        std::fs::write(path, png).expect("write screenshot");
    }

    /// Wait for another page whose address starts with `prefix` (one the
    /// page opened), and drive it from now on.
    pub fn switch_to_page(&mut self, prefix: &str) {
        let started = Instant::now();
        let id = loop {
            let targets = self.browser_call("Target.getTargets", json!({}));
            let found = targets["targetInfos"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|t| t["type"] == "page" && t["url"].as_str().is_some_and(|u| u.starts_with(prefix)));
            if let Some(t) = found {
                break t["targetId"].as_str().expect("target id").to_string();
            }
            assert!(started.elapsed() < Duration::from_secs(60), "no page {prefix}… opened");
            std::thread::sleep(Duration::from_millis(50));
        };
        let attached = self.browser_call("Target.attachToTarget", json!({"targetId": id, "flatten": true}));
        self.session = attached["sessionId"].as_str().expect("session id").to_string();
    }

    /// Let the page's downloads go to `dir`.
    pub fn downloads_to(&mut self, dir: &Path) {
        let params = json!({"behavior": "allow", "downloadPath": dir.display().to_string()});
        self.browser_call("Browser.setDownloadBehavior", params);
    }
}

/// The Windows virtual key code of the named keys the tests press.
fn virtual_key(key: &str) -> Option<u32> {
    match key {
        "ArrowUp" => Some(38),
        "ArrowDown" => Some(40),
        "Home" => Some(36),
        "End" => Some(35),
        k if k.len() == 1 && k.as_bytes()[0].is_ascii_alphabetic() => Some(k.to_ascii_uppercase().as_bytes()[0] as u32),
        _ => None,
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Wait up to a minute for a file ending in `suffix` in `dir`, written
/// whole: no download in progress (`.crdownload`) and the same non-zero
/// size over 200 ms (the browser may show the file before its last write).
pub fn wait_for_file(dir: &Path, suffix: &str) -> PathBuf {
    let started = Instant::now();
    let mut seen: Option<(PathBuf, u64, Instant)> = None;
    loop {
        let entries: Vec<PathBuf> =
            std::fs::read_dir(dir).map(|e| e.flatten().map(|e| e.path()).collect()).unwrap_or_default();
        let busy = entries.iter().any(|p| p.to_string_lossy().ends_with(".crdownload"));
        let found = entries.into_iter().find(|p| p.to_string_lossy().ends_with(suffix));
        let size = found.as_ref().and_then(|p| std::fs::metadata(p).ok()).map_or(0, |m| m.len());
        match (found, &seen) {
            (Some(p), Some((q, n, since))) if !busy && size > 0 && p == *q && size == *n => {
                if since.elapsed() >= Duration::from_millis(200) {
                    return p;
                }
            }
            (Some(p), _) => seen = Some((p, size, Instant::now())),
            (None, _) => seen = None,
        }
        assert!(started.elapsed() < Duration::from_secs(60), "no whole file *{suffix} in {}", dir.display());
        std::thread::sleep(Duration::from_millis(50));
    }
}
