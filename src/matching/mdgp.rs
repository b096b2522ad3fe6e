//! MDGPLIB benchmark files, parsed from text: instances, TPSDP solutions, best-known and optimum
//! tables, assignments; plus the checker that scores an assignment and proves it feasible.
//!
//! Pure functions over `&str` (the CLI runner does the file I/O), so tests and tools share one
//! reader. Each parser's doc gives the format of its file.

use super::affinity::{Affinity, DenseAffinity};
use super::model::TableSpec;
use std::fmt;

/// A parsed MDGPLIB instance.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    /// `ss` (all groups one size) or `ds` (a size range per group).
    pub kind: SizeKind,
    pub affinity: DenseAffinity,
    /// One spec per group, never locked.
    pub tables: Vec<TableSpec>,
}

/// The header's size-kind marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeKind {
    Same,
    Different,
}

impl fmt::Display for SizeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SizeKind::Same => "ss",
            SizeKind::Different => "ds",
        })
    }
}

/// A TPSDP solution file: the published statistics and the best assignment.
#[derive(Debug, Clone, PartialEq)]
pub struct TpsdpSolution {
    pub best: f64,
    pub average: f64,
    pub worst: f64,
    /// The `f = …` value of the solution block.
    pub objective: f64,
    /// `group_of[element]`, 0-based.
    pub group_of: Vec<u32>,
}

/// One row of `bks.tsv`.
#[derive(Debug, Clone, PartialEq)]
pub struct BestKnown {
    pub instance: String,
    pub n: usize,
    pub groups: usize,
    pub best_known: f64,
    pub source: String,
    /// Per-run time limit of the state of the art; `None` for the small proven optima (`-`).
    pub time_limit_s: Option<f64>,
}

/// One row of `optimal_small_computed.tsv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Optimum {
    pub instance: String,
    pub n: usize,
    pub groups: usize,
    pub optimum: f64,
}

/// What is wrong with a file or an assignment; parse errors carry 1-based line numbers.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MdgpError {
    #[error("line {line}: {message}")]
    Syntax { line: usize, message: String },
    #[error("the instance lists {found} pairs, expected n(n-1)/2 = {expected}")]
    PairCount { found: usize, expected: usize },
    #[error("the assignment has {got} entries for {expected} elements")]
    AssignmentLength { expected: usize, got: usize },
    #[error("element {element} is in group {group}, but there are only {groups} groups")]
    GroupOutOfRange {
        element: usize,
        group: u32,
        groups: usize,
    },
    #[error("group {group} has {size} elements, outside its bounds {min}..={max}")]
    GroupSize {
        group: usize,
        size: u32,
        min: u32,
        max: u32,
    },
}

fn syntax(line: usize, message: impl Into<String>) -> MdgpError {
    MdgpError::Syntax {
        line,
        message: message.into(),
    }
}

fn number<T: std::str::FromStr>(
    token: Option<&str>,
    line: usize,
    what: &str,
) -> Result<T, MdgpError> {
    let token = token.ok_or_else(|| syntax(line, format!("missing {what}")))?;
    token
        .parse()
        .map_err(|_| syntax(line, format!("{what} {token:?} is not a valid number")))
}

/// A number that must be finite: `f64` parsing also takes `inf` and `NaN`.
fn finite(token: Option<&str>, line: usize, what: &str) -> Result<f64, MdgpError> {
    let value: f64 = number(token, line, what)?;
    if value.is_finite() {
        Ok(value)
    } else {
        Err(syntax(line, format!("{what} {value} is not finite")))
    }
}

/// Parses an MDGPLIB instance: header `n m ss|ds a_1 b_1 … a_m b_m`, then one `i j d_ij` line per
/// unordered pair. Every pair must appear exactly once.
pub fn parse_instance(text: &str) -> Result<Instance, MdgpError> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(k, l)| (k + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty());
    let (hl, header) = lines.next().ok_or_else(|| syntax(1, "empty file"))?;
    let mut tokens = header.split_whitespace();
    let n: usize = number(tokens.next(), hl, "n")?;
    let m: usize = number(tokens.next(), hl, "number of groups")?;
    let kind = match tokens.next() {
        Some("ss") => SizeKind::Same,
        Some("ds") => SizeKind::Different,
        other => {
            return Err(syntax(
                hl,
                format!("expected `ss` or `ds` after n and m, found {other:?}"),
            ));
        }
    };
    if n < 2 || m == 0 {
        return Err(syntax(
            hl,
            format!("need n ≥ 2 and m ≥ 1, got n = {n}, m = {m}"),
        ));
    }
    // Sized by what the text holds, never by the header: a header can claim any n and m.
    let mut tables = Vec::new();
    for g in 0..m {
        let min: u32 = number(tokens.next(), hl, &format!("lower bound of group {g}"))?;
        let max: u32 = number(tokens.next(), hl, &format!("upper bound of group {g}"))?;
        if min > max {
            return Err(syntax(
                hl,
                format!("group {g} has lower bound {min} above upper bound {max}"),
            ));
        }
        tables.push(TableSpec {
            min,
            max,
            locked: false,
        });
    }
    if let Some(extra) = tokens.next() {
        return Err(syntax(
            hl,
            format!("unexpected {extra:?} after {m} pairs of bounds"),
        ));
    }

    let mut pairs = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (ln, line) in lines {
        let mut t = line.split_whitespace();
        let i: usize = number(t.next(), ln, "element i")?;
        let j: usize = number(t.next(), ln, "element j")?;
        let d = finite(t.next(), ln, "weight")?;
        if t.next().is_some() {
            return Err(syntax(ln, "expected exactly `i j d_ij`"));
        }
        if i >= n || j >= n || i == j {
            return Err(syntax(
                ln,
                format!("pair ({i}, {j}) is not a pair of distinct elements below {n}"),
            ));
        }
        let (a, b) = (i.min(j), i.max(j));
        if !seen.insert((a, b)) {
            return Err(syntax(ln, format!("pair ({a}, {b}) appears twice")));
        }
        pairs.push((a, b, d));
    }
    // n(n-1)/2 without overflow; a count past usize is one no text can hold.
    let expected = if n.is_multiple_of(2) {
        (n / 2).checked_mul(n - 1)
    } else {
        n.checked_mul((n - 1) / 2)
    };
    let found = pairs.len();
    if expected != Some(found) {
        return Err(MdgpError::PairCount {
            found,
            expected: expected.unwrap_or(usize::MAX),
        });
    }
    // Every pair below n is listed, so n is small enough for the matrix and for `u32` ids.
    let mut affinity = DenseAffinity::zeros(n);
    for (a, b, d) in pairs {
        affinity.set(a as u32, b as u32, d);
    }
    Ok(Instance {
        kind,
        affinity,
        tables,
    })
}

/// Parses a TPSDP solution file (statistics line, `N = … G = … f = …`, G bound lines, N
/// `element group` lines).
pub fn parse_tpsdp_solution(text: &str) -> Result<TpsdpSolution, MdgpError> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(k, l)| (k + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty());
    let (l1, stats) = lines.next().ok_or_else(|| syntax(1, "empty file"))?;
    let mut t = stats.split_whitespace();
    t.next()
        .ok_or_else(|| syntax(l1, "missing instance path"))?;
    let best = finite(t.next(), l1, "best")?;
    let average = finite(t.next(), l1, "average")?;
    let worst = finite(t.next(), l1, "worst")?;

    let (l2, head) = lines
        .next()
        .ok_or_else(|| syntax(l1 + 1, "missing `N = … G = … f = …` line"))?;
    let fields: Vec<&str> = head.split_whitespace().collect();
    let (n, g, objective) = match fields.as_slice() {
        ["N", "=", n, "G", "=", g, "f", "=", f] => (
            number::<usize>(Some(n), l2, "N")?,
            number::<usize>(Some(g), l2, "G")?,
            finite(Some(f), l2, "f")?,
        ),
        _ => return Err(syntax(l2, "expected `N = <n>  G = <g>  f = <value>`")),
    };
    for _ in 0..g {
        lines
            .next()
            .ok_or_else(|| syntax(l2, format!("expected {g} group lines")))?;
    }
    let elements: Vec<(usize, &str)> = lines.collect();
    if elements.len() != n {
        return Err(syntax(
            l2,
            format!("expected N = {n} element lines, found {}", elements.len()),
        ));
    }
    let mut group_of = vec![u32::MAX; n];
    for (ln, line) in elements {
        let mut t = line.split_whitespace();
        let e: usize = number(t.next(), ln, "element")?;
        let grp: u32 = number(t.next(), ln, "group")?;
        if e >= n {
            return Err(syntax(ln, format!("element {e} is not below N = {n}")));
        }
        if grp as usize >= g {
            return Err(syntax(ln, format!("group {grp} is not below G = {g}")));
        }
        if group_of[e] != u32::MAX {
            return Err(syntax(ln, format!("element {e} is listed twice")));
        }
        group_of[e] = grp;
    }
    if let Some(e) = group_of.iter().position(|&x| x == u32::MAX) {
        return Err(syntax(l2, format!("element {e} has no group")));
    }
    Ok(TpsdpSolution {
        best,
        average,
        worst,
        objective,
        group_of,
    })
}

fn tsv_rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines()
        .enumerate()
        .skip(1)
        .map(|(k, l)| (k + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(k, l)| (k, l.split('\t').collect()))
}

/// Parses `bks.tsv` (header row first; columns instance, n, groups, min_size, max_size,
/// best_known_value, source, time_limit_s_used_by_sota).
pub fn parse_best_known(text: &str) -> Result<Vec<BestKnown>, MdgpError> {
    tsv_rows(text)
        .map(|(ln, cols)| {
            if cols.len() != 8 {
                return Err(syntax(
                    ln,
                    format!("expected 8 tab-separated columns, found {}", cols.len()),
                ));
            }
            let time_limit_s = match cols[7].trim() {
                "-" | "" => None,
                t => Some(finite(Some(t), ln, "time limit")?),
            };
            Ok(BestKnown {
                instance: cols[0].to_string(),
                n: number(Some(cols[1]), ln, "n")?,
                groups: number(Some(cols[2]), ln, "groups")?,
                best_known: finite(Some(cols[5]), ln, "best-known value")?,
                source: cols[6].to_string(),
                time_limit_s,
            })
        })
        .collect()
}

/// Parses `optimal_small_computed.tsv` (header row; instance, n, groups, optimum, method).
pub fn parse_optima(text: &str) -> Result<Vec<Optimum>, MdgpError> {
    tsv_rows(text)
        .map(|(ln, cols)| {
            if cols.len() < 4 {
                return Err(syntax(
                    ln,
                    format!(
                        "expected at least 4 tab-separated columns, found {}",
                        cols.len()
                    ),
                ));
            }
            Ok(Optimum {
                instance: cols[0].to_string(),
                n: number(Some(cols[1]), ln, "n")?,
                groups: number(Some(cols[2]), ln, "groups")?,
                optimum: finite(Some(cols[3]), ln, "optimum")?,
            })
        })
        .collect()
}

/// Parses an assignment written by the benchmark (`--out`): one 0-based group per line.
pub fn parse_assignment(text: &str) -> Result<Vec<u32>, MdgpError> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(k, l)| number(Some(l.trim()), k + 1, "group"))
        .collect()
}

/// Writes an assignment in the format [`parse_assignment`] reads.
pub fn format_assignment(group_of: &[u32]) -> String {
    let mut out = String::with_capacity(group_of.len() * 3);
    for g in group_of {
        out.push_str(&g.to_string());
        out.push('\n');
    }
    out
}

/// Checks that `group_of` seats every element in an existing group within its bounds, and returns
/// its objective (sum of weights over pairs in the same group).
pub fn check(instance: &Instance, group_of: &[u32]) -> Result<f64, MdgpError> {
    let n = instance.affinity.len();
    let groups = instance.tables.len();
    if group_of.len() != n {
        return Err(MdgpError::AssignmentLength {
            expected: n,
            got: group_of.len(),
        });
    }
    let mut size = vec![0u32; groups];
    for (element, &group) in group_of.iter().enumerate() {
        if group as usize >= groups {
            return Err(MdgpError::GroupOutOfRange {
                element,
                group,
                groups,
            });
        }
        size[group as usize] += 1;
    }
    for (group, (spec, &size)) in instance.tables.iter().zip(&size).enumerate() {
        if size < spec.min || size > spec.max {
            return Err(MdgpError::GroupSize {
                group,
                size,
                min: spec.min,
                max: spec.max,
            });
        }
    }
    let mut total = 0.0;
    for i in 0..n {
        let row = instance.affinity.row(i as u32);
        for j in i + 1..n {
            if group_of[i] == group_of[j] {
                total += row[j];
            }
        }
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = "4 2 ss 2 2 2 2 \n0 1 1.5\n0 2 2\n0 3 3\n1 2 4\n1 3 5\n2 3 6.25\n";

    #[test]
    fn parses_a_small_instance_and_scores_assignments() {
        let inst = parse_instance(SMALL).expect("valid");
        assert_eq!(inst.kind, SizeKind::Same);
        assert_eq!(inst.tables.len(), 2);
        assert_eq!(inst.affinity.pair(3, 2), 6.25);
        assert_eq!(check(&inst, &[0, 0, 1, 1]), Ok(1.5 + 6.25));
        assert_eq!(check(&inst, &[0, 1, 1, 0]), Ok(3.0 + 4.0));
    }

    #[test]
    fn checker_rejects_wrong_sizes_groups_and_lengths() {
        let inst = parse_instance(SMALL).expect("valid");
        assert!(matches!(
            check(&inst, &[0, 0, 0, 1]),
            Err(MdgpError::GroupSize {
                group: 0,
                size: 3,
                ..
            })
        ));
        assert!(matches!(
            check(&inst, &[0, 0, 2, 1]),
            Err(MdgpError::GroupOutOfRange { element: 2, .. })
        ));
        assert!(matches!(
            check(&inst, &[0, 0, 1]),
            Err(MdgpError::AssignmentLength { .. })
        ));
    }

    #[test]
    fn malformed_instances_are_rejected_with_line_numbers() {
        let missing = "4 2 ss 2 2 2 2\n0 1 1\n0 2 2\n";
        assert_eq!(
            parse_instance(missing),
            Err(MdgpError::PairCount {
                found: 2,
                expected: 6
            })
        );
        let twice = "3 1 ss 3 3\n0 1 1\n1 0 2\n1 2 3\n";
        assert!(matches!(
            parse_instance(twice),
            Err(MdgpError::Syntax { line: 3, .. })
        ));
        let bad_weight = "3 1 ss 3 3\n0 1 x\n";
        assert!(matches!(
            parse_instance(bad_weight),
            Err(MdgpError::Syntax { line: 2, .. })
        ));
        let out_of_range = "3 1 ss 3 3\n0 3 1\n";
        assert!(matches!(
            parse_instance(out_of_range),
            Err(MdgpError::Syntax { line: 2, .. })
        ));
        let bad_kind = "3 1 xx 3 3\n";
        assert!(matches!(
            parse_instance(bad_kind),
            Err(MdgpError::Syntax { line: 1, .. })
        ));
        let short_header = "3 2 ds 1 2\n";
        assert!(matches!(
            parse_instance(short_header),
            Err(MdgpError::Syntax { line: 1, .. })
        ));
    }

    /// A header can claim any size; the reader sizes nothing by it before the text backs it up
    /// (these allocated terabytes, or panicked, before).
    #[test]
    fn headers_claiming_huge_sizes_are_refused_without_allocating_them() {
        assert_eq!(
            parse_instance("4000000000 1 ss 1 1\n0 1 1\n"),
            Err(MdgpError::PairCount {
                found: 1,
                expected: 7_999_999_998_000_000_000
            })
        );
        assert_eq!(
            parse_instance(&format!("{} 1 ss 1 1\n0 1 1\n", usize::MAX)).err(),
            Some(MdgpError::PairCount {
                found: 1,
                expected: usize::MAX
            })
        );
        let syntax_line = |error: Option<MdgpError>| match error {
            Some(MdgpError::Syntax { line, .. }) => Some(line),
            _ => None,
        };
        let groups = parse_instance("3 1000000000000000000 ss 1 1\n");
        assert_eq!(syntax_line(groups.err()), Some(1));
        let solution = "p 1 1 1\nN = 1000000000000  G = 1  f = 1\n 01\n 0 0\n";
        assert_eq!(syntax_line(parse_tpsdp_solution(solution).err()), Some(2));
    }

    #[test]
    fn numbers_that_are_not_finite_are_refused() {
        let header = "instance\tn\tgroups\tmin\tmax\tbest\tsource\ttime\n";
        for row in ["A\t4\t2\t2\t2\tNaN\tx\t-", "A\t4\t2\t2\t2\t1\tx\tinf"] {
            assert!(
                parse_best_known(&format!("{header}{row}\n")).is_err(),
                "{row}"
            );
        }
        assert!(parse_optima("h\nX\t4\t2\t-inf\n").is_err());
        assert!(parse_tpsdp_solution("p NaN 1 1\nN = 1  G = 1  f = 1\n 01\n 0 0\n").is_err());
        assert!(matches!(
            parse_instance("2 1 ss 2 2\n0 1 inf\n"),
            Err(MdgpError::Syntax { line: 2, .. })
        ));
    }

    #[test]
    fn parses_tsv_tables_and_assignments() {
        let bks = "instance\tn\tgroups\tmin_size\tmax_size\tbest_known_value\tsource\ttime_limit_s_used_by_sota\n\
                   A\t120\t10\t12\t12\t47909.000000\tTPSDP\t3\n\
                   B\t10\t2\t5\t5\t3660.67\tproof\t-\n";
        let rows = parse_best_known(bks).expect("valid");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].best_known, 47909.0);
        assert_eq!(rows[0].time_limit_s, Some(3.0));
        assert_eq!(rows[1].time_limit_s, None);
        assert!(parse_best_known("h\nA\t1\n").is_err());
        let opt = parse_optima("h\nX\t10\t2\t1292.000\tenumeration\n").expect("valid");
        assert_eq!(opt[0].optimum, 1292.0);
        assert_eq!(
            parse_assignment(&format_assignment(&[2, 0, 1])),
            Ok(vec![2, 0, 1])
        );
        assert!(parse_assignment("1\nx\n").is_err());
    }

    #[test]
    fn tpsdp_parser_rejects_missing_elements() {
        let text = "path 1 1 1\nN = 2  G = 1  f = 1\n 01 02 02\n 000 00\n";
        assert!(parse_tpsdp_solution(text).is_err());
    }

    /// The published TPSDP solutions evaluate to their published values under our objective.
    #[test]
    fn tpsdp_solutions_evaluate_to_their_published_values() {
        let cases = [
            (
                include_str!("../../tests/fixtures/mdgp/RanReal_n120_ds_01.txt"),
                include_str!("../../tests/fixtures/mdgp/RanReal_n120_ds_01.sol.txt"),
            ),
            (
                include_str!("../../tests/fixtures/mdgp/RanInt_n120_ss_01.txt"),
                include_str!("../../tests/fixtures/mdgp/RanInt_n120_ss_01.sol.txt"),
            ),
        ];
        for (instance, solution) in cases {
            let inst = parse_instance(instance).expect("fixture instance parses");
            let sol = parse_tpsdp_solution(solution).expect("fixture solution parses");
            let value = check(&inst, &sol.group_of).expect("published solution is feasible");
            assert!(
                (value - sol.objective).abs() < 0.01,
                "{value} vs {}",
                sol.objective
            );
            assert!((value - sol.best).abs() < 0.01, "{value} vs {}", sol.best);
        }
    }
}
