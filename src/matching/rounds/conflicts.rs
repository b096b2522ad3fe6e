//! Phase one: removing repeated meetings (and blocked pairs) with conflict-driven tabu search
//! over all rounds at once, after Dotú & Van Hentenryck (CPAIOR 2005).
//!
//! Each step takes the people currently in conflict (all of them when few, a random sample when
//! many), scores every swap with a person at another table of the same round and every move to a
//! table with room, and makes the best non-tabu one even when it worsens the plan; ties go to the
//! step that meets more wanted pairs, then at random. Two people who just swapped may not swap
//! back in that round for a random tenure of 1–10 steps (a person who moved may not return to
//! the table they left), unless that reaches a new best. Between steps a few random swaps of any
//! two people of one round are made when they add no repeat and part no wanted pair: a walk on
//! the plateau that reshapes the plan where the conflict-driven steps alone cycle. After a stretch
//! without a new best the search goes back to the best plan and perturbs it with a few random
//! swaps.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::clock::Clock;
use super::layout::NONE;
use super::state::State;

/// Conflicted seats scored per step when more are in conflict.
const SAMPLE: usize = 48;
/// Tabu tenure: this many steps plus a random number below [`TENURE_SPREAD`].
const TENURE_MIN: u64 = 1;
const TENURE_SPREAD: u64 = 10;
/// Random plateau swaps tried after each step; they are not counted as iterations. With them, a
/// short tenure and early restarts, 32 people at tables of 4 for 9 rounds end with about 6
/// repeats after 16 s where the plain search kept 7–8.
const WALK_TRIES: usize = 9;
/// Steps without a new best before restarting from it.
const STALL: u64 = 200;
/// Steps without a new best after which phase one has converged, when the budget asks to stop
/// then: twenty restarts from the best plan that all failed.
const CONVERGED_STEPS: u64 = 20 * STALL;
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
    floor: i64,
) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let layout = state.layout;
    let n = layout.n;
    let slots = layout.rounds * n;
    // Per slot: the partner of its last swap, or the table it last left, and until which step
    // undoing that is tabu.
    let mut swap_with = vec![NONE; slots];
    let mut swap_until = vec![0u64; slots];
    let mut left_table = vec![NONE; slots];
    let mut left_until = vec![0u64; slots];
    let mut best_cost = state.cost();
    let mut best = state.table_of.clone();
    let mut last_best = 0u64;
    let mut step_no = 0u64;
    let mut picked: Vec<u32> = Vec::with_capacity(SAMPLE);
    let wanted = state.track_wanted;

    let mut last_gain = 0u64;
    while !state.hot.is_empty() && best_cost > floor && !clock.tick() {
        if clock.converge && step_no - last_gain > CONVERGED_STEPS {
            break;
        }
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
        let move_tabu = |slot: usize, t: u32| left_table[slot] == t && left_until[slot] > step_no;
        let swap_tabu = |sp: usize, sq: usize, p: u32, q: u32| {
            (swap_with[sp] == q && swap_until[sp] > step_no)
                || (swap_with[sq] == p && swap_until[sq] > step_no)
        };
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
                if g_len > layout.lower[g_global] && state.table_len(r, h) < layout.upper[h_global]
                {
                    let w = if wanted {
                        state.wanted_gain(r, p, h, NONE)
                    } else {
                        0
                    };
                    let step = Step::Move { r, p, t: h };
                    consider((in_p_full - out_p, -w), step, move_tabu(slot, h), &mut rng);
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
                    consider((delta, -w), step, swap_tabu(slot, sq, p, q), &mut rng);
                }
            }
        }

        let until = step_no + TENURE_MIN + rng.random_range(0..TENURE_SPREAD);
        match best_step {
            Some((_, Step::Swap { r, p, q })) => {
                let (sp, sq) = (r * n + p as usize, r * n + q as usize);
                (swap_with[sp], swap_until[sp]) = (q, until);
                (swap_with[sq], swap_until[sq]) = (p, until);
                state.swap(r, p, q);
            }
            Some((_, Step::Move { r, p, t })) => {
                let sp = r * n + p as usize;
                (left_table[sp], left_until[sp]) = (state.table_of[sp], until);
                state.relocate(r, p, t);
            }
            None if keep_wanted => break,
            None => perturb(state, &mut rng, 1),
        }
        walk(state, &mut rng, WALK_TRIES);

        let cost = state.cost();
        if cost < best_cost {
            best_cost = cost;
            best.copy_from_slice(&state.table_of);
            last_best = step_no;
            last_gain = step_no;
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

/// Tries `tries` random swaps of two movable people at different tables of one round and keeps
/// those that add no repeat or block and part no mutual-want pair meeting for the only time.
fn walk(state: &mut State<'_>, rng: &mut ChaCha8Rng, tries: usize) {
    let layout = state.layout;
    let n = layout.n;
    if n < 2 || layout.rounds == 0 {
        return;
    }
    for _ in 0..tries {
        let r = rng.random_range(0..layout.rounds);
        let p = rng.random_range(0..n as u32);
        let q = rng.random_range(0..n as u32);
        let (sp, sq) = (r * n + p as usize, r * n + q as usize);
        let (g, h) = (state.table_of[sp], state.table_of[sq]);
        if g == h
            || !layout.is_movable(sp)
            || !layout.is_movable(sq)
            || layout.specs[layout.table_base[r] + g as usize].locked
            || layout.specs[layout.table_base[r] + h as usize].locked
        {
            continue;
        }
        let pq = state.pair_join_cost(p, q);
        let delta = state.join_cost(r, p, h, NONE) - pq - state.leave_cost(sp)
            + state.join_cost(r, q, g, NONE)
            - pq
            - state.leave_cost(sq);
        if delta > 0
            || (state.track_wanted
                && state.wanted_gain(r, p, h, q) + state.wanted_gain(r, q, g, p) < 0)
        {
            continue;
        }
        state.swap(r, p, q);
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
