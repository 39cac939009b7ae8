//! The server's answers: every response carries the same safety headers (a
//! Content-Security-Policy that allows nothing but this server, no sniffing,
//! no referrer, no caching), and a refusal is a status with a sentence.

use serde_json::Value;
use tiny_http::{Header, Response};

/// A response with its body in memory.
pub type Reply = Response<std::io::Cursor<Vec<u8>>>;

/// A request the server will not answer: the status and a sentence saying why
/// and what to do instead.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    /// HTTP status (400, 403, 404, 409, 413, ...).
    pub code: u16,
    /// The sentence shown to the user.
    pub message: String,
}

impl Refusal {
    /// A refusal with `code` and `message`.
    pub fn new(code: u16, message: impl Into<String>) -> Refusal {
        Refusal {
            code,
            message: message.into(),
        }
    }

    /// As a plain-text response.
    pub fn reply(&self) -> Reply {
        text(self.code, &self.message)
    }
}

fn header(k: &str, v: &str) -> Header {
    Header::from_bytes(k.as_bytes(), v.as_bytes()).expect("static header")
}

fn with_headers(resp: Reply, content_type: &str) -> Reply {
    // Every body is in memory: sent with its length, never in chunks.
    resp.with_chunked_threshold(usize::MAX)
        .with_header(header("Content-Type", content_type))
        .with_header(header(
            "Content-Security-Policy",
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ))
        .with_header(header("X-Content-Type-Options", "nosniff"))
        .with_header(header("Referrer-Policy", "no-referrer"))
        .with_header(header("Cache-Control", "no-store"))
}

/// A text asset (page, script, style, a file's text) with its content type.
pub fn asset(body: &str, content_type: &str) -> Reply {
    bytes(body.as_bytes().to_vec(), content_type)
}

/// A binary body with its content type.
pub fn bytes(body: Vec<u8>, content_type: &str) -> Reply {
    with_headers(Response::from_data(body), content_type)
}

/// A sentence as plain text, with `code`.
pub fn text(code: u16, msg: &str) -> Reply {
    with_headers(
        Response::from_data(format!("{msg}\n").into_bytes()).with_status_code(code),
        "text/plain; charset=utf-8",
    )
}

/// A JSON document with `code`.
pub fn json(code: u16, v: &Value) -> Reply {
    let body = serde_json::to_vec(v).unwrap_or_default();
    with_headers(
        Response::from_data(body).with_status_code(code),
        "application/json",
    )
}

/// `%XX` escapes and `+` of a query value decoded (invalid escapes kept).
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut k = 0;
    while k < b.len() {
        match b[k] {
            b'%' if k + 2 < b.len() => match std::str::from_utf8(&b[k + 1..k + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                Some(v) => {
                    out.push(v);
                    k += 3;
                    continue;
                }
                None => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            c => out.push(c),
        }
        k += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The decoded value of `key` in a query string, if present.
pub fn param(query: &str, key: &str) -> Option<String> {
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
        .map(percent_decode)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_decoded() {
        assert_eq!(percent_decode("a%20b+c"), "a b c");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
        assert_eq!(
            percent_decode("%a\u{e9}"),
            "%a\u{e9}",
            "no panic inside a character"
        );
        assert_eq!(
            param("file=a%2Fb.toml&v=1", "file").as_deref(),
            Some("a/b.toml")
        );
        assert_eq!(param("files=x", "file"), None);
    }
}
