//! `leadplan serve`: a what-if page for a scenario, or a folder of them,
//! re-solved on every edit.
//!
//! A small HTTP server (tiny_http, a few threads: the page asks for a plan
//! first and its runner-ups next, and a new edit's plan must not wait behind
//! them) bound to 127.0.0.1 only. Every request to the
//! page or the API must carry the random token of the URL the command prints
//! (in the query for the page, in the `X-Leadplan-Token` header for the API),
//! and its `Host` must be the address served, so another site in the same
//! browser can neither read nor drive it (DNS rebinding included). The page,
//! its script and its style are compiled into the binary: nothing is fetched
//! from anywhere else, and a Content-Security-Policy says so to the browser.
//! The page builds its text with `textContent` only, never markup from data.
//!
//! Served a folder, the server reads only files inside it: every name the page
//! sends goes through [`folder::Folder::confine`], and nothing is written.
//!
//! The questions the page asks are answered in [`api`], [`compare`],
//! [`download`], [`sweep`] and [`pareto`], by the same functions the command
//! line uses.

pub mod api;
pub mod compare;
pub mod download;
pub mod folder;
pub mod front;
pub mod pareto;
pub mod reply;
pub mod sweep;

use std::borrow::Cow;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::io::Read;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde_json::json;
use tiny_http::{Method, Request};

use crate::error::Error;
use crate::scenario::Scenario;
use crate::SolveOptions;
use folder::Folder;
use reply::{asset, json as json_response, param, text, Refusal, Reply};

const PAGE: &str = include_str!("page.html");
const SCRIPT: &str = include_str!("page.js");
const STYLE: &str = include_str!("page.css");

/// Largest request body read (an edit list is a few kilobytes).
const MAX_BODY: u64 = 1 << 20;

/// Largest file shown as text.
const MAX_SHOWN: u64 = 1 << 20;

/// Requests answered at once.
const WORKERS: usize = 4;

/// The token's header on API requests.
const TOKEN_HEADER: &str = "X-Leadplan-Token";

/// A scenario as loaded for a request.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The scenario.
    pub scenario: Scenario,
    /// The file's name as the page knows it (relative to the folder served).
    pub file: String,
    /// The file's SHA-256, first 16 hex digits: a saved view names the
    /// version of the file it was made on.
    pub hash: String,
}

/// What is served: one scenario file, or a folder.
enum Source {
    File(Box<Loaded>),
    Folder(Folder),
}

/// A running what-if server.
pub struct Serving {
    http: tiny_http::Server,
    token: String,
    port: u16,
    source: Source,
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

/// A text's SHA-256, first 16 hex digits.
pub fn file_hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest(text.as_bytes());
    d.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Loads the scenario at `path`, named `file` on the page.
fn load(path: &Path, file: String) -> Result<Loaded, Error> {
    let scenario = Scenario::load(path)?;
    let text = crate::input::read_text(path, crate::input::InputKind::Scenario)?;
    Ok(Loaded {
        scenario,
        file,
        hash: file_hash(&text),
    })
}

impl Serving {
    /// Loads `path` (a scenario file, or a folder) and binds
    /// 127.0.0.1:`port` (0: a free port).
    pub fn start(path: &Path, port: u16, opts: SolveOptions) -> Result<Serving, Error> {
        let source = if path.is_dir() {
            Source::Folder(Folder::open(path)?)
        } else {
            Source::File(Box::new(load(path, path.display().to_string())?))
        };
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
            source,
            opts,
        })
    }

    /// The address to open, token included.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/?token={}", self.port, self.token)
    }

    /// Answers requests until the process is stopped, [`WORKERS`] at a time:
    /// the plan of a new edit is not kept waiting behind the runner-ups of
    /// the one before.
    pub fn run(self) -> Result<(), Error> {
        std::thread::scope(|scope| {
            for _ in 0..WORKERS {
                scope.spawn(|| {
                    while let Ok(mut req) = self.http.recv() {
                        let resp = self.route(&mut req);
                        // A client that went away is not the server's failure.
                        let _ = req.respond(resp);
                    }
                });
            }
        });
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
        [header, param(query, "token")]
            .into_iter()
            .flatten()
            .any(|t| constant_time_eq(t.as_bytes(), self.token.as_bytes()))
    }

    fn route(&self, req: &mut Request) -> Reply {
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
            (Method::Get, "/api/folder") => self.folder_json(),
            (Method::Get, "/api/file") => self.file_text(query).unwrap_or_else(|r| r.reply()),
            (Method::Get, "/api/sweep") => self.sweep(query).unwrap_or_else(|r| r.reply()),
            (Method::Get, "/api/pareto") => self.front(query).unwrap_or_else(|r| r.reply()),
            (Method::Get, "/api/scenario" | "/api/view") => self
                .loaded(query)
                .map(|l| match path {
                    "/api/view" => download::view(&l, query),
                    _ => scenario_json(&l),
                })
                .unwrap_or_else(|r| r.reply()),
            (Method::Post, "/api/compare") => match read_body::<compare::Pair>(req) {
                Ok(pair) => self.compare(&pair).unwrap_or_else(|r| r.reply()),
                Err(r) => r.reply(),
            },
            (
                Method::Post,
                "/api/solve" | "/api/what" | "/api/toml" | "/api/xlsx" | "/api/pareto",
            ) => {
                let edits = match read_body::<api::Edits>(req) {
                    Ok(e) => e,
                    Err(r) => return r.reply(),
                };
                match self.loaded(query) {
                    Ok(l) => self.post(path, query, &l, &edits),
                    Err(r) => r.reply(),
                }
            }
            _ => text(404, "not found"),
        }
    }

    /// The scenario the request's `file` names (the one file served, when
    /// no folder is).
    fn loaded(&self, query: &str) -> Result<Cow<'_, Loaded>, Refusal> {
        self.load_named(param(query, "file").as_deref())
    }

    fn load_named(&self, file: Option<&str>) -> Result<Cow<'_, Loaded>, Refusal> {
        match (&self.source, file) {
            (Source::File(l), None) => Ok(Cow::Borrowed(l)),
            (Source::File(l), Some(f)) if f == l.file => Ok(Cow::Borrowed(l)),
            (Source::File(l), Some(_)) => Err(Refusal::new(
                404,
                format!("this server serves one file, {}", l.file),
            )),
            (Source::Folder(dir), f) => {
                let f = f.unwrap_or_default();
                let path = dir.confine(f)?;
                load(&path, f.to_string()).map(Cow::Owned).map_err(|e| {
                    Refusal::new(400, format!("`{f}` is not a scenario that loads:\n{e}"))
                })
            }
        }
    }

    fn folder_json(&self) -> Reply {
        match &self.source {
            Source::File(l) => json_response(
                200,
                &json!({ "folder": null, "entries": [{ "path": l.file, "kind": "scenario", "note": l.scenario.name }] }),
            ),
            Source::Folder(dir) => json_response(
                200,
                &json!({ "folder": dir.root().display().to_string(), "entries": dir.list() }),
            ),
        }
    }

    /// A file of the folder as text, to read on the page.
    fn file_text(&self, query: &str) -> Result<Reply, Refusal> {
        let (dir, f) = self.in_folder(query, "only its one scenario")?;
        let path = dir.confine(&f)?;
        let len = path.metadata().map_or(0, |m| m.len());
        if len > MAX_SHOWN {
            return Err(Refusal::new(
                413,
                format!("`{f}` is {len} bytes; the page shows files of at most 1 MB"),
            ));
        }
        let bytes = std::fs::read(&path)
            .map_err(|e| Refusal::new(404, format!("cannot read `{f}`: {e}")))?;
        match String::from_utf8(bytes) {
            Ok(t) => Ok(asset(&t, "text/plain; charset=utf-8")),
            Err(_) => Err(Refusal::new(
                415,
                format!("`{f}` is not text: open it with the program that made it"),
            )),
        }
    }

    fn compare(&self, pair: &compare::Pair) -> Result<Reply, Refusal> {
        let a = self.load_named(pair.a.file.as_deref())?;
        let b = self.load_named(pair.b.file.as_deref())?;
        compare::compare((&a, &pair.a), (&b, &pair.b), &self.opts).map(|v| json_response(200, &v))
    }

    /// The folder served and the request's `file`, or 404 saying `instead`
    /// when one file is served.
    fn in_folder(&self, query: &str, instead: &str) -> Result<(&Folder, String), Refusal> {
        match &self.source {
            Source::Folder(dir) => Ok((dir, param(query, "file").unwrap_or_default())),
            Source::File(_) => Err(Refusal::new(404, format!("no folder is served: {instead}"))),
        }
    }

    fn sweep(&self, query: &str) -> Result<Reply, Refusal> {
        let (dir, f) = self.in_folder(query, "serve the folder that holds the sweep")?;
        sweep::open(dir, &f, &self.opts).map(|v| json_response(200, &v))
    }

    fn front(&self, query: &str) -> Result<Reply, Refusal> {
        let (dir, f) = self.in_folder(query, "serve the folder that holds the saved front")?;
        pareto::open(dir, &f).map(|v| json_response(200, &v))
    }

    fn post(&self, path: &str, query: &str, l: &Loaded, e: &api::Edits) -> Reply {
        let s = &l.scenario;
        let result = match path {
            "/api/solve" => {
                let explain = param(query, "explain").as_deref() != Some("0");
                api::solve_edited(s, e, &self.opts, explain)
            }
            "/api/what" => {
                let get = |k: &str| param(query, k).unwrap_or_default();
                api::what_it_takes(s, e, &get("task"), &get("country"), &self.opts)
            }
            "/api/xlsx" => return download::xlsx(l, e),
            "/api/pareto" => {
                let get = |k: &str| param(query, k);
                let objectives = get("objectives").unwrap_or_default();
                return pareto::compute(l, e, &objectives, get("points").as_deref(), &self.opts)
                    .map(|v| json_response(200, &v))
                    .unwrap_or_else(|r| r.reply());
            }
            _ => return download::toml(l, e),
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

fn scenario_json(l: &Loaded) -> Reply {
    let s = &l.scenario;
    let u = crate::document::words::Units::of(s);
    let v = json!({
        "name": s.name,
        "file": l.file,
        "hash": l.hash,
        "money_unit": u.money_unit(),
        "effort_unit": u.effort_unit(),
        "countries": s.countries.iter().map(|c| json!({"id": c.id, "name": c.name})).collect::<Vec<_>>(),
        "tasks": s.tasks.iter().map(|t| json!({"id": t.id, "name": t.name, "optional": t.optional})).collect::<Vec<_>>(),
        "pins": s.policy.pins.iter().filter(|p| p.lead).map(|p| json!([s.countries[p.country].id, s.tasks[p.task].id])).collect::<Vec<_>>(),
        "numbers": api::numbers(s),
    });
    json_response(200, &v)
}

/// The request's JSON body, read up to [`MAX_BODY`] (an empty body is the
/// default value).
fn read_body<T: DeserializeOwned + Default>(req: &mut Request) -> Result<T, Refusal> {
    let mut body = Vec::new();
    req.as_reader()
        .take(MAX_BODY + 1)
        .read_to_end(&mut body)
        .map_err(|e| Refusal::new(400, format!("cannot read the request: {e}")))?;
    if body.len() as u64 > MAX_BODY {
        return Err(Refusal::new(400, "request body over 1 MB"));
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(&body).map_err(|e| Refusal::new(400, format!("bad request: {e}")))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
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
}
