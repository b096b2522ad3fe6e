//! Multi-row writes for registrations: the rows of many attendees go to the database in a
//! fixed number of statements, so a burst of registrations costs a few round trips per batch
//! instead of a dozen per person. The single-attendee functions in `attendees` call these
//! with one item.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use uuid::Uuid;

use crate::domain::privacy::handle_is_claimed;
use crate::domain::records::{Handle, NewAttendee, NewEmail, OutboxStatus, Wanted};
use crate::entities::{
    attendee, attendee_handle, attendee_interest, interest, outbox_email, wanted_connection,
};

/// Rows per INSERT statement: well below SQLite's 32,766 bound variables for the widest row.
const CHUNK: usize = 500;

/// Inserts attendee rows, skipping any whose email is already registered in its conference
/// (also a duplicate earlier in the same batch); returns the ids that were inserted.
pub async fn insert_attendees(
    db: &impl ConnectionTrait,
    rows: &[NewAttendee<'_>],
    now: DateTime<Utc>,
) -> Result<HashSet<Uuid>, sea_orm::DbErr> {
    let mut inserted = HashSet::new();
    // One order for every writer, so concurrent batches take unique-index locks in the same
    // order and cannot deadlock on each other.
    let mut ordered: Vec<&NewAttendee<'_>> = rows.iter().collect();
    ordered.sort_by(|a, b| {
        (a.conference_id, a.fields.email.normalized())
            .cmp(&(b.conference_id, b.fields.email.normalized()))
    });
    for chunk in ordered.chunks(CHUNK) {
        let models = chunk.iter().map(|new| {
            let f = new.fields;
            attendee::ActiveModel {
                id: Set(new.id),
                conference_id: Set(new.conference_id),
                name: Set(f.name.to_string()),
                email: Set(f.email.to_string()),
                email_normalized: Set(f.email.normalized().to_owned()),
                affiliation: Set(f.affiliation.clone()),
                role: Set(f.role.clone()),
                bio: Set(f.bio.clone()),
                status: Set(new.status.as_str().to_owned()),
                affiliation_visibility: Set(f.affiliation_visibility.as_str().to_owned()),
                bio_visibility: Set(f.bio_visibility.as_str().to_owned()),
                // The column predates invitations and is NOT NULL: an invited attendee's holds
                // the invitation time, read back as no consent while `invited_at` is set.
                privacy_consent_at: Set(new.privacy_consent_at.unwrap_or(now)),
                invited_at: Set(new.privacy_consent_at.is_none().then_some(now)),
                email_consent_at: Set(new.email_consent_at),
                confirmed_at: Set(new.confirmed_at),
                withdrawn_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                pending_email: Set(None),
                pending_email_normalized: Set(None),
                verification_code: Set(None),
                language: Set(f.language.map(|l| l.as_str().to_owned())),
            }
        });
        let insert = attendee::Entity::insert_many(models).on_conflict_do_nothing_on([
            attendee::Column::ConferenceId,
            attendee::Column::EmailNormalized,
        ]);
        if super::conflict_counts_are_reliable(db) {
            if let sea_orm::TryInsertResult::Inserted(ids) =
                insert.exec_with_returning_keys(db).await?
            {
                inserted.extend(ids);
            }
        } else {
            insert.exec_without_returning(db).await?;
        }
    }
    if super::conflict_counts_are_reliable(db) {
        return Ok(inserted);
    }
    // MariaDB has no RETURNING here and inflates affected-row counts: read the rows back.
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    for chunk in ids.chunks(CHUNK) {
        inserted.extend(
            attendee::Entity::find()
                .select_only()
                .column(attendee::Column::Id)
                .filter(attendee::Column::Id.is_in(chunk.iter().copied()))
                .into_tuple::<Uuid>()
                .all(db)
                .await?,
        );
    }
    Ok(inserted)
}

/// The ids of attendees registered with these (conference, normalised email) pairs.
pub async fn attendee_ids_by_email(
    db: &impl ConnectionTrait,
    keys: &[(Uuid, String)],
) -> Result<HashMap<(Uuid, String), Uuid>, sea_orm::DbErr> {
    let mut by_conference: HashMap<Uuid, Vec<String>> = HashMap::new();
    for (conference_id, email) in keys {
        by_conference
            .entry(*conference_id)
            .or_default()
            .push(email.clone());
    }
    let mut out = HashMap::new();
    for (conference_id, emails) in by_conference {
        for chunk in emails.chunks(CHUNK) {
            for (id, email) in attendee::Entity::find()
                .select_only()
                .column(attendee::Column::Id)
                .column(attendee::Column::EmailNormalized)
                .filter(attendee::Column::ConferenceId.eq(conference_id))
                .filter(attendee::Column::EmailNormalized.is_in(chunk.iter().cloned()))
                .into_tuple::<(Uuid, String)>()
                .all(db)
                .await?
            {
                out.insert((conference_id, email), id);
            }
        }
    }
    Ok(out)
}

/// Handles for several attendees (`(attendee, conference, handles)`); a claimed handle (one
/// tablemates may see) that another attendee of the conference already claims is skipped.
/// Handles kept from tablemates never clash: a clash would tell the second registrant about a
/// handle they may not see. Returns the skipped handles per attendee.
pub async fn insert_handles(
    db: &impl ConnectionTrait,
    items: &[(Uuid, Uuid, &[Handle])],
) -> Result<HashMap<Uuid, Vec<Handle>>, sea_orm::DbErr> {
    let mut flat: Vec<(Uuid, Uuid, &Handle)> = items
        .iter()
        .flat_map(|(a, c, handles)| handles.iter().map(move |h| (*a, *c, h)))
        .collect();
    flat.sort_by(|x, y| {
        (x.1, x.2.network().as_str(), x.2.handle.as_str()).cmp(&(
            y.1,
            y.2.network().as_str(),
            y.2.handle.as_str(),
        ))
    });
    let rows: Vec<attendee_handle::ActiveModel> = flat
        .into_iter()
        .map(
            |(attendee_id, conference_id, h)| attendee_handle::ActiveModel {
                id: Set(Uuid::now_v7()),
                attendee_id: Set(attendee_id),
                conference_id: Set(conference_id),
                network: Set(h.network().as_str().to_owned()),
                handle: Set(h.handle.as_str().to_owned()),
                visibility: Set(h.visibility.as_str().to_owned()),
                claim: Set(handle_is_claimed(h.visibility).then(|| h.handle.as_str().to_owned())),
                verified_at: Set(h.verified.map(|v| v.at)),
                verified_method: Set(h.verified.map(|v| v.method.as_str().to_owned())),
            },
        )
        .collect();
    if rows.is_empty() {
        return Ok(HashMap::new());
    }
    let total = rows.len() as u64;
    let mut written = 0u64;
    for chunk in rows.chunks(CHUNK) {
        let result = attendee_handle::Entity::insert_many(chunk.iter().cloned())
            .on_conflict_do_nothing_on([
                attendee_handle::Column::ConferenceId,
                attendee_handle::Column::Network,
                attendee_handle::Column::Claim,
            ])
            .exec_without_returning(db)
            .await?;
        written += super::inserted_rows(db, &result).unwrap_or(0);
    }
    if super::conflict_counts_are_reliable(db) && written == total {
        return Ok(HashMap::new());
    }
    let ids: Vec<Uuid> = items.iter().map(|(a, _, _)| *a).collect();
    let mut held: HashSet<(Uuid, String, String)> = HashSet::new();
    for chunk in ids.chunks(CHUNK) {
        for row in attendee_handle::Entity::find()
            .filter(attendee_handle::Column::AttendeeId.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            held.insert((row.attendee_id, row.network, row.handle));
        }
    }
    let mut skipped: HashMap<Uuid, Vec<Handle>> = HashMap::new();
    for (attendee_id, _, handles) in items {
        for h in handles.iter() {
            if !held.contains(&(
                *attendee_id,
                h.network().as_str().to_owned(),
                h.handle.as_str().to_owned(),
            )) {
                skipped.entry(*attendee_id).or_default().push(h.clone());
            }
        }
    }
    Ok(skipped)
}

/// Links attendees to interests by normalised name (`(conference, attendee, names)`), creating
/// the interest rows that do not exist yet. Missing rows are inserted with ON CONFLICT DO
/// NOTHING and read back, because an upsert would lock shared interest rows until commit and
/// serialise registrations.
pub async fn link_interests(
    db: &impl ConnectionTrait,
    items: &[(Uuid, Uuid, &[String])],
) -> Result<(), sea_orm::DbErr> {
    let mut wanted: HashMap<Uuid, HashSet<&str>> = HashMap::new();
    for (conference_id, _, names) in items {
        wanted
            .entry(*conference_id)
            .or_default()
            .extend(names.iter().map(String::as_str));
    }
    let mut ids: HashMap<(Uuid, String), Uuid> = HashMap::new();
    for (conference_id, names) in &wanted {
        let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        ids.extend(interest_ids(db, *conference_id, &names).await?);
        let mut missing: Vec<&String> = names
            .iter()
            .filter(|n| !ids.contains_key(&(*conference_id, (*n).clone())))
            .collect();
        missing.sort();
        if missing.is_empty() {
            continue;
        }
        for chunk in missing.chunks(CHUNK) {
            let rows = chunk.iter().map(|name| interest::ActiveModel {
                id: Set(Uuid::now_v7()),
                conference_id: Set(*conference_id),
                name: Set((*name).clone()),
            });
            interest::Entity::insert_many(rows)
                .on_conflict_do_nothing_on([interest::Column::ConferenceId, interest::Column::Name])
                .exec_without_returning(db)
                .await?;
        }
        let missing: Vec<String> = missing.into_iter().cloned().collect();
        ids.extend(interest_ids(db, *conference_id, &missing).await?);
    }
    let links: Vec<attendee_interest::ActiveModel> = items
        .iter()
        .flat_map(|(conference_id, attendee_id, names)| {
            let ids = &ids;
            names.iter().filter_map(move |n| {
                ids.get(&(*conference_id, n.clone())).map(|interest_id| {
                    attendee_interest::ActiveModel {
                        attendee_id: Set(*attendee_id),
                        interest_id: Set(*interest_id),
                    }
                })
            })
        })
        .collect();
    for chunk in links.chunks(CHUNK) {
        attendee_interest::Entity::insert_many(chunk.iter().cloned())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

async fn interest_ids(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    names: &[String],
) -> Result<HashMap<(Uuid, String), Uuid>, sea_orm::DbErr> {
    let mut out = HashMap::new();
    for chunk in names.chunks(CHUNK) {
        for (name, id) in interest::Entity::find()
            .select_only()
            .column(interest::Column::Name)
            .column(interest::Column::Id)
            .filter(interest::Column::ConferenceId.eq(conference_id))
            .filter(interest::Column::Name.is_in(chunk.iter().cloned()))
            .into_tuple::<(String, Uuid)>()
            .all(db)
            .await?
        {
            out.insert((conference_id, name), id);
        }
    }
    Ok(out)
}

/// Wanted connections for several attendees (`(attendee, conference, wanted)`).
pub async fn insert_wanted(
    db: &impl ConnectionTrait,
    items: &[(Uuid, Uuid, &[Wanted])],
) -> Result<(), sea_orm::DbErr> {
    let rows: Vec<wanted_connection::ActiveModel> = items
        .iter()
        .flat_map(|(attendee_id, conference_id, wanted)| {
            wanted.iter().map(|w| wanted_connection::ActiveModel {
                id: Set(Uuid::now_v7()),
                attendee_id: Set(*attendee_id),
                conference_id: Set(*conference_id),
                network: Set(w.handle.network().as_str().to_owned()),
                handle: Set(w.handle.as_str().to_owned()),
            })
        })
        .collect();
    for chunk in rows.chunks(CHUNK) {
        wanted_connection::Entity::insert_many(chunk.iter().cloned())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Queues emails, skipping those whose dedupe key exists (also earlier in the same batch);
/// returns the dedupe keys that were queued now.
pub async fn enqueue_emails(
    db: &impl ConnectionTrait,
    emails: Vec<NewEmail>,
    now: DateTime<Utc>,
) -> Result<HashSet<String>, sea_orm::DbErr> {
    let mut mine: HashMap<String, Uuid> = HashMap::new();
    let mut emails = emails;
    emails.sort_by(|a, b| a.dedupe_key.cmp(&b.dedupe_key));
    let rows: Vec<outbox_email::ActiveModel> = emails
        .into_iter()
        .map(|email| {
            let id = Uuid::now_v7();
            mine.entry(email.dedupe_key.clone()).or_insert(id);
            outbox_email::ActiveModel {
                id: Set(id),
                kind: Set(email.kind().as_str().to_owned()),
                dedupe_key: Set(email.dedupe_key),
                attendee_id: Set(email.attendee_id),
                recipient: Set(email.recipient),
                payload: Set(email.payload.to_json().to_string()),
                status: Set(OutboxStatus::Pending.as_str().to_owned()),
                attempts: Set(0),
                due_at: Set(email.due_at.unwrap_or(now)),
                lease_until: Set(None),
                last_error: Set(None),
                created_at: Set(now),
                sent_at: Set(None),
            }
        })
        .collect();
    let key_of: HashMap<Uuid, String> = mine.iter().map(|(k, id)| (*id, k.clone())).collect();
    let mut queued = HashSet::new();
    let reliable = super::conflict_counts_are_reliable(db);
    for chunk in rows.chunks(CHUNK) {
        let insert = outbox_email::Entity::insert_many(chunk.iter().cloned())
            .on_conflict_do_nothing_on([outbox_email::Column::DedupeKey]);
        if reliable {
            if let sea_orm::TryInsertResult::Inserted(ids) =
                insert.exec_with_returning_keys(db).await?
            {
                queued.extend(ids.iter().filter_map(|id| key_of.get(id).cloned()));
            }
        } else {
            insert.exec_without_returning(db).await?;
        }
    }
    if reliable {
        return Ok(queued);
    }
    let ids: Vec<Uuid> = mine.values().copied().collect();
    for chunk in ids.chunks(CHUNK) {
        queued.extend(
            outbox_email::Entity::find()
                .select_only()
                .column(outbox_email::Column::DedupeKey)
                .filter(outbox_email::Column::Id.is_in(chunk.iter().copied()))
                .into_tuple::<String>()
                .all(db)
                .await?,
        );
    }
    Ok(queued)
}
