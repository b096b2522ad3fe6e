//! Phase one: removing repeated meetings (and blocked pairs) with conflict-driven tabu search
//! over all rounds at once, after Dotú & Van Hentenryck (CPAIOR 2005).
//!
//! Each step takes the people currently in conflict (all of them when few, a random sample when
//! many), scores every swap with a person at another table of the same round and every move to a
//! table with room, and makes the best non-tabu one even when it worsens the plan; ties go to the
//! step that meets more wanted pairs, then at random. A person may not return to the table they
//! just left for a random tenure, unless that reaches a new best. After a stretch without a new
//! best the search goes back to the best plan and perturbs it with a few random swaps.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::clock::Clock;
use super::layout::NONE;
use super::state::State;

/// Conflicted seats scored per step when more are in conflict.
const SAMPLE: usize = 48;
/// Tabu tenure: this many steps plus a random number below [`TENURE_SPREAD`].
const TENURE_MIN: u64 = 4;
const TENURE_SPREAD: u64 = 20;
/// Steps without a new best before restarting from it.
const STALL: u64 = 2000;
/// Random swaps after a restart: at least this many, up to three more.
const PERTURB_SWAPS: usize = 2;

#[derive(Debug, Clone, Copy)]
enum Step {
    Swap { r: usize, p: u32, q: u32 },
    Move { r: usize, p: u32, t: u32 },
}

/// Lowers `state.cost()` until it is zero, nothing movable is in conflict, or the clock runs out;
/// leaves `state` at the best plan found.
///
/// With `keep_wanted`, steps that would part a mutual-want pair meeting for the only time are
/// not taken (a first pass that keeps what construction achieved for wanted pairs).
pub(super) fn reduce_conflicts(
    state: &mut State<'_>,
    clock: &mut Clock,
    seed: u64,
    keep_wanted: bool,
) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let layout = state.layout;
    let n = layout.n;
    let mut tabu_table = vec![NONE; layout.rounds * n];
    let mut tabu_until = vec![0u64; layout.rounds * n];
    let mut best_cost = state.cost();
    let mut best = state.table_of.clone();
    let mut last_best = 0u64;
    let mut step_no = 0u64;
    let mut picked: Vec<u32> = Vec::with_capacity(SAMPLE);
    let wanted = state.track_wanted;

    while !state.hot.is_empty() && best_cost > 0 && !clock.tick() {
        step_no += 1;
        picked.clear();
        if state.hot.len() <= SAMPLE {
            picked.extend_from_slice(state.hot.items());
        } else {
            for _ in 0..SAMPLE {
                let k = rng.random_range(0..state.hot.len());
                picked.push(state.hot.items()[k]);
            }
        }
        let cost = state.cost();
        let tabu = |slot: usize, t: u32| tabu_table[slot] == t && tabu_until[slot] > step_no;
        let mut best_step: Option<((i64, i64), Step)> = None;
        let mut ties = 0u32;
        let mut consider = |delta: (i64, i64), step: Step, is_tabu: bool, rng: &mut ChaCha8Rng| {
            if (is_tabu && cost + delta.0 >= best_cost) || (keep_wanted && delta.1 > 0) {
                return;
            }
            match best_step {
                Some((d, _)) if delta > d => {}
                Some((d, _)) if delta == d => {
                    ties += 1;
                    if rng.random_range(0..=ties) == 0 {
                        best_step = Some((delta, step));
                    }
                }
                _ => {
                    ties = 0;
                    best_step = Some((delta, step));
                }
            }
        };
        for &slot in &picked {
            let slot = slot as usize;
            let (r, p) = (slot / n, (slot % n) as u32);
            let g = state.table_of[slot];
            let out_p = state.leave_cost(slot);
            let g_global = layout.table_base[r] + g as usize;
            let g_len = state.table_len(r, g);
            for h_global in layout.tables(r) {
                let h = (h_global - layout.table_base[r]) as u32;
                if h == g || layout.specs[h_global].locked {
                    continue;
                }
                let in_p_full = state.join_cost(r, p, h, NONE);
                let p_tabu = tabu(slot, h);
                if g_len > layout.lower[g_global] && state.table_len(r, h) < layout.upper[h_global]
                {
                    let w = if wanted {
                        state.wanted_gain(r, p, h, NONE)
                    } else {
                        0
                    };
                    let step = Step::Move { r, p, t: h };
                    consider((in_p_full - out_p, -w), step, p_tabu, &mut rng);
                }
                for &q in state.members(r, h) {
                    let sq = r * n + q as usize;
                    if !layout.is_movable(sq) {
                        continue;
                    }
                    let pq = state.pair_join_cost(p, q);
                    let in_q = state.join_cost(r, q, g, NONE) - pq;
                    let delta = in_p_full - pq - out_p + in_q - state.leave_cost(sq);
                    let w = if wanted {
                        state.wanted_gain(r, p, h, q) + state.wanted_gain(r, q, g, p)
                    } else {
                        0
                    };
                    let step = Step::Swap { r, p, q };
                    consider((delta, -w), step, p_tabu || tabu(sq, g), &mut rng);
                }
            }
        }

        let mut leave_tabu = |slot: usize, rng: &mut ChaCha8Rng| {
            tabu_table[slot] = state.table_of[slot];
            tabu_until[slot] = step_no + TENURE_MIN + rng.random_range(0..TENURE_SPREAD);
        };
        match best_step {
            Some((_, Step::Swap { r, p, q })) => {
                leave_tabu(r * n + p as usize, &mut rng);
                leave_tabu(r * n + q as usize, &mut rng);
                state.swap(r, p, q);
            }
            Some((_, Step::Move { r, p, t })) => {
                leave_tabu(r * n + p as usize, &mut rng);
                state.relocate(r, p, t);
            }
            None if keep_wanted => break,
            None => perturb(state, &mut rng, 1),
        }

        let cost = state.cost();
        if cost < best_cost {
            best_cost = cost;
            best.copy_from_slice(&state.table_of);
            last_best = step_no;
        } else if step_no - last_best > STALL {
            state.restore(&best);
            let swaps = PERTURB_SWAPS + rng.random_range(0..4);
            perturb(state, &mut rng, swaps);
            last_best = step_no;
        }
    }
    if state.cost() > best_cost {
        state.restore(&best);
    }
}

/// Makes `swaps` random swaps of movable people in rounds that have conflicts (any round if none).
fn perturb(state: &mut State<'_>, rng: &mut ChaCha8Rng, swaps: usize) {
    let layout = state.layout;
    let n = layout.n;
    for _ in 0..swaps {
        let r = if state.hot.is_empty() {
            rng.random_range(0..layout.rounds)
        } else {
            state.hot.items()[rng.random_range(0..state.hot.len())] as usize / n
        };
        for _attempt in 0..32 {
            let p = rng.random_range(0..n as u32);
            let q = rng.random_range(0..n as u32);
            let (sp, sq) = (r * n + p as usize, r * n + q as usize);
            let t = state.table_of[sq];
            if layout.is_movable(sp)
                && layout.is_movable(sq)
                && state.table_of[sp] != t
                && !layout.specs[layout.table_base[r] + t as usize].locked
                && !layout.specs[layout.table_base[r] + state.table_of[sp] as usize].locked
            {
                state.swap(r, p, q);
                break;
            }
        }
    }
}
