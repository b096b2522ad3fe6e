//! The HTTP contract: openapi.yaml and the route table name the same operations, every
//! documented path is served, and real responses match the documented status codes, media
//! types, headers and JSON Schemas.

use std::collections::{BTreeMap, BTreeSet};

use reqwest::{Method, Response};
use serde_json::{Value, json};
use tablemates::http::ROUTES;

use crate::helpers::{TestApp, registration};

const SPEC_TEXT: &str = include_str!("../../openapi.yaml");
const HTTP_METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

pub(crate) fn spec() -> Value {
    serde_yaml_ng::from_str(SPEC_TEXT).expect("openapi.yaml is YAML")
}

/// (path, METHOD) → the operation object, for every operation of the spec.
fn operations(spec: &Value) -> BTreeMap<(String, String), Value> {
    let mut out = BTreeMap::new();
    let paths = spec["paths"].as_object().expect("paths is a map");
    for (path, item) in paths {
        let item = item.as_object().expect("a path item is a map");
        for (key, operation) in item {
            if HTTP_METHODS.contains(&key.as_str()) {
                out.insert((path.clone(), key.to_uppercase()), operation.clone());
            }
        }
    }
    out
}

fn route_operations() -> BTreeSet<(String, String)> {
    ROUTES
        .iter()
        .flat_map(|(path, methods)| {
            methods
                .split(',')
                .map(move |m| (path.to_string(), m.trim().to_owned()))
        })
        .collect()
}

/// Follows a local `$ref` (`#/components/…`) until a non-reference object is reached.
pub(crate) fn resolve<'a>(spec: &'a Value, mut node: &'a Value) -> &'a Value {
    while let Some(reference) = node.get("$ref").and_then(Value::as_str) {
        let pointer = reference
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("only local references are supported: {reference}"));
        node = spec
            .pointer(pointer)
            .unwrap_or_else(|| panic!("dangling reference {reference}"));
    }
    node
}

/// The documented response of an operation for a status code.
fn documented_response<'a>(
    spec: &'a Value,
    path: &str,
    method: &str,
    status: u16,
) -> Option<&'a Value> {
    let operation = spec["paths"][path].get(method.to_lowercase())?;
    operation["responses"]
        .get(status.to_string())
        .map(|r| resolve(spec, r))
}

fn concrete_path(path: &str) -> String {
    path.replace("{slug}", "no-such-conference")
        .replace("{id}", "00000000-0000-0000-0000-000000000000")
}

#[test]
fn every_route_is_documented_and_every_documented_operation_is_routed() {
    let spec = spec();
    let documented: BTreeSet<(String, String)> = operations(&spec).into_keys().collect();
    let routed = route_operations();
    let undocumented: Vec<_> = routed.difference(&documented).collect();
    let unrouted: Vec<_> = documented.difference(&routed).collect();
    assert!(
        undocumented.is_empty(),
        "routes missing from openapi.yaml: {undocumented:?}"
    );
    assert!(
        unrouted.is_empty(),
        "operations in openapi.yaml that no route serves: {unrouted:?}"
    );
}

#[test]
fn every_operation_is_fully_described() {
    let spec = spec();
    assert_eq!(spec["openapi"], "3.1.0");
    let schemes = &spec["components"]["securitySchemes"];
    for name in ["organizerToken", "attendeeToken"] {
        assert_eq!(schemes[name]["type"], "http", "{name}");
        assert_eq!(schemes[name]["scheme"], "bearer", "{name}");
    }
    let mut ids = BTreeSet::new();
    for ((path, method), operation) in operations(&spec) {
        let at = format!("{method} {path}");
        let id = operation["operationId"].as_str().unwrap_or_default();
        assert!(!id.is_empty(), "{at}: operationId");
        assert!(ids.insert(id.to_owned()), "{at}: operationId {id} repeats");
        for key in ["summary", "description"] {
            let text = operation[key].as_str().unwrap_or_default();
            assert!(!text.trim().is_empty(), "{at}: {key}");
        }
        let responses = operation["responses"].as_object().expect("responses");
        assert!(
            responses
                .keys()
                .any(|s| s.starts_with('2') || s.starts_with('3')),
            "{at}: a 2xx or 3xx response"
        );
        let page = is_page(&spec, &operation);
        for (status, response) in responses {
            let response = resolve(&spec, response);
            assert!(response["description"].is_string(), "{at} {status}");
            if status.starts_with('3') {
                let location = resolve(&spec, &response["headers"]["Location"]);
                assert_eq!(location["required"], true, "{at} {status}: a Location");
                assert!(response.get("content").is_none(), "{at} {status}: no body");
            } else if !status.starts_with('2') && page {
                assert!(
                    response["content"]["text/html"].is_object(),
                    "{at} {status}: a page's errors are pages"
                );
            } else if !status.starts_with('2') {
                let problem = &response["content"]["application/problem+json"]["schema"];
                assert_eq!(
                    problem["$ref"], "#/components/schemas/Problem",
                    "{at} {status}: errors are problem+json"
                );
            }
        }
        let secured = operation["security"]
            .as_array()
            .is_some_and(|s| !s.is_empty());
        if secured {
            let unauthorized = documented_response(&spec, &path, &method, 401)
                .unwrap_or_else(|| panic!("{at}: secured operations document 401"));
            assert!(
                unauthorized["headers"]["WWW-Authenticate"].is_object(),
                "{at}: 401 documents WWW-Authenticate"
            );
        }
        if let Some(content) = operation["requestBody"]["content"].as_object() {
            assert!(!content.is_empty(), "{at}: a request body media type");
            for (media, body) in content {
                let schema = resolve(&spec, &body["schema"]);
                let statuses: &[u16] = match media.as_str() {
                    "application/json" => {
                        assert_eq!(
                            schema["additionalProperties"], false,
                            "{at}: the server denies unknown fields"
                        );
                        &[400, 413, 415, 422, 500]
                    }
                    // Forms ignore fields they do not know, as browsers send what a page has.
                    "application/x-www-form-urlencoded" => {
                        assert_eq!(schema["type"], "object", "{at}: a form is an object");
                        &[400, 413, 415, 500]
                    }
                    // Imports: a file, checked as a whole by the server.
                    "text/csv" => &[400, 413, 415, 422, 500],
                    // The console's import page: a file upload, read by the server.
                    "multipart/form-data" => {
                        assert_eq!(schema["type"], "object", "{at}: a form is an object");
                        &[400, 413, 415, 422, 500]
                    }
                    other => panic!("{at}: no server code reads {other} bodies"),
                };
                for status in statuses {
                    assert!(
                        documented_response(&spec, &path, &method, *status).is_some(),
                        "{at}: a {media} body can fail with {status}"
                    );
                }
            }
        }
    }
}

api_test!(every_documented_operation_is_served_with_a_documented_status);
async fn every_documented_operation_is_served_with_a_documented_status(app: TestApp) {
    let spec = spec();
    // The answer itself, not the page a redirect leads to: a console page's 303 to the sign-in
    // page is what the operation documents.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client");
    for (path, method) in operations(&spec).into_keys() {
        let at = format!("{method} {path}");
        let method_value = Method::from_bytes(method.as_bytes()).expect("an HTTP method");
        let res = client
            .request(method_value, app.url(&concrete_path(&path)))
            .send()
            .await
            .expect("request");
        let status = res.status().as_u16();
        let content_type = media_type(&header(&res, "content-type"));
        let text = res.text().await.expect("body");
        assert_ne!(status, 405, "{at}: the router refuses the method: {text}");
        // Paths no route matches answer problem+json, so an HTML 404 comes from a page's
        // handler; a JSON one must not be the router's.
        if status == 404 && content_type != "text/html" {
            let problem: Value = serde_json::from_str(&text).expect("404 is JSON");
            assert_ne!(
                problem["detail"], "no such resource",
                "{at}: no route matches the path"
            );
        }
        let response = documented_response(&spec, &path, &method, status)
            .unwrap_or_else(|| panic!("{at}: status {status} is not documented: {text}"));
        if let Some(content) = response["content"].as_object() {
            // A documented type may carry parameters (`text/plain; version=0.0.4`).
            assert!(
                content.keys().any(|key| media_type(key) == content_type),
                "{at}: {content_type} is not a documented media type for {status}"
            );
        }
    }
}

api_test!(the_served_contract_is_this_file);
async fn the_served_contract_is_this_file(app: TestApp) {
    let res = app.get("/api/v1/openapi.yaml", None).await;
    assert_eq!(res.status(), 200);
    assert_eq!(header(&res, "content-type"), "application/yaml");
    assert_eq!(res.text().await.expect("body"), SPEC_TEXT);
}

api_test!(responses_of_a_registration_flow_match_their_documented_schemas);
async fn responses_of_a_registration_flow_match_their_documented_schemas(app: TestApp) {
    let spec = spec();
    let check = Checker {
        spec: &spec,
        app: &app,
    };
    let token = app.organizer("olga@contract.test").await;
    let org = Some(token.as_str());
    let conferences = "/api/v1/conferences";
    let slug = "contract-conf";
    let conf = format!("{conferences}/{slug}");

    check
        .call(
            Method::POST,
            conferences,
            conferences,
            org,
            Some(json!({
                "slug": slug, "name": "Contract Conference", "time_zone": "Europe/Lisbon",
                "starts_on": "2026-06-01", "ends_on": "2026-06-02",
                "suggested_interests": ["Rust"],
            })),
            201,
        )
        .await;
    check
        .call(Method::GET, conferences, conferences, org, None, 200)
        .await;
    let templ = "/api/v1/conferences/{slug}";
    check
        .call(
            Method::PATCH,
            templ,
            &conf,
            org,
            Some(json!({"venue": "Lisbon", "table_size": {"min": 3, "max": 6}})),
            200,
        )
        .await;
    check
        .call(
            Method::POST,
            "/api/v1/conferences/{slug}/registration/open",
            &format!("{conf}/registration/open"),
            org,
            None,
            200,
        )
        .await;
    check
        .call(
            Method::GET,
            "/api/v1/public/conferences/{slug}",
            &format!("/api/v1/public/conferences/{slug}"),
            None,
            None,
            200,
        )
        .await;

    let register = "/api/v1/public/conferences/{slug}/registrations";
    let register_path = format!("/api/v1/public/conferences/{slug}/registrations");
    let mut ada = registration("Ada Lovelace", "ada@contract.test");
    ada["affiliation"] = json!("Analytical Engines");
    ada["visibility"] = json!({"affiliation": "nobody"});
    ada["handles"] = json!([{"network": "github", "handle": "@Ada-L"}]);
    ada["wants_to_meet"] = json!([{"network": "x", "handle": "grace"}]);
    let first = check
        .call(
            Method::POST,
            register,
            &register_path,
            None,
            Some(ada.clone()),
            202,
        )
        .await;
    let again = check
        .call(Method::POST, register, &register_path, None, Some(ada), 202)
        .await;
    assert_eq!(first, again, "a repeated registration answers alike");

    let access = "/api/v1/public/conferences/{slug}/access-link";
    let access_path = format!("/api/v1/public/conferences/{slug}/access-link");
    let mut answers = Vec::new();
    for email in ["ada@contract.test", "nobody@contract.test"] {
        answers.push(
            check
                .call(
                    Method::POST,
                    access,
                    &access_path,
                    None,
                    Some(json!({ "email": email })),
                    202,
                )
                .await,
        );
    }
    assert_eq!(
        answers[0], answers[1],
        "known and unknown addresses answer alike"
    );

    let attendees = "/api/v1/conferences/{slug}/attendees";
    let mut grace = registration("Grace Hopper", "grace@contract.test");
    grace["handles"] = json!([{"network": "x", "handle": "@Grace"}]);
    grace["wants_to_meet"] = json!([{"network": "github", "handle": "ada-l"}]);
    let created = check
        .call(
            Method::POST,
            attendees,
            &format!("{conf}/attendees"),
            org,
            Some(grace.clone()),
            201,
        )
        .await;
    assert!(
        created["wants_to_meet"][0]["attendee_id"].is_string(),
        "the organizer sees whom a wanted handle resolves to: {created}"
    );
    let problem = check
        .call(
            Method::POST,
            attendees,
            &format!("{conf}/attendees"),
            org,
            Some(grace),
            409,
        )
        .await;
    assert_eq!(problem["errors"][0]["field"], "email");

    let page = check
        .call(
            Method::GET,
            attendees,
            &format!("{conf}/attendees?per_page=1&page=1"),
            org,
            None,
            200,
        )
        .await;
    assert_eq!(
        (page["page"].clone(), page["total"].clone()),
        (json!(1), json!(2))
    );
    check
        .call(
            Method::GET,
            attendees,
            &format!("{conf}/attendees?per_page=0&status=gone"),
            org,
            None,
            422,
        )
        .await;
    let ada_id = page["items"][0]["id"].as_str().expect("an id").to_owned();
    let one = "/api/v1/conferences/{slug}/attendees/{id}";
    let ada_as_organizer = check
        .call(
            Method::GET,
            one,
            &format!("{conf}/attendees/{ada_id}"),
            org,
            None,
            200,
        )
        .await;
    assert_eq!(ada_as_organizer["affiliation"], Value::Null);
    check
        .call(
            Method::PATCH,
            one,
            &format!("{conf}/attendees/{ada_id}"),
            org,
            Some(json!({"role": "Speaker", "bio": null})),
            200,
        )
        .await;

    let link = app.link_token("ada@contract.test").await;
    let me = Some(link.as_str());
    let own = check
        .call(Method::GET, "/api/v1/me", "/api/v1/me", me, None, 200)
        .await;
    assert_eq!(own["affiliation"], "Analytical Engines");
    assert!(own["wants_to_meet"][0].get("attendee_id").is_none());
    check
        .call(
            Method::PATCH,
            "/api/v1/me",
            "/api/v1/me",
            me,
            Some(json!({"interests": ["Rust", "Looms"], "handles": null})),
            200,
        )
        .await;
    check
        .call(
            Method::PATCH,
            "/api/v1/me",
            "/api/v1/me",
            me,
            Some(json!({"nickname": "ada"})),
            422,
        )
        .await;
    check
        .call(
            Method::POST,
            "/api/v1/me/confirm",
            "/api/v1/me/confirm",
            me,
            None,
            200,
        )
        .await;
    check
        .call(
            Method::POST,
            "/api/v1/me/withdraw",
            "/api/v1/me/withdraw",
            me,
            None,
            200,
        )
        .await;
    check
        .call(
            Method::POST,
            "/api/v1/me/confirm",
            "/api/v1/me/confirm",
            me,
            None,
            200,
        )
        .await;
    check
        .call(Method::DELETE, "/api/v1/me", "/api/v1/me", me, None, 204)
        .await;
    check
        .call(Method::GET, "/api/v1/me", "/api/v1/me", me, None, 401)
        .await;
    check
        .call(
            Method::GET,
            templ,
            &format!("{conferences}/someone-elses"),
            org,
            None,
            404,
        )
        .await;
}

#[test]
fn the_schema_check_rejects_what_the_contract_does_not_allow() {
    let spec = spec();
    let schema = json!({"$ref": "#/components/schemas/RegistrationAccepted"});
    let valid = json!({"status": "accepted", "detail": "Check your email"});
    assert_eq!(validate(&spec, &schema, &valid, "$"), Vec::<String>::new());
    for invalid in [
        json!({"status": "accepted"}),
        json!({"status": "rejected", "detail": "x"}),
        json!({"status": "accepted", "detail": "x", "extra": 1}),
        json!({"status": "accepted", "detail": 5}),
        json!(["accepted", "x"]),
    ] {
        assert!(
            !validate(&spec, &schema, &invalid, "$").is_empty(),
            "{invalid} passed"
        );
    }
    let consents = json!({"$ref": "#/components/schemas/Consents"});
    let bad_time = json!({"privacy_at": "yesterday", "emails_at": null});
    assert!(!validate(&spec, &consents, &bad_time, "$").is_empty());
    let page = json!({"$ref": "#/components/schemas/AttendeePage"});
    let bad_page = json!({"items": [], "page": 0, "per_page": 50, "total": 0});
    assert!(!validate(&spec, &page, &bad_page, "$").is_empty());
}

/// Sends requests and checks each answer against the operation's documented response.
struct Checker<'a> {
    spec: &'a Value,
    app: &'a TestApp,
}

impl Checker<'_> {
    /// Calls `path` (an instance of the spec path `template`), asserts the status, then checks
    /// the documented media type, required headers and body schema; returns the body.
    async fn call(
        &self,
        method: Method,
        template: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
        status: u16,
    ) -> Value {
        let at = format!("{method} {path} ({:?})", self.app.backend);
        let mut req = self.app.client.request(method.clone(), self.app.url(path));
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        if let Some(body) = &body {
            req = req.json(body);
        }
        let res = req.send().await.expect("request");
        let actual = res.status().as_u16();
        let response = documented_response(self.spec, template, method.as_str(), actual)
            .unwrap_or_else(|| panic!("{at}: status {actual} is not documented"));
        let headers = res.headers().clone();
        let content_type = header(&res, "content-type");
        let text = res.text().await.expect("body");
        assert_eq!(actual, status, "{at}: {text}");
        if let Some(documented) = response["headers"].as_object() {
            for (name, spec_header) in documented {
                let spec_header = resolve(self.spec, spec_header);
                if spec_header["required"] == true {
                    assert!(headers.contains_key(name.as_str()), "{at}: header {name}");
                }
            }
        }
        let Some(content) = response["content"].as_object() else {
            assert!(text.is_empty(), "{at}: undocumented body {text}");
            return Value::Null;
        };
        let media = content
            .get(&content_type)
            .unwrap_or_else(|| panic!("{at}: media type {content_type} is not documented"));
        let value: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{at}: not JSON ({e}): {text}"));
        let errors = validate(self.spec, &media["schema"], &value, "$");
        assert!(
            errors.is_empty(),
            "{at}: the body violates its schema:\n{}\n{text}",
            errors.join("\n")
        );
        value
    }
}

/// Whether the operation is an HTML page (or its stylesheet) rather than a JSON endpoint.
fn is_page(spec: &Value, operation: &Value) -> bool {
    operation["responses"]
        .as_object()
        .into_iter()
        .flatten()
        .any(|(_, r)| {
            let content = &resolve(spec, r)["content"];
            content.get("text/html").is_some() || content.get("text/css").is_some()
        })
}

/// A media type without its parameters (`text/html; charset=utf-8` → `text/html`).
fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

fn header(res: &Response, name: &str) -> String {
    res.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

/// Keywords that only annotate a schema.
const ANNOTATIONS: [&str; 4] = ["description", "default", "examples", "title"];

/// The subset of JSON Schema 2020-12 that openapi.yaml's response schemas use. An unknown
/// keyword is reported as an error rather than skipped, so a schema this check cannot
/// evaluate fails loudly instead of passing. `pattern` is not evaluated (no regex engine here).
pub(crate) fn validate(spec: &Value, schema: &Value, value: &Value, at: &str) -> Vec<String> {
    let schema = resolve(spec, schema);
    let Some(keywords) = schema.as_object() else {
        return vec![format!("{at}: the schema is not an object")];
    };
    let mut errors = Vec::new();
    for (keyword, arg) in keywords {
        match keyword.as_str() {
            "type" => {
                let allowed: Vec<&str> = match arg {
                    Value::String(one) => vec![one.as_str()],
                    Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
                    _ => vec![],
                };
                if !allowed.iter().any(|t| has_type(value, t)) {
                    errors.push(format!("{at}: {value} is not of type {arg}"));
                }
            }
            "const" => {
                if value != arg {
                    errors.push(format!("{at}: {value} is not {arg}"));
                }
            }
            "enum" => {
                if !arg.as_array().is_some_and(|a| a.contains(value)) {
                    errors.push(format!("{at}: {value} is not one of {arg}"));
                }
            }
            "required" => {
                if let Some(object) = value.as_object() {
                    for name in arg
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                    {
                        if !object.contains_key(name) {
                            errors.push(format!("{at}: {name} is missing"));
                        }
                    }
                }
            }
            "properties" => {
                if let (Some(object), Some(properties)) = (value.as_object(), arg.as_object()) {
                    for (name, sub) in properties {
                        if let Some(member) = object.get(name) {
                            errors.extend(validate(spec, sub, member, &format!("{at}.{name}")));
                        }
                    }
                }
            }
            "additionalProperties" => {
                let known = keywords.get("properties").and_then(Value::as_object);
                if let (Some(object), Value::Bool(false)) = (value.as_object(), arg) {
                    for name in object.keys() {
                        if !known.is_some_and(|k| k.contains_key(name)) {
                            errors.push(format!("{at}: {name} is not documented"));
                        }
                    }
                }
            }
            "items" => {
                for (i, item) in value.as_array().into_iter().flatten().enumerate() {
                    errors.extend(validate(spec, arg, item, &format!("{at}[{i}]")));
                }
            }
            "oneOf" => {
                let matching = arg
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|sub| validate(spec, sub, value, at).is_empty())
                    .count();
                if matching != 1 {
                    errors.push(format!("{at}: {value} matches {matching} of oneOf"));
                }
            }
            "minimum" | "maximum" => {
                if let (Some(n), Some(bound)) = (value.as_f64(), arg.as_f64()) {
                    let ok = if keyword == "minimum" {
                        n >= bound
                    } else {
                        n <= bound
                    };
                    if !ok {
                        errors.push(format!("{at}: {n} breaks {keyword} {bound}"));
                    }
                }
            }
            "minLength" | "maxLength" | "minItems" | "maxItems" => {
                let len = match value {
                    Value::String(s) => Some(s.chars().count()),
                    Value::Array(a) => Some(a.len()),
                    _ => None,
                };
                if let (Some(len), Some(bound)) = (len, arg.as_u64()) {
                    let bound = bound as usize;
                    let ok = if keyword.starts_with("min") {
                        len >= bound
                    } else {
                        len <= bound
                    };
                    if !ok {
                        errors.push(format!("{at}: length {len} breaks {keyword} {bound}"));
                    }
                }
            }
            "format" => {
                if let Some(text) = value.as_str()
                    && !has_format(text, arg.as_str().unwrap_or_default())
                {
                    errors.push(format!("{at}: {text:?} is not a {arg}"));
                }
            }
            "pattern" => {
                if let Some(text) = value.as_str() {
                    match regex::Regex::new(arg.as_str().unwrap_or_default()) {
                        Ok(pattern) if pattern.is_match(text) => {}
                        Ok(_) => errors.push(format!("{at}: {text:?} does not match {arg}")),
                        Err(e) => {
                            errors.push(format!("{at}: the pattern {arg} is unreadable: {e}"))
                        }
                    }
                }
            }
            other if ANNOTATIONS.contains(&other) => {}
            other => errors.push(format!("{at}: the check does not know keyword {other}")),
        }
    }
    errors
}

fn has_type(value: &Value, name: &str) -> bool {
    match name {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => value.is_i64() || value.is_u64(),
        _ => false,
    }
}

fn has_format(text: &str, format: &str) -> bool {
    match format {
        "uuid" => uuid::Uuid::parse_str(text).is_ok(),
        "date" => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok(),
        "date-time" => chrono::DateTime::parse_from_rfc3339(text).is_ok(),
        "email" => text.contains('@'),
        "uri-reference" => !text.chars().any(char::is_whitespace),
        _ => false,
    }
}

#[test]
fn the_documented_time_zones_are_the_ones_the_server_knows() {
    let spec = spec();
    let documented: BTreeSet<&str> = spec["components"]["schemas"]["TimeZoneName"]["enum"]
        .as_array()
        .expect("TimeZoneName lists its names")
        .iter()
        .map(|name| name.as_str().expect("a name"))
        .collect();
    let known: BTreeSet<&str> = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect();
    assert_eq!(documented, known);
}
