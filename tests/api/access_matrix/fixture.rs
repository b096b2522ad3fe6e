//! The world the matrix runs in, built through the public API and the sign-in flows: organizer
//! A owns conference `conf` (attendees, a meetup with a published plan, a job, emails), B owns
//! `other`, H helps with `conf`; A's read-scope, expired and revoked tokens; console sessions
//! (live, expired, signed out); attendee X of `conf` with an expired and a replaced link, and
//! attendee Y of `other`.

use std::collections::HashMap;

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tablemates::domain::records::TokenScope;
use tablemates::workflows::{attendees, organizer_sessions, organizers};
use uuid::Uuid;

use crate::console::sign_in;
use crate::helpers::{TestApp, body, registration, sent_tokens};
use crate::organizer_console::{csrf_of, get, post, text};

pub const CONFERENCE: &str = "conf";
pub const OTHER_CONFERENCE: &str = "other";
const X_EMAIL: &str = "xanthippe.q@example.org";
const GUESTS: &str = "zqhidden";

/// What a path or query parameter names, which decides what another organizer may learn of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Something of conference A: its organizers (owners and helpers) may act on it.
    Conference,
    /// Something of organizer A's own account (an API token): nobody else's, helpers included.
    Account,
    /// A capability that is its own credential (an unsubscribe token).
    Capability,
}

/// A console session: its cookie and the CSRF token its forms carry.
#[derive(Debug, Clone)]
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

/// Every credential of the matrix and every value its requests need.
pub struct World {
    pub owner: String,
    pub read: String,
    pub expired: String,
    pub revoked: String,
    pub helper: String,
    pub other: String,
    pub owner_session: Session,
    pub helper_session: Session,
    pub other_session: Session,
    pub expired_session: Session,
    pub signed_out_session: Session,
    pub x_id: Uuid,
    pub x_expired: String,
    pub x_replaced: String,
    pub y: String,
    /// Path parameters by key (`meetups/{id}`), with what they name.
    pub params: HashMap<&'static str, (String, Scope)>,
    /// The same keys naming conference B's things and B's account instead.
    pub foreign: HashMap<&'static str, String>,
    /// Required query parameters by name.
    pub query: HashMap<&'static str, (String, Scope)>,
    pub meetup_id: String,
    /// A webhook endpoint of A, with deliveries.
    pub webhook_id: String,
    /// A confirmed attendee of A seated by the published plan (not X, whom cells change).
    pub attendee_id: String,
    pub plan_id: String,
    pub plan_version: i64,
    /// What no answer to anyone but conference A's organizers and the attendee may contain.
    pub secrets: Vec<&'static str>,
    /// The same of conference B, for the cells that name B's things under A's conference.
    pub foreign_secrets: Vec<&'static str>,
}

pub async fn build(app: &TestApp) -> World {
    let owner = app.conference(CONFERENCE).await;
    // Subscribed before anything happens, so that the events below fill its delivery log.
    let webhook_id = webhook(app, &owner, CONFERENCE).await;
    let mut x = registration("Xanthippe Quartermaine", X_EMAIL);
    x["handles"] = json!([{"network": "github", "handle": "xq-secret-handle"}]);
    body(app.register(CONFERENCE, &x).await, StatusCode::ACCEPTED).await;
    let x_link = app.link_token(X_EMAIL).await;
    body(
        app.post("/api/v1/me/confirm", Some(&x_link), &json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    let guests = crate::plans::attendees(app, &owner, 6, GUESTS).await;
    let meetup = crate::plans::meetup(
        app,
        &owner,
        json!({"name": "Lunch", "starts_at": "2026-06-01T11:30:00Z",
               "ends_at": "2026-06-01T12:30:00Z", "location": "Hall B",
               "table_count": 2, "table_min": 3, "table_max": 5}),
    )
    .await;
    let meetup_id = id(&meetup);
    let plan = crate::plans::seat_and_publish(app, &owner, &meetup_id).await;
    // A draft beside the published plan, for the operations that read or change the draft.
    crate::plans::run(
        app,
        &owner,
        json!({"meetup_ids": [meetup_id], "seed": 6, "iterations": 20}),
    )
    .await;
    let job_id = first_item(app, &owner, CONFERENCE, "jobs").await;
    let email_id = first_item(app, &owner, CONFERENCE, "emails").await;
    // A pretix connection to show; the name resolves nowhere, so a pull is pretix's 409.
    let pretix = body(
        app.send_json(
            reqwest::Method::PUT,
            &format!("/api/v1/conferences/{CONFERENCE}/attendees/import/pretix"),
            Some(&owner),
            &json!({"base_url": "https://pretix.invalid", "organizer": "matrix",
                    "event": "matrix", "token": "matrix-token"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;

    let other = app.conference(OTHER_CONFERENCE).await;
    body(
        app.register(
            OTHER_CONFERENCE,
            &registration("Yorick Elsewhere", "yorick@example.org"),
        )
        .await,
        StatusCode::ACCEPTED,
    )
    .await;
    let y = app.link_token("yorick@example.org").await;
    let foreign = super::foreign::build(app, &other).await;

    let helper = app.organizer("helper@organizers.test").await;
    add_organizer(app, &owner, json!({"email": "helper@organizers.test"})).await;
    let throwaway_organizer = add_organizer(
        app,
        &owner,
        json!({"email": "throwaway@organizers.test", "name": "Throwaway"}),
    )
    .await;

    let read = token(app, &owner, json!({"label": "viewer", "scope": "read"})).await;
    let revoked = token(app, &owner, json!({"label": "revoked"})).await;
    revoke(app, &owner, &revoked["id"]).await;
    let throwaway_token = token(app, &owner, json!({"label": "throwaway"})).await;
    let owner_id = organizers::authenticate(&app.ctx, &owner, Utc::now())
        .await
        .expect("the owner's token")
        .organizer
        .id;
    // Expired by the creation parameter: a one-day token made two days ago.
    let (_, expired) = organizers::create_token(
        &app.ctx,
        owner_id,
        organizers::TokenRequest {
            label: "old".into(),
            scope: TokenScope::Full,
            days: Some(1),
        },
        Utc::now() - Duration::days(2),
        &mut rand::rng(),
    )
    .await
    .expect("an expired token");

    let signed_out_session = session(app, &owner).await;
    let res = post(
        app,
        "/organizer/sign-out",
        Some(&signed_out_session.cookie),
        &[("csrf", &signed_out_session.csrf)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "signed out");
    // Expired by the sign-in time: a session opened longer ago than a session lasts.
    let expired_session = organizer_sessions::sign_in_with_token(
        &app.ctx,
        &owner,
        Utc::now() - Duration::hours(organizer_sessions::SESSION_HOURS + 1),
        &mut rand::rng(),
    )
    .await
    .expect("an expired session");

    // The plan's introductions carry X's unsubscribe link and a newer personal link; once they
    // are sent, X's links are minted here: one expired at its making, one replaced by the next.
    app.wait_until_sent_to(X_EMAIL).await;
    let unsubscribe = sent_tokens(app.mail_dir.path(), X_EMAIL, "/unsubscribe/")
        .pop()
        .expect("an unsubscribe link sent to X");
    let x_id = me(app, &app.link_token(X_EMAIL).await).await;
    let x_expired = link(app, x_id, Utc::now() - Duration::days(400)).await;
    let x_replaced = link(app, x_id, Utc::now()).await;
    link(app, x_id, Utc::now()).await;

    let conference = |v: &str| (v.to_owned(), Scope::Conference);
    let webhook_secret = pretix["webhook_url"]
        .as_str()
        .and_then(|u| u.rsplit('/').next())
        .expect("a webhook URL")
        .to_owned();
    let params = HashMap::from([
        ("conferences/{slug}", conference(CONFERENCE)),
        ("c/{slug}", conference(CONFERENCE)),
        ("meetups/{id}", conference(&meetup_id)),
        ("plans/{id}", conference(&id(&plan))),
        ("jobs/{id}", conference(&job_id)),
        ("emails/{id}", conference(&email_id)),
        ("attendees/{id}", conference(&guests[0])),
        (
            "organizers/{organizer_id}",
            conference(&throwaway_organizer),
        ),
        ("tokens/{id}", (id(&throwaway_token), Scope::Account)),
        ("webhooks/{id}", conference(&webhook_id)),
        (
            "deliveries/{delivery_id}",
            conference(
                &first_item(
                    app,
                    &owner,
                    CONFERENCE,
                    &format!("webhooks/{webhook_id}/deliveries"),
                )
                .await,
            ),
        ),
        ("unsubscribe/{token}", (unsubscribe, Scope::Capability)),
        ("webhook/{secret}", (webhook_secret, Scope::Capability)),
        // A verification page is public; an unknown code is its case here.
        ("v/{code}", ("0".repeat(32), Scope::Capability)),
    ]);
    let query = HashMap::from([
        ("meetup_id", conference(&meetup_id)),
        // A sign-in link is its own credential, used once; an unknown one is its case here.
        (
            "token",
            (format!("tm_sin_{}", "0".repeat(43)), Scope::Capability),
        ),
    ]);
    World {
        owner_session: session(app, &owner).await,
        helper_session: session(app, &helper).await,
        other_session: session(app, &other).await,
        expired_session: Session {
            cookie: expired_session.raw,
            csrf: "0".repeat(64),
        },
        signed_out_session,
        owner,
        read: secret(&read),
        expired,
        revoked: secret(&revoked),
        helper,
        other,
        x_id,
        x_expired,
        x_replaced,
        y,
        params,
        foreign,
        query,
        plan_id: id(&plan),
        plan_version: plan["version"].as_i64().expect("plan version"),
        meetup_id,
        webhook_id,
        attendee_id: guests[0].clone(),
        secrets: vec!["Xanthippe", X_EMAIL, "xq-secret-handle", GUESTS],
        foreign_secrets: vec!["Yorick", "yorick@example.org", super::foreign::PEOPLE],
    }
}

impl World {
    /// A live personal link of X, minted now: the service's own emails (a published plan's
    /// introductions, an access link) replace X's link whenever they are sent.
    pub async fn x(&self, app: &TestApp) -> String {
        app.wait_until_sent_to(X_EMAIL).await;
        link(app, self.x_id, Utc::now()).await
    }

    /// A new webhook endpoint of conference A, for a cell that deletes one.
    pub async fn fresh_webhook(&self, app: &TestApp) -> String {
        webhook(app, &self.owner, CONFERENCE).await
    }

    /// A new meetup of conference A, for a cell that deletes or cancels one.
    pub async fn fresh_meetup(&self, app: &TestApp) -> String {
        id(&crate::plans::meetup(
            app,
            &self.owner,
            json!({"name": "Throwaway", "starts_at": "2026-06-03T11:30:00Z",
                   "ends_at": "2026-06-03T12:30:00Z", "table_count": 1}),
        )
        .await)
    }

    /// A new attendee of `slug` (A's or B's conference) and their live link, for a cell that
    /// erases its caller.
    pub async fn fresh_attendee(&self, app: &TestApp, slug: &str) -> String {
        let organizer = if slug == CONFERENCE {
            &self.owner
        } else {
            &self.other
        };
        let n = Uuid::new_v4().simple().to_string();
        let added = body(
            app.post(
                &format!("/api/v1/conferences/{slug}/attendees"),
                Some(organizer),
                &registration(&format!("Fresh {n}"), &format!("fresh-{n}@example.org")),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        link(app, id(&added).parse().expect("uuid"), Utc::now()).await
    }
}

/// Signs in to the console with `token`; the session and its CSRF token.
pub async fn session(app: &TestApp, token: &str) -> Session {
    let cookie = sign_in(app, token).await;
    let page = text(get(app, "/organizer", Some(&cookie)).await, StatusCode::OK).await;
    Session {
        csrf: csrf_of(&page),
        cookie,
    }
}

async fn link(app: &TestApp, attendee: Uuid, now: chrono::DateTime<Utc>) -> String {
    let url = attendees::personal_link(&app.ctx, attendee, now, &mut rand::rng())
        .await
        .expect("a personal link");
    url.split("token=").nth(1).expect("a token").to_owned()
}

async fn me(app: &TestApp, token: &str) -> Uuid {
    let me = body(app.get("/api/v1/me", Some(token)).await, StatusCode::OK).await;
    id(&me).parse().expect("uuid")
}

/// The id of the first item of a conference's list (`jobs`, `emails`, `organizers`).
/// A webhook endpoint of `slug` for every event (never reached: example.com's address is
/// not served by anyone here, and the attempts only fill its log).
pub async fn webhook(app: &TestApp, token: &str, slug: &str) -> String {
    let made = body(
        app.post(
            &format!("/api/v1/conferences/{slug}/webhooks"),
            Some(token),
            &json!({"url": "https://hooks.example.com/matrix", "events": ["attendee.confirmed",
                    "plan.published", "table.changed", "meetup.changed", "meetup.cancelled"]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    id(&made)
}

pub async fn first_item(app: &TestApp, token: &str, slug: &str, list: &str) -> String {
    let page = body(
        app.get(&format!("/api/v1/conferences/{slug}/{list}"), Some(token))
            .await,
        StatusCode::OK,
    )
    .await;
    let first = &page["items"][0];
    first
        .get("organizer_id")
        .map_or_else(|| id(first), |v| v.as_str().expect("id").to_owned())
}

async fn add_organizer(app: &TestApp, owner: &str, request: Value) -> String {
    let added = body(
        app.post(
            &format!("/api/v1/conferences/{CONFERENCE}/organizers"),
            Some(owner),
            &request,
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    added["organizer_id"].as_str().expect("id").to_owned()
}

pub async fn token(app: &TestApp, owner: &str, request: Value) -> Value {
    body(
        app.post("/api/v1/organizer/tokens", Some(owner), &request)
            .await,
        StatusCode::CREATED,
    )
    .await
}

async fn revoke(app: &TestApp, owner: &str, id: &Value) {
    let res = app
        .send_json(
            reqwest::Method::DELETE,
            &format!("/api/v1/organizer/tokens/{}", id.as_str().expect("id")),
            Some(owner),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
}

fn secret(made: &Value) -> String {
    made["secret"].as_str().expect("secret").to_owned()
}

pub fn id(v: &Value) -> String {
    v["id"]
        .as_str()
        .unwrap_or_else(|| panic!("an id in {v}"))
        .to_owned()
}
