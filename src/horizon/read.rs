//! The only road from a horizon file to a validated [`Horizon`].
//!
//! Read with the scenario loader's reader, so a horizon file gets the same
//! diagnostics as every other input (file, line:column, key path, a fix) and
//! reports every problem at once. Paths of changes are resolved against the
//! named scenario as sweep paths are (`country.KR.capacity`, `task.*.cost`).

use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::de::DeValue;

use super::{Calendar, Change, Horizon, Op, Period, State, TaskTerms};
use crate::diag::closest;
use crate::error::Error;
use crate::input::InputKind;
use crate::scenario::reader::{number_value, string_value, wrong_type, Ctx, TableReader, S};
use crate::scenario::Scenario;
use crate::sweep::resolve::resolve;
use crate::sweep::sizing::invalid;
use crate::sweep::spec::{load_named, parse_document, read_text, sha256};

const TOP_KEYS: &[&str] = &["horizon"];
const HORIZON_KEYS: &[&str] = &[
    "scenario",
    "discount_rate",
    "handover_cost",
    "min_tenure",
    "max_handovers",
    "institutionalise_cost",
    "max_nodes",
    "period",
    "country",
    "task",
];
const PERIOD_KEYS: &[&str] = &["name", "from", "to", "weight", "change"];
const CHANGE_KEYS: &[&str] = &["path", "set", "multiply", "add"];
const COUNTRY_KEYS: &[&str] = &[
    "id",
    "initial",
    "elections",
    "early_election_hazard",
    "state",
    "transition",
];
const STATE_KEYS: &[&str] = &["name", "note", "change", "steps_back"];
const TASK_KEYS: &[&str] = &[
    "id",
    "handover_cost",
    "institutionalise_cost",
    "active_from",
    "active_until",
];

/// Most nodes a tree may have unless the file says otherwise.
pub const DEFAULT_MAX_NODES: usize = 512;
/// Most nodes any file may allow.
const MAX_NODES_LIMIT: usize = 20_000;

impl Horizon {
    /// Reads and validates a horizon file and the scenario it names.
    pub fn load(path: &Path) -> Result<Horizon, Error> {
        let (bytes, text) = read_text(path, InputKind::Horizon)?;
        let file = path.display().to_string();
        let mut ctx = Ctx::new(&file, &text);
        let doc = parse_document(&mut ctx, &text)?;
        let top = TableReader::new(doc.get_ref(), 0..0, String::new(), TOP_KEYS);
        top.check_unknown(&mut ctx);
        let Some(h) = top.table(&mut ctx, "horizon", HORIZON_KEYS) else {
            if top.get("horizon").is_none() {
                ctx.error(
                    0..0,
                    "horizon",
                    "no `[horizon]` table",
                    "add `[horizon]` with `scenario = \"FILE.toml\"` and `[[horizon.period]]` tables (see docs/src/horizon.md)".to_string(),
                );
            }
            return Err(invalid(ctx.diags));
        };
        h.check_unknown(&mut ctx);
        let (scenario_file, base, scenario_bytes) = load_base(&mut ctx, path, &h)?;
        let mut r = Reader { ctx, s: &base };
        let horizon = r.horizon(&h);
        if !r.ctx.diags.is_empty() {
            return Err(invalid(r.ctx.diags));
        }
        let Some(mut horizon) = horizon else {
            return Err(invalid(r.ctx.diags));
        };
        horizon.file = path.to_path_buf();
        horizon.scenario_file = scenario_file;
        horizon.hash = sha256(&[&bytes, &scenario_bytes]);
        Ok(horizon)
    }
}

fn load_base(
    ctx: &mut Ctx,
    path: &Path,
    h: &TableReader,
) -> Result<(PathBuf, Scenario, Vec<u8>), Error> {
    let Some(rel) = h.string(ctx, "scenario") else {
        if h.get("scenario").is_none() {
            ctx.error(
                h.span(),
                "horizon.scenario",
                "the horizon names no scenario",
                "add `scenario = \"FILE.toml\"` (relative to this file's folder)".to_string(),
            );
        }
        return Err(invalid(std::mem::take(&mut ctx.diags)));
    };
    load_named(ctx, path, &rel, "horizon.scenario")
}

struct Reader<'a, 's> {
    ctx: Ctx<'a>,
    s: &'s Scenario,
}

impl Reader<'_, '_> {
    fn horizon(&mut self, h: &TableReader) -> Option<Horizon> {
        let rate = self
            .bounded(h, "discount_rate", 0.0, 0.99, "a rate such as 0.03")
            .unwrap_or(0.0);
        let handover = self
            .bounded(
                h,
                "handover_cost",
                0.0,
                f64::INFINITY,
                "a cost >= 0 in objective units, e.g. 0.5",
            )
            .unwrap_or(0.0);
        let price = self.bounded(
            h,
            "institutionalise_cost",
            0.0,
            f64::INFINITY,
            "a price >= 0 in objective units, e.g. 1",
        );
        let min_tenure = self.whole(h, "min_tenure", 1, 1000).unwrap_or(1);
        let max_handovers = self.whole(h, "max_handovers", 0, 1_000_000);
        let max_nodes = self
            .whole(h, "max_nodes", 1, MAX_NODES_LIMIT)
            .unwrap_or(DEFAULT_MAX_NODES);
        let periods = self.periods(h, rate);
        let calendars = self.calendars(h);
        let tasks = self.tasks(h, handover, price, &periods);
        Some(Horizon {
            file: PathBuf::new(),
            scenario_file: PathBuf::new(),
            base: self.s.clone(),
            periods,
            calendars,
            tasks,
            min_tenure,
            max_handovers,
            max_nodes,
            hash: String::new(),
        })
    }

    fn bounded(&mut self, t: &TableReader, key: &str, lo: f64, hi: f64, what: &str) -> Option<f64> {
        let v = t.number(&mut self.ctx, key)?;
        let x = *v.get_ref();
        if x < lo || x > hi {
            let range = if hi.is_finite() {
                format!("between {lo} and {hi}")
            } else {
                format!("at least {lo}")
            };
            self.ctx.error(
                v.span(),
                &t.key_path(key),
                format!("`{key}` must be {range}, found {x}"),
                format!("write {what}"),
            );
            return None;
        }
        Some(x)
    }

    fn whole(&mut self, t: &TableReader, key: &str, lo: usize, hi: usize) -> Option<usize> {
        let v = t.number(&mut self.ctx, key)?;
        let x = *v.get_ref();
        if x.fract() != 0.0 || x < lo as f64 || x > hi as f64 {
            self.ctx.error(
                v.span(),
                &t.key_path(key),
                format!("`{key}` must be a whole number from {lo} to {hi}, found {x}"),
                format!("write a whole number such as {lo}"),
            );
            return None;
        }
        Some(x as usize)
    }

    fn year(&mut self, t: &TableReader, key: &str) -> Option<S<i32>> {
        let v = t.number(&mut self.ctx, key)?;
        let x = *v.get_ref();
        if x.fract() != 0.0 || !(1900.0..=2200.0).contains(&x) {
            self.ctx.error(
                v.span(),
                &t.key_path(key),
                format!("`{key}` must be a year from 1900 to 2200, found {x}"),
                "write a year such as 2028".to_string(),
            );
            return None;
        }
        Some(S::new(v.span(), x as i32))
    }

    fn name(&mut self, t: &TableReader, key: &str, example: &str) -> Option<S<String>> {
        let v = t.string(&mut self.ctx, key);
        if v.is_none() && t.get(key).is_none() {
            self.ctx.error(
                t.span(),
                &t.key_path(key),
                format!("`{key}` is missing"),
                format!("add `{key} = \"{example}\"`"),
            );
        }
        let v = v?;
        if v.get_ref().trim().is_empty() {
            self.ctx.error(
                v.span(),
                &t.key_path(key),
                format!("`{key}` is empty"),
                format!("write a name such as \"{example}\""),
            );
            return None;
        }
        Some(v)
    }

    fn periods(&mut self, h: &TableReader, rate: f64) -> Vec<Period> {
        let tables = h.tables(&mut self.ctx, "period", PERIOD_KEYS);
        if tables.is_empty() && h.get("period").is_none() {
            self.ctx.error(
                h.span(),
                "horizon.period",
                "the horizon has no periods",
                "add `[[horizon.period]]` tables with `name`, `from` and `to` (years), e.g. name = \"2026-27\", from = 2026, to = 2027".to_string(),
            );
        }
        let mut out: Vec<Period> = Vec::new();
        let mut prev: Option<(i32, Range<usize>)> = None;
        let mut first_year: Option<i32> = None;
        for p in &tables {
            p.check_unknown(&mut self.ctx);
            let name = self.name(p, "name", "2026-27");
            let from = self.year(p, "from");
            let to = self.year(p, "to");
            if p.get("from").is_none() || p.get("to").is_none() {
                self.ctx.error(
                    p.span(),
                    &p.path,
                    "a period needs `from` and `to` (its first and last year)",
                    "add `from = 2026` and `to = 2027`".to_string(),
                );
            }
            let weight = self.bounded(
                p,
                "weight",
                0.0,
                1e9,
                "a weight > 0, e.g. the period's years",
            );
            if let Some(w) = &weight {
                if *w <= 0.0 {
                    let span = p.get("weight").map_or(p.span(), |v| v.span());
                    self.ctx.error(
                        span,
                        &p.key_path("weight"),
                        "`weight` must be more than 0",
                        "write a positive weight, e.g. the period's years".to_string(),
                    );
                }
            }
            let changes = self.changes(p);
            let (Some(name), Some(from), Some(to)) = (name, from, to) else {
                continue;
            };
            let (f, t) = (*from.get_ref(), *to.get_ref());
            if t < f {
                self.ctx.error(
                    to.span(),
                    &p.key_path("to"),
                    format!("the period ends ({t}) before it starts ({f})"),
                    "make `to` the period's last year, at or after `from`".to_string(),
                );
                continue;
            }
            if let Some((end, _)) = &prev {
                if f <= *end {
                    self.ctx.error(
                        from.span(),
                        &p.key_path("from"),
                        format!("the period starts in {f}, before the previous one ends ({end})"),
                        format!("list periods in time order without overlap: start this one in {} or later", end + 1),
                    );
                    continue;
                }
            }
            if out.iter().any(|q| q.name == *name.get_ref()) {
                self.ctx.error(
                    name.span(),
                    &p.key_path("name"),
                    format!("a second period named `{}`", name.get_ref()),
                    "give each period its own name".to_string(),
                );
            }
            let y0 = *first_year.get_or_insert(f);
            let weight = weight
                .unwrap_or_else(|| (f..=t).map(|y| (1.0 + rate).powi(-(y - y0))).sum::<f64>());
            prev = Some((t, to.span()));
            out.push(Period {
                name: name.into_inner(),
                from: f,
                to: t,
                weight,
                changes,
            });
        }
        out
    }

    fn changes(&mut self, t: &TableReader) -> Vec<Change> {
        let mut out = Vec::new();
        for c in t.tables(&mut self.ctx, "change", CHANGE_KEYS) {
            c.check_unknown(&mut self.ctx);
            let path = c.string(&mut self.ctx, "path");
            if path.is_none() && c.get("path").is_none() {
                self.ctx.error(
                    c.span(),
                    &c.key_path("path"),
                    "the change has no `path`",
                    "add `path = \"country.KR.capacity\"` (wildcards: `task.*.cost`)".to_string(),
                );
            }
            let ops: Vec<&str> = ["set", "multiply", "add"]
                .into_iter()
                .filter(|k| c.get(k).is_some())
                .collect();
            if ops.len() != 1 {
                self.ctx.error(
                    c.span(),
                    &c.path,
                    if ops.is_empty() {
                        "the change says nothing to do".to_string()
                    } else {
                        format!("the change gives {} at once", ops.join(" and "))
                    },
                    "give exactly one of `set = X`, `multiply = F` or `add = X`".to_string(),
                );
                continue;
            }
            let Some(v) = c.number(&mut self.ctx, ops[0]) else {
                continue;
            };
            let x = *v.get_ref();
            let op = match ops[0] {
                "set" => Op::Set(x),
                "multiply" => Op::Multiply(x),
                _ => Op::Add(x),
            };
            if matches!(op, Op::Multiply(f) if f < 0.0) {
                self.ctx.error(
                    v.span(),
                    &c.key_path("multiply"),
                    format!("a factor must be at least 0, found {x}"),
                    "write a factor such as 0.8 (a cut of a fifth)".to_string(),
                );
                continue;
            }
            let Some(path) = path else { continue };
            match resolve(self.s, path.get_ref()) {
                Ok(groups) => out.push(Change {
                    path: path.get_ref().clone(),
                    targets: groups.into_iter().flat_map(|(_, ts)| ts).collect(),
                    op,
                }),
                Err((message, hint)) => {
                    self.ctx
                        .error(path.span(), &c.key_path("path"), message, hint)
                }
            }
        }
        out
    }

    fn calendars(&mut self, h: &TableReader) -> Vec<Calendar> {
        let mut out: Vec<Calendar> = Vec::new();
        for c in h.tables(&mut self.ctx, "country", COUNTRY_KEYS) {
            c.check_unknown(&mut self.ctx);
            let Some(id) = self.name(&c, "id", "KR") else {
                continue;
            };
            let Some(country) = self.s.country_index(id.get_ref()) else {
                let ids: Vec<&str> = self.s.countries.iter().map(|c| c.id.as_str()).collect();
                let hint = match closest(id.get_ref(), ids.iter().copied()) {
                    Some(k) => format!(
                        "did you mean `{k}`? The scenario's countries: {}",
                        ids.join(", ")
                    ),
                    None => format!("the scenario's countries: {}", ids.join(", ")),
                };
                self.ctx.error(
                    id.span(),
                    &c.key_path("id"),
                    format!("the scenario has no country `{}`", id.get_ref()),
                    hint,
                );
                continue;
            };
            if out.iter().any(|k| k.country == country) {
                self.ctx.error(
                    id.span(),
                    &c.key_path("id"),
                    format!("a second calendar for `{}`", id.get_ref()),
                    "merge the two `[[horizon.country]]` tables".to_string(),
                );
                continue;
            }
            let states = self.states(&c, country);
            if states.is_empty() {
                if c.get("state").is_none() {
                    self.ctx.error(c.span(), &c.key_path("state"), "the country has no government states", "add `[[horizon.country.state]]` tables, e.g. name = \"continuity\" and name = \"turnover\"".to_string());
                }
                continue;
            }
            let names: Vec<&str> = states.iter().map(|s| s.name.as_str()).collect();
            let initial = match c.string(&mut self.ctx, "initial") {
                None => 0,
                Some(v) => match names.iter().position(|n| n == v.get_ref()) {
                    Some(k) => k,
                    None => {
                        self.unknown_state(v.span(), &c.key_path("initial"), v.get_ref(), &names);
                        0
                    }
                },
            };
            let (elections, labels) = self.elections(&c);
            let hazard = self
                .bounded(
                    &c,
                    "early_election_hazard",
                    0.0,
                    1.0,
                    "a chance per year such as 0.05",
                )
                .unwrap_or(0.0);
            let transition = self.transition(&c, &names, !elections.is_empty() || hazard > 0.0);
            out.push(Calendar {
                country,
                states,
                initial,
                elections,
                election_labels: labels,
                hazard,
                transition,
            });
        }
        out
    }

    fn unknown_state(&mut self, span: Range<usize>, path: &str, found: &str, names: &[&str]) {
        let hint = match closest(found, names.iter().copied()) {
            Some(k) => format!(
                "did you mean `{k}`? This country's states: {}",
                names.join(", ")
            ),
            None => format!("this country's states: {}", names.join(", ")),
        };
        self.ctx
            .error(span, path, format!("no state `{found}`"), hint);
    }

    fn states(&mut self, c: &TableReader, country: usize) -> Vec<State> {
        let mut out: Vec<State> = Vec::new();
        for st in c.tables(&mut self.ctx, "state", STATE_KEYS) {
            st.check_unknown(&mut self.ctx);
            let name = self.name(&st, "name", "turnover");
            let note = st
                .string(&mut self.ctx, "note")
                .map(|n| n.into_inner())
                .unwrap_or_default();
            let changes = self.changes(&st);
            let mut steps_back = Vec::new();
            for entry in st.strings(&mut self.ctx, "steps_back").unwrap_or_default() {
                let text = entry.get_ref();
                let hits: Vec<usize> = match text.strip_prefix("domain:") {
                    Some(d) => (0..self.s.tasks.len())
                        .filter(|&t| self.s.tasks[t].domain == d)
                        .collect(),
                    None => self.s.task_index(text).into_iter().collect(),
                };
                if hits.is_empty() {
                    let ids: Vec<&str> = self.s.tasks.iter().map(|t| t.id.as_str()).collect();
                    let hint = match closest(text, ids.iter().copied()) {
                        Some(k) => format!(
                            "did you mean `{k}`? Name a task id, or a domain as `domain:NAME`"
                        ),
                        None => "name a task id, or a domain as `domain:NAME`".to_string(),
                    };
                    self.ctx.error(
                        entry.span(),
                        &st.key_path("steps_back"),
                        format!("no task or domain `{text}`"),
                        hint,
                    );
                }
                for t in hits {
                    if !steps_back.contains(&t) {
                        steps_back.push(t);
                    }
                }
            }
            steps_back.sort_unstable();
            let _ = country;
            let Some(name) = name else { continue };
            if out.iter().any(|s| s.name == *name.get_ref()) {
                self.ctx.error(
                    name.span(),
                    &st.key_path("name"),
                    format!("a second state named `{}`", name.get_ref()),
                    "give each state its own name".to_string(),
                );
                continue;
            }
            out.push(State {
                name: name.into_inner(),
                note,
                changes,
                steps_back,
            });
        }
        out
    }

    fn elections(&mut self, c: &TableReader) -> (Vec<i32>, Vec<String>) {
        let Some(arr) = c.array(&mut self.ctx, "elections") else {
            return (Vec::new(), Vec::new());
        };
        let path = c.key_path("elections");
        let mut out: Vec<(i32, String)> = Vec::new();
        for (k, v) in arr.iter().enumerate() {
            let p = format!("{path}[{k}]");
            let parsed = match v.get_ref() {
                DeValue::Integer(_) => number_value(&mut self.ctx, v, &p).map(|n| {
                    let y = *n.get_ref();
                    (y, y.to_string())
                }),
                DeValue::String(_) => string_value(&mut self.ctx, v, &p).and_then(|s| {
                    let text = s.get_ref().clone();
                    date_year(&text).map(|y| (y as f64, text))
                }),
                other => {
                    wrong_type(
                        &mut self.ctx,
                        v.span(),
                        &p,
                        "a year or a date \"YYYY-MM-DD\"",
                        other,
                    );
                    continue;
                }
            };
            match parsed {
                Some((y, label)) if y.fract() == 0.0 && (1900.0..=2200.0).contains(&y) => {
                    out.push((y as i32, label))
                }
                _ => self.ctx.error(
                    v.span(),
                    &p,
                    "not an election date",
                    "write a year (2028) or a date (\"2028-11-07\")".to_string(),
                ),
            }
        }
        out.sort();
        out.into_iter().unzip()
    }

    fn transition(&mut self, c: &TableReader, names: &[&str], needed: bool) -> Vec<Vec<f64>> {
        let n = names.len();
        let mut out: Vec<Vec<f64>> = (0..n)
            .map(|a| (0..n).map(|b| if a == b { 1.0 } else { 0.0 }).collect())
            .collect();
        let Some(v) = c.get("transition") else {
            if needed && n > 1 {
                self.ctx.error(
                    c.span(),
                    &c.key_path("transition"),
                    "the country has elections but no `transition` table",
                    format!(
                        "add `[horizon.country.transition]` with one line per state, e.g. {} = {{ {} = 0.6, {} = 0.4 }}",
                        names[0], names[0], names[1]
                    ),
                );
            }
            return out;
        };
        let path = c.key_path("transition");
        let DeValue::Table(t) = v.get_ref() else {
            wrong_type(&mut self.ctx, v.span(), &path, "a table", v.get_ref());
            return out;
        };
        let mut given = vec![false; n];
        for (k, row) in t.iter() {
            let from = k.get_ref().to_string();
            let Some(a) = names.iter().position(|s| *s == from) else {
                self.unknown_state(k.span(), &format!("{path}.{from}"), &from, names);
                continue;
            };
            given[a] = true;
            let DeValue::Table(rt) = row.get_ref() else {
                wrong_type(
                    &mut self.ctx,
                    row.span(),
                    &format!("{path}.{from}"),
                    "a table of chances",
                    row.get_ref(),
                );
                continue;
            };
            let mut probs = vec![0.0; n];
            for (to, p) in crate::scenario::reader::number_map_value(
                &mut self.ctx,
                rt,
                &format!("{path}.{from}"),
            ) {
                let Some(b) = names.iter().position(|s| s == to.get_ref()) else {
                    self.unknown_state(
                        to.span(),
                        &format!("{path}.{from}.{}", to.get_ref()),
                        to.get_ref(),
                        names,
                    );
                    continue;
                };
                let x = *p.get_ref();
                if !(0.0..=1.0).contains(&x) {
                    self.ctx.error(
                        p.span(),
                        &format!("{path}.{from}.{}", to.get_ref()),
                        format!("a chance must be between 0 and 1, found {x}"),
                        "write a chance such as 0.4".to_string(),
                    );
                    continue;
                }
                probs[b] = x;
            }
            let sum: f64 = probs.iter().sum();
            if (sum - 1.0).abs() > 1e-9 {
                self.ctx.error(
                    row.span(),
                    &format!("{path}.{from}"),
                    format!("the chances from `{from}` add up to {sum}, not 1"),
                    "make the chances of every next state (staying included) add up to 1"
                        .to_string(),
                );
                continue;
            }
            out[a] = probs;
        }
        for (a, g) in given.iter().enumerate() {
            if !g && needed && n > 1 {
                self.ctx.error(
                    v.span(),
                    &path,
                    format!("no line for state `{}`", names[a]),
                    format!(
                        "add `{} = {{ {} = 1 }}` if it never changes, or its chances",
                        names[a], names[a]
                    ),
                );
            }
        }
        out
    }

    fn tasks(
        &mut self,
        h: &TableReader,
        handover: f64,
        price: Option<f64>,
        periods: &[Period],
    ) -> Vec<TaskTerms> {
        let mut out: Vec<TaskTerms> = vec![
            TaskTerms {
                handover_cost: handover,
                institutionalise: price,
                active_from: None,
                active_until: None,
            };
            self.s.tasks.len()
        ];
        let mut seen = vec![false; self.s.tasks.len()];
        for t in h.tables(&mut self.ctx, "task", TASK_KEYS) {
            t.check_unknown(&mut self.ctx);
            let Some(id) = self.name(&t, "id", "rapid-inoculation") else {
                continue;
            };
            let Some(k) = self.s.task_index(id.get_ref()) else {
                let ids: Vec<&str> = self.s.tasks.iter().map(|t| t.id.as_str()).collect();
                let hint = match closest(id.get_ref(), ids.iter().copied()) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => "name a task of the scenario".to_string(),
                };
                self.ctx.error(
                    id.span(),
                    &t.key_path("id"),
                    format!("the scenario has no task `{}`", id.get_ref()),
                    hint,
                );
                continue;
            };
            if std::mem::replace(&mut seen[k], true) {
                self.ctx.error(
                    id.span(),
                    &t.key_path("id"),
                    format!("a second `[[horizon.task]]` for `{}`", id.get_ref()),
                    "merge the two tables".to_string(),
                );
                continue;
            }
            if let Some(c) = self.bounded(&t, "handover_cost", 0.0, f64::INFINITY, "a cost >= 0") {
                out[k].handover_cost = c;
            }
            if let Some(c) = self.bounded(
                &t,
                "institutionalise_cost",
                0.0,
                f64::INFINITY,
                "a price >= 0",
            ) {
                out[k].institutionalise = Some(c);
            }
            let from = self.year(&t, "active_from");
            let until = self.year(&t, "active_until");
            if let (Some(f), Some(u)) = (&from, &until) {
                if u.get_ref() < f.get_ref() {
                    self.ctx.error(
                        until.as_ref().map_or(t.span(), |u| u.span()),
                        &t.key_path("active_until"),
                        "the task ends before it starts",
                        "make `active_until` at or after `active_from`".to_string(),
                    );
                }
            }
            out[k].active_from = from.map(|f| f.into_inner());
            out[k].active_until = until.map(|u| u.into_inner());
            if !periods.is_empty() && !periods.iter().any(|p| out[k].active_in(p)) {
                self.ctx.error(
                    t.span(),
                    &t.path,
                    format!("`{}` is active in no period of the horizon", id.get_ref()),
                    "widen `active_from`/`active_until`, or drop the task from the scenario"
                        .to_string(),
                );
            }
            if let (Some(_), Some(first)) = (&out[k].institutionalise, periods.first()) {
                if !out[k].active_in(first) && t.get("institutionalise_cost").is_some() {
                    self.ctx.error(t.span(), &t.key_path("institutionalise_cost"), format!("`{}` is not active in the first period, when tasks are institutionalised", id.get_ref()), "drop `institutionalise_cost` for this task".to_string());
                }
            }
        }
        // the horizon-wide price applies to the tasks of the first period only
        if let Some(first) = periods.first() {
            for terms in &mut out {
                if !terms.active_in(first) {
                    terms.institutionalise = None;
                }
            }
        }
        out
    }
}

/// The year of `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, if the text is one.
fn date_year(text: &str) -> Option<i32> {
    let parts: Vec<&str> = text.split('-').collect();
    let ok = |p: &str, len: usize| p.len() == len && p.bytes().all(|b| b.is_ascii_digit());
    let valid = match parts.as_slice() {
        [y] => ok(y, 4),
        [y, m] => ok(y, 4) && ok(m, 2) && (1..=12).contains(&m.parse::<u32>().ok()?),
        [y, m, d] => {
            ok(y, 4)
                && ok(m, 2)
                && ok(d, 2)
                && (1..=12).contains(&m.parse::<u32>().ok()?)
                && (1..=31).contains(&d.parse::<u32>().ok()?)
        }
        _ => false,
    };
    valid.then(|| parts[0].parse().ok()).flatten()
}
