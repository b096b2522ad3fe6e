//! Row of `meetups`: a meal or session where people sit at tables.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meetups")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub conference_id: Uuid,
    pub name: String,
    /// Meetups of one series share the rule that nobody meets the same person twice.
    pub series: Option<String>,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub location: String,
    /// When true only attendees who opted in take part; otherwise everyone but those who opted out.
    pub opt_in_only: bool,
    /// Set when the organizer cancelled the meetup; it is kept, but nobody sits there.
    pub cancelled_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
