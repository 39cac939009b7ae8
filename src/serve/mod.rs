//! `leadplan serve`: a what-if page for one scenario, re-solved on every edit.
//!
//! A small HTTP server (tiny_http, one thread: a trilateral re-solve with its
//! runner-ups takes milliseconds) bound to 127.0.0.1 only. Every request to the
//! page or the API must carry the random token of the URL the command prints
//! (in the query for the page, in the `X-Leadplan-Token` header for the API),
//! and its `Host` must be the address served, so another site in the same
//! browser can neither read nor drive it (DNS rebinding included). The page,
//! its script and its style are compiled into the binary: nothing is fetched
//! from anywhere else, and a Content-Security-Policy says so to the browser.
//! The page builds its text with `textContent` only, never markup from data.
//!
//! The questions the page asks are answered in [`api`], by the same functions
//! the command line uses.

pub mod api;

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::io::Read;
use std::path::Path;

use serde_json::{json, Value};
use tiny_http::{Header, Method, Request, Response};

use crate::error::Error;
use crate::scenario::Scenario;
use crate::SolveOptions;
use api::Edits;

const PAGE: &str = include_str!("page.html");
const SCRIPT: &str = include_str!("page.js");
const STYLE: &str = include_str!("page.css");

/// Largest request body read (an edit list is a few kilobytes).
const MAX_BODY: u64 = 1 << 20;

/// The token's header on API requests.
const TOKEN_HEADER: &str = "X-Leadplan-Token";

/// A running what-if server.
pub struct Serving {
    http: tiny_http::Server,
    token: String,
    port: u16,
    scenario: Scenario,
    file: String,
    hash: String,
    opts: SolveOptions,
}

/// 128 random bits as hex, from the standard library's OS-seeded hasher keys.
fn token() -> String {
    let mut out = String::new();
    for k in 0..2u64 {
        let mut h = RandomState::new().build_hasher();
        h.write_u64(k);
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out
}

/// The scenario file's SHA-256, first 16 hex digits: a saved view names the
/// file it was made on.
fn file_hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest(text.as_bytes());
    d.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

impl Serving {
    /// Loads `file` and binds 127.0.0.1:`port` (0: a free port).
    pub fn start(file: &Path, port: u16, opts: SolveOptions) -> Result<Serving, Error> {
        let scenario = Scenario::load(file)?;
        let text = crate::input::read_text(file, crate::input::InputKind::Scenario)?;
        let http = tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| {
            Error::Usage(format!(
                "cannot listen on 127.0.0.1:{port}: {e}; choose another --port"
            ))
        })?;
        let port = http.server_addr().to_ip().map_or(port, |a| a.port());
        Ok(Serving {
            http,
            token: token(),
            port,
            scenario,
            file: file.display().to_string(),
            hash: file_hash(&text),
            opts,
        })
    }

    /// The address to open, token included.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/?token={}", self.port, self.token)
    }

    /// Answers requests until the process is stopped.
    pub fn run(self) -> Result<(), Error> {
        for mut req in self.http.incoming_requests() {
            let resp = self.route(&mut req);
            // A client that went away is not the server's failure.
            let _ = req.respond(resp);
        }
        Ok(())
    }

    fn host_ok(&self, req: &Request) -> bool {
        let want = [
            format!("127.0.0.1:{}", self.port),
            format!("localhost:{}", self.port),
        ];
        req.headers()
            .iter()
            .find(|h| h.field.equiv("Host"))
            .is_some_and(|h| want.iter().any(|w| h.value.as_str() == w))
    }

    fn token_ok(&self, req: &Request, query: &str) -> bool {
        let header = req
            .headers()
            .iter()
            .find(|h| h.field.equiv(TOKEN_HEADER))
            .map(|h| h.value.as_str().to_string());
        let in_query = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("token="))
            .map(str::to_string);
        [header, in_query]
            .into_iter()
            .flatten()
            .any(|t| constant_time_eq(t.as_bytes(), self.token.as_bytes()))
    }

    fn route(&self, req: &mut Request) -> Response<std::io::Cursor<Vec<u8>>> {
        if !self.host_ok(req) {
            return text(421, "wrong Host: open the address leadplan serve printed");
        }
        let url = req.url().to_string();
        let (path, query) = url.split_once('?').unwrap_or((&url, ""));
        match (req.method(), path) {
            (Method::Get, "/app.js") => asset(SCRIPT, "text/javascript; charset=utf-8"),
            (Method::Get, "/app.css") => asset(STYLE, "text/css; charset=utf-8"),
            _ if !self.token_ok(req, query) => text(
                403,
                "missing or wrong token: open the address leadplan serve printed",
            ),
            (Method::Get, "/") => {
                let page = PAGE.replace("{{TOKEN}}", &self.token);
                asset(&page, "text/html; charset=utf-8")
            }
            (Method::Get, "/api/scenario") => self.scenario_json(),
            (Method::Post, "/api/solve" | "/api/what" | "/api/toml") => {
                let edits = match read_edits(req) {
                    Ok(e) => e,
                    Err(msg) => return text(400, &msg),
                };
                self.post(path, query, &edits)
            }
            _ => text(404, "not found"),
        }
    }

    fn scenario_json(&self) -> Response<std::io::Cursor<Vec<u8>>> {
        let s = &self.scenario;
        let u = crate::document::words::Units::of(s);
        let v = json!({
            "name": s.name,
            "file": self.file,
            "hash": self.hash,
            "money_unit": u.money_unit(),
            "effort_unit": u.effort_unit(),
            "countries": s.countries.iter().map(|c| json!({"id": c.id, "name": c.name})).collect::<Vec<_>>(),
            "tasks": s.tasks.iter().map(|t| json!({"id": t.id, "name": t.name, "optional": t.optional})).collect::<Vec<_>>(),
            "pins": s.policy.pins.iter().filter(|p| p.lead).map(|p| json!([s.countries[p.country].id, s.tasks[p.task].id])).collect::<Vec<_>>(),
            "numbers": api::numbers(s),
        });
        json_response(200, &v)
    }

    fn post(&self, path: &str, query: &str, e: &Edits) -> Response<std::io::Cursor<Vec<u8>>> {
        let s = &self.scenario;
        let result = match path {
            "/api/solve" => api::solve_edited(s, e, &self.opts),
            "/api/what" => {
                let get = |k: &str| {
                    query
                        .split('&')
                        .find_map(|kv| kv.strip_prefix(&format!("{k}=")))
                        .map(percent_decode)
                        .unwrap_or_default()
                };
                api::what_it_takes(s, e, &get("task"), &get("country"), &self.opts)
            }
            _ => {
                return match api::apply(s, e) {
                    Ok(edited) => {
                        let head = format!(
                            "Edited in leadplan serve from {} (sha256 {}...).\nThe edits: {}",
                            self.file,
                            self.hash,
                            serde_json::to_string(e).unwrap_or_default()
                        );
                        let toml = crate::scenario::to_toml(&edited, &head);
                        asset(&toml, "application/toml; charset=utf-8")
                    }
                    Err(problems) => json_response(400, &json!({ "problems": problems })),
                };
            }
        };
        match result {
            Ok(v) => json_response(200, &v),
            Err(err) => json_response(
                500,
                &json!({ "status": "error", "message": err.to_string() }),
            ),
        }
    }
}

/// The request's JSON body as edits, read up to [`MAX_BODY`].
fn read_edits(req: &mut Request) -> Result<Edits, String> {
    let mut body = Vec::new();
    req.as_reader()
        .take(MAX_BODY + 1)
        .read_to_end(&mut body)
        .map_err(|e| format!("cannot read the request: {e}"))?;
    if body.len() as u64 > MAX_BODY {
        return Err("request body over 1 MB".into());
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Edits::default());
    }
    serde_json::from_slice(&body).map_err(|e| format!("bad edits: {e}"))
}

/// `%XX` escapes and `+` of a query value decoded (invalid escapes kept).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut k = 0;
    while k < b.len() {
        match b[k] {
            b'%' if k + 2 < b.len() => match u8::from_str_radix(&s[k + 1..k + 3], 16) {
                Ok(v) => {
                    out.push(v);
                    k += 3;
                    continue;
                }
                Err(_) => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            c => out.push(c),
        }
        k += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn header(k: &str, v: &str) -> Header {
    Header::from_bytes(k.as_bytes(), v.as_bytes()).expect("static header")
}

fn with_headers(
    resp: Response<std::io::Cursor<Vec<u8>>>,
    content_type: &str,
) -> Response<std::io::Cursor<Vec<u8>>> {
    resp.with_header(header("Content-Type", content_type))
        .with_header(header(
            "Content-Security-Policy",
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ))
        .with_header(header("X-Content-Type-Options", "nosniff"))
        .with_header(header("Referrer-Policy", "no-referrer"))
        .with_header(header("Cache-Control", "no-store"))
}

fn asset(body: &str, content_type: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    with_headers(Response::from_data(body.as_bytes().to_vec()), content_type)
}

fn text(code: u16, msg: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    with_headers(
        Response::from_data(format!("{msg}\n").into_bytes()).with_status_code(code),
        "text/plain; charset=utf-8",
    )
}

fn json_response(code: u16, v: &Value) -> Response<std::io::Cursor<Vec<u8>>> {
    let body = serde_json::to_vec(v).unwrap_or_default();
    with_headers(
        Response::from_data(body).with_status_code(code),
        "application/json",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_differ_and_compare_in_constant_time() {
        let (a, b) = (token(), token());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
        assert!(constant_time_eq(a.as_bytes(), a.as_bytes()));
        assert!(!constant_time_eq(a.as_bytes(), b.as_bytes()));
        assert!(!constant_time_eq(b"ab", b"abc"));
    }

    #[test]
    fn query_values_are_decoded() {
        assert_eq!(percent_decode("a%20b+c"), "a b c");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
