//! Random scenarios with every feature, and the documented edits of a
//! diagnosis change and of a capability factor, applied without the library.

mod regressions;

use leadplan::planning::optimize::{Change, ChangeKind};
use leadplan::Scenario;

/// A deterministic random stream (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform integer in [lo, hi].
    fn int(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

const DIMS: [&str; 3] = ["a", "b", "c"];

fn country(r: &mut Rng, i: u64, tight: bool) -> String {
    let mut s = format!("[[country]]\nid = \"C{i}\"\n");
    let cap = if tight { r.int(0, 3) } else { r.int(2, 5) };
    s += &format!("capacity = {cap}\n");
    if r.chance(if tight { 60 } else { 30 }) {
        s += &format!("budget = {}\n", r.int(0, 30) * 10);
    }
    s += &format!("sensitivity_tolerance = {}\n", r.pick(&[0.3, 0.6, 1.0]));
    if r.chance(50) {
        s += &format!("fair_share = {}\n", r.int(1, 5));
    }
    if r.chance(15) {
        s += &format!("max_leads = {}\n", r.int(1, 2));
    }
    let mut scores = Vec::new();
    for d in DIMS {
        if r.chance(85) {
            scores.push(format!("{d} = {}", r.int(0, 20) as f64 / 20.0));
        }
    }
    s += &format!("capability = {{ {} }}\n", scores.join(", "));
    s
}

fn per_country(r: &mut Rng, n: u64, lo: u64, hi: u64, step: u64) -> String {
    if r.chance(60) {
        return (r.int(lo, hi) * step).to_string();
    }
    let xs: Vec<String> = (0..n)
        .map(|i| format!("C{i} = {}", r.int(lo, hi) * step))
        .collect();
    format!("{{ {} }}", xs.join(", "))
}

fn task(r: &mut Rng, t: u64, n: u64) -> String {
    let mut s = format!("[[task]]\nid = \"t{t}\"\ndomain = \"d{}\"\n", r.int(0, 1));
    s += &format!("effort = {}\n", per_country(r, n, 1, 2, 1));
    s += &format!("cost = {}\n", per_country(r, n, 0, 20, 10));
    s += &format!("leads = {}\n", r.int(1, n.min(3)));
    s += &format!("sensitivity = {}\n", r.pick(&[0.0, 0.0, 0.5, 0.8]));
    s += &format!("importance = {}\n", r.int(1, 2));
    if r.chance(20) {
        s += "optional = true\n";
    }
    let mut req = Vec::new();
    for d in DIMS {
        if r.chance(60) {
            req.push(format!("{d} = {}", r.int(1, 3)));
        }
    }
    if req.is_empty() {
        req.push(format!("{} = 1", r.pick(&DIMS)));
    }
    s += &format!("requirements = {{ {} }}\n", req.join(", "));
    s
}

fn policy(r: &mut Rng, n: u64, m: u64) -> String {
    let mut s = String::from("[policy]\n");
    s += &format!("min_leads_per_country = {}\n", r.int(0, 1));
    if r.chance(30) {
        s += &format!("max_leads_per_domain = {}\n", r.int(1, 2));
    }
    s += &format!("min_lead_share = {}\n", r.pick(&[0.0, 0.0, 0.2, 0.3]));
    s += &format!("funding = \"{}\"\n", r.pick(&["leads", "leads", "all"]));
    s += &format!(
        "sensitivity_rule = \"{}\"\n",
        r.pick(&["forbid", "forbid", "penalize"])
    );
    s += &format!(
        "weights = {{ fit = 10, cost = {}, sensitivity = 2, fairness = {} }}\n",
        r.pick(&[0.0, 0.01]),
        r.pick(&[0.0, 0.0, 0.01])
    );
    for _ in 0..r.int(0, 2) {
        s += &format!(
            "[[policy.pin]]\ncountry = \"C{}\"\ntask = \"t{}\"\nlead = {}\n",
            r.int(0, n - 1),
            r.int(0, m - 1),
            r.chance(50)
        );
    }
    s
}

/// A random scenario of 2-4 countries and 2-4 tasks (`tight`: scarcer
/// capacity and more budgets, so more draws are infeasible); `None` when the
/// draw is not a valid scenario.
pub fn random_scenario(seed: u64, tight: bool) -> Option<Scenario> {
    let mut r = Rng(seed.wrapping_mul(0x2545_f491_4f6c_dd1d));
    let (n, m) = (r.int(2, 4), r.int(2, 4));
    let mut text = policy(&mut r, n, m);
    for i in 0..n {
        text += &country(&mut r, i, tight);
    }
    for t in 0..m {
        text += &task(&mut r, t, n);
    }
    Scenario::from_toml_str(&text, "random.toml").ok()
}

/// Makes the edit a change states (README, "Certificates").
pub fn apply_change(s: &mut Scenario, c: &Change) {
    let i = c.country.as_deref().and_then(|id| s.country_index(id));
    let t = c.task.as_deref().and_then(|id| s.task_index(id));
    let to = c.to.unwrap_or(0.0);
    let whole = to.round() as usize;
    match c.kind {
        ChangeKind::Capacity => s.countries[i.unwrap()].capacity = to,
        ChangeKind::Budget => s.countries[i.unwrap()].budget = Some(to),
        ChangeKind::MinLeads => s.countries[i.unwrap()].min_leads = Some(whole),
        ChangeKind::MaxLeads => s.countries[i.unwrap()].max_leads = Some(whole),
        ChangeKind::Domain => {
            let now = s.policy.max_per_domain.unwrap();
            s.policy.max_per_domain = Some(now.max(whole));
        }
        ChangeKind::Pin => {
            let (i, t) = (i.unwrap(), t.unwrap());
            s.policy.pins.retain(|p| (p.country, p.task) != (i, t));
        }
        ChangeKind::Sensitivity => s.countries[i.unwrap()].tolerance = to,
        ChangeKind::TaskLeads if whole == 0 => s.tasks[t.unwrap()].optional = true,
        ChangeKind::TaskLeads => s.tasks[t.unwrap()].leads = whole,
        other => panic!("a diagnosis never changes the {} rules", other.name()),
    }
}

/// `s` with country j's scores on task t's requirement dimensions times `k`, capped at 1.
pub fn scale_scores(s: &Scenario, t: usize, j: usize, k: f64) -> Scenario {
    let mut out = s.clone();
    for (d, w) in &s.tasks[t].requirements {
        if *w > 0.0 {
            if let Some(v) = out.countries[j].capability.get_mut(d) {
                *v = (*v * k).min(1.0);
            }
        }
    }
    out.recompute_fit();
    out
}
