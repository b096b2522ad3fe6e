//! Erasure and retention: a sent email keeps only its delivery status; erasing an attendee
//! leaves none of their data in any row of any table (nor, on SQLite, in the file's free pages).

use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};

use crate::helpers::{TestApp, body, registration};

api_test!(a_sent_email_keeps_only_its_delivery_status);
async fn a_sent_email_keeps_only_its_delivery_status(app: TestApp) {
    let org = app.conference("conf").await;
    body(
        app.register("conf", &registration("Ada Lovelace", "ada@example.org"))
            .await,
        StatusCode::ACCEPTED,
    )
    .await;
    app.wait_for_outbox("status = 'sent'", 1).await;

    let row = app
        .db
        .read
        .query_one_raw(Statement::from_string(
            app.db.backend(),
            "SELECT kind, recipient, payload, last_error FROM outbox_emails",
        ))
        .await
        .expect("outbox query")
        .expect("the email");
    let column = |name: &str| row.try_get::<Option<String>>("", name).expect(name);
    assert_eq!(column("kind").as_deref(), Some("registration_confirmation"));
    assert_eq!(
        column("recipient").as_deref(),
        Some(""),
        "the address is gone"
    );
    assert_eq!(
        column("payload").as_deref(),
        Some("{}"),
        "the content is gone"
    );
    assert_eq!(column("last_error"), None);

    // The delivery list still says whom it went to: the attendee's address.
    let page = body(
        app.get("/api/v1/conferences/conf/emails", Some(&org)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page["items"][0]["recipient"], "ada@example.org", "{page}");
    assert_eq!(page["items"][0]["status"], "sent", "{page}");
}
