//! PRIM against known truth: synthetic runs whose cases of interest fill a
//! known box must give back that box, within one peel of the sampling.

use super::cover::{cover, Choice};
use super::limits::{Column, Kind, Limit, Table};
use super::prim::Tuning;

/// A full factorial over `levels` per parameter: the sampling resolution is `1 / levels`.
fn factorial(k: usize, levels: usize) -> Vec<Vec<f64>> {
    let n = levels.pow(k as u32);
    (0..k)
        .map(|j| {
            (0..n)
                .map(|r| ((r / levels.pow(j as u32)) % levels) as f64 / (levels - 1) as f64)
                .collect()
        })
        .collect()
}

fn table(cols: Vec<Vec<f64>>, cat: &[usize], y: impl Fn(&[f64]) -> bool) -> Table {
    let n = cols[0].len();
    let ys = (0..n)
        .map(|r| y(&cols.iter().map(|c| c[r]).collect::<Vec<_>>()))
        .collect();
    let cols = cols
        .into_iter()
        .enumerate()
        .map(|(j, v)| Column::new(format!("x{j}"), v, cat.contains(&j)).unwrap())
        .collect();
    Table::new(cols, ys)
}

fn pure(max_boxes: usize) -> Choice {
    Choice {
        tuning: Tuning::default(),
        min_density: 1.0,
        max_boxes,
        first: None,
    }
}

fn range(l: &Limit) -> (f64, f64) {
    match l {
        Limit::Range(a, b) => (*a, *b),
        Limit::Levels(_) => panic!("not a range"),
    }
}

#[test]
fn prim_recovers_a_known_box_within_the_sampling_resolution() {
    // Cases: x0 < 0.3 and x1 > 0.6, x2 irrelevant; 21 levels: resolution 0.05.
    let t = table(factorial(3, 21), &[], |x| x[0] < 0.3 && x[1] > 0.6);
    let found = cover(&t, &pure(1)).unwrap();
    let s = found[0].chosen();
    assert_eq!(s.density, 1.0);
    assert!(s.coverage >= 0.8, "coverage {}", s.coverage);
    let (lo0, hi0) = range(&s.limits[0]);
    let (lo1, hi1) = range(&s.limits[1]);
    assert_eq!(lo0, 0.0);
    assert!((0.25 - 0.05..0.3).contains(&hi0), "x0 <= {hi0}");
    assert!((0.6..=0.65 + 0.05).contains(&lo1), "x1 >= {lo1}");
    assert_eq!(hi1, 1.0);
    assert_eq!(s.limits[2], t.init[2], "x2 must stay unrestricted");
    let (p_lo, p_hi) = found[0].p_values[0];
    assert!(p_lo.is_none() && p_hi.unwrap() < 1e-6);
    assert_eq!(found[0].p_values[2], (None, None));
}

#[test]
fn covering_finds_two_separate_boxes() {
    // Two boxes in different parameters: x0, x1 < 0.3, or x2, x3 > 0.75;
    // 11 levels: resolution 0.1.
    let t = table(factorial(4, 11), &[], |x| {
        (x[0] < 0.3 && x[1] < 0.3) || (x[2] > 0.75 && x[3] > 0.75)
    });
    let found = cover(&t, &pure(2)).unwrap();
    assert_eq!(found.len(), 2);
    let (a, b) = (found[0].chosen(), found[1].chosen());
    let hi = |s: &super::prim::Step, j: usize| range(&s.limits[j]).1;
    let lo = |s: &super::prim::Step, j: usize| range(&s.limits[j]).0;
    assert!(hi(a, 0) < 0.3 && hi(a, 0) >= 0.2 && hi(a, 1) < 0.3 && hi(a, 1) >= 0.2);
    assert_eq!(
        (a.limits[2].clone(), a.limits[3].clone()),
        (t.init[2].clone(), t.init[3].clone())
    );
    // Bounds fall between sampled values: within one level (0.1) of the truth.
    assert!(lo(b, 2) >= 0.7 && lo(b, 2) <= 0.9 && lo(b, 3) >= 0.7 && lo(b, 3) <= 0.9);
    assert_eq!(b.density, 1.0);
}

#[test]
fn integer_parameters_peel_to_values_present() {
    // x0 takes 0..=9; cases where x0 <= 3 and x1 < 0.5.
    let mut cols = factorial(2, 10);
    cols[0] = cols[0].iter().map(|v| (v * 9.0).round()).collect();
    let t = table(cols, &[], |x| x[0] <= 3.0 && x[1] < 0.5);
    assert_eq!(t.cols[0].kind, Kind::Integer);
    let s = cover(&t, &pure(1)).unwrap()[0].chosen().clone();
    assert_eq!(s.density, 1.0);
    let (lo, hi) = range(&s.limits[0]);
    assert_eq!(lo, 0.0);
    assert!(hi.fract() == 0.0 && (2.0..=3.0).contains(&hi), "x0 <= {hi}");
}

#[test]
fn categorical_parameters_drop_categories() {
    // x0 is a category 0..=4; cases where x0 is 1 or 3 and x1 < 0.5.
    let mut cols = factorial(2, 20);
    cols[0] = cols[0]
        .iter()
        .map(|v| ((v * 19.0).round() as usize % 5) as f64)
        .collect();
    let t = table(cols, &[0], |x| (x[0] == 1.0 || x[0] == 3.0) && x[1] < 0.5);
    assert_eq!(t.cols[0].kind, Kind::Categorical);
    let s = cover(&t, &pure(1)).unwrap()[0].chosen().clone();
    assert_eq!(s.density, 1.0);
    // Levels 0..=4 are bits 0..=4: only 1 and 3 remain.
    assert_eq!(s.limits[0], Limit::Levels(0b01010));
}

#[test]
fn boxes_do_not_depend_on_the_thread_count() {
    let t = table(factorial(3, 15), &[], |x| x[0] + x[1] < 0.6 && x[2] > 0.2);
    let run = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| cover(&t, &pure(2)).unwrap())
    };
    let (a, b) = (run(1), run(4));
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.trajectory, y.trajectory);
        assert_eq!(x.chosen, y.chosen);
    }
}

#[test]
fn a_noisy_limit_is_dropped_and_the_box_counted_again() {
    // Cases: x0 < 0.3 only; a box that also asks x1 <= 0.9 restricts by chance.
    let t = table(factorial(2, 21), &[], |x| x[0] < 0.3);
    let rows: Vec<usize> = (0..t.y.len()).collect();
    let lims = vec![Limit::Range(0.0, 0.25), Limit::Range(0.0, 0.9)];
    let inside: Vec<usize> = rows
        .iter()
        .copied()
        .filter(|&r| t.inside(r, &lims))
        .collect();
    let noisy = super::prim::step(&t, &inside, &lims);
    assert_eq!(noisy.restricted, 2);
    let pruned = super::cover::drop_noisy(&t, &rows, &noisy).expect("x1's limit is noise");
    assert_eq!(pruned.limits[0], lims[0]);
    assert_eq!(pruned.limits[1], t.init[1]);
    // Counted again: every run with x0 <= 0.25 is a case, and all of them are in.
    assert_eq!((pruned.density, pruned.k, pruned.n), (1.0, 6 * 21, 6 * 21));
    // A box whose every limit passes is left alone.
    assert!(super::cover::drop_noisy(&t, &rows, &pruned).is_none());
}

#[test]
fn a_point_named_with_box_is_kept_as_it_is() {
    let t = table(factorial(3, 11), &[], |x| x[0] < 0.3);
    let rule = cover(&t, &pure(1)).unwrap();
    let last = rule[0].trajectory.len() - 1;
    let named = Choice {
        first: Some(last.min(3)),
        ..pure(1)
    };
    let kept = cover(&t, &named).unwrap();
    assert_eq!(kept[0].chosen, last.min(3));
    assert_eq!(kept[0].chosen(), &kept[0].trajectory[last.min(3)]);
}
