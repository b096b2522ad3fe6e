//! Organizers, conferences, attendees with handles, interests and wanted connections, access
//! tokens, and the email outbox that registration writes into.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organizers {
    Table,
    Id,
    Email,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum OrganizerTokens {
    Table,
    Id,
    OrganizerId,
    TokenHash,
    Label,
    CreatedAt,
    LastUsedAt,
}

#[derive(DeriveIden)]
enum Conferences {
    Table,
    Id,
    OrganizerId,
    Slug,
    Name,
    Description,
    Venue,
    TimeZone,
    StartsOn,
    EndsOn,
    RegistrationOpen,
    SuggestedInterests,
    TableMin,
    TableMax,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Attendees {
    Table,
    Id,
    ConferenceId,
    Name,
    Email,
    EmailNormalized,
    Affiliation,
    Role,
    Bio,
    Status,
    AffiliationVisibility,
    BioVisibility,
    PrivacyConsentAt,
    EmailConsentAt,
    ConfirmedAt,
    WithdrawnAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AttendeeHandles {
    Table,
    Id,
    AttendeeId,
    ConferenceId,
    Network,
    Handle,
    Visibility,
}

#[derive(DeriveIden)]
enum Interests {
    Table,
    Id,
    ConferenceId,
    Name,
}

#[derive(DeriveIden)]
enum AttendeeInterests {
    Table,
    AttendeeId,
    InterestId,
}

#[derive(DeriveIden)]
enum WantedConnections {
    Table,
    Id,
    AttendeeId,
    ConferenceId,
    Network,
    Handle,
}

#[derive(DeriveIden)]
enum AttendeeTokens {
    Table,
    Id,
    AttendeeId,
    TokenHash,
    Purpose,
    ExpiresAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum OutboxEmails {
    Table,
    Id,
    Kind,
    DedupeKey,
    AttendeeId,
    Recipient,
    Payload,
    Status,
    Attempts,
    DueAt,
    LeaseUntil,
    LastError,
    CreatedAt,
    SentAt,
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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Organizers::Table)
                    .col(pk_uuid(Organizers::Id))
                    .col(string_len_uniq(Organizers::Email, 254))
                    .col(string_len(Organizers::Name, 100))
                    .col(timestamp_with_time_zone(Organizers::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OrganizerTokens::Table)
                    .col(pk_uuid(OrganizerTokens::Id))
                    .col(uuid(OrganizerTokens::OrganizerId))
                    .col(string_len_uniq(OrganizerTokens::TokenHash, 64))
                    .col(string_len(OrganizerTokens::Label, 100))
                    .col(timestamp_with_time_zone(OrganizerTokens::CreatedAt))
                    .col(timestamp_with_time_zone_null(OrganizerTokens::LastUsedAt))
                    .foreign_key(&mut fk(
                        "fk_organizer_tokens_organizer",
                        (OrganizerTokens::Table, OrganizerTokens::OrganizerId),
                        (Organizers::Table, Organizers::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Conferences::Table)
                    .col(pk_uuid(Conferences::Id))
                    .col(uuid(Conferences::OrganizerId))
                    .col(string_len_uniq(Conferences::Slug, 64))
                    .col(string_len(Conferences::Name, 200))
                    .col(text(Conferences::Description))
                    .col(string_len(Conferences::Venue, 200))
                    .col(string_len(Conferences::TimeZone, 64))
                    .col(date(Conferences::StartsOn))
                    .col(date(Conferences::EndsOn))
                    .col(boolean(Conferences::RegistrationOpen))
                    .col(text(Conferences::SuggestedInterests))
                    .col(integer(Conferences::TableMin))
                    .col(integer(Conferences::TableMax))
                    .col(timestamp_with_time_zone(Conferences::CreatedAt))
                    .col(timestamp_with_time_zone(Conferences::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_conferences_organizer",
                        (Conferences::Table, Conferences::OrganizerId),
                        (Organizers::Table, Organizers::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_conferences_organizer")
                    .table(Conferences::Table)
                    .col(Conferences::OrganizerId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Attendees::Table)
                    .col(pk_uuid(Attendees::Id))
                    .col(uuid(Attendees::ConferenceId))
                    .col(string_len(Attendees::Name, 100))
                    .col(string_len(Attendees::Email, 254))
                    .col(string_len(Attendees::EmailNormalized, 254))
                    .col(string_len_null(Attendees::Affiliation, 100))
                    .col(string_len_null(Attendees::Role, 100))
                    .col(text_null(Attendees::Bio))
                    .col(string_len(Attendees::Status, 16))
                    .col(string_len(Attendees::AffiliationVisibility, 16))
                    .col(string_len(Attendees::BioVisibility, 16))
                    .col(timestamp_with_time_zone(Attendees::PrivacyConsentAt))
                    .col(timestamp_with_time_zone_null(Attendees::EmailConsentAt))
                    .col(timestamp_with_time_zone_null(Attendees::ConfirmedAt))
                    .col(timestamp_with_time_zone_null(Attendees::WithdrawnAt))
                    .col(timestamp_with_time_zone(Attendees::CreatedAt))
                    .col(timestamp_with_time_zone(Attendees::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_attendees_conference",
                        (Attendees::Table, Attendees::ConferenceId),
                        (Conferences::Table, Conferences::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_attendees_conference_email")
                    .table(Attendees::Table)
                    .col(Attendees::ConferenceId)
                    .col(Attendees::EmailNormalized)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AttendeeHandles::Table)
                    .col(pk_uuid(AttendeeHandles::Id))
                    .col(uuid(AttendeeHandles::AttendeeId))
                    .col(uuid(AttendeeHandles::ConferenceId))
                    .col(string_len(AttendeeHandles::Network, 16))
                    .col(string_len(AttendeeHandles::Handle, 255))
                    .col(string_len(AttendeeHandles::Visibility, 16))
                    .foreign_key(&mut fk(
                        "fk_attendee_handles_attendee",
                        (AttendeeHandles::Table, AttendeeHandles::AttendeeId),
                        (Attendees::Table, Attendees::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_attendee_handles_conference_network_handle")
                    .table(AttendeeHandles::Table)
                    .col(AttendeeHandles::ConferenceId)
                    .col(AttendeeHandles::Network)
                    .col(AttendeeHandles::Handle)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_attendee_handles_attendee")
                    .table(AttendeeHandles::Table)
                    .col(AttendeeHandles::AttendeeId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Interests::Table)
                    .col(pk_uuid(Interests::Id))
                    .col(uuid(Interests::ConferenceId))
                    .col(string_len(Interests::Name, 64))
                    .foreign_key(&mut fk(
                        "fk_interests_conference",
                        (Interests::Table, Interests::ConferenceId),
                        (Conferences::Table, Conferences::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_interests_conference_name")
                    .table(Interests::Table)
                    .col(Interests::ConferenceId)
                    .col(Interests::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AttendeeInterests::Table)
                    .col(uuid(AttendeeInterests::AttendeeId))
                    .col(uuid(AttendeeInterests::InterestId))
                    .primary_key(
                        Index::create()
                            .col(AttendeeInterests::AttendeeId)
                            .col(AttendeeInterests::InterestId),
                    )
                    .foreign_key(&mut fk(
                        "fk_attendee_interests_attendee",
                        (AttendeeInterests::Table, AttendeeInterests::AttendeeId),
                        (Attendees::Table, Attendees::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_attendee_interests_interest",
                        (AttendeeInterests::Table, AttendeeInterests::InterestId),
                        (Interests::Table, Interests::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_attendee_interests_interest")
                    .table(AttendeeInterests::Table)
                    .col(AttendeeInterests::InterestId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(WantedConnections::Table)
                    .col(pk_uuid(WantedConnections::Id))
                    .col(uuid(WantedConnections::AttendeeId))
                    .col(uuid(WantedConnections::ConferenceId))
                    .col(string_len(WantedConnections::Network, 16))
                    .col(string_len(WantedConnections::Handle, 255))
                    .foreign_key(&mut fk(
                        "fk_wanted_connections_attendee",
                        (WantedConnections::Table, WantedConnections::AttendeeId),
                        (Attendees::Table, Attendees::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_wanted_connections_attendee_target")
                    .table(WantedConnections::Table)
                    .col(WantedConnections::AttendeeId)
                    .col(WantedConnections::Network)
                    .col(WantedConnections::Handle)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_wanted_connections_target")
                    .table(WantedConnections::Table)
                    .col(WantedConnections::ConferenceId)
                    .col(WantedConnections::Network)
                    .col(WantedConnections::Handle)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AttendeeTokens::Table)
                    .col(pk_uuid(AttendeeTokens::Id))
                    .col(uuid(AttendeeTokens::AttendeeId))
                    .col(string_len_uniq(AttendeeTokens::TokenHash, 64))
                    .col(string_len(AttendeeTokens::Purpose, 16))
                    .col(timestamp_with_time_zone(AttendeeTokens::ExpiresAt))
                    .col(timestamp_with_time_zone(AttendeeTokens::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_attendee_tokens_attendee",
                        (AttendeeTokens::Table, AttendeeTokens::AttendeeId),
                        (Attendees::Table, Attendees::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OutboxEmails::Table)
                    .col(pk_uuid(OutboxEmails::Id))
                    .col(string_len(OutboxEmails::Kind, 32))
                    .col(string_len_uniq(OutboxEmails::DedupeKey, 200))
                    .col(uuid_null(OutboxEmails::AttendeeId))
                    .col(string_len(OutboxEmails::Recipient, 254))
                    .col(text(OutboxEmails::Payload))
                    .col(string_len(OutboxEmails::Status, 16))
                    .col(integer(OutboxEmails::Attempts))
                    .col(timestamp_with_time_zone(OutboxEmails::DueAt))
                    .col(timestamp_with_time_zone_null(OutboxEmails::LeaseUntil))
                    .col(text_null(OutboxEmails::LastError))
                    .col(timestamp_with_time_zone(OutboxEmails::CreatedAt))
                    .col(timestamp_with_time_zone_null(OutboxEmails::SentAt))
                    .foreign_key(&mut fk(
                        "fk_outbox_emails_attendee",
                        (OutboxEmails::Table, OutboxEmails::AttendeeId),
                        (Attendees::Table, Attendees::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_emails_status_due")
                    .table(OutboxEmails::Table)
                    .col(OutboxEmails::Status)
                    .col(OutboxEmails::DueAt)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
