//! The MDGPLIB reader and checker: a parsed instance is self-consistent, every number read is
//! finite, and `check` agrees with a recomputation of its own, on a feasible assignment built
//! from the instance and on one read from the input.

use crate::matching::affinity::Affinity;
use crate::matching::mdgp::{
    Instance, MdgpError, check, format_assignment, parse_assignment, parse_best_known,
    parse_instance, parse_optima, parse_tpsdp_solution,
};

/// The text up to a line `---` is read as an instance, the rest as an assignment for it; the
/// whole text also goes through every other reader.
pub fn mdgp(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    other_readers(text);
    let (instance, assignment) = text.split_once("\n---\n").unwrap_or((text, ""));
    let Ok(instance) = parse_instance(instance) else {
        return;
    };
    self_consistent(&instance);
    if let Some(feasible) = feasible_assignment(&instance, data.len()) {
        let value = check(&instance, &feasible)
            .unwrap_or_else(|e| panic!("a feasible assignment {feasible:?} is refused: {e}"));
        agrees(&instance, &feasible, value);
    }
    if let Ok(group_of) = parse_assignment(assignment) {
        let expected = expected_verdict(&instance, &group_of);
        match (check(&instance, &group_of), expected) {
            (Ok(value), Ok(())) => agrees(&instance, &group_of, value),
            (Err(found), Err(expected)) => assert_eq!(found, expected),
            (found, expected) => panic!("check says {found:?}, expected {expected:?}"),
        }
    }
}

fn other_readers(text: &str) {
    if let Ok(solution) = parse_tpsdp_solution(text) {
        let stats = [
            solution.best,
            solution.average,
            solution.worst,
            solution.objective,
        ];
        assert!(stats.iter().all(|v| v.is_finite()), "{stats:?}");
        assert!(!solution.group_of.contains(&u32::MAX));
    }
    let data_rows = text
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .count();
    if let Ok(rows) = parse_best_known(text) {
        assert_eq!(rows.len(), data_rows);
        for row in rows {
            assert!(row.best_known.is_finite(), "{row:?}");
            assert!(row.time_limit_s.is_none_or(f64::is_finite), "{row:?}");
        }
    }
    if let Ok(rows) = parse_optima(text) {
        assert_eq!(rows.len(), data_rows);
        assert!(rows.iter().all(|r| r.optimum.is_finite()), "{rows:?}");
    }
    if let Ok(group_of) = parse_assignment(text) {
        assert_eq!(
            parse_assignment(&format_assignment(&group_of)),
            Ok(group_of)
        );
    }
}

fn self_consistent(instance: &Instance) {
    let n = instance.affinity.len();
    assert!(n >= 2);
    assert!(!instance.tables.is_empty());
    for table in &instance.tables {
        assert!(table.min <= table.max && !table.locked, "{table:?}");
    }
    for i in 0..n as u32 {
        assert_eq!(instance.affinity.pair(i, i), 0.0, "d({i}, {i})");
        for j in i + 1..n as u32 {
            let d = instance.affinity.pair(i, j);
            assert!(d.is_finite(), "d({i}, {j}) = {d}");
            assert_eq!(d.to_bits(), instance.affinity.pair(j, i).to_bits());
        }
    }
}

/// Seats elements (rotated by `shift`) into each group's minimum, then up to the maxima;
/// `None` when the bounds cannot hold exactly n.
fn feasible_assignment(instance: &Instance, shift: usize) -> Option<Vec<u32>> {
    let n = instance.affinity.len();
    let mut sizes: Vec<u64> = instance.tables.iter().map(|t| u64::from(t.min)).collect();
    let mut left = (n as u64).checked_sub(sizes.iter().sum())?;
    for (size, table) in sizes.iter_mut().zip(&instance.tables) {
        let more = left.min(u64::from(table.max) - *size);
        *size += more;
        left -= more;
    }
    if left > 0 {
        return None;
    }
    let mut group_of = vec![0; n];
    let mut element = 0;
    for (group, size) in sizes.iter().enumerate() {
        for _ in 0..*size {
            group_of[(element + shift) % n] = group as u32;
            element += 1;
        }
    }
    Some(group_of)
}

/// What `check` must answer, worked out independently: the first wrong length, group or size.
fn expected_verdict(instance: &Instance, group_of: &[u32]) -> Result<(), MdgpError> {
    let (expected, got) = (instance.affinity.len(), group_of.len());
    if got != expected {
        return Err(MdgpError::AssignmentLength { expected, got });
    }
    let groups = instance.tables.len();
    if let Some(element) = group_of.iter().position(|&g| g as usize >= groups) {
        return Err(MdgpError::GroupOutOfRange {
            element,
            group: group_of[element],
            groups,
        });
    }
    let count = |group: usize| group_of.iter().filter(|&&g| g as usize == group).count() as u32;
    let outside = instance
        .tables
        .iter()
        .enumerate()
        .map(|(group, table)| (group, table, count(group)))
        .find(|(_, table, size)| !(table.min..=table.max).contains(size));
    outside.map_or(Ok(()), |(group, table, size)| {
        Err(MdgpError::GroupSize {
            group,
            size,
            min: table.min,
            max: table.max,
        })
    })
}

/// `value` is the sum of weights within groups, summed here group by group (another order, so
/// equal up to rounding); skipped when the weights' magnitudes overflow an f64.
fn agrees(instance: &Instance, group_of: &[u32], value: f64) {
    let mut total = 0.0;
    let mut magnitude = 0.0;
    for group in 0..instance.tables.len() as u32 {
        let members: Vec<u32> = (0..group_of.len() as u32)
            .filter(|&e| group_of[e as usize] == group)
            .collect();
        for (k, &i) in members.iter().enumerate() {
            for &j in &members[k + 1..] {
                let d = instance.affinity.pair(j, i);
                total += d;
                magnitude += d.abs();
            }
        }
    }
    if magnitude.is_finite() {
        let tolerance = 1e-9 * magnitude + f64::MIN_POSITIVE;
        assert!(
            (value - total).abs() <= tolerance,
            "check gives {value}, recomputed {total}"
        );
    }
}
