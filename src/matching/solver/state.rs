//! The search state: a seating of the instance's people plus `D[i][g]`, kept exact under moves.
//!
//! `gain[i * m + g] = Σ_{j at table g} d(i, j)` (person-major, so the two entries a swap reads for
//! one person sit side by side). Every move or swap is scored from it in O(1) and applied in O(n).

use super::instance::Instance;

/// One seating and its incremental tables. Invariant: `gain`, `size` and `objective` agree with
/// `table` (up to floating-point rounding, which [`State::rebuild`] resets).
#[derive(Debug, Clone)]
pub(super) struct State {
    /// Local table of each local person.
    pub table: Vec<u32>,
    /// Number of people at each local table.
    pub size: Vec<u32>,
    /// `D[i][g]`, row-major by person: `n × m`.
    pub gain: Vec<f64>,
    /// Sum of the instance's weights over pairs sharing a table (blocked pairs count as the
    /// instance's large negative penalty).
    pub objective: f64,
    /// Tables whose people changed since a descent last found no gain involving them.
    /// Invariant: no move or swap between two clean tables gains, because both deltas depend
    /// only on the two tables' members; so a descent need only look at pairs with a dirty table.
    pub dirty: Vec<bool>,
}

impl State {
    /// Builds the incremental tables for a complete seating.
    pub fn new(inst: &Instance, table: Vec<u32>) -> Self {
        let mut state = Self {
            table,
            size: vec![0; inst.m],
            gain: vec![0.0; inst.n * inst.m],
            objective: 0.0,
            dirty: vec![true; inst.m],
        };
        state.rebuild(inst);
        state
    }

    /// Recomputes `size`, `gain` and `objective` from `table` in O(n²).
    pub fn rebuild(&mut self, inst: &Instance) {
        let (n, m) = (inst.n, inst.m);
        self.size.iter_mut().for_each(|s| *s = 0);
        self.gain.iter_mut().for_each(|x| *x = 0.0);
        for &g in &self.table {
            self.size[g as usize] += 1;
        }
        for i in 0..n {
            let row = inst.row(i);
            let gi = &mut self.gain[i * m..(i + 1) * m];
            for (j, &w) in row.iter().enumerate() {
                gi[self.table[j] as usize] += w;
            }
        }
        self.objective = (0..n)
            .map(|i| self.gain[i * m + self.table[i] as usize])
            .sum::<f64>()
            / 2.0;
    }

    /// Copies `other` into `self` without allocating (both belong to the same instance).
    pub fn copy_from(&mut self, other: &Self) {
        self.table.copy_from_slice(&other.table);
        self.size.copy_from_slice(&other.size);
        self.gain.copy_from_slice(&other.gain);
        self.objective = other.objective;
        self.dirty.copy_from_slice(&other.dirty);
    }

    /// Change of the objective if person `i` moves to table `h`.
    #[inline]
    pub fn move_delta(&self, m: usize, i: usize, h: usize) -> f64 {
        let row = &self.gain[i * m..(i + 1) * m];
        row[h] - row[self.table[i] as usize]
    }

    /// Change of the objective if persons `i` and `j` (at different tables) trade seats.
    #[inline]
    pub fn swap_delta(&self, inst: &Instance, i: usize, j: usize) -> f64 {
        let m = inst.m;
        let (gi, gj) = (self.table[i] as usize, self.table[j] as usize);
        self.gain[i * m + gj] - self.gain[i * m + gi] + self.gain[j * m + gi]
            - self.gain[j * m + gj]
            - 2.0 * inst.d[i * inst.n + j]
    }

    /// Whether moving `i` to `h` keeps both tables within their bounds.
    #[inline]
    pub fn move_allowed(&self, inst: &Instance, i: usize, h: usize) -> bool {
        let g = self.table[i] as usize;
        g != h && self.size[g] > inst.min[g] && self.size[h] < inst.max[h]
    }

    /// Moves person `i` to table `h` (no bound check: callers decide feasibility).
    pub fn apply_move(&mut self, inst: &Instance, i: usize, h: usize) {
        let m = inst.m;
        let g = self.table[i] as usize;
        if g == h {
            return;
        }
        self.objective += self.move_delta(m, i, h);
        let row = inst.row(i);
        for (gj, &w) in self.gain.chunks_exact_mut(m).zip(row) {
            gj[g] -= w;
            gj[h] += w;
        }
        self.table[i] = h as u32;
        self.size[g] -= 1;
        self.size[h] += 1;
        self.dirty[g] = true;
        self.dirty[h] = true;
    }

    /// Trades the seats of `i` and `j` in one pass over the gain table.
    pub fn apply_swap(&mut self, inst: &Instance, i: usize, j: usize) {
        let m = inst.m;
        let (gi, gj) = (self.table[i] as usize, self.table[j] as usize);
        if gi == gj {
            return;
        }
        self.objective += self.swap_delta(inst, i, j);
        let (row_i, row_j) = (inst.row(i), inst.row(j));
        for ((gk, &wi), &wj) in self.gain.chunks_exact_mut(m).zip(row_i).zip(row_j) {
            let shift = wj - wi;
            gk[gi] += shift;
            gk[gj] -= shift;
        }
        self.table[i] = gj as u32;
        self.table[j] = gi as u32;
        self.dirty[gi] = true;
        self.dirty[gj] = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::affinity::DenseAffinity;
    use crate::matching::model::TableSpec;
    use crate::matching::solver::Constraints;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    fn random_instance(n: usize, m: usize, seed: u64) -> Instance {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut a = DenseAffinity::zeros(n);
        for i in 0..n {
            for j in i + 1..n {
                a.set(i as u32, j as u32, rng.random_range(-5.0..10.0));
            }
        }
        let tables = vec![
            TableSpec {
                min: 0,
                max: n as u32,
                locked: false
            };
            m
        ];
        Instance::build(&a, &tables, &Constraints::default())
            .expect("valid instance")
            .0
    }

    #[test]
    fn incremental_moves_and_swaps_match_a_full_rebuild() {
        let inst = random_instance(23, 4, 7);
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let table = (0..inst.n).map(|i| (i % inst.m) as u32).collect();
        let mut state = State::new(&inst, table);
        for step in 0..200 {
            let i = rng.random_range(0..inst.n);
            if step % 2 == 0 {
                let h = rng.random_range(0..inst.m);
                let expected = state.objective + state.move_delta(inst.m, i, h);
                state.apply_move(&inst, i, h);
                assert!((state.objective - expected).abs() < 1e-9);
            } else {
                let j = rng.random_range(0..inst.n);
                if state.table[i] != state.table[j] {
                    let expected = state.objective + state.swap_delta(&inst, i, j);
                    state.apply_swap(&inst, i, j);
                    assert!((state.objective - expected).abs() < 1e-9);
                }
            }
            let mut fresh = state.clone();
            fresh.rebuild(&inst);
            assert!((fresh.objective - state.objective).abs() < 1e-6);
            assert_eq!(fresh.size, state.size);
            for (a, b) in fresh.gain.iter().zip(&state.gain) {
                assert!((a - b).abs() < 1e-6);
            }
        }
    }
}
