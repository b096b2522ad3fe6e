//! The access matrix (issue 14): every operation of openapi.yaml, called with no credential, a
//! malformed, unknown, expired and revoked one, another organizer's, a helper's, a read-scope
//! token's, another attendee's, a credential of the wrong kind and the rightful one (also with
//! an invalid body, and the rightful one naming conference B's things under A's), each
//! answered as the contract's `security` (or a page's documented sign-in answer) and the list
//! of owner-only operations promise. Every mismatch is collected and listed at the end.
//!
//! Cells change the world they run in, so the rightful credential goes last for each
//! operation, and the operations that consume what they name run after all others: each cell
//! of theirs that is served gets a throwaway meetup, attendee or session, and deleting the
//! conference comes last of all.

use std::collections::{BTreeMap, HashMap};

mod cells;
mod fixture;
mod foreign;
mod operations;
mod requests;

use cells::{Cred, Expect, Via, Who};
use fixture::{CONFERENCE, OTHER_CONFERENCE, Scope, World};
use operations::{Guard, Operation};
use requests::Presented;

use crate::helpers::TestApp;

/// The operations that consume what they name or who calls them, in the order they run after
/// all others.
const CONSUMING: [(&str, &str); 9] = [
    ("DELETE", "/api/v1/conferences/{slug}/meetups/{id}"),
    ("DELETE", "/api/v1/conferences/{slug}/webhooks/{id}"),
    ("POST", "/organizer/c/{slug}/webhooks/{id}/delete"),
    ("POST", "/api/v1/conferences/{slug}/meetups/{id}/cancel"),
    ("POST", "/organizer/c/{slug}/meetups/{id}/cancel"),
    ("POST", "/organizer/sign-out"),
    ("DELETE", "/api/v1/me"),
    ("POST", "/manage/delete"),
    ("DELETE", "/api/v1/conferences/{slug}"),
];

api_test!(every_operation_answers_every_credential_as_the_contract_says);
async fn every_operation_answers_every_credential_as_the_contract_says(app: TestApp) {
    let spec = crate::contract::spec();
    let mut ops = operations::operations(&spec);
    for (method, path) in cells::OWNER_ONLY.iter().chain(&CONSUMING) {
        assert!(
            ops.iter().any(|op| op.is(method, path)),
            "{method} {path} is listed here but not in openapi.yaml"
        );
    }
    ops.sort_by_key(|op| {
        CONSUMING
            .iter()
            .position(|(m, p)| op.is(m, p))
            .map_or(0, |i| i + 1)
    });
    let world = fixture::build(&app).await;

    let mut mismatches = Vec::new();
    let mut requests = 0;
    let mut answers: BTreeMap<String, BTreeMap<u16, usize>> = BTreeMap::new();
    for op in &ops {
        let Filled { path, query, names } = match fill(op, &world, false) {
            Ok(filled) => filled,
            Err(missing) => {
                mismatches.push(format!("{}: {missing}", op.at()));
                continue;
            }
        };
        let names_foreign = op
            .path_params
            .iter()
            .chain(&op.required_query)
            .any(|k| world.foreign.contains_key(k.as_str()));
        for cred in cells::credentials(op, names_foreign) {
            let expect = cells::expect(op, cred, names);
            let label = format!("{} [{}]", op.at(), cred.label());
            let filled = if cred.foreign {
                fill(op, &world, true).expect("filled once")
            } else {
                Filled {
                    path: path.clone(),
                    query: query.clone(),
                    names,
                }
            };
            match run_cell(&app, &world, op, cred, expect, filled).await {
                Ok((status, verdict)) => {
                    requests += 1;
                    *answers
                        .entry(format!("{expect:?}"))
                        .or_default()
                        .entry(status)
                        .or_default() += 1;
                    if let Err(mismatch) = verdict {
                        mismatches.push(format!("{label}: {mismatch}"));
                    }
                }
                Err(missing) => {
                    mismatches.push(format!("{label}: {missing}"));
                    break;
                }
            }
        }
    }
    println!(
        "access matrix ({:?}): {} operations, {requests} requests, {} mismatches",
        app.backend,
        ops.len(),
        mismatches.len()
    );
    for (expect, statuses) in &answers {
        println!("  {expect}: {statuses:?}");
    }
    assert!(
        mismatches.is_empty(),
        "{} of {requests} cells broke the contract:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// Sends one cell's request: its status, and `Err` describing the answer when it breaks the
/// promise. The outer `Err` names what the matrix cannot build a request from.
async fn run_cell(
    app: &TestApp,
    world: &World,
    op: &Operation,
    cred: Cred,
    expect: Expect,
    filled: Filled,
) -> Result<(u16, Result<(), String>), String> {
    let (path, fresh) = if consumes(op) && matches!(expect, Expect::Allowed | Expect::OwnScope) {
        fresh(app, world, op, cred, &filled.path).await
    } else {
        (filled.path, None)
    };
    let request = requests::request(op, world, path, filled.query, cred.bad_body)?;
    let presented = requests::present(app, world, op.guard, cred, fresh).await;
    let res = requests::send(app, op, request, cred.via, presented).await;
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.text().await.unwrap_or_default();
    let secrets = if cred.foreign {
        &world.foreign_secrets
    } else {
        &world.secrets
    };
    let verdict = cells::judge(op, expect, status, &headers, &body, secrets).map_err(|wanted| {
        let excerpt: String = body.chars().take(160).collect();
        format!("got {status}, expected {wanted} — {excerpt}")
    });
    Ok((status.as_u16(), verdict))
}

fn consumes(op: &Operation) -> bool {
    CONSUMING.iter().any(|(m, p)| op.is(m, p))
}

/// An operation's request line filled from the fixture.
struct Filled {
    path: String,
    query: Vec<(String, String)>,
    /// What of conference A or of A's account the request names.
    names: Option<Scope>,
}

/// The path with every parameter filled from the fixture (with `foreign`, B's things where the
/// fixture has them), the required query parameters, and what of conference A or A's account
/// they name; an error names a parameter the fixture has no value for, so that a new route
/// cannot slip past the matrix.
fn fill(op: &Operation, world: &World, foreign: bool) -> Result<Filled, String> {
    let lookup = |table: &HashMap<&'static str, (String, Scope)>, key: &str, what: &str| {
        let (own, scope) = table
            .get(key)
            .ok_or_else(|| format!("no fixture value for the {what} parameter {key}"))?;
        let value = match world.foreign.get(key) {
            Some(theirs) if foreign => theirs.clone(),
            _ => own.clone(),
        };
        Ok::<_, String>((value, *scope))
    };
    let mut path = op.path.clone();
    let mut scopes = Vec::new();
    for key in &op.path_params {
        let (value, scope) = lookup(&world.params, key, "path")?;
        let name = key.split('/').nth(1).expect("segment/{name}");
        path = path.replacen(name, &value, 1);
        scopes.push(scope);
    }
    let mut query = Vec::new();
    for name in &op.required_query {
        let (value, scope) = lookup(&world.query, name, "query")?;
        query.push((name.clone(), value));
        scopes.push(scope);
    }
    if let Some((_, schema)) = &op.body
        && requests::NAMING_CONFERENCE.contains(&schema.as_str())
    {
        scopes.push(Scope::Conference);
    }
    Ok(Filled {
        path,
        query,
        names: cells::names(scopes),
    })
}

/// For a cell that will be served by an operation that consumes what it names: a new meetup in
/// the path, or a new attendee or session as the caller.
async fn fresh(
    app: &TestApp,
    world: &World,
    op: &Operation,
    cred: Cred,
    path: &str,
) -> (String, Option<Presented>) {
    let mut path = path.to_owned();
    if op.path_params.iter().any(|k| k == "meetups/{id}") {
        path = path.replace(&world.meetup_id, &world.fresh_meetup(app).await);
    }
    if op.path_params.iter().any(|k| k == "webhooks/{id}") {
        path = path.replace(&world.webhook_id, &world.fresh_webhook(app).await);
    }
    let attendee = matches!(op.guard, Guard::AttendeeToken | Guard::PersonalLink);
    let presented = match (cred.who, cred.via) {
        (Who::Rightful, _) if attendee => Some(link(world.fresh_attendee(app, CONFERENCE).await)),
        (Who::OtherAttendee, _) => Some(link(world.fresh_attendee(app, OTHER_CONFERENCE).await)),
        (Who::Rightful, Via::Cookie) => Some(session(app, &world.owner).await),
        (Who::Helper, Via::Cookie) => Some(session(app, &world.helper).await),
        (Who::OtherOrganizer, Via::Cookie) => Some(session(app, &world.other).await),
        _ => None,
    };
    (path, presented)
}

async fn session(app: &TestApp, token: &str) -> Presented {
    let session = fixture::session(app, token).await;
    Presented {
        secret: session.cookie,
        csrf: session.csrf,
    }
}

fn link(token: String) -> Presented {
    Presented {
        secret: token,
        csrf: String::new(),
    }
}
