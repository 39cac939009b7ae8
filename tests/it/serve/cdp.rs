//! Headless Chromium driven over the Chrome DevTools Protocol: a WebSocket
//! client small enough to read (text frames, client masking, continuation
//! frames), no crate and nothing downloaded. Chromium is started with
//! `--remote-debugging-port=0` and a fresh profile; the port it chose is read
//! from the profile's `DevToolsActivePort`, and its page target from
//! `/json/list`.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// Longest wait for the browser to start or a page to settle (a bound on a
/// hang, never a timed assertion).
const PATIENCE: Duration = Duration::from_secs(60);

/// A headless Chromium and a DevTools session on its page.
pub(crate) struct Browser {
    child: Child,
    _profile: tempfile::TempDir,
    ws: TcpStream,
    next: u64,
    /// Every event received, in order.
    pub events: Vec<Value>,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn devtools_port(profile: &Path, child: &mut Child) -> u16 {
    let file = profile.join("DevToolsActivePort");
    let start = Instant::now();
    loop {
        if let Some(p) = std::fs::read_to_string(&file)
            .ok()
            .and_then(|t| t.lines().next()?.trim().parse().ok())
        {
            return p;
        }
        if let Ok(Some(st)) = child.try_wait() {
            panic!("chromium exited before listening: {st}");
        }
        assert!(start.elapsed() < PATIENCE, "chromium did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
}

impl Browser {
    /// Starts `bin` (headless, 1280x800) and opens a session on its blank page.
    pub(crate) fn start(bin: &Path) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new(bin)
            .args(super::HEADLESS)
            .args([
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1280,800",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let port = devtools_port(profile.path(), &mut child);
        let targets: Value = serde_json::from_slice(&json_list(port)).unwrap();
        let page = targets
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["type"] == "page")
            .unwrap_or_else(|| panic!("no page target: {targets}"));
        let url = page["webSocketDebuggerUrl"].as_str().unwrap();
        let path = &url[url.find("/devtools/").unwrap()..];
        let ws = handshake(port, path);
        let mut b = Browser {
            child,
            _profile: profile,
            ws,
            next: 0,
            events: Vec::new(),
        };
        for domain in ["Page", "Runtime", "Network", "Log", "Accessibility"] {
            b.call(&format!("{domain}.enable"), json!({}));
        }
        let screen =
            json!({ "width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": false });
        b.call("Emulation.setDeviceMetricsOverride", screen);
        b
    }

    /// Sends `method` and returns its result (panics on a protocol error).
    pub(crate) fn call(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = self.next;
        let msg = json!({ "id": id, "method": method, "params": params }).to_string();
        send(&mut self.ws, msg.as_bytes());
        loop {
            let v: Value = serde_json::from_slice(&receive(&mut self.ws)).unwrap();
            if v["id"] == id {
                assert!(v["error"].is_null(), "{method}: {v}");
                return v["result"].clone();
            }
            if v.get("method").is_some() {
                self.events.push(v);
            }
        }
    }

    /// The value of the JavaScript expression `expr` on the page (promises awaited).
    pub(crate) fn eval(&mut self, expr: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({ "expression": expr, "returnByValue": true, "awaitPromise": true }),
        );
        assert!(r["exceptionDetails"].is_null(), "{expr}: {r}");
        r["result"]["value"].clone()
    }

    /// Waits until `expr` is true on the page (an expression that throws,
    /// as on a page still loading, is not true yet).
    pub(crate) fn wait_for(&mut self, expr: &str) {
        let start = Instant::now();
        let test = format!(
            "(() => {{ try {{ return ({expr}) === true; }} catch (e) {{ return false; }} }})()"
        );
        while self.eval(&test) != json!(true) {
            let status = self.eval("document.getElementById('status')?.textContent");
            assert!(
                start.elapsed() < PATIENCE,
                "never true: {expr} (status: {status})"
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// Opens `url` afresh (a new document, even if only the fragment differs).
    pub(crate) fn open(&mut self, url: &str) {
        self.call("Page.navigate", json!({ "url": "about:blank" }));
        self.call("Page.navigate", json!({ "url": url }));
    }

    /// A key pressed and released on the focused element (`Enter`, `Tab`, ` `).
    pub(crate) fn press(&mut self, key: &str) {
        let (code, vk, text) = match key {
            "Enter" => ("Enter", 13, "\r"),
            "Tab" => ("Tab", 9, ""),
            " " => ("Space", 32, " "),
            other => panic!("no key {other}"),
        };
        for kind in ["keyDown", "keyUp"] {
            let mut e =
                json!({ "type": kind, "key": key, "code": code, "windowsVirtualKeyCode": vk });
            if kind == "keyDown" && !text.is_empty() {
                e["text"] = json!(text);
            }
            self.call("Input.dispatchKeyEvent", e);
        }
    }

    /// The page as shown, a PNG.
    pub(crate) fn screenshot(&mut self) -> Vec<u8> {
        let shot = self.call("Page.captureScreenshot", json!({ "format": "png" }));
        decode_b64(shot["data"].as_str().unwrap())
    }

    /// The accessibility tree's nodes that are not ignored, as (role, name).
    pub(crate) fn ax_nodes(&mut self) -> Vec<(String, String)> {
        let tree = self.call("Accessibility.getFullAXTree", json!({}));
        tree["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["ignored"] != true)
            .map(|n| {
                let s = |v: &Value| v["value"].as_str().unwrap_or_default().to_string();
                (s(&n["role"]), s(&n["name"]).trim().to_string())
            })
            .collect()
    }
}

/// The body of `GET /json/list` (the connection is kept open: the body is
/// read to its `Content-Length`).
fn json_list(port: u16) -> Vec<u8> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(PATIENCE)).unwrap();
    let req = format!("GET /json/list HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n");
    s.write_all(req.as_bytes()).unwrap();
    let head = read_head(&mut s);
    let len: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or_else(|| panic!("no length: {head}"));
    let mut body = vec![0u8; len];
    s.read_exact(&mut body).unwrap();
    body
}

/// The response's head, up to its blank line.
fn read_head(s: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut b = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        s.read_exact(&mut b).unwrap();
        head.push(b[0]);
    }
    String::from_utf8_lossy(&head).into_owned()
}

fn handshake(port: u16, path: &str) -> TcpStream {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(PATIENCE)).unwrap();
    let req = format!(
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    );
    s.write_all(req.as_bytes()).unwrap();
    let head = read_head(&mut s);
    assert!(head.starts_with("HTTP/1.1 101"), "{head}");
    s
}

/// One masked text frame (the mask is zero: the payload is sent as it is).
fn send(s: &mut TcpStream, payload: &[u8]) {
    let mut f = vec![0x81u8];
    match payload.len() {
        n if n < 126 => f.push(0x80 | n as u8),
        n if n < 65_536 => {
            f.push(0x80 | 126);
            f.extend((n as u16).to_be_bytes());
        }
        n => {
            f.push(0x80 | 127);
            f.extend((n as u64).to_be_bytes());
        }
    }
    f.extend([0, 0, 0, 0]);
    f.extend(payload);
    s.write_all(&f).unwrap();
}

/// One whole message (continuation frames joined; pings skipped).
fn receive(s: &mut TcpStream) -> Vec<u8> {
    let mut msg = Vec::new();
    loop {
        let mut h = [0u8; 2];
        s.read_exact(&mut h).unwrap();
        let len = match h[1] & 0x7f {
            126 => {
                let mut b = [0u8; 2];
                s.read_exact(&mut b).unwrap();
                u16::from_be_bytes(b) as usize
            }
            127 => {
                let mut b = [0u8; 8];
                s.read_exact(&mut b).unwrap();
                u64::from_be_bytes(b) as usize
            }
            n => n as usize,
        };
        let mut body = vec![0u8; len];
        s.read_exact(&mut body).unwrap();
        match h[0] & 0x0f {
            0x8 => panic!("the browser closed the DevTools connection"),
            0x9 | 0xa => continue,
            _ => msg.extend(body),
        }
        if h[0] & 0x80 != 0 {
            return msg;
        }
    }
}

fn decode_b64(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let bytes: Vec<u8> = s.bytes().filter(|&c| c != b'=').collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &c)| acc | (val(c) as u32) << (18 - 6 * i));
        out.extend(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}
