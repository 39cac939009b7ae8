//! Greedy placement of point labels: no two overlap and none leaves the plot.
//!
//! Each label is tried at positions around its point (right, left, above and
//! below, near then farther); the first box that stays inside the plot and
//! clear of every box taken so far (other labels, the points' markers) wins.
//! A label with no free position is not drawn; the chart numbers it and lists
//! it beside the plot instead. Points are labelled in the order given, so the
//! caller puts the labels that matter most first.

/// A box in canvas pixels: left, top, right, bottom (right and bottom exclusive).
pub type Rect = (i32, i32, i32, i32);

fn overlaps(a: Rect, b: Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// The boxes taken on one plot.
pub struct Labeller {
    bounds: Rect,
    taken: Vec<Rect>,
}

impl Labeller {
    /// Labels must stay inside `bounds`.
    pub fn new(bounds: Rect) -> Labeller {
        Labeller {
            bounds,
            taken: Vec::new(),
        }
    }

    /// Marks a box as taken (a marker, a fixed text).
    pub fn block(&mut self, r: Rect) {
        self.taken.push(r);
    }

    /// The top left of a free `w` x `h` box beside the point `(x, y)`, `gap`
    /// pixels from its centre, now taken; `None` when every position collides.
    pub fn place(
        &mut self,
        (x, y): (i32, i32),
        gap: i32,
        (w, h): (i32, i32),
    ) -> Option<(i32, i32)> {
        let b = self.bounds;
        for ring in 0..3 {
            let g = gap + ring * (h + 2);
            let candidates = [
                (x + g, y - h - g / 2),
                (x + g, y + g / 2),
                (x - g - w, y - h - g / 2),
                (x - g - w, y + g / 2),
                (x + g, y - h / 2),
                (x - g - w, y - h / 2),
                (x - w / 2, y - g - h),
                (x - w / 2, y + g),
            ];
            for (lx, ly) in candidates {
                let r = (lx, ly, lx + w, ly + h);
                let inside = r.0 >= b.0 && r.1 >= b.1 && r.2 <= b.2 && r.3 <= b.3;
                if inside && !self.taken.iter().any(|t| overlaps(*t, r)) {
                    self.taken.push(r);
                    return Some((lx, ly));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crowded_labels_never_overlap_and_stay_inside() {
        let mut l = Labeller::new((0, 0, 300, 200));
        let mut boxes = Vec::new();
        for k in 0..30 {
            let p = (100 + 3 * k, 100 - 2 * k);
            if let Some((x, y)) = l.place(p, 8, (60, 14)) {
                boxes.push((x, y, x + 60, y + 14));
            }
        }
        assert!(boxes.len() >= 5 && boxes.len() < 30, "{}", boxes.len());
        for (k, a) in boxes.iter().enumerate() {
            assert!(a.0 >= 0 && a.1 >= 0 && a.2 <= 300 && a.3 <= 200);
            assert!(boxes[k + 1..].iter().all(|b| !overlaps(*a, *b)));
        }
    }
}
