//! Test scenarios for the LP search's cuts and its agreement with microlp.

use rand_chacha::rand_core::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::scenario::Scenario;

/// A random scenario of the generated benchmarks' shape (co-leads with a
/// minimum share, budgets and capacities from tight to loose, domain and
/// lead limits, fairness, the forbid rule), small enough for exact checks.
pub(super) fn tight_scenario(seed: u64) -> Scenario {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut pick = |n: u64| rng.next_u64() % n;
    let n = 3 + pick(3) as usize;
    let k = 8 + pick(7) as usize;
    let tasks: Vec<(u64, u64, u64)> = (0..k)
        .map(|t| (if t % 4 == 0 { 2 } else { 1 }, 1 + pick(4), 5 + pick(56)))
        .collect();
    let slots: u64 = tasks.iter().map(|t| t.0).sum();
    let effort: u64 = tasks.iter().map(|t| t.0 * t.1).sum();
    let money: u64 = tasks.iter().map(|t| t.2).sum();
    let tight = (11 + pick(8)) as f64 / 10.0;
    let mut s = format!(
        "[policy]\nmin_leads_per_country = 1\nmax_leads_per_country = {}\nmax_leads_per_domain = {}\nmin_lead_share = 0.25\nfunding = \"leads\"\nsensitivity_rule = \"forbid\"\nweights = {{ fit = 10, cost = 0.002, sensitivity = 5, fairness = 0.00{} }}\n",
        slots.div_ceil(n as u64) + 1,
        2 + pick(2),
        1 + pick(9),
    );
    for i in 0..n {
        s += &format!(
            "[[country]]\nid = \"C{i}\"\ncapacity = {}\nbudget = {}\nsensitivity_tolerance = 0.{}\nfair_share = {}\ncapability = {{ d0 = 0.{}, d1 = 0.{}, d2 = 0.{} }}\n",
            (tight * effort as f64 / n as f64).round(),
            (tight * money as f64 / n as f64).round(),
            5 + pick(5),
            1 + pick(9),
            30 + pick(70),
            30 + pick(70),
            30 + pick(70),
        );
    }
    for (t, (leads, effort, cost)) in tasks.iter().enumerate() {
        s += &format!(
            "[[task]]\nid = \"t{t}\"\ndomain = \"m{}\"\nleads = {leads}\nrequirements = {{ d{} = 0.{}, d{} = 0.{} }}\neffort = {effort}\ncost = {cost}\nsensitivity = 0.{}\n",
            t % 3,
            t % 3,
            50 + pick(40),
            (t + 1) % 3,
            10 + pick(40),
            pick(8),
        );
    }
    Scenario::from_toml_str(&s, "tight.toml").expect("a valid scenario")
}
