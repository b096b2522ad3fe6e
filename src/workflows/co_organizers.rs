//! A conference's organizers: its owners add co-organizers by email address (an owner, or a
//! helper, who does everything else) and remove them. Someone without an organizer account
//! gets one (they sign in with the emailed link), so an owner needs nothing from an operator.

use chrono::{DateTime, Utc};
use sea_orm::TransactionTrait;
use tracing::instrument;
use uuid::Uuid;

use crate::domain::records::{ConferenceOrganizer, OrganizerRole};
use crate::domain::{EmailAddress, ParseError, PersonName};
use crate::error::Error;
use crate::store;
use crate::workflows::Context;

use super::conferences::{get_as_owner, get_owned};

/// Whom to add: their address, the part they play, and their name if they have no account yet.
#[derive(Debug, Clone)]
pub struct NewCoOrganizer {
    pub email: EmailAddress,
    pub role: OrganizerRole,
    pub name: Option<PersonName>,
}

/// The conference's organizers, for any of them.
pub async fn list(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
) -> Result<Vec<ConferenceOrganizer>, Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    Ok(store::conference_organizers::list(&ctx.db.read, &conference).await?)
}

/// Adds a co-organizer (owners only). Someone already organizing it is a 409 on `email`.
#[instrument(skip(ctx, new, now))]
pub async fn add(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    new: NewCoOrganizer,
    now: DateTime<Utc>,
) -> Result<ConferenceOrganizer, Error> {
    let conference = get_as_owner(ctx, organizer_id, slug).await?;
    let txn = ctx.db.write.begin().await?;
    let who = match store::organizers::find_by_email(&txn, new.email.normalized()).await? {
        Some(existing) => existing,
        None => {
            let name = new.name.as_ref().ok_or_else(|| {
                Error::rejected(
                    "name",
                    ParseError::coded(
                        "field-co-organizer-name",
                        [],
                        "nobody organizes with this address yet: give their name to make their \
                         account",
                    ),
                )
            })?;
            store::organizers::insert(&txn, new.email.normalized(), name.as_str(), now).await?
        }
    };
    let added = who.id != conference.organizer_id
        && store::conference_organizers::insert(&txn, conference.id, who.id, new.role, now).await?;
    if !added {
        txn.rollback().await?;
        return Err(Error::refused(
            Some("email"),
            ParseError::coded(
                "conflict-already-organizer",
                [],
                "they already organize this conference",
            ),
        ));
    }
    txn.commit().await?;
    tracing::info!(conference_id = %conference.id, organizer = %who.id, role = %new.role, "co-organizer added");
    Ok(ConferenceOrganizer {
        organizer: who,
        role: new.role,
        creator: false,
        added_at: now,
    })
}

/// Removes a co-organizer (owners only; an owner may remove themself). The organizer who
/// created the conference stays (409); someone who does not organize it is 404.
#[instrument(skip(ctx))]
pub async fn remove(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    member_id: Uuid,
) -> Result<(), Error> {
    let conference = get_as_owner(ctx, organizer_id, slug).await?;
    if member_id == conference.organizer_id {
        return Err(Error::refused(
            None,
            ParseError::coded(
                "conflict-owner-stays",
                [],
                "the organizer who created the conference stays its owner",
            ),
        ));
    }
    if store::conference_organizers::delete(&ctx.db.write, conference.id, member_id).await? {
        tracing::info!(conference_id = %conference.id, organizer = %member_id, "co-organizer removed");
        Ok(())
    } else {
        Err(Error::NotFound("organizer"))
    }
}
