//! One cell's request: the operation's path filled from the fixture, the credential where its
//! guard looks for it, and a minimal valid body per request schema (the point is the access
//! decision; a body the service refuses for its content is still a decision made after it).

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, COOKIE};
use reqwest::{Client, Method, Response, redirect};
use serde_json::{Value, json};

use super::cells::{Cred, Via, Who};
use super::fixture::{Session, World};
use super::operations::{Guard, Operation};
use crate::helpers::TestApp;

/// A credential as it is presented: a secret, and for a console session its CSRF token.
pub struct Presented {
    pub secret: String,
    pub csrf: String,
}

/// A request ready to send.
pub struct Request {
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Body,
}

pub enum Body {
    None,
    Json(Value),
    Form(Vec<(String, String)>),
    Csv(String),
    Multipart(Vec<(String, String)>),
}

/// The secret `cred` stands for under `guard`; `fresh` is the attendee link or session to use
/// instead of the fixture's (a cell that erases its caller or ends its session).
pub async fn present(
    app: &TestApp,
    world: &World,
    guard: Guard,
    cred: Cred,
    fresh: Option<Presented>,
) -> Option<Presented> {
    if let Some(fresh) = fresh {
        return Some(fresh);
    }
    let plain = |secret: &str| {
        Some(Presented {
            secret: secret.to_owned(),
            csrf: "0".repeat(64),
        })
    };
    let session = |s: &Session| {
        Some(Presented {
            secret: s.cookie.clone(),
            csrf: s.csrf.clone(),
        })
    };
    let attendee_guard = matches!(guard, Guard::AttendeeToken | Guard::PersonalLink);
    let prefix = if attendee_guard {
        "tm_att_"
    } else if cred.via == Via::Cookie {
        "tm_ses_"
    } else {
        "tm_org_"
    };
    match (cred.who, cred.via) {
        (Who::Nobody, _) => None,
        (Who::Malformed, _) => plain("not a token"),
        (Who::Unknown, _) => plain(&format!("{prefix}{}", "A".repeat(43))),
        (Who::Expired, Via::Cookie) => session(&world.expired_session),
        (Who::Revoked, Via::Cookie) => session(&world.signed_out_session),
        (Who::OtherOrganizer, Via::Cookie) => session(&world.other_session),
        (Who::Helper, Via::Cookie) => session(&world.helper_session),
        (Who::Rightful, Via::Cookie) => session(&world.owner_session),
        (Who::WrongKind, Via::Cookie) => plain(&world.owner),
        (Who::Expired, _) if attendee_guard => plain(&world.x_expired),
        (Who::Revoked, _) if attendee_guard => plain(&world.x_replaced),
        (Who::WrongKind, _) if attendee_guard => plain(&world.owner),
        (Who::Rightful, _) if attendee_guard => plain(&world.x(app).await),
        (Who::OtherAttendee, _) => plain(&world.y),
        (Who::Expired, _) => plain(&world.expired),
        (Who::Revoked, _) => plain(&world.revoked),
        // An attendee's live link, or where only a session counts, the owner's API token.
        (Who::WrongKind, _) if guard == Guard::ConsoleSession => plain(&world.owner),
        (Who::WrongKind, _) => plain(&world.x(app).await),
        (Who::OtherOrganizer, _) => plain(&world.other),
        (Who::Helper, _) => plain(&world.helper),
        (Who::ReadScope, _) => plain(&world.read),
        (Who::Rightful, _) => plain(&world.owner),
    }
}

/// The request for `op` from `who`, with `path` already filled; `None` names a request body
/// schema this module has no minimal body for.
pub fn request(
    op: &Operation,
    world: &World,
    path: String,
    query: Vec<(String, String)>,
    bad_body: bool,
) -> Result<Request, String> {
    let Some((media, schema)) = &op.body else {
        return Ok(Request {
            path,
            query,
            body: Body::None,
        });
    };
    let body = if bad_body {
        match media.as_str() {
            "application/json" => Body::Json(json!({"matrix_unknown_field": true})),
            "text/csv" => Body::Csv("\"unclosed\n".into()),
            "multipart/form-data" => Body::Multipart(vec![]),
            _ => Body::Form(vec![("matrix_unknown_field".into(), "1".into())]),
        }
    } else {
        minimal(world, media, schema)
            .ok_or_else(|| format!("no minimal body for the schema {schema} ({media})"))?
    };
    Ok(Request { path, query, body })
}

/// The request schemas whose minimal body names conference A's meetup or plan: another
/// attendee or organizer sending one is asking about A's things, whatever the path says.
pub const NAMING_CONFERENCE: [&str; 6] = [
    "RunInput",
    "PreviewInput",
    "PublishTogetherInput",
    "MeetupChoiceForm",
    "PublishSeriesForm",
    "AdjustForm",
];

const MEETUP_FORM: [(&str, &str); 6] = [
    ("name", "Matrix page meetup"),
    ("starts_at", "2026-06-02T12:30"),
    ("ends_at", "2026-06-02T13:30"),
    ("table_count", "2"),
    ("table_min", "2"),
    ("table_max", "4"),
];

fn minimal(world: &World, media: &str, schema: &str) -> Option<Body> {
    let form = |fields: &[(&str, &str)]| {
        Some(Body::Form(
            fields
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        ))
    };
    let version = world.plan_version.to_string();
    let meetup = world.meetup_id.as_str();
    let plan = world.plan_id.as_str();
    let json = |v: Value| Some(Body::Json(v));
    match (media, schema) {
        ("text/csv", _) => Some(Body::Csv(
            "name,email\nMatrix Import,matrix.import@example.org\n".into(),
        )),
        ("multipart/form-data", "ImportForm") => Some(Body::Multipart(vec![(
            "file".into(),
            "name,email\nMatrix Upload,matrix.upload@example.org\n".into(),
        )])),
        (_, "ConferenceInput") => json(json!({"slug": "matrix-new", "name": "Matrix",
            "time_zone": "Europe/Lisbon", "starts_on": "2026-06-01", "ends_on": "2026-06-03"})),
        (_, "PretixConnectionInput") => json(json!({"base_url": "http://127.0.0.1:9",
            "organizer": "matrix", "event": "matrix", "token": "matrix-token"})),
        (_, "PretixWebhook") => json(json!({"notification_id": 1, "organizer": "other",
            "event": "other", "code": "MATRX", "action": "pretix.event.order.placed"})),
        (_, "PretixOrders") => json(json!({"results": [{"code": "MATRX", "status": "p",
            "email": "matrix.pretix@example.org", "positions": [{"attendee_name": "Matrix Pretix",
            "attendee_email": "matrix.pretix@example.org", "answers": []}]}]})),
        (_, "ConferencePatch") => json(json!({"venue": "Matrix Hall"})),
        (_, "AttendeeInput") => json(json!({"name": "Matrix Person",
            "email": "matrix.person@example.org", "consents": {"privacy": true}})),
        (_, "AttendeePatch" | "OwnAttendeePatch") => {
            json(json!({"bio": "Checked by the access matrix."}))
        }
        (_, "MeetupInput") => json(json!({"name": "Matrix meetup",
            "starts_at": "2026-06-02T11:30:00Z", "ends_at": "2026-06-02T12:30:00Z",
            "table_count": 1})),
        (_, "MeetupPatch") => json(json!({"location": "Hall C"})),
        (_, "RunInput") => json(json!({"meetup_ids": [meetup], "seed": 1, "iterations": 10})),
        (_, "PreviewInput") => json(json!({"meetup_ids": [meetup]})),
        (_, "AdjustInput") => json(json!({"version": world.plan_version,
            "operations": [{"op": "lock_table", "table": 1}]})),
        (_, "PublishInput") => json(json!({"version": world.plan_version})),
        (_, "PublishTogetherInput") => {
            json(json!({"plans": [{"id": plan, "version": world.plan_version}]}))
        }
        (_, "RepairInput") => json(json!({})),
        // A network whose handles cannot be proved: the check never leaves the machine.
        (_, "VerifyRequest") => json(json!({"network": "linkedin"})),
        (_, "AccessLinkRequest") => json(json!({"email": "nobody.matrix@example.org"})),
        (_, "AttendingInput") => json(json!({"attending": true})),
        (_, "EmailChangeRequest") => json(json!({"token": "tm_att_unknown"})),
        (_, "OrganizerTokenInput") => json(json!({"label": "matrix"})),
        (_, "WebhookEndpointInput" | "WebhookEndpointPatch") => {
            json(json!({"url": "https://hooks.example.com/matrix",
            "events": ["meetup.changed"]}))
        }
        (_, "ConferenceOrganizerInput") => {
            json(json!({"email": "friend@organizers.test", "name": "Friend"}))
        }
        (_, "RegistrationForm") => form(&[
            ("name", "Matrix Form"),
            ("email", "matrix.form@example.org"),
            ("consent_privacy", "yes"),
        ]),
        (_, "EditForm") => form(&[("name", "Matrix Edited")]),
        (_, "WebhookForm") => form(&[
            ("url", "https://hooks.example.com/page"),
            ("events", "meetup.changed"),
        ]),
        (_, "TokenForm" | "CsrfForm" | "RetryEmailForm") => form(&[]),
        (_, "SureForm") => form(&[("sure", "yes")]),
        (_, "MeetupChoiceForm") => form(&[("meetup", meetup), ("attending", "yes")]),
        (_, "VerifyForm") => form(&[("network", "linkedin")]),
        (_, "SignInEmailForm") => form(&[("email", "nobody.matrix@example.org")]),
        // The sign-in link's form: a one-time link nobody was sent.
        (_, "SignInTokenForm") => form(&[]),
        (_, "EmailChangeForm") => form(&[("token", "tm_att_unknown")]),
        (_, "RegistrationToggleForm") => form(&[("open", "true")]),
        (_, "RunForm") => form(&[("seed", "1"), ("max_seconds", "1")]),
        (_, "PublishForm") => form(&[("version", &version)]),
        (_, "AdjustForm") => form(&[
            ("version", &version),
            ("op", "lock"),
            ("attendee_id", &world.attendee_id),
        ]),
        (_, "PublishSeriesForm") => {
            form(&[("meetup", meetup), ("plan", &format!("{plan}:{version}"))])
        }
        (_, "ConferenceSetupForm") => form(&[
            ("name", "Matrix Page"),
            ("slug", "matrix-page"),
            ("time_zone", "Europe/Lisbon"),
            ("starts_on", "2026-06-01"),
            ("ends_on", "2026-06-03"),
            ("table_min", "3"),
            ("table_max", "6"),
        ]),
        (_, "MeetupSetupForm") => form(&MEETUP_FORM),
        (_, "SeriesSetupForm") => {
            form(&[&MEETUP_FORM[..], &[("rounds", "2"), ("days_apart", "1")]].concat())
        }
        (_, "ConsoleAttendeeForm") => form(&[
            ("name", "Matrix Console"),
            ("email", "matrix.console@example.org"),
            ("consent_privacy", "yes"),
        ]),
        _ => None,
    }
}

/// Sends the request as a browser that shows redirects instead of following them.
pub async fn send(
    app: &TestApp,
    op: &Operation,
    request: Request,
    via: Via,
    presented: Option<Presented>,
) -> Response {
    let client = Client::builder()
        .redirect(redirect::Policy::none())
        .build()
        .expect("client");
    let method = Method::from_bytes(op.method.as_bytes()).expect("a method");
    let mut query = request.query;
    let mut req = client.request(method, app.url(&request.path));
    let mut form_extra = Vec::new();
    if let Some(p) = &presented {
        match via {
            Via::Header => req = req.header(AUTHORIZATION, format!("Bearer {}", p.secret)),
            Via::Cookie => req = req.header(COOKIE, format!("tm_session={}", p.secret)),
            Via::Query if op.guard == Guard::PersonalLink => {
                query.push(("token".into(), p.secret.clone()));
            }
            Via::Query => query.push(("access_token".into(), p.secret.clone())),
            Via::Form => form_extra.push(("token".to_owned(), p.secret.clone())),
            Via::Nowhere => {}
        }
    }
    // Console forms carry the CSRF token of the session they are sent with.
    if op.guard == Guard::ConsoleSession {
        let csrf = presented
            .as_ref()
            .map_or("0".repeat(64), |p| p.csrf.clone());
        form_extra.push(("csrf".to_owned(), csrf));
    }
    if !query.is_empty() {
        req = req.query(&query);
    }
    req = match request.body {
        Body::None => req,
        Body::Json(v) => req.json(&v),
        Body::Csv(text) => req.header(CONTENT_TYPE, "text/csv").body(text),
        Body::Form(mut fields) => {
            fields.extend(form_extra);
            req.form(&fields)
        }
        Body::Multipart(mut fields) => {
            fields.extend(form_extra);
            let boundary = "----tablematesAccessMatrix";
            let mut text = String::new();
            for (name, value) in fields {
                let file = if name == "file" {
                    "; filename=\"people.csv\"\r\nContent-Type: text/csv"
                } else {
                    ""
                };
                text.push_str(&format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"{file}\r\n\r\n{value}\r\n"
                ));
            }
            text.push_str(&format!("--{boundary}--\r\n"));
            req.header(
                CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(text)
        }
    };
    req.send().await.expect("request")
}
