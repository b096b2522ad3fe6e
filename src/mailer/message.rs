//! Turns a rendered email into a MIME message: From, one To, Subject, Date, a Message-ID
//! derived from the outbox row, a multipart/alternative body with text and HTML, and where
//! the email has them, the RFC 8058 unsubscribe headers and a calendar invitation; signed with
//! DKIM last when a key is configured.
//!
//! With an invitation the body is multipart/mixed: the alternative first, then the ICS as a
//! `text/calendar; method=…` attachment, which mail clients offer to add to the calendar; an
//! introduction to a whole series carries one such attachment per meetup.

use chrono::{DateTime, Utc};
use lettre::Message;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart};

use super::dkim::Signer;
use super::ics::Method;
use super::templates::Rendered;

/// Builds the message for outbox row `id`, unsigned. The Message-ID is the row's id, so a
/// retried email carries the same Message-ID and receivers can tell a duplicate from a new
/// email.
pub fn build(
    id: uuid::Uuid,
    from: &Mailbox,
    recipient: &str,
    rendered: &Rendered,
    date: DateTime<Utc>,
) -> Result<Message, String> {
    build_signed(id, from, recipient, rendered, date, None)
}

/// [`build`], then signed with `dkim` when given.
pub fn build_signed(
    id: uuid::Uuid,
    from: &Mailbox,
    recipient: &str,
    rendered: &Rendered,
    date: DateTime<Utc>,
    dkim: Option<&Signer>,
) -> Result<Message, String> {
    let to: Mailbox = recipient
        .parse()
        .map_err(|e| format!("recipient is not an email address: {e}"))?;
    let mut builder = Message::builder()
        .from(from.clone())
        .to(to.clone())
        .subject(rendered.subject.clone())
        .date(date.into())
        .message_id(Some(format!("<{id}@{}>", from.email.domain())));
    if let Some(url) = &rendered.unsubscribe_url {
        builder = builder
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe"),
                format!("<{url}>"),
            ))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                "List-Unsubscribe=One-Click".to_owned(),
            ));
    }
    let alternative =
        MultiPart::alternative_plain_html(rendered.text.clone(), rendered.html.clone());
    let invites: Vec<&super::ics::Invite> = rendered
        .calendar
        .iter()
        .chain(&rendered.more_calendars)
        .collect();
    let body = if invites.is_empty() {
        alternative
    } else {
        let mut mixed = MultiPart::mixed().multipart(alternative);
        for (i, invite) in invites.into_iter().enumerate() {
            let content_type = ContentType::parse(&format!(
                "text/calendar; charset=utf-8; method={}",
                invite.method.as_str()
            ))
            .map_err(|e| format!("calendar content type: {e}"))?;
            let stem = match invite.method {
                Method::Request => "invite",
                Method::Cancel => "cancel",
            };
            // invite.ics, then invite-2.ics, … for the further meetups of a series.
            let filename = match i {
                0 => format!("{stem}.ics"),
                n => format!("{stem}-{}.ics", n + 1),
            };
            mixed = mixed.singlepart(
                Attachment::new(filename).body(invite.to_ics(from, &to, date), content_type),
            );
        }
        mixed
    };
    let mut message = builder
        .multipart(body)
        .map_err(|e| format!("building the message: {e}"))?;
    if let Some(signer) = dkim {
        signer.sign(&mut message);
    }
    Ok(message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mailer::ics::Invite;
    use mail_parser::{MessageParser, MimeHeaders};

    fn from() -> Mailbox {
        "tablemates <no-reply@tablemates.test>"
            .parse()
            .expect("mailbox")
    }

    fn rendered() -> Rendered {
        Rendered {
            subject: "Hello".into(),
            text: "plain words\n".into(),
            html: "<p>html words</p>".into(),
            ..Rendered::default()
        }
    }

    fn invite(method: Method) -> Invite {
        Invite {
            method,
            uid: "meetup-m-attendee-a@tablemates".into(),
            sequence: 2,
            starts_at: "2026-12-01T11:30:00Z".parse().expect("time"),
            ends_at: "2026-12-01T12:30:00Z".parse().expect("time"),
            time_zone: chrono_tz::Europe::Berlin,
            summary: "Lunch (RustConf)".into(),
            location: Some("Hall B".into()),
            description: "Your table: Table 7".into(),
        }
    }

    /// The message of `rendered` to ada@example.org, as sent.
    fn formatted_to_ada(rendered: &Rendered) -> Vec<u8> {
        build(
            uuid::Uuid::now_v7(),
            &from(),
            "ada@example.org",
            rendered,
            Utc::now(),
        )
        .expect("builds")
        .formatted()
    }

    #[test]
    fn a_message_has_both_parts_and_the_row_id_as_message_id() {
        let id = uuid::Uuid::now_v7();
        let rendered = rendered();
        let message = build(id, &from(), "ada@example.org", &rendered, Utc::now()).expect("builds");
        let text = String::from_utf8(message.formatted()).expect("ascii");
        assert!(
            text.contains(&format!("Message-ID: <{id}@tablemates.test>")),
            "{text}"
        );
        assert!(text.contains("To: ada@example.org"), "{text}");
        assert!(text.contains("multipart/alternative"), "{text}");
        assert!(!text.contains("multipart/mixed"), "{text}");
        assert!(!text.contains("List-Unsubscribe"), "{text}");
        assert!(!text.contains("DKIM-Signature"), "{text}");
        assert!(
            text.contains("plain words") && text.contains("html words"),
            "{text}"
        );
        assert!(build(id, &from(), "not an address", &rendered, Utc::now()).is_err());
    }

    #[test]
    fn a_non_transactional_email_carries_one_click_unsubscribe_headers() {
        let rendered = Rendered {
            unsubscribe_url: Some("https://tm.example/unsubscribe/tm_uns_abc".into()),
            ..rendered()
        };
        let raw = formatted_to_ada(&rendered);
        let parsed = MessageParser::default().parse(&raw).expect("parses");
        let header = |name: &str| {
            parsed
                .header_raw(name)
                .map(str::trim)
                .unwrap_or_else(|| panic!("no {name}: {}", String::from_utf8_lossy(&raw)))
                .to_owned()
        };
        assert_eq!(
            header("List-Unsubscribe"),
            "<https://tm.example/unsubscribe/tm_uns_abc>"
        );
        assert_eq!(
            header("List-Unsubscribe-Post"),
            "List-Unsubscribe=One-Click"
        );
    }

    #[test]
    fn an_invitation_makes_a_mixed_message_with_the_alternative_then_the_calendar() {
        for (method, name) in [(Method::Request, "REQUEST"), (Method::Cancel, "CANCEL")] {
            let rendered = Rendered {
                calendar: Some(invite(method)),
                ..rendered()
            };
            let message = build(
                uuid::Uuid::now_v7(),
                &from(),
                "Ada <ada@example.org>",
                &rendered,
                Utc::now(),
            )
            .expect("builds");
            let raw = message.formatted();
            let parsed = MessageParser::default().parse(&raw).expect("parses");
            let root = parsed.content_type().expect("content type");
            assert_eq!((root.ctype(), root.subtype()), ("multipart", Some("mixed")));
            let subtypes: Vec<(String, String)> = parsed
                .parts
                .iter()
                .filter_map(|p| p.content_type())
                .map(|c| (c.ctype().to_owned(), c.subtype().unwrap_or("").to_owned()))
                .collect();
            let expected: Vec<(String, String)> = [
                ("multipart", "mixed"),
                ("multipart", "alternative"),
                ("text", "plain"),
                ("text", "html"),
                ("text", "calendar"),
            ]
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect();
            assert_eq!(subtypes, expected, "parts in document order");
            let calendar = parsed.parts.last().expect("the calendar part");
            let cal = calendar.content_type().expect("calendar type");
            assert_eq!(cal.attribute("method"), Some(name));
            assert!(
                calendar
                    .attachment_name()
                    .is_some_and(|n| n.ends_with(".ics"))
            );
            assert_eq!(parsed.attachment_count(), 1);
            assert_eq!(
                parsed.body_text(0).as_deref().map(str::trim_end),
                Some("plain words")
            );
            let ics = calendar.text_contents().expect("calendar text");
            let unfolded = ics.replace("\r\n ", "");
            let cal: icalendar::Calendar = ics.parse().expect("ICS parses");
            assert_eq!(cal.property_value("METHOD"), Some(name));
            assert!(
                unfolded.contains("ATTENDEE;CN=Ada;")
                    && unfolded.contains(":mailto:ada@example.org"),
                "{ics}"
            );
            assert!(
                unfolded.contains("mailto:no-reply@tablemates.test"),
                "{ics}"
            );
        }
    }

    #[test]
    fn an_introduction_to_a_series_attaches_one_invitation_per_meetup() {
        let mut second = invite(Method::Request);
        second.uid = "meetup-m2-attendee-a@tablemates".into();
        let rendered = Rendered {
            calendar: Some(invite(Method::Request)),
            more_calendars: vec![second],
            ..rendered()
        };
        let raw = formatted_to_ada(&rendered);
        let parsed = MessageParser::default().parse(&raw).expect("parses");
        let calendars: Vec<_> = parsed
            .parts
            .iter()
            .filter(|p| {
                p.content_type()
                    .is_some_and(|c| c.subtype() == Some("calendar"))
            })
            .collect();
        let names: Vec<&str> = calendars
            .iter()
            .filter_map(|p| p.attachment_name())
            .collect();
        assert_eq!(names, ["invite.ics", "invite-2.ics"]);
        let uids: Vec<bool> = calendars
            .iter()
            .map(|p| {
                p.text_contents()
                    .is_some_and(|t| t.contains("UID:meetup-m2-attendee-a@tablemates"))
            })
            .collect();
        assert_eq!(
            uids,
            [false, true],
            "each part carries its own meetup's UID"
        );
    }

    #[test]
    fn a_configured_key_signs_the_message_last() {
        let signer = Signer::from_pem(
            "sel",
            "tablemates.test",
            &crate::mailer::dkim::tests::ed25519_pem([3; 32]),
        )
        .expect("key");
        let rendered = Rendered {
            unsubscribe_url: Some("https://tm.example/unsubscribe/x".into()),
            calendar: Some(invite(Method::Request)),
            ..rendered()
        };
        let message = build_signed(
            uuid::Uuid::now_v7(),
            &from(),
            "ada@example.org",
            &rendered,
            Utc::now(),
            Some(&signer),
        )
        .expect("builds");
        let raw = message.formatted();
        let parsed = MessageParser::default().parse(&raw).expect("parses");
        let sig = parsed
            .header_raw("DKIM-Signature")
            .expect("signed")
            .to_owned();
        assert!(sig.contains("d=tablemates.test"), "{sig}");
        assert!(sig.contains("s=sel"), "{sig}");
        assert!(sig.contains("list-unsubscribe-post"), "{sig}");
    }
}
