//! Verified handles: an attendee proves a handle by linking their verification page from the
//! profile, and the handle is marked verified wherever it is shown. The networks do not run
//! here: one stand-in HTTP server on loopback answers for every host (the service sends every
//! request for a handle's own host there, `TABLEMATES_VERIFY_CONNECT_TO`, and the PLC
//! directory, the Bluesky AppView and GitHub's API are configured at it), and a stand-in DNS
//! server answers the `_atproto` TXT records.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use hickory_proto::op::{Message, OpCode};
use hickory_proto::rr::rdata::TXT;
use hickory_proto::rr::{RData, Record};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestBackend, body, error_fields, registration};

const SLUG: &str = "conf";
const PLC: &str = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";

/// What the stand-in answers, by host (without port) and path: (content type, body).
type Answers = Arc<Mutex<HashMap<String, (String, String)>>>;

struct StandIns {
    answers: Answers,
    txt: Arc<Mutex<HashMap<String, Vec<String>>>>,
    http: String,
    dns: String,
}

impl StandIns {
    fn serve(&self, host: &str, path: &str, content_type: &str, body: impl Into<String>) {
        self.answers.lock().expect("answers").insert(
            format!("{host}{path}"),
            (content_type.to_owned(), body.into()),
        );
    }

    fn forget(&self, host: &str, path: &str) {
        self.answers
            .lock()
            .expect("answers")
            .remove(&format!("{host}{path}"));
    }

    fn serve_json(&self, host: &str, path: &str, body: &Value) {
        self.serve(host, path, "application/json", body.to_string());
    }

    fn txt(&self, name: &str, value: &str) {
        self.txt
            .lock()
            .expect("txt")
            .insert(format!("{name}."), vec![value.to_owned()]);
    }
}

async fn answer(req: HttpRequest, answers: web::Data<Answers>) -> HttpResponse {
    let host = req
        .headers()
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("")
        .split(':')
        .next()
        .unwrap_or("")
        .to_owned();
    let key = format!("{host}{}", req.path());
    match answers.lock().expect("answers").get(&key) {
        Some((content_type, body)) => HttpResponse::Ok()
            .content_type(content_type.as_str())
            .body(body.clone()),
        None => HttpResponse::NotFound().body(format!("nothing at {key}")),
    }
}

/// Starts the HTTP and DNS stand-ins on free loopback ports.
async fn stand_ins() -> StandIns {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let http = listener.local_addr().expect("address").to_string();
    let answers: Answers = Arc::default();
    let shared = answers.clone();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(shared.clone()))
            .default_service(web::to(answer))
    })
    .workers(1)
    .listen(listener)
    .expect("listen")
    .run();
    tokio::spawn(server);

    let socket = tokio::net::UdpSocket::bind("127.0.0.1:0")
        .await
        .expect("a UDP port");
    let dns = socket.local_addr().expect("address").to_string();
    let txt: Arc<Mutex<HashMap<String, Vec<String>>>> = Arc::default();
    let records = txt.clone();
    tokio::spawn(async move {
        let mut buf = [0u8; 1500];
        while let Ok((n, peer)) = socket.recv_from(&mut buf).await {
            let Ok(query) = Message::from_vec(&buf[..n]) else {
                continue;
            };
            let mut reply = Message::response(query.metadata.id, OpCode::Query);
            reply.metadata.recursion_desired = query.metadata.recursion_desired;
            reply.metadata.recursion_available = true;
            for q in &query.queries {
                reply.queries.push(q.clone());
                let name = q.name().to_ascii().to_ascii_lowercase();
                for value in records
                    .lock()
                    .expect("txt")
                    .get(&name)
                    .into_iter()
                    .flatten()
                {
                    reply.add_answer(Record::from_rdata(
                        q.name().clone(),
                        60,
                        RData::TXT(TXT::new(vec![value.clone()])),
                    ));
                }
            }
            if let Ok(bytes) = reply.to_vec() {
                let _ = socket.send_to(&bytes, peer).await;
            }
        }
    });
    StandIns {
        answers,
        txt,
        http,
        dns,
    }
}

/// The service with every network pointed at the stand-ins.
async fn app_with(backend: &TestBackend, s: &StandIns) -> TestApp {
    let base = format!("http://{}", s.http);
    backend
        .spawn_with(&[
            ("TABLEMATES_OUTBOUND_ALLOW_PRIVATE", "true"),
            ("TABLEMATES_VERIFY_WEB_SCHEME", "http"),
            ("TABLEMATES_VERIFY_CONNECT_TO", &s.http),
            ("TABLEMATES_VERIFY_PLC_URL", &base),
            ("TABLEMATES_VERIFY_BSKY_APPVIEW_URL", &base),
            ("TABLEMATES_VERIFY_GITHUB_API_URL", &base),
            ("TABLEMATES_VERIFY_DNS_SERVER", &s.dns),
            ("TABLEMATES_VERIFY_TIMEOUT_MS", "3000"),
        ])
        .await
}

/// Registers Ada with `handles` and answers her personal-link token.
async fn ada(app: &TestApp, handles: Value) -> String {
    app.conference(SLUG).await;
    let mut person = registration("Ada Lovelace", "ada@example.org");
    person["handles"] = handles;
    body(app.register(SLUG, &person).await, StatusCode::ACCEPTED).await;
    app.link_token("ada@example.org").await
}

async fn page_url(app: &TestApp, token: &str) -> String {
    let status = body(
        app.get("/api/v1/me/verification", Some(token)).await,
        StatusCode::OK,
    )
    .await;
    status["page_url"].as_str().expect("page url").to_owned()
}

async fn verify(app: &TestApp, token: &str, network: &str) -> reqwest::Response {
    app.post(
        "/api/v1/me/verification",
        Some(token),
        &json!({ "network": network }),
    )
    .await
}

/// The proof of the handle on `network` in a verification status or attendee body.
fn proof(status: &Value, network: &str) -> Value {
    status["handles"]
        .as_array()
        .expect("handles")
        .iter()
        .find(|h| h["network"] == network)
        .unwrap_or_else(|| panic!("no {network} handle in {status}"))["verified"]
        .clone()
}

/// A Mastodon profile page with its profile fields, as Mastodon renders them.
fn profile_html(links_to: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html><head><title>Ada</title></head><body>
        <dl><dt>Web</dt><dd><a href="{links_to}" target="_blank" rel="nofollow noopener noreferrer me" translate="no">{links_to}</a></dd></dl>
        </body></html>"#
    )
}

fn webfinger(user: &str, server: &str) -> Value {
    json!({
        "subject": format!("acct:{user}@{server}"),
        "links": [
            {"rel": "http://webfinger.net/rel/profile-page", "type": "text/html",
             "href": format!("https://{server}/@{user}")},
        ],
    })
}

api_test!(
    a_mastodon_profile_linking_back_with_rel_me_proves_the_handle,
    backend
);
async fn a_mastodon_profile_linking_back_with_rel_me_proves_the_handle(backend: &TestBackend) {
    let s = stand_ins().await;
    let app = app_with(backend, &s).await;
    let token = ada(
        &app,
        json!([{"network": "mastodon", "handle": "@ada@hachyderm.io", "visibility": "tablemates"}]),
    )
    .await;
    let page = page_url(&app, &token).await;
    assert!(page.starts_with(&app.address), "{page}");
    assert_eq!(
        page_url(&app, &token).await,
        page,
        "the page stays the same"
    );
    s.serve_json(
        "hachyderm.io",
        "/.well-known/webfinger",
        &webfinger("ada", "hachyderm.io"),
    );

    // The profile does not link back yet: refused, saying what was looked for.
    s.serve(
        "hachyderm.io",
        "/@ada",
        "text/html",
        profile_html("https://ada.dev/"),
    );
    let refused = body(
        verify(&app, &token, "mastodon").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(error_fields(&refused), ["network"]);
    let said = refused.to_string();
    assert!(said.contains("rel=") && said.contains(&page), "{said}");
    assert_eq!(
        refused["errors"][0]["code"], "field-verify-fediverse-rel-me",
        "{said}"
    );
    let me = body(app.get("/api/v1/me", Some(&token)).await, StatusCode::OK).await;
    assert_eq!(proof(&me, "mastodon"), Value::Null, "still only claimed");

    // A link without rel="me" proves nothing either.
    s.serve(
        "hachyderm.io",
        "/@ada",
        "text/html",
        format!(r#"<a href="{page}" rel="nofollow">my page</a>"#),
    );
    body(
        verify(&app, &token, "mastodon").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;

    s.serve("hachyderm.io", "/@ada", "text/html", profile_html(&page));
    let proved = body(verify(&app, &token, "mastodon").await, StatusCode::OK).await;
    assert_eq!(proof(&proved, "mastodon")["method"], "rel-me");
    let me = body(app.get("/api/v1/me", Some(&token)).await, StatusCode::OK).await;
    assert_eq!(proof(&me, "mastodon")["method"], "rel-me");

    // The public page shows the handle, marked, and links it back with rel="me".
    let public = app.client.get(&page).send().await.expect("page");
    assert_eq!(public.status(), StatusCode::OK);
    let html = public.text().await.expect("html");
    assert!(
        html.contains(
            r#"hachyderm.io&#x2f;@ada" rel="me noopener noreferrer">@ada@hachyderm.io</a>"#
        ),
        "{html}"
    );
    assert!(html.contains("✓ verified"), "{html}");
    assert!(!html.contains("Ada Lovelace") && !html.contains("ada@example.org"));
    let unknown = app
        .client
        .get(app.url(&format!("/v/{}", "0".repeat(32))))
        .send()
        .await
        .expect("page");
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

api_test!(
    editing_a_verified_handle_clears_the_mark_and_keeping_it_does_not,
    backend
);
async fn editing_a_verified_handle_clears_the_mark_and_keeping_it_does_not(backend: &TestBackend) {
    let s = stand_ins().await;
    let app = app_with(backend, &s).await;
    let token = ada(
        &app,
        json!([
            {"network": "mastodon", "handle": "@ada@hachyderm.io", "visibility": "tablemates"},
            {"network": "github", "handle": "ada", "visibility": "tablemates"},
        ]),
    )
    .await;
    let page = page_url(&app, &token).await;
    s.serve("hachyderm.io", "/@ada", "text/html", profile_html(&page));
    s.serve_json(
        "127.0.0.1",
        "/users/ada",
        &json!({"login": "ada", "blog": page, "bio": null}),
    );
    body(verify(&app, &token, "mastodon").await, StatusCode::OK).await;
    let proved = body(verify(&app, &token, "github").await, StatusCode::OK).await;
    assert_eq!(proof(&proved, "github")["method"], "github-profile");

    // Saving the same Mastodon handle keeps its proof; a new GitHub login loses it.
    let edited = body(
        app.patch(
            "/api/v1/me",
            Some(&token),
            &json!({"handles": [
                {"network": "mastodon", "handle": "https://hachyderm.io/@ada", "visibility": "tablemates"},
                {"network": "github", "handle": "ada-l", "visibility": "tablemates"},
            ]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(proof(&edited, "mastodon")["method"], "rel-me", "{edited}");
    assert_eq!(proof(&edited, "github"), Value::Null, "{edited}");

    // Handles on networks that offer no way to prove them are refused with a reason.
    let refused = body(
        verify(&app, &token, "x").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(error_fields(&refused), ["network"]);
    let refused = body(
        verify(&app, &token, "nonsense").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(error_fields(&refused), ["network"]);
    let unauthenticated = app
        .post(
            "/api/v1/me/verification",
            None,
            &json!({"network": "github"}),
        )
        .await;
    assert_eq!(unauthenticated.status(), StatusCode::UNAUTHORIZED);
}

/// A DID document naming `handle` back.
fn did_document(did: &str, handle: &str) -> Value {
    json!({
        "@context": ["https://www.w3.org/ns/did/v1"],
        "id": did,
        "alsoKnownAs": [format!("at://{handle}")],
        "service": [{"id": "#atproto_pds", "type": "AtprotoPersonalDataServer",
                     "serviceEndpoint": "https://pds.example.com"}],
    })
}

api_test!(
    a_bluesky_handle_is_proved_through_its_did_by_well_known_file_or_dns,
    backend
);
async fn a_bluesky_handle_is_proved_through_its_did_by_well_known_file_or_dns(
    backend: &TestBackend,
) {
    let s = stand_ins().await;
    let app = app_with(backend, &s).await;
    let token = ada(
        &app,
        json!([{"network": "bluesky", "handle": "@ada.bsky.social", "visibility": "tablemates"}]),
    )
    .await;
    let page = page_url(&app, &token).await;
    let mention = page.trim_start_matches("http://");

    // Handle → did:plc through the well-known file; the PLC directory's document names the
    // handle back; the profile description names the page.
    s.serve(
        "ada.bsky.social",
        "/.well-known/atproto-did",
        "text/plain",
        PLC,
    );
    s.serve_json(
        "127.0.0.1",
        &format!("/{PLC}"),
        &did_document(PLC, "ada.bsky.social"),
    );
    s.serve_json(
        "127.0.0.1",
        "/xrpc/app.bsky.actor.getProfile",
        &json!({"did": PLC, "handle": "ada.bsky.social", "description": "Engines. Proof: tablemates"}),
    );
    let refused = body(
        verify(&app, &token, "bluesky").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        refused.to_string().contains("profile description"),
        "{refused}"
    );
    s.serve_json(
        "127.0.0.1",
        "/xrpc/app.bsky.actor.getProfile",
        &json!({"did": PLC, "handle": "ada.bsky.social", "description": format!("Engines. {mention}")}),
    );
    let proved = body(verify(&app, &token, "bluesky").await, StatusCode::OK).await;
    assert_eq!(proof(&proved, "bluesky")["method"], "atproto-well-known");

    // A DID document that does not name the handle back proves nothing.
    s.serve_json(
        "127.0.0.1",
        &format!("/{PLC}"),
        &did_document(PLC, "someone.else.social"),
    );
    let refused = body(
        verify(&app, &token, "bluesky").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(refused.to_string().contains("alsoKnownAs"), "{refused}");

    // A custom domain handle → did:web through DNS TXT; did:web's document is on its host,
    // and here it names the page itself.
    body(
        app.patch(
            "/api/v1/me",
            Some(&token),
            &json!({"handles": [{"network": "bluesky", "handle": "ada.engines.dev", "visibility": "tablemates"}]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    s.txt("_atproto.ada.engines.dev", "did=did:web:engines.dev");
    let mut web_doc = did_document("did:web:engines.dev", "ada.engines.dev");
    web_doc["alsoKnownAs"]
        .as_array_mut()
        .expect("aka")
        .push(json!(page));
    s.serve_json("engines.dev", "/.well-known/did.json", &web_doc);
    let proved = body(verify(&app, &token, "bluesky").await, StatusCode::OK).await;
    assert_eq!(proof(&proved, "bluesky")["method"], "atproto-dns");

    // And did:plc through DNS, proved by the profile description.
    body(
        app.patch(
            "/api/v1/me",
            Some(&token),
            &json!({"handles": [{"network": "bluesky", "handle": "jay.engines.dev", "visibility": "tablemates"}]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    s.txt("_atproto.jay.engines.dev", &format!("did={PLC}"));
    s.serve_json(
        "127.0.0.1",
        &format!("/{PLC}"),
        &did_document(PLC, "jay.engines.dev"),
    );
    let proved = body(verify(&app, &token, "bluesky").await, StatusCode::OK).await;
    assert_eq!(proof(&proved, "bluesky")["method"], "atproto-dns");

    // A handle given as its DID is accepted and proved by its document and profile.
    let edited = body(
        app.patch(
            "/api/v1/me",
            Some(&token),
            &json!({"handles": [{"network": "bluesky", "handle": format!("https://bsky.app/profile/{PLC}"), "visibility": "tablemates"}]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(edited["handles"][0]["handle"], PLC);
    assert_eq!(edited["handles"][0]["display"], PLC);
    let proved = body(verify(&app, &token, "bluesky").await, StatusCode::OK).await;
    assert_eq!(proof(&proved, "bluesky")["method"], "atproto-did");

    // Nothing to resolve the handle with: refused, naming both places looked at.
    body(
        app.patch(
            "/api/v1/me",
            Some(&token),
            &json!({"handles": [{"network": "bluesky", "handle": "nobody.engines.dev", "visibility": "tablemates"}]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    s.forget("nobody.engines.dev", "/.well-known/atproto-did");
    let refused = body(
        verify(&app, &token, "bluesky").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let said = refused.to_string();
    assert!(
        said.contains("/.well-known/atproto-did") && said.contains("_atproto.nobody.engines.dev"),
        "{said}"
    );
}

api_test!(a_github_login_is_proved_by_a_public_gist, backend);
async fn a_github_login_is_proved_by_a_public_gist(backend: &TestBackend) {
    let s = stand_ins().await;
    let app = app_with(backend, &s).await;
    let token = ada(
        &app,
        json!([{"network": "github", "handle": "@Ada", "visibility": "tablemates"}]),
    )
    .await;
    let page = page_url(&app, &token).await;
    s.serve_json(
        "127.0.0.1",
        "/users/ada",
        &json!({"login": "ada", "blog": "https://ada.dev", "bio": "engines"}),
    );
    s.serve_json("127.0.0.1", "/users/ada/gists", &json!([]));
    let refused = body(
        verify(&app, &token, "github").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(refused.to_string().contains("gists"), "{refused}");
    s.serve_json(
        "127.0.0.1",
        "/users/ada/gists",
        &json!([
            {"id": "1", "description": "dotfiles", "public": true},
            {"id": "2", "description": format!("tablemates: {page}"), "public": true},
        ]),
    );
    let proved = body(verify(&app, &token, "github").await, StatusCode::OK).await;
    assert_eq!(proof(&proved, "github")["method"], "github-gist");
}

/// The text part of the newest email to `recipient` that contains `marker`.
fn email_text(dir: &std::path::Path, recipient: &str, marker: &str) -> Option<String> {
    crate::helpers::sent_texts(dir, recipient)
        .into_iter()
        .rfind(|text| text.contains(marker))
}

api_test!(
    a_verified_handle_is_marked_in_tables_cards_and_the_introduction_email,
    backend
);
async fn a_verified_handle_is_marked_in_tables_cards_and_the_introduction_email(
    backend: &TestBackend,
) {
    let s = stand_ins().await;
    let app = app_with(backend, &s).await;
    let organizer = app.conference(SLUG).await;
    for (name, email, handles) in [
        (
            "Ada Lovelace",
            "ada@example.org",
            json!([{"network": "mastodon", "handle": "@ada@hachyderm.io", "visibility": "tablemates"}]),
        ),
        (
            "Bob Babbage",
            "bob@example.org",
            json!([{"network": "github", "handle": "bob", "visibility": "tablemates"}]),
        ),
        ("Cy Clone", "cy@example.org", json!([])),
    ] {
        body(
            app.post(
                &format!("/api/v1/conferences/{SLUG}/attendees"),
                Some(&organizer),
                &json!({
                    "name": name, "email": email, "interests": ["rust"], "handles": handles,
                    "consents": {"privacy": true, "emails": true},
                }),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
    }
    let ada = app.link_token("ada@example.org").await;
    let page = page_url(&app, &ada).await;
    s.serve("hachyderm.io", "/@ada", "text/html", profile_html(&page));
    body(verify(&app, &ada, "mastodon").await, StatusCode::OK).await;

    // One table of three: everyone sits with everyone, whatever the seed.
    let meetup = crate::plans::meetup(
        &app,
        &organizer,
        json!({"name": "Lunch 1", "starts_at": "2026-06-01T11:30:00Z",
               "ends_at": "2026-06-01T12:30:00Z", "location": "Hall B",
               "table_count": 1, "table_min": 3, "table_max": 3}),
    )
    .await;
    let meetup_id = meetup["id"].as_str().expect("id").to_owned();
    crate::plans::seat_and_publish(&app, &organizer, &meetup_id).await;

    // The tablemates export (JSON) says which handle is proved.
    let cy = app.link_token("cy@example.org").await;
    let tables = body(
        app.get("/api/v1/me/tables", Some(&cy)).await,
        StatusCode::OK,
    )
    .await;
    let mates = tables["items"][0]["tablemates"].as_array().expect("mates");
    let handle_of =
        |name: &str| mates.iter().find(|m| m["name"] == name).expect("mate")["handles"][0].clone();
    assert_eq!(handle_of("Ada Lovelace")["verified"], true, "{tables}");
    assert_eq!(handle_of("Bob Babbage")["verified"], false, "{tables}");

    // The printed table cards mark both.
    let cards = app
        .client
        .get(app.url(&format!(
            "/api/v1/conferences/{SLUG}/exports/cards.html?meetup_id={meetup_id}&access_token={organizer}"
        )))
        .send()
        .await
        .expect("cards");
    assert_eq!(cards.status(), StatusCode::OK);
    let cards = cards.text().await.expect("html");
    assert!(
        cards.contains("@ada@hachyderm.io <span class=\"mark verified\""),
        "{cards}"
    );
    assert!(
        cards.contains("@bob <span class=\"mark claimed\""),
        "{cards}"
    );

    // So does the table introduction.
    app.wait_until_sent_to("cy@example.org").await;
    let intro = email_text(app.mail_dir.path(), "cy@example.org", "Lunch 1")
        .expect("an introduction to Cy");
    assert!(intro.contains("@ada@hachyderm.io (verified)"), "{intro}");
    assert!(intro.contains("@bob (claimed)"), "{intro}");
}

api_test!(
    the_personal_page_verifies_a_handle_and_says_why_not,
    backend
);
async fn the_personal_page_verifies_a_handle_and_says_why_not(backend: &TestBackend) {
    let s = stand_ins().await;
    let app = app_with(backend, &s).await;
    let token = ada(
        &app,
        json!([{"network": "github", "handle": "ada", "visibility": "tablemates"}]),
    )
    .await;
    let manage = app
        .client
        .get(app.url(&format!("/manage?token={token}")))
        .send()
        .await
        .expect("page");
    let html = manage.text().await.expect("html");
    let page = page_url(&app, &token).await;
    let code = page.rsplit('/').next().expect("a code");
    assert!(
        html.contains(&format!("&#x2f;v&#x2f;{code}</code>")),
        "the page shows its verification address: {html}"
    );
    assert!(html.contains("mark claimed"), "{html}");
    let press = async || {
        app.client
            .post(app.url("/manage/verify"))
            .form(&[("token", token.as_str()), ("network", "github")])
            .send()
            .await
            .expect("verify")
    };
    s.serve_json(
        "127.0.0.1",
        "/users/ada",
        &json!({"login": "ada", "blog": ""}),
    );
    s.serve_json("127.0.0.1", "/users/ada/gists", &json!([]));
    let refused = press().await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.expect("html");
    assert!(html.contains("id=\"verify-error\""), "{html}");
    s.serve_json(
        "127.0.0.1",
        "/users/ada",
        &json!({"login": "ada", "blog": page}),
    );
    let proved = press().await;
    assert_eq!(proved.status(), StatusCode::OK, "followed to the page");
    let html = proved.text().await.expect("html");
    assert!(html.contains("Your handle is verified."), "{html}");
    assert!(html.contains("mark verified"), "{html}");
}
