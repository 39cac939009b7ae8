//! Seeded random scenarios, tiny enough to enumerate (2-3 countries, 2-5
//! tasks), drawn so that every feature of docs/MODEL.md turns up often:
//! co-leads with payments, both funding rules, minimum lead shares, budgets,
//! capacities, lead and domain limits, fairness, optional tasks, pins, and
//! both sensitivity rules. Numbers are on coarse grids so that objectives are
//! exact to far below the tolerance the checks use.

use super::scenario::{Country, Pin, Policy, Scn, Task, IDS};

/// SplitMix64: a tiny, well-mixed generator, so the oracle needs no crate.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x05EE_D0F0_AC1E)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 > 1.0 - p
    }

    pub fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
}

/// Which features a generated scenario may use.
#[derive(Clone, Copy)]
pub struct Features {
    pub optional_tasks: bool,
}

pub const ALL: Features = Features {
    optional_tasks: true,
};

/// Every feature but optional tasks (for commands that mishandle them on main).
pub const REQUIRED_ONLY: Features = Features {
    optional_tasks: false,
};

pub fn scenario(seed: u64, features: Features) -> Scn {
    let mut rng = Rng::new(seed);
    let n = 2 + rng.below(2);
    let dims = 2 + rng.below(2);
    let n_tasks = 2 + rng.below(if n == 3 { 3 } else { 4 });
    let fair = rng.chance(0.4);
    let countries = (0..n).map(|i| country(&mut rng, i, dims, fair)).collect();
    let tasks: Vec<Task> = (0..n_tasks)
        .map(|t| task(&mut rng, t, n, dims, features))
        .collect();
    let policy = policy(&mut rng, n, &tasks);
    let mut scn = Scn {
        dims,
        countries,
        tasks,
        policy,
    };
    fix_country_limits(&mut scn);
    scn
}

/// Fair shares are given for every country or for none (MODEL.md does not
/// say what a missing one among given ones means).
fn country(rng: &mut Rng, i: usize, dims: usize, fair: bool) -> Country {
    Country {
        id: IDS[i].to_string(),
        capacity: rng.pick(&[2.0, 4.5, 6.0, 8.0, 10.0, 12.0, 12.0]),
        budget: rng
            .chance(0.45)
            .then(|| rng.pick(&[0.0, 10.0, 15.0, 20.0, 30.0, 50.0, 80.0])),
        tolerance: rng.chance(0.5).then(|| rng.pick(&[0.3, 0.5, 0.7])),
        fair_share: fair.then(|| rng.pick(&[1.0, 2.0, 3.0, 5.0])),
        min_leads: rng.chance(0.1).then(|| rng.below(2)),
        max_leads: rng.chance(0.1).then(|| 1 + rng.below(2)),
        scores: (0..dims).map(|_| rng.below(21) as f64 / 20.0).collect(),
    }
}

fn per_country(rng: &mut Rng, n: usize, choices: &[f64], vary: f64) -> Vec<f64> {
    if rng.chance(vary) {
        (0..n).map(|_| rng.pick(choices)).collect()
    } else {
        vec![rng.pick(choices); n]
    }
}

fn task(rng: &mut Rng, t: usize, n: usize, dims: usize, f: Features) -> Task {
    let mut requirements: Vec<f64> = (0..dims)
        .map(|_| rng.pick(&[0.0, 0.0, 0.5, 1.0, 2.0]))
        .collect();
    if requirements.iter().all(|r| *r == 0.0) {
        requirements[rng.below(dims)] = 1.0;
    }
    let leads = match rng.below(10) {
        0..=5 => 1,
        6..=8 => 2,
        _ => n.min(3),
    };
    let costly = rng.chance(0.7);
    let cost_grid: &[f64] = if costly {
        &[0.0, 5.0, 10.0, 20.0, 30.0]
    } else {
        &[0.0]
    };
    // Drawn whatever the features, so that a scenario differs only in them.
    let optional = rng.chance(0.3);
    let mut fit_override = vec![None; n];
    if rng.chance(0.15) {
        fit_override[rng.below(n)] = Some(rng.pick(&[0.0, 0.5, 1.2]));
    }
    Task {
        id: format!("t{t}"),
        domain: rng.below(2),
        requirements,
        effort: per_country(rng, n, &[1.0, 2.0, 3.0], 0.3),
        cost: per_country(rng, n, cost_grid, 0.4),
        sensitivity: if rng.chance(0.35) {
            rng.pick(&[0.2, 0.4, 0.6, 0.8])
        } else {
            0.0
        },
        importance: rng.pick(&[1.0, 1.0, 1.5, 2.0]),
        leads,
        optional: f.optional_tasks && optional,
        fit_override,
    }
}

fn policy(rng: &mut Rng, n: usize, tasks: &[Task]) -> Policy {
    let max_l = tasks.iter().map(|t| t.leads).max().unwrap_or(1);
    let min_share = if rng.chance(0.35) {
        rng.pick(&[0.1f64, 0.2, 0.3, 0.5]).min(1.0 / max_l as f64)
    } else {
        0.0
    };
    let min_leads = if rng.chance(0.15) { 1 } else { 0 };
    let max_leads = rng
        .chance(0.2)
        .then(|| (min_leads + 1 + rng.below(2)).max(1));
    let mut pins: Vec<Pin> = Vec::new();
    for _ in 0..rng.pick(&[0, 0, 0, 0, 1, 1, 1, 2]) {
        let (country, task) = (rng.below(n), rng.below(tasks.len()));
        if !pins.iter().any(|p| p.country == country && p.task == task) {
            let lead = rng.chance(0.5);
            pins.push(Pin {
                country,
                task,
                lead,
            });
        }
    }
    Policy {
        min_leads,
        max_leads,
        max_per_domain: rng.chance(0.2).then(|| 1 + rng.below(2)),
        min_share,
        funding_all: rng.chance(0.3),
        penalize: rng.chance(0.35),
        weights: [
            rng.pick(&[1.0, 2.0, 10.0]),
            rng.pick(&[0.0, 0.0, 0.01, 0.05]),
            rng.pick(&[0.0, 1.0, 2.0, 2.0]),
            rng.pick(&[0.0, 0.0, 0.01, 0.05]),
        ],
        pins,
    }
}

/// A country's own minimum may not exceed its own (or the policy's) maximum.
fn fix_country_limits(scn: &mut Scn) {
    for i in 0..scn.countries.len() {
        if let Some(hi) = scn.hi(i) {
            if scn.lo(i) > hi {
                scn.countries[i].min_leads = Some(hi);
            }
        }
    }
}

/// How many of the first 500 scenarios use each feature (name, count).
fn feature_counts() -> Vec<(&'static str, usize)> {
    let scns: Vec<Scn> = (0..500).map(|s| scenario(s, ALL)).collect();
    let count = |f: &dyn Fn(&Scn) -> bool| scns.iter().filter(|s| f(s)).count();
    let coled_paid = |s: &Scn| {
        s.tasks
            .iter()
            .any(|t| t.leads > 1 && t.cost.iter().any(|c| *c > 0.0))
    };
    vec![
        (
            "co-leads paying a cost, with money variables",
            count(&|s| coled_paid(s) && s.has_money()),
        ),
        (
            "funding = all",
            count(&|s| s.policy.funding_all && s.has_money()),
        ),
        (
            "min_lead_share on co-leads",
            count(&|s| s.policy.min_share > 0.0 && coled_paid(s)),
        ),
        (
            "budgets",
            count(&|s| s.countries.iter().any(|c| c.budget.is_some())),
        ),
        (
            "fairness weight and fair shares",
            count(&|s| s.policy.weights[3] > 0.0 && s.countries[0].fair_share.is_some()),
        ),
        (
            "optional tasks",
            count(&|s| s.tasks.iter().any(|t| t.optional)),
        ),
        (
            "lead pins",
            count(&|s| s.policy.pins.iter().any(|p| p.lead)),
        ),
        (
            "ban pins",
            count(&|s| s.policy.pins.iter().any(|p| !p.lead)),
        ),
        (
            "sensitivity bans (forbid)",
            count(&|s| !s.policy.penalize && has_excess(s)),
        ),
        (
            "sensitivity penalties",
            count(&|s| s.policy.penalize && has_excess(s) && s.policy.weights[2] > 0.0),
        ),
        (
            "domain limits",
            count(&|s| s.policy.max_per_domain.is_some()),
        ),
        (
            "lead-count limits",
            count(&|s| (0..s.countries.len()).any(|i| s.lo(i) > 0 || s.hi(i).is_some())),
        ),
        (
            "fit overrides",
            count(&|s| {
                s.tasks
                    .iter()
                    .any(|t| t.fit_override.iter().any(Option::is_some))
            }),
        ),
        ("three countries", count(&|s| s.countries.len() == 3)),
    ]
}

fn has_excess(s: &Scn) -> bool {
    (0..s.countries.len()).any(|i| (0..s.tasks.len()).any(|t| s.excess(i, t) > 0.0))
}

/// Guards the oracle itself: a generator change that drops a feature would
/// let the checks pass without testing it.
#[test]
fn the_generator_covers_every_feature_of_the_model() {
    for (feature, n) in feature_counts() {
        eprintln!("{feature}: {n}");
        assert!(n >= 40, "only {n} of 500 scenarios have {feature}");
    }
    let feasible = (0..500)
        .filter(|s| super::brute::optimum(&scenario(*s, ALL)).is_some())
        .count();
    assert!(
        (250..450).contains(&feasible),
        "{feasible} of 500 scenarios are feasible"
    );
}
