//! The oracle's own picture of a scenario, read off docs/MODEL.md's table of
//! sets and data, and its TOML form (README, "Scenario files"). Nothing here
//! comes from the library: the oracle writes the TOML the binary reads, and
//! computes fits, bans and limits from the same numbers itself.

use std::fmt::Write;

pub const IDS: [&str; 3] = ["A", "B", "C"];
pub const DOMAINS: [&str; 2] = ["g", "h"];

#[derive(Clone, Debug)]
pub struct Country {
    pub id: String,
    pub capacity: f64,
    pub budget: Option<f64>,
    pub tolerance: Option<f64>,
    pub fair_share: Option<f64>,
    pub min_leads: Option<usize>,
    pub max_leads: Option<usize>,
    /// Score per dimension (every dimension written, so none is missing).
    pub scores: Vec<f64>,
}

#[derive(Clone, Debug)]
pub struct Task {
    pub id: String,
    pub domain: usize,
    pub requirements: Vec<f64>,
    /// Per country; written as one number when all are equal.
    pub effort: Vec<f64>,
    pub cost: Vec<f64>,
    pub sensitivity: f64,
    pub importance: f64,
    pub leads: usize,
    pub optional: bool,
    pub fit_override: Vec<Option<f64>>,
}

#[derive(Clone, Debug)]
pub struct Pin {
    pub country: usize,
    pub task: usize,
    pub lead: bool,
}

#[derive(Clone, Debug)]
pub struct Policy {
    pub min_leads: usize,
    pub max_leads: Option<usize>,
    pub max_per_domain: Option<usize>,
    pub min_share: f64,
    pub funding_all: bool,
    pub penalize: bool,
    /// fit, cost, sensitivity, fairness.
    pub weights: [f64; 4],
    pub pins: Vec<Pin>,
}

#[derive(Clone, Debug)]
pub struct Scn {
    pub dims: usize,
    pub countries: Vec<Country>,
    pub tasks: Vec<Task>,
    pub policy: Policy,
}

impl Scn {
    /// `f_it`: the override, else the requirement-weighted mean of the scores.
    pub fn fit(&self, i: usize, t: usize) -> f64 {
        let task = &self.tasks[t];
        if let Some(f) = task.fit_override[i] {
            return f;
        }
        let total: f64 = task.requirements.iter().sum();
        if total == 0.0 {
            return 0.0;
        }
        let s = &self.countries[i].scores;
        let dot: f64 = task.requirements.iter().zip(s).map(|(r, a)| r * a).sum();
        dot / total
    }

    fn tolerance(&self, i: usize) -> f64 {
        self.countries[i].tolerance.unwrap_or(1.0)
    }

    /// `x⁺_it = max(0, s_t − τ_i)`.
    pub fn excess(&self, i: usize, t: usize) -> f64 {
        (self.tasks[t].sensitivity - self.tolerance(i)).max(0.0)
    }

    /// `i` may lead `t`: no `lead = false` pin, and no sensitivity ban.
    pub fn allowed(&self, i: usize, t: usize) -> bool {
        let pinned_out = self
            .policy
            .pins
            .iter()
            .any(|p| p.country == i && p.task == t && !p.lead);
        let banned = !self.policy.penalize && self.tasks[t].sensitivity > self.tolerance(i);
        !pinned_out && !banned
    }

    pub fn must_lead(&self, i: usize, t: usize) -> bool {
        self.policy
            .pins
            .iter()
            .any(|p| p.country == i && p.task == t && p.lead)
    }

    pub fn lo(&self, i: usize) -> usize {
        self.countries[i].min_leads.unwrap_or(self.policy.min_leads)
    }

    pub fn hi(&self, i: usize) -> Option<usize> {
        self.countries[i].max_leads.or(self.policy.max_leads)
    }

    /// `g_i`, normalised; equal shares when none is given.
    pub fn fair_shares(&self) -> Vec<f64> {
        let raw: Vec<f64> = self
            .countries
            .iter()
            .map(|c| c.fair_share.unwrap_or(1.0))
            .collect();
        let total: f64 = raw.iter().sum();
        raw.iter().map(|g| g / total).collect()
    }

    /// Money variables exist: a budget, a fairness weight, or `funding = "all"`.
    pub fn has_money(&self) -> bool {
        self.countries.iter().any(|c| c.budget.is_some())
            || self.policy.weights[3] > 0.0
            || self.policy.funding_all
    }

    /// The scenario as if country `w` withdrew (README, contingency): it goes,
    /// with its pins and its minimum; fair shares renormalise by themselves.
    pub fn without(&self, w: usize) -> Scn {
        let mut s = self.clone();
        s.countries.remove(w);
        for t in &mut s.tasks {
            t.effort.remove(w);
            t.cost.remove(w);
            t.fit_override.remove(w);
        }
        s.policy.pins.retain(|p| p.country != w);
        for p in &mut s.policy.pins {
            if p.country > w {
                p.country -= 1;
            }
        }
        s
    }

    /// Country `c`'s capacity and budget cut by the fraction `f`.
    pub fn cut(&self, c: usize, f: f64) -> Scn {
        let mut s = self.clone();
        let country = &mut s.countries[c];
        country.capacity *= 1.0 - f;
        country.budget = country.budget.map(|b| b * (1.0 - f));
        s
    }

    pub fn to_toml(&self) -> String {
        let mut out = String::new();
        let dims: Vec<String> = (0..self.dims).map(|d| format!("\"d{d}\"")).collect();
        let _ = writeln!(
            out,
            "[scenario]\nname = \"oracle\"\ndimensions = [{}]\n",
            dims.join(", ")
        );
        self.write_policy(&mut out);
        for c in &self.countries {
            self.write_country(&mut out, c);
        }
        for t in &self.tasks {
            self.write_task(&mut out, t);
        }
        out
    }

    fn write_policy(&self, out: &mut String) {
        let p = &self.policy;
        let _ = writeln!(out, "[policy]\nmin_leads_per_country = {}", p.min_leads);
        if let Some(h) = p.max_leads {
            let _ = writeln!(out, "max_leads_per_country = {h}");
        }
        if let Some(h) = p.max_per_domain {
            let _ = writeln!(out, "max_leads_per_domain = {h}");
        }
        let funding = if p.funding_all { "all" } else { "leads" };
        let rule = if p.penalize { "penalize" } else { "forbid" };
        let w = p.weights;
        let _ = writeln!(
            out,
            "min_lead_share = {:?}\nfunding = \"{funding}\"\nsensitivity_rule = \"{rule}\"\n\
             weights = {{ fit = {:?}, cost = {:?}, sensitivity = {:?}, fairness = {:?} }}\n",
            p.min_share, w[0], w[1], w[2], w[3]
        );
        for pin in &p.pins {
            let _ = writeln!(
                out,
                "[[policy.pin]]\ncountry = \"{}\"\ntask = \"{}\"\nlead = {}\n",
                self.countries[pin.country].id, self.tasks[pin.task].id, pin.lead
            );
        }
    }

    fn write_country(&self, out: &mut String, c: &Country) {
        let _ = writeln!(
            out,
            "[[country]]\nid = \"{}\"\ncapacity = {:?}",
            c.id, c.capacity
        );
        let opt = [
            ("budget", c.budget),
            ("sensitivity_tolerance", c.tolerance),
            ("fair_share", c.fair_share),
        ];
        for (key, v) in opt {
            if let Some(v) = v {
                let _ = writeln!(out, "{key} = {v:?}");
            }
        }
        for (key, v) in [("min_leads", c.min_leads), ("max_leads", c.max_leads)] {
            if let Some(v) = v {
                let _ = writeln!(out, "{key} = {v}");
            }
        }
        let scores: Vec<String> = (0..self.dims)
            .map(|d| format!("d{d} = {:?}", c.scores[d]))
            .collect();
        let _ = writeln!(out, "capability = {{ {} }}\n", scores.join(", "));
    }

    fn per_country(&self, v: &[f64]) -> String {
        if v.iter().all(|x| *x == v[0]) {
            return format!("{:?}", v[0]);
        }
        let parts: Vec<String> = v
            .iter()
            .enumerate()
            .map(|(i, x)| format!("{} = {x:?}", self.countries[i].id))
            .collect();
        format!("{{ {} }}", parts.join(", "))
    }

    fn write_task(&self, out: &mut String, t: &Task) {
        let reqs: Vec<String> = (0..self.dims)
            .filter(|d| t.requirements[*d] > 0.0)
            .map(|d| format!("d{d} = {:?}", t.requirements[d]))
            .collect();
        let _ = writeln!(
            out,
            "[[task]]\nid = \"{}\"\ndomain = \"{}\"\nrequirements = {{ {} }}\neffort = {}\ncost = {}",
            t.id,
            DOMAINS[t.domain],
            reqs.join(", "),
            self.per_country(&t.effort),
            self.per_country(&t.cost)
        );
        let _ = writeln!(
            out,
            "sensitivity = {:?}\nimportance = {:?}\nleads = {}\noptional = {}",
            t.sensitivity, t.importance, t.leads, t.optional
        );
        let fits: Vec<String> = t
            .fit_override
            .iter()
            .enumerate()
            .filter_map(|(i, f)| f.map(|f| format!("{} = {f:?}", self.countries[i].id)))
            .collect();
        if !fits.is_empty() {
            let _ = writeln!(out, "fit = {{ {} }}", fits.join(", "));
        }
        out.push('\n');
    }
}
