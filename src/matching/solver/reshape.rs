//! Reshaping: a perturbation that changes table sizes by many seats at once.
//!
//! When tables have slack (`min < max`), the objective often favours some *shape* (the vector of
//! table sizes) over others: with mostly positive weights, a few full tables beat many middling
//! ones. Shapes are separated by walls that single moves cannot cross: filling a table at its
//! minimum to its maximum takes eight moves, and every one of the first few loses. A search that
//! settles on a poor shape early stays there (on Geo_n120_ds_01, three seeds in ten ended 0.7 %
//! from the best-known value for this reason). Reshaping jumps straight to another shape, choosing
//! every seat greedily so that the descent after it starts from a sensible seating.

use super::instance::Instance;
use super::rng::SplitMix;
use super::state::State;

/// Fills one random table with room up to its maximum, or drains one random table above its
/// minimum down to it; each seat goes to (or comes from) wherever it costs least. Returns whether
/// anyone moved.
pub(super) fn reshape(inst: &Instance, s: &mut State, rng: &mut SplitMix) -> bool {
    if rng.below(2) == 0 {
        fill(inst, s, rng)
    } else {
        drain(inst, s, rng)
    }
}

/// A random table among those `pick` accepts, or `None`.
fn random_table(
    inst: &Instance,
    rng: &mut SplitMix,
    pick: impl Fn(usize) -> bool,
) -> Option<usize> {
    let candidates: Vec<usize> = (0..inst.m).filter(|&g| pick(g)).collect();
    (!candidates.is_empty()).then(|| candidates[rng.below(candidates.len())])
}

fn fill(inst: &Instance, s: &mut State, rng: &mut SplitMix) -> bool {
    let can_give = |g: usize| s.size[g] > inst.min[g];
    let Some(h) = random_table(inst, rng, |h| {
        s.size[h] < inst.max[h] && (0..inst.m).any(|g| g != h && can_give(g))
    }) else {
        return false;
    };
    let mut moved = false;
    while s.size[h] < inst.max[h] {
        let best = inst
            .movable
            .iter()
            .map(|&i| i as usize)
            .filter(|&i| s.move_allowed(inst, i, h))
            .map(|i| (i, s.move_delta(inst.m, i, h)))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        let Some((i, _)) = best else { break };
        s.apply_move(inst, i, h);
        moved = true;
    }
    moved
}

fn drain(inst: &Instance, s: &mut State, rng: &mut SplitMix) -> bool {
    let has_room = |h: usize| s.size[h] < inst.max[h];
    let Some(g) = random_table(inst, rng, |g| {
        s.size[g] > inst.min[g]
            && (0..inst.m).any(|h| h != g && has_room(h))
            && inst
                .movable
                .iter()
                .any(|&i| s.table[i as usize] as usize == g)
    }) else {
        return false;
    };
    let mut moved = false;
    while s.size[g] > inst.min[g] {
        let mut best: Option<(usize, usize, f64)> = None;
        for &i in &inst.movable {
            let i = i as usize;
            if s.table[i] as usize != g {
                continue;
            }
            for h in 0..inst.m {
                if s.move_allowed(inst, i, h) {
                    let d = s.move_delta(inst.m, i, h);
                    if best.is_none_or(|(_, _, b)| d > b) {
                        best = Some((i, h, d));
                    }
                }
            }
        }
        let Some((i, h, _)) = best else { break };
        s.apply_move(inst, i, h);
        moved = true;
    }
    moved
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::affinity::DenseAffinity;
    use crate::matching::model::TableSpec;
    use crate::matching::solver::Constraints;

    /// Ten people who all like each other equally, a table of 2–6 and one of 2–10, seated 6 + 4:
    /// every single move loses (6 + 4 → 5 + 5 loses a pair), yet 2 + 8 holds 29 pairs against 21.
    fn walled() -> (Instance, State) {
        let mut a = DenseAffinity::zeros(10);
        for i in 0..10 {
            for j in i + 1..10 {
                a.set(i, j, 1.0);
            }
        }
        let tables = [
            TableSpec {
                min: 2,
                max: 6,
                locked: false,
            },
            TableSpec {
                min: 2,
                max: 10,
                locked: false,
            },
        ];
        let (inst, _) = Instance::build(&a, &tables, &Constraints::default()).expect("valid");
        let seating = (0..10).map(|i| u32::from(i >= 6)).collect();
        let state = State::new(&inst, seating);
        (inst, state)
    }

    #[test]
    fn the_walled_start_is_a_local_optimum_under_single_moves() {
        let (inst, s) = walled();
        assert_eq!(s.objective, 21.0);
        for i in 0..10 {
            for h in 0..2 {
                if s.move_allowed(&inst, i, h) {
                    assert!(s.move_delta(inst.m, i, h) < 0.0);
                }
            }
        }
    }

    #[test]
    fn reshaping_crosses_the_wall_and_keeps_every_table_within_bounds() {
        for seed in 0..16 {
            let (inst, mut s) = walled();
            let mut rng = SplitMix::for_lane(seed, 0);
            assert!(reshape(&inst, &mut s, &mut rng));
            for g in 0..inst.m {
                assert!(
                    inst.min[g] <= s.size[g] && s.size[g] <= inst.max[g],
                    "seed {seed}"
                );
            }
            let reported = s.objective;
            s.rebuild(&inst);
            assert!((reported - s.objective).abs() < 1e-9, "seed {seed}");
            // Whether it fills the big table or drains the small one, it ends at 2 + 8.
            assert_eq!(s.size, vec![2, 8], "seed {seed}");
            assert_eq!(s.objective, 29.0, "seed {seed}");
        }
    }

    #[test]
    fn without_slack_nothing_moves() {
        let a = DenseAffinity::zeros(6);
        let tables = [
            TableSpec {
                min: 3,
                max: 3,
                locked: false,
            },
            TableSpec {
                min: 3,
                max: 3,
                locked: false,
            },
        ];
        let (inst, _) = Instance::build(&a, &tables, &Constraints::default()).expect("valid");
        let mut s = State::new(&inst, vec![0, 0, 0, 1, 1, 1]);
        let mut rng = SplitMix::for_lane(1, 0);
        assert!(!reshape(&inst, &mut s, &mut rng));
        assert_eq!(s.table, vec![0, 0, 0, 1, 1, 1]);
    }
}
