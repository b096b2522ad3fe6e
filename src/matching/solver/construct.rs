//! Starting seatings: a randomised greedy construction, and the repair of a caller's seating into
//! one that respects sizes and locks.
//!
//! The greedy (as in IMS) seeds every empty table that needs people with one random person, fills
//! tables up to their minimum, then seats the rest; each person in random order joins the open table
//! where their mean affinity to those already seated is highest.

use super::instance::Instance;
use super::rng::SplitMix;

const UNSET: u32 = u32::MAX;

/// A fresh greedy seating: locked people at their tables, everyone else placed greedily.
pub(super) fn greedy(inst: &Instance, rng: &mut SplitMix) -> Vec<u32> {
    let mut table: Vec<u32> = inst.fixed.iter().map(|f| f.unwrap_or(UNSET)).collect();
    complete(inst, &mut table, rng);
    table
}

/// Turns a caller's seating (`start[i]`: local table or `None`) into a feasible one that changes as
/// few seats as it can: locked people go to their tables, overfull tables shed their last movable
/// people, unseated people are placed greedily, and tables still under their minimum take people
/// from tables above theirs.
pub(super) fn repair(inst: &Instance, start: &[Option<u32>], rng: &mut SplitMix) -> Vec<u32> {
    let mut table: Vec<u32> = (0..inst.n)
        .map(|i| inst.fixed[i].or(start[i]).unwrap_or(UNSET))
        .collect();
    let mut size = vec![0u32; inst.m];
    for &g in table.iter().filter(|&&g| g != UNSET) {
        size[g as usize] += 1;
    }
    for &i in inst.movable.iter().rev() {
        let g = table[i as usize];
        if g != UNSET && size[g as usize] > inst.max[g as usize] {
            size[g as usize] -= 1;
            table[i as usize] = UNSET;
        }
    }
    complete(inst, &mut table, rng);
    fill_minimums(inst, &mut table);
    table
}

/// Seats every `UNSET` person; keeps tables within their maxima, and reaches minima whenever the
/// number of unseated people allows it.
fn complete(inst: &Instance, table: &mut [u32], rng: &mut SplitMix) {
    let (n, m) = (inst.n, inst.m);
    let mut size = vec![0u32; m];
    let mut placed: Vec<u32> = Vec::with_capacity(n);
    for (i, &g) in table.iter().enumerate() {
        if g != UNSET {
            size[g as usize] += 1;
            placed.push(i as u32);
        }
    }
    let mut queue: Vec<u32> = (0..n as u32)
        .filter(|&i| table[i as usize] == UNSET)
        .collect();
    rng.shuffle(&mut queue);
    let mut queue = queue.into_iter();

    for (g, (s, &min)) in size.iter_mut().zip(&inst.min).enumerate() {
        if *s == 0 && min > 0 {
            let Some(p) = queue.next() else { return };
            table[p as usize] = g as u32;
            *s += 1;
            placed.push(p);
        }
    }

    let mut sums = vec![0.0f64; m];
    let mut deficit: u64 = (0..m)
        .map(|g| u64::from(inst.min[g].saturating_sub(size[g])))
        .sum();
    for p in queue {
        sums.iter_mut().for_each(|s| *s = 0.0);
        let row = inst.row(p as usize);
        for &j in &placed {
            sums[table[j as usize] as usize] += row[j as usize];
        }
        let need_minimum = deficit > 0;
        let mut best: Option<(usize, f64)> = None;
        for g in 0..m {
            let open = if need_minimum {
                size[g] < inst.min[g]
            } else {
                size[g] < inst.max[g]
            };
            if !open {
                continue;
            }
            let mean = if size[g] == 0 {
                0.0
            } else {
                sums[g] / f64::from(size[g])
            };
            if best.is_none_or(|(_, b)| mean > b) {
                best = Some((g, mean));
            }
        }
        let Some((g, _)) = best else { continue };
        if size[g] < inst.min[g] {
            deficit -= 1;
        }
        table[p as usize] = g as u32;
        size[g] += 1;
        placed.push(p);
    }
}

/// Moves movable people from tables above their minimum to tables below it until none is below.
/// Instance validation guarantees enough people for every minimum, so a donor always exists.
fn fill_minimums(inst: &Instance, table: &mut [u32]) {
    let m = inst.m;
    let mut size = vec![0u32; m];
    for &g in table.iter() {
        size[g as usize] += 1;
    }
    for g in 0..m {
        while size[g] < inst.min[g] {
            let donor = inst.movable.iter().copied().find(|&i| {
                let h = table[i as usize] as usize;
                h != g && size[h] > inst.min[h]
            });
            let Some(i) = donor else { return };
            let h = table[i as usize] as usize;
            size[h] -= 1;
            size[g] += 1;
            table[i as usize] = g as u32;
        }
    }
}
