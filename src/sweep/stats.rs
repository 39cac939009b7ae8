//! Aggregates over runs, fed serially in run order.
//!
//! Parallel float sums differ with the thread count, so workers only produce
//! records; this aggregator sees them one at a time, in run order, and keeps
//! compact per-run state (objective, survival, regret: 17 bytes a run) plus a
//! bounded screening sample. Counts are exact; sums are serial.

use super::design::DesignKind;
use super::run::{BaselineValue, RunRecord, Status};
use super::screen::{spearman, stride};
use super::significance::{rho_p_value, rule, significant};
use super::sobol::{indices, percentile_sorted, Outputs};
use super::spec::Sweep;
use super::summary::*;
use crate::fmt::round;

/// The baseline plan the runs are compared with.
#[derive(Clone, Debug)]
pub struct BaselinePlan {
    /// Lead indices per task.
    pub leads: Vec<Vec<usize>>,
    /// Objective in the base scenario.
    pub objective: f64,
}

/// Running aggregates of a sweep.
pub struct Aggregator {
    n_countries: usize,
    baseline: Option<BaselinePlan>,
    status: [u64; 7],
    lead_counts: Vec<u64>,
    stable: Vec<u64>,
    survived: u64,
    /// Per run: objective (NaN unless optimal).
    objective: Vec<f64>,
    /// Per run: 1 plan survived, 0 not, 2 unknown.
    survive: Vec<u8>,
    regret: Vec<f64>,
    baseline_infeasible: u64,
    stride: u64,
    screen_values: Vec<Vec<f64>>,
    screen_objective: Vec<f64>,
    screen_survive: Vec<f64>,
}

impl Aggregator {
    /// An empty aggregate for `sweep`.
    pub fn new(sweep: &Sweep, baseline: Option<BaselinePlan>) -> Aggregator {
        let s = &sweep.scenario;
        // Sizes are known up front: reserve them, so no vector doubles past its need.
        let runs = sweep.design.runs() as usize;
        let stride = stride(sweep.design.runs(), sweep.params.len());
        let screened = runs.div_ceil(stride as usize);
        Aggregator {
            n_countries: s.countries.len(),
            baseline,
            status: [0; 7],
            lead_counts: vec![0; s.tasks.len() * s.countries.len()],
            stable: vec![0; s.tasks.len()],
            survived: 0,
            objective: Vec::with_capacity(runs),
            survive: Vec::with_capacity(runs),
            regret: Vec::with_capacity(runs),
            baseline_infeasible: 0,
            stride,
            screen_values: (0..sweep.params.len())
                .map(|_| Vec::with_capacity(screened))
                .collect(),
            screen_objective: Vec::with_capacity(screened),
            screen_survive: Vec::with_capacity(screened),
        }
    }

    /// Runs seen so far.
    pub fn seen(&self) -> u64 {
        self.objective.len() as u64
    }

    /// Adds the next run (`r.run` must equal [`Aggregator::seen`]).
    pub fn add(&mut self, r: &RunRecord) {
        debug_assert_eq!(r.run, self.seen());
        self.status[r.status as usize] += 1;
        if r.status != Status::Optimal {
            self.objective.push(f64::NAN);
            self.survive.push(2);
            return;
        }
        let obj = r.objective.unwrap_or(f64::NAN);
        self.objective.push(obj);
        for (t, row) in r.leads.iter().enumerate() {
            for &i in row {
                self.lead_counts[t * self.n_countries + i] += 1;
            }
        }
        let survived = self.baseline.as_ref().map(|b| {
            let mut all = true;
            for (t, row) in r.leads.iter().enumerate() {
                let same = b.leads[t] == *row;
                self.stable[t] += same as u64;
                all &= same;
            }
            all
        });
        self.survived += u64::from(survived == Some(true));
        self.survive.push(survived.map_or(2, |s| s as u8));
        match r.baseline {
            BaselineValue::Feasible(_) => self.regret.push(r.regret().unwrap_or(f64::NAN)),
            BaselineValue::Infeasible => self.baseline_infeasible += 1,
            BaselineValue::Unknown => {}
        }
        if r.run.is_multiple_of(self.stride) {
            for (j, v) in r.values.iter().enumerate() {
                self.screen_values[j].push(*v);
            }
            self.screen_objective.push(obj);
            self.screen_survive
                .push(survived.map_or(f64::NAN, |s| s as u8 as f64));
        }
    }
}

/// Mean, sd and percentiles of `values` (in run order); `None` when empty.
pub fn distribution(values: &[f64]) -> Option<Distribution> {
    if values.is_empty() {
        return None;
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let sd = if values.len() > 1 {
        (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
    } else {
        0.0
    };
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let p = |q| round(percentile_sorted(&sorted, q));
    Some(Distribution {
        n: values.len() as u64,
        mean: round(mean),
        sd: round(sd),
        min: p(0.0),
        p5: p(0.05),
        p50: p(0.5),
        p95: p(0.95),
        max: p(1.0),
    })
}

fn ids(sweep: &Sweep, leads: &[usize]) -> Vec<String> {
    leads
        .iter()
        .map(|&i| sweep.scenario.countries[i].id.clone())
        .collect()
}

impl Aggregator {
    fn optimal(&self) -> u64 {
        self.status[Status::Optimal as usize]
    }

    fn share(&self, count: u64) -> Option<f64> {
        (self.optimal() > 0).then(|| round(count as f64 / self.optimal() as f64))
    }

    fn task_summary(&self, sweep: &Sweep, t: usize) -> TaskSummary {
        let s = &sweep.scenario;
        let base = self.baseline.as_ref();
        let freq = |i: usize| self.share(self.lead_counts[t * self.n_countries + i]);
        TaskSummary {
            task: s.tasks[t].id.clone(),
            baseline_leads: base.map_or_else(Vec::new, |b| ids(sweep, &b.leads[t])),
            stability: base.and_then(|_| self.share(self.stable[t])),
            lead_frequency: Pairs(
                (0..s.countries.len())
                    .map(|i| (s.countries[i].id.clone(), freq(i).unwrap_or(0.0)))
                    .collect(),
            ),
        }
    }

    fn regret_summary(&self) -> Regret {
        Regret {
            baseline_feasible: self.regret.len() as u64,
            baseline_infeasible: self.baseline_infeasible,
            positive: self.regret.iter().filter(|r| **r > 1e-9).count() as u64,
            regret: distribution(&self.regret),
        }
    }

    /// The summary of everything seen.
    pub fn summary(&self, sweep: &Sweep) -> Summary {
        let s = &sweep.scenario;
        let total: u64 = self.status.iter().sum();
        let base = self.baseline.as_ref();
        let finite: Vec<f64> = self
            .objective
            .iter()
            .copied()
            .filter(|v| !v.is_nan())
            .collect();
        let status = Status::ALL
            .iter()
            .map(|st| (st.name().to_string(), self.status[*st as usize]));
        Summary {
            scenario: s.name.clone(),
            design: sweep.design.kind.name(),
            runs: total,
            parameters: sweep.params.iter().map(|p| p.name.clone()).collect(),
            correlation: super::correlation_record::record(sweep),
            status: Pairs(status.collect()),
            failed: total - self.optimal(),
            baseline: base.map(|b| Baseline {
                objective: round(b.objective),
                leads: Pairs(
                    s.tasks
                        .iter()
                        .zip(&b.leads)
                        .map(|(t, l)| (t.id.clone(), ids(sweep, l)))
                        .collect(),
                ),
            }),
            objective: distribution(&finite),
            regret: base.map(|_| self.regret_summary()),
            plan_survival: base.and_then(|_| self.share(self.survived)),
            tasks: (0..s.tasks.len())
                .map(|t| self.task_summary(sweep, t))
                .collect(),
            screening: self.screening(sweep),
            sobol: self.sobol(sweep),
            morris: self.morris(sweep),
        }
    }

    fn screening(&self, sweep: &Sweep) -> Screening {
        let surv_ok = self.screen_survive.iter().all(|v| !v.is_nan());
        let n = self.screen_objective.len() as u64;
        let k = sweep.params.len();
        let parameters = sweep
            .params
            .iter()
            .zip(&self.screen_values)
            .map(|(p, xs)| {
                let rho_objective = spearman(xs, &self.screen_objective).map(round);
                let rho_survival = if surv_ok {
                    spearman(xs, &self.screen_survive).map(round)
                } else {
                    None
                };
                let p_objective = rho_objective.and_then(|r| rho_p_value(r, n));
                let p_survival = rho_survival.and_then(|r| rho_p_value(r, n));
                ScreenRow {
                    parameter: p.name.clone(),
                    rho_objective,
                    rho_survival,
                    p_objective: p_objective.map(round),
                    p_survival: p_survival.map(round),
                    significant_objective: significant(p_objective, k),
                    significant_survival: significant(p_survival, k),
                }
            })
            .collect();
        Screening {
            runs_used: n,
            stride: self.stride,
            test: rule(n, k),
            parameters,
        }
    }

    /// Sobol rows for output `f` (by run id) over the complete base samples `used`.
    fn sobol_rows(
        sweep: &Sweep,
        used: &[usize],
        f: &dyn Fn(usize) -> f64,
    ) -> Option<Vec<SobolRow>> {
        let (k, g) = (sweep.design.k, sweep.design.k + 2);
        let fa: Vec<f64> = used.iter().map(|&i| f(i * g)).collect();
        let fb: Vec<f64> = used.iter().map(|&i| f(i * g + 1)).collect();
        let fab: Vec<Vec<f64>> = (0..k)
            .map(|j| used.iter().map(|&i| f(i * g + 2 + j)).collect())
            .collect();
        let ix = indices(
            &Outputs {
                fa: &fa,
                fb: &fb,
                fab: &fab,
            },
            sweep.bootstrap,
            sweep.design.seed,
        )?;
        let row = |(p, index): (&super::spec::Parameter, super::sobol::Index)| SobolRow {
            parameter: p.name.clone(),
            index: super::sobol::Index {
                s1: round(index.s1),
                s1_ci: index.s1_ci.map(round),
                st: round(index.st),
                st_ci: index.st_ci.map(round),
            },
        };
        Some(sweep.params.iter().zip(ix).map(row).collect())
    }

    fn sobol(&self, sweep: &Sweep) -> Option<Sobol> {
        let d = &sweep.design;
        if d.kind != DesignKind::Saltelli {
            return None;
        }
        let g = d.k + 2;
        let complete = |i: usize| (0..g).all(|r| !self.objective[i * g + r].is_nan());
        let used: Vec<usize> = (0..self.objective.len() / g)
            .filter(|&i| complete(i))
            .collect();
        let objective = Self::sobol_rows(sweep, &used, &|r| self.objective[r]);
        let plan_survival = self
            .baseline
            .as_ref()
            .and_then(|_| Self::sobol_rows(sweep, &used, &|r| self.survive[r] as f64));
        let runs = used.iter().flat_map(|&i| (0..g).map(move |r| i * g + r));
        Some(Sobol {
            base_samples: d.samples,
            samples_used: used.len() as u64,
            bootstrap: sweep.bootstrap as u64,
            plan_changes: runs.filter(|&r| self.survive[r] == 0).count() as u64,
            objective,
            plan_survival,
        })
    }

    fn morris(&self, sweep: &Sweep) -> Option<Morris> {
        let d = &sweep.design;
        if d.kind != DesignKind::Morris {
            return None;
        }
        let names: Vec<String> = sweep.params.iter().map(|p| p.name.clone()).collect();
        let rounded = |e: Vec<super::morris::Effects>| {
            e.into_iter()
                .map(|m| super::morris::Effects {
                    mu: round(m.mu),
                    mu_star: round(m.mu_star),
                    sigma: round(m.sigma),
                    ..m
                })
                .collect()
        };
        let measure = |f: &dyn Fn(u64) -> f64| {
            rounded(super::morris::effects(
                d.seed, &names, d.levels, d.samples, f,
            ))
        };
        let survive = |r: u64| match self.survive[r as usize] {
            2 => f64::NAN,
            v => v as f64,
        };
        Some(Morris {
            trajectories: d.samples,
            levels: d.levels as u64,
            objective: measure(&|r| self.objective[r as usize]),
            plan_survival: self.baseline.as_ref().map(|_| measure(&survive)),
        })
    }
}
