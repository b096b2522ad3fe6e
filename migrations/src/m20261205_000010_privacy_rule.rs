//! The privacy rule: a handle its owner keeps from tablemates no longer takes part in the
//! conference's handle uniqueness (so registering a clashing handle cannot reveal it), and an
//! organizer's change of an attendee's email waits, stored aside, until the new address confirms.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AttendeeHandles {
    Table,
    ConferenceId,
    Network,
    Handle,
    Visibility,
    Claim,
}

#[derive(DeriveIden)]
enum Attendees {
    Table,
    PendingEmail,
    PendingEmailNormalized,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(AttendeeHandles::Table)
                    .add_column(string_len_null(AttendeeHandles::Claim, 255))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::update()
                    .table(AttendeeHandles::Table)
                    .value(AttendeeHandles::Claim, Expr::col(AttendeeHandles::Handle))
                    .and_where(Expr::col(AttendeeHandles::Visibility).eq("tablemates"))
                    .to_owned(),
            )
            .await?;
        // The new indexes come first: MariaDB refuses to drop an index a foreign key still needs.
        manager
            .create_index(
                Index::create()
                    .name("ux_attendee_handles_conference_network_claim")
                    .table(AttendeeHandles::Table)
                    .col(AttendeeHandles::ConferenceId)
                    .col(AttendeeHandles::Network)
                    .col(AttendeeHandles::Claim)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_attendee_handles_conference_network_handle")
                    .table(AttendeeHandles::Table)
                    .col(AttendeeHandles::ConferenceId)
                    .col(AttendeeHandles::Network)
                    .col(AttendeeHandles::Handle)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("ux_attendee_handles_conference_network_handle")
                    .table(AttendeeHandles::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Attendees::Table)
                    .add_column(string_len_null(Attendees::PendingEmail, 254))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Attendees::Table)
                    .add_column(string_len_null(Attendees::PendingEmailNormalized, 254))
                    .to_owned(),
            )
            .await
    }
}
