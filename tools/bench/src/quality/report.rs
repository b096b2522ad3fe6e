//! The quality suite's output: one readable line per case and method as they finish, the
//! Markdown block for BENCHMARKS.md (command, date, machine, build, engine commit, table,
//! definitions) and writing that block between the file's markers.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Context;
use chrono::{DateTime, Utc};

use super::figures::Ratio;
use super::{Case, Outcome, QualityArgs};

pub const START: &str = "<!-- quality-suite:start -->";
pub const END: &str = "<!-- quality-suite:end -->";

/// Where and how the suite ran: what the Markdown block states besides the figures.
pub struct RunContext {
    pub command: String,
    pub started: DateTime<Utc>,
    pub finished: Option<DateTime<Utc>>,
    pub profile: &'static str,
    pub cpus: usize,
    pub cpu_model: String,
    pub load_before: Option<String>,
    pub load_after: Option<String>,
    pub commit: String,
    pub max_seconds: f64,
    pub iterations: Option<u64>,
    pub seed: u64,
    pub full_budget: bool,
    pub thorough: bool,
}

impl RunContext {
    /// The context at the start of a run (the command line exactly as given).
    pub fn now(args: &QualityArgs) -> Self {
        Self {
            command: command_line(std::env::args()),
            started: Utc::now(),
            finished: None,
            profile: if cfg!(debug_assertions) {
                "debug"
            } else {
                "release"
            },
            cpus: std::thread::available_parallelism().map_or(1, |n| n.get()),
            cpu_model: cpu_model().unwrap_or_else(|| "unknown CPU".to_owned()),
            load_before: load_average(),
            load_after: None,
            commit: commit(),
            max_seconds: args.max_seconds,
            iterations: args.iterations,
            seed: args.seed,
            full_budget: args.full_budget,
            thorough: args.thorough,
        }
    }

    /// The same context, stamped with the end time and load.
    pub fn finished(self) -> Self {
        Self {
            finished: Some(Utc::now()),
            load_after: load_average(),
            ..self
        }
    }
}

/// `people, meetups: tables, pairs, wants, blocks`: what a case seats.
pub fn describe_case(case: &Case) -> String {
    format!("{}: {}", case_name(case), describe_conference(case))
}

/// The conference of a case: its tables, want pairs and blocks.
fn describe_conference(case: &Case) -> String {
    format!(
        "{} tables of {}-{}, {}, {}, {}",
        thousands(case.problem.tables.len()),
        super::TABLE_MIN,
        super::TABLE_MAX,
        count(case.mutual_pairs, "mutual want pair"),
        count(case.one_sided_wants, "one-sided want"),
        count(case.blocked_pairs, "blocked pair"),
    )
}

fn case_name(case: &Case) -> String {
    let meetups = case.rounds.len();
    format!(
        "{} people, {meetups} meetup{}",
        thousands(case.people),
        if meetups == 1 { "" } else { "s" }
    )
}

/// One method's figures on one line (`outcome_rounds`: meetups of the case).
pub fn describe_outcome(outcome: &Outcome, outcome_rounds: usize) -> String {
    let name = outcome.method.name();
    let m = match &outcome.result {
        Ok(m) => m,
        Err(e) => return format!("{name:<7} failed: {e}"),
    };
    let f = &m.figures;
    let series = outcome_rounds > 1;
    let once = |r: Ratio| {
        if series {
            format!(" (at least once {})", ratio(r))
        } else {
            String::new()
        }
    };
    let mut line = format!(
        "{name:<7} mutual pairs together {}{}; one-sided wants met {}{}; repeated meetings {}; alone {}; \
         no shared interest {}; blocked pairs together {}; size violations {}",
        ratio(f.mutual),
        once(f.mutual_once),
        ratio(f.one_sided),
        once(f.one_sided_once),
        f.repeated_meetings,
        f.alone,
        f.no_shared_interest,
        f.blocked_together,
        f.size_violations,
    );
    if f.misplaced > 0 {
        let _ = write!(line, "; MISPLACED {} (invalid seating)", f.misplaced);
    }
    let _ = write!(line, "; {:.2} s wall", m.wall.as_secs_f64());
    if let Some(cpu) = m.cpu {
        let _ = write!(line, ", {:.2} s CPU", cpu.as_secs_f64());
    }
    line
}

/// The block between the markers: how it was measured, the table, and what the columns mean.
pub fn markdown(context: &RunContext, results: &[(Case, Vec<Outcome>)]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Command: `{}`", context.command);
    let _ = writeln!(out);
    let finished = context
        .finished
        .map_or_else(String::new, |f| format!("–{}", f.format("%H:%M")));
    let load = match (&context.load_before, &context.load_after) {
        (Some(before), Some(after)) => {
            format!("load average {before} at the start, {after} at the end")
        }
        _ => "load average unknown".to_owned(),
    };
    let _ = writeln!(
        out,
        "Measured {}{finished} UTC, {} build, source at commit {}; machine: {} CPUs (`nproc`), {}; {load} \
         (1, 5, 15 min; on {} CPUs anything above {} means the engine's lanes waited for a core).",
        context.started.format("%Y-%m-%d %H:%M"),
        context.profile,
        context.commit,
        context.cpus,
        context.cpu_model,
        context.cpus,
        context.cpus,
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Conferences from `matching::generator` (seed {seed}): Zipf interests and affiliations as its defaults, {:.0} % of \
         people in mutual want pairs, 5 % with a one-sided want, 0.1 % blocking someone but at least {}, tables of {}–{} \
         (as many as the generator picks); everyone takes part in every meetup. Engine: `plan::seat_series` as the \
         service calls it ({} lanes, {}, deadline {} s after the start{}{}, seed {seed}). Baselines: *random* \
         (uniform seating, valid head counts, nothing else) and *greedy* (round by round, each person in a seeded \
         random order joins the table where they gain most: no blocked pair, fewest already met, most mutual wants, \
         most one-sided wants, most shared interests); see `tools/bench/src/quality/baselines.rs`.",
        100.0 * super::MUTUAL_WANT_SHARE,
        super::MIN_BLOCKERS,
        super::TABLE_MIN,
        super::TABLE_MAX,
        super::LANES,
        if context.thorough {
            "thorough mode (`--thorough`)"
        } else {
            "quality mode"
        },
        context.max_seconds,
        context.iterations.map_or_else(
            || ", the engine's own iteration budget".to_owned(),
            |i| format!(", at most {i} iterations")
        ),
        if context.full_budget {
            ", searching until the deadline (`--full-budget`)"
        } else {
            ", stopping once converged"
        },
        seed = context.seed,
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "| case | method | mutual pairs together (per meetup) | mutual pairs met at least once | one-sided wants met \
         (per meetup) | one-sided wants met at least once | repeated meetings (forced by the tables) | alone | no shared interest | shared \
         interests at tables | rare interests shared | blocked pairs together | size violations | wall s | CPU s |"
    );
    let _ = writeln!(
        out,
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    let mut misplaced = false;
    for (case, outcomes) in results {
        for outcome in outcomes {
            let name = outcome.method.name();
            let m = match &outcome.result {
                Ok(m) => m,
                Err(e) => {
                    let e = e.replace('|', "\\|");
                    let _ = writeln!(
                        out,
                        "| {} | {name} | failed: {e} | | | | | | | | | | | | |",
                        case_name(case)
                    );
                    continue;
                }
            };
            let f = &m.figures;
            misplaced |= f.misplaced > 0;
            // With one meetup "at least once" is the per-meetup figure again.
            let once = |r: Ratio| {
                if case.rounds.len() == 1 {
                    "—".to_owned()
                } else {
                    ratio(r)
                }
            };
            let _ = writeln!(
                out,
                "| {} | {name} | {} | {} | {} | {} | {} ({}) | {} | {} | {} | {:.0} | {} | {}{} | {:.2} | {} |",
                case_name(case),
                ratio(f.mutual),
                once(f.mutual_once),
                ratio(f.one_sided),
                once(f.one_sided_once),
                f.repeated_meetings,
                case.forced_repeats,
                f.alone,
                f.no_shared_interest,
                f.shared_interests,
                f.rare_interests,
                f.blocked_together,
                f.size_violations,
                if f.misplaced > 0 {
                    format!(" + {} misplaced", f.misplaced)
                } else {
                    String::new()
                },
                m.wall.as_secs_f64(),
                m.cpu
                    .map_or_else(|| "?".to_owned(), |c| format!("{:.2}", c.as_secs_f64())),
            );
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "Conferences:");
    let mut sizes = Vec::new();
    for (case, _) in results {
        if !sizes.contains(&case.people) {
            sizes.push(case.people);
            let _ = writeln!(
                out,
                "- {} people: {}",
                thousands(case.people),
                describe_conference(case)
            );
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Every figure is computed by the suite from the seatings and the problem, not from the engine's report \
         (`tools/bench/src/quality/figures.rs`). A mutual pair: each wants the other; a one-sided want: `i` wants `j`, \
         who does not want `i`. *Possible* (the denominators): both take part and neither blocks the other; per \
         meetup the figures are summed over the meetups, *at least once* counts distinct pairs over the series. \
         *Repeated meetings*: each meeting of a pair after its first in the series; in brackets the fewest any seating can have, because a later table bigger than the number of tables cannot take one person from each (`matching::rules`). *Alone*, *no shared interest* \
         (sharing no interest with anyone at the table, people alone included) and *blocked pairs together* count \
         per meetup and add up over a series. *Shared interests at tables*: interests shared by two people at one table, summed over the pairs; \
         *rare interests shared* weighs each by its rarity, `ln(1 + n / c)` for an interest `c` of the `n` people hold (the interest part of the engine's objective). *Size violations*: tables outside their bounds, per meetup. *CPU s*: \
         the whole process's CPU time while the method ran (`/proc/self/stat`; the engine's two lanes both count)."
    );
    if misplaced {
        let _ = writeln!(
            out,
            "\n**Misplaced** people (participants without a valid table, or seated without taking part) mean an \
             invalid seating."
        );
    }
    out.trim_end().to_owned()
}

/// Writes `block` into the file at `path` between the markers, or appends a section holding
/// them (creating the file if need be).
pub fn write_into(path: &Path, block: &str) -> anyhow::Result<()> {
    let existing = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    let updated = splice(&existing, block).with_context(|| format!("in {}", path.display()))?;
    std::fs::write(path, updated).with_context(|| format!("writing {}", path.display()))
}

/// `text` with what lies between the markers replaced by `block`; without markers, `text` with
/// a new section appended.
pub fn splice(text: &str, block: &str) -> anyhow::Result<String> {
    match (text.find(START), text.find(END)) {
        (Some(start), Some(end)) if start < end => Ok(format!(
            "{}\n{block}\n{}",
            &text[..start + START.len()],
            &text[end..]
        )),
        (None, None) => {
            let mut out = text.trim_end().to_owned();
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            let _ = write!(
                out,
                "## Seating quality suite\n\n\
                 `tablemates-bench quality` seats synthetic conferences with the engine, exactly as the service calls \
                 it, and with two baselines in the same run, and measures every seating itself. Between the markers \
                 is the latest `--write` run; the next one replaces it.\n\n{START}\n{block}\n{END}\n"
            );
            Ok(out)
        }
        _ => anyhow::bail!("the markers {START} and {END} must both appear, in that order"),
    }
}

/// `1 blocked pair`, `2 blocked pairs`.
fn count(n: usize, what: &str) -> String {
    format!("{} {what}{}", thousands(n), if n == 1 { "" } else { "s" })
}

fn ratio(r: Ratio) -> String {
    match r.percent() {
        Some(p) => format!("{}/{} ({p:.1} %)", thousands(r.met), thousands(r.possible)),
        None => "0/0".to_owned(),
    }
}

/// `5000` → `5,000`, as BENCHMARKS.md writes numbers.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The command line as given, with arguments holding spaces or quotes quoted for a shell.
fn command_line(args: impl Iterator<Item = String>) -> String {
    args.map(|a| {
        if !a.is_empty()
            && a.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./=,:@+".contains(c))
        {
            a
        } else {
            format!("'{}'", a.replace('\'', r"'\''"))
        }
    })
    .collect::<Vec<_>>()
    .join(" ")
}

/// The first `model name` of /proc/cpuinfo.
fn cpu_model() -> Option<String> {
    let info = std::fs::read_to_string("/proc/cpuinfo").ok()?;
    info.lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, model)| model.trim().to_owned())
}

/// The 1, 5 and 15 minute load averages, from /proc/loadavg.
fn load_average() -> Option<String> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    let parts: Vec<&str> = text.split_whitespace().take(3).collect();
    (parts.len() == 3).then(|| parts.join(", "))
}

/// The commit of the working directory's checkout (`git rev-parse`), marked when files tracked
/// by git differ from it; "unknown" outside a checkout.
fn commit() -> String {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
    };
    match git(&["rev-parse", "--short=12", "HEAD"]) {
        Some(hash) => match git(&["status", "--porcelain", "--untracked-files=no"]) {
            Some(changes) if !changes.is_empty() => format!("`{hash}` with local changes"),
            _ => format!("`{hash}`"),
        },
        None => "unknown".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_block_replaces_what_lies_between_the_markers_only() {
        let text = format!("# B\n\nbefore\n{START}\nold table\n{END}\nafter\n");
        let out = splice(&text, "new table").unwrap();
        assert_eq!(
            out,
            format!("# B\n\nbefore\n{START}\nnew table\n{END}\nafter\n")
        );
        assert_eq!(splice(&out, "new table").unwrap(), out, "idempotent");
    }

    #[test]
    fn without_markers_a_section_is_appended_and_one_marker_alone_is_an_error() {
        let out = splice("# B\n\ntext\n\n", "table").unwrap();
        assert!(out.starts_with("# B\n\ntext\n\n## Seating quality suite\n"));
        assert!(out.ends_with(&format!("{START}\ntable\n{END}\n")));
        assert!(splice(&format!("x {END} y {START}"), "t").is_err());
        assert!(splice(&format!("x {START} y"), "t").is_err());
    }

    #[test]
    fn numbers_and_command_lines_read_as_written() {
        assert_eq!(thousands(5_000), "5,000");
        assert_eq!(thousands(60), "60");
        assert_eq!(thousands(1_234_567), "1,234,567");
        let args = [
            "tablemates-bench",
            "quality",
            "--people",
            "60,500",
            "--write",
            "my file.md",
        ];
        assert_eq!(
            command_line(args.iter().map(|s| s.to_string())),
            "tablemates-bench quality --people 60,500 --write 'my file.md'"
        );
        assert_eq!(
            ratio(Ratio {
                met: 1,
                possible: 3
            }),
            "1/3 (33.3 %)"
        );
    }
}
