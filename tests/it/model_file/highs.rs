//! With `--features highs`: HiGHS reads the written file with its own MPS and
//! LP readers (its C API, not leadplan's model) and solves it to the optimum
//! `leadplan solve` reports.
#![cfg(feature = "highs")]

use std::ffi::CString;
use std::path::Path;

use leadplan::outputs::model_file::{linear_model, ModelFormat};
use leadplan::Scenario;

use highs_sys::{MODEL_STATUS_INFEASIBLE, MODEL_STATUS_OPTIMAL, STATUS_ERROR};

use super::solve::{assert_close, leadplan_optimum};

/// HiGHS's optimum of a model file, or `None` when it proves it infeasible.
fn highs_optimum(path: &Path) -> Option<f64> {
    let file = CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: one HiGHS instance, created, used and destroyed here; every
    // pointer passed is a valid NUL-terminated string that outlives the call.
    unsafe {
        let h = highs_sys::Highs_create();
        highs_sys::Highs_setBoolOptionValue(h, c"output_flag".as_ptr(), 0);
        highs_sys::Highs_setDoubleOptionValue(h, c"mip_rel_gap".as_ptr(), 0.0);
        // leadplan runs HiGHS on one thread; HiGHS's scheduler is global per
        // thread, and a different count here would make leadplan's next solve fail.
        highs_sys::Highs_setIntOptionValue(h, c"threads".as_ptr(), 1);
        let read = highs_sys::Highs_readModel(h, file.as_ptr());
        assert_ne!(read, STATUS_ERROR, "HiGHS cannot read {path:?}");
        assert_ne!(highs_sys::Highs_run(h), STATUS_ERROR, "{path:?}");
        let status = highs_sys::Highs_getModelStatus(h);
        let value = highs_sys::Highs_getObjectiveValue(h);
        highs_sys::Highs_destroy(h);
        match status {
            MODEL_STATUS_OPTIMAL => Some(value),
            MODEL_STATUS_INFEASIBLE => None,
            other => panic!("{path:?}: HiGHS model status {other}"),
        }
    }
}

fn check(s: &Scenario, what: &str, dir: &Path) {
    let want = leadplan_optimum(s);
    let lm = linear_model(s);
    for (ext, fmt) in [("mps", ModelFormat::Mps), ("lp", ModelFormat::Lp)] {
        let path = dir.join(format!("model.{ext}"));
        std::fs::write(&path, lm.write(fmt)).unwrap();
        assert_close(
            highs_optimum(&path),
            want,
            &format!("{what} ({ext}, HiGHS)"),
        );
    }
}

#[test]
fn highs_reads_the_written_files_and_finds_leadplans_optimum() {
    let dir = tempfile::tempdir().unwrap();
    for file in super::shipped() {
        check(
            &Scenario::load(Path::new(&file)).unwrap(),
            &file,
            dir.path(),
        );
    }
    for (seed, s) in super::random(30).iter().enumerate() {
        check(s, &format!("random seed {seed}"), dir.path());
    }
}
