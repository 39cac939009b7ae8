//! JSON: the stable shape documented in docs/src/output.md.

use super::SolveReport;

/// Pretty JSON with a trailing newline.
pub fn render(r: &SolveReport) -> String {
    let mut s = serde_json::to_string_pretty(r).expect("reports serialise");
    s.push('\n');
    s
}
