//! The "What the pins cost" section of `solve --price-pins`, shared by the
//! text and Markdown reports: a sentence with the whole set's price and the
//! dearest pins, then one row per pin in the scenario's order.

use super::table::Table;
use super::SolveReport;
use crate::explain::pins::{PinPrice, PinPrices};
use crate::fmt::{escape_line, fmt_num};

/// How many of the dearest pins the sentence names.
const NAMED: usize = 3;

/// A price or objective as printed: four decimals, like a runner-up's loss.
fn num(x: f64) -> String {
    fmt_num((x * 1e4).round() / 1e4)
}

/// `KR leads judicial-training`, `US does not lead smr-powered-shipbuilding`.
fn label(p: &PinPrice) -> String {
    let verb = if p.lead { "leads" } else { "does not lead" };
    format!(
        "{} {verb} {}",
        escape_line(&p.country),
        escape_line(&p.task)
    )
}

/// `a`, `a and b`, `a, b and c`.
fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The sentence: what every pin costs together, and the dearest pins.
fn sentence(p: &PinPrices) -> String {
    let whole = match (p.cost, p.objective_without_pins) {
        (Some(c), Some(o)) => format!(
            "following every pin costs {} (objective {} with the pins, {} without any)",
            num(c),
            num(p.objective),
            num(o)
        ),
        _ => "what every pin costs together is not proven: the re-solve without them stopped at the time limit".into(),
    };
    let dearest: Vec<String> = p
        .dearest()
        .iter()
        .take(NAMED)
        .map(|q| format!("{} ({})", label(q), num(q.cost.unwrap_or(0.0))))
        .collect();
    let named = match dearest.len() {
        0 => "no pin costs anything on its own".to_string(),
        n if n < NAMED.min(p.pins.len()) => format!(
            "the only {} that cost anything on {} own: {}",
            if n == 1 { "pin" } else { "pins" },
            if n == 1 { "its" } else { "their" },
            list(&dearest)
        ),
        n => format!(
            "the {} that cost most: {}",
            if n == 1 { "pin" } else { "pins" },
            list(&dearest)
        ),
    };
    format!("{whole}; {named}.")
}

/// The section's title, sentence and table, when the report priced its pins.
pub fn section(r: &SolveReport) -> Option<(String, String, Table)> {
    let p = r.pin_prices.as_ref()?;
    let mut t = Table::new(&["pin", "objective without it", "cost"], &[1, 2]);
    for q in &p.pins {
        t.row(vec![
            label(q),
            q.objective_without.map_or_else(|| "not proven".into(), num),
            q.cost.map_or_else(|| "-".into(), num),
        ]);
    }
    let title =
        "What the pins cost (each lifted alone, every other pin kept, and the scenario re-solved)";
    Some((title.to_string(), sentence(p), t))
}
