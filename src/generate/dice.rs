//! Seeded choices. The stream is ChaCha8 (stable across versions and machines), and every way
//! of turning it into a choice is written here, not borrowed from `rand`, whose sampling
//! algorithms have changed between releases: a class must get the same drill everywhere.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};

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

    /// Uniform in `0..n` (rejection sampling: no modulo bias). `n` must be positive.
    pub fn below(&mut self, n: usize) -> usize {
        assert!(n > 0, "below(0)");
        let n = n as u64;
        let zone = u64::MAX - (u64::MAX % n);
        loop {
            let x = self.0.next_u64();
            if x < zone {
                return (x % n) as usize;
            }
        }
    }

    /// True with probability `pct` percent.
    pub fn chance(&mut self, pct: u32) -> bool {
        self.below(100) < pct as usize
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    /// Fisher-Yates.
    pub fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }

    /// `k` distinct values of `0..n`, in the order drawn.
    pub fn distinct(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        self.shuffle(&mut all);
        all.truncate(k);
        all
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
}
