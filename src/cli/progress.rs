//! Progress bars on standard error, on a terminal only: piped output, logs and
//! tests never see one, and standard output is never touched.
//!
//! `sweep` draws its runs with [`bar_style`]; the commands that loop over
//! re-solves (runner-ups, contingencies, futures, Pareto subproblems) install
//! [`install`]'s observer, which draws each stage the library counts.

use std::io::IsTerminal;
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressStyle};

use crate::progress::{set_observer, Observer};

/// A bar of `unit`s (`runs`, `solves`) with its rate and an ETA; `label`
/// (`{msg}` in the template) names the stage, where there is one.
pub(super) fn bar_style(unit: &'static str, label: bool) -> ProgressStyle {
    let template = format!(
        "{}{{bar:40}} {{pos}}/{{len}} {unit}  {{rate}}  ETA {{eta}}",
        if label { "{msg}: " } else { "" }
    );
    ProgressStyle::with_template(&template)
        .map(|s| s.with_key("rate", rate(unit)))
        .unwrap_or_else(|_| ProgressStyle::default_bar())
}

/// A count with its rate, for a stage whose number of steps is not known.
fn spinner_style(unit: &'static str) -> ProgressStyle {
    let template = format!("{{spinner}} {{msg}}: {{pos}} {unit}  {{rate}}  {{elapsed}}");
    ProgressStyle::with_template(&template)
        .map(|s| s.with_key("rate", rate(unit)))
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
}

fn rate(
    unit: &'static str,
) -> impl Fn(&indicatif::ProgressState, &mut dyn std::fmt::Write) + Send + Sync + Clone {
    move |st: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
        let _ = write!(w, "{:.0} {unit}/s", st.per_sec());
    }
}

/// Draws the library's stages of re-solves.
struct Bars {
    bar: Mutex<Option<ProgressBar>>,
}

impl Bars {
    fn with_bar(&self, f: impl FnOnce(&mut Option<ProgressBar>)) {
        if let Ok(mut bar) = self.bar.lock() {
            f(&mut bar);
        }
    }
}

impl Observer for Bars {
    fn begin(&self, what: &str, total: Option<u64>) {
        let bar = match total {
            Some(n) => ProgressBar::new(n).with_style(bar_style("solves", true)),
            None => {
                let b = ProgressBar::new_spinner().with_style(spinner_style("solves"));
                b.enable_steady_tick(std::time::Duration::from_millis(200));
                b
            }
        };
        let bar = bar.with_message(what.to_string());
        self.with_bar(|b| *b = Some(bar));
    }

    fn advance(&self) {
        self.with_bar(|b| {
            if let Some(b) = b {
                b.inc(1);
            }
        });
    }

    fn end(&self) {
        self.with_bar(|b| {
            if let Some(b) = b.take() {
                b.finish_and_clear();
            }
        });
    }
}

/// On a terminal, shows the progress of the long loops of re-solves on
/// standard error; elsewhere does nothing.
pub(super) fn install() {
    if std::io::stderr().is_terminal() {
        set_observer(Box::new(Bars {
            bar: Mutex::new(None),
        }));
    }
}
