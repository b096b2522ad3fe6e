//! The privacy rule, in one place: nothing anyone can observe depends on a detail its owner
//! keeps to themself ("only me"), except how good the seating is. Every view of an attendee
//! (the organizer's API and console, tablemates' emails and pages, exports), every check that
//! answers someone (handle uniqueness, wanted connections, import reports) and every
//! explanation asks here what its reader may see.

use super::Visibility;

/// Who reads an output about an attendee.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Observer {
    /// The attendee themself, through their personal link.
    Themself,
    /// An organizer of the attendee's conference (API, console, exports, import reports).
    Organizer,
    /// Someone seated with the attendee (table emails, "my tables").
    Tablemate,
    /// Anyone else: another registrant, someone who wants to meet them.
    Anyone,
}

impl Observer {
    /// Whether this observer may see a detail marked `visibility`.
    pub fn sees(self, visibility: Visibility) -> bool {
        match self {
            Observer::Themself => true,
            Observer::Organizer => visibility.organizers_see(),
            Observer::Tablemate => visibility.tablemates_see(),
            Observer::Anyone => false,
        }
    }

    /// `value` if this observer may see it.
    pub fn reveal<T>(self, visibility: Visibility, value: Option<T>) -> Option<T> {
        value.filter(|_| self.sees(visibility))
    }
}

/// Whether a handle takes part in what other attendees can observe about handles: the
/// conference's uniqueness of handles (a clash is reported to whoever registers second) and the
/// resolution of "people I hope to meet" (which seats people together and tells them so). Only a
/// handle tablemates may see does: one kept from them is invisible to both, so it neither
/// blocks another attendee's handle nor answers a wish to meet.
pub fn handle_is_claimed(visibility: Visibility) -> bool {
    Observer::Tablemate.sees(visibility)
}

/// Whether an affiliation may be counted in what anyone reads about a table (the explanation of
/// a plan, "what we share"): only one every reader of those could see. Organizers read plan
/// explanations, so an affiliation hidden from organizers is left out.
pub fn affiliation_is_explained(visibility: Visibility) -> bool {
    Observer::Organizer.sees(visibility)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_attendee_sees_what_they_keep_to_themself() {
        for observer in [Observer::Organizer, Observer::Tablemate, Observer::Anyone] {
            assert!(!observer.sees(Visibility::Nobody), "{observer:?}");
        }
        assert!(Observer::Themself.sees(Visibility::Nobody));
        assert!(Observer::Organizer.sees(Visibility::Organizer));
        assert!(!Observer::Tablemate.sees(Visibility::Organizer));
        assert!(Observer::Tablemate.sees(Visibility::Tablemates));
        assert!(!Observer::Anyone.sees(Visibility::Tablemates));
    }

    #[test]
    fn only_handles_tablemates_see_are_claimed() {
        let claimed: Vec<bool> = Visibility::ALL.into_iter().map(handle_is_claimed).collect();
        assert_eq!(claimed, [false, true, false]);
    }
}
