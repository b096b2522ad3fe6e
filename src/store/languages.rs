//! The language each attendee's emails are written in: their own choice, else their
//! conference's default.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::stored;
use crate::domain::Language;
use crate::entities::{attendee, conference};

/// Rows per `IN (…)` list, well under every backend's limit on bound parameters.
const CHUNK: usize = 500;

/// The email language of each of `attendees` that still exists.
pub async fn for_attendees(
    db: &impl ConnectionTrait,
    attendees: &[Uuid],
) -> Result<HashMap<Uuid, Language>, sea_orm::DbErr> {
    let mut chosen: Vec<(Uuid, Uuid, Option<String>)> = Vec::with_capacity(attendees.len());
    for chunk in attendees.chunks(CHUNK) {
        chosen.extend(
            attendee::Entity::find()
                .select_only()
                .column(attendee::Column::Id)
                .column(attendee::Column::ConferenceId)
                .column(attendee::Column::Language)
                .filter(attendee::Column::Id.is_in(chunk.iter().copied()))
                .into_tuple::<(Uuid, Uuid, Option<String>)>()
                .all(db)
                .await?,
        );
    }
    let mut conference_ids: Vec<Uuid> = chosen
        .iter()
        .filter(|(_, _, l)| l.is_none())
        .map(|(_, c, _)| *c)
        .collect();
    conference_ids.sort_unstable();
    conference_ids.dedup();
    let mut defaults = HashMap::new();
    for chunk in conference_ids.chunks(CHUNK) {
        let rows: Vec<(Uuid, String)> = conference::Entity::find()
            .select_only()
            .column(conference::Column::Id)
            .column(conference::Column::DefaultLanguage)
            .filter(conference::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        for (id, language) in rows {
            defaults.insert(
                id,
                stored::<Language>("conferences.default_language", &language)?,
            );
        }
    }
    let mut out = HashMap::with_capacity(chosen.len());
    for (id, conference_id, language) in chosen {
        let language = match language {
            Some(language) => stored("attendees.language", &language)?,
            None => defaults.get(&conference_id).copied().unwrap_or_default(),
        };
        out.insert(id, language);
    }
    Ok(out)
}
