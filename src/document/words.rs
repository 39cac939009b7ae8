//! Numbers and names as a minister reads them: amounts in the scenario's own
//! units and rounded to the precision its inputs were written with, shares in
//! whole percent, parameter paths (`country.JP.capability.local_access`) as
//! phrases ("Japan's local access score").
//!
//! The briefing and the report's tables share these functions, so a number
//! reads the same wherever it appears.

use crate::fmt::fmt_num;
use crate::scenario::Scenario;

/// Decimals a number was written with (at most `cap`): 0 for 40, 1 for 2.5.
fn decimals(x: f64, cap: usize) -> usize {
    (0..cap)
        .find(|&d| {
            let p = 10f64.powi(d as i32);
            ((x * p).round() - x * p).abs() < 1e-9 * (1.0 + (x * p).abs())
        })
        .unwrap_or(cap)
}

/// The most decimals any of `xs` was written with, at most two.
fn precision(xs: impl Iterator<Item = f64>) -> usize {
    xs.map(|x| decimals(x, 2)).max().unwrap_or(0)
}

/// How a scenario's money and effort amounts are printed.
#[derive(Clone, Debug)]
pub struct Units {
    money_unit: String,
    effort_unit: String,
    money_decimals: usize,
    effort_decimals: usize,
}

impl Units {
    /// The units and precisions of `s`: money to the decimals its costs and
    /// budgets were written with, effort to those of its efforts and capacities.
    pub fn of(s: &Scenario) -> Units {
        let money = s
            .tasks
            .iter()
            .flat_map(|t| t.cost.iter().copied())
            .chain(s.countries.iter().filter_map(|c| c.budget));
        let effort = s
            .tasks
            .iter()
            .flat_map(|t| t.effort.iter().copied())
            .chain(s.countries.iter().map(|c| c.capacity));
        Units {
            money_unit: s.money_unit.clone(),
            effort_unit: s.effort_unit.clone(),
            money_decimals: precision(money),
            effort_decimals: precision(effort),
        }
    }

    /// `x` rounded to `decimals`, without a trailing `.0` or a `-0`.
    fn rounded(x: f64, decimals: usize) -> String {
        let p = 10f64.powi(decimals as i32);
        let r = (x * p).round() / p;
        fmt_num(if r == 0.0 { 0.0 } else { r })
    }

    /// A money amount without its unit, rounded as the inputs were written.
    pub fn money_number(&self, x: f64) -> String {
        Self::rounded(x, self.money_decimals)
    }

    /// An effort amount without its unit, rounded as the inputs were written.
    pub fn effort_number(&self, x: f64) -> String {
        Self::rounded(x, self.effort_decimals)
    }

    /// The money unit as a column title's parenthesis: `US$ million`, or `units of money`.
    pub fn money_unit(&self) -> &str {
        if self.money_unit.is_empty() {
            "units of money"
        } else {
            &self.money_unit
        }
    }

    /// The effort unit: `staff-years`, or `units of effort`.
    pub fn effort_unit(&self) -> &str {
        if self.effort_unit.is_empty() {
            "units of effort"
        } else {
            &self.effort_unit
        }
    }

    /// A money amount with its unit: `263 US$ million`.
    pub fn money(&self, x: f64) -> String {
        format!("{} {}", self.money_number(x), self.money_unit())
    }

    /// An effort amount with its unit: `14 staff-years`.
    pub fn effort(&self, x: f64) -> String {
        format!("{} {}", self.effort_number(x), self.effort_unit())
    }

    /// The sentence that says how amounts are rounded and in what unit.
    pub fn rounding_note(&self) -> String {
        let how = |d: usize| match d {
            0 => "whole numbers".to_string(),
            1 => "one decimal".to_string(),
            d => format!("{d} decimals"),
        };
        let rounded = if self.money_decimals == self.effort_decimals {
            format!("both rounded to {}", how(self.money_decimals))
        } else {
            format!(
                "rounded to {} and {}",
                how(self.money_decimals),
                how(self.effort_decimals)
            )
        };
        format!(
            "Money is in {} and effort in {}, {rounded}, as precise as the scenario's own figures.",
            self.money_unit(),
            self.effort_unit(),
        )
    }
}

/// A share in whole percent: `80%`; `under 1%` for a positive share below
/// half a percent, `over 99%` for one short of all.
pub fn percent(x: f64) -> String {
    if x > 0.0 && x < 0.005 {
        return "under 1%".into();
    }
    if x < 1.0 && x > 0.995 {
        return "over 99%".into();
    }
    format!("{}%", fmt_num((x * 100.0).round()))
}

/// `a`, `a and b`, `a, b and c`.
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A country's name from its id (the id itself when unknown).
pub fn country(s: &Scenario, id: &str) -> String {
    s.countries
        .iter()
        .find(|c| c.id == id)
        .map_or_else(|| id.to_string(), |c| c.name.clone())
}

/// A task's name from its id (the id itself when unknown).
pub fn task(s: &Scenario, id: &str) -> String {
    s.tasks
        .iter()
        .find(|t| t.id == id)
        .map_or_else(|| id.to_string(), |t| t.name.clone())
}

/// `local_access` as `local access`.
pub fn spaced(name: &str) -> String {
    name.replace(['_', '-'], " ")
}

/// The possessive of a name: `Japan's`, `the United States'`.
fn possessive(name: &str) -> String {
    crate::possessive::possessive(name)
}

/// A sweep parameter's path in words, from the scenario's names:
/// `country.JP.capability.local_access` is "Japan's local access score",
/// `task.ppe.cost.KR` "the cost of Ally-shoring PPE production to South Korea".
/// A path of another shape is returned as it is.
pub fn parameter(s: &Scenario, path: &str) -> String {
    let segs: Vec<&str> = path.split('.').collect();
    let phrase = match segs.as_slice() {
        ["country", id, field, rest @ ..] => country_field(&country(s, id), field, rest),
        ["task", id, field, rest @ ..] => task_field(s, &task(s, id), field, rest),
        ["policy", "weights", term] => Some(format!("the weight on {}", term_words(term))),
        ["policy", field] => Some(match *field {
            "min_lead_share" => "the least cost share a co-lead pays".to_string(),
            "min_leads_per_country" => "the fewest tasks each country leads".to_string(),
            "max_leads_per_country" => "the most tasks each country leads".to_string(),
            "max_leads_per_domain" => "the most tasks one country leads in a domain".to_string(),
            other => spaced(other),
        }),
        _ => None,
    };
    phrase.unwrap_or_else(|| path.to_string())
}

/// A parameter for the analyst's tables: its words, then its path in
/// parentheses (the path alone when there are no words for it).
pub fn named(s: &Scenario, path: &str) -> String {
    let w = parameter(s, path);
    if w == path {
        w
    } else {
        format!("{w} ({path})")
    }
}

fn country_field(name: &str, field: &str, rest: &[&str]) -> Option<String> {
    let who = possessive(name);
    Some(match (field, rest) {
        ("capability", [dim]) => format!("{who} {} score", spaced(dim)),
        ("capacity", []) => format!("{who} capacity"),
        ("budget", []) => format!("{who} budget"),
        ("sensitivity_tolerance", []) => format!("{who} tolerance for sensitive tasks"),
        ("fair_share", []) => format!("{who} fair share of costs"),
        ("min_leads", []) => format!("the fewest tasks {name} leads"),
        ("max_leads", []) => format!("the most tasks {name} leads"),
        _ => return None,
    })
}

fn task_field(s: &Scenario, name: &str, field: &str, rest: &[&str]) -> Option<String> {
    let to = |id: &str| format!(" to {}", country(s, id));
    Some(match (field, rest) {
        ("cost", []) => format!("the cost of {name}"),
        ("cost", [c]) => format!("the cost of {name}{}", to(c)),
        ("effort", []) => format!("the effort {name} takes"),
        ("effort", [c]) => format!("the effort {name} takes{}", to(c)),
        ("requirements", [dim]) => format!("how much {name} needs {}", spaced(dim)),
        ("fit", [c]) => format!("{} fit for {name}", possessive(&country(s, c))),
        ("sensitivity", []) => format!("how sensitive {name} is"),
        ("importance", []) => format!("the importance of {name}"),
        ("leads", []) => format!("the number of leads {name} takes"),
        _ => return None,
    })
}

/// An objective term in words.
pub fn term_words(term: &str) -> &'static str {
    match term {
        "fit" => "fit (how well leads match their tasks)",
        "cost" => "total cost",
        "sensitivity" => "sensitivity (sensitive tasks led by countries that tolerate less)",
        "fairness" => "unfairness (costs paid away from fair shares)",
        _ => "another term",
    }
}

/// A share of the plan's score: one decimal below 10%, whole above.
pub(super) fn score_share(x: f64) -> String {
    if x > 0.0 && x < 0.0005 {
        return "under 0.1%".into();
    }
    let p = x * 100.0;
    if p < 10.0 {
        format!("{}%", crate::fmt::fmt_num((p * 10.0).round() / 10.0))
    } else {
        format!("{}%", crate::fmt::fmt_num(p.round()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario() -> Scenario {
        Scenario::from_toml_str(
            r#"
[scenario]
money_unit = "US$ million"
[[country]]
id = "JP"
name = "Japan"
capacity = 2.5
budget = 40
capability = { local_access = 0.5 }
[[country]]
id = "US"
name = "United States"
capacity = 3
[[task]]
id = "ppe"
name = "PPE production"
domain = "d"
effort = 1
cost = { JP = 10.25, US = 12 }
requirements = { local_access = 1 }
"#,
            "t.toml",
        )
        .unwrap()
    }

    #[test]
    fn amounts_follow_the_inputs_precision_and_units() {
        let u = Units::of(&scenario());
        assert_eq!(u.money(218.522388), "218.52 US$ million");
        assert_eq!(u.effort(13.96), "14 units of effort");
        assert_eq!(u.effort_number(2.46), "2.5");
        assert_eq!(u.money_number(-0.001), "0");
        assert!(
            u.rounding_note().contains("2 decimals"),
            "{}",
            u.rounding_note()
        );
    }

    #[test]
    fn parameters_read_as_phrases() {
        let s = scenario();
        assert_eq!(
            parameter(&s, "country.JP.capability.local_access"),
            "Japan's local access score"
        );
        assert_eq!(
            parameter(&s, "country.US.capacity"),
            "the United States' capacity"
        );
        assert_eq!(
            parameter(&s, "task.ppe.cost.JP"),
            "the cost of PPE production to Japan"
        );
        assert_eq!(
            parameter(&s, "policy.weights.fairness"),
            "the weight on unfairness (costs paid away from fair shares)"
        );
        assert_eq!(parameter(&s, "something.else"), "something.else");
    }

    #[test]
    fn percents_never_round_to_a_false_zero_or_whole() {
        assert_eq!(percent(0.004), "under 1%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(0.996), "over 99%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(0.8), "80%");
        assert_eq!(
            and_list(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
    }
}
