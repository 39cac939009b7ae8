//! The report's drivers table for a Morris sweep: mu* and sigma per parameter.
//!
//! A Morris design (`design = "morris"`) screens many parameters for a few
//! runs each; its summary holds mu (mean elementary effect), mu* (mean absolute
//! effect: the ranking) and sigma (their spread: interactions or
//! non-linearity) of the objective and of whole-plan survival. The table
//! ranks the parameters by mu* of the objective, as the drivers chart does.

use super::Block;
use crate::fmt::fmt_num;
use crate::scenario::Scenario;
use crate::sweep::data::{Morris, MorrisEffects};

/// Parameters listed.
const SHOWN: usize = 12;

fn r4(x: f64) -> String {
    fmt_num((x * 1e4).round() / 1e4)
}

/// The parameters by mu* of the objective (then sigma), largest first.
/// Parameters without an elementary effect come last.
fn ranked(effects: &[MorrisEffects]) -> Vec<&MorrisEffects> {
    let mut rows: Vec<&MorrisEffects> = effects.iter().collect();
    rows.sort_by(|a, b| {
        (b.effects > 0)
            .cmp(&(a.effects > 0))
            .then(b.mu_star.total_cmp(&a.mu_star))
            .then(b.sigma.total_cmp(&a.sigma))
    });
    rows
}

/// A measure, or `-` for a parameter with no elementary effect (it has no
/// measure, which is not a measure of zero).
fn measure(f: impl Fn(&MorrisEffects) -> f64) -> impl Fn(&MorrisEffects) -> String {
    move |e| match e.effects {
        0 => "-".to_string(),
        _ => r4(f(e)),
    }
}

/// The table and a note on reading it.
pub(super) fn table(s: &Scenario, m: &Morris) -> Vec<Block> {
    let survival = |p: &str| {
        m.plan_survival
            .as_ref()
            .and_then(|rows| rows.iter().find(|e| e.parameter == p))
            .map_or("-".to_string(), measure(|e| e.mu_star))
    };
    let rows = ranked(&m.objective)
        .into_iter()
        .take(SHOWN)
        .map(|e| {
            vec![
                super::words::named(s, &e.parameter),
                measure(|e| e.mu_star)(e),
                measure(|e| e.sigma)(e),
                measure(|e| e.mu)(e),
                survival(&e.parameter),
                e.effects.to_string(),
            ]
        })
        .collect();
    let headers = [
        "parameter",
        "mu* (objective)",
        "sigma",
        "mu",
        "mu* (whole-plan survival)",
        "effects",
    ];
    let note = format!(
        "Morris screening over {} trajectories on {} levels: mu* is the mean absolute change in the output when the parameter alone moves (in the output's units, scaled to a move across the parameter's whole sampled range), the ranking; sigma is the spread of those changes: a sigma near or above mu* means the effect depends on the other parameters (interactions) or is not linear; |mu| well below mu* means the effect changes sign. Sorted by mu* of the objective; `-`: no elementary effect (no two successive runs of a trajectory both had a plan), so no measure.",
        m.trajectories, m.levels
    );
    vec![
        Block::Table {
            headers: headers.map(String::from).to_vec(),
            rows,
            numeric: vec![1, 2, 3, 4, 5],
        },
        Block::Note(note),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn effect(p: &str, mu_star: f64, effects: u64) -> MorrisEffects {
        MorrisEffects {
            parameter: p.into(),
            mu: -mu_star,
            mu_star,
            sigma: 0.5,
            effects,
        }
    }

    #[test]
    fn parameters_without_an_elementary_effect_have_no_measure_and_come_last() {
        let m = Morris {
            trajectories: 4,
            levels: 4,
            objective: vec![
                effect("a", 0.0, 0),
                effect("b", 0.25, 3),
                effect("c", 2.0, 4),
            ],
            plan_survival: None,
        };
        let s = Scenario::from_toml_str(
            "[[country]]\nid = \"A\"\ncapacity = 1\n[[task]]\nid = \"t\"\ndomain = \"d\"\neffort = 1\n",
            "t.toml",
        )
        .unwrap();
        let Block::Table { rows, .. } = &table(&s, &m)[0] else {
            panic!("a table first")
        };
        let cells = |i: usize| rows[i].iter().map(String::as_str).collect::<Vec<_>>();
        assert_eq!(cells(0), ["c", "2", "0.5", "-2", "-", "4"]);
        assert_eq!(cells(1), ["b", "0.25", "0.5", "-0.25", "-", "3"]);
        assert_eq!(cells(2), ["a", "-", "-", "-", "-", "0"]);
    }
}
