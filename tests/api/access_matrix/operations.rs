//! What openapi.yaml says about access: every operation, the guard in front of it (its
//! `security`, or for the HTML pages, which the contract cannot describe with a security
//! scheme, the answers it documents to a caller without one), its parameters and its body.

use serde_json::Value;

use crate::contract::resolve;

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

/// How an operation decides who the caller is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guard {
    /// `security: []` and no documented sign-in: anyone.
    Public,
    /// `organizerToken`, with `organizerQueryToken` (`?access_token=`) and `organizerSession`
    /// (the console's cookie) when the operation also lists them.
    OrganizerToken { query: bool, session: bool },
    /// `attendeeToken`.
    AttendeeToken,
    /// A console page: without a live session, a 303 to `/organizer/sign-in`.
    ConsoleSession,
    /// An attendee's page: the personal-link token in the query (GET) or the form (POST),
    /// missing or dead is a 401 page.
    PersonalLink,
    /// Signing in with an organizer API token typed into a form.
    OrganizerTokenForm,
}

/// One operation (path × method) of the contract.
#[derive(Debug, Clone)]
pub struct Operation {
    pub method: String,
    pub path: String,
    pub guard: Guard,
    /// The key of each path parameter, `segment/{name}` (`meetups/{id}`), in order.
    pub path_params: Vec<String>,
    /// The required query parameters the guard does not supply.
    pub required_query: Vec<String>,
    /// The request body's media type and schema name (the media type when it names none).
    pub body: Option<(String, String)>,
    /// The status codes the operation documents.
    pub documented: Vec<u16>,
}

impl Operation {
    pub fn at(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    pub fn is(&self, method: &str, path: &str) -> bool {
        self.method == method && self.path == path
    }
}

/// Every operation of the contract, in the order openapi.yaml lists them.
pub fn operations(spec: &Value) -> Vec<Operation> {
    let paths = spec["paths"].as_object().expect("paths is a map");
    let mut out = Vec::new();
    for (path, item) in paths {
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let guard = guard(spec, path, method, operation);
            let parameters: Vec<&Value> = operation["parameters"]
                .as_array()
                .into_iter()
                .chain(item["parameters"].as_array())
                .flatten()
                .map(|p| resolve(spec, p))
                .collect();
            let required_query = parameters
                .iter()
                .filter(|p| p["in"] == "query" && p["required"] == true)
                .filter_map(|p| p["name"].as_str())
                .filter(|name| !supplied_by(guard, name))
                .map(str::to_owned)
                .collect();
            out.push(Operation {
                method: method.to_uppercase(),
                path: path.clone(),
                guard,
                path_params: path_params(path),
                required_query,
                body: body(operation),
                documented: operation["responses"]
                    .as_object()
                    .expect("responses")
                    .keys()
                    .filter_map(|k| k.parse().ok())
                    .collect(),
            });
        }
    }
    out
}

fn supplied_by(guard: Guard, name: &str) -> bool {
    matches!(
        (guard, name),
        (Guard::PersonalLink, "token") | (Guard::OrganizerToken { .. }, "access_token")
    )
}

/// `/api/v1/conferences/{slug}/meetups/{id}` → `conferences/{slug}`, `meetups/{id}`.
fn path_params(path: &str) -> Vec<String> {
    let segments: Vec<&str> = path.split('/').collect();
    segments
        .windows(2)
        .filter(|w| w[1].starts_with('{'))
        .map(|w| format!("{}/{}", w[0], w[1]))
        .collect()
}

fn body(operation: &Value) -> Option<(String, String)> {
    let (media, content) = operation["requestBody"]["content"]
        .as_object()?
        .iter()
        .next()?;
    let schema = content["schema"]["$ref"]
        .as_str()
        .and_then(|r| r.rsplit('/').next())
        .unwrap_or(media);
    Some((media.clone(), schema.to_owned()))
}

fn guard(spec: &Value, path: &str, method: &str, operation: &Value) -> Guard {
    let security = operation.get("security").unwrap_or(&spec["security"]);
    let schemes: Vec<&str> = security
        .as_array()
        .expect("security is a list")
        .iter()
        .flat_map(|requirement| requirement.as_object().expect("a requirement").keys())
        .map(String::as_str)
        .collect();
    for scheme in &schemes {
        assert!(
            spec["components"]["securitySchemes"][scheme].is_object(),
            "{method} {path}: unknown security scheme {scheme}"
        );
    }
    // The metrics token applies only when the operator sets one; the matrix's server sets
    // none, so there `GET /metrics` is open to anyone (tests/api/metrics.rs checks the token).
    let schemes: Vec<&str> = schemes
        .into_iter()
        .filter(|s| *s != "metricsToken")
        .collect();
    if schemes.contains(&"organizerToken") {
        return Guard::OrganizerToken {
            query: schemes.contains(&"organizerQueryToken"),
            session: schemes.contains(&"organizerSession"),
        };
    }
    if schemes.contains(&"attendeeToken") {
        return Guard::AttendeeToken;
    }
    if schemes.contains(&"organizerSession") {
        return Guard::ConsoleSession;
    }
    assert!(
        schemes.is_empty(),
        "{method} {path}: no guard for the schemes {schemes:?}"
    );
    let responses = &operation["responses"];
    let names = |status: &str, component: &str| {
        responses[status]["$ref"]
            .as_str()
            .is_some_and(|r| r.ends_with(&format!("/{component}")))
    };
    let to_sign_in = names("303", "ToSignIn")
        || responses["303"]["description"]
            .as_str()
            .is_some_and(|d| d.contains("(to `/organizer/sign-in`)"));
    if to_sign_in {
        Guard::ConsoleSession
    } else if names("401", "PageUnauthorized") {
        match body(operation) {
            Some((_, schema)) if schema == "SignInTokenForm" => Guard::OrganizerTokenForm,
            _ => Guard::PersonalLink,
        }
    } else {
        Guard::Public
    }
}
