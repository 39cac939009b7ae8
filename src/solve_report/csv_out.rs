//! CSV: one row per task, tidy (one value per cell), for spreadsheets.

use super::SolveReport;
use crate::csv_safe::neutralise;
use crate::fmt::fmt_num;

/// Columns: task, domain, leads (`;`-joined ids), one share column per country,
/// cost, fit, runner_up, runner_up_loss, status, objective. Text cells (ids,
/// domains, lead lists, headers) are neutralised against formula injection
/// ([`crate::csv_safe`]); numbers are written as they are.
pub fn render(r: &SolveReport) -> Result<String, crate::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let ids: Vec<String> = r.countries.iter().map(|c| c.id.clone()).collect();
    let mut header = vec!["task".to_string(), "domain".into(), "leads".into()];
    // `share_<id>` starts with a letter: never a formula.
    header.extend(ids.iter().map(|id| format!("share_{id}")));
    header.extend(
        [
            "cost",
            "fit",
            "runner_up",
            "runner_up_loss",
            "status",
            "objective",
        ]
        .map(String::from),
    );
    let err = |e: csv::Error| crate::Error::Solver(format!("csv: {e}"));
    w.write_record(&header).map_err(err)?;
    for a in &r.assignments {
        let mut row = vec![
            neutralise(&a.task).into_owned(),
            neutralise(&a.domain).into_owned(),
            neutralise(&a.leads.join(";")).into_owned(),
        ];
        row.extend(ids.iter().map(|id| {
            fmt_num(
                a.shares
                    .iter()
                    .find(|(k, _)| k == id)
                    .map_or(0.0, |(_, v)| *v),
            )
        }));
        row.push(fmt_num(a.cost));
        row.push(fmt_num(a.fit));
        row.push(neutralise(a.runner_up.as_deref().unwrap_or_default()).into_owned());
        row.push(a.runner_up_loss.map(fmt_num).unwrap_or_default());
        row.push(r.status.clone());
        row.push(r.objective.map(fmt_num).unwrap_or_default());
        w.write_record(&row).map_err(err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| crate::Error::Solver(format!("csv: {e}")))?;
    Ok(String::from_utf8(bytes).expect("csv of UTF-8 strings is UTF-8"))
}
