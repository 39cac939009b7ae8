//! The one place leadplan writes to a terminal: standard error (errors,
//! warnings, notes, progress) and the text it prints on standard output.
//!
//! Messages carry text from the input: sheet and file names, paths, TOML
//! keys, ids, names, notes. A control character in them (escape, carriage
//! return, backspace) could recolour or rewrite the terminal, and a
//! bidirectional control (U+202E) could make a name or a path read backwards.
//! So everything printed passes through [`crate::fmt::escape_block`] here:
//! such characters are shown as `\u{1b}`, `\u{202e}`; newlines and tabs are
//! kept, since messages are laid out on several lines and neither can move
//! the cursor back. (The untrusted parts that must stay on one line, such as
//! paths in errors and names in diagnostics, are escaped whole where they are
//! put in the message, [`crate::fmt::escape_line`]; escaping twice changes
//! nothing.) JSON is written with `\uXXXX` escapes instead, which keep the
//! string exact ([`crate::fmt::json_safe`]).
//!
//! Nothing else prints: [`say!`] replaces `eprintln!`, and a test below fails
//! on any print macro elsewhere in the crate.

use std::io::Write;
use std::path::Path;

use crate::fmt::{escape_block, json_safe};

/// `eprintln!`, with control and bidirectional characters escaped.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::console::say(&format!($($arg)*))
    };
}

/// Writes `text` and a line end to standard error, escaped.
pub(crate) fn say(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", escape_block(text));
}

/// Writes `text` to standard error, escaped, without adding a line end.
pub(crate) fn say_block(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(escape_block(text).as_bytes());
}

/// A progress line on a terminal: `\r` then `text` (escaped), no line end;
/// `None` clears the line.
pub(crate) fn progress(text: Option<&str>) {
    let mut err = std::io::stderr().lock();
    let _ = match text {
        Some(t) => write!(err, "\r{}", crate::fmt::escape_line(t)),
        None => err.write_all(b"\r\x1b[2K"),
    };
    let _ = err.flush();
}

/// Writes text (a table, a CSV, Markdown, a script) to `out` atomically, or
/// to standard output, escaped.
pub(crate) fn emit(text: &str, out: Option<&Path>) -> anyhow::Result<()> {
    write_out(&escape_block(text), out)
}

/// Writes JSON text to `out` atomically, or to standard output, with
/// hostile characters as `\uXXXX` escapes.
pub(crate) fn emit_json(text: &str, out: Option<&Path>) -> anyhow::Result<()> {
    write_out(&json_safe(text), out)
}

fn write_out(text: &str, out: Option<&Path>) -> anyhow::Result<()> {
    match out {
        Some(path) => crate::output::write_atomic(path, text.as_bytes())?,
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            stdout.flush()?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    /// Files that may print, and why: this module, and two debug lines that
    /// print only numbers and stage names, behind environment variables.
    const MAY_PRINT: [&str; 3] = [
        "src/cli/console.rs",
        "src/solve/bnb/mod.rs",
        "src/optimize/diagnose.rs",
    ];

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                rust_files(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }

    /// The code of a file, its inline test module and test files left out.
    fn code(text: &str) -> &str {
        text.find("#[cfg(test)]\nmod").map_or(text, |k| &text[..k])
    }

    #[test]
    fn nothing_prints_around_the_console() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        rust_files(&root.join("src"), &mut files);
        let mut offenders = Vec::new();
        for f in files {
            let rel = f
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if MAY_PRINT.contains(&rel.as_str()) || rel.ends_with("tests.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&f).unwrap();
            for (k, line) in code(&text).lines().enumerate() {
                let line = line.split("//").next().unwrap_or("");
                for mac in ["println!", "print!", "dbg!"] {
                    if line.contains(mac) {
                        offenders.push(format!("{rel}:{}: {}", k + 1, line.trim()));
                    }
                }
            }
        }
        assert!(
            offenders.is_empty(),
            "print through cli::console (say!, emit) so that input text is escaped:\n{}",
            offenders.join("\n")
        );
    }
}
