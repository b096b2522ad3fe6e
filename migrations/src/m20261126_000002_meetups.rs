//! Meetups with their tables and who takes part, seating plans (tables, seats, the changes a
//! repair made) and the jobs that compute plans in the background.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Conferences {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Attendees {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Meetups {
    Table,
    Id,
    ConferenceId,
    Name,
    Series,
    StartsAt,
    EndsAt,
    Location,
    OptInOnly,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum MeetupTables {
    Table,
    MeetupId,
    Number,
    Label,
    MinSize,
    MaxSize,
}

#[derive(DeriveIden)]
enum MeetupParticipation {
    Table,
    MeetupId,
    AttendeeId,
    Attending,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Plans {
    Table,
    Id,
    MeetupId,
    JobId,
    Status,
    Version,
    Seed,
    Params,
    InputsHash,
    Metrics,
    CreatedAt,
    UpdatedAt,
    PublishedAt,
}

#[derive(DeriveIden)]
enum PlanTables {
    Table,
    PlanId,
    Number,
    Label,
    MinSize,
    MaxSize,
    Locked,
    Explanation,
}

#[derive(DeriveIden)]
enum PlanSeats {
    Table,
    PlanId,
    AttendeeId,
    TableNumber,
    Locked,
}

#[derive(DeriveIden)]
enum PlanChanges {
    Table,
    Id,
    PlanId,
    Version,
    Reason,
    Moves,
    ChangedTables,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Jobs {
    Table,
    Id,
    ConferenceId,
    Kind,
    Status,
    Progress,
    Params,
    Result,
    Error,
    Attempts,
    LeaseUntil,
    CreatedAt,
    StartedAt,
    FinishedAt,
}

fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn index(name: &str, table: impl IntoIden, cols: Vec<DynIden>) -> IndexCreateStatement {
    let mut create = Index::create();
    create.name(name).table(table);
    for col in cols {
        create.col(col);
    }
    create.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Meetups::Table)
                    .col(pk_uuid(Meetups::Id))
                    .col(uuid(Meetups::ConferenceId))
                    .col(string_len(Meetups::Name, 200))
                    .col(string_len_null(Meetups::Series, 64))
                    .col(timestamp_with_time_zone(Meetups::StartsAt))
                    .col(timestamp_with_time_zone(Meetups::EndsAt))
                    .col(string_len(Meetups::Location, 200))
                    .col(boolean(Meetups::OptInOnly))
                    .col(timestamp_with_time_zone(Meetups::CreatedAt))
                    .col(timestamp_with_time_zone(Meetups::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_meetups_conference",
                        (Meetups::Table, Meetups::ConferenceId),
                        (Conferences::Table, Conferences::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_meetups_conference",
                Meetups::Table,
                vec![Meetups::ConferenceId.into_iden()],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MeetupTables::Table)
                    .col(uuid(MeetupTables::MeetupId))
                    .col(integer(MeetupTables::Number))
                    .col(string_len(MeetupTables::Label, 200))
                    .col(integer(MeetupTables::MinSize))
                    .col(integer(MeetupTables::MaxSize))
                    .primary_key(
                        Index::create()
                            .col(MeetupTables::MeetupId)
                            .col(MeetupTables::Number),
                    )
                    .foreign_key(&mut fk(
                        "fk_meetup_tables_meetup",
                        (MeetupTables::Table, MeetupTables::MeetupId),
                        (Meetups::Table, Meetups::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MeetupParticipation::Table)
                    .col(uuid(MeetupParticipation::MeetupId))
                    .col(uuid(MeetupParticipation::AttendeeId))
                    .col(boolean(MeetupParticipation::Attending))
                    .col(timestamp_with_time_zone(MeetupParticipation::UpdatedAt))
                    .primary_key(
                        Index::create()
                            .col(MeetupParticipation::MeetupId)
                            .col(MeetupParticipation::AttendeeId),
                    )
                    .foreign_key(&mut fk(
                        "fk_meetup_participation_meetup",
                        (MeetupParticipation::Table, MeetupParticipation::MeetupId),
                        (Meetups::Table, Meetups::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_meetup_participation_attendee",
                        (MeetupParticipation::Table, MeetupParticipation::AttendeeId),
                        (Attendees::Table, Attendees::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_meetup_participation_attendee",
                MeetupParticipation::Table,
                vec![MeetupParticipation::AttendeeId.into_iden()],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Jobs::Table)
                    .col(pk_uuid(Jobs::Id))
                    .col(uuid(Jobs::ConferenceId))
                    .col(string_len(Jobs::Kind, 32))
                    .col(string_len(Jobs::Status, 16))
                    .col(integer(Jobs::Progress))
                    .col(text(Jobs::Params))
                    .col(text_null(Jobs::Result))
                    .col(text_null(Jobs::Error))
                    .col(integer(Jobs::Attempts))
                    .col(timestamp_with_time_zone_null(Jobs::LeaseUntil))
                    .col(timestamp_with_time_zone(Jobs::CreatedAt))
                    .col(timestamp_with_time_zone_null(Jobs::StartedAt))
                    .col(timestamp_with_time_zone_null(Jobs::FinishedAt))
                    .foreign_key(&mut fk(
                        "fk_jobs_conference",
                        (Jobs::Table, Jobs::ConferenceId),
                        (Conferences::Table, Conferences::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_jobs_status_created",
                Jobs::Table,
                vec![Jobs::Status.into_iden(), Jobs::CreatedAt.into_iden()],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Plans::Table)
                    .col(pk_uuid(Plans::Id))
                    .col(uuid(Plans::MeetupId))
                    .col(uuid_null(Plans::JobId))
                    .col(string_len(Plans::Status, 16))
                    .col(integer(Plans::Version))
                    .col(big_integer(Plans::Seed))
                    .col(text(Plans::Params))
                    .col(string_len(Plans::InputsHash, 64))
                    .col(text(Plans::Metrics))
                    .col(timestamp_with_time_zone(Plans::CreatedAt))
                    .col(timestamp_with_time_zone(Plans::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Plans::PublishedAt))
                    .foreign_key(&mut fk(
                        "fk_plans_meetup",
                        (Plans::Table, Plans::MeetupId),
                        (Meetups::Table, Meetups::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_plans_meetup_status",
                Plans::Table,
                vec![Plans::MeetupId.into_iden(), Plans::Status.into_iden()],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PlanTables::Table)
                    .col(uuid(PlanTables::PlanId))
                    .col(integer(PlanTables::Number))
                    .col(string_len(PlanTables::Label, 200))
                    .col(integer(PlanTables::MinSize))
                    .col(integer(PlanTables::MaxSize))
                    .col(boolean(PlanTables::Locked))
                    .col(text(PlanTables::Explanation))
                    .primary_key(
                        Index::create()
                            .col(PlanTables::PlanId)
                            .col(PlanTables::Number),
                    )
                    .foreign_key(&mut fk(
                        "fk_plan_tables_plan",
                        (PlanTables::Table, PlanTables::PlanId),
                        (Plans::Table, Plans::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PlanSeats::Table)
                    .col(uuid(PlanSeats::PlanId))
                    .col(uuid(PlanSeats::AttendeeId))
                    .col(integer(PlanSeats::TableNumber))
                    .col(boolean(PlanSeats::Locked))
                    .primary_key(
                        Index::create()
                            .col(PlanSeats::PlanId)
                            .col(PlanSeats::AttendeeId),
                    )
                    .foreign_key(&mut fk(
                        "fk_plan_seats_plan",
                        (PlanSeats::Table, PlanSeats::PlanId),
                        (Plans::Table, Plans::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_plan_seats_attendee",
                        (PlanSeats::Table, PlanSeats::AttendeeId),
                        (Attendees::Table, Attendees::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_plan_seats_attendee",
                PlanSeats::Table,
                vec![PlanSeats::AttendeeId.into_iden()],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PlanChanges::Table)
                    .col(pk_uuid(PlanChanges::Id))
                    .col(uuid(PlanChanges::PlanId))
                    .col(integer(PlanChanges::Version))
                    .col(text(PlanChanges::Reason))
                    .col(text(PlanChanges::Moves))
                    .col(text(PlanChanges::ChangedTables))
                    .col(timestamp_with_time_zone(PlanChanges::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_plan_changes_plan",
                        (PlanChanges::Table, PlanChanges::PlanId),
                        (Plans::Table, Plans::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_plan_changes_plan",
                PlanChanges::Table,
                vec![PlanChanges::PlanId.into_iden()],
            ))
            .await?;
        Ok(())
    }
}
