//! The feasibility preview's problems in the console's language. The engine words them in
//! English with its own table indices; the console says them from the typed issue, with the
//! tables' own numbers, which is what the organizer sees on the page.

use crate::domain::Language;
use crate::i18n::{self, Arg};
use crate::matching::feasibility::IssueKind;
use crate::workflows::plans::preview::MeetupPreview;

/// Each problem of `preview`, in `language`, in the engine's order. A problem the organizer's
/// inputs cannot cause (a lock naming nobody) keeps the engine's English.
pub fn problems_in(preview: &MeetupPreview, language: Language) -> Vec<String> {
    let report = &preview.engine.feasibility;
    let number = |t: u32| {
        let n = preview
            .meetup
            .fields
            .tables
            .get(t as usize)
            .map_or(i64::from(t) + 1, |d| i64::from(d.number));
        Arg::Number(n)
    };
    let count = |n: u64| Arg::Number(i64::try_from(n).unwrap_or(i64::MAX));
    // People against seats; with locks, the tables' own sum is named too.
    let seats =
        |[plain, locks, sum]: [&'static str; 3], people: u32, with_locks: u64, without: u64| {
            let mut args = vec![
                ("people", count(people.into())),
                ("seats", count(with_locks)),
            ];
            if with_locks == without {
                (plain, args)
            } else {
                args.push((sum, count(without)));
                (locks, args)
            }
        };
    let mut names = preview.without_a_table.iter();
    report
        .problems
        .iter()
        .zip(&preview.problems)
        .map(|(issue, english)| {
            let (id, args): (&str, Vec<(&str, Arg)>) = match issue.kind {
                IssueKind::TableBoundsInverted { table, min, max } => (
                    "preview-bounds-inverted",
                    vec![
                        ("table", number(table)),
                        ("min", count(min.into())),
                        ("max", count(max.into())),
                    ],
                ),
                IssueKind::TooFewPeople { people, min_seats } => seats(
                    ["preview-too-few", "preview-too-few-locks", "minimums"],
                    people,
                    min_seats,
                    report.min_seats,
                ),
                IssueKind::TooManyPeople { people, max_seats } => seats(
                    ["preview-too-many", "preview-too-many-locks", "maximums"],
                    people,
                    max_seats,
                    report.max_seats,
                ),
                IssueKind::LockedSeatsOverCapacity { table, locked, max } => (
                    "preview-locked-over",
                    vec![
                        ("table", number(table)),
                        ("locked", count(locked.into())),
                        ("max", count(max.into())),
                    ],
                ),
                IssueKind::LockedTableUnderMinimum { table, locked, min } => (
                    "preview-locked-under",
                    vec![
                        ("table", number(table)),
                        ("locked", count(locked.into())),
                        ("min", count(min.into())),
                    ],
                ),
                IssueKind::BlockedPairLockedTogether { table, .. } => {
                    ("preview-blocked-together", vec![("table", number(table))])
                }
                IssueKind::NoTableFor { .. } => (
                    "preview-no-table",
                    vec![("name", Arg::Text(names.next().cloned().unwrap_or_default()))],
                ),
                IssueKind::LockedSeatUnknownPerson { .. }
                | IssueKind::LockedSeatUnknownTable { .. }
                | IssueKind::PersonLockedTwice { .. }
                | IssueKind::UnknownPerson { .. } => return english.clone(),
            };
            i18n::text(language, id, &args)
        })
        .collect()
}
