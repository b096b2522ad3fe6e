//! A plan as the meetup page shows it: whole (figures, the chart of every table, and one page of
//! the tables' lists with their forms), or by its figures alone. A meetup of 600 tables lists
//! them 60 at a time: every list on one page made it three megabytes and 300 ms to serve, while
//! the chart keeps the whole plan in view. The chart is an image of its own, addressed by the
//! plan's version, so paging through the lists neither draws nor sends it again.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::records::{Plan, PlanSummary};
use crate::error::FieldError;
use crate::http::dto::plans::PlanOut;
use crate::i18n::Arg;
use crate::workflows::console::Shown;

pub use crate::workflows::console::TABLES_PER_PAGE;
use crate::workflows::console::page_range;

/// What a plan's metrics say, as the page shows them; a plan stored before a figure existed
/// shows it as zero.
#[derive(Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Metrics {
    people: u64,
    /// The plan's score: what the matcher maximises.
    objective: f64,
    mutual_wants: WantCount,
    repeats: u64,
    people_alone: u64,
    people_sharing_no_interest: u64,
    rules: Vec<RuleNote>,
}

impl Metrics {
    /// The stored figures, with each rule note in the page's language.
    fn of(value: serde_json::Value) -> Self {
        let mut metrics: Self = serde_json::from_value(value).unwrap_or_default();
        let language = crate::http::language::current();
        for note in &mut metrics.rules {
            note.message = note.said_in(language);
        }
        metrics
    }
}

#[derive(Serialize, Deserialize, Default)]
#[serde(default)]
struct WantCount {
    met: u64,
    possible: u64,
}

/// A rule note as the plan stores it: the English message, and (since notes carried them) the
/// catalogue id and values that say it in another language.
#[derive(Serialize, Deserialize, Default)]
#[serde(default)]
struct RuleNote {
    message: String,
    code: Option<String>,
    args: std::collections::BTreeMap<String, i64>,
}

impl RuleNote {
    /// The note in `language`; a note stored before notes had codes keeps its English.
    fn said_in(&self, language: crate::domain::Language) -> String {
        let Some(code) = &self.code else {
            return self.message.clone();
        };
        let args: Vec<(&str, Arg)> = self
            .args
            .iter()
            .map(|(name, &n)| (name.as_str(), Arg::Number(n)))
            .collect();
        crate::i18n::translate(language, code, &args).unwrap_or_else(|_| self.message.clone())
    }
}

#[derive(Serialize)]
struct Shared {
    interest: String,
    people: Vec<String>,
}

#[derive(Serialize)]
struct TableView {
    label: String,
    members: Vec<String>,
    shared: Vec<Shared>,
    number: i32,
    locked: bool,
    /// The members with their ids and locks, for the adjustment forms.
    people: Vec<super::plan_view::PersonView>,
}

/// The meetup page's choice of plan and page of its tables, from its query string.
#[derive(Debug, Clone, Copy)]
pub struct View {
    pub show: Shown,
    /// 1-based.
    pub page: usize,
}

impl Default for View {
    fn default() -> Self {
        Self {
            show: Shown::Draft,
            page: 1,
        }
    }
}

impl View {
    /// `show=draft|published` and `page=N`; other parameters (the adjustment's note) are not
    /// this view's. A value that means nothing is refused, naming the parameter.
    pub fn of(query: &str) -> (Self, Vec<FieldError>) {
        let pairs: HashMap<String, String> = serde_urlencoded::from_str(query).unwrap_or_default();
        let mut view = Self::default();
        let mut errors = Vec::new();
        match pairs.get("show").map(String::as_str) {
            None | Some("" | "draft") => {}
            Some("published") => view.show = Shown::Published,
            Some(_) => errors.push(FieldError::coded(
                "show",
                crate::http::reasons::either(&["draft", "published"]),
            )),
        }
        if let Some(page) = pairs.get("page").filter(|p| !p.is_empty()) {
            match page.parse::<usize>() {
                Ok(n) if n >= 1 => view.page = n,
                _ => errors.push(FieldError::coded(
                    "page",
                    crate::http::reasons::whole_number_from(1),
                )),
            }
        }
        (view, errors)
    }
}

/// A link to another page of a plan's tables.
#[derive(Serialize)]
struct PageLink {
    number: usize,
    href: String,
    current: bool,
}

/// Which of a plan's tables this page lists, and the links to the others.
#[derive(Serialize)]
struct Paging {
    /// 1-based; the adjustment forms send it back, so a change returns to this page.
    page: usize,
    /// "Tables 61–120 of 600".
    first: usize,
    last: usize,
    total: usize,
    links: Vec<PageLink>,
    previous: Option<String>,
    next: Option<String>,
}

impl Paging {
    /// Page `page` (past the end: the last) of `total` tables of the plan `show` names.
    fn new(total: usize, page: usize, show: &str) -> (Self, std::ops::Range<usize>) {
        let pages = total.div_ceil(TABLES_PER_PAGE).max(1);
        let (page, range) = page_range(total, page, TABLES_PER_PAGE);
        let (start, end) = (range.start, range.end);
        let href = |n: usize| format!("?show={show}&page={n}#{show}-tables");
        let paging = Self {
            page,
            first: start + 1,
            last: end,
            total,
            links: if pages > 1 {
                (1..=pages)
                    .map(|n| PageLink {
                        number: n,
                        href: href(n),
                        current: n == page,
                    })
                    .collect()
            } else {
                Vec::new()
            },
            previous: (page > 1).then(|| href(page - 1)),
            next: (page < pages).then(|| href(page + 1)),
        };
        (paging, range)
    }
}

/// A plan shown whole.
#[derive(Serialize)]
pub struct PlanPage {
    id: Uuid,
    version: i32,
    metrics: Metrics,
    /// The occupied tables this page lists.
    tables: Vec<TableView>,
    paging: Paging,
    /// The address of the plan's seating chart of every table, at this version, and its
    /// layout's columns (which set its width on the page).
    chart: String,
    chart_columns: usize,
    /// Every table of the meetup, empty ones too: where a person can be moved.
    choices: Vec<super::plan_view::TableChoice>,
}

impl PlanPage {
    /// `plan` with page `page` of its occupied tables, whose numbers are `occupied` (the plan
    /// holds the seats of that page's tables at least); `show` is its name in links and `slug`
    /// its conference's.
    pub fn new(
        plan: Plan,
        names: &HashMap<Uuid, String>,
        (occupied, page): (&[i32], usize),
        (show, slug): (&str, &str),
    ) -> Self {
        let out = PlanOut::new(plan, names);
        let chart = format!(
            "/organizer/c/{slug}/plans/{}/chart.svg?v={}",
            out.id, out.version
        );
        let chart_columns = occupied.len().clamp(1, super::chart::COLUMNS);
        let choices = super::plan_view::choices(&out);
        let name = |id: &serde_json::Value| {
            id.as_str()
                .and_then(|id| Uuid::parse_str(id).ok())
                .and_then(|id| names.get(&id).cloned())
        };
        let (paging, range) = Paging::new(occupied.len(), page, show);
        let listed = &occupied[range];
        let tables = out
            .tables
            .into_iter()
            .filter(|t| listed.contains(&t.number))
            .map(|t| TableView {
                shared: t.explanation["shared_interests"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|s| Shared {
                        interest: s["interest"].as_str().unwrap_or_default().to_owned(),
                        people: s["attendee_ids"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(name)
                            .collect(),
                    })
                    .collect(),
                label: t.label,
                number: t.number,
                locked: t.locked,
                people: t
                    .members
                    .iter()
                    .map(super::plan_view::PersonView::from)
                    .collect(),
                members: t.members.into_iter().map(|m| m.name).collect(),
            })
            .collect();
        Self {
            id: out.id,
            version: out.version,
            metrics: Metrics::of(out.metrics),
            tables,
            paging,
            chart,
            chart_columns,
            choices,
        }
    }
}

/// A plan shown by its figures, with a link to see it whole.
#[derive(Serialize)]
pub struct PlanFigures {
    id: Uuid,
    version: i32,
    metrics: Metrics,
}

impl From<&PlanSummary> for PlanFigures {
    fn from(plan: &PlanSummary) -> Self {
        Self {
            id: plan.id,
            version: plan.version,
            metrics: Metrics::of(plan.metrics.clone()),
        }
    }
}

impl From<&Plan> for PlanFigures {
    fn from(plan: &Plan) -> Self {
        Self {
            id: plan.id,
            version: plan.version,
            metrics: Metrics::of(plan.metrics.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Language;
    use crate::matching::model::TableSpec;
    use crate::matching::rules::{self, Forced, MissedPairs, Origin, SeatingFacts};

    /// One seating's facts per kind of note the rules write, with both origins: every code.
    fn every_note() -> Vec<serde_json::Value> {
        let tables = [TableSpec::open(3, 4), TableSpec::open(3, 4)];
        let mut notes = Vec::new();
        for origin in [Origin::Search, Origin::Adjusted] {
            for (forced, repeats, missed) in [
                (
                    0,
                    2,
                    MissedPairs::AtThisMeetup {
                        missed: 3,
                        possible: 5,
                    },
                ),
                (2, 4, MissedPairs::InSeries(2)),
                (2, 2, MissedPairs::InSeries(0)),
            ] {
                let facts = SeatingFacts {
                    tables: &tables,
                    people: 8,
                    forced: (forced > 0).then_some(Forced {
                        repeats: forced,
                        earlier: 1,
                        earlier_tables: 3,
                    }),
                    repeats,
                    missed,
                    people_alone: 2,
                    origin,
                };
                notes.extend(
                    rules::notes(&facts)
                        .iter()
                        .map(|n| serde_json::to_value(n).expect("a note serialises")),
                );
            }
        }
        notes
    }

    #[test]
    fn every_rule_note_reads_the_same_in_the_english_catalogue_and_translates_to_german() {
        let notes = every_note();
        let codes: std::collections::BTreeSet<String> = notes
            .iter()
            .map(|n| n["code"].as_str().expect("a code").to_owned())
            .collect();
        assert_eq!(codes.len(), 10, "{codes:?}");
        for stored in notes {
            let note: RuleNote = serde_json::from_value(stored).expect("the page reads it");
            assert_eq!(note.said_in(Language::En), note.message);
            let german = note.said_in(Language::De);
            assert_ne!(german, note.message);
            assert!(
                !german.contains("pairs") && !german.contains("people"),
                "{german}"
            );
        }
    }

    #[test]
    fn a_note_stored_before_notes_had_codes_keeps_its_english() {
        let old: RuleNote =
            serde_json::from_value(serde_json::json!({"rule": "no_repeats", "message": "2 pairs"}))
                .expect("an old note");
        assert_eq!(old.said_in(Language::De), "2 pairs");
    }

    #[test]
    fn six_hundred_tables_make_ten_pages_and_a_page_past_the_end_is_the_last() {
        let (paging, range) = Paging::new(600, 2, "draft");
        assert_eq!(range, 60..120);
        assert_eq!((paging.first, paging.last, paging.total), (61, 120, 600));
        assert_eq!(paging.links.len(), 10);
        assert!(paging.links[1].current);
        assert_eq!(
            paging.previous.as_deref(),
            Some("?show=draft&page=1#draft-tables")
        );
        let (last, range) = Paging::new(600, 99, "published");
        assert_eq!(range, 540..600);
        assert_eq!(last.next, None);
        assert_eq!(last.links.last().map(|l| l.current), Some(true));
    }

    #[test]
    fn a_plan_of_one_page_has_no_page_links() {
        let (paging, range) = Paging::new(7, 1, "draft");
        assert_eq!(range, 0..7);
        assert!(paging.links.is_empty());
        assert_eq!((paging.previous, paging.next), (None, None));
    }

    #[test]
    fn the_view_reads_its_own_parameters_and_names_a_bad_one() {
        let (view, errors) = View::of("show=published&page=3&version=2&tables=1:0.5");
        assert_eq!((view.show, view.page), (Shown::Published, 3));
        assert!(errors.is_empty());
        let (view, errors) = View::of("show=everything&page=0");
        assert_eq!((view.show, view.page), (Shown::Draft, 1));
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["show", "page"]);
    }
}
