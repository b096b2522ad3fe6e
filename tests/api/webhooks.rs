//! Webhooks out (issue 16): a receiver on loopback checks every delivery's Standard Webhooks
//! signature with its own HMAC (not the service's code) and sees each event once; a receiver
//! that fails is retried until it accepts, one that never does is given up on; a delivery
//! can be replayed with its message id; bad endpoints are 422 naming the field, another
//! organizer's are 404; and no payload carries what an attendee hides.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{HttpRequest, HttpResponse, web};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::Sha256;

use crate::helpers::{TestApp, TestBackend, body, error_fields, eventually, let_workers_run};
use crate::plans::{attendees, meetup, seat_and_publish};

const CONF: &str = "/api/v1/conferences/conf";

/// One request the receiver got.
#[derive(Debug, Clone)]
struct Received {
    path: String,
    id: String,
    timestamp: String,
    signature: String,
    body: String,
}

/// A webhook receiver on 127.0.0.1: it records every request, and answers 500 to the first
/// `fail_first` ones to `/flaky`, always 500 to `/broken`, 200 otherwise.
#[derive(Clone)]
struct Receiver {
    base: String,
    got: Arc<Mutex<Vec<Received>>>,
}

#[derive(Clone)]
struct ReceiverState {
    got: Arc<Mutex<Vec<Received>>>,
    fail_first: Arc<AtomicUsize>,
}

async fn receive(state: web::Data<ReceiverState>, req: HttpRequest, body: String) -> HttpResponse {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let path = req.path().to_owned();
    state.got.lock().expect("lock").push(Received {
        path: path.clone(),
        id: header("webhook-id"),
        timestamp: header("webhook-timestamp"),
        signature: header("webhook-signature"),
        body,
    });
    let fail = match path.as_str() {
        "/broken" => true,
        "/flaky" => state
            .fail_first
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok(),
        _ => false,
    };
    if fail {
        HttpResponse::InternalServerError().body("not now")
    } else {
        HttpResponse::Ok().finish()
    }
}

impl Receiver {
    fn start(fail_first: usize) -> Self {
        let got = Arc::new(Mutex::new(Vec::new()));
        let state = ReceiverState {
            got: got.clone(),
            fail_first: Arc::new(AtomicUsize::new(fail_first)),
        };
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("address").port();
        let server = actix_web::HttpServer::new(move || {
            actix_web::App::new()
                .app_data(web::Data::new(state.clone()))
                .default_service(web::to(receive))
        })
        .workers(1)
        .disable_signals()
        .listen(listener)
        .expect("listen")
        .run();
        tokio::spawn(server);
        Self {
            base: format!("http://127.0.0.1:{port}"),
            got,
        }
    }

    fn got(&self, path: &str) -> Vec<Received> {
        self.got
            .lock()
            .expect("lock")
            .iter()
            .filter(|r| r.path == path)
            .cloned()
            .collect()
    }

    /// Waits until `path` has received `n` requests, and returns them.
    async fn wait_for(&self, path: &str, n: usize) -> Vec<Received> {
        eventually(
            format!("{n} webhook requests to {path}"),
            Duration::from_secs(30),
            async || {
                let got = self.got(path);
                if got.len() >= n {
                    Ok(got)
                } else {
                    Err(format!("{} of them", got.len()))
                }
            },
        )
        .await
    }
}

/// The Standard Webhooks check, written from the specification: the key is the base64 after
/// `whsec_`, the signed content `{id}.{timestamp}.{body}`, the header a space-separated list
/// of `v1,<base64 HMAC-SHA256>`, and the timestamp within five minutes of now.
fn verify(secret: &str, got: &Received) -> Result<Value, String> {
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").ok_or("no whsec_ prefix")?)
        .map_err(|e| e.to_string())?;
    let timestamp: i64 = got.timestamp.parse().map_err(|_| "timestamp")?;
    if (chrono::Utc::now().timestamp() - timestamp).abs() > 300 {
        return Err(format!("timestamp {timestamp} is not now"));
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).map_err(|e| e.to_string())?;
    mac.update(format!("{}.{}.{}", got.id, got.timestamp, got.body).as_bytes());
    let expected: [u8; 32] = mac.finalize().into_bytes().into();
    let matched = got.signature.split(' ').any(|sig| {
        sig.strip_prefix("v1,")
            .and_then(|b| STANDARD.decode(b).ok())
            .is_some_and(|bytes| bytes == expected)
    });
    if !matched {
        return Err(format!("signature {:?} does not verify", got.signature));
    }
    serde_json::from_str(&got.body).map_err(|e| e.to_string())
}

const ALL_EVENTS: [&str; 5] = [
    "attendee.confirmed",
    "plan.published",
    "table.changed",
    "meetup.changed",
    "meetup.cancelled",
];

async fn private_app(backend: &TestBackend, extra: &[(&str, &str)]) -> TestApp {
    let mut vars = vec![
        ("TABLEMATES_OUTBOUND_ALLOW_PRIVATE", "true"),
        ("TABLEMATES_OUTBOX_POLL_MS", "20"),
        ("TABLEMATES_WEBHOOK_RETRY_BASE_MS", "50"),
    ];
    vars.extend_from_slice(extra);
    backend.spawn_with(&vars).await
}

async fn endpoint(app: &TestApp, token: &str, request: Value) -> Value {
    body(
        app.post(&format!("{CONF}/webhooks"), Some(token), &request)
            .await,
        StatusCode::CREATED,
    )
    .await
}

async fn deliveries(app: &TestApp, token: &str, endpoint_id: &str) -> Value {
    body(
        app.get(
            &format!("{CONF}/webhooks/{endpoint_id}/deliveries?per_page=200"),
            Some(token),
        )
        .await,
        StatusCode::OK,
    )
    .await
}

/// The newest delivery of an endpoint, once it has `status`.
async fn newest_delivery_once(
    app: &TestApp,
    token: &str,
    endpoint_id: &str,
    status: &str,
) -> Value {
    eventually(
        format!("the newest delivery of {endpoint_id} {status}"),
        Duration::from_secs(10),
        async || {
            let log = deliveries(app, token, endpoint_id).await;
            let item = log["items"][0].clone();
            if item["status"] == status {
                Ok(item)
            } else {
                Err(item)
            }
        },
    )
    .await
}

/// A meetup made and renamed (one `meetup.changed`); returns its id.
async fn renamed_lunch(app: &TestApp, token: &str) -> String {
    let lunch = id(&meetup(
        app,
        token,
        json!({"name": "Lunch", "starts_at": "2026-06-01T11:30:00Z",
               "ends_at": "2026-06-01T12:30:00Z", "table_count": 1}),
    )
    .await);
    body(
        app.patch(
            &format!("{CONF}/meetups/{lunch}"),
            Some(token),
            &json!({"name": "Long lunch"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    lunch
}

fn id(v: &Value) -> String {
    v["id"].as_str().expect("an id").to_owned()
}

api_test!(a_verifying_receiver_sees_every_event_once, backend);
async fn a_verifying_receiver_sees_every_event_once(backend: &TestBackend) {
    let app = private_app(backend, &[]).await;
    let receiver = Receiver::start(0);
    let token = app.conference("conf").await;
    let made = endpoint(
        &app,
        &token,
        json!({"url": format!("{}/in", receiver.base), "events": ALL_EVENTS,
               "description": "our CRM"}),
    )
    .await;
    let secret = made["secret"]
        .as_str()
        .expect("the secret, once")
        .to_owned();
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").expect("whsec_"))
        .expect("base64");
    assert!(key.len() >= 24, "{secret}");
    let endpoint_id = id(&made);
    let shown = body(
        app.get(&format!("{CONF}/webhooks/{endpoint_id}"), Some(&token))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(shown.get("secret").is_none(), "{shown}");
    assert_eq!(shown["description"], "our CRM");

    // Six attendees the organizer adds (confirmed at once), one who registers and confirms
    // with a hidden affiliation, and one who registers and never confirms.
    let mut confirmed: BTreeSet<String> = attendees(&app, &token, 6, "Guest")
        .await
        .into_iter()
        .collect();
    let quiet = json!({"name": "Quiet Person", "email": "quiet@example.org",
        "affiliation": "Secret Lab", "interests": ["rust"],
        "handles": [{"network": "github", "handle": "ghnobody", "visibility": "nobody"}],
        "visibility": {"affiliation": "nobody"}, "consents": {"privacy": true}});
    body(app.register("conf", &quiet).await, StatusCode::ACCEPTED).await;
    let link = app.link_token("quiet@example.org").await;
    let me = body(
        app.post("/api/v1/me/confirm", Some(&link), &json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    confirmed.insert(id(&me));
    let never = crate::helpers::registration("Never Confirms", "never@example.org");
    body(app.register("conf", &never).await, StatusCode::ACCEPTED).await;

    let lunch = meetup(
        &app,
        &token,
        json!({"name": "Lunch", "starts_at": "2026-06-01T11:30:00Z",
               "ends_at": "2026-06-01T12:30:00Z", "location": "Hall B",
               "table_count": 2, "table_min": 3, "table_max": 5}),
    )
    .await;
    let meetup_id = id(&lunch);
    let plan = seat_and_publish(&app, &token, &meetup_id).await;
    let plan_id = id(&plan);
    // A late attendee, seated by the organizer's repair: the tables that changed.
    let late = body(
        app.post(
            &format!("{CONF}/attendees"),
            Some(&token),
            &json!({"name": "Late Person", "email": "late@example.org",
                    "consents": {"privacy": true}}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    confirmed.insert(id(&late));
    let repaired = body(
        app.post(
            &format!("{CONF}/plans/{plan_id}/repair"),
            Some(&token),
            &json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    body(
        app.patch(
            &format!("{CONF}/meetups/{meetup_id}"),
            Some(&token),
            &json!({"location": "Hall C"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    for _ in 0..2 {
        body(
            app.post(
                &format!("{CONF}/meetups/{meetup_id}/cancel"),
                Some(&token),
                &json!({}),
            )
            .await,
            StatusCode::OK,
        )
        .await;
    }

    let expected = confirmed.len() + 4;
    receiver.wait_for("/in", expected).await;
    let_workers_run().await;
    let got = receiver.got("/in");
    assert_eq!(got.len(), expected, "each event once: {got:#?}");
    let ids: BTreeSet<&str> = got.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), got.len(), "a message id per event");
    let mut by_type: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for r in &got {
        let payload = verify(&secret, r).unwrap_or_else(|e| panic!("{e}: {r:?}"));
        assert_eq!(payload["data"]["conference"], "conf", "{payload}");
        assert!(
            chrono::DateTime::parse_from_rfc3339(payload["timestamp"].as_str().unwrap_or_default())
                .is_ok(),
            "{payload}"
        );
        for hidden in [
            "Secret Lab",
            "ghnobody",
            "quiet@example.org",
            "Quiet Person",
        ] {
            assert!(!r.body.contains(hidden), "{hidden} leaked: {}", r.body);
        }
        by_type
            .entry(payload["type"].as_str().expect("type").to_owned())
            .or_default()
            .push(payload["data"].clone());
    }
    let confirmed_ids: BTreeSet<String> = by_type["attendee.confirmed"]
        .iter()
        .map(|d| d["attendee_id"].as_str().expect("attendee_id").to_owned())
        .collect();
    assert_eq!(confirmed_ids, confirmed);
    assert_eq!(
        by_type["plan.published"],
        [
            json!({"conference": "conf", "meetup_id": meetup_id, "plan_id": plan_id,
                "version": plan["version"]})
        ]
    );
    let changed = &by_type["table.changed"];
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert_eq!(changed[0]["plan_id"], plan_id.as_str());
    assert_eq!(
        changed[0]["version"], repaired["plan"]["version"],
        "{repaired}"
    );
    assert_eq!(
        changed[0]["change_id"], repaired["change"]["id"],
        "{repaired}"
    );
    assert!(
        !changed[0]["tables"].as_array().expect("tables").is_empty(),
        "{changed:?}"
    );
    for kind in ["meetup.changed", "meetup.cancelled"] {
        assert_eq!(
            by_type[kind],
            [json!({"conference": "conf", "meetup_id": meetup_id})],
            "{kind}"
        );
    }

    let log = deliveries(&app, &token, &endpoint_id).await;
    assert_eq!(log["total"], expected, "{log}");
    let items = log["items"].as_array().expect("items");
    assert_eq!(items[0]["type"], "meetup.cancelled", "newest first: {log}");
    for item in items {
        assert_eq!(item["status"], "delivered", "{item}");
        assert_eq!(item["attempts"], 1, "{item}");
        assert_eq!(item["last_status_code"], 200, "{item}");
        assert!(item["next_attempt_at"].is_null(), "{item}");
    }
}

api_test!(failures_are_retried_given_up_and_replayed, backend);
async fn failures_are_retried_given_up_and_replayed(backend: &TestBackend) {
    let app = private_app(backend, &[("TABLEMATES_WEBHOOK_MAX_ATTEMPTS", "3")]).await;
    let receiver = Receiver::start(2);
    let token = app.conference("conf").await;
    let flaky = endpoint(
        &app,
        &token,
        json!({"url": format!("{}/flaky", receiver.base), "events": ["meetup.changed"]}),
    )
    .await;
    let broken = endpoint(
        &app,
        &token,
        json!({"url": format!("{}/broken", receiver.base), "events": ["meetup.changed"]}),
    )
    .await;
    let lunch = renamed_lunch(&app, &token).await;

    // Two 500s, then accepted: three attempts of one message, each signed afresh.
    let tries = receiver.wait_for("/flaky", 3).await;
    let secret = flaky["secret"].as_str().expect("secret");
    for t in &tries {
        verify(secret, t).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.id, tries[0].id, "one message id for every attempt");
    }
    let flaky_id = id(&flaky);
    let entry = newest_delivery_once(&app, &token, &flaky_id, "delivered").await;
    assert_eq!(entry["attempts"], 3, "{entry}");
    assert_eq!(entry["last_status_code"], 200, "{entry}");

    // Always 500: given up after the third attempt.
    let broken_id = id(&broken);
    let failed = newest_delivery_once(&app, &token, &broken_id, "failed").await;
    assert_eq!(failed["attempts"], 3, "{failed}");
    assert_eq!(failed["last_status_code"], 500, "{failed}");
    assert!(failed["next_attempt_at"].is_null(), "{failed}");
    let_workers_run().await;
    assert_eq!(
        receiver.got("/broken").len(),
        3,
        "no attempt after giving up"
    );

    // A replay: a new log entry, the same message id, delivered once more.
    let replay = async || {
        app.post(
            &format!(
                "{CONF}/webhooks/{flaky_id}/deliveries/{}/replay",
                id(&entry)
            ),
            Some(&token),
            &json!({}),
        )
        .await
    };
    let replayed = body(replay().await, StatusCode::ACCEPTED).await;
    assert_eq!(replayed["replay_of"], entry["id"], "{replayed}");
    assert_eq!(replayed["message_id"], entry["message_id"], "{replayed}");
    let again = receiver.wait_for("/flaky", 4).await;
    assert_eq!(again[3].id, tries[0].id);
    verify(secret, &again[3]).unwrap_or_else(|e| panic!("{e}"));
    let log = deliveries(&app, &token, &flaky_id).await;
    assert_eq!(log["total"], 2, "{log}");

    // A new secret signs from now on; the old one no longer verifies.
    let rotated = body(
        app.post(
            &format!("{CONF}/webhooks/{flaky_id}/rotate-secret"),
            Some(&token),
            &json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let new_secret = rotated["secret"].as_str().expect("a new secret");
    assert_ne!(new_secret, secret);
    body(replay().await, StatusCode::ACCEPTED).await;
    let last = receiver
        .wait_for("/flaky", 5)
        .await
        .pop()
        .expect("a request");
    verify(new_secret, &last).unwrap_or_else(|e| panic!("{e}"));
    assert!(verify(secret, &last).is_err());

    // A disabled endpoint gets no new deliveries, and cannot replay.
    body(
        app.patch(
            &format!("{CONF}/webhooks/{flaky_id}"),
            Some(&token),
            &json!({"enabled": false}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    body(
        app.patch(
            &format!("{CONF}/meetups/{lunch}"),
            Some(&token),
            &json!({"name": "Short lunch"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let log = deliveries(&app, &token, &flaky_id).await;
    assert_eq!(
        log["total"], 3,
        "nothing new for a disabled endpoint: {log}"
    );
    assert_eq!(replay().await.status(), StatusCode::CONFLICT);
}

api_test!(endpoints_are_checked_and_kept_to_their_conference);
async fn endpoints_are_checked_and_kept_to_their_conference(app: TestApp) {
    let token = app.conference("conf").await;
    let create = async |request: Value| {
        app.post(&format!("{CONF}/webhooks"), Some(&token), &request)
            .await
    };
    for (request, fields) in [
        (
            json!({"url": "http://hooks.example.com/in", "events": ["plan.published"]}),
            vec!["url"],
        ),
        (
            json!({"url": "https://10.0.0.7/in", "events": ["plan.published"]}),
            vec!["url"],
        ),
        (
            json!({"url": "https://localhost/in", "events": ["plan.published"]}),
            vec!["url"],
        ),
        (
            json!({"url": "ftp://hooks.example.com", "events": ["plan.published"]}),
            vec!["url"],
        ),
        (
            json!({"url": "https://hooks.example.com/in", "events": ["plan.published", "plan.drafted"]}),
            vec!["events[1]"],
        ),
        (
            json!({"url": "https://hooks.example.com/in", "events": []}),
            vec!["events"],
        ),
        (json!({"events": ["plan.published"]}), vec!["url"]),
        (json!({"url": "not a url"}), vec!["url", "events"]),
    ] {
        let res = create(request.clone()).await;
        assert_eq!(
            res.headers()["content-type"],
            "application/problem+json",
            "{request}"
        );
        let problem = body(res, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(error_fields(&problem), fields, "{request}: {problem}");
    }
    let made = body(
        create(json!({"url": "https://hooks.example.com/in", "events": ["plan.published"]})).await,
        StatusCode::CREATED,
    )
    .await;
    let endpoint_id = id(&made);
    let path = format!("{CONF}/webhooks/{endpoint_id}");
    let changed = body(
        app.patch(
            &path,
            Some(&token),
            &json!({"events": ["meetup.cancelled", "table.changed"], "description": "ops"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        changed["events"],
        json!(["table.changed", "meetup.cancelled"])
    );
    assert_eq!(changed["description"], "ops");
    let bad = body(
        app.patch(&path, Some(&token), &json!({"url": "https://192.168.1.1/"}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(error_fields(&bad), ["url"]);

    // Another organizer knows nothing of it.
    let other = app.conference("other").await;
    let theirs = [
        app.get(&path, Some(&other)).await,
        app.patch(&path, Some(&other), &json!({"enabled": false}))
            .await,
        app.get(&format!("{path}/deliveries"), Some(&other)).await,
        app.post(&format!("{path}/rotate-secret"), Some(&other), &json!({}))
            .await,
        app.get(&format!("{CONF}/webhooks"), Some(&other)).await,
        app.get(
            &format!("/api/v1/conferences/other/webhooks/{endpoint_id}"),
            Some(&other),
        )
        .await,
    ];
    for res in theirs {
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{:?}", res.url());
    }
    let deleted = app
        .client
        .delete(app.url(&path))
        .bearer_auth(&token)
        .send()
        .await
        .expect("delete");
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let gone = app.get(&path, Some(&token)).await;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
}

api_test!(an_erased_attendee_leaves_no_delivery_naming_them);
async fn an_erased_attendee_leaves_no_delivery_naming_them(app: TestApp) {
    let token = app.conference("conf").await;
    let made = endpoint(
        &app,
        &token,
        json!({"url": "https://hooks.example.com/in", "events": ["attendee.confirmed"]}),
    )
    .await;
    let endpoint_id = id(&made);
    let people = attendees(&app, &token, 2, "Guest").await;
    let log = deliveries(&app, &token, &endpoint_id).await;
    assert_eq!(log["total"], 2, "{log}");

    crate::erasure::erase_self(&app, &people[0]).await;
    let log = deliveries(&app, &token, &endpoint_id).await;
    assert_eq!(log["total"], 1, "{log}");
    assert!(!log.to_string().contains(&people[0]), "{log}");
    assert!(log.to_string().contains(&people[1]), "{log}");
}

api_test!(finished_deliveries_leave_the_log_after_30_days, backend);
async fn finished_deliveries_leave_the_log_after_30_days(backend: &TestBackend) {
    let app = private_app(backend, &[("TABLEMATES_WEBHOOK_RETRY_BASE_MS", "3600000")]).await;
    let receiver = Receiver::start(0);
    let token = app.conference("conf").await;
    let mut ids = Vec::new();
    for path in ["/in", "/broken"] {
        let made = endpoint(
            &app,
            &token,
            json!({"url": format!("{}{path}", receiver.base), "events": ["meetup.changed"]}),
        )
        .await;
        ids.push(id(&made));
    }
    renamed_lunch(&app, &token).await;
    receiver.wait_for("/in", 1).await;
    receiver.wait_for("/broken", 1).await;
    eventually(
        "both attempts recorded",
        Duration::from_secs(10),
        async || {
            let delivered = deliveries(&app, &token, &ids[0]).await["items"][0]["status"].clone();
            let retried = deliveries(&app, &token, &ids[1]).await["items"][0]["attempts"].clone();
            if delivered == "delivered" && retried == 1 {
                Ok(())
            } else {
                Err(format!("{delivered} and {retried}"))
            }
        },
    )
    .await;

    let sweep = async |days: i64| {
        let now = chrono::Utc::now() + chrono::Duration::days(days);
        let retention = tablemates::workflows::retention::Retention {
            erase_after_days: 0,
            unconfirmed_days: 0,
        };
        tablemates::workflows::retention::run(&app.ctx, retention, now)
            .await
            .expect("retention runs")
            .webhook_deliveries_purged
    };
    assert_eq!(sweep(29).await, 0);
    assert_eq!(sweep(31).await, 1, "the delivered one");
    assert_eq!(deliveries(&app, &token, &ids[0]).await["total"], 0);
    assert_eq!(
        deliveries(&app, &token, &ids[1]).await["total"],
        1,
        "a pending one stays, however old"
    );
}

api_test!(
    an_import_announces_only_the_people_whose_consent_it_carries,
    backend
);
async fn an_import_announces_only_the_people_whose_consent_it_carries(backend: &TestBackend) {
    let app = private_app(backend, &[]).await;
    let receiver = Receiver::start(0);
    let token = app.conference("conf").await;
    let made = endpoint(
        &app,
        &token,
        json!({"url": format!("{}/imports", receiver.base), "events": ["attendee.confirmed"]}),
    )
    .await;
    let secret = made["secret"].as_str().expect("the secret").to_owned();
    let endpoint_id = id(&made);
    let csv = "name,email,privacy_consent\n\
               Asked Person,asked@example.org,yes\n\
               Invited Person,invited@example.org,\n";
    let res = app
        .client
        .post(app.url(&format!("{CONF}/attendees/import")))
        .bearer_auth(&token)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .expect("request");
    body(res, StatusCode::OK).await;
    let id_of = async |email: &str| -> String {
        let list = body(
            app.get(&format!("{CONF}/attendees?per_page=50"), Some(&token))
                .await,
            StatusCode::OK,
        )
        .await;
        let items = list["items"].as_array().expect("items").clone();
        let found = items
            .iter()
            .find(|a| a["email"] == email)
            .unwrap_or_else(|| panic!("{email} in {list}"));
        id(found)
    };
    let (asked, invited) = (
        id_of("asked@example.org").await,
        id_of("invited@example.org").await,
    );
    // The deliveries are written with the import: one, for the person who consented.
    assert_eq!(deliveries(&app, &token, &endpoint_id).await["total"], 1);
    let first = verify(&secret, &receiver.wait_for("/imports", 1).await[0]).expect("signed");
    assert_eq!(first["data"]["attendee_id"], asked, "{first}");

    // The invited person is announced when they accept.
    let link = app.link_token("invited@example.org").await;
    body(
        app.post("/api/v1/me/confirm", Some(&link), &json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(deliveries(&app, &token, &endpoint_id).await["total"], 2);
    let got = receiver.wait_for("/imports", 2).await;
    let second = got
        .iter()
        .map(|g| verify(&secret, g).expect("signed"))
        .find(|p| p["data"]["attendee_id"] != asked)
        .expect("a second attendee");
    assert_eq!(second["data"]["attendee_id"], invited, "{second}");
}
