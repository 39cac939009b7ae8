//! Independent truth for the GAP tests: a separate reader (a plain token split,
//! not leadplan's parser), integer feasibility checks, brute force, and the
//! published optima.

mod reading;

use std::path::PathBuf;

use proptest::prelude::*;

/// Optimal values of gap1 to gap12 as maximisation problems, from OR-Library's
/// `gapinfo.txt` (J.E. Beasley; a verbatim copy is in `edxu96/MatrixOptim.jl`,
/// `examples/readme.txt`, commit 81050379330401ce6bc35723b2c5a6c6e5d55b27),
/// as published by Osman (OR Spektrum 17, 1995) and Cattrysse et al. (EJOR 72, 1994).
pub const PUBLISHED_MAX: [[u64; 5]; 12] = [
    [336, 327, 339, 341, 326],
    [434, 436, 420, 419, 428],
    [580, 564, 573, 570, 564],
    [656, 644, 673, 647, 664],
    [563, 558, 564, 568, 559],
    [761, 759, 758, 752, 747],
    [942, 949, 968, 945, 951],
    [1133, 1134, 1141, 1117, 1127],
    [709, 717, 712, 723, 706],
    [958, 963, 960, 947, 947],
    [1139, 1178, 1195, 1171, 1171],
    [1451, 1449, 1433, 1447, 1446],
];

/// The `leadplan` binary.
pub fn leadplan() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("leadplan").unwrap()
}

/// A benchmark file: in `$LEADPLAN_GAP_DIR` when set, else in the copy the
/// repository carries (`data/gap`), so a fresh clone tests with nothing beside it.
pub fn bench(name: &str) -> PathBuf {
    let dir = std::env::var_os("LEADPLAN_GAP_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/gap"));
    dir.join(name)
}

/// One instance: c and a agent-major, b per agent.
#[derive(Clone, Debug)]
pub struct Inst {
    pub c: Vec<Vec<u64>>,
    pub a: Vec<Vec<u64>>,
    pub b: Vec<u64>,
}

impl Inst {
    /// Total value of `assign` (job -> agent) if it respects every capacity.
    pub fn check(&self, assign: &[usize]) -> Option<u64> {
        let mut load = vec![0u64; self.b.len()];
        let mut total = 0;
        assert_eq!(assign.len(), self.c[0].len(), "one agent per job");
        for (j, &i) in assign.iter().enumerate() {
            load[i] += self.a[i][j];
            total += self.c[i][j];
        }
        load.iter()
            .zip(&self.b)
            .all(|(l, b)| l <= b)
            .then_some(total)
    }

    /// The instance as a single-instance GAP file (no leading P).
    pub fn to_text(&self) -> String {
        let row = |r: &Vec<u64>| r.iter().map(u64::to_string).collect::<Vec<_>>().join(" ");
        let mut out = format!("{} {}\n", self.b.len(), self.c[0].len());
        for r in self.c.iter().chain(&self.a) {
            out.push_str(&row(r));
            out.push('\n');
        }
        out.push_str(&row(&self.b));
        out.push('\n');
        out
    }
}

/// Reads every instance with a plain token split (P present unless the token
/// count says single instance).
pub fn independent_read(text: &str) -> Vec<Inst> {
    let t: Vec<u64> = text
        .split_whitespace()
        .map(|x| x.parse().unwrap())
        .collect();
    let single = t.len() as u64 == 2 + 2 * t[0] * t[1] + t[0];
    let (count, mut p) = if single { (1, 0) } else { (t[0], 1) };
    let mut out = Vec::new();
    for _ in 0..count {
        let (m, n) = (t[p] as usize, t[p + 1] as usize);
        p += 2;
        let mut take = |k: usize| {
            let v = t[p..p + k].to_vec();
            p += k;
            v
        };
        let c = (0..m).map(|_| take(n)).collect();
        let a = (0..m).map(|_| take(n)).collect();
        let b = take(m);
        out.push(Inst { c, a, b });
    }
    assert_eq!(p, t.len());
    out
}

/// Best total over all m^n assignments (max or min), or None if none is feasible.
pub fn brute_force(inst: &Inst, max: bool) -> Option<u64> {
    let (m, n) = (inst.b.len(), inst.c[0].len());
    let mut best: Option<u64> = None;
    let mut assign = vec![0usize; n];
    loop {
        if let Some(v) = inst.check(&assign) {
            best = Some(match best {
                None => v,
                Some(b) if max => b.max(v),
                Some(b) => b.min(v),
            });
        }
        let Some(j) = (0..n).find(|&j| assign[j] + 1 < m) else {
            return best;
        };
        assign[j] += 1;
        assign[..j].iter_mut().for_each(|x| *x = 0);
    }
}

/// Small random instances: 1 to 3 agents, 1 to 6 jobs, often tight.
pub fn small_instance() -> impl Strategy<Value = Inst> {
    (1usize..=3, 1usize..=6).prop_flat_map(|(m, n)| {
        (
            proptest::collection::vec(proptest::collection::vec(0u64..30, n), m),
            proptest::collection::vec(proptest::collection::vec(1u64..10, n), m),
            proptest::collection::vec(0u64..25, m),
        )
            .prop_map(|(c, a, b)| Inst { c, a, b })
    })
}

/// The diagnostics of a text that must fail to read as a max file.
pub fn diagnostics(text: &str) -> Vec<leadplan::scenario::diag::Diagnostic> {
    match leadplan::studies::orlib::parse(
        text,
        "t.txt",
        "gap1.txt",
        leadplan::studies::orlib::Sense::Max,
    ) {
        Err(leadplan::Error::Invalid { diagnostics }) => diagnostics,
        other => panic!("expected diagnostics, got {other:?}"),
    }
}

/// Runs a command that must succeed and parses its standard output as JSON.
pub fn json_of(cmd: &mut assert_cmd::Command) -> serde_json::Value {
    let out = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).unwrap()
}

/// Random instances beyond brute force: 2 to 4 agents, 4 to 10 jobs,
/// capacities from loose to tight.
pub fn medium_instance() -> impl Strategy<Value = Inst> {
    (2usize..=4, 4usize..=10).prop_flat_map(|(m, n)| {
        (
            proptest::collection::vec(proptest::collection::vec(0u64..40, n), m),
            proptest::collection::vec(proptest::collection::vec(1u64..15, n), m),
            proptest::collection::vec(5u64..(8 * n as u64 + 6), m),
        )
            .prop_map(|(c, a, b)| Inst { c, a, b })
    })
}
