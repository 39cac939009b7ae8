//! Random small scenarios for the tests that compare the optimizer's parts.

use rand_chacha::rand_core::Rng;
use rand_chacha::ChaCha8Rng;

use crate::scenario::{Pin, Scenario};

pub(crate) fn unit(rng: &mut ChaCha8Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

pub(crate) fn below(rng: &mut ChaCha8Rng, n: usize) -> usize {
    (rng.next_u64() % n as u64) as usize
}

/// A random small scenario with every family the certificate reads: capacities,
/// budgets, co-leads, optional tasks, min and max leads, domain limits, both
/// funding rules, minimum shares, pins and bans.
pub(crate) fn random_scenario(rng: &mut ChaCha8Rng) -> Scenario {
    let n = 2 + below(rng, 3);
    let m = 3 + below(rng, 5);
    let mut text = String::from("[scenario]\nname = \"random\"\ndimensions = [\"a\"]\n[policy]\n");
    let lo = below(rng, 2);
    text += &format!("min_leads_per_country = {lo}\n");
    if below(rng, 2) == 0 {
        text += &format!("max_leads_per_country = {}\n", lo.max(1) + below(rng, 3));
    }
    if below(rng, 2) == 0 {
        text += &format!("max_leads_per_domain = {}\n", 1 + below(rng, 2));
    }
    text += &format!("min_lead_share = {}\n", [0.0, 0.2, 0.4][below(rng, 3)]);
    text += &format!(
        "funding = \"{}\"\n",
        if below(rng, 3) == 0 { "all" } else { "leads" }
    );
    text += "weights = { fit = 10, cost = 0.01, sensitivity = 1, fairness = 0.01 }\n";
    for i in 0..n {
        text += &format!(
            "[[country]]\nid = \"C{i}\"\ncapacity = {}\nsensitivity_tolerance = {}\n",
            2 + below(rng, 8),
            [0.3, 0.6, 1.0][below(rng, 3)]
        );
        if below(rng, 3) == 0 {
            text += &format!("budget = {}\n", 5 * below(rng, 12));
        }
        text += &format!("[country.capability]\na = {}\n", unit(rng));
    }
    for t in 0..m {
        let leads = if n > 1 && below(rng, 4) == 0 { 2 } else { 1 };
        text += &format!(
            "[[task]]\nid = \"T{t}\"\ndomain = \"d{}\"\nrequirements = {{ a = 1 }}\neffort = {}\ncost = {}\nsensitivity = {}\nleads = {leads}\noptional = {}\n",
            below(rng, 2),
            1 + below(rng, 3),
            below(rng, 20),
            [0.1, 0.2, 0.9][below(rng, 3)],
            below(rng, 5) == 0
        );
    }
    let mut s = Scenario::from_toml_str(&text, "random.toml").expect("a valid scenario");
    if below(rng, 4) == 0 {
        let lead = below(rng, 3) > 0;
        s.policy.pins.push(Pin {
            country: below(rng, n),
            task: below(rng, m),
            lead,
        });
    }
    s
}
