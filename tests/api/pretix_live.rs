//! Importing from a real pretix. `.ci/pretix.sh` installs pretix from PyPI, runs it on
//! loopback and sets `TABLEMATES_TEST_PRETIX_URL`, `…_TOKEN` and `…_ORGANIZER`; without them
//! these tests say so and pass. Each test creates an event of its own through pretix's REST
//! API (a free ticket and a yes/no question), places and cancels orders there, and imports
//! them by pull or through pretix's own webhook.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::eventually::eventually;
use crate::helpers::{TestApp, TestBackend, body};
use crate::pretix_pull::{loopback_app, put, sync};

use crate::pretix_pull::CONNECTION;

/// A pretix installation and one event of it, driven through its REST API.
struct Pretix {
    base: String,
    token: String,
    organizer: String,
    event: String,
    client: reqwest::Client,
    item: i64,
    /// A ticket with a price, whose orders stay pending until marked paid.
    paid_item: i64,
    question: i64,
}

impl Pretix {
    /// Creates an event named after `tag` with a free ticket and the question `SEATING`; `None`
    /// when no pretix is configured.
    async fn event(tag: &str) -> Option<Self> {
        let var = |name: &str| std::env::var(format!("TABLEMATES_TEST_PRETIX_{name}")).ok();
        let (Some(base), Some(token), Some(organizer)) =
            (var("URL"), var("TOKEN"), var("ORGANIZER"))
        else {
            eprintln!("TABLEMATES_TEST_PRETIX_URL is not set: the live pretix test is skipped");
            return None;
        };
        let mut pretix = Self {
            base,
            token,
            organizer,
            event: format!("tm{tag}"),
            client: reqwest::Client::new(),
            item: 0,
            paid_item: 0,
            question: 0,
        };
        pretix
            .call(
                Method::POST,
                &format!("/api/v1/organizers/{}/events/", pretix.organizer),
                json!({"name": {"en": format!("Conference {tag}")}, "slug": pretix.event,
                       "live": false, "currency": "EUR", "date_from": "2037-06-01T09:00:00Z"}),
            )
            .await;
        pretix.item = pretix
            .call_event(
                Method::POST,
                "items/",
                json!({"name": {"en": "Ticket"}, "default_price": "0.00", "admission": true,
                       "active": true}),
            )
            .await["id"]
            .as_i64()
            .expect("item id");
        pretix.paid_item = pretix
            .call_event(
                Method::POST,
                "items/",
                json!({"name": {"en": "Supporter ticket"}, "default_price": "100.00",
                       "admission": true, "active": true}),
            )
            .await["id"]
            .as_i64()
            .expect("item id");
        pretix
            .call_event(
                Method::POST,
                "quotas/",
                json!({"name": "Tickets", "size": null,
                       "items": [pretix.item, pretix.paid_item], "variations": []}),
            )
            .await;
        pretix.question = pretix
            .call_event(
                Method::POST,
                "questions/",
                json!({"question": {"en": "May we seat you with other attendees?"},
                       "type": "B", "required": false,
                       "items": [pretix.item, pretix.paid_item],
                       "identifier": "SEATING"}),
            )
            .await["id"]
            .as_i64()
            .expect("question id");
        Some(pretix)
    }

    async fn call(&self, method: Method, path: &str, payload: Value) -> Value {
        let mut request = self
            .client
            .request(method.clone(), format!("{}{path}", self.base))
            .header("Authorization", format!("Token {}", self.token));
        if method != Method::GET && method != Method::DELETE {
            request = request.json(&payload);
        }
        let response = request.send().await.expect("a request to pretix");
        let status = response.status();
        let text = response.text().await.expect("pretix's answer");
        assert!(
            status.is_success(),
            "pretix answered {status} to {path}: {text}"
        );
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    async fn call_event(&self, method: Method, rest: &str, payload: Value) -> Value {
        let path = format!(
            "/api/v1/organizers/{}/events/{}/{rest}",
            self.organizer, self.event
        );
        self.call(method, &path, payload).await
    }

    /// Places a paid order of one free ticket; answers its code.
    async fn place(&self, name: &str, email: &str, seating: bool) -> String {
        self.order(self.item, "free", name, email, seating).await
    }

    /// Places an order of the priced ticket, left pending (unpaid); answers its code.
    async fn reserve(&self, name: &str, email: &str) -> String {
        self.order(self.paid_item, "manual", name, email, true)
            .await
    }

    /// An order of one `item` ticket, as the buyer answered the seating question; pretix
    /// settles a free order at once and leaves a priced one pending.
    async fn order(
        &self,
        item: i64,
        provider: &str,
        name: &str,
        email: &str,
        seating: bool,
    ) -> String {
        let answer = if seating { "True" } else { "False" };
        let order = self
            .call_event(
                Method::POST,
                "orders/",
                json!({"email": email, "locale": "en", "sales_channel": "web", "status": "n",
                       "payment_provider": provider,
                       "positions": [{"item": item, "attendee_name": name,
                                      "attendee_email": email,
                                      "answers": [{"question": self.question,
                                                   "answer": answer, "options": []}]}]}),
            )
            .await;
        order["code"].as_str().expect("order code").to_owned()
    }

    async fn mark_paid(&self, code: &str) {
        self.call_event(
            Method::POST,
            &format!("orders/{code}/mark_paid/"),
            json!({}),
        )
        .await;
    }

    async fn cancel(&self, code: &str) {
        self.call_event(
            Method::POST,
            &format!("orders/{code}/mark_canceled/"),
            json!({}),
        )
        .await;
    }

    /// The connection the service is given to this event.
    fn connection(&self) -> Value {
        json!({"base_url": self.base, "organizer": self.organizer, "event": self.event,
               "token": self.token, "privacy_consent_question": "SEATING"})
    }
}

/// A tag unique to this run of this test on this database, for the event and the emails.
fn tag() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..10].to_owned()
}

/// Each attendee's status and whether they consented to be seated, by email.
async fn people(app: &TestApp, token: &str) -> Vec<(String, String, bool)> {
    let list = body(
        app.get(
            "/api/v1/conferences/conf/attendees?per_page=100",
            Some(token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let mut people: Vec<_> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|a| {
            (
                a["email"].as_str().expect("email").to_owned(),
                a["status"].as_str().expect("status").to_owned(),
                a["consents"]["privacy_at"].is_string(),
            )
        })
        .collect();
    people.sort();
    people
}

fn person(email: &str, status: &str, consented: bool) -> (String, String, bool) {
    (email.to_owned(), status.to_owned(), consented)
}

api_test!(
    orders_placed_and_cancelled_in_pretix_arrive_by_pull_with_their_consent,
    backend
);
async fn orders_placed_and_cancelled_in_pretix_arrive_by_pull_with_their_consent(
    backend: &TestBackend,
) {
    let tag = tag();
    let Some(pretix) = Pretix::event(&tag).await else {
        return;
    };
    let app = loopback_app(backend).await;
    let token = app.conference("conf").await;
    let [ada, bob, cy, dan, fay] =
        ["ada", "bob", "cy", "dan", "fay"].map(|n| format!("{n}-{tag}@example.org"));
    pretix.place("Ada Lovelace", &ada, true).await;
    pretix.place("Bob Builder", &bob, false).await;
    let cy_order = pretix.place("Cy Young", &cy, true).await;
    let fay_order = pretix.reserve("Fay Wray", &fay).await;
    body(
        put(&app, &token, &pretix.connection()).await,
        StatusCode::OK,
    )
    .await;

    let first = sync(&app, &token).await;
    assert_eq!(first["report"]["source"], "pretix_json", "{first}");
    assert_eq!(first["report"]["created"], 3, "{first}");
    assert_eq!(first["report"]["unpaid"], 1, "Fay has not paid: {first}");
    assert_eq!(
        people(&app, &token).await,
        [
            person(&ada, "confirmed", true),
            // Answered no: stored as invited, not seated, until they accept themselves.
            person(&bob, "pending", false),
            person(&cy, "confirmed", true),
        ]
    );

    pretix.cancel(&cy_order).await;
    pretix.place("Dan Brown", &dan, true).await;
    pretix.mark_paid(&fay_order).await;
    let second = sync(&app, &token).await;
    assert_eq!(second["report"]["withdrawn"], 1, "{second}");
    assert_eq!(
        second["report"]["created"], 2,
        "Dan, and Fay now paid: {second}"
    );
    assert_eq!(
        people(&app, &token).await,
        [
            person(&ada, "confirmed", true),
            person(&bob, "pending", false),
            person(&cy, "withdrawn", true),
            person(&dan, "confirmed", true),
            person(&fay, "confirmed", true),
        ]
    );

    let third = sync(&app, &token).await;
    assert_eq!(
        third["report"]["rows"],
        json!([]),
        "nothing changed in pretix since: {third}"
    );
}

api_test!(
    pretix_s_own_webhook_brings_a_new_order_and_a_cancellation,
    backend
);
async fn pretix_s_own_webhook_brings_a_new_order_and_a_cancellation(backend: &TestBackend) {
    let tag = tag();
    let Some(pretix) = Pretix::event(&tag).await else {
        return;
    };
    let app = loopback_app(backend).await;
    let token = app.conference("conf").await;
    body(
        put(&app, &token, &pretix.connection()).await,
        StatusCode::OK,
    )
    .await;
    let shown = body(app.get(CONNECTION, Some(&token)).await, StatusCode::OK).await;
    let hook = shown["webhook_url"].as_str().expect("a webhook URL");
    // The organizer enters the URL in pretix, for this event's order notifications.
    let webhook = pretix
        .call(
            Method::POST,
            &format!("/api/v1/organizers/{}/webhooks/", pretix.organizer),
            json!({"enabled": true, "target_url": hook, "all_events": false,
                   "limit_events": [pretix.event],
                   "action_types": ["pretix.event.order.placed", "pretix.event.order.paid",
                                    "pretix.event.order.canceled"]}),
        )
        .await;

    // No pull: only pretix's notices bring the order and its cancellation.
    let eve = format!("eve-{tag}@example.org");
    let order = pretix.place("Eve Online", &eve, true).await;
    let became = async |status: &str| {
        let want = vec![person(&eve, status, true)];
        eventually(
            format!("{eve} to be {status}"),
            Duration::from_secs(20),
            async || match people(&app, &token).await {
                seen if seen == want => Ok(()),
                seen => Err(format!("{seen:?}")),
            },
        )
        .await
    };
    became("confirmed").await;
    pretix.cancel(&order).await;
    became("withdrawn").await;

    pretix
        .call(
            Method::DELETE,
            &format!(
                "/api/v1/organizers/{}/webhooks/{}/",
                pretix.organizer, webhook["id"]
            ),
            Value::Null,
        )
        .await;
}
