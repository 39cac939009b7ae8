//! Small random instances and a brute-force planner that knows nothing of the model.
//!
//! Instances are drawn from a splitmix64 stream (deterministic, no dependency),
//! written out as scenario TOML, and solved here by enumerating every lead set of
//! every task. The objective is recomputed from the formulation in docs/MODEL.md
//! (no money variables: no budgets, fairness weight 0, funding by leads).
//! About one task in four is optional (all its leads or none).

use leadplan::Scenario;

/// A deterministic random stream (splitmix64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1), on a grid of 1/1000 (exact in TOML).
    pub fn unit(&mut self) -> f64 {
        (self.next() % 1000) as f64 / 1000.0
    }
    /// Uniform integer in [lo, hi].
    pub fn int(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }
}

/// A small planning instance, indexed `[task][country]`.
#[derive(Clone, Debug)]
pub struct Inst {
    pub n: usize,
    pub fit: Vec<Vec<f64>>,
    pub effort: Vec<Vec<f64>>,
    pub cost: Vec<Vec<f64>>,
    pub cap: Vec<f64>,
    pub tol: Vec<f64>,
    pub leads: Vec<usize>,
    pub sens: Vec<f64>,
    pub imp: Vec<f64>,
    pub domain: Vec<usize>,
    pub min_leads: usize,
    pub max_leads: Option<usize>,
    pub max_per_domain: Option<usize>,
    pub w_cost: f64,
    pub w_sens: f64,
    pub penalize: bool,
    /// `(country, task, lead)`.
    pub pins: Vec<(usize, usize, bool)>,
    /// Optional tasks: all their leads, or none.
    pub optional: Vec<bool>,
}

impl Inst {
    /// Up to 3 countries and 5 tasks; every kind of constraint appears in some draws.
    pub fn random(seed: u64) -> Inst {
        let mut r = Rng::new(seed);
        let n = r.int(2, 3);
        let m = r.int(3, 5);
        let leads: Vec<usize> = (0..m)
            .map(|_| if r.int(0, 2 * n) == 0 { 2 } else { 1 })
            .collect();
        let effort: Vec<Vec<f64>> = (0..m)
            .map(|_| (0..n).map(|_| r.int(1, 3) as f64).collect())
            .collect();
        let cap = (0..n).map(|_| r.int(m / 2 + 1, 2 * m + 2) as f64).collect();
        let pins = if r.int(0, 3) == 0 {
            vec![(r.int(0, n - 1), r.int(0, m - 1), r.int(0, 1) == 1)]
        } else {
            Vec::new()
        };
        let max_leads =
            (r.int(0, 2) == 0).then(|| r.int(2, m).max(leads.iter().sum::<usize>().div_ceil(n)));
        let mut inst = Inst {
            n,
            fit: (0..m).map(|_| (0..n).map(|_| r.unit()).collect()).collect(),
            cost: (0..m)
                .map(|_| (0..n).map(|_| r.int(0, 20) as f64).collect())
                .collect(),
            effort,
            cap,
            tol: (0..n).map(|_| 0.3 + 0.7 * r.unit()).collect(),
            sens: (0..m)
                .map(|_| {
                    if r.int(0, 2) == 0 {
                        0.9 * r.unit()
                    } else {
                        0.0
                    }
                })
                .collect(),
            imp: (0..m).map(|_| [1.0, 0.5, 2.0][r.int(0, 2)]).collect(),
            domain: (0..m).map(|_| r.int(0, 1)).collect(),
            min_leads: usize::from(r.int(0, 2) == 0),
            max_leads,
            max_per_domain: (r.int(0, 2) == 0).then(|| r.int(1, 2)),
            w_cost: [0.0, 0.01][r.int(0, 1)],
            w_sens: 1.0,
            penalize: r.int(0, 1) == 0,
            pins,
            leads,
            optional: Vec::new(),
        };
        // Drawn last, so every other field keeps the values earlier seeds had.
        inst.optional = (0..m).map(|_| r.int(0, 3) == 0).collect();
        // In half the draws optional tasks bring no fit, so the optimum may leave
        // them out and plans that take them up must still be found.
        if r.int(0, 1) == 0 {
            for t in (0..m).filter(|&t| inst.optional[t]) {
                inst.fit[t] = vec![0.0; n];
            }
        }
        inst
    }

    pub fn tasks(&self) -> usize {
        self.fit.len()
    }

    /// The scenario TOML for this instance (countries C0.., tasks t0..).
    pub fn toml(&self) -> String {
        let mut s = String::from("[scenario]\nname = \"random\"\n\n[policy]\n");
        s += &format!("min_leads_per_country = {}\n", self.min_leads);
        if let Some(h) = self.max_leads {
            s += &format!("max_leads_per_country = {h}\n");
        }
        if let Some(h) = self.max_per_domain {
            s += &format!("max_leads_per_domain = {h}\n");
        }
        s += &format!(
            "sensitivity_rule = \"{}\"\n",
            if self.penalize { "penalize" } else { "forbid" }
        );
        s += &format!(
            "weights = {{ fit = 10, cost = {}, sensitivity = {} }}\n",
            self.w_cost, self.w_sens
        );
        for &(i, t, lead) in &self.pins {
            s += &format!("[[policy.pin]]\ncountry = \"C{i}\"\ntask = \"t{t}\"\nlead = {lead}\n");
        }
        for i in 0..self.n {
            s += &format!(
                "\n[[country]]\nid = \"C{i}\"\ncapacity = {}\nsensitivity_tolerance = {}\n",
                self.cap[i], self.tol[i]
            );
        }
        let table = |v: &[f64]| {
            v.iter()
                .enumerate()
                .map(|(i, x)| format!("C{i} = {x}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        for t in 0..self.tasks() {
            s += &format!(
                "\n[[task]]\nid = \"t{t}\"\ndomain = \"d{}\"\noptional = {}\nleads = {}\nimportance = {}\nsensitivity = {}\neffort = {{ {} }}\ncost = {{ {} }}\nfit = {{ {} }}\n",
                self.domain[t], self.optional[t], self.leads[t], self.imp[t], self.sens[t], table(&self.effort[t]), table(&self.cost[t]), table(&self.fit[t])
            );
        }
        s
    }

    pub fn scenario(&self) -> Scenario {
        Scenario::from_toml_str(&self.toml(), "random.toml")
            .unwrap_or_else(|d| panic!("{d:?}\n{}", self.toml()))
    }

    /// The instance without country `gone`: its data and pins removed.
    pub fn without(&self, gone: usize) -> Inst {
        let keep: Vec<usize> = (0..self.n).filter(|&i| i != gone).collect();
        let pick = |rows: &Vec<Vec<f64>>| {
            rows.iter()
                .map(|r| keep.iter().map(|&i| r[i]).collect())
                .collect()
        };
        let mut out = self.clone();
        out.n = keep.len();
        out.fit = pick(&self.fit);
        out.effort = pick(&self.effort);
        out.cost = pick(&self.cost);
        out.cap = keep.iter().map(|&i| self.cap[i]).collect();
        out.tol = keep.iter().map(|&i| self.tol[i]).collect();
        out.pins = self
            .pins
            .iter()
            .filter(|p| p.0 != gone)
            .map(|&(i, t, l)| (keep.iter().position(|&k| k == i).unwrap(), t, l))
            .collect();
        out
    }

    fn excess(&self, i: usize, t: usize) -> f64 {
        (self.sens[t] - self.tol[i]).max(0.0)
    }

    /// Whether country `i` may lead task `t` (sensitivity rule and pins).
    /// A sensitivity ban holds even against a `lead = true` pin: the pair
    /// cannot be led, so the pin makes the scenario infeasible.
    fn may_lead(&self, i: usize, t: usize) -> bool {
        let allowed = self.penalize || self.sens[t] <= self.tol[i] + 1e-12;
        match self.pins.iter().find(|&&(c, k, _)| c == i && k == t) {
            Some(&(_, _, lead)) => lead && allowed,
            None => allowed,
        }
    }

    /// Objective of a plan (lead sets per task), from docs/MODEL.md.
    pub fn objective(&self, plan: &[Vec<usize>]) -> f64 {
        let mut obj = 0.0;
        for (t, ls) in plan.iter().enumerate() {
            let l = self.leads[t] as f64;
            for &i in ls {
                obj += 10.0 * self.imp[t] * self.fit[t][i] / l
                    - self.w_cost * self.cost[t][i] / l
                    - self.w_sens * self.imp[t] * self.excess(i, t);
            }
        }
        obj
    }

    /// Whether a plan meets every constraint except the lead count per task.
    pub fn feasible_but_counts(&self, plan: &[Vec<usize>]) -> bool {
        let pins_ok = self
            .pins
            .iter()
            .all(|&(i, t, lead)| !lead || plan[t].contains(&i));
        pins_ok
            && (0..self.n).all(|i| {
                let led: Vec<usize> = (0..self.tasks())
                    .filter(|&t| plan[t].contains(&i))
                    .collect();
                let effort: f64 = led.iter().map(|&t| self.effort[t][i]).sum();
                let per_domain = |d: usize| led.iter().filter(|&&t| self.domain[t] == d).count();
                effort <= self.cap[i] + 1e-9
                    && led.len() >= self.min_leads
                    && self.max_leads.is_none_or(|h| led.len() <= h)
                    && self
                        .max_per_domain
                        .is_none_or(|h| per_domain(0) <= h && per_domain(1) <= h)
            })
    }

    /// Every plan (lead sets per task) meeting every constraint; with `short`,
    /// required tasks may have fewer leads than they need. An optional task has
    /// all its leads or none, short or not.
    pub fn plans(&self, short: bool) -> Vec<Vec<Vec<usize>>> {
        let options: Vec<Vec<Vec<usize>>> = (0..self.tasks())
            .map(|t| {
                subsets(self.n)
                    .into_iter()
                    .filter(|s| {
                        let l = self.leads[t];
                        if self.optional[t] {
                            s.is_empty() || s.len() == l
                        } else if short {
                            s.len() <= l
                        } else {
                            s.len() == l
                        }
                    })
                    .filter(|s| s.iter().all(|&i| self.may_lead(i, t)))
                    .collect()
            })
            .collect();
        let mut out = Vec::new();
        let mut current = Vec::new();
        product(&options, &mut current, &mut |p| {
            if self.feasible_but_counts(p) {
                out.push(p.to_vec());
            }
        });
        out
    }

    /// Coverage of a plan: required tasks counted by the fraction of their leads
    /// filled (an optional task left out is a choice, not a gap).
    pub fn coverage(&self, plan: &[Vec<usize>]) -> f64 {
        plan.iter()
            .enumerate()
            .filter(|(t, _)| !self.optional[*t])
            .map(|(t, ls)| ls.len() as f64 / self.leads[t] as f64)
            .sum()
    }

    /// Number of required tasks (the coverage of a plan that meets every constraint).
    pub fn required(&self) -> usize {
        self.optional.iter().filter(|o| !**o).count()
    }
}

impl Inst {
    /// Every assignment with the right number of leads per task (`L_t`, or none for
    /// an optional task), whatever the other rules say.
    pub fn assignments(&self) -> Vec<Vec<Vec<usize>>> {
        let options: Vec<Vec<Vec<usize>>> = (0..self.tasks())
            .map(|t| {
                subsets(self.n)
                    .into_iter()
                    .filter(|s| s.len() == self.leads[t] || (self.optional[t] && s.is_empty()))
                    .collect()
            })
            .collect();
        let mut out = Vec::new();
        product(&options, &mut Vec::new(), &mut |p| out.push(p.to_vec()));
        out
    }
}

fn subsets(n: usize) -> Vec<Vec<usize>> {
    (0u32..1 << n)
        .map(|mask| (0..n).filter(|i| mask & (1 << i) != 0).collect())
        .collect()
}

fn product(
    options: &[Vec<Vec<usize>>],
    current: &mut Vec<Vec<usize>>,
    f: &mut dyn FnMut(&[Vec<usize>]),
) {
    if current.len() == options.len() {
        return f(current);
    }
    for o in &options[current.len()] {
        current.push(o.clone());
        product(options, current, f);
        current.pop();
    }
}

/// Objectives of all plans, best first.
pub fn sorted_objectives(inst: &Inst, plans: &[Vec<Vec<usize>>]) -> Vec<f64> {
    let mut v: Vec<f64> = plans.iter().map(|p| inst.objective(p)).collect();
    v.sort_by(|a, b| b.total_cmp(a));
    v
}

pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}
