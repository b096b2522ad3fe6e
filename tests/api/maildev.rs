//! The registration confirmation through an independent SMTP implementation: maildev (npm),
//! which `.ci/run` starts. The message is read back through maildev's REST API and parsed as
//! MIME. Skipped, with a notice, unless TABLEMATES_TEST_MAILDEV_URL names maildev's web API;
//! once set, an unreachable maildev fails the test.

use std::time::Duration;

use mail_parser::MessageParser;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;
use tablemates::entities::outbox_email;
use uuid::Uuid;

use crate::helpers::{TestBackend, body, eventually, registration};

#[tokio::test]
async fn the_confirmation_arrives_in_maildev_as_a_well_formed_message() {
    let Ok(web) = std::env::var("TABLEMATES_TEST_MAILDEV_URL") else {
        eprintln!(
            "skipped: set TABLEMATES_TEST_MAILDEV_URL (e.g. http://127.0.0.1:1080) to test against maildev"
        );
        return;
    };
    let web = web.trim_end_matches('/').to_owned();
    let smtp = std::env::var("TABLEMATES_TEST_MAILDEV_SMTP")
        .unwrap_or_else(|_| "smtp://127.0.0.1:1025".to_owned());
    let client = reqwest::Client::new();
    let health = client
        .get(format!("{web}/api/email"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("maildev at {web} is unreachable: {e}"));
    assert!(
        health.status().is_success(),
        "maildev answers {}",
        health.status()
    );

    let app = TestBackend::sqlite()
        .spawn_with(&[
            ("TABLEMATES_SMTP_URL", &smtp),
            ("TABLEMATES_OUTBOX_POLL_MS", "20"),
            ("TABLEMATES_MAIL_FROM", "Test Conf <hello@tablemates.test>"),
        ])
        .await;
    app.conference("conf").await;
    // A fresh address, so earlier runs against the same maildev cannot answer for this one.
    let address = format!("ada.{}@example.org", Uuid::new_v4().simple());
    body(
        app.register("conf", &registration("Ada Lovelace", &address))
            .await,
        StatusCode::ACCEPTED,
    )
    .await;

    let found = eventually(
        format!("maildev to receive the email to {address}"),
        Duration::from_secs(10),
        async || {
            let list: Vec<Value> = client
                .get(format!("{web}/api/email"))
                .send()
                .await
                .expect("maildev lists emails")
                .json()
                .await
                .expect("maildev answers JSON");
            let count = list.len();
            list.into_iter()
                .find(|m| {
                    m["to"]
                        .as_array()
                        .is_some_and(|to| to.iter().any(|t| t["address"] == address.as_str()))
                })
                .ok_or(format!("{count} other emails"))
        },
    )
    .await;
    let maildev_id = found["id"].as_str().expect("maildev's id");
    let source = client
        .get(format!("{web}/api/email/{maildev_id}/source"))
        .send()
        .await
        .expect("maildev serves the source")
        .bytes()
        .await
        .expect("source bytes");

    // A sent row keeps no address: it is found by its attendee.
    let attendee = tablemates::entities::attendee::Entity::find()
        .filter(tablemates::entities::attendee::Column::EmailNormalized.eq(address.as_str()))
        .one(&app.db.read)
        .await
        .expect("attendee query")
        .expect("the registration");
    let row = outbox_email::Entity::find()
        .filter(outbox_email::Column::AttendeeId.eq(attendee.id))
        .filter(outbox_email::Column::Kind.eq("registration_confirmation"))
        .one(&app.db.read)
        .await
        .expect("outbox query")
        .expect("the outbox row");
    let message = MessageParser::default()
        .parse(&source[..])
        .unwrap_or_else(|| panic!("not MIME: {}", String::from_utf8_lossy(&source)));
    let first_address = |list: Option<&mail_parser::Address>| {
        list.and_then(|a| a.first())
            .and_then(|a| a.address())
            .map(str::to_owned)
    };
    assert_eq!(
        first_address(message.from()).as_deref(),
        Some("hello@tablemates.test")
    );
    assert_eq!(
        first_address(message.to()).as_deref(),
        Some(address.as_str())
    );
    assert_eq!(
        message.to().map(|to| to.iter().count()),
        Some(1),
        "one recipient per email"
    );
    assert_eq!(
        message.subject(),
        Some("Please confirm your registration for Test Conference")
    );
    assert_eq!(
        message.message_id(),
        Some(format!("{}@tablemates.test", row.id).as_str()),
        "the Message-ID is the outbox row"
    );
    assert!(message.date().is_some());
    let text = message.body_text(0).expect("a text part").into_owned();
    let html = message.body_html(0).expect("an HTML part").into_owned();
    let start = text.find("/manage?token=").expect("a manage link") + "/manage?token=".len();
    let token: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    assert!(
        html.contains(&format!("manage?token={token}\"")),
        "the HTML links the same page: {html}"
    );
    let me = body(app.get("/api/v1/me", Some(&token)).await, StatusCode::OK).await;
    assert_eq!(me["email"], address.as_str());
}
