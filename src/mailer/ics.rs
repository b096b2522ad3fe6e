//! The calendar invitation attached to meetup emails: an RFC 5545 VCALENDAR with one VEVENT,
//! sent as an iTIP (RFC 5546) REQUEST for an introduction or a change and as a CANCEL when
//! someone is moved out of a meetup.
//!
//! The UID is stable per attendee and meetup and the SEQUENCE grows by one with every update,
//! both chosen by the workflow that queued the email, so a calendar replaces (or removes) the
//! event it already holds instead of adding a second one.
//!
//! Times are written as the conference's local wall time with `TZID=` and a VTIMEZONE for that
//! zone, so a calendar shows the meetup at the hour printed in the email even when its own
//! zone differs, and a meetup after a daylight-saving change keeps its local hour.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use icalendar::{
    Attendee, Calendar, CalendarDateTime, Component, EventLike, EventStatus, PartStat, Property,
    Role,
};
use serde::Deserialize;

use super::vtimezone;

/// What the invitation asks of the recipient's calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Add the event, or replace the one with the same UID and a lower SEQUENCE.
    Request,
    /// Remove the event with this UID.
    Cancel,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
        }
    }
}

/// The meetup event as the email payload describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invite {
    pub method: Method,
    pub uid: String,
    pub sequence: u32,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// The conference's zone, in which the times are written.
    pub time_zone: Tz,
    pub summary: String,
    pub location: Option<String>,
    pub description: String,
}

#[derive(Deserialize)]
struct Payload {
    conference_name: String,
    meetup: Meetup,
    calendar: CalendarFields,
    #[serde(default)]
    table: Option<Table>,
    #[serde(default)]
    tablemates: Vec<Tablemate>,
}

#[derive(Deserialize)]
struct Meetup {
    name: String,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    /// Every meetup payload names it; an unknown name falls back to UTC times.
    #[serde(default)]
    time_zone: Option<String>,
    #[serde(default)]
    location: Option<String>,
}

#[derive(Deserialize)]
struct CalendarFields {
    uid: String,
    sequence: u32,
    method: String,
}

#[derive(Deserialize)]
struct Table {
    label: String,
}

#[derive(Deserialize)]
struct Tablemate {
    name: String,
}

impl Invite {
    /// Reads the event from a meetup email's payload. `method` is what the email kind means
    /// (an introduction requests, a cancellation cancels); a payload whose `calendar.method`
    /// says otherwise is a bug in the workflow that queued it, reported rather than guessed.
    pub fn from_payload(payload: &serde_json::Value, method: Method) -> Result<Self, String> {
        let p = Payload::deserialize(payload).map_err(|e| format!("calendar payload: {e}"))?;
        if !p.calendar.method.eq_ignore_ascii_case(method.as_str()) {
            return Err(format!(
                "calendar.method is {:?} but this email needs {}",
                p.calendar.method,
                method.as_str()
            ));
        }
        if p.calendar.uid.trim().is_empty() {
            return Err("calendar.uid is empty".into());
        }
        if p.meetup.ends_at <= p.meetup.starts_at {
            return Err("meetup.ends_at is not after meetup.starts_at".into());
        }
        let mut description = Vec::new();
        if let Some(table) = &p.table {
            description.push(format!("Your table: {}", table.label));
        }
        if !p.tablemates.is_empty() {
            let names: Vec<&str> = p.tablemates.iter().map(|t| t.name.as_str()).collect();
            description.push(format!("With: {}", names.join(", ")));
        }
        Ok(Self {
            method,
            uid: p.calendar.uid,
            sequence: p.calendar.sequence,
            starts_at: p.meetup.starts_at,
            ends_at: p.meetup.ends_at,
            time_zone: p
                .meetup
                .time_zone
                .as_deref()
                .and_then(|z| z.parse().ok())
                .unwrap_or(Tz::UTC),
            summary: format!("{} ({})", p.meetup.name, p.conference_name),
            location: p.meetup.location.filter(|l| !l.trim().is_empty()),
            description: description.join("\n"),
        })
    }

    /// The VCALENDAR text: local times in the conference's zone, the sender as ORGANIZER and the recipient as the one
    /// ATTENDEE (each person gets their own invitation). `stamp` is DTSTAMP, when this
    /// version of the invitation was made.
    pub fn to_ics(
        &self,
        organizer: &lettre::message::Mailbox,
        attendee: &lettre::message::Mailbox,
        stamp: DateTime<Utc>,
    ) -> String {
        let mut event = icalendar::Event::new();
        event
            .uid(&self.uid)
            .sequence(self.sequence)
            .timestamp(stamp)
            .starts(local(self.starts_at, self.time_zone))
            .ends(local(self.ends_at, self.time_zone))
            .summary(&one_line(&self.summary))
            .description(&lines(&self.description))
            .status(match self.method {
                Method::Request => EventStatus::Confirmed,
                Method::Cancel => EventStatus::Cancelled,
            })
            .append_property(mailbox_property("ORGANIZER", organizer))
            .attendee(
                mailbox_attendee(attendee)
                    .role(Role::ReqParticipant)
                    .partstat(PartStat::NeedsAction)
                    .rsvp(false),
            );
        if let Some(location) = &self.location {
            event.location(&one_line(location));
        }
        let mut calendar = Calendar::empty();
        calendar
            .append_property(Property::new("VERSION", "2.0"))
            .append_property(Property::new("PRODID", "-//tablemates//meetups//EN"))
            .append_property(Property::new("CALSCALE", "GREGORIAN"))
            .append_property(Property::new("METHOD", self.method.as_str()))
            .push(event.done());
        vtimezone::insert(
            &calendar.to_string(),
            self.time_zone,
            self.starts_at,
            self.ends_at,
        )
    }
}

/// One event of an attendee's own calendar file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEvent {
    pub uid: String,
    /// The SEQUENCE of the last invitation sent for this event (0 when none was).
    pub sequence: u32,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub summary: String,
    pub location: Option<String>,
    pub description: String,
}

/// A calendar file to import (no iTIP method: nothing is asked of anyone), with the same UIDs
/// as the emailed invitations so importing it does not double the events. Times are local to
/// `time_zone`, the conference's.
pub fn calendar_file(events: &[FileEvent], time_zone: Tz, stamp: DateTime<Utc>) -> String {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", "-//tablemates//meetups//EN"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"));
    for e in events {
        let mut event = icalendar::Event::new();
        event
            .uid(&e.uid)
            .sequence(e.sequence)
            .timestamp(stamp)
            .starts(local(e.starts_at, time_zone))
            .ends(local(e.ends_at, time_zone))
            .summary(&one_line(&e.summary))
            .description(&lines(&e.description))
            .status(EventStatus::Confirmed);
        if let Some(location) = &e.location {
            event.location(&one_line(location));
        }
        calendar.push(event.done());
    }
    let first = events.iter().map(|e| e.starts_at).min();
    let last = events.iter().map(|e| e.ends_at).max();
    match (first, last) {
        (Some(first), Some(last)) => {
            vtimezone::insert(&calendar.to_string(), time_zone, first, last)
        }
        _ => calendar.to_string(),
    }
}

/// `at` as wall time in `zone` with its TZID (form #3 of RFC 5545 DATE-TIME).
fn local(at: DateTime<Utc>, zone: Tz) -> CalendarDateTime {
    CalendarDateTime::WithTimezone {
        date_time: at.with_timezone(&zone).naive_local(),
        tzid: zone.name().to_owned(),
    }
}

/// A one-line value (summary, location) as the calendar gets it: every line break, bare CR
/// included, becomes a space. Text stored before line breaks were refused may hold one, and
/// the writer escapes LF but passes CR through, which ends the property line early.
fn one_line(text: &str) -> String {
    text.replace("\r\n", " ")
        .replace(['\r', '\n', '\u{2028}', '\u{2029}'], " ")
}

/// A multi-line value (the description): every line break as LF, which the writer escapes.
fn lines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

fn mailbox_property(key: &str, mailbox: &lettre::message::Mailbox) -> Property {
    let mut property = Property::new(key, format!("mailto:{}", mailbox.email));
    if let Some(name) = mailbox.name.as_deref().filter(|n| !n.is_empty()) {
        property.add_parameter("CN", name);
    }
    property.done()
}

fn mailbox_attendee(mailbox: &lettre::message::Mailbox) -> Attendee {
    let attendee = Attendee::new(format!("mailto:{}", mailbox.email));
    match mailbox.name.as_deref().filter(|n| !n.is_empty()) {
        Some(name) => attendee.cn(name.to_owned()),
        None => attendee,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn payload(method: &str, sequence: u32) -> serde_json::Value {
        json!({
            "conference_name": "RustConf",
            "meetup": {"id": "m1", "name": "Lunch, day 1", "starts_at": "2026-12-01T11:30:00Z",
                       "ends_at": "2026-12-01T12:30:00Z", "time_zone": "Europe/Berlin",
                       "location": "Hall B; by the stairs"},
            "table": {"label": "Table 7 — by the window", "number": 7},
            "tablemates": [{"name": "Bob"}, {"name": "Chen, Li"}],
            "calendar": {"uid": "meetup-m1-attendee-a1@tablemates", "sequence": sequence,
                         "method": method},
        })
    }

    fn parse(ics: &str) -> Calendar {
        ics.parse().unwrap_or_else(|e| panic!("{e}\n{ics}"))
    }

    fn mailboxes() -> (lettre::message::Mailbox, lettre::message::Mailbox) {
        (
            "Test Conf <hello@tablemates.test>".parse().expect("from"),
            "ada@example.org".parse().expect("to"),
        )
    }

    #[test]
    fn a_stored_line_break_cannot_end_a_property_early() {
        let mut p = payload("REQUEST", 1);
        p["meetup"]["location"] = json!("Hall B\rX-INJECTED:1");
        p["meetup"]["name"] = json!("Lunch\r\nATTENDEE:mailto:evil@example.org");
        p["tablemates"] = json!([{"name": "Bob\rX-EVIL:2"}]);
        let invite = Invite::from_payload(&p, Method::Request).expect("ok");
        let (from, to) = mailboxes();
        let stamp = "2026-11-25T10:00:00Z".parse().expect("time");
        let file = calendar_file(
            &[FileEvent {
                uid: "u@tablemates".into(),
                sequence: 0,
                starts_at: invite.starts_at,
                ends_at: invite.ends_at,
                summary: invite.summary.clone(),
                location: invite.location.clone(),
                description: invite.description.clone(),
            }],
            invite.time_zone,
            stamp,
        );
        for ics in [invite.to_ics(&from, &to, stamp), file] {
            let unfolded = ics.replace("\r\n ", "");
            for line in unfolded.split("\r\n") {
                assert!(!line.contains('\r') && !line.contains('\n'), "{line:?}");
                assert!(
                    !line.starts_with("X-INJECTED")
                        && !line.starts_with("X-EVIL")
                        && !line.starts_with("ATTENDEE:mailto:evil"),
                    "{ics}"
                );
            }
            let calendar = parse(&ics);
            let event = calendar.events().next().expect("an event");
            assert_eq!(event.get_location(), Some("Hall B X-INJECTED:1"));
        }
    }

    #[test]
    fn a_request_parses_back_with_its_uid_sequence_method_and_local_times() {
        let invite = Invite::from_payload(&payload("REQUEST", 3), Method::Request).expect("ok");
        let (from, to) = mailboxes();
        let stamp = "2026-11-25T10:00:00Z".parse().expect("time");
        let ics = invite.to_ics(&from, &to, stamp);
        assert!(ics.contains("\r\n"), "CRLF line endings");
        let calendar = parse(&ics);
        assert_eq!(calendar.property_value("METHOD"), Some("REQUEST"));
        let events: Vec<_> = calendar.events().collect();
        assert_eq!(events.len(), 1);
        let event = events[0];
        assert_eq!(event.get_uid(), Some("meetup-m1-attendee-a1@tablemates"));
        assert_eq!(event.get_sequence(), Some(3));
        assert_eq!(event.get_status(), Some(EventStatus::Confirmed));
        assert_eq!(event.get_summary(), Some("Lunch, day 1 (RustConf)"));
        assert_eq!(event.get_location(), Some("Hall B; by the stairs"));
        assert_eq!(
            event.get_description(),
            Some("Your table: Table 7 — by the window\nWith: Bob, Chen, Li")
        );
        assert_eq!(event.get_timestamp(), Some(stamp));
        assert!(
            ics.contains("DTSTART;TZID=Europe/Berlin:20261201T123000"),
            "{ics}"
        );
        assert!(
            ics.contains("DTEND;TZID=Europe/Berlin:20261201T133000"),
            "{ics}"
        );
        assert!(
            ics.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin"),
            "{ics}"
        );
        assert!(
            ics.contains("ORGANIZER;CN=Test Conf:mailto:hello@tablemates.test"),
            "{ics}"
        );
        let attendees = event.get_attendees();
        assert_eq!(attendees.len(), 1);
        assert_eq!(attendees[0].cal_address, "mailto:ada@example.org");
    }

    #[test]
    fn a_cancel_says_so_twice_and_keeps_the_uid() {
        let invite = Invite::from_payload(&payload("CANCEL", 4), Method::Cancel).expect("ok");
        let (from, to) = mailboxes();
        let calendar = parse(&invite.to_ics(&from, &to, Utc::now()));
        assert_eq!(calendar.property_value("METHOD"), Some("CANCEL"));
        let event = calendar.events().next().expect("one event");
        assert_eq!(event.get_status(), Some(EventStatus::Cancelled));
        assert_eq!(event.get_uid(), Some("meetup-m1-attendee-a1@tablemates"));
        assert_eq!(event.get_sequence(), Some(4));
    }

    #[test]
    fn a_payload_that_contradicts_its_kind_or_lacks_fields_is_refused() {
        assert!(Invite::from_payload(&payload("CANCEL", 1), Method::Request).is_err());
        let mut p = payload("REQUEST", 1);
        p["calendar"].as_object_mut().expect("object").remove("uid");
        assert!(Invite::from_payload(&p, Method::Request).is_err());
        let mut p = payload("REQUEST", 1);
        p["meetup"]["ends_at"] = json!("2026-12-01T11:00:00Z");
        assert!(Invite::from_payload(&p, Method::Request).is_err());
    }

    /// The UTC instant a calendar reading `ics` gets for the event's `key` time: the local time
    /// with the offset of the VTIMEZONE observance in force then (the latest one started).
    fn instant_read_back(ics: &str, key: &str) -> (String, DateTime<Utc>) {
        let calendar = parse(ics);
        let event = calendar.events().next().expect("an event");
        let property = event.properties().get(key).expect("the time");
        let tzid = property.params().get("TZID").expect("a TZID").value();
        let local = chrono::NaiveDateTime::parse_from_str(property.value(), "%Y%m%dT%H%M%S")
            .expect("local time");
        let zone = calendar
            .iter()
            .find_map(|c| match c {
                icalendar::CalendarComponent::Other(o) if o.component_kind() == "VTIMEZONE" => {
                    Some(o)
                }
                _ => None,
            })
            .expect("a VTIMEZONE");
        assert_eq!(zone.property_value("TZID"), Some(tzid));
        let offset = zone
            .components()
            .iter()
            .filter_map(|o| {
                let start = chrono::NaiveDateTime::parse_from_str(
                    o.property_value("DTSTART")?,
                    "%Y%m%dT%H%M%S",
                )
                .ok()?;
                let to = o.property_value("TZOFFSETTO")?;
                let sign = if to.starts_with('-') { -1 } else { 1 };
                let seconds =
                    to[1..3].parse::<i64>().ok()? * 3600 + to[3..5].parse::<i64>().ok()? * 60;
                (start <= local).then_some((start, sign * seconds))
            })
            .max()
            .expect("an observance in force")
            .1;
        let utc = (local - chrono::Duration::seconds(offset)).and_utc();
        (local.format("%H:%M").to_string(), utc)
    }

    #[test]
    fn meetups_on_both_sides_of_a_clock_change_keep_their_local_hour() {
        let (from, to) = mailboxes();
        let stamp = "2026-03-01T10:00:00Z".parse().expect("time");
        // 10:00 in Berlin is 09:00 UTC before the change on 29 March and 08:00 UTC after it.
        for (starts, ends) in [
            ("2026-03-28T09:00:00Z", "2026-03-28T10:00:00Z"),
            ("2026-03-30T08:00:00Z", "2026-03-30T09:00:00Z"),
        ] {
            let mut p = payload("REQUEST", 1);
            p["meetup"]["starts_at"] = json!(starts);
            p["meetup"]["ends_at"] = json!(ends);
            let invite = Invite::from_payload(&p, Method::Request).expect("ok");
            let ics = invite.to_ics(&from, &to, stamp);
            let (wall, instant) = instant_read_back(&ics, "DTSTART");
            assert_eq!(wall, "10:00", "{ics}");
            assert_eq!(instant, invite.starts_at, "{ics}");
            let (wall, instant) = instant_read_back(&ics, "DTEND");
            assert_eq!(wall, "11:00", "{ics}");
            assert_eq!(instant, invite.ends_at, "{ics}");
        }
    }

    #[test]
    fn an_old_payload_without_a_known_zone_is_written_in_utc_wall_time() {
        let mut p = payload("REQUEST", 1);
        p["meetup"]
            .as_object_mut()
            .expect("object")
            .remove("time_zone");
        let invite = Invite::from_payload(&p, Method::Request).expect("ok");
        assert_eq!(invite.time_zone, Tz::UTC);
        let (from, to) = mailboxes();
        let ics = invite.to_ics(&from, &to, Utc::now());
        assert!(ics.contains("DTSTART;TZID=UTC:20261201T113000"), "{ics}");
    }
}
