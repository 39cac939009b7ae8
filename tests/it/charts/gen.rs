//! A generated 14-country, 60-task scenario (deterministic, no randomness): the
//! "large" case the plan matrix and the lead-frequency grid must stay readable for.

const COUNTRIES: [(&str, &str); 14] = [
    ("AU", "Australia"),
    ("CA", "Canada"),
    ("FR", "France"),
    ("DE", "Germany"),
    ("IN", "India"),
    ("ID", "Indonesia"),
    ("IT", "Italy"),
    ("JP", "Japan"),
    ("KR", "South Korea"),
    ("NL", "Netherlands"),
    ("NZ", "New Zealand"),
    ("PH", "Philippines"),
    ("GB", "United Kingdom"),
    ("US", "United States"),
];

const DOMAINS: [&str; 8] = [
    "health",
    "disaster_aid",
    "supply_chain",
    "climate",
    "maritime",
    "cyber",
    "education",
    "legal_training",
];

const DIMENSIONS: [&str; 6] = [
    "funding",
    "logistics",
    "science",
    "diplomacy",
    "industry",
    "training",
];

const VERBS: [&str; 6] = [
    "Coordinate",
    "Fund",
    "Train staff for",
    "Build capacity in",
    "Share data on",
    "Pilot",
];

/// The scenario's TOML text.
pub fn large_scenario() -> String {
    let mut out = String::from(
        "[scenario]\nname = \"Generated 14 x 60 coalition\"\ndescription = \"A generated scenario for chart tests.\"\n",
    );
    out.push_str(&format!("dimensions = {:?}\n\n", DIMENSIONS));
    out.push_str(
        "[policy]\nmin_leads_per_country = 1\nmax_leads_per_country = 7\nfunding = \"leads\"\n",
    );
    out.push_str("sensitivity_rule = \"forbid\"\nweights = { fit = 10, cost = 0.001, sensitivity = 1, fairness = 0.001 }\n\n");
    for (i, (id, name)) in COUNTRIES.iter().enumerate() {
        out.push_str(&format!(
            "[[country]]\nid = \"{id}\"\nname = \"{name}\"\ncapacity = 7\nsensitivity_tolerance = {}\nfair_share = {}\n[country.capability]\n",
            [0.5, 0.7, 0.9, 1.0][i % 4],
            1 + (i * 5) % 9
        ));
        for (d, dim) in DIMENSIONS.iter().enumerate() {
            let score = 0.1 + 0.8 * (((i * 7 + d * 13 + i * d) % 11) as f64 / 10.0);
            out.push_str(&format!("{dim} = {score:.2}\n"));
        }
        out.push('\n');
    }
    for t in 0..60 {
        let domain = DOMAINS[t % DOMAINS.len()];
        let (a, b) = (DIMENSIONS[t % 6], DIMENSIONS[(t * 5 + 1) % 6]);
        let req = if a == b {
            format!("{a} = 1.0")
        } else {
            format!("{a} = 0.7, {b} = 0.3")
        };
        out.push_str(&format!(
            "[[task]]\nid = \"task-{t:02}\"\nname = \"{} {} programme {t:02}\"\ndomain = \"{domain}\"\nrequirements = {{ {req} }}\neffort = 1\ncost = {}\nsensitivity = {}\nleads = {}\n\n",
            VERBS[t % VERBS.len()],
            domain.replace('_', " "),
            10 + (t * 7) % 40,
            [0.1, 0.3, 0.6, 0.8][t % 4],
            if t % 10 == 3 { 2 } else { 1 }
        ));
    }
    out
}
