//! Attendee import: an organizer's file of attendees from another registration system, each
//! row created or updated by email in one transaction, answered with a per-row report.
//!
//! Rules (the contract in openapi.yaml repeats them):
//! - all or nothing: with any rejected row and `skip_invalid` off nothing is stored; with it on,
//!   the valid rows are stored and the others reported;
//! - nobody is marked as having consented to what the source did not ask: a new attendee whose
//!   row carries the privacy consent (a column or answer of the source the organizer mapped) is
//!   `confirmed` with that consent recorded at the time of the import; one whose row does not is
//!   stored `pending` as invited (not seated, not shown to anyone) and consents by accepting from
//!   their personal link. Consent to non-essential email likewise only when the row carries it.
//!   Every new attendee gets an invitation email (through the outbox) to complete their profile;
//! - a cancelled row (a cancelled pretix order or position, a withdrawn Indico registration)
//!   withdraws the attendee with that email and is skipped when there is none, or when an active
//!   row of the file has the same email;
//! - an existing attendee (same normalised email) keeps their status, link, consents,
//!   visibility settings and handles; the columns the file has overwrite what is stored (an
//!   empty cell clears), the columns it lacks leave it alone;
//! - the privacy rule: a detail the attendee hid from organizers is neither compared nor
//!   written (so `unchanged` or `updated` never answers a guess at it), and a handle cell of an
//!   existing attendee must match the handle organizers see there (none when hidden), else the
//!   row is rejected naming the column: handles are the attendee's to change;
//! - an email twice in the file, a handle twice in the file, or a handle another attendee of the
//!   conference holds rejects the row, so the organizer sees the clash instead of a silently
//!   dropped handle.

use crate::domain::webhooks::Event;
use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseTransaction, TransactionTrait};
use tracing::instrument;
use uuid::Uuid;

use crate::domain::privacy::Observer;
use crate::domain::records::{
    Attendee, AttendeeFields, Conference, EmailPayload, Handle, ImportInvitation, NewAttendee,
    NewEmail, Wanted,
};
use crate::domain::{AttendeeStatus, Network, ParseError, SocialHandle, Visibility};
use crate::error::Error;
use crate::store::{self, batch};
use crate::workflows::Context;

use super::conferences::get_owned;
use super::registration::AttendeeInput;

/// Which optional columns the file has; a missing column leaves stored values alone.
#[derive(Debug, Clone, Default)]
pub struct Present {
    pub affiliation: bool,
    pub role: bool,
    pub bio: bool,
    /// Networks (`Network::as_str`) with a column.
    pub networks: Vec<Network>,
    pub interests: bool,
    pub wanted: bool,
}

/// One invalid value of a row; `field` is the canonical column name (`email`, `github`…).
/// `message` is English; `reason` the same with its catalogue code, when it has one, and
/// `item` the list entry it is about, which the English writes in front (`"sometimes": …`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub field: String,
    pub message: String,
    pub reason: Option<ParseError>,
    pub item: Option<String>,
}

impl RowError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
            reason: None,
            item: None,
        }
    }

    /// `reason` under `field`, about the list entry `item` when there is one.
    pub fn coded(field: impl Into<String>, reason: ParseError, item: Option<&str>) -> Self {
        let message = match item {
            Some(item) => format!("{item:?}: {reason}"),
            None => reason.to_string(),
        };
        Self {
            field: field.into(),
            message,
            reason: Some(reason),
            item: item.map(str::to_owned),
        }
    }
}

/// The consents a row carries: true only where the source asked and the person agreed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RowConsents {
    pub privacy: bool,
    pub emails: bool,
}

/// A data row, converted with the registration's own parsers.
#[derive(Debug, Clone)]
pub struct ImportRow {
    /// The row number a spreadsheet shows (the header is row 1); for JSON, the position's
    /// number in the file, from 1.
    pub row: u64,
    /// The email cell as written, for the report.
    pub email: String,
    pub input: Result<AttendeeInput, Vec<RowError>>,
    pub consents: RowConsents,
    /// The source says this registration was cancelled.
    pub cancelled: bool,
    /// The source says this registration is not settled yet (an unpaid order, one awaiting
    /// approval): left out until it is, and reported as such.
    pub unpaid: bool,
}

#[derive(Debug, Clone, Default)]
pub struct ImportFile {
    pub present: Present,
    pub rows: Vec<ImportRow>,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    pub skip_invalid: bool,
    pub dry_run: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowOutcome {
    Created,
    Updated,
    Unchanged,
    Rejected,
    /// A cancelled row withdrew the attendee with its email.
    Withdrawn,
    /// A cancelled row with nobody to withdraw.
    Skipped,
    /// A registration the source has not settled yet: nothing stored for it.
    Unpaid,
}

impl RowOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            RowOutcome::Created => "created",
            RowOutcome::Updated => "updated",
            RowOutcome::Unchanged => "unchanged",
            RowOutcome::Rejected => "rejected",
            RowOutcome::Withdrawn => "withdrawn",
            RowOutcome::Skipped => "skipped",
            RowOutcome::Unpaid => "unpaid",
        }
    }
}

#[derive(Debug, Clone)]
pub struct RowReport {
    pub row: u64,
    pub email: String,
    pub outcome: RowOutcome,
    /// A created row without the privacy consent: stored as invited.
    pub invited: bool,
    /// Stored attendees only: absent for rejected rows and for rows not stored.
    pub attendee_id: Option<Uuid>,
    pub errors: Vec<RowError>,
}

/// What the import did, or (when `stored` is false) what it would have done.
#[derive(Debug, Clone)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rejected: usize,
    pub withdrawn: usize,
    pub skipped: usize,
    /// Rows of unsettled registrations, left out until they are settled.
    pub unpaid: usize,
    /// Created attendees stored as invited, waiting to accept (no privacy consent carried).
    pub invited: usize,
    pub stored: bool,
    pub rows: Vec<RowReport>,
}

/// A row's fate while the import is worked out.
#[expect(
    clippy::large_enum_variant,
    reason = "most rows are `Create`; boxing it would cost an allocation per row and save nothing"
)]
enum Plan {
    Rejected(Vec<RowError>),
    Create(AttendeeInput, RowConsents),
    Update(Box<Merged>),
    Unchanged(Uuid),
    /// A cancelled row, until the attendee with its email is looked up.
    Cancel(String),
    Withdraw(Uuid),
    Skipped,
    Unpaid,
}

/// An existing attendee with the file's values laid over the stored ones.
#[derive(Debug)]
struct Merged {
    id: Uuid,
    fields: AttendeeFields,
    /// `Some` where the part changed and must be rewritten.
    interests: Option<Vec<String>>,
    wanted: Option<Vec<Wanted>>,
}

/// Imports the rows into the organizer's conference (404 for anyone else's).
#[instrument(skip_all, fields(rows = file.rows.len(), dry_run = options.dry_run))]
pub async fn import(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    file: ImportFile,
    options: ImportOptions,
    now: DateTime<Utc>,
) -> Result<ImportReport, Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    import_into(ctx, &conference, file, options, now).await
}

/// Imports the rows into `conference`, which the caller has authorized (an organizer's, or
/// the one a pretix webhook's secret names).
pub async fn import_into(
    ctx: &Context,
    conference: &Conference,
    file: ImportFile,
    options: ImportOptions,
    now: DateTime<Utc>,
) -> Result<ImportReport, Error> {
    let ImportFile { present, rows } = file;
    let mut heads: Vec<(u64, String)> = Vec::with_capacity(rows.len());
    let mut plans: Vec<Plan> = Vec::with_capacity(rows.len());
    for row in rows {
        heads.push((row.row, row.email));
        plans.push(match (row.input, row.cancelled) {
            // Checked before the row's cells: nothing of an unsettled row is stored.
            (_, false) if row.unpaid => Plan::Unpaid,
            (Ok(input), false) => Plan::Create(input, row.consents),
            (Err(errors), false) => Plan::Rejected(errors),
            (Ok(input), true) => Plan::Cancel(input.fields.email.normalized().to_owned()),
            (Err(_), true) => Plan::Skipped,
        });
    }
    skip_cancellations_of_active_rows(&mut plans);
    reject_repeats_within_file(&mut plans, &heads);

    let txn = ctx.db.write.begin().await?;
    let existing = existing_attendees(&txn, conference.id, &plans).await?;
    reject_handles_held_by_others(&txn, conference.id, &mut plans, &existing).await?;
    for plan in &mut plans {
        if let Plan::Create(input, _) = plan
            && let Some(current) = existing.get(input.fields.email.normalized())
        {
            *plan = match merge(current, input, &present) {
                Err(errors) => Plan::Rejected(errors),
                Ok(Some(merged)) => Plan::Update(Box::new(merged)),
                Ok(None) => Plan::Unchanged(current.id),
            };
        }
        if let Plan::Cancel(email) = plan {
            *plan = match existing.get(email.as_str()) {
                Some(a) if a.status == AttendeeStatus::Withdrawn => Plan::Unchanged(a.id),
                Some(a) => Plan::Withdraw(a.id),
                None => Plan::Skipped,
            };
        }
    }

    let rejected = plans
        .iter()
        .filter(|p| matches!(p, Plan::Rejected(_)))
        .count();
    let store_now = !options.dry_run && (rejected == 0 || options.skip_invalid);
    let created_ids = if store_now {
        let ids = write(&txn, conference, &plans, now).await?;
        let withdrawn: Vec<Uuid> = plans
            .iter()
            .filter_map(|p| match p {
                Plan::Withdraw(id) => Some(*id),
                _ => None,
            })
            .collect();
        for id in &withdrawn {
            store::attendees::set_status(&txn, *id, AttendeeStatus::Withdrawn, now).await?;
        }
        if !ids.is_empty() || !withdrawn.is_empty() {
            super::plans::auto_repair::schedule(&txn, conference.id, None, now).await?;
        }
        // Only those whose row carried their consent are confirmed; the invited are
        // announced when they accept.
        let confirmed: Vec<Event> = plans
            .iter()
            .filter_map(|p| match p {
                Plan::Create(_, consents) => Some(consents.privacy),
                _ => None,
            })
            .zip(&ids)
            .filter(|(privacy, _)| *privacy)
            .map(|(_, &attendee_id)| Event::AttendeeConfirmed { attendee_id })
            .collect();
        super::webhooks::emit(&txn, conference, &confirmed, now).await?;
        txn.commit().await?;
        ids
    } else {
        txn.rollback().await?;
        Vec::new()
    };
    Ok(report(heads, plans, created_ids, store_now))
}

/// A cancelled row whose email an active row of the file also has is skipped: the person
/// cancelled one ticket and holds another.
fn skip_cancellations_of_active_rows(plans: &mut [Plan]) {
    let active: BTreeSet<String> = plans
        .iter()
        .filter_map(|p| match p {
            Plan::Create(input, _) => Some(input.fields.email.normalized().to_owned()),
            _ => None,
        })
        .collect();
    let mut seen = BTreeSet::new();
    for plan in plans.iter_mut() {
        if let Plan::Cancel(email) = plan
            && (active.contains(email.as_str()) || !seen.insert(email.clone()))
        {
            *plan = Plan::Skipped;
        }
    }
}

/// Later rows repeating an earlier row's email, or claiming a handle an earlier row claims, are
/// rejected: which of two rows the organizer meant is theirs to say.
fn reject_repeats_within_file(plans: &mut [Plan], heads: &[(u64, String)]) {
    let mut email_rows: HashMap<String, u64> = HashMap::new();
    for (plan, (row, _)) in plans.iter_mut().zip(heads) {
        if let Plan::Create(input, _) = plan {
            let key = input.fields.email.normalized().to_owned();
            if let Some(first) = email_rows.get(&key) {
                *plan = Plan::Rejected(vec![RowError::coded(
                    "email",
                    ParseError::coded(
                        "field-import-same-email",
                        [("row", first.to_string().into())],
                        format!("row {first} has the same email address"),
                    ),
                    None,
                )]);
            } else {
                email_rows.insert(key, *row);
            }
        }
    }
    let mut handle_rows: HashMap<SocialHandle, u64> = HashMap::new();
    for (plan, (row, _)) in plans.iter_mut().zip(heads) {
        let Plan::Create(input, _) = plan else {
            continue;
        };
        let errors: Vec<RowError> = input
            .handles
            .iter()
            .filter_map(|h| {
                handle_rows.get(&h.handle).map(|first| {
                    RowError::coded(
                        h.network().as_str(),
                        ParseError::coded(
                            "field-import-same-handle",
                            [
                                ("row", first.to_string().into()),
                                ("network", h.network().to_string().into()),
                            ],
                            format!("row {first} has the same {} handle", h.network()),
                        ),
                        None,
                    )
                })
            })
            .collect();
        if errors.is_empty() {
            for h in &input.handles {
                handle_rows.insert(h.handle.clone(), *row);
            }
        } else {
            *plan = Plan::Rejected(errors);
        }
    }
}

/// The stored attendees that valid rows name by email, keyed by normalised email.
async fn existing_attendees(
    txn: &DatabaseTransaction,
    conference_id: Uuid,
    plans: &[Plan],
) -> Result<HashMap<String, Attendee>, Error> {
    let keys: Vec<(Uuid, String)> = plans
        .iter()
        .filter_map(|p| match p {
            Plan::Create(input, _) => {
                Some((conference_id, input.fields.email.normalized().to_owned()))
            }
            Plan::Cancel(email) => Some((conference_id, email.clone())),
            _ => None,
        })
        .collect();
    if keys.is_empty() {
        return Ok(HashMap::new());
    }
    let ids: Vec<Uuid> = batch::attendee_ids_by_email(txn, &keys)
        .await?
        .into_values()
        .collect();
    Ok(store::attendees::find_many(txn, &ids)
        .await?
        .into_iter()
        .map(|a| (a.fields.email.normalized().to_owned(), a))
        .collect())
}

/// Rejects rows naming a handle that an attendee other than the row's own holds. Handles are
/// compared with what is stored before the import, so a handle one row gives up cannot be taken
/// by another row of the same file.
async fn reject_handles_held_by_others(
    txn: &DatabaseTransaction,
    conference_id: Uuid,
    plans: &mut [Plan],
    existing: &HashMap<String, Attendee>,
) -> Result<(), Error> {
    let wanted: Vec<SocialHandle> = plans
        .iter()
        .filter_map(|p| match p {
            Plan::Create(input, _) => Some(input.handles.iter()),
            _ => None,
        })
        .flatten()
        .map(|h| h.handle.clone())
        .collect();
    let owners = store::attendees::handle_owners(txn, conference_id, &wanted).await?;
    if owners.is_empty() {
        return Ok(());
    }
    for plan in plans.iter_mut() {
        let Plan::Create(input, _) = plan else {
            continue;
        };
        let own_id = existing.get(input.fields.email.normalized()).map(|a| a.id);
        let errors: Vec<RowError> = input
            .handles
            .iter()
            .filter(|h| {
                owners
                    .get(&h.handle)
                    .is_some_and(|owner| Some(*owner) != own_id)
            })
            .map(|h| {
                RowError::coded(
                    h.network().as_str(),
                    ParseError::coded(
                        "field-import-handle-taken",
                        [
                            ("network", h.network().to_string().into()),
                            ("handle", h.handle.as_str().into()),
                        ],
                        format!(
                            "another attendee of this conference already has the {} handle {}",
                            h.network(),
                            h.handle.as_str()
                        ),
                    ),
                    None,
                )
            })
            .collect();
        if !errors.is_empty() {
            *plan = Plan::Rejected(errors);
        }
    }
    Ok(())
}

/// The stored attendee with the row's columns laid over it; `None` when nothing changes, the
/// row's errors when it asks to change a handle. Everything here sees the attendee as an
/// organizer does: what they hid is neither compared nor written.
fn merge(
    current: &Attendee,
    input: &AttendeeInput,
    present: &Present,
) -> Result<Option<Merged>, Vec<RowError>> {
    let new = &input.fields;
    let old = &current.fields;
    let seen = |visibility: Visibility| Observer::Organizer.sees(visibility);
    let pick = |has: bool, new: &Option<String>, old: &Option<String>| {
        if has { new.clone() } else { old.clone() }
    };
    let fields = AttendeeFields {
        name: new.name.clone(),
        email: new.email.clone(),
        affiliation: pick(
            present.affiliation && seen(old.affiliation_visibility),
            &new.affiliation,
            &old.affiliation,
        ),
        role: pick(present.role, &new.role, &old.role),
        bio: pick(present.bio && seen(old.bio_visibility), &new.bio, &old.bio),
        affiliation_visibility: old.affiliation_visibility,
        bio_visibility: old.bio_visibility,
        language: old.language,
    };

    let handle_errors: Vec<RowError> = present
        .networks
        .iter()
        .filter(|network| {
            let stored = current
                .handles
                .iter()
                .find(|h| h.network() == **network && seen(h.visibility))
                .map(|h| &h.handle);
            let cell = input
                .handles
                .iter()
                .find(|h| h.network() == **network)
                .map(|h| &h.handle);
            stored != cell
        })
        .map(|network| {
            RowError::coded(
                network.as_str(),
                ParseError::coded(
                    "field-import-handles-theirs",
                    [],
                    "an existing attendee's handles are theirs to change, from their personal \
                     link; leave the cell as it is or empty",
                ),
                None,
            )
        })
        .collect();
    if !handle_errors.is_empty() {
        return Err(handle_errors);
    }

    let interests = (present.interests
        && input.interests.iter().collect::<BTreeSet<_>>()
            != current.interests.iter().collect::<BTreeSet<_>>())
    .then(|| input.interests.clone());

    let old_wanted: BTreeSet<Wanted> = current
        .wanted
        .iter()
        .map(|w| Wanted {
            handle: w.handle.clone(),
        })
        .collect();
    let wanted = (present.wanted
        && input.wanted.iter().cloned().collect::<BTreeSet<_>>() != old_wanted)
        .then(|| input.wanted.clone());

    let same = fields == *old && interests.is_none() && wanted.is_none();
    Ok((!same).then_some(Merged {
        id: current.id,
        fields,
        interests,
        wanted,
    }))
}

/// Stores the created and updated rows and queues the newcomers' invitations; returns the new
/// ids in the order of the `Create` plans.
async fn write(
    txn: &DatabaseTransaction,
    conference: &Conference,
    plans: &[Plan],
    now: DateTime<Utc>,
) -> Result<Vec<Uuid>, Error> {
    let conference_id = conference.id;
    let updates: Vec<&Merged> = plans
        .iter()
        .filter_map(|p| match p {
            Plan::Update(m) => Some(m.as_ref()),
            _ => None,
        })
        .collect();
    write_updates(txn, conference_id, &updates, now).await?;

    let (creates, consents): (Vec<&AttendeeInput>, Vec<RowConsents>) = plans
        .iter()
        .filter_map(|p| match p {
            Plan::Create(input, consents) => Some((input, *consents)),
            _ => None,
        })
        .unzip();
    let ids: Vec<Uuid> = creates.iter().map(|_| Uuid::now_v7()).collect();
    let rows: Vec<NewAttendee<'_>> = creates
        .iter()
        .zip(&ids)
        .zip(&consents)
        .map(|((input, id), consents)| NewAttendee {
            id: *id,
            conference_id,
            fields: &input.fields,
            status: if consents.privacy {
                AttendeeStatus::Confirmed
            } else {
                AttendeeStatus::PendingConfirmation
            },
            privacy_consent_at: consents.privacy.then_some(now),
            email_consent_at: consents.emails.then_some(now),
            confirmed_at: consents.privacy.then_some(now),
        })
        .collect();
    let inserted = batch::insert_attendees(txn, &rows, now).await?;
    if inserted.len() != ids.len() {
        return Err(changed_meanwhile("an email address of the file registered"));
    }
    let handles: Vec<(Uuid, Uuid, &[Handle])> = creates
        .iter()
        .zip(&ids)
        .map(|(input, id)| (*id, conference_id, input.handles.as_slice()))
        .collect();
    if !batch::insert_handles(txn, &handles).await?.is_empty() {
        return Err(changed_meanwhile("a handle of the file was taken"));
    }
    let interests: Vec<(Uuid, Uuid, &[String])> = creates
        .iter()
        .zip(&ids)
        .map(|(input, id)| (conference_id, *id, input.interests.as_slice()))
        .collect();
    batch::link_interests(txn, &interests).await?;
    let wanted: Vec<(Uuid, Uuid, &[Wanted])> = creates
        .iter()
        .zip(&ids)
        .map(|(input, id)| (*id, conference_id, input.wanted.as_slice()))
        .collect();
    batch::insert_wanted(txn, &wanted).await?;
    let invitations = creates
        .iter()
        .zip(&ids)
        .zip(&consents)
        .map(|((input, id), consents)| invitation(conference, *id, input, consents.privacy))
        .collect();
    batch::enqueue_emails(txn, invitations, now).await?;
    Ok(ids)
}

fn invitation(
    conference: &Conference,
    id: Uuid,
    input: &AttendeeInput,
    consented: bool,
) -> NewEmail {
    NewEmail {
        dedupe_key: format!("import_invitation:{id}"),
        attendee_id: Some(id),
        recipient: input.fields.email.to_string(),
        due_at: None,
        payload: EmailPayload::ImportInvitation(ImportInvitation {
            attendee_name: input.fields.name.to_string(),
            conference_name: conference.fields.name.clone(),
            conference_slug: conference.slug.to_string(),
            needs_acceptance: !consented,
        }),
    }
}

async fn write_updates(
    txn: &impl ConnectionTrait,
    conference_id: Uuid,
    updates: &[&Merged],
    now: DateTime<Utc>,
) -> Result<(), Error> {
    if updates.is_empty() {
        return Ok(());
    }
    let fields: Vec<(Uuid, &AttendeeFields)> = updates.iter().map(|m| (m.id, &m.fields)).collect();
    store::attendees::update_fields_many(txn, &fields, now).await?;

    let interests: Vec<(Uuid, Uuid, &[String])> = updates
        .iter()
        .filter_map(|m| Some((conference_id, m.id, m.interests.as_deref()?)))
        .collect();
    let ids: Vec<Uuid> = interests.iter().map(|(_, id, _)| *id).collect();
    store::attendees::delete_interests_of(txn, &ids).await?;
    batch::link_interests(txn, &interests).await?;

    let wanted: Vec<(Uuid, Uuid, &[Wanted])> = updates
        .iter()
        .filter_map(|m| Some((m.id, conference_id, m.wanted.as_deref()?)))
        .collect();
    let ids: Vec<Uuid> = wanted.iter().map(|(id, _, _)| *id).collect();
    store::attendees::delete_wanted_of(txn, &ids).await?;
    batch::insert_wanted(txn, &wanted).await?;
    Ok(())
}

/// A registration or edit landed between the import's checks and its writes; the transaction
/// is rolled back and importing again sees it.
fn changed_meanwhile(what: &str) -> Error {
    Error::conflict(
        None,
        format!("{what} while the file was being imported; nothing was imported, try again"),
    )
}

fn report(
    heads: Vec<(u64, String)>,
    plans: Vec<Plan>,
    created_ids: Vec<Uuid>,
    stored: bool,
) -> ImportReport {
    let mut out = ImportReport {
        created: 0,
        updated: 0,
        unchanged: 0,
        rejected: 0,
        withdrawn: 0,
        skipped: 0,
        unpaid: 0,
        invited: 0,
        stored,
        rows: Vec::with_capacity(plans.len()),
    };
    let mut new_ids = created_ids.into_iter();
    for ((row, email), plan) in heads.into_iter().zip(plans) {
        let invited = matches!(&plan, Plan::Create(_, c) if !c.privacy);
        let (outcome, attendee_id, errors) = match plan {
            Plan::Rejected(errors) => (RowOutcome::Rejected, None, errors),
            Plan::Create(..) => (RowOutcome::Created, new_ids.next(), Vec::new()),
            Plan::Update(m) => (RowOutcome::Updated, Some(m.id), Vec::new()),
            Plan::Unchanged(id) => (RowOutcome::Unchanged, Some(id), Vec::new()),
            Plan::Withdraw(id) => (RowOutcome::Withdrawn, Some(id), Vec::new()),
            Plan::Cancel(_) | Plan::Skipped => (RowOutcome::Skipped, None, Vec::new()),
            Plan::Unpaid => (RowOutcome::Unpaid, None, Vec::new()),
        };
        match outcome {
            RowOutcome::Created => out.created += 1,
            RowOutcome::Updated => out.updated += 1,
            RowOutcome::Unchanged => out.unchanged += 1,
            RowOutcome::Rejected => out.rejected += 1,
            RowOutcome::Withdrawn => out.withdrawn += 1,
            RowOutcome::Skipped => out.skipped += 1,
            RowOutcome::Unpaid => out.unpaid += 1,
        }
        out.invited += usize::from(invited);
        out.rows.push(RowReport {
            row,
            email,
            outcome,
            invited,
            attendee_id: attendee_id.filter(|_| stored),
            errors,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{EmailAddress, PersonName};

    fn input(email: &str, handles: &[(&str, &str)]) -> AttendeeInput {
        AttendeeInput {
            fields: AttendeeFields {
                name: PersonName::parse("Ada").expect("a name"),
                email: EmailAddress::parse(email).expect("an email"),
                affiliation: None,
                role: None,
                bio: None,
                affiliation_visibility: Visibility::Tablemates,
                bio_visibility: Visibility::Tablemates,
                language: None,
            },
            handles: handles
                .iter()
                .map(|(n, h)| Handle {
                    handle: SocialHandle::parse(n.parse().expect("a network"), h)
                        .expect("a handle"),
                    visibility: Visibility::Tablemates,
                    verified: None,
                })
                .collect(),
            interests: vec!["rust".into()],
            wanted: Vec::new(),
            email_consent: false,
        }
    }

    fn stored(from: &AttendeeInput) -> Attendee {
        let t = DateTime::<Utc>::UNIX_EPOCH;
        Attendee {
            id: Uuid::nil(),
            conference_id: Uuid::nil(),
            fields: from.fields.clone(),
            status: AttendeeStatus::Withdrawn,
            privacy_consent_at: Some(t),
            email_consent_at: None,
            confirmed_at: None,
            withdrawn_at: Some(t),
            created_at: t,
            updated_at: t,
            handles: from.handles.clone(),
            interests: from.interests.clone(),
            wanted: Vec::new(),
            pending_email: None,
        }
    }

    #[test]
    fn a_repeated_email_or_handle_rejects_the_later_row_only() {
        let mut plans = vec![
            Plan::Create(
                input("a@x.org", &[("github", "ada")]),
                RowConsents::default(),
            ),
            Plan::Create(input("A@X.org", &[]), RowConsents::default()),
            Plan::Create(
                input("b@x.org", &[("github", "ada")]),
                RowConsents::default(),
            ),
            Plan::Create(input("c@x.org", &[("x", "ada")]), RowConsents::default()),
        ];
        let heads: Vec<(u64, String)> = (2..6).map(|r| (r, String::new())).collect();
        reject_repeats_within_file(&mut plans, &heads);
        let outcome: Vec<String> = plans
            .iter()
            .map(|p| match p {
                Plan::Rejected(e) => format!("{}: {}", e[0].field, e[0].message),
                _ => "ok".into(),
            })
            .collect();
        assert_eq!(
            outcome,
            [
                "ok",
                "email: row 2 has the same email address",
                "github: row 2 has the same github handle",
                "ok"
            ]
        );
    }

    #[test]
    fn columns_the_file_lacks_keep_stored_values_and_equal_rows_are_unchanged() {
        let mut old = input("a@x.org", &[("github", "ada")]);
        old.fields.bio = Some("Poet".into());
        let current = stored(&old);
        let present = Present {
            networks: vec![Network::Github],
            interests: true,
            ..Present::default()
        };
        let same = input("a@x.org", &[("github", "ada")]);
        assert!(
            merge(&current, &same, &present)
                .expect("no errors")
                .is_none()
        );

        let mut more = input("a@x.org", &[("github", "ada")]);
        more.interests.push("looms".into());
        let merged = merge(&current, &more, &present)
            .expect("no errors")
            .expect("a change");
        assert_eq!(merged.fields.bio.as_deref(), Some("Poet"), "no bio column");
        assert!(merged.interests.is_some());

        let with_bio = Present {
            bio: true,
            ..present
        };
        let merged = merge(&current, &same, &with_bio)
            .expect("no errors")
            .expect("an empty bio cell clears");
        assert_eq!(merged.fields.bio, None);
    }

    #[test]
    fn a_handle_cell_must_match_what_organizers_see_whatever_is_hidden() {
        let present = Present {
            networks: vec![Network::Github],
            affiliation: true,
            ..Present::default()
        };
        let changed = input("a@x.org", &[("github", "lovelace")]);
        let errors = merge(
            &stored(&input("a@x.org", &[("github", "ada")])),
            &changed,
            &present,
        )
        .expect_err("a visible handle cannot be changed");
        assert_eq!(errors[0].field, "github");

        let mut hidden = input("a@x.org", &[("github", "ada")]);
        hidden.handles[0].visibility = Visibility::Nobody;
        hidden.fields.affiliation = Some("Secret Lab".into());
        hidden.fields.affiliation_visibility = Visibility::Nobody;
        let current = stored(&hidden);
        let answers: Vec<String> = ["ada", "lovelace"]
            .into_iter()
            .map(|guess| {
                let mut row = input("a@x.org", &[("github", guess)]);
                row.fields.affiliation = Some("Secret Lab".into());
                format!("{:?}", merge(&current, &row, &present).map(|m| m.is_some()))
            })
            .collect();
        assert_eq!(
            answers[0], answers[1],
            "a right guess answers as a wrong one"
        );
        let mut row = input("a@x.org", &[]);
        row.fields.affiliation = Some("Guess".into());
        let merged = merge(&current, &row, &present).expect("no handle asked for");
        assert!(
            merged.is_none(),
            "a hidden affiliation is neither compared nor written"
        );
    }
}
