//! Phase one: removing repeated meetings (and blocked pairs) with conflict-driven tabu search
//! over all rounds at once, after Dotú & Van Hentenryck (CPAIOR 2005), with breakout weights.
//!
//! Each step takes the people currently in conflict (all of them when few, a random sample when
//! many), scores every swap with a person at another table of the same round and every move to a
//! table with room, and makes the best non-tabu one even when it worsens the plan. A person may
//! not return to the table they just left for a short random tenure, unless that reaches a new
//! best. Moves are scored with per-pair weights: when no step improves, every pair still meeting
//! twice gets heavier (Morris's breakout), which steers the search off plateaus. After a long
//! stretch without a new best the search goes back to the best plan and perturbs it.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::clock::Clock;
use super::layout::NONE;
use super::pairs::COUNT_MASK;
use super::state::State;

fn envp(name: &str, d: u64) -> u64 { std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(d) }

#[derive(Debug, Clone, Copy)]
enum Step {
    Swap { r: usize, p: u32, q: u32 },
    Move { r: usize, p: u32, t: u32 },
}

/// Lowers `state.cost()` until it is zero, nothing movable is in conflict, or the clock runs out;
/// leaves `state` at the best plan found, with all pair weights back at one.
///
/// With `keep_wanted`, steps that would part a mutual-want pair meeting for the only time are
/// not taken (a first pass that keeps what construction achieved for wanted pairs).
pub(super) fn reduce_conflicts(
    state: &mut State<'_>,
    clock: &mut Clock,
    seed: u64,
    keep_wanted: bool,
) {
    let sample = envp("T_SAMPLE", 48) as usize;
    let tenure_min = envp("T_TMIN", 4);
    let tenure_spread = envp("T_TSPREAD", 20);
    let stall = envp("T_STALL", 2000);
    let pert = envp("T_PERT", 2) as usize;
    let bmode = envp("T_BMODE", 0);
    let trace = std::env::var("T_TRACE").is_ok();
    let resolve_every = envp("T_REVERY", 0);
    let resolve_nodes = envp("T_RNODES", 2000);
    let resolve_equal = envp("T_REQUAL", 1) == 1;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let layout = state.layout;
    let n = layout.n;
    let mut tabu_table = vec![NONE; layout.rounds * n];
    let mut tabu_until = vec![0u64; layout.rounds * n];
    let mut best_cost = state.cost();
    let mut best = state.table_of.clone();
    let mut best_weighted = state.weighted_cost();
    let mut last_best = 0u64;
    let mut step_no = 0u64;
    let mut picked: Vec<u32> = Vec::with_capacity(sample);
    let mut heavy: Vec<(u32, u32)> = Vec::new();
    let mut bumps = 0u64;
    if trace { eprintln!("initial cost {}", state.cost()); }

    while !state.hot.is_empty() && best_cost > 0 && !clock.tick() {
        step_no += 1;
        if resolve_every > 0 && step_no % resolve_every == 0 {
            let r = state.hot.items()[rng.random_range(0..state.hot.len())] as usize / n;
            super::resolve::resolve_round(state, r, resolve_nodes, resolve_equal, &mut rng);
            let cost = state.cost();
            best_weighted = best_weighted.min(state.weighted_cost());
            if cost < best_cost {
                best_cost = cost;
                best.copy_from_slice(&state.table_of);
                last_best = step_no;
            }
            continue;
        }
        picked.clear();
        if state.hot.len() <= sample {
            picked.extend_from_slice(state.hot.items());
        } else {
            for _ in 0..sample {
                let k = rng.random_range(0..state.hot.len());
                picked.push(state.hot.items()[k]);
            }
        }
        let cost = state.weighted_cost();
        let tabu = |slot: usize, t: u32| tabu_table[slot] == t && tabu_until[slot] > step_no;
        let mut best_step: Option<((i64, i64), Step)> = None;
        let mut ties = 0u32;
        let mut consider = |delta: (i64, i64), step: Step, is_tabu: bool, rng: &mut ChaCha8Rng| {
            if (is_tabu && cost + delta.0 >= best_weighted) || (keep_wanted && delta.1 > 0) {
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
                let wanted = state.track_wanted;
                if g_len > layout.lower[g_global] && state.table_len(r, h) < layout.upper[h_global]
                {
                    let w = if wanted { state.wanted_gain(r, p, h, NONE) } else { 0 };
                    consider((in_p_full - out_p, -w), Step::Move { r, p, t: h }, p_tabu, &mut rng);
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
                    consider((delta, -w), Step::Swap { r, p, q }, p_tabu || tabu(sq, g), &mut rng);
                }
            }
        }

        if bmode > 0 && best_step.is_none_or(|(d, _)| d.0 >= 0) {
            heavy.clear();
            for &slot in state.hot.items() {
                let slot = slot as usize;
                let (r, p) = (slot / n, (slot % n) as u32);
                for &j in state.members(r, state.table_of[slot]) {
                    if j != p && state.pairs.cell(p, j) & COUNT_MASK >= 2 {
                        heavy.push((p.min(j), p.max(j)));
                    }
                }
            }
            heavy.sort_unstable();
            heavy.dedup();
            for &(p, j) in &heavy {
                state.bump_weight(p, j);
            }
            bumps += 1;
            best_weighted = state.weighted_cost();
            if bmode == 1 {
                continue;
            }
        }

        let wbefore = state.weighted_cost();
        match best_step {
            Some((_, Step::Swap { r, p, q })) => {
                let (sp, sq) = (r * n + p as usize, r * n + q as usize);
                tabu_table[sp] = state.table_of[sp];
                tabu_table[sq] = state.table_of[sq];
                tabu_until[sp] = step_no + tenure_min + rng.random_range(0..tenure_spread);
                tabu_until[sq] = step_no + tenure_min + rng.random_range(0..tenure_spread);
                state.swap(r, p, q);
            }
            Some((_, Step::Move { r, p, t })) => {
                let sp = r * n + p as usize;
                tabu_table[sp] = state.table_of[sp];
                tabu_until[sp] = step_no + tenure_min + rng.random_range(0..tenure_spread);
                state.relocate(r, p, t);
            }
            None => {
                perturb(state, &mut rng, 1);
            }
        }

        if let Some((d, _)) = best_step { debug_assert_eq!(state.weighted_cost() - wbefore, d.0); }
        best_weighted = best_weighted.min(state.weighted_cost());
        let cost = state.cost();
        if trace && step_no % 5000 == 0 {
            eprintln!("step {step_no} cost {cost} best {best_cost} hot {} bumps {bumps}", state.hot.len());
        }
        if cost < best_cost {
            best_cost = cost;
            best.copy_from_slice(&state.table_of);
            last_best = step_no;
        } else if step_no - last_best > stall {
            state.restore(&best);
            let swaps = pert + rng.random_range(0..4);
            perturb(state, &mut rng, swaps);
            best_weighted = state.weighted_cost();
            last_best = step_no;
        }
    }
    if state.cost() > best_cost {
        state.restore(&best);
    }
    state.reset_weights();
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
            if layout.is_movable(sp)
                && layout.is_movable(sq)
                && state.table_of[sp] != state.table_of[sq]
            {
                state.swap(r, p, q);
                break;
            }
        }
    }
}
