//! Output flags shared by the resilience commands: `--format text|json`, `--out FILE`.

use std::path::PathBuf;

use clap::Args;

/// Formats of the resilience commands.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextJson {
    /// Readable tables.
    Text,
    /// The JSON shape documented in docs/src/output.md.
    Json,
}

/// `--format` and `--out`.
#[derive(Args, Debug)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextJson::Text)]
    pub format: TextJson,
    /// Write the output to this file (atomically) instead of standard output.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
}

impl OutputArgs {
    /// Renders with `text` or as JSON and writes it out.
    pub fn emit<T: serde::Serialize>(
        &self,
        value: &T,
        text: impl Fn(&T) -> String,
    ) -> anyhow::Result<()> {
        match self.format {
            TextJson::Text => super::emit(&text(value), self.out.as_deref()),
            TextJson::Json => {
                super::emit_json(&crate::resilience::to_json(value), self.out.as_deref())
            }
        }
    }
}

/// The object `--format json` prints for a solver error (exit 3).
pub fn solver_error_json(scenario: Option<&str>, message: &str) -> String {
    status_json(scenario, "error", message)
}

/// `{"scenario", "status", "message"}`: what `--format json` prints when there is no report.
fn status_json(scenario: Option<&str>, status: &str, message: &str) -> String {
    let mut body = serde_json::Map::new();
    if let Some(name) = scenario {
        body.insert("scenario".into(), name.into());
    }
    body.insert("status".into(), status.into());
    body.insert("message".into(), message.into());
    let mut text = serde_json::to_string_pretty(&body).expect("a JSON map serialises");
    text.push('\n');
    text
}

/// Solves the baseline scenario, or explains on stderr why there is none
/// (`Err(exit code)`); with `--format json` also as `{"scenario", "status", "message"}`
/// (`infeasible` or `time_limit`), as `solve` reports them.
pub fn baseline(
    s: &crate::Scenario,
    opts: &crate::SolveOptions,
    output: &OutputArgs,
) -> anyhow::Result<Result<crate::Plan, u8>> {
    let (status, message) = match crate::solve(s, opts)? {
        crate::Outcome::Planned(p) => return Ok(Ok(p)),
        crate::Outcome::Infeasible(d) => (
            "infeasible",
            format!("the scenario has no plan to start from: {}", d.summary()),
        ),
        crate::Outcome::NoPlanFound { .. } => (
            "time_limit",
            "no plan found within the time limit; raise --time-limit".to_string(),
        ),
    };
    say!("error: {message}");
    if output.format == TextJson::Json {
        super::emit_json(
            &status_json(Some(&s.name), status, &message),
            output.out.as_deref(),
        )?;
    }
    Ok(Err(1))
}
