//! Turns a rendered email into a MIME message: From, one To, Subject, Date, a Message-ID
//! derived from the outbox row, and a multipart/alternative body with text and HTML.

use chrono::{DateTime, Utc};
use lettre::Message;
use lettre::message::{Mailbox, MultiPart};

use super::templates::Rendered;

/// Builds the message for outbox row `id`. The Message-ID is the row's id, so a retried
/// email carries the same Message-ID and receivers can tell a duplicate from a new email.
pub fn build(
    id: uuid::Uuid,
    from: &Mailbox,
    recipient: &str,
    rendered: &Rendered,
    date: DateTime<Utc>,
) -> Result<Message, String> {
    let to: Mailbox = recipient
        .parse()
        .map_err(|e| format!("recipient is not an email address: {e}"))?;
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(rendered.subject.clone())
        .date(date.into())
        .message_id(Some(format!("<{id}@{}>", from.email.domain())))
        .multipart(MultiPart::alternative_plain_html(
            rendered.text.clone(),
            rendered.html.clone(),
        ))
        .map_err(|e| format!("building the message: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_has_both_parts_and_the_row_id_as_message_id() {
        let id = uuid::Uuid::now_v7();
        let from: Mailbox = "tablemates <no-reply@tablemates.test>"
            .parse()
            .expect("mailbox");
        let rendered = Rendered {
            subject: "Hello".into(),
            text: "plain words\n".into(),
            html: "<p>html words</p>".into(),
        };
        let message = build(id, &from, "ada@example.org", &rendered, Utc::now()).expect("builds");
        let text = String::from_utf8(message.formatted()).expect("ascii");
        assert!(
            text.contains(&format!("Message-ID: <{id}@tablemates.test>")),
            "{text}"
        );
        assert!(text.contains("To: ada@example.org"), "{text}");
        assert!(text.contains("multipart/alternative"), "{text}");
        assert!(
            text.contains("plain words") && text.contains("html words"),
            "{text}"
        );
        assert!(build(id, &from, "not an address", &rendered, Utc::now()).is_err());
    }
}
