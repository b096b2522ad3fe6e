//! Webhooks out: the events a conference sends, what each carries, which endpoint URLs may
//! receive them, and the Standard Webhooks signature (<https://www.standardwebhooks.com>).
//!
//! A payload carries ids, never an attendee's details: a receiver that wants a name asks the
//! API, which answers with what organizers may see (see `privacy`). So no detail an attendee
//! keeps from organizers can leave the service through a webhook.

mod endpoint_url;
mod signature;

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

pub use endpoint_url::{check_url, is_public};
pub use signature::{SECRET_PREFIX, secret_from_bytes, secret_key, sign};

use super::ParseError;

/// The event types, as the API names them and the `type` of a payload says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventType {
    AttendeeConfirmed,
    PlanPublished,
    TableChanged,
    MeetupChanged,
    MeetupCancelled,
}

impl EventType {
    pub const ALL: [EventType; 5] = [
        EventType::AttendeeConfirmed,
        EventType::PlanPublished,
        EventType::TableChanged,
        EventType::MeetupChanged,
        EventType::MeetupCancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventType::AttendeeConfirmed => "attendee.confirmed",
            EventType::PlanPublished => "plan.published",
            EventType::TableChanged => "table.changed",
            EventType::MeetupChanged => "meetup.changed",
            EventType::MeetupCancelled => "meetup.cancelled",
        }
    }

    fn names() -> String {
        let names: Vec<&str> = Self::ALL.iter().map(|e| e.as_str()).collect();
        names.join(", ")
    }
}

impl std::str::FromStr for EventType {
    type Err = ParseError;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let name = raw.trim();
        Self::ALL
            .into_iter()
            .find(|e| e.as_str() == name)
            .ok_or_else(|| {
                ParseError::coded(
                    "field-webhook-event",
                    [
                        ("name", format!("{name:?}").into()),
                        ("events", Self::names().into()),
                    ],
                    format!("{name:?} is not an event; events are {}", Self::names()),
                )
            })
    }
}

impl std::fmt::Display for EventType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The events an endpoint subscribes to: at least one, each once, in a fixed order.
pub fn parse_events<S: AsRef<str>>(raw: &[S]) -> Result<Vec<EventType>, ParseError> {
    if raw.is_empty() {
        return Err(ParseError::coded(
            "field-webhook-events-empty",
            [("events", EventType::names().into())],
            format!("name at least one event of {}", EventType::names()),
        ));
    }
    let mut events = raw
        .iter()
        .map(|r| r.as_ref().parse())
        .collect::<Result<Vec<EventType>, _>>()?;
    events.sort();
    events.dedup();
    Ok(events)
}

/// Events as stored: their names joined by commas.
pub fn events_text(events: &[EventType]) -> String {
    let names: Vec<&str> = events.iter().map(|e| e.as_str()).collect();
    names.join(",")
}

/// Events as stored, read back; a name this version does not know is skipped.
pub fn events_of_text(text: &str) -> Vec<EventType> {
    text.split(',').filter_map(|n| n.parse().ok()).collect()
}

/// One event that happened in a conference, with the ids it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    AttendeeConfirmed {
        attendee_id: Uuid,
    },
    PlanPublished {
        meetup_id: Uuid,
        plan_id: Uuid,
        version: i32,
    },
    /// Seats of a published plan changed (a repair): which tables, in which version.
    TableChanged {
        meetup_id: Uuid,
        plan_id: Uuid,
        version: i32,
        change_id: Uuid,
        tables: Vec<i32>,
    },
    MeetupChanged {
        meetup_id: Uuid,
    },
    MeetupCancelled {
        meetup_id: Uuid,
    },
}

impl Event {
    pub fn event_type(&self) -> EventType {
        match self {
            Event::AttendeeConfirmed { .. } => EventType::AttendeeConfirmed,
            Event::PlanPublished { .. } => EventType::PlanPublished,
            Event::TableChanged { .. } => EventType::TableChanged,
            Event::MeetupChanged { .. } => EventType::MeetupChanged,
            Event::MeetupCancelled { .. } => EventType::MeetupCancelled,
        }
    }

    /// The body every endpoint receives, in the Standard Webhooks shape.
    pub fn body(&self, conference: &str, at: DateTime<Utc>) -> String {
        let mut data = match self {
            Event::AttendeeConfirmed { attendee_id } => json!({ "attendee_id": attendee_id }),
            Event::PlanPublished {
                meetup_id,
                plan_id,
                version,
            } => json!({ "meetup_id": meetup_id, "plan_id": plan_id, "version": version }),
            Event::TableChanged {
                meetup_id,
                plan_id,
                version,
                change_id,
                tables,
            } => json!({
                "meetup_id": meetup_id,
                "plan_id": plan_id,
                "version": version,
                "change_id": change_id,
                "tables": tables,
            }),
            Event::MeetupChanged { meetup_id } | Event::MeetupCancelled { meetup_id } => {
                json!({ "meetup_id": meetup_id })
            }
        };
        if let Value::Object(map) = &mut data {
            map.insert("conference".into(), Value::String(conference.to_owned()));
        }
        json!({
            "type": self.event_type().as_str(),
            "timestamp": at.to_rfc3339_opts(SecondsFormat::Millis, true),
            "data": data,
        })
        .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_names_round_trip_and_unknown_ones_name_the_list() {
        for e in EventType::ALL {
            assert_eq!(e.as_str().parse::<EventType>(), Ok(e));
        }
        let err = "plan.drafted".parse::<EventType>().unwrap_err();
        assert!(err.message().contains("plan.published"), "{err:?}");
    }

    #[test]
    fn subscriptions_are_sorted_without_repeats_and_not_empty() {
        let events = parse_events(&["meetup.changed", "attendee.confirmed", "meetup.changed"]);
        assert_eq!(
            events,
            Ok(vec![EventType::AttendeeConfirmed, EventType::MeetupChanged])
        );
        assert!(parse_events::<&str>(&[]).is_err());
        assert_eq!(
            events_of_text(&events_text(&EventType::ALL)),
            EventType::ALL.to_vec()
        );
    }

    #[test]
    fn a_body_has_the_standard_shape_and_names_the_conference() {
        let id = Uuid::nil();
        let at = DateTime::parse_from_rfc3339("2026-12-05T10:00:00Z")
            .unwrap()
            .to_utc();
        let body: Value =
            serde_json::from_str(&Event::MeetupCancelled { meetup_id: id }.body("rustconf", at))
                .unwrap();
        assert_eq!(
            body,
            json!({
                "type": "meetup.cancelled",
                "timestamp": "2026-12-05T10:00:00.000Z",
                "data": {"conference": "rustconf", "meetup_id": id},
            })
        );
    }
}
