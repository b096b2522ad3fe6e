//! The emails a plan causes, queued in the transaction that publishes or repairs it: one
//! introduction per seated attendee, "table changed" for the tables a repair touched, and a
//! calendar cancellation for whoever a repair took out of the meetup.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, TimeZone, Utc};
use rand::RngCore;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::error::Error;
use crate::secrets;
use crate::store::batch::{self, NewTokenRow};
use crate::store::conferences::Conference;
use crate::store::meetups::Meetup;
use crate::store::outbox::NewEmail;
use crate::store::plans::{self, Plan, PlanTable};
use crate::store::roster::Member;
use crate::store::{self, tokens};
use crate::workflows::LinkSettings;
use crate::workflows::tablemate::visible;
use crate::workflows::unsubscribe::UnsubscribeKey;

/// Everything the emails of one plan need, loaded inside the caller's transaction.
pub(super) struct Mailing<'a> {
    pub conference: &'a Conference,
    pub meetup: &'a Meetup,
    pub links: &'a LinkSettings,
    pub now: DateTime<Utc>,
}

/// The calendar SEQUENCE for an update sent at `now`: seconds since 2026-01-01, so every later
/// update of an attendee's event carries a larger number, across plans and repairs alike,
/// without storing a counter (RFC 5545 only asks that it grow; it fits an i32 until 2094).
fn sequence(now: DateTime<Utc>) -> i64 {
    let epoch = Utc
        .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or_default();
    (now - epoch).num_seconds().max(0)
}

/// The meetup as every meetup email shows it; times stay UTC, the template formats them.
fn meetup_json(mailing: &Mailing<'_>) -> Value {
    let m = &mailing.meetup;
    json!({
        "id": m.id,
        "name": m.fields.name,
        "starts_at": m.fields.starts_at,
        "ends_at": m.fields.ends_at,
        "time_zone": mailing.conference.fields.time_zone,
        "location": m.fields.location,
    })
}

fn calendar_uid(meetup_id: Uuid, attendee_id: Uuid) -> String {
    format!("meetup-{meetup_id}-attendee-{attendee_id}@tablemates")
}

/// Which table email to send: its kind, what makes it unique per recipient (a plan or a
/// change), and template variables beyond the table's.
pub(super) struct TableEmail<'a> {
    pub kind: &'static str,
    pub scope: &'a str,
    pub extra: Value,
}

/// One email per attendee in `recipients` about their table in `plan`.
pub(super) async fn table_emails(
    txn: &impl sea_orm::ConnectionTrait,
    mailing: &Mailing<'_>,
    plan: &Plan,
    email: TableEmail<'_>,
    recipients: &[Uuid],
    rng: &mut impl RngCore,
) -> Result<(), Error> {
    let TableEmail {
        kind,
        scope: dedupe_scope,
        extra,
    } = email;
    if recipients.is_empty() {
        return Ok(());
    }
    let roster = store::roster::load(txn, mailing.conference.id, None).await?;
    let by_id: HashMap<Uuid, &Member> = roster.iter().map(|m| (m.id, m)).collect();
    let mut tables: BTreeMap<i32, Vec<Uuid>> = BTreeMap::new();
    for seat in &plan.seats {
        tables
            .entry(seat.table_number)
            .or_default()
            .push(seat.attendee_id);
    }
    let table_of: HashMap<Uuid, i32> = plan
        .seats
        .iter()
        .map(|s| (s.attendee_id, s.table_number))
        .collect();
    let defs: HashMap<i32, &PlanTable> = plan.tables.iter().map(|t| (t.number, t)).collect();
    let key = UnsubscribeKey::load(txn).await?;
    let unsubscribed = store::email_preferences::unsubscribed_among(txn, recipients).await?;
    let mut emails = Vec::with_capacity(recipients.len());
    let mut token_rows = Vec::with_capacity(recipients.len());
    for id in recipients.iter().filter(|id| !unsubscribed.contains(id)) {
        let (Some(me), Some(number)) = (by_id.get(id), table_of.get(id)) else {
            continue;
        };
        let (Some(def), Some(members)) = (defs.get(number), tables.get(number)) else {
            continue;
        };
        let token = secrets::generate(secrets::ATTENDEE_PREFIX, rng);
        token_rows.push(NewTokenRow {
            attendee_id: me.id,
            token_hash: token.hash.clone(),
            purpose: tokens::PURPOSE_MANAGE,
            expires_at: mailing.links.token_expiry(mailing.now),
        });
        let mut payload = table_payload(mailing, me, def, members, &by_id);
        payload["manage_url"] = json!(mailing.links.manage_url(&token.raw));
        payload["unsubscribe_url"] = json!(key.url_for(me.id, mailing.links));
        if let (Value::Object(p), Value::Object(e)) = (&mut payload, &extra) {
            p.extend(e.clone());
        }
        emails.push(NewEmail {
            kind,
            dedupe_key: format!("{kind}:{dedupe_scope}:{}", me.id),
            attendee_id: Some(me.id),
            recipient: me.email.clone(),
            payload,
            due_at: None,
        });
    }
    enqueue_with_links(txn, emails, token_rows, mailing.now).await
}

fn table_payload(
    mailing: &Mailing<'_>,
    me: &Member,
    table: &PlanTable,
    members: &[Uuid],
    by_id: &HashMap<Uuid, &Member>,
) -> Value {
    let mates: Vec<Value> = members
        .iter()
        .filter(|&&id| id != me.id)
        .filter_map(|id| by_id.get(id))
        .map(|mate| {
            let seen = visible(mate);
            let you_wanted = me.wants.contains(&mate.id);
            let wanted_you = mate.wants.contains(&me.id);
            json!({
                "name": seen.name,
                "affiliation": seen.affiliation,
                "bio": seen.bio,
                "handles": seen.handles,
                "mutual_want": you_wanted && wanted_you,
                "you_wanted": you_wanted,
                "wanted_you": wanted_you,
            })
        })
        .collect();
    let shared: Vec<Value> = table
        .explanation
        .get("shared_interests")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .map(|si| {
                    let people: Vec<&str> = si
                        .get("attendee_ids")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(|v| v.as_str()?.parse::<Uuid>().ok())
                        .filter_map(|id| by_id.get(&id).map(|m| m.name.as_str()))
                        .collect();
                    json!({"interest": si.get("interest"), "people": people})
                })
                .collect()
        })
        .unwrap_or_default();
    let m = &mailing.meetup;
    json!({
        "attendee_id": me.id,
        "attendee_name": me.name,
        "conference_name": mailing.conference.fields.name,
        "conference_slug": mailing.conference.slug,
        "meetup": meetup_json(mailing),
        "table": {"label": table.label, "number": table.number},
        "tablemates": mates,
        "shared_interests": shared,
        "calendar": {
            "uid": calendar_uid(m.id, me.id),
            "sequence": sequence(mailing.now),
            "method": "REQUEST",
        },
    })
}

/// Queues `emails` (keys end in the attendee id) and stores the link token of each email
/// actually queued: a repeated publish or repair queues nothing and mints no working link.
async fn enqueue_with_links(
    txn: &impl sea_orm::ConnectionTrait,
    emails: Vec<NewEmail>,
    mut token_rows: Vec<NewTokenRow>,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let queued: std::collections::HashSet<Uuid> = batch::enqueue_emails(txn, emails, now)
        .await?
        .iter()
        .filter_map(|key| key.rsplit(':').next()?.parse().ok())
        .collect();
    token_rows.retain(|t| queued.contains(&t.attendee_id));
    batch::insert_tokens(txn, &token_rows, now).await?;
    Ok(())
}

/// Introductions for everyone seated in the freshly published plan `plan_id`.
pub(super) async fn introductions(
    txn: &impl sea_orm::ConnectionTrait,
    mailing: &Mailing<'_>,
    plan_id: Uuid,
    rng: &mut impl RngCore,
) -> Result<(), Error> {
    let plan = plans::find(txn, plan_id)
        .await?
        .ok_or(Error::NotFound("plan"))?;
    let everyone: Vec<Uuid> = plan.seats.iter().map(|s| s.attendee_id).collect();
    table_emails(
        txn,
        mailing,
        &plan,
        TableEmail {
            kind: "table_introduction",
            scope: &plan.id.to_string(),
            extra: json!({}),
        },
        &everyone,
        rng,
    )
    .await
}

/// Calendar cancellations for people a repair took out of the meetup.
pub(super) async fn cancellations(
    txn: &impl sea_orm::ConnectionTrait,
    mailing: &Mailing<'_>,
    change_id: Uuid,
    removed: &[&Member],
    rng: &mut impl RngCore,
) -> Result<(), Error> {
    let m = &mailing.meetup;
    let key = UnsubscribeKey::load(txn).await?;
    let ids: Vec<Uuid> = removed.iter().map(|m| m.id).collect();
    let unsubscribed = store::email_preferences::unsubscribed_among(txn, &ids).await?;
    let mut token_rows = Vec::new();
    let emails = removed
        .iter()
        .filter(|me| !unsubscribed.contains(&me.id))
        .map(|me| {
            let token = secrets::generate(secrets::ATTENDEE_PREFIX, rng);
            token_rows.push(NewTokenRow {
                attendee_id: me.id,
                token_hash: token.hash.clone(),
                purpose: tokens::PURPOSE_MANAGE,
                expires_at: mailing.links.token_expiry(mailing.now),
            });
            (me, token)
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|(me, token)| NewEmail {
            kind: "meetup_cancelled",
            dedupe_key: format!("meetup_cancelled:{change_id}:{}", me.id),
            attendee_id: Some(me.id),
            recipient: me.email.clone(),
            payload: json!({
                "attendee_id": me.id,
                "attendee_name": me.name,
                "conference_name": mailing.conference.fields.name,
                "conference_slug": mailing.conference.slug,
                "meetup": meetup_json(mailing),
                "calendar": {
                    "uid": calendar_uid(m.id, me.id),
                    "sequence": sequence(mailing.now),
                    "method": "CANCEL",
                },
                "manage_url": mailing.links.manage_url(&token.raw),
                "unsubscribe_url": key.url_for(me.id, mailing.links),
            }),
            due_at: None,
        })
        .collect();
    enqueue_with_links(txn, emails, token_rows, mailing.now).await
}
