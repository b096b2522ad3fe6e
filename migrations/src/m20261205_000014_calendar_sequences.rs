//! The SEQUENCE of each attendee's calendar event for a meetup, kept as a counter: it grows by
//! one with every invitation sent for the event (RFC 5546 replaces an event only by a higher
//! number). Before this, the number was seconds since 2026-01-01 at sending, so two updates in
//! one second shared it.
//!
//! Calendars already hold events with such clock numbers, and an update with a lower number
//! would be ignored. So a counter starts at the column's default: on a database that has sent
//! invitations, above every number the clock can have given them (seconds since 2026-01-01
//! now, plus one) and above any higher number a stored invitation holds; 0 on a fresh
//! install. Sent emails keep no payload, so the clock is the bound that covers them.

use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CalendarSequences {
    Table,
    MeetupId,
    AttendeeId,
    Sequence,
}

#[derive(DeriveIden)]
enum Meetups {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Attendees {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum OutboxEmails {
    Table,
    Kind,
    Payload,
}

/// The kinds of email that carried an invitation.
const WITH_INVITATIONS: [&str; 4] = [
    "table_introduction",
    "table_changed",
    "meetup_changed",
    "meetup_cancelled",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let highest = highest_sent(manager).await?;
        let start = if highest.is_some() || invitations_queued(manager).await? {
            Ord::max(clock_bound(), highest.map_or(0, |n| n + 1))
        } else {
            0
        };
        manager
            .create_table(
                Table::create()
                    .table(CalendarSequences::Table)
                    .col(uuid(CalendarSequences::MeetupId))
                    .col(uuid(CalendarSequences::AttendeeId))
                    .col(big_integer(CalendarSequences::Sequence).default(start))
                    .primary_key(
                        Index::create()
                            .col(CalendarSequences::MeetupId)
                            .col(CalendarSequences::AttendeeId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_calendar_sequences_meetup")
                            .from(CalendarSequences::Table, CalendarSequences::MeetupId)
                            .to(Meetups::Table, Meetups::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_calendar_sequences_attendee")
                            .from(CalendarSequences::Table, CalendarSequences::AttendeeId)
                            .to(Attendees::Table, Attendees::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }
}

/// One more than the highest number the old scheme can have given: seconds since 2026-01-01.
fn clock_bound() -> i64 {
    let epoch = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
        .unwrap_or_default();
    Ord::max((chrono::Utc::now() - epoch).num_seconds(), 0) + 1
}

/// Whether any email that carries an invitation was ever queued (sent ones included).
async fn invitations_queued(manager: &SchemaManager<'_>) -> Result<bool, DbErr> {
    let select = Query::select()
        .column(OutboxEmails::Kind)
        .from(OutboxEmails::Table)
        .and_where(Expr::col(OutboxEmails::Kind).is_in(WITH_INVITATIONS))
        .limit(1)
        .to_owned();
    Ok(!manager
        .get_connection()
        .query_all(&select)
        .await?
        .is_empty())
}

/// The highest SEQUENCE in any stored invitation (an email's own and those of the other
/// meetups a series introduction lists).
async fn highest_sent(manager: &SchemaManager<'_>) -> Result<Option<i64>, DbErr> {
    let db = manager.get_connection();
    let select = Query::select()
        .column(OutboxEmails::Payload)
        .from(OutboxEmails::Table)
        .and_where(Expr::col(OutboxEmails::Payload).like("%\"sequence\"%"))
        .to_owned();
    let mut highest = None;
    for row in db.query_all(&select).await? {
        let stored: String = row.try_get("", "payload")?;
        let Ok(payload) = serde_json::from_str::<serde_json::Value>(&stored) else {
            continue;
        };
        let more = payload
            .get("more_tables")
            .and_then(serde_json::Value::as_array)
            .into_iter()
            .flatten();
        for calendar in std::iter::once(&payload)
            .chain(more)
            .filter_map(|p| p.get("calendar"))
        {
            if let Some(n) = calendar.get("sequence").and_then(serde_json::Value::as_i64) {
                highest = Some(highest.map_or(n, |h: i64| Ord::max(h, n)));
            }
        }
    }
    Ok(highest)
}
