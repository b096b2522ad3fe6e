//! What one attendee may see of another who sits at their table: the name always, affiliation,
//! bio and each handle only where the person chose "tablemates". Emails, "my tables" and the
//! attendee's follow lists all go through here, so consent is decided in one place.

use serde::Serialize;
use uuid::Uuid;

use crate::domain::Visibility;
use crate::domain::privacy::Observer;
use crate::domain::records::{Member, VisibleHandle};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VisibleMate {
    pub attendee_id: Uuid,
    pub name: String,
    pub affiliation: Option<String>,
    pub bio: Option<String>,
    pub handles: Vec<VisibleHandle>,
}

fn shown(visibility: Visibility) -> bool {
    Observer::Tablemate.sees(visibility)
}

/// `member` as their tablemates may see them.
pub fn visible(member: &Member) -> VisibleMate {
    VisibleMate {
        attendee_id: member.id,
        name: member.name.to_string(),
        affiliation: member
            .affiliation
            .clone()
            .filter(|_| shown(member.affiliation_visibility)),
        bio: member.bio.clone().filter(|_| shown(member.bio_visibility)),
        handles: member
            .handles
            .iter()
            .filter(|h| shown(h.visibility))
            .map(|h| VisibleHandle {
                network: h.network().as_str().to_owned(),
                handle: h.handle.display(),
                url: h.handle.profile_url(),
                verified: h.verified.is_some(),
            })
            .collect(),
    }
}
