//! What must hold before shards are merged: each folder is a finished shard of
//! the same sweep, together they cover every run exactly once, and each shard's
//! files hold exactly its runs. Every problem is collected, one sentence each,
//! so one look at the message says what to rerun.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::super::columnar::columns;
use super::super::columnar::read::ParquetRows;
use super::super::files;
use super::super::formats::RunsFormat;
use super::super::manifest::Manifest;
use super::super::record::csv_header;
use super::super::shard::{describe_runs, Shard, ShardInfo};
use super::super::Sweep;

/// A shard folder and what its manifest says.
#[derive(Clone, Debug)]
pub struct ShardDir {
    /// The folder.
    pub dir: PathBuf,
    /// Its manifest.
    pub manifest: Manifest,
    /// Its shard.
    pub info: ShardInfo,
}

/// Reads `dir/manifest.json`; a problem is a sentence.
pub fn read_shard(dir: &Path) -> Result<ShardDir, String> {
    let path = dir.join(files::MANIFEST);
    // Bounded, and only from regular files: a FIFO or a device in a shard
    // folder would block or never end.
    let text = crate::input::read_text(&path, crate::input::InputKind::SweepResult)
        .map_err(|e| format!("{e}; is it a shard folder?"))?;
    for name in [
        files::RUNS_JSONL,
        files::RUNS_CSV,
        files::RUNS_PARQUET,
        files::TIMINGS,
    ] {
        let p = dir.join(name);
        if p.exists() {
            // Regular, and within --max-input-mb like every file a reader takes.
            crate::input::check_size(&p, crate::input::InputKind::SweepResult)
                .map_err(|e| e.to_string())?;
        }
    }
    let manifest: Manifest = serde_json::from_str(&text)
        .map_err(|e| format!("{} is not a leadplan sweep manifest ({e})", path.display()))?;
    let info = manifest.shard.clone().ok_or_else(|| {
        format!(
            "{} holds a whole sweep, not a shard (it was not run with --shard)",
            dir.display()
        )
    })?;
    let shard = Shard::new(info.index, info.count)
        .and_then(|sh| sh.check_runs(manifest.runs).map(|()| sh))
        .map_err(|e| format!("{} is damaged: {e}", path.display()))?;
    if shard.runs(manifest.runs) != info.runs() {
        return Err(format!(
            "{} is damaged: shard {shard} of {} runs holds {}, not {}",
            path.display(),
            manifest.runs,
            describe_runs(&shard.runs(manifest.runs)),
            describe_runs(&info.runs())
        ));
    }
    Ok(ShardDir {
        dir: dir.to_path_buf(),
        manifest,
        info,
    })
}

/// What must be equal for two shards to be of one sweep: (what, value).
fn identity(s: &ShardDir) -> [(&'static str, String); 10] {
    let m = &s.manifest;
    // The plainest difference first: a new seed also changes the design hash
    // (which covers the sample count, so `--runs` itself is not compared).
    [
        ("leadplan version", m.leadplan_version.clone()),
        ("seed", m.seed.to_string()),
        ("solver", m.solver.clone()),
        ("time limit", format!("{:?}", m.time_limit)),
        ("design", m.design.clone()),
        ("run count", m.runs.to_string()),
        ("parameters", m.parameters.join(", ")),
        ("scenario hash", m.scenario_hash.clone()),
        ("design hash", m.design_hash.clone()),
        ("--runs-format", m.runs_formats.describe()),
    ]
}

/// The shard whose sweep most shards share (the first of them on a tie): the
/// others are the foreign ones.
fn majority(shards: &[ShardDir]) -> Option<&ShardDir> {
    let mut best: Option<(&ShardDir, usize)> = None;
    for s in shards {
        let n = shards.iter().filter(|t| identity(t) == identity(s)).count();
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((s, n));
        }
    }
    best.map(|(s, _)| s)
}

/// Why `s` is not of the same sweep as `reference`, if it is not.
fn foreign(reference: &ShardDir, s: &ShardDir) -> Option<String> {
    let (what, theirs, ours) = identity(reference)
        .into_iter()
        .zip(identity(s))
        .map(|((what, theirs), (_, ours))| (what, theirs, ours))
        .find(|(_, theirs, ours)| theirs != ours)?;
    Some(format!(
        "{} belongs to another sweep than {}: its {what} is {ours}, not {theirs}",
        s.dir.display(),
        reference.dir.display()
    ))
}

/// Problems with the folders' manifests: foreign, unfinished, duplicate,
/// overlapping, missing. `shards` is sorted by run range.
pub fn check_manifests(shards: &[ShardDir]) -> Vec<String> {
    let Some(reference) = majority(shards) else {
        return vec!["no shard folders given".into()];
    };
    let mut problems: Vec<String> = shards
        .iter()
        .filter_map(|s| foreign(reference, s))
        .collect();
    if !problems.is_empty() {
        return problems;
    }
    for s in shards.iter().filter(|s| !s.manifest.finished) {
        problems.push(format!(
            "{} in {} is not finished: {} of its {} runs are recorded; run it again with --resume",
            s.info,
            s.dir.display(),
            s.manifest.completed_runs,
            s.info.end_run - s.info.first_run
        ));
    }
    for s in shards.iter().filter(|s| s.manifest.finished) {
        let len = s.info.end_run - s.info.first_run;
        if s.manifest.completed_runs != len {
            problems.push(format!(
                "{}/{} says {} runs are recorded, but {} has {len}; the manifest was edited: run the shard again in an empty folder",
                s.dir.display(),
                files::MANIFEST,
                s.manifest.completed_runs,
                s.info
            ));
        }
    }
    problems.extend(duplicates(shards));
    problems.extend(coverage(shards, reference.manifest.runs));
    problems
}

fn duplicates(shards: &[ShardDir]) -> Vec<String> {
    let mut seen: BTreeMap<(u64, u64), &ShardDir> = BTreeMap::new();
    let mut problems = Vec::new();
    for s in shards {
        if let Some(first) = seen.insert((s.info.index, s.info.count), s) {
            problems.push(format!(
                "shard {}/{} is given twice: {} and {}",
                s.info.index,
                s.info.count,
                first.dir.display(),
                s.dir.display()
            ));
        }
    }
    problems
}

/// Overlaps between different shards and gaps; `shards` sorted by range.
fn coverage(shards: &[ShardDir], total: u64) -> Vec<String> {
    let mut problems = Vec::new();
    let mut covered_to = 0;
    let mut last: Option<&ShardDir> = None;
    for s in shards.iter().filter(|s| s.info.first_run < s.info.end_run) {
        let r = s.info.runs();
        if r.start > covered_to {
            problems.push(missing(covered_to..r.start, shards, total));
        }
        if let Some(prev) = last.filter(|p| r.start < covered_to && p.info != s.info) {
            problems.push(format!(
                "{} are in two shards: {} holds {}, {} holds {}",
                describe_runs(&(r.start..covered_to.min(r.end))),
                prev.dir.display(),
                prev.info,
                s.dir.display(),
                s.info
            ));
        }
        if r.end > covered_to {
            covered_to = r.end;
            last = Some(s);
        }
    }
    if covered_to < total {
        problems.push(missing(covered_to..total, shards, total));
    }
    problems
}

/// "runs 500-749 are missing (shard 3/4)": the shards of the partitions in
/// use that fill the gap exactly.
fn missing(gap: Range<u64>, shards: &[ShardDir], total: u64) -> String {
    let mut counts: Vec<u64> = shards.iter().map(|s| s.info.count).collect();
    counts.dedup();
    let named = counts
        .iter()
        .find_map(|&n| filling(&gap, n, total))
        .map(|(first, last)| {
            let name = |i: u64| format!("{i}/{}", last.count());
            match last.index() - first.index() {
                0 => format!(" (shard {first}: run it, then merge again)"),
                1..=7 => {
                    let names: Vec<String> = (first.index()..=last.index()).map(name).collect();
                    format!(" (shards {}: run them, then merge again)", names.join(", "))
                }
                _ => format!(" (shards {first} to {last}: run them, then merge again)"),
            }
        });
    format!(
        "{} {} missing{}",
        describe_runs(&gap),
        if gap.end - gap.start == 1 {
            "is"
        } else {
            "are"
        },
        named.unwrap_or_default()
    )
}

/// The first and last shards of the `n`-shard partition of `total` runs when
/// they fill `gap` exactly; computed, not searched, so a huge `n` costs nothing.
fn filling(gap: &Range<u64>, n: u64, total: u64) -> Option<(Shard, Shard)> {
    if total == 0 || n == 0 || gap.start >= gap.end {
        return None;
    }
    let (t, n128) = (u128::from(total), u128::from(n));
    // Shard i starts at floor((i-1)·t/n): the first starting at or after
    // gap.start has i-1 = ceil(gap.start·n/t).
    let first = (u128::from(gap.start) * n128).div_ceil(t) + 1;
    // Shard i ends at floor(i·t/n) <= gap.end iff i·t < (gap.end+1)·n.
    let last = ((u128::from(gap.end) + 1) * n128 - 1) / t;
    if first > last || last > n128 {
        return None;
    }
    let first = Shard::new(u64::try_from(first).ok()?, n).ok()?;
    let last = Shard::new(u64::try_from(last).ok()?, n).ok()?;
    (first.runs(total).start == gap.start && last.runs(total).end == gap.end)
        .then_some((first, last))
}

/// Complete lines (ending in a newline) of a file, and whether a partial line follows.
fn count_lines(path: &Path) -> std::io::Result<(u64, bool)> {
    let mut r = BufReader::with_capacity(1 << 16, std::fs::File::open(path)?);
    let (mut lines, mut partial) = (0, false);
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok((lines, partial));
        }
        lines += buf.iter().filter(|&&b| b == b'\n').count() as u64;
        partial = buf.last() != Some(&b'\n');
        let n = buf.len();
        r.consume(n);
    }
}

/// CSV records after the header, whether the file ends mid-record, and the header.
fn count_csv(path: &Path) -> Result<(u64, bool, String), String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut header = String::new();
    let mut r = BufReader::new(file);
    r.read_line(&mut header)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let mut rows = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(r.by_ref());
    let mut rec = csv::ByteRecord::new();
    let mut n = 0;
    while rows
        .read_byte_record(&mut rec)
        .map_err(|e| format!("{}: {e}", path.display()))?
    {
        n += 1;
    }
    let len = std::fs::metadata(path).map_or(0, |m| m.len());
    let mut last = [0u8];
    let ends_clean = len == 0 || {
        use std::io::{Seek, SeekFrom};
        let mut f = std::fs::File::open(path).map_err(|e| e.to_string())?;
        f.seek(SeekFrom::Start(len - 1))
            .map_err(|e| e.to_string())?;
        f.read_exact(&mut last).map_err(|e| e.to_string())?;
        last[0] == b'\n'
    };
    Ok((n, !ends_clean, header))
}

/// Problems with one shard's files: each must hold exactly its runs, whole.
pub fn check_files(sweep: &Sweep, s: &ShardDir) -> Vec<String> {
    let want = s.info.end_run - s.info.first_run;
    let mut problems = Vec::new();
    let mut say = |file: &str, what: String| {
        problems.push(format!(
            "{}/{file} {what}; the shard is truncated or was edited: run it again with --resume",
            s.dir.display(),
        ))
    };
    let count = |n: u64, partial: bool| {
        format!(
            "holds {n} complete records{}, but {} has {want}",
            if partial { " and a partial one" } else { "" },
            s.info
        )
    };
    let formats = &s.manifest.runs_formats;
    let mut lines = vec![(files::TIMINGS, 1)];
    if formats.has(RunsFormat::Jsonl) {
        lines.insert(0, (files::RUNS_JSONL, 0));
    }
    for (file, header) in lines {
        match count_lines(&s.dir.join(file)) {
            Ok((n, partial)) if n != want + header || partial => {
                say(file, count(n.saturating_sub(header), partial))
            }
            Ok(_) => {}
            Err(e) => say(file, format!("cannot be read ({e})")),
        }
    }
    if formats.has(RunsFormat::Csv) {
        match count_csv(&s.dir.join(files::RUNS_CSV)) {
            Ok((_, _, header)) if header != csv_header(sweep) => say(
                files::RUNS_CSV,
                "has other columns than this sweep writes".into(),
            ),
            Ok((n, partial, _)) if n != want || partial => say(files::RUNS_CSV, count(n, partial)),
            Ok(_) => {}
            Err(e) => say(files::RUNS_CSV, format!("cannot be read ({e})")),
        }
    }
    if formats.has(RunsFormat::Parquet) {
        match ParquetRows::open(&s.dir.join(files::RUNS_PARQUET)) {
            Ok(p) if p.columns != columns(sweep) => say(
                files::RUNS_PARQUET,
                "has other columns than this sweep writes".into(),
            ),
            Ok(p) if p.rows != want => say(files::RUNS_PARQUET, count(p.rows, false)),
            Ok(_) => {}
            Err(e) => say(files::RUNS_PARQUET, format!("cannot be read ({e})")),
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The computed shards filling a gap are the ones a search over every
    /// shard finds.
    #[test]
    fn filling_a_gap_matches_a_search_over_every_shard() {
        for total in 1..=30u64 {
            for n in 1..=total {
                for a in 0..total {
                    for b in a + 1..=total {
                        let gap = a..b;
                        let inside: Vec<Shard> = (1..=n)
                            .map(|i| Shard::new(i, n).unwrap())
                            .filter(|sh| {
                                let r = sh.runs(total);
                                r.start >= gap.start && r.end <= gap.end
                            })
                            .collect();
                        let want = match (inside.first(), inside.last()) {
                            (Some(f), Some(l))
                                if f.runs(total).start == a && l.runs(total).end == b =>
                            {
                                Some((*f, *l))
                            }
                            _ => None,
                        };
                        assert_eq!(filling(&gap, n, total), want, "{gap:?} {n} {total}");
                    }
                }
            }
        }
    }
}
