//! Phase two: with repeats as low as phase one left them, seat mutual-want pairs together once and
//! raise affinity, by lexicographic descent over swaps and moves in every round.
//!
//! A step is taken only if it lowers (blocked pairs, repeats), or keeps them and meets more wanted
//! pairs, or keeps both and raises affinity; so this phase never adds a repeat.

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use super::clock::Clock;
use super::layout::NONE;
use super::pairs::{COUNT_MASK, WANTED};
use super::state::State;
use crate::matching::affinity::Affinity;

/// Affinity changes smaller than this are noise from floating-point sums.
const EPS: f64 = 1e-9;

/// A change of the objective: `cost` (blocks, repeats) to lower, `want` and `aff` to raise.
#[derive(Debug, Clone, Copy, Default)]
struct Gain {
    cost: i64,
    want: i64,
    aff: f64,
}

impl std::ops::Add for Gain {
    type Output = Gain;
    fn add(self, o: Gain) -> Gain {
        Gain {
            cost: self.cost + o.cost,
            want: self.want + o.want,
            aff: self.aff + o.aff,
        }
    }
}

impl std::ops::Sub for Gain {
    type Output = Gain;
    fn sub(self, o: Gain) -> Gain {
        Gain {
            cost: self.cost - o.cost,
            want: self.want - o.want,
            aff: self.aff - o.aff,
        }
    }
}

/// True when change `a` is lexicographically better than `b`.
fn better(a: Gain, b: Gain) -> bool {
    if a.cost != b.cost {
        return a.cost < b.cost;
    }
    if a.want != b.want {
        return a.want > b.want;
    }
    a.aff > b.aff + EPS
}

/// What `p` adds by joining table `t` of round `r` (ignoring `skip`).
fn join<A: Affinity + ?Sized>(s: &State<'_>, aff: &A, r: usize, p: u32, t: u32, skip: u32) -> Gain {
    let mut g = Gain::default();
    for &j in s.members(r, t) {
        if j != skip {
            g = g + pair_join(s, aff, p, j);
        }
    }
    g
}

fn pair_join<A: Affinity + ?Sized>(s: &State<'_>, aff: &A, p: u32, j: u32) -> Gain {
    let cell = s.pairs.cell(p, j);
    Gain {
        cost: s.pair_join_cost(p, j),
        want: i64::from(cell & WANTED != 0 && cell & COUNT_MASK == 0),
        aff: aff.pair(p, j),
    }
}

/// What `p` (in `slot`, at table `t` of round `r`) takes away by leaving it.
fn leave<A: Affinity + ?Sized>(s: &State<'_>, aff: &A, r: usize, slot: usize, t: u32) -> Gain {
    let p = (slot % s.layout.n) as u32;
    let mut g = Gain {
        cost: s.leave_cost(slot),
        ..Gain::default()
    };
    for &j in s.members(r, t) {
        if j != p {
            let cell = s.pairs.cell(p, j);
            g.want += i64::from(cell & WANTED != 0 && cell & COUNT_MASK == 1);
            g.aff += aff.pair(p, j);
        }
    }
    g
}

/// Descends until no improving step is left or the clock runs out.
pub(super) fn polish<A: Affinity + ?Sized>(
    state: &mut State<'_>,
    aff: &A,
    clock: &mut Clock,
    seed: u64,
) {
    let layout = state.layout;
    let n = layout.n;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut order: Vec<usize> = (0..layout.rounds * n)
        .filter(|&s| layout.is_movable(s))
        .collect();
    let mut first_gain = None;
    loop {
        order.shuffle(&mut rng);
        let mut improved = false;
        let mut gain = 0.0;
        for &slot in &order {
            if clock.tick() {
                return;
            }
            if let Some(step) = improve_seat(state, aff, slot) {
                improved = true;
                gain += step.aff;
            }
        }
        let first = *first_gain.get_or_insert(gain);
        if !improved || (clock.converge && gain <= CONVERGED_SHARE * first) {
            return;
        }
    }
}

/// When the budget asks to stop on convergence, polishing ends after a sweep whose affinity gain
/// is below this share of the first sweep's. Each sweep costs as much as the first: at 500 people
/// over three lunches this ends in 1.7 s instead of 6.6 s, with about 1 % fewer shared interests
/// at the tables (`bench quality` against `--full-budget`).
const CONVERGED_SHARE: f64 = 0.005;

/// Makes the best improving swap or move of the person in `slot`, if there is one.
fn improve_seat<A: Affinity + ?Sized>(state: &mut State<'_>, aff: &A, slot: usize) -> Option<Gain> {
    let layout = state.layout;
    let n = layout.n;
    let (r, p) = (slot / n, (slot % n) as u32);
    let g = state.table_of[slot];
    let g_global = layout.table_base[r] + g as usize;
    let can_leave = state.table_len(r, g) > layout.lower[g_global];
    let out_p = leave(state, aff, r, slot, g);
    let mut best = Gain::default();
    let mut step: Option<(u32, u32)> = None;
    for h_global in layout.tables(r) {
        let h = (h_global - layout.table_base[r]) as u32;
        if h == g || layout.specs[h_global].locked {
            continue;
        }
        let in_p_full = join(state, aff, r, p, h, NONE);
        if can_leave && state.table_len(r, h) < layout.upper[h_global] {
            let delta = in_p_full - out_p;
            if better(delta, best) {
                best = delta;
                step = Some((h, NONE));
            }
        }
        for &q in state.members(r, h) {
            let sq = r * n + q as usize;
            if !layout.is_movable(sq) {
                continue;
            }
            let in_p = in_p_full - pair_join(state, aff, p, q);
            let delta = in_p - out_p + join(state, aff, r, q, g, p) - leave(state, aff, r, sq, h);
            if better(delta, best) {
                best = delta;
                step = Some((h, q));
            }
        }
    }
    match step {
        Some((h, NONE)) => state.relocate(r, p, h),
        Some((_, q)) => state.swap(r, p, q),
        None => return None,
    }
    Some(best)
}
