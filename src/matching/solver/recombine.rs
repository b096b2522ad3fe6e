//! Recombination of two seatings: a group-based crossover, as the memetic MDGP solvers use.
//!
//! Two good seatings of the same people usually agree on many small groups (the people who share
//! most sit together in both) and differ in how the rest are spread. The child takes whole
//! tables from its parents in turn, each time the table whose people not yet seated hold
//! together best, so the groups both parents found survive and the child lands in a region
//! neither parent's walk reached by small steps. The people left over are seated greedily and
//! the bounds repaired; the caller then descends from the child.

use super::construct;
use super::instance::Instance;
use super::rng::SplitMix;

/// A child of seatings `a` and `b` (local table per local person), within every table's bounds.
/// Only for instances without people locked to open tables: a table taken from a parent may land
/// at another table's place, which would separate it from a locked person.
pub(super) fn crossover(inst: &Instance, a: &[u32], b: &[u32], rng: &mut SplitMix) -> Vec<u32> {
    debug_assert!(inst.fixed.iter().all(Option::is_none));
    let (n, m) = (inst.n, inst.m);
    let mut seat: Vec<Option<u32>> = vec![None; n];
    let mut filled = vec![false; m];
    let parents = [members(a, m), members(b, m)];
    let first = rng.below(2);
    let mut group = Vec::new();
    for step in 0..m {
        let tables = &parents[(first + step) % 2];
        let Some(best) = best_group(inst, tables, &seat) else {
            break;
        };
        group.clear();
        group.extend(
            tables[best]
                .iter()
                .copied()
                .filter(|&i| seat[i as usize].is_none()),
        );
        let Some(slot) = slot_for(inst, &filled, best, group.len()) else {
            break;
        };
        trim(inst, &mut group, inst.max[slot] as usize);
        filled[slot] = true;
        for &i in &group {
            seat[i as usize] = Some(slot as u32);
        }
    }
    construct::repair(inst, &seat, rng)
}

/// The people at each table of a seating.
fn members(table: &[u32], m: usize) -> Vec<Vec<u32>> {
    let mut out = vec![Vec::new(); m];
    for (i, &g) in table.iter().enumerate() {
        out[g as usize].push(i as u32);
    }
    out
}

/// The parent table whose people not yet seated hold together best: the highest affinity per
/// person among them (at least two of them; ties: the lowest table).
fn best_group(inst: &Instance, tables: &[Vec<u32>], seat: &[Option<u32>]) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    let mut free = Vec::new();
    for (g, people) in tables.iter().enumerate() {
        free.clear();
        free.extend(people.iter().filter(|&&i| seat[i as usize].is_none()));
        if free.len() < 2 {
            continue;
        }
        let value = internal(inst, &free) / free.len() as f64;
        if best.is_none_or(|(_, v)| value > v) {
            best = Some((g, value));
        }
    }
    best.map(|(g, _)| g)
}

/// `Σ d(i, j)` over the pairs of `people`.
fn internal(inst: &Instance, people: &[u32]) -> f64 {
    let mut sum = 0.0;
    for (k, &i) in people.iter().enumerate() {
        let row = inst.row(i as usize);
        sum += people[k + 1..]
            .iter()
            .map(|&j| row[j as usize])
            .sum::<f64>();
    }
    sum
}

/// Where a group of `size` from the parent's table `own` goes: that table if the child has not
/// filled it yet (tables may differ in bounds), else the free table with the most room.
fn slot_for(inst: &Instance, filled: &[bool], own: usize, size: usize) -> Option<usize> {
    if !filled[own] && inst.max[own] as usize >= size {
        return Some(own);
    }
    (0..inst.m)
        .filter(|&g| !filled[g])
        .max_by_key(|&g| (inst.max[g], std::cmp::Reverse(g)))
}

/// Drops the people who add least to the rest of `group` until at most `max` are left.
fn trim(inst: &Instance, group: &mut Vec<u32>, max: usize) {
    while group.len() > max {
        let weakest = (0..group.len())
            .min_by(|&x, &y| {
                let sx = affinity_to(inst, group, x);
                let sy = affinity_to(inst, group, y);
                sx.total_cmp(&sy)
            })
            .expect("a non-empty group");
        group.swap_remove(weakest);
    }
}

fn affinity_to(inst: &Instance, group: &[u32], at: usize) -> f64 {
    let row = inst.row(group[at] as usize);
    group.iter().map(|&j| row[j as usize]).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::affinity::DenseAffinity;
    use crate::matching::model::TableSpec;
    use crate::matching::solver::Constraints;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    fn instance(n: usize, tables: &[(u32, u32)], seed: u64) -> Instance {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut a = DenseAffinity::zeros(n);
        for i in 0..n {
            for j in i + 1..n {
                a.set(i as u32, j as u32, rng.random_range(-5.0..10.0));
            }
        }
        let specs: Vec<TableSpec> = tables
            .iter()
            .map(|&(min, max)| TableSpec {
                min,
                max,
                locked: false,
            })
            .collect();
        Instance::build(&a, &specs, &Constraints::default())
            .expect("a valid instance")
            .0
    }

    fn random_seating(inst: &Instance, seed: u64) -> Vec<u32> {
        let mut rng = SplitMix::for_lane(seed, 0);
        construct::greedy(inst, &mut rng)
    }

    fn groups(table: &[u32]) -> Vec<Vec<u32>> {
        let mut out = members(table, 1 + *table.iter().max().unwrap_or(&0) as usize);
        out.retain(|g| !g.is_empty());
        out.sort();
        out
    }

    #[test]
    fn a_child_seats_everyone_within_the_bounds() {
        for seed in 0..40 {
            // Unequal bounds, so that groups have to move to other tables and be trimmed.
            let inst = instance(37, &[(3, 5), (4, 9), (2, 4), (6, 8), (5, 10), (3, 3)], seed);
            let (a, b) = (
                random_seating(&inst, seed),
                random_seating(&inst, seed + 100),
            );
            let mut rng = SplitMix::for_lane(seed, 7);
            let child = crossover(&inst, &a, &b, &mut rng);
            assert_eq!(child.len(), inst.n);
            let mut size = vec![0u32; inst.m];
            for &g in &child {
                size[g as usize] += 1;
            }
            for (g, &held) in size.iter().enumerate() {
                assert!(
                    inst.min[g] <= held && held <= inst.max[g],
                    "seed {seed}: table {g} holds {held} outside {}..={}",
                    inst.min[g],
                    inst.max[g]
                );
            }
        }
    }

    #[test]
    fn the_child_of_one_seating_with_itself_keeps_every_table_together() {
        let inst = instance(40, &[(8, 10); 5], 3);
        let parent = random_seating(&inst, 1);
        // The same groups under other table numbers: the child must find them all.
        let relabelled: Vec<u32> = parent.iter().map(|&g| (g + 2) % 5).collect();
        let mut rng = SplitMix::for_lane(9, 0);
        let child = crossover(&inst, &parent, &relabelled, &mut rng);
        assert_eq!(groups(&child), groups(&parent));
    }

    #[test]
    fn groups_both_parents_share_survive_in_the_child() {
        let inst = instance(40, &[(8, 10); 5], 5);
        let a = random_seating(&inst, 1);
        let b = random_seating(&inst, 2);
        let mut rng = SplitMix::for_lane(4, 0);
        let child = crossover(&inst, &a, &b, &mut rng);
        // The first table taken is whole in the child: the best group of either parent.
        let together = |t: &[u32], g: &[u32]| g.iter().all(|&i| t[i as usize] == t[g[0] as usize]);
        let whole = groups(&a)
            .into_iter()
            .chain(groups(&b))
            .filter(|g| together(&child, g))
            .count();
        assert!(whole >= 1, "no parent table survived whole in the child");
    }
}
