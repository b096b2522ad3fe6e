//! The emails a plan causes, queued in the transaction that publishes or repairs it: one
//! introduction per seated attendee, "table changed" for the tables a repair touched, a
//! calendar cancellation for whoever a repair took out of the meetup (or for everyone, when the
//! organizer cancels it), and the reminder before the meetup for each of them who wants one.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use serde_json::Value;
use uuid::Uuid;

use crate::domain::records::{
    CalendarShown, Cancellation, ChangeWhy, Conference, EmailPayload, Meetup, MeetupShown, Member,
    NewEmail, Plan, PlanTable, SharedInterestShown, TableAt, TableLetter, TableShown,
    TablemateShown,
};
use crate::error::Error;
use crate::store;
use crate::store::batch;
use crate::store::outbox;
use crate::store::plans;
use crate::workflows::reminders::Reminders;
use crate::workflows::tablemate::visible;

/// Everything the emails of one plan need, loaded inside the caller's transaction.
pub(super) struct Mailing<'a> {
    pub conference: &'a Conference,
    pub meetup: &'a Meetup,
    pub reminders: Reminders,
    pub now: DateTime<Utc>,
}

/// Queues `queue`, each invitation in it numbered by its event's stored counter: one more
/// than the last invitation for the same attendee and meetup, whatever the clock says (two
/// updates in one second get n and n+1).
async fn enqueue(
    txn: &impl sea_orm::ConnectionTrait,
    mut queue: Vec<NewEmail>,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let mut events: Vec<(Uuid, Uuid)> = Vec::new();
    for email in &mut queue {
        let Some(attendee) = email.attendee_id else {
            continue;
        };
        events.extend(
            email
                .payload
                .calendars_mut()
                .into_iter()
                .map(|(meetup, _)| (meetup, attendee)),
        );
    }
    let numbers = store::calendar_sequences::next(txn, &events).await?;
    for email in &mut queue {
        let Some(attendee) = email.attendee_id else {
            continue;
        };
        for (meetup, calendar) in email.payload.calendars_mut() {
            if let Some(n) = numbers.get(&(meetup, attendee)) {
                calendar.sequence = *n;
            }
        }
    }
    batch::enqueue_emails(txn, queue, now).await?;
    Ok(())
}

/// The emails about the recipient's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TableKind {
    Introduction,
    Changed,
    Reminder,
    MeetupChanged,
}

impl TableKind {
    fn payload(self, letter: TableLetter) -> EmailPayload {
        match self {
            TableKind::Introduction => EmailPayload::TableIntroduction(letter),
            TableKind::Changed => EmailPayload::TableChanged(letter),
            TableKind::Reminder => EmailPayload::MeetupReminder(letter),
            TableKind::MeetupChanged => EmailPayload::MeetupChanged(letter),
        }
    }
}

/// What a table email says beyond the table itself.
#[derive(Debug, Clone, Default)]
pub(super) struct Extra {
    /// Why the table changed (table changes).
    pub reason: Option<String>,
    /// The service's own reason for a table change, said in each attendee's language.
    pub why: Option<ChangeWhy>,
    /// The meetup as it was (meetup changes).
    pub previous: Option<MeetupShown>,
}

/// One table email to several people: its kind, what makes it unique per recipient (a plan or
/// a change), what it says beyond the table, and when it goes out.
pub(super) struct TableEmail {
    pub kind: TableKind,
    pub scope: String,
    pub extra: Extra,
    /// `None` for at once.
    pub due_at: Option<DateTime<Utc>>,
    /// Whether it carries the calendar invitation (introductions and changes do).
    pub calendar: bool,
    /// People seated in the plan; those who unsubscribed are left out.
    pub recipients: Vec<Uuid>,
}

impl TableEmail {
    /// An email with a calendar invitation, going out at once.
    pub fn at_once(kind: TableKind, scope: String, extra: Extra, recipients: Vec<Uuid>) -> Self {
        Self {
            kind,
            scope,
            extra,
            due_at: None,
            calendar: true,
            recipients,
        }
    }
}

/// Each of `emails` to its recipients, about their table in `plan`, described from `roster`
/// (the conference's people, as the caller loaded them); the unsubscribed are looked up once
/// for all of them.
pub(super) async fn table_emails(
    txn: &sea_orm::DatabaseTransaction,
    mailing: &Mailing<'_>,
    plan: &Plan,
    roster: &[Member],
    emails: &[TableEmail],
) -> Result<(), Error> {
    let mut everyone: Vec<Uuid> = emails
        .iter()
        .flat_map(|e| e.recipients.iter().copied())
        .collect();
    everyone.sort_unstable();
    everyone.dedup();
    if everyone.is_empty() {
        return Ok(());
    }
    let by_id: HashMap<Uuid, &Member> = roster.iter().map(|m| (m.id, m)).collect();
    let seats = Seats::of(plan);
    let unsubscribed = store::email_preferences::unsubscribed_among(txn, &everyone).await?;
    let mut queue = Vec::new();
    for email in emails {
        for id in email
            .recipients
            .iter()
            .filter(|id| !unsubscribed.contains(id))
        {
            let Some(me) = by_id.get(id) else {
                continue;
            };
            let Some(mut letter) = seats.letter(mailing, me, &by_id) else {
                continue;
            };
            letter.reason.clone_from(&email.extra.reason);
            letter.why = email.extra.why;
            letter.previous.clone_from(&email.extra.previous);
            if !email.calendar {
                letter.calendar = None;
            }
            let payload = email.kind.payload(letter);
            queue.push(NewEmail {
                dedupe_key: format!("{}:{}:{}", payload.kind(), email.scope, me.id),
                attendee_id: Some(me.id),
                recipient: me.email.to_string(),
                payload,
                due_at: email.due_at,
            });
        }
    }
    enqueue(txn, queue, mailing.now).await
}

/// Who sits at which table of a plan, for writing each person their letter.
struct Seats<'p> {
    members: BTreeMap<i32, Vec<Uuid>>,
    table_of: HashMap<Uuid, i32>,
    defs: HashMap<i32, &'p PlanTable>,
}

impl<'p> Seats<'p> {
    fn of(plan: &'p Plan) -> Self {
        let mut members: BTreeMap<i32, Vec<Uuid>> = BTreeMap::new();
        for seat in &plan.seats {
            members
                .entry(seat.table_number)
                .or_default()
                .push(seat.attendee_id);
        }
        Self {
            members,
            table_of: plan
                .seats
                .iter()
                .map(|s| (s.attendee_id, s.table_number))
                .collect(),
            defs: plan.tables.iter().map(|t| (t.number, t)).collect(),
        }
    }

    /// `me`'s table, tablemates and what they share, without links; `None` when `me` is not
    /// seated in the plan.
    fn letter(
        &self,
        mailing: &Mailing<'_>,
        me: &Member,
        by_id: &HashMap<Uuid, &Member>,
    ) -> Option<TableLetter> {
        let number = self.table_of.get(&me.id)?;
        let def = self.defs.get(number)?;
        let members = self.members.get(number)?;
        Some(table_letter(mailing, me, def, members, by_id))
    }
}

fn table_letter(
    mailing: &Mailing<'_>,
    me: &Member,
    table: &PlanTable,
    members: &[Uuid],
    by_id: &HashMap<Uuid, &Member>,
) -> TableLetter {
    let tablemates = members
        .iter()
        .filter(|&&id| id != me.id)
        .filter_map(|id| by_id.get(id))
        .map(|mate| {
            let seen = visible(mate);
            let you_wanted = me.wants.contains(&mate.id);
            let wanted_you = mate.wants.contains(&me.id);
            TablemateShown {
                name: seen.name,
                affiliation: seen.affiliation,
                bio: seen.bio,
                handles: seen.handles,
                mutual_want: you_wanted && wanted_you,
                you_wanted,
                wanted_you,
            }
        })
        .collect();
    let shared_interests = table
        .explanation
        .get("shared_interests")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .map(|si| SharedInterestShown {
                    interest: si
                        .get("interest")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                    people: si
                        .get("attendee_ids")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(|v| v.as_str()?.parse::<Uuid>().ok())
                        .filter_map(|id| by_id.get(&id).map(|m| m.name.to_string()))
                        .collect(),
                })
                .collect()
        })
        .unwrap_or_default();
    TableLetter {
        attendee_id: me.id,
        attendee_name: me.name.to_string(),
        conference_name: mailing.conference.fields.name.clone(),
        conference_slug: mailing.conference.slug.to_string(),
        meetup: MeetupShown::of(mailing.conference, mailing.meetup),
        table: TableShown {
            label: table.label.clone(),
            number: table.number,
        },
        tablemates,
        shared_interests,
        calendar: Some(calendar(mailing, me.id, "REQUEST")),
        reason: None,
        why: None,
        previous: None,
        more_tables: Vec::new(),
    }
}

/// The invitation of `attendee_id` to the meetup; `enqueue` numbers it.
fn calendar(mailing: &Mailing<'_>, attendee_id: Uuid, method: &str) -> CalendarShown {
    CalendarShown {
        uid: CalendarShown::uid_for(mailing.meetup.id, attendee_id),
        sequence: 0,
        method: method.to_owned(),
    }
}

/// The reminder before the meetup for those of `seated` who should get one, queued by the
/// publication or repair `cause_id`; `None` when none is due (reminders are off, or the meetup
/// has started). It goes to whoever agreed to such email when registering (the form asks
/// about "reminders and news") and has not been reminded of this meetup yet: a reminder that
/// went out is not repeated after a repair or a new plan, whose own emails tell the new table.
pub(super) async fn reminder(
    txn: &sea_orm::DatabaseTransaction,
    mailing: &Mailing<'_>,
    cause_id: Uuid,
    seated: &[Uuid],
) -> Result<Option<TableEmail>, Error> {
    let meetup = mailing.meetup;
    let Some(due) = mailing
        .reminders
        .due_at(meetup.fields.starts_at, mailing.now)
    else {
        return Ok(None);
    };
    let consented = store::email_preferences::consented_among(txn, seated).await?;
    let reminded = outbox::reminded(txn, meetup.id, seated, mailing.now).await?;
    Ok(Some(TableEmail {
        kind: TableKind::Reminder,
        scope: outbox::reminder_scope(meetup.id, cause_id),
        extra: Extra::default(),
        due_at: Some(due),
        calendar: false,
        recipients: seated
            .iter()
            .filter(|id| consented.contains(id) && !reminded.contains(id))
            .copied()
            .collect(),
    }))
}

/// Cancels the reminders of the meetup's plan that a new publication replaces.
async fn superseded_reminders(
    txn: &sea_orm::DatabaseTransaction,
    mailing: &Mailing<'_>,
) -> Result<(), Error> {
    outbox::cancel_reminders(
        txn,
        mailing.meetup.id,
        None,
        "not sent: a new plan was published",
        mailing.now,
    )
    .await?;
    Ok(())
}

/// Introductions for everyone seated in the freshly published plan `plan_id`, and their
/// reminders, which replace those of the plan it supersedes.
pub(super) async fn introductions(
    txn: &sea_orm::DatabaseTransaction,
    mailing: &Mailing<'_>,
    plan_id: Uuid,
) -> Result<(), Error> {
    let plan = plans::find(txn, plan_id)
        .await?
        .ok_or(Error::NotFound("plan"))?;
    let everyone: Vec<Uuid> = plan.seats.iter().map(|s| s.attendee_id).collect();
    superseded_reminders(txn, mailing).await?;
    let mut emails = vec![TableEmail::at_once(
        TableKind::Introduction,
        plan.id.to_string(),
        Extra::default(),
        everyone.clone(),
    )];
    emails.extend(reminder(txn, mailing, plan.id, &everyone).await?);
    let roster = store::roster::load(txn, mailing.conference.id, None).await?;
    table_emails(txn, mailing, &plan, &roster, &emails).await
}

/// Introductions for plans published together (the rounds of a series): each person gets ONE
/// email listing all their tables in time order, each with its own invitation, instead of one
/// email per meetup in the same second. Reminders stay one per meetup, as for a single plan.
/// `published` holds each meetup's mailing with its freshly published plan's id.
pub(super) async fn introductions_together(
    txn: &sea_orm::DatabaseTransaction,
    published: &[(Mailing<'_>, Uuid)],
) -> Result<(), Error> {
    let Some((first, _)) = published.first() else {
        return Ok(());
    };
    let mut loaded = Vec::with_capacity(published.len());
    for (mailing, plan_id) in published {
        let plan = plans::find(txn, *plan_id)
            .await?
            .ok_or(Error::NotFound("plan"))?;
        loaded.push((mailing, plan));
    }
    loaded.sort_by_key(|(m, p)| (m.meetup.fields.starts_at, p.id));
    let roster = store::roster::load(txn, first.conference.id, None).await?;
    let mut everyone: Vec<Uuid> = Vec::new();
    for (mailing, plan) in &loaded {
        let seated: Vec<Uuid> = plan.seats.iter().map(|s| s.attendee_id).collect();
        superseded_reminders(txn, mailing).await?;
        let reminders: Vec<TableEmail> = reminder(txn, mailing, plan.id, &seated)
            .await?
            .into_iter()
            .collect();
        table_emails(txn, mailing, plan, &roster, &reminders).await?;
        everyone.extend(seated);
    }
    everyone.sort_unstable();
    everyone.dedup();
    // One key per person for the whole publication: its plans are published only once.
    let scope = loaded.iter().map(|(_, p)| p.id).min().unwrap_or_default();
    let by_id: HashMap<Uuid, &Member> = roster.iter().map(|m| (m.id, m)).collect();
    let seats: Vec<Seats<'_>> = loaded.iter().map(|(_, p)| Seats::of(p)).collect();
    let unsubscribed = store::email_preferences::unsubscribed_among(txn, &everyone).await?;
    let mut queue = Vec::new();
    for id in everyone.iter().filter(|id| !unsubscribed.contains(id)) {
        let Some(me) = by_id.get(id) else {
            continue;
        };
        let mut letters = loaded
            .iter()
            .zip(&seats)
            .filter_map(|((mailing, _), seats)| seats.letter(mailing, me, &by_id));
        let Some(mut letter) = letters.next() else {
            continue;
        };
        letter.more_tables = letters
            .map(|l| TableAt {
                meetup: l.meetup,
                table: l.table,
                tablemates: l.tablemates,
                shared_interests: l.shared_interests,
                calendar: l.calendar,
            })
            .collect();
        let payload = EmailPayload::TableIntroduction(letter);
        queue.push(NewEmail {
            dedupe_key: format!("{}:{scope}:{}", payload.kind(), me.id),
            attendee_id: Some(me.id),
            recipient: me.email.to_string(),
            payload,
            due_at: None,
        });
    }
    enqueue(txn, queue, first.now).await
}

/// "Meetup changed" to everyone seated in `plan` after the organizer moved, renamed or
/// relocated its meetup (`mailing.meetup` is the meetup as it is now, `previous` as it was),
/// with the updated invitation: its later SEQUENCE replaces the event in their calendars.
pub(super) async fn meetup_changed(
    txn: &sea_orm::DatabaseTransaction,
    mailing: &Mailing<'_>,
    plan: &Plan,
    previous: &Meetup,
) -> Result<(), Error> {
    let everyone: Vec<Uuid> = plan.seats.iter().map(|s| s.attendee_id).collect();
    let email = TableEmail::at_once(
        TableKind::MeetupChanged,
        format!("{}:{}", plan.id, mailing.now.timestamp_micros()),
        Extra {
            previous: Some(MeetupShown::of(mailing.conference, previous)),
            ..Extra::default()
        },
        everyone,
    );
    let roster = store::roster::load(txn, mailing.conference.id, None).await?;
    table_emails(txn, mailing, plan, &roster, &[email]).await
}

/// What a calendar cancellation tells its recipient.
#[derive(Debug, Clone, Copy)]
pub(super) enum Cancelled {
    /// A repair (change `change_id`) took them out of the meetup, which goes on.
    Seat { change_id: Uuid },
    /// The organizer cancelled the whole meetup.
    Meetup,
}

/// Calendar cancellations for people a repair took out of the meetup, or for everyone seated
/// at a meetup the organizer cancelled.
pub(super) async fn cancellations(
    txn: &impl sea_orm::ConnectionTrait,
    mailing: &Mailing<'_>,
    cancelled: Cancelled,
    removed: &[&Member],
) -> Result<(), Error> {
    let m = &mailing.meetup;
    let ids: Vec<Uuid> = removed.iter().map(|m| m.id).collect();
    let unsubscribed = store::email_preferences::unsubscribed_among(txn, &ids).await?;
    let scope = match cancelled {
        Cancelled::Seat { change_id } => change_id.to_string(),
        Cancelled::Meetup => format!("meetup:{}", m.id),
    };
    let queue = removed
        .iter()
        .filter(|me| !unsubscribed.contains(&me.id))
        .map(|me| NewEmail {
            dedupe_key: format!("meetup_cancelled:{scope}:{}", me.id),
            attendee_id: Some(me.id),
            recipient: me.email.to_string(),
            payload: EmailPayload::MeetupCancelled(Cancellation {
                attendee_id: me.id,
                attendee_name: me.name.to_string(),
                conference_name: mailing.conference.fields.name.clone(),
                conference_slug: mailing.conference.slug.to_string(),
                meetup: MeetupShown::of(mailing.conference, m),
                calendar: calendar(mailing, me.id, "CANCEL"),
                meetup_cancelled: matches!(cancelled, Cancelled::Meetup),
            }),
            due_at: None,
        })
        .collect();
    enqueue(txn, queue, mailing.now).await
}
