//! Seeded choices: `rand`'s samplers over ChaCha8, a stream that is the same on every machine.
//! `rand` promises value-stable results within a minor version (its "portability" rule), and
//! Cargo.lock pins that version, so a class gets the same drill everywhere; the golden-seed
//! tests (tests/golden) catch an upgrade that would change a drill.

use rand::seq::SliceRandom;
use rand::{Rng, RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

pub struct Dice(ChaCha8Rng);

impl Dice {
    pub fn new(seed: u64) -> Self {
        Dice(ChaCha8Rng::seed_from_u64(seed))
    }

    /// A seed for an independent stream (one per question, so a question does not depend on
    /// how many choices the ones before it made).
    pub fn fork(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// Uniform in `0..n`. `n` must be positive.
    pub fn below(&mut self, n: usize) -> usize {
        assert!(n > 0, "below(0)");
        self.0.random_range(0..n)
    }

    /// True with probability `pct` percent.
    pub fn chance(&mut self, pct: u32) -> bool {
        self.0.random_ratio(pct.min(100), 100)
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    pub fn shuffle<T>(&mut self, xs: &mut [T]) {
        xs.shuffle(&mut self.0);
    }

    /// `k` distinct values of `0..n`, in the order drawn.
    pub fn distinct(&mut self, n: usize, k: usize) -> Vec<usize> {
        rand::seq::index::sample(&mut self.0, n, k.min(n)).into_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::Dice;

    #[test]
    fn the_same_seed_gives_the_same_choices() {
        let a: Vec<usize> = {
            let mut d = Dice::new(7);
            (0..50).map(|_| d.below(10)).collect()
        };
        let b: Vec<usize> = {
            let mut d = Dice::new(7);
            (0..50).map(|_| d.below(10)).collect()
        };
        assert_eq!(a, b);
        let c: Vec<usize> = {
            let mut d = Dice::new(8);
            (0..50).map(|_| d.below(10)).collect()
        };
        assert_ne!(a, c);
    }

    /// Pinned values: if a `rand` upgrade changes its samplers, this fails before a class's
    /// drills silently change (read tests/golden again, then update these).
    #[test]
    fn the_stream_is_pinned() {
        let mut d = Dice::new(2026);
        let xs: Vec<usize> = (0..8).map(|_| d.below(100)).collect();
        let mut v: Vec<u8> = (0..6).collect();
        d.shuffle(&mut v);
        assert_eq!(
            format!("{xs:?} {v:?} {:?}", d.distinct(50, 3)),
            "[5, 59, 33, 25, 73, 4, 49, 18] [0, 3, 5, 4, 1, 2] [11, 26, 35]"
        );
    }

    #[test]
    fn below_covers_its_range_evenly_enough() {
        let mut d = Dice::new(1);
        let mut counts = [0usize; 6];
        for _ in 0..6000 {
            counts[d.below(6)] += 1;
        }
        assert!(
            counts.iter().all(|&c| (800..1200).contains(&c)),
            "{counts:?}"
        );
    }

    #[test]
    fn distinct_values_are_distinct_and_in_range() {
        let mut d = Dice::new(3);
        let v = d.distinct(10, 10);
        let mut s = v.clone();
        s.sort_unstable();
        assert_eq!(s, (0..10).collect::<Vec<_>>());
        assert!(d.distinct(5, 2).iter().all(|&x| x < 5));
    }
}
