//! Attendees as organizers manage them and as attendees manage themselves through their link.

use crate::domain::webhooks::Event;
use crate::workflows::webhooks;
use chrono::{DateTime, Utc};
use sea_orm::{DatabaseTransaction, TransactionTrait};
use tracing::instrument;
use uuid::Uuid;

use crate::domain::records::{
    Attendee, AttendeeFields, AttendeeFilter, EmailPayload, Handle, NewAttendee, NewEmail,
    OutboxEmail, Wanted, Withdrawal,
};
use crate::domain::{AttendeeStatus, EmailAddress, Language, ParseError, PersonName, Visibility};
use crate::error::{Error, FieldErrors};
use crate::secrets;
use crate::store;
use crate::workflows::Context;

use super::conferences::get_owned;
use super::plans::auto_repair;
use super::registration::AttendeeInput;

/// Changes to an attendee; `None` leaves a part as it is.
#[derive(Debug, Clone, Default)]
pub struct AttendeeChanges {
    pub fields: FieldsPatch,
    pub handles: Option<Vec<Handle>>,
    pub interests: Option<Vec<String>>,
    pub wanted: Option<Vec<Wanted>>,
}

/// Changes to the personal fields; `None` keeps a field, `Some(None)` clears an optional one.
#[derive(Debug, Clone, Default)]
pub struct FieldsPatch {
    pub name: Option<PersonName>,
    pub email: Option<EmailAddress>,
    pub affiliation: Option<Option<String>>,
    pub role: Option<Option<String>>,
    pub bio: Option<Option<String>>,
    pub affiliation_visibility: Option<Visibility>,
    pub bio_visibility: Option<Visibility>,
    pub language: Option<Option<Language>>,
}

impl FieldsPatch {
    fn apply(self, current: &AttendeeFields) -> AttendeeFields {
        AttendeeFields {
            name: self.name.unwrap_or_else(|| current.name.clone()),
            email: self.email.unwrap_or_else(|| current.email.clone()),
            affiliation: self
                .affiliation
                .unwrap_or_else(|| current.affiliation.clone()),
            role: self.role.unwrap_or_else(|| current.role.clone()),
            bio: self.bio.unwrap_or_else(|| current.bio.clone()),
            affiliation_visibility: self
                .affiliation_visibility
                .unwrap_or(current.affiliation_visibility),
            bio_visibility: self.bio_visibility.unwrap_or(current.bio_visibility),
            language: self.language.unwrap_or(current.language),
        }
    }
}

pub struct Page {
    pub items: Vec<Attendee>,
    pub total: u64,
}

pub async fn list(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    filter: &AttendeeFilter,
    page: u64,
    per_page: u64,
) -> Result<Page, Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    let (items, total) =
        store::attendees::list(&ctx.db.read, conference.id, filter, page, per_page).await?;
    Ok(Page { items, total })
}

/// One attendee of the organizer's conference; an attendee of any other conference is not found.
pub async fn get(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    id: Uuid,
) -> Result<Attendee, Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    store::attendees::find(&ctx.db.read, id)
        .await?
        .filter(|a| a.conference_id == conference.id)
        .ok_or(Error::NotFound("attendee"))
}

/// Everything the service holds about an attendee, for them to download.
pub struct HeldAbout {
    pub attendee: Attendee,
    pub meetups: Vec<super::meetups::MyMeetup>,
    pub tables: Vec<super::exports::me::MyTable>,
    /// The emails to them in the outbox, sent or not (what they said is not repeated).
    pub emails: Vec<OutboxEmail>,
    pub wants_table_emails: bool,
}

/// Everything held about the attendee: their registration, their meetup choices, their seats
/// at published meetups and the emails sent or waiting for them.
pub async fn held_about(ctx: &Context, id: Uuid) -> Result<HeldAbout, Error> {
    Ok(HeldAbout {
        attendee: me(ctx, id).await?,
        meetups: super::meetups::mine(ctx, id).await?,
        tables: super::exports::me::tables(ctx, id).await?,
        emails: store::outbox::of_attendee(&ctx.db.read, id).await?,
        wants_table_emails: store::email_preferences::wants_table_emails(&ctx.db.read, id).await?,
    })
}

/// A new personal link for the attendee, returned instead of emailed: for an operator at the
/// server (the demo prints one).
pub async fn personal_link(
    ctx: &Context,
    attendee_id: Uuid,
    now: DateTime<Utc>,
    rng: &mut impl rand::RngCore,
) -> Result<String, Error> {
    let token = secrets::generate(secrets::ATTENDEE_PREFIX, rng);
    store::tokens::mint(
        &ctx.db.write,
        store::tokens::NewToken {
            id: Uuid::now_v7(),
            attendee_id,
            token_hash: token.hash,
            purpose: store::tokens::PURPOSE_MANAGE,
            expires_at: ctx.links.token_expiry(now),
        },
        now,
    )
    .await?;
    Ok(ctx.links.manage_url(&token.raw))
}

/// An organizer adds an attendee directly (e.g. a speaker): confirmed at once, and a duplicate
/// email is a conflict, not a silent success, because the organizer already sees everyone.
#[instrument(skip(ctx, input, now))]
pub async fn create(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    input: AttendeeInput,
    now: DateTime<Utc>,
) -> Result<Attendee, Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    let id = Uuid::now_v7();
    let txn = ctx.db.write.begin().await?;
    let inserted = store::attendees::insert(
        &txn,
        NewAttendee {
            id,
            conference_id: conference.id,
            fields: &input.fields,
            status: AttendeeStatus::Confirmed,
            privacy_consent_at: Some(now),
            email_consent_at: input.email_consent.then_some(now),
            confirmed_at: Some(now),
        },
        now,
    )
    .await?;
    if !inserted {
        txn.rollback().await?;
        return Err(duplicate_email());
    }
    let unclaimed =
        store::attendees::insert_handles(&txn, id, conference.id, &input.handles).await?;
    if let Some(taken) = unclaimed.first() {
        txn.rollback().await?;
        return Err(handle_taken(taken));
    }
    store::attendees::link_interests(&txn, conference.id, id, &input.interests).await?;
    store::attendees::insert_wanted(&txn, id, conference.id, &input.wanted).await?;
    auto_repair::schedule(&txn, conference.id, None, now).await?;
    webhooks::emit(
        &txn,
        &conference,
        &[Event::AttendeeConfirmed { attendee_id: id }],
        now,
    )
    .await?;
    txn.commit().await?;
    store::attendees::find(&ctx.db.read, id)
        .await?
        .ok_or(Error::NotFound("attendee"))
}

/// An organizer edits an attendee. What the attendee chose about themselves (who sees what, and
/// their handles) is theirs alone to change, and a new email address waits for that address to
/// confirm (see `email_change`).
#[instrument(skip(ctx, changes, now))]
pub async fn update(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    id: Uuid,
    mut changes: AttendeeChanges,
    now: DateTime<Utc>,
) -> Result<Attendee, Error> {
    refuse_attendee_choices(&changes)?;
    let conference = get_owned(ctx, organizer_id, slug).await?;
    let existing = store::attendees::find(&ctx.db.read, id)
        .await?
        .filter(|a| a.conference_id == conference.id)
        .ok_or(Error::NotFound("attendee"))?;
    let email = changes.fields.email.take();
    let txn = ctx.db.write.begin().await?;
    write_changes(&txn, &existing, changes, now).await?;
    if let Some(email) = email {
        super::email_change::request(&txn, &existing, &conference, &email, now).await?;
    }
    txn.commit().await?;
    me(ctx, existing.id).await
}

/// The parts of an edit only the attendee may make; an organizer's edit naming any is refused
/// whole, so nothing is half-applied.
fn refuse_attendee_choices(changes: &AttendeeChanges) -> Result<(), Error> {
    let mut errors = FieldErrors::default();
    if changes.handles.is_some() {
        errors.reject(
            "handles",
            ParseError::coded(
                "field-attendees-handles",
                [],
                "are the attendee's to change: they can edit them from their personal link",
            ),
        );
    }
    for (field, set) in [
        (
            "visibility.affiliation",
            changes.fields.affiliation_visibility.is_some(),
        ),
        ("visibility.bio", changes.fields.bio_visibility.is_some()),
    ] {
        if set {
            errors.reject(
                field,
                ParseError::coded(
                    "field-attendees-choice",
                    [],
                    "is the attendee's to change: they can edit it from their personal link",
                ),
            );
        }
    }
    errors.finish()
}

/// A token's use is written down at most this often, so browsing one's page does not make a
/// write per request.
const RECORD_USE_EVERY_MINUTES: i64 = 5;

/// The attendee behind a live personal-link token; its use is recorded. A token that a newer
/// one replaced says so (with where to ask for a new one) rather than just "not valid".
pub async fn authenticate(
    ctx: &Context,
    raw_token: &str,
    now: DateTime<Utc>,
) -> Result<Uuid, Error> {
    use store::tokens::Found;
    let found = store::tokens::find(
        &ctx.db.read,
        &secrets::hash(raw_token),
        store::tokens::PURPOSE_MANAGE,
        now,
    )
    .await?;
    match found {
        Some(Found::Live {
            id,
            attendee_id,
            last_used_at,
        }) => {
            if last_used_at
                .is_none_or(|at| now - at >= chrono::Duration::minutes(RECORD_USE_EVERY_MINUTES))
            {
                store::tokens::record_use(&ctx.db.write, id, now).await?;
            }
            Ok(attendee_id)
        }
        Some(Found::Replaced { attendee_id }) => {
            let attendee = me(ctx, attendee_id).await?;
            let conference = store::conferences::find_by_id(&ctx.db.read, attendee.conference_id)
                .await?
                .ok_or(Error::NotFound("registration"))?;
            Err(Error::LinkReplaced {
                conference_slug: conference.slug.to_string(),
            })
        }
        None => Err(Error::Unauthorized(
            "the link is not valid or has expired".into(),
        )),
    }
}

pub async fn me(ctx: &Context, id: Uuid) -> Result<Attendee, Error> {
    store::attendees::find(&ctx.db.read, id)
        .await?
        .ok_or(Error::NotFound("registration"))
}

/// The attendee edits their own registration. Their email is fixed here: changing it would
/// need a new confirmation, which is the organizer's call (see `email_change`).
#[instrument(skip(ctx, changes, now))]
pub async fn update_me(
    ctx: &Context,
    id: Uuid,
    changes: AttendeeChanges,
    now: DateTime<Utc>,
) -> Result<Attendee, Error> {
    let existing = me(ctx, id).await?;
    if let Some(email) = &changes.fields.email
        && email.normalized() != existing.fields.email.normalized()
    {
        return Err(Error::rejected(
            "email",
            ParseError::coded(
                "field-email-fixed",
                [],
                "cannot be changed from your link; ask the organizer",
            ),
        ));
    }
    apply(ctx, &existing, changes, now).await
}

/// Confirms the registration (the double opt-in: only the owner of the email has the link), or
/// accepts an import's invitation, which records the privacy consent the source did not carry,
/// and queues the repair of published plans, which seats them.
/// A withdrawn attendee confirming again takes part again: registering anew with the same
/// email only re-sends this link, so this is the way back.
#[instrument(skip(ctx, now))]
pub async fn confirm(ctx: &Context, id: Uuid, now: DateTime<Utc>) -> Result<Attendee, Error> {
    let existing = me(ctx, id).await?;
    if existing.status == AttendeeStatus::Confirmed {
        return Ok(existing);
    }
    let txn = ctx.db.write.begin().await?;
    if existing.privacy_consent_at.is_none() {
        // An imported attendee who was invited consents by accepting.
        store::attendees::record_privacy_consent(&txn, id, now).await?;
    }
    store::attendees::set_status(&txn, id, AttendeeStatus::Confirmed, now).await?;
    auto_repair::schedule(&txn, existing.conference_id, None, now).await?;
    webhooks::emit_in(
        &txn,
        existing.conference_id,
        &[Event::AttendeeConfirmed { attendee_id: id }],
        now,
    )
    .await?;
    txn.commit().await?;
    me(ctx, id).await
}

/// Withdraws the registration and, in the same transaction, queues the confirmation email
/// (once per withdrawal: withdrawing again changes nothing and sends nothing) and the repair
/// of published plans, which frees their seats.
#[instrument(skip(ctx, now))]
pub async fn withdraw(ctx: &Context, id: Uuid, now: DateTime<Utc>) -> Result<Attendee, Error> {
    let existing = me(ctx, id).await?;
    if existing.status != AttendeeStatus::Withdrawn {
        let conference = store::conferences::find_by_id(&ctx.db.read, existing.conference_id)
            .await?
            .ok_or(Error::NotFound("conference"))?;
        let txn = ctx.db.write.begin().await?;
        store::attendees::set_status(&txn, id, AttendeeStatus::Withdrawn, now).await?;
        auto_repair::schedule(&txn, conference.id, None, now).await?;
        store::outbox::enqueue(
            &txn,
            NewEmail {
                dedupe_key: format!("withdrawal_confirmation:{id}:{}", now.timestamp_micros()),
                attendee_id: Some(id),
                recipient: existing.fields.email.to_string(),
                due_at: None,
                payload: EmailPayload::WithdrawalConfirmation(Withdrawal {
                    attendee_name: existing.fields.name.to_string(),
                    conference_name: conference.fields.name.clone(),
                    conference_slug: conference.slug.to_string(),
                }),
            },
            now,
        )
        .await?;
        txn.commit().await?;
    }
    me(ctx, id).await
}

/// Deletes every row that holds the attendee's data.
///
/// Someone seated in a published plan of an upcoming meetup leaves it first, the way a
/// withdrawal does: their tablemates hear that the table changed, and the change log says so.
/// Erasing at once would drop the seat with the row and leave the table's introduction naming
/// someone who will not come. Each step leaves a state that stands on its own: withdrawn, then
/// repaired, then erased, so a failure part-way is finished by trying again. The repair runs
/// here rather than as a queued job, which would find the seat already gone.
#[instrument(skip(ctx, now))]
pub async fn erase(ctx: &Context, id: Uuid, now: DateTime<Utc>) -> Result<(), Error> {
    let existing = me(ctx, id).await?;
    let conference_id = existing.conference_id;
    let seated = auto_repair::plans_seating(ctx, conference_id, id, now).await?;
    if !seated.is_empty() {
        if existing.status != AttendeeStatus::Withdrawn {
            let txn = ctx.db.write.begin().await?;
            store::attendees::set_status(&txn, id, AttendeeStatus::Withdrawn, now).await?;
            txn.commit().await?;
        }
        for plan_id in seated {
            let reason = Some(super::plans::repair::ERASED.to_owned());
            if let Err(problem) = auto_repair::repair_one(ctx, conference_id, plan_id, reason).await
            {
                // The erasure goes ahead: it is the person's right, and the plan stays usable.
                tracing::warn!(%plan_id, %problem, "repairing a plan before an erasure failed; the seat is dropped unannounced");
            }
        }
    }
    super::erasure::erase_attendee(
        ctx,
        &existing,
        crate::domain::erasure::ErasureKind::Attendee,
        crate::domain::erasure::ErasureActor::Attendee,
        now,
    )
    .await?;
    Ok(())
}

async fn apply(
    ctx: &Context,
    existing: &Attendee,
    changes: AttendeeChanges,
    now: DateTime<Utc>,
) -> Result<Attendee, Error> {
    let txn = ctx.db.write.begin().await?;
    write_changes(&txn, existing, changes, now).await?;
    txn.commit().await?;
    me(ctx, existing.id).await
}

/// Writes an edit inside the caller's transaction; on an error the caller drops the
/// transaction, which rolls everything back.
async fn write_changes(
    txn: &DatabaseTransaction,
    existing: &Attendee,
    changes: AttendeeChanges,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let fields = changes.fields.apply(&existing.fields);
    if !store::attendees::update_fields(txn, existing.id, &fields, now).await? {
        return Err(Error::NotFound("attendee"));
    }
    if let Some(handles) = &changes.handles {
        let unclaimed =
            store::attendees::replace_handles(txn, existing.id, existing.conference_id, handles)
                .await?;
        if let Some(taken) = unclaimed.first() {
            return Err(handle_taken(taken));
        }
    }
    if let Some(interests) = &changes.interests {
        store::attendees::replace_interests(txn, existing.conference_id, existing.id, interests)
            .await?;
    }
    if let Some(wanted) = &changes.wanted {
        store::attendees::replace_wanted(txn, existing.id, existing.conference_id, wanted).await?;
    }
    Ok(())
}

fn duplicate_email() -> Error {
    Error::refused(
        Some("email"),
        ParseError::coded(
            "conflict-email-taken",
            [],
            "another attendee of this conference has this email",
        ),
    )
}

fn handle_taken(handle: &Handle) -> Error {
    let network = handle.network().to_string();
    let text = handle.handle.as_str();
    Error::refused(
        Some("handles"),
        ParseError::coded(
            "conflict-handle-taken",
            [
                ("network", network.as_str().into()),
                ("handle", text.into()),
            ],
            format!("the {network} handle {text} belongs to another attendee of this conference"),
        ),
    )
}
