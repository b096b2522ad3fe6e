//! The links with a secret that an email carries (the attendee's personal link, the
//! organizer's sign-in link, the one-click unsubscribe link), made when the email is sent and
//! never stored: the outbox holds what an email says, the sent message alone holds its links.
//!
//! A batch mints one personal link per attendee, shared by all their emails in that batch, so
//! several emails arriving together all work. The new token is stored live at once but replaces
//! the attendee's older ones only when an email carrying it was sent; if none was, it is deleted
//! (nobody holds it) and the older link keeps working.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use rand::SeedableRng;
use sea_orm::{ConnectionTrait, TransactionTrait};
use uuid::Uuid;

use crate::domain::links;
use crate::domain::records::{EmailKind, EmailPayload, OutboxEmail};
use crate::secrets;
use crate::store;
use crate::store::tokens::{NewToken, PURPOSE_EMAIL_CHANGE, PURPOSE_MANAGE};

/// What the mailer needs to make links.
#[derive(Clone)]
pub struct LinkSettings {
    pub base_url: url::Url,
    /// How long a personal link works.
    pub access_token_days: i64,
    /// The key unsubscribe tokens are signed with.
    pub unsubscribe_key: Vec<u8>,
}

impl std::fmt::Debug for LinkSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LinkSettings")
            .field("base_url", &self.base_url.as_str())
            .field("access_token_days", &self.access_token_days)
            .finish_non_exhaustive()
    }
}

/// The links one email carries, as its templates name them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Links {
    pub manage_url: Option<String>,
    pub unsubscribe_url: Option<String>,
    pub sign_in_url: Option<String>,
    /// The link that confirms an address an organizer changed an attendee's email to.
    pub confirm_url: Option<String>,
}

impl Links {
    /// `payload` (a JSON object) with these links added.
    pub fn add_to(&self, mut payload: serde_json::Value) -> serde_json::Value {
        if let Some(object) = payload.as_object_mut() {
            for (key, value) in [
                ("manage_url", &self.manage_url),
                ("unsubscribe_url", &self.unsubscribe_url),
                ("sign_in_url", &self.sign_in_url),
                ("confirm_url", &self.confirm_url),
            ] {
                match value {
                    Some(v) => object.insert(key.to_owned(), v.clone().into()),
                    None => object.remove(key),
                };
            }
        }
        payload
    }
}

/// The links minted for one batch, kept in memory only.
#[derive(Default)]
pub(super) struct Minted {
    /// Per attendee: the id of their new token and its raw form.
    personal: HashMap<Uuid, (Uuid, String)>,
    /// Per outbox row: the raw sign-in token.
    sign_in: HashMap<Uuid, String>,
    /// Per outbox row: the raw token confirming an email change.
    email_change: HashMap<Uuid, String>,
}

/// Mints the links `rows` need: one personal-link token per attendee, one sign-in link per
/// sign-in email.
pub(super) async fn mint(
    db: &sea_orm::DatabaseConnection,
    settings: &LinkSettings,
    rows: &[OutboxEmail],
    now: DateTime<Utc>,
) -> Result<Minted, sea_orm::DbErr> {
    let mut rng = rand::rngs::StdRng::from_os_rng();
    let mut minted = Minted::default();
    let mut tokens = Vec::new();
    for row in rows {
        if !row.kind.carries_personal_link() {
            continue;
        }
        let Some(attendee_id) = row.attendee_id else {
            continue;
        };
        if minted.personal.contains_key(&attendee_id) {
            continue;
        }
        let token = secrets::generate(secrets::ATTENDEE_PREFIX, &mut rng);
        let id = Uuid::now_v7();
        tokens.push(NewToken {
            id,
            attendee_id,
            token_hash: token.hash,
            purpose: PURPOSE_MANAGE,
            expires_at: now + Duration::days(settings.access_token_days),
        });
        minted.personal.insert(attendee_id, (id, token.raw));
    }
    let txn = db.begin().await?;
    store::tokens::insert_many(&txn, &tokens, now).await?;
    for row in rows.iter().filter(|r| r.kind == EmailKind::OrganizerSignIn) {
        let Ok(EmailPayload::OrganizerSignIn(p)) = row.payload() else {
            continue;
        };
        let organizer_id = match p.organizer_id {
            Some(id) => Some(id),
            None => match crate::domain::EmailAddress::parse(&row.recipient) {
                Ok(address) => store::organizers::find_by_email(&txn, address.normalized())
                    .await?
                    .map(|o| o.id),
                Err(_) => None,
            },
        };
        let Some(organizer_id) = organizer_id else {
            continue;
        };
        let token = secrets::generate(secrets::SIGN_IN_PREFIX, &mut rng);
        let expires_at = now + Duration::minutes(p.minutes.clamp(1, 24 * 60));
        store::organizer_sessions::insert_link(&txn, organizer_id, &token.hash, expires_at, now)
            .await?;
        minted.sign_in.insert(row.id, token.raw);
    }
    for row in rows
        .iter()
        .filter(|r| r.kind == EmailKind::EmailChangeConfirmation)
    {
        let Some(attendee_id) = row.attendee_id else {
            continue;
        };
        // Only the change still waiting is confirmed: an email queued for an address the
        // organizer has since replaced or the attendee cancelled gets no link.
        let waiting = store::attendees::find(&txn, attendee_id)
            .await?
            .and_then(|a| a.pending_email)
            .is_some_and(|p| p.as_str().eq_ignore_ascii_case(&row.recipient));
        if !waiting {
            continue;
        }
        store::tokens::delete_of(&txn, attendee_id, PURPOSE_EMAIL_CHANGE).await?;
        let token = secrets::generate(secrets::ATTENDEE_PREFIX, &mut rng);
        let change = NewToken {
            id: Uuid::now_v7(),
            attendee_id,
            token_hash: token.hash,
            purpose: PURPOSE_EMAIL_CHANGE,
            expires_at: now + Duration::days(settings.access_token_days),
        };
        store::tokens::insert_many(&txn, std::slice::from_ref(&change), now).await?;
        minted.email_change.insert(row.id, token.raw);
    }
    txn.commit().await?;
    Ok(minted)
}

impl Minted {
    /// The links `row` carries; `Err` names one it needs but could not get.
    pub(super) fn links_for(
        &self,
        settings: &LinkSettings,
        row: &OutboxEmail,
    ) -> Result<Links, String> {
        let mut out = Links::default();
        if row.kind.carries_personal_link() {
            let (_, raw) = row
                .attendee_id
                .and_then(|id| self.personal.get(&id))
                .ok_or("no attendee to make the personal link for")?;
            out.manage_url = Some(links::manage_url(&settings.base_url, raw));
        }
        if !row.kind.is_transactional() {
            let id = row
                .attendee_id
                .ok_or("no attendee to make the unsubscribe link for")?;
            out.unsubscribe_url = Some(links::unsubscribe_url(
                &settings.base_url,
                &secrets::unsubscribe_token(&settings.unsubscribe_key, id),
            ));
        }
        if row.kind == EmailKind::EmailChangeConfirmation {
            let raw = self
                .email_change
                .get(&row.id)
                .ok_or("the email change it confirms is no longer waiting")?;
            out.confirm_url = Some(links::email_change_url(&settings.base_url, raw));
        }
        if row.kind == EmailKind::OrganizerSignIn {
            let raw = self
                .sign_in
                .get(&row.id)
                .ok_or("no organizer with this address to make the sign-in link for")?;
            out.sign_in_url = Some(links::sign_in_url(&settings.base_url, raw));
        }
        Ok(out)
    }

    /// After the batch: the tokens of attendees who were sent an email replace their older
    /// ones; the others are deleted, since no sent email carries them.
    pub(super) async fn settle(
        &self,
        db: &impl ConnectionTrait,
        delivered_to: &HashSet<Uuid>,
        now: DateTime<Utc>,
    ) -> Result<(), sea_orm::DbErr> {
        let Some(oldest) = self.personal.values().map(|(id, _)| *id).min() else {
            return Ok(());
        };
        let (kept, unsent): (Vec<_>, Vec<_>) = self
            .personal
            .iter()
            .partition(|(attendee, _)| delivered_to.contains(attendee));
        let kept: Vec<Uuid> = kept.into_iter().map(|(a, _)| *a).collect();
        let unsent: Vec<Uuid> = unsent.into_iter().map(|(_, (id, _))| *id).collect();
        store::tokens::revoke_older(db, PURPOSE_MANAGE, &kept, oldest, now).await?;
        store::tokens::delete(db, &unsent).await
    }
}
