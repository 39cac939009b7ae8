//! Seeded random small scenarios for the model-file tests, drawn so that every
//! row and column family turns up: co-leads with payments, both funding rules,
//! minimum shares, budgets, fairness, lead and domain limits, optional tasks,
//! pins, both sensitivity rules, and costs above 1e4 (money in scaled units).

use std::fmt::Write;

/// SplitMix64.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const IDS: [&str; 3] = ["US", "K-R", "JP"];

/// The TOML text of scenario `seed`.
pub fn scenario(seed: u64) -> String {
    let mut r = Rng(seed.wrapping_mul(7919) ^ 0xA5A5);
    let n = 2 + r.below(2) as usize;
    let tasks = 2 + r.below(3) as usize;
    let scale = if r.chance(25) { 100_000.0 } else { 1.0 };
    let mut out = String::from("[scenario]\nname = \"random\"\n[policy]\n");
    let funding = if r.chance(40) { "all" } else { "leads" };
    let rule = if r.chance(40) { "penalize" } else { "forbid" };
    let _ = writeln!(
        out,
        "funding = \"{funding}\"\nsensitivity_rule = \"{rule}\""
    );
    if r.chance(40) {
        let _ = writeln!(out, "min_lead_share = 0.{}", 1 + r.below(3));
    }
    if r.chance(40) {
        let _ = writeln!(out, "max_leads_per_domain = 1");
    }
    if r.chance(30) {
        let _ = writeln!(out, "min_leads_per_country = 1");
    }
    let fairness = if r.chance(50) { 0.01 / scale } else { 0.0 };
    let _ = writeln!(
        out,
        "weights = {{ fit = 10, cost = {}, sensitivity = 2, fairness = {fairness} }}",
        0.01 / scale
    );
    if r.chance(30) {
        let _ = writeln!(
            out,
            "[[policy.pin]]\ncountry = \"US\"\ntask = \"t-0\"\nlead = {}",
            r.chance(50)
        );
    }
    for id in &IDS[..n] {
        let _ = writeln!(
            out,
            "[[country]]\nid = \"{id}\"\ncapacity = {}",
            2 + r.below(5)
        );
        let _ = writeln!(out, "sensitivity_tolerance = 0.{}", 3 + r.below(7));
        if r.chance(40) {
            let _ = writeln!(out, "budget = {}", (20 + r.below(60)) as f64 * scale);
        }
        if r.chance(50) {
            let _ = writeln!(out, "fair_share = {}", 1 + r.below(4));
        }
        let _ = writeln!(
            out,
            "capability = {{ a = 0.{}, b = 0.{} }}",
            r.below(10),
            r.below(10)
        );
    }
    for t in 0..tasks {
        let leads = if n > 2 && r.chance(30) { 2 } else { 1 };
        let _ = writeln!(
            out,
            "[[task]]\nid = \"t-{t}\"\ndomain = \"d{}\"",
            r.below(2)
        );
        let _ = writeln!(
            out,
            "requirements = {{ a = {}, b = {} }}",
            r.below(3),
            1 + r.below(2)
        );
        let _ = writeln!(out, "effort = {}\nleads = {leads}", 1 + r.below(3));
        let costs: Vec<String> = IDS[..n]
            .iter()
            .map(|id| format!("\"{id}\" = {}", (1 + r.below(30)) as f64 * scale))
            .collect();
        let _ = writeln!(out, "cost = {{ {} }}", costs.join(", "));
        let _ = writeln!(out, "sensitivity = 0.{}", r.below(10));
        if r.chance(25) {
            let _ = writeln!(out, "optional = true");
        }
    }
    out
}
