//! Template filters for the meetup emails: the meetup's time in its own time zone, and a
//! conversation starter drawn from what a table shares. Pure and deterministic, so the same
//! payload always renders the same email.

use crate::domain::{Language, TimeZone};
use crate::i18n::Arg;
use chrono::{DateTime, Utc};
use minijinja::value::Serde;
use minijinja::{Environment, Error, ErrorKind};
use serde::Deserialize;

/// Registers the filters on `env`.
pub fn register(env: &mut Environment<'static>) {
    env.add_filter("meetup_time", meetup_time);
    env.add_filter("conversation_starter", conversation_starter);
    env.add_filter("network_name", |raw: String| {
        crate::domain::Network::display_name_of(&raw)
    });
}

#[derive(Deserialize)]
pub struct MeetupTimes {
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    time_zone: String,
}

/// `{{ meetup | meetup_time }}`: "Tuesday 1 December 2026, 12:30–13:30 (Europe/Berlin)", or
/// both dates when the meetup ends on another day.
fn meetup_time(meetup: Serde<MeetupTimes>) -> Result<String, Error> {
    format_meetup_time(&meetup)
}

fn format_meetup_time(meetup: &MeetupTimes) -> Result<String, Error> {
    let tz = TimeZone::parse(&meetup.time_zone).map_err(|_| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("{:?} is not an IANA time zone", meetup.time_zone),
        )
    })?;
    Ok(crate::i18n::dates::span(
        crate::i18n::rendering().unwrap_or_default(),
        tz,
        meetup.starts_at,
        meetup.ends_at,
    ))
}

#[derive(Deserialize)]
pub struct Shared {
    interest: String,
    people: Vec<String>,
}

/// Message ids of questions that work for any topic; which one a table gets depends only on
/// the topic.
const STARTERS: &[&str] = &[
    "starter-1",
    "starter-2",
    "starter-3",
    "starter-4",
    "starter-5",
];

/// `{{ shared_interests | conversation_starter }}`: a question about the interest the fewest
/// people at the table share (the most particular common ground; the first such one on a
/// tie), naming who shares it. Without shared interests, a question that suits anyone. In the
/// language of the email being rendered.
fn conversation_starter(shared: Serde<Vec<Shared>>) -> Result<String, Error> {
    starter(crate::i18n::rendering()?, &shared)
}

fn starter(language: Language, shared: &[Shared]) -> Result<String, Error> {
    let text = |id: &str, args: &[(&str, Arg)]| {
        crate::i18n::translate(language, id, args)
            .map_err(|e| Error::new(ErrorKind::UndefinedError, e))
    };
    let Some(pick) = shared
        .iter()
        .filter(|s| s.people.len() >= 2 && !s.interest.trim().is_empty())
        .min_by_key(|s| s.people.len())
    else {
        return text("starter-generic", &[]);
    };
    let interest = || Arg::Text(pick.interest.clone());
    let question = text(
        STARTERS[stable_hash(&pick.interest) as usize % STARTERS.len()],
        &[("interest", interest())],
    )?;
    text(
        "starter-shared",
        &[
            ("people", Arg::Text(names(language, &pick.people)?)),
            ("interest", interest()),
            ("question", Arg::Text(question)),
        ],
    )
}

/// "Ada", "Ada and Bob", "Ada, Bob and Chen" (or "und").
fn names(language: Language, people: &[String]) -> Result<String, Error> {
    Ok(match people {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => crate::i18n::translate(
            language,
            "names-and",
            &[
                ("first", Arg::Text(init.join(", "))),
                ("last", Arg::Text(last.clone())),
            ],
        )
        .map_err(|e| Error::new(ErrorKind::UndefinedError, e))?,
    })
}

/// FNV-1a: fixed across builds and platforms, unlike the standard library's hasher.
fn stable_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn times(starts: &str, ends: &str, tz: &str) -> MeetupTimes {
        MeetupTimes {
            starts_at: starts.parse().expect("time"),
            ends_at: ends.parse().expect("time"),
            time_zone: tz.to_owned(),
        }
    }

    #[test]
    fn a_meetup_shows_in_its_own_time_zone() {
        let t = times(
            "2026-12-01T11:30:00Z",
            "2026-12-01T12:30:00Z",
            "Europe/Berlin",
        );
        assert_eq!(
            format_meetup_time(&t).expect("formats"),
            "Tuesday 1 December 2026, 12:30–13:30 (Europe/Berlin)"
        );
        let summer = times(
            "2026-07-01T16:00:00Z",
            "2026-07-01T17:00:00Z",
            "America/New_York",
        );
        assert_eq!(
            format_meetup_time(&summer).expect("formats"),
            "Wednesday 1 July 2026, 12:00–13:00 (America/New_York)"
        );
    }

    #[test]
    fn a_meetup_past_midnight_shows_both_days() {
        let t = times("2026-12-01T22:00:00Z", "2026-12-01T23:30:00Z", "Asia/Tokyo");
        assert_eq!(
            format_meetup_time(&t).expect("formats"),
            "Wednesday 2 December 2026, 07:00–08:30 (Asia/Tokyo)"
        );
        let late = times(
            "2026-12-01T22:00:00Z",
            "2026-12-01T23:30:00Z",
            "Europe/Berlin",
        );
        assert_eq!(
            format_meetup_time(&late).expect("formats"),
            "Tuesday 1 December 2026, 23:00 – Wednesday 2 December 2026, 00:30 (Europe/Berlin)"
        );
    }

    #[test]
    fn an_unknown_time_zone_is_an_error() {
        let t = times(
            "2026-12-01T11:30:00Z",
            "2026-12-01T12:30:00Z",
            "Mars/Olympus",
        );
        assert!(format_meetup_time(&t).is_err());
    }

    fn shared(interest: &str, people: &[&str]) -> Shared {
        Shared {
            interest: interest.to_owned(),
            people: people.iter().map(|p| (*p).to_owned()).collect(),
        }
    }

    #[test]
    fn the_starter_uses_the_interest_the_fewest_share_and_names_them() {
        let table = [
            shared("rust", &["Ada", "Bob", "Chen"]),
            shared("sourdough", &["Ada", "Chen"]),
            shared("chess", &["Bob", "Chen"]),
        ];
        let s = starter(Language::En, &table).expect("starts");
        assert!(
            s.starts_with("Ada and Chen share an interest in sourdough."),
            "{s}"
        );
        assert!(s.matches("sourdough").count() >= 2, "{s}");
        assert_eq!(
            s,
            starter(Language::En, &table).expect("starts"),
            "deterministic"
        );
        let de = starter(Language::De, &table).expect("starts");
        assert!(
            de.starts_with("Ada und Chen interessieren sich für sourdough."),
            "{de}"
        );
    }

    #[test]
    fn without_shared_interests_the_starter_is_generic() {
        let generic = "Ask each other which talk you are most looking forward to, and why.";
        assert_eq!(starter(Language::En, &[]).expect("starts"), generic);
        assert_eq!(
            starter(Language::En, &[shared("rust", &["Ada"])]).expect("starts"),
            generic
        );
    }

    #[test]
    fn the_question_depends_on_the_topic_only() {
        let questions: std::collections::HashSet<String> = ["rust", "go", "zig", "ocaml", "gleam"]
            .iter()
            .map(|i| {
                starter(Language::En, &[shared(i, &["A", "B"])])
                    .expect("starts")
                    .replace(i, "_")
            })
            .collect();
        assert!(questions.len() > 1, "different topics, different questions");
        assert_eq!(
            names(Language::En, &["A".into(), "B".into(), "C".into()]).expect("names"),
            "A, B and C"
        );
        assert_eq!(
            names(Language::De, &["A".into(), "B".into(), "C".into()]).expect("names"),
            "A, B und C"
        );
    }
}
