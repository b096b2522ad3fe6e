//! The matrix's columns and its verdicts: which credentials each guard is tried with, how each
//! is presented, and the answer the contract promises for it. The promise is derived from the
//! guard and from what the operation names (conference A's things, A's own account, nothing),
//! plus one explicit list of the operations only a conference's owners may call.

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, LOCATION, WWW_AUTHENTICATE};

use super::fixture::Scope;
use super::operations::{Guard, Operation};

/// The operations a helper may not call (403): ending the conference and managing its
/// organizers (`get_as_owner` in the workflows).
pub const OWNER_ONLY: [(&str, &str); 3] = [
    ("DELETE", "/api/v1/conferences/{slug}"),
    ("POST", "/api/v1/conferences/{slug}/organizers"),
    (
        "DELETE",
        "/api/v1/conferences/{slug}/organizers/{organizer_id}",
    ),
];

/// Who calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Nobody,
    Malformed,
    Unknown,
    Expired,
    /// A revoked organizer token, a signed-out session, a replaced personal link.
    Revoked,
    /// A live credential of the other kind (an attendee's link for an organizer, an API token
    /// where only a session or a personal link counts).
    WrongKind,
    OtherOrganizer,
    Helper,
    ReadScope,
    OtherAttendee,
    Rightful,
}

/// Where the credential travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Nowhere,
    Header,
    Query,
    Cookie,
    Form,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cred {
    pub who: Who,
    pub via: Via,
    /// A body the operation would refuse: the guard must still answer first.
    pub bad_body: bool,
    /// The path and query name conference B's things (or B's account) under conference A.
    pub foreign: bool,
}

impl Cred {
    pub fn label(self) -> String {
        let who = match self.who {
            Who::Nobody => "none",
            Who::Malformed => "malformed",
            Who::Unknown => "unknown",
            Who::Expired => "expired",
            Who::Revoked => "revoked",
            Who::WrongKind => "wrong kind",
            Who::OtherOrganizer => "other organizer",
            Who::Helper => "helper",
            Who::ReadScope => "read scope",
            Who::OtherAttendee => "other attendee",
            Who::Rightful => "rightful",
        };
        let via = match self.via {
            Via::Nowhere => "",
            Via::Header => " (header)",
            Via::Query => " (query)",
            Via::Cookie => " (cookie)",
            Via::Form => " (form)",
        };
        let body = if self.bad_body { ", invalid body" } else { "" };
        let foreign = if self.foreign { ", B's ids" } else { "" };
        format!("{who}{via}{body}{foreign}")
    }
}

const DEAD: [Who; 5] = [
    Who::Malformed,
    Who::Unknown,
    Who::Expired,
    Who::Revoked,
    Who::WrongKind,
];

/// The credentials an operation is tried with, the rightful ones last; `names_foreign` when
/// its parameters can name conference B's things instead of A's.
pub fn credentials(op: &Operation, names_foreign: bool) -> Vec<Cred> {
    let organizers = [
        Who::OtherOrganizer,
        Who::Helper,
        Who::ReadScope,
        Who::Rightful,
    ];
    let attendees = [Who::OtherAttendee, Who::Rightful];
    let attendee_via = if op.method == "GET" {
        Via::Query
    } else {
        Via::Form
    };
    let mut cells = vec![Cred {
        who: Who::Nobody,
        via: Via::Nowhere,
        bad_body: false,
        foreign: false,
    }];
    let mut each = |whos: &[Who], via: Via| {
        cells.extend(whos.iter().map(|&who| Cred {
            who,
            via,
            bad_body: false,
            foreign: false,
        }));
    };
    match op.guard {
        Guard::Public => each(&[Who::Malformed], Via::Header),
        Guard::OrganizerToken { query, session } => {
            each(&DEAD, Via::Header);
            each(&organizers, Via::Header);
            if query {
                each(&DEAD, Via::Query);
                each(&organizers, Via::Query);
            }
            if session {
                each(&DEAD, Via::Cookie);
                each(
                    &[Who::OtherOrganizer, Who::Helper, Who::Rightful],
                    Via::Cookie,
                );
            }
        }
        Guard::ConsoleSession => {
            each(&DEAD[..4], Via::Cookie);
            each(&[Who::WrongKind], Via::Header);
            each(
                &[Who::OtherOrganizer, Who::Helper, Who::Rightful],
                Via::Cookie,
            );
        }
        Guard::OrganizerTokenForm => {
            each(&DEAD, Via::Form);
            each(&organizers, Via::Form);
        }
        Guard::AttendeeToken => {
            each(&DEAD, Via::Header);
            each(&attendees, Via::Header);
        }
        Guard::PersonalLink => {
            each(&DEAD, attendee_via);
            each(&attendees, attendee_via);
        }
    }
    // With a body the operation would refuse: no credential, a dead one, and a live one that
    // may not change anything. Each must get the guard's answer, not the body's.
    if op.body.is_some() && op.guard != Guard::Public {
        let refused: Vec<Cred> = cells
            .iter()
            .filter(|c| matches!(c.who, Who::Nobody | Who::Unknown | Who::ReadScope))
            .filter(|c| c.via != Via::Query)
            .map(|c| Cred {
                bad_body: true,
                ..*c
            })
            .collect();
        cells.extend(refused);
    }
    // The rightful caller naming B's things under A's conference.
    if names_foreign {
        let foreign: Vec<Cred> = cells
            .iter()
            .filter(|c| c.who == Who::Rightful)
            .map(|c| Cred {
                foreign: true,
                ..*c
            })
            .collect();
        cells.extend(foreign);
    }
    cells.sort_by_key(|c| c.who == Who::Rightful && !c.foreign);
    cells
}

/// The class of answer the contract promises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Served: not refused (401, 403, 404, a redirect to sign-in) and no fault.
    Allowed,
    /// Served as the caller's own (another organizer's list, another attendee's page), with
    /// nothing of conference A in it.
    OwnScope,
    /// Refused as unauthenticated: 401 (with `WWW-Authenticate: Bearer` for bearer schemes),
    /// or for console pages a 303 to `/organizer/sign-in`.
    Unauthenticated,
    /// 404: whether it exists is not revealed.
    Hidden,
    Forbidden,
    /// A public operation: credentials change nothing, so never 403, and 401 only where the
    /// operation documents one (for a capability it carries, as the email-change link).
    Ignored,
}

/// What the contract promises to `cred` calling `op`, which names things of `names`.
pub fn expect(op: &Operation, cred: Cred, names: Option<Scope>) -> Expect {
    let who = cred.who;
    if cred.foreign {
        return Expect::Hidden;
    }
    let owner_only = OWNER_ONLY.iter().any(|(m, p)| op.is(m, p));
    let organizer = |who: Who| match (who, names) {
        (Who::Rightful, _) => Expect::Allowed,
        (Who::ReadScope, _) if op.method == "GET" => Expect::Allowed,
        (Who::ReadScope, _) => Expect::Forbidden,
        (Who::OtherOrganizer, Some(Scope::Conference | Scope::Account)) => Expect::Hidden,
        (Who::Helper, Some(Scope::Account)) => Expect::Hidden,
        (Who::Helper, Some(Scope::Conference)) if owner_only => Expect::Forbidden,
        (Who::Helper, Some(Scope::Conference)) => Expect::Allowed,
        (Who::OtherOrganizer | Who::Helper, _) => Expect::OwnScope,
        _ => Expect::Unauthenticated,
    };
    let attendee = |who: Who| match (who, names) {
        (Who::Rightful, _) => Expect::Allowed,
        (Who::OtherAttendee, Some(Scope::Conference | Scope::Account)) => Expect::Hidden,
        (Who::OtherAttendee, _) => Expect::OwnScope,
        _ => Expect::Unauthenticated,
    };
    match op.guard {
        Guard::Public => Expect::Ignored,
        Guard::OrganizerToken { .. } | Guard::ConsoleSession | Guard::OrganizerTokenForm => {
            organizer(who)
        }
        Guard::AttendeeToken | Guard::PersonalLink => attendee(who),
    }
}

/// What of conference A or of A's account an operation's parameters name, the narrowest first.
pub fn names(scopes: impl IntoIterator<Item = Scope>) -> Option<Scope> {
    let scopes: Vec<Scope> = scopes.into_iter().collect();
    [Scope::Account, Scope::Conference]
        .into_iter()
        .find(|s| scopes.contains(s))
}

/// `Err(what was expected)` when the answer breaks the promise.
pub fn judge(
    op: &Operation,
    expect: Expect,
    status: StatusCode,
    headers: &HeaderMap,
    body: &str,
    secrets: &[&str],
) -> Result<(), String> {
    let code = status.as_u16();
    let to_sign_in = code == 303
        && headers
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|l| l.starts_with("/organizer/sign-in"));
    let refused = matches!(code, 401 | 403 | 404) || to_sign_in;
    let leaked: Vec<&&str> = secrets.iter().filter(|s| body.contains(**s)).collect();
    let quiet = |what: &str| -> Result<(), String> {
        if leaked.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "{what} without conference A's data (it held {leaked:?})"
            ))
        }
    };
    if status.is_server_error() {
        return Err("no server error".into());
    }
    if !op.documented.contains(&code) {
        return Err(format!("a status it documents ({:?})", op.documented));
    }
    match expect {
        Expect::Allowed if refused => Err("served (not 401/403/404/to sign-in)".into()),
        Expect::Allowed => Ok(()),
        Expect::OwnScope if refused => Err("served as the caller's own".into()),
        Expect::OwnScope => quiet("served as the caller's own"),
        Expect::Ignored if code == 403 || (code == 401 && !op.documented.contains(&401)) => {
            Err("not 401/403 (public)".into())
        }
        Expect::Ignored => Ok(()),
        Expect::Hidden if code != 404 => Err("404".into()),
        Expect::Hidden => quiet("404"),
        Expect::Forbidden if code != 403 => Err("403".into()),
        Expect::Forbidden => quiet("403"),
        Expect::Unauthenticated => {
            unauthenticated(op.guard, code, headers, to_sign_in).and_then(|()| quiet("refused"))
        }
    }
}

fn unauthenticated(
    guard: Guard,
    code: u16,
    headers: &HeaderMap,
    to_sign_in: bool,
) -> Result<(), String> {
    match guard {
        Guard::ConsoleSession if to_sign_in => Ok(()),
        Guard::ConsoleSession => Err("303 to /organizer/sign-in".into()),
        Guard::OrganizerToken { .. } | Guard::AttendeeToken => {
            let challenge = headers
                .get(WWW_AUTHENTICATE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("Bearer"));
            if code == 401 && challenge {
                Ok(())
            } else {
                Err("401 with WWW-Authenticate: Bearer".into())
            }
        }
        _ if code == 401 => Ok(()),
        _ => Err("401".into()),
    }
}
