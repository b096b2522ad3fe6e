//! Attendees with their handles, interests and wanted connections.
//!
//! Wanted connections are stored as the (network, handle) the attendee typed and resolved to an
//! attendee at read time by joining on handles, so it does not matter who registers first and a
//! changed handle re-resolves by itself.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Func, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, ExprTrait,
    IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use super::{batch, stored};
use crate::domain::records::{
    Attendee, AttendeeFields, AttendeeFilter, Handle, NewAttendee, ResolvedWanted, Wanted,
};
use crate::domain::{AttendeeStatus, EmailAddress, PersonName, SocialHandle};
use crate::entities::{
    attendee, attendee_handle, attendee_interest, attendee_token, interest, outbox_email,
    wanted_connection,
};

/// Inserts the attendee row unless the email is already registered in the conference;
/// returns whether it was inserted. Concurrent inserts of one email leave exactly one row
/// (the unique index decides).
pub async fn insert(
    db: &impl ConnectionTrait,
    new: NewAttendee<'_>,
    now: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    let id = new.id;
    Ok(batch::insert_attendees(db, &[new], now)
        .await?
        .contains(&id))
}

/// The attendee registered with this (normalised) email in the conference.
pub async fn find_id_by_email(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    email_normalized: &str,
) -> Result<Option<Uuid>, sea_orm::DbErr> {
    attendee::Entity::find()
        .select_only()
        .column(attendee::Column::Id)
        .filter(attendee::Column::ConferenceId.eq(conference_id))
        .filter(attendee::Column::EmailNormalized.eq(email_normalized))
        .into_tuple::<Uuid>()
        .one(db)
        .await
}

/// Adds handles; a handle another attendee of the conference holds is skipped and returned.
pub async fn insert_handles(
    db: &impl ConnectionTrait,
    attendee_id: Uuid,
    conference_id: Uuid,
    handles: &[Handle],
) -> Result<Vec<Handle>, sea_orm::DbErr> {
    Ok(
        batch::insert_handles(db, &[(attendee_id, conference_id, handles)])
            .await?
            .remove(&attendee_id)
            .unwrap_or_default(),
    )
}

/// Links the attendee to interests by normalised name, creating missing interest rows.
pub async fn link_interests(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    attendee_id: Uuid,
    names: &[String],
) -> Result<(), sea_orm::DbErr> {
    batch::link_interests(db, &[(conference_id, attendee_id, names)]).await
}

pub async fn insert_wanted(
    db: &impl ConnectionTrait,
    attendee_id: Uuid,
    conference_id: Uuid,
    wanted: &[Wanted],
) -> Result<(), sea_orm::DbErr> {
    batch::insert_wanted(db, &[(attendee_id, conference_id, wanted)]).await
}

/// Replaces the attendee's handles, interests or wanted connections (each when `Some`).
///
/// A handle kept exactly as it was keeps its proof; a new or edited one starts out claimed.
pub async fn replace_handles(
    db: &impl ConnectionTrait,
    attendee_id: Uuid,
    conference_id: Uuid,
    handles: &[Handle],
) -> Result<Vec<Handle>, sea_orm::DbErr> {
    let proved: HashMap<(String, String), crate::domain::Verified> =
        attendee_handle::Entity::find()
            .filter(attendee_handle::Column::AttendeeId.eq(attendee_id))
            .all(db)
            .await?
            .into_iter()
            .map(handle_of)
            .filter_map(|h| match h {
                Ok(h) => h.verified.map(|v| {
                    Ok((
                        (
                            h.network().as_str().to_owned(),
                            h.handle.as_str().to_owned(),
                        ),
                        v,
                    ))
                }),
                Err(e) => Some(Err(e)),
            })
            .collect::<Result<_, _>>()?;
    let handles: Vec<Handle> = handles
        .iter()
        .map(|h| Handle {
            verified: proved
                .get(&(
                    h.network().as_str().to_owned(),
                    h.handle.as_str().to_owned(),
                ))
                .copied(),
            ..h.clone()
        })
        .collect();
    attendee_handle::Entity::delete_many()
        .filter(attendee_handle::Column::AttendeeId.eq(attendee_id))
        .exec(db)
        .await?;
    insert_handles(db, attendee_id, conference_id, &handles).await
}

pub async fn replace_interests(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    attendee_id: Uuid,
    names: &[String],
) -> Result<(), sea_orm::DbErr> {
    attendee_interest::Entity::delete_many()
        .filter(attendee_interest::Column::AttendeeId.eq(attendee_id))
        .exec(db)
        .await?;
    link_interests(db, conference_id, attendee_id, names).await
}

pub async fn replace_wanted(
    db: &impl ConnectionTrait,
    attendee_id: Uuid,
    conference_id: Uuid,
    wanted: &[Wanted],
) -> Result<(), sea_orm::DbErr> {
    wanted_connection::Entity::delete_many()
        .filter(wanted_connection::Column::AttendeeId.eq(attendee_id))
        .exec(db)
        .await?;
    insert_wanted(db, attendee_id, conference_id, wanted).await
}

/// Overwrites the personal fields except the email address, which only a confirmed change
/// moves ([`switch_email`]): an edit read before a confirmation cannot undo it. `false` when
/// the attendee is gone.
pub async fn update_fields(
    db: &impl ConnectionTrait,
    id: Uuid,
    fields: &AttendeeFields,
    now: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    let Some(row) = attendee::Entity::find_by_id(id).one(db).await? else {
        return Ok(false);
    };
    let mut row = row.into_active_model();
    row.name = Set(fields.name.to_string());
    row.affiliation = Set(fields.affiliation.clone());
    row.role = Set(fields.role.clone());
    row.bio = Set(fields.bio.clone());
    row.affiliation_visibility = Set(fields.affiliation_visibility.as_str().to_owned());
    row.bio_visibility = Set(fields.bio_visibility.as_str().to_owned());
    row.language = Set(fields.language.map(|l| l.as_str().to_owned()));
    row.updated_at = Set(now);
    row.update(db).await?;
    Ok(true)
}

/// Stores (or with `None` clears) the address an organizer changed the email to, waiting for
/// that address to confirm.
pub async fn set_pending_email(
    db: &impl ConnectionTrait,
    id: Uuid,
    pending: Option<&EmailAddress>,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    attendee::Entity::update_many()
        .col_expr(
            attendee::Column::PendingEmail,
            Expr::value(pending.map(|e| e.to_string())),
        )
        .col_expr(
            attendee::Column::PendingEmailNormalized,
            Expr::value(pending.map(|e| e.normalized().to_owned())),
        )
        .col_expr(attendee::Column::UpdatedAt, Expr::value(now))
        .filter(attendee::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Makes the confirmed address the attendee's email and clears the pending one; `false` when
/// another attendee of the conference has the address meanwhile.
pub async fn switch_email(
    db: &impl ConnectionTrait,
    id: Uuid,
    email: &EmailAddress,
    now: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    let Some(row) = attendee::Entity::find_by_id(id).one(db).await? else {
        return Ok(false);
    };
    if find_id_by_email(db, row.conference_id, email.normalized())
        .await?
        .is_some_and(|other| other != id)
    {
        return Ok(false);
    }
    let mut row = row.into_active_model();
    row.email = Set(email.to_string());
    row.email_normalized = Set(email.normalized().to_owned());
    row.pending_email = Set(None);
    row.pending_email_normalized = Set(None);
    row.updated_at = Set(now);
    row.update(db).await?;
    Ok(true)
}

/// Sets the status and its timestamp (`confirmed_at` / `withdrawn_at`); confirming clears a
/// withdrawal.
pub async fn set_status(
    db: &impl ConnectionTrait,
    id: Uuid,
    status: AttendeeStatus,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let Some(row) = attendee::Entity::find_by_id(id).one(db).await? else {
        return Ok(());
    };
    let mut row = row.into_active_model();
    row.status = Set(status.as_str().to_owned());
    match status {
        AttendeeStatus::Confirmed => {
            row.confirmed_at = Set(Some(now));
            row.withdrawn_at = Set(None);
        }
        AttendeeStatus::Withdrawn => row.withdrawn_at = Set(Some(now)),
        AttendeeStatus::PendingConfirmation => {}
    }
    row.updated_at = Set(now);
    row.update(db).await?;
    Ok(())
}

/// An invited attendee accepts: their privacy consent is recorded now and the invitation is
/// done with.
pub async fn record_privacy_consent(
    db: &impl ConnectionTrait,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    attendee::Entity::update_many()
        .col_expr(attendee::Column::PrivacyConsentAt, Expr::value(now))
        .col_expr(
            attendee::Column::InvitedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(attendee::Column::Id.eq(id))
        .filter(attendee::Column::InvitedAt.is_not_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Removes every row holding the attendee's personal data, queued emails included; returns
/// how many rows went.
pub async fn erase(db: &impl ConnectionTrait, id: Uuid) -> Result<u64, sea_orm::DbErr> {
    let mut deleted = outbox_email::Entity::delete_many()
        .filter(outbox_email::Column::AttendeeId.eq(id))
        .exec(db)
        .await?
        .rows_affected;
    deleted += attendee_token::Entity::delete_many()
        .filter(attendee_token::Column::AttendeeId.eq(id))
        .exec(db)
        .await?
        .rows_affected;
    deleted += wanted_connection::Entity::delete_many()
        .filter(wanted_connection::Column::AttendeeId.eq(id))
        .exec(db)
        .await?
        .rows_affected;
    deleted += attendee_interest::Entity::delete_many()
        .filter(attendee_interest::Column::AttendeeId.eq(id))
        .exec(db)
        .await?
        .rows_affected;
    deleted += attendee_handle::Entity::delete_many()
        .filter(attendee_handle::Column::AttendeeId.eq(id))
        .exec(db)
        .await?
        .rows_affected;
    deleted += attendee::Entity::delete_by_id(id)
        .exec(db)
        .await?
        .rows_affected;
    Ok(deleted)
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<Attendee>, sea_orm::DbErr> {
    let Some(row) = attendee::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    Ok(hydrate(db, vec![row]).await?.pop())
}

/// One page of a conference's attendees (1-based `page`), ordered by registration, and the
/// total count matching the filter.
pub async fn list(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    filter: &AttendeeFilter,
    page: u64,
    per_page: u64,
) -> Result<(Vec<Attendee>, u64), sea_orm::DbErr> {
    let mut condition = Condition::all().add(attendee::Column::ConferenceId.eq(conference_id));
    if let Some(status) = &filter.status {
        condition = condition.add(attendee::Column::Status.eq(status.as_str()));
    }
    if let Some(query) = &filter.query {
        let pattern = format!("%{}%", escape_like(&query.to_lowercase()));
        let like = |col: attendee::Column| {
            Expr::expr(Func::lower(Expr::col(col)))
                .like(LikeExpr::new(pattern.clone()).escape('\\'))
        };
        condition = condition.add(
            Condition::any()
                .add(like(attendee::Column::Name))
                .add(like(attendee::Column::EmailNormalized))
                .add(
                    Condition::all()
                        .add(like(attendee::Column::Affiliation))
                        .add(attendee::Column::AffiliationVisibility.ne("nobody")),
                ),
        );
    }
    let query = attendee::Entity::find()
        .filter(condition)
        .order_by_asc(attendee::Column::CreatedAt)
        .order_by_asc(attendee::Column::Id);
    let (rows, total) = super::page_of(db, query, page, per_page).await?;
    Ok((hydrate(db, rows).await?, total))
}

/// How many of the conference's attendees stand at each status, in one grouped query; a status
/// nobody has is absent.
pub async fn count_by_status(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> Result<HashMap<AttendeeStatus, u64>, sea_orm::DbErr> {
    let rows: Vec<(String, i64)> = attendee::Entity::find()
        .select_only()
        .column(attendee::Column::Status)
        .column_as(attendee::Column::Id.count(), "n")
        .filter(attendee::Column::ConferenceId.eq(conference_id))
        .group_by(attendee::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    rows.into_iter()
        .map(|(status, n)| {
            Ok((
                stored("attendees.status", &status)?,
                u64::try_from(n).unwrap_or(0),
            ))
        })
        .collect()
}

/// `raw` as a literal inside a `LIKE … ESCAPE '\\'` pattern.
pub(super) fn escape_like(raw: &str) -> String {
    raw.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// Loads handles, interests and resolved wanted connections for a batch of rows in a fixed
/// number of queries, whatever the batch size.
async fn hydrate(
    db: &impl ConnectionTrait,
    rows: Vec<attendee::Model>,
) -> Result<Vec<Attendee>, sea_orm::DbErr> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut handles = load_handles(db, &ids).await?;
    let links = attendee_interest::Entity::find()
        .filter(attendee_interest::Column::AttendeeId.is_in(ids.clone()))
        .all(db)
        .await?;
    let names: HashMap<Uuid, String> = interest::Entity::find()
        .filter(interest::Column::Id.is_in(links.iter().map(|l| l.interest_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|i| (i.id, i.name))
        .collect();
    let mut interests: HashMap<Uuid, Vec<String>> = HashMap::new();
    for link in links {
        if let Some(name) = names.get(&link.interest_id) {
            interests
                .entry(link.attendee_id)
                .or_default()
                .push(name.clone());
        }
    }
    let wanted_rows = wanted_connection::Entity::find()
        .filter(wanted_connection::Column::AttendeeId.is_in(ids.clone()))
        .order_by_asc(wanted_connection::Column::Id)
        .all(db)
        .await?;
    let targets = resolve_targets(db, rows[0].conference_id, &wanted_rows).await?;
    let mut wanted: HashMap<Uuid, Vec<ResolvedWanted>> = HashMap::new();
    for w in wanted_rows {
        let attendee_id = targets.get(&(w.network.clone(), w.handle.clone())).copied();
        wanted
            .entry(w.attendee_id)
            .or_default()
            .push(ResolvedWanted {
                handle: SocialHandle::from_stored(
                    stored("wanted_connections.network", &w.network)?,
                    w.handle,
                ),
                attendee_id,
            });
    }
    rows.into_iter()
        .map(|row| {
            let mut my_interests = interests.remove(&row.id).unwrap_or_default();
            my_interests.sort();
            Ok(Attendee {
                handles: handles.remove(&row.id).unwrap_or_default(),
                interests: my_interests,
                wanted: wanted.remove(&row.id).unwrap_or_default(),
                id: row.id,
                conference_id: row.conference_id,
                status: stored("attendees.status", &row.status)?,
                privacy_consent_at: row.invited_at.is_none().then_some(row.privacy_consent_at),
                email_consent_at: row.email_consent_at,
                confirmed_at: row.confirmed_at,
                withdrawn_at: row.withdrawn_at,
                created_at: row.created_at,
                updated_at: row.updated_at,
                pending_email: row
                    .pending_email
                    .zip(row.pending_email_normalized)
                    .map(|(email, normalized)| EmailAddress::from_stored(email, normalized)),
                fields: AttendeeFields {
                    name: PersonName::from_stored(row.name),
                    email: EmailAddress::from_stored(row.email, row.email_normalized),
                    affiliation: row.affiliation,
                    role: row.role,
                    bio: row.bio,
                    affiliation_visibility: stored(
                        "attendees.affiliation_visibility",
                        &row.affiliation_visibility,
                    )?,
                    bio_visibility: stored("attendees.bio_visibility", &row.bio_visibility)?,
                    language: row
                        .language
                        .as_deref()
                        .map(|l| stored("attendees.language", l))
                        .transpose()?,
                },
            })
        })
        .collect()
}

async fn load_handles(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<Handle>>, sea_orm::DbErr> {
    let mut out: HashMap<Uuid, Vec<Handle>> = HashMap::new();
    for row in attendee_handle::Entity::find()
        .filter(attendee_handle::Column::AttendeeId.is_in(ids.iter().copied()))
        .order_by_asc(attendee_handle::Column::Network)
        .all(db)
        .await?
    {
        out.entry(row.attendee_id)
            .or_default()
            .push(handle_of(row)?);
    }
    Ok(out)
}

/// A handle row as the record it stores.
pub(super) fn handle_of(row: attendee_handle::Model) -> Result<Handle, sea_orm::DbErr> {
    Ok(Handle {
        handle: SocialHandle::from_stored(
            stored("attendee_handles.network", &row.network)?,
            row.handle,
        ),
        visibility: stored("attendee_handles.visibility", &row.visibility)?,
        verified: match (row.verified_at, row.verified_method) {
            (Some(at), Some(method)) => Some(crate::domain::Verified {
                method: stored("attendee_handles.verified_method", &method)?,
                at,
            }),
            _ => None,
        },
    })
}

/// Which attendee (if any) claims each wanted (network, handle) in the conference: a handle its
/// holder keeps from tablemates answers no one's wish to meet.
async fn resolve_targets(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    wanted: &[wanted_connection::Model],
) -> Result<BTreeMap<(String, String), Uuid>, sea_orm::DbErr> {
    if wanted.is_empty() {
        return Ok(BTreeMap::new());
    }
    let handles: HashSet<&str> = wanted.iter().map(|w| w.handle.as_str()).collect();
    Ok(attendee_handle::Entity::find()
        .filter(attendee_handle::Column::ConferenceId.eq(conference_id))
        .filter(attendee_handle::Column::Claim.is_in(handles.into_iter().map(str::to_owned)))
        .all(db)
        .await?
        .into_iter()
        .map(|h| ((h.network, h.handle), h.attendee_id))
        .collect())
}

/// Attendees by id with everything attached, in a fixed number of queries per 500 ids.
pub async fn find_many(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<Vec<Attendee>, sea_orm::DbErr> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(IMPORT_CHUNK) {
        let rows = attendee::Entity::find()
            .filter(attendee::Column::Id.is_in(chunk.iter().copied()))
            .all(db)
            .await?;
        out.extend(hydrate(db, rows).await?);
    }
    Ok(out)
}

/// Which attendee of the conference claims each of these (network, handle) pairs, if any; a
/// handle kept from tablemates claims nothing (see `privacy::handle_is_claimed`).
pub async fn handle_owners(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    handles: &[SocialHandle],
) -> Result<HashMap<SocialHandle, Uuid>, sea_orm::DbErr> {
    let wanted: HashSet<&SocialHandle> = handles.iter().collect();
    let names: Vec<String> = handles
        .iter()
        .map(|h| h.as_str().to_owned())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let mut out = HashMap::new();
    for chunk in names.chunks(IMPORT_CHUNK) {
        for row in attendee_handle::Entity::find()
            .filter(attendee_handle::Column::ConferenceId.eq(conference_id))
            .filter(attendee_handle::Column::Claim.is_in(chunk.iter().cloned()))
            .all(db)
            .await?
        {
            let key = SocialHandle::from_stored(
                stored("attendee_handles.network", &row.network)?,
                row.handle,
            );
            if wanted.contains(&key) {
                out.insert(key, row.attendee_id);
            }
        }
    }
    Ok(out)
}

/// Overwrites the personal fields of several attendees, one statement each. Unlike
/// [`update_fields`] it does not check the email: callers match attendees by email.
pub async fn update_fields_many(
    db: &impl ConnectionTrait,
    rows: &[(Uuid, &AttendeeFields)],
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    for (id, f) in rows {
        attendee::Entity::update_many()
            .col_expr(attendee::Column::Name, Expr::value(f.name.to_string()))
            .col_expr(attendee::Column::Email, Expr::value(f.email.to_string()))
            .col_expr(
                attendee::Column::Affiliation,
                Expr::value(f.affiliation.clone()),
            )
            .col_expr(attendee::Column::Role, Expr::value(f.role.clone()))
            .col_expr(attendee::Column::Bio, Expr::value(f.bio.clone()))
            .col_expr(attendee::Column::UpdatedAt, Expr::value(now))
            .filter(attendee::Column::Id.eq(*id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Removes every handle of these attendees.
pub async fn delete_handles_of(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<(), sea_orm::DbErr> {
    for chunk in ids.chunks(IMPORT_CHUNK) {
        attendee_handle::Entity::delete_many()
            .filter(attendee_handle::Column::AttendeeId.is_in(chunk.iter().copied()))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Unlinks every interest of these attendees (the interest rows stay).
pub async fn delete_interests_of(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<(), sea_orm::DbErr> {
    for chunk in ids.chunks(IMPORT_CHUNK) {
        attendee_interest::Entity::delete_many()
            .filter(attendee_interest::Column::AttendeeId.is_in(chunk.iter().copied()))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Removes every wanted connection of these attendees.
pub async fn delete_wanted_of(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<(), sea_orm::DbErr> {
    for chunk in ids.chunks(IMPORT_CHUNK) {
        wanted_connection::Entity::delete_many()
            .filter(wanted_connection::Column::AttendeeId.is_in(chunk.iter().copied()))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Ids per statement in the many-attendee functions above: well within every backend's limit
/// of bound variables.
const IMPORT_CHUNK: usize = 500;
