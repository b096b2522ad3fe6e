//! Taking an erased attendee out of records that other people's data shares: the stored JSON of
//! seating plans (explanations, metrics, change logs, job parameters) and the emails queued for
//! their tablemates. Whole rows of the person's own are deleted elsewhere; these rows stay, so
//! the person is cut out of them.

use serde_json::Value;
use uuid::Uuid;

use super::records::{EmailPayload, SharedInterestShown, TableAt, TableLetter, TablemateShown};

/// What names the erased person inside records that stay.
#[derive(Debug, Clone)]
pub struct Erased {
    pub id: Uuid,
    pub name: String,
    pub affiliation: Option<String>,
    pub bio: Option<String>,
}

/// What stands in for the person's name in text that stays ("must not sit with …").
pub const SOMEONE: &str = "someone who left";

impl Erased {
    fn id_text(&self) -> String {
        self.id.to_string()
    }

    /// Whether a tablemate shown in an email is this person: the name, and what else is shown
    /// of them, agree.
    fn is(&self, mate: &TablemateShown) -> bool {
        mate.name == self.name
            && mate
                .affiliation
                .as_ref()
                .is_none_or(|a| Some(a) == self.affiliation.as_ref())
            && mate
                .bio
                .as_ref()
                .is_none_or(|b| Some(b) == self.bio.as_ref())
    }
}

/// Removes the person from a stored JSON record; returns whether anything changed.
///
/// In lists, their id goes, and so does every object that names them directly (a move, a
/// wanted pair, a repeated pair); an interest entry (`interest` with `attendee_ids`) left with
/// fewer than two people is no longer shared and goes with its text. Elsewhere, their id and
/// their name inside text are replaced.
pub fn scrub_json(value: &mut Value, who: &Erased) -> bool {
    let id = who.id_text();
    scrub(value, who, &id)
}

fn scrub(value: &mut Value, who: &Erased, id: &str) -> bool {
    match value {
        Value::Array(items) => {
            let before = items.len();
            items.retain(|item| !names_directly(item, id));
            let mut changed = items.len() != before;
            for item in items.iter_mut() {
                changed |= scrub(item, who, id);
            }
            let before = items.len();
            items.retain(|item| !is_unshared_interest(item));
            changed | (items.len() != before)
        }
        Value::Object(fields) => {
            let mut changed = false;
            for field in fields.values_mut() {
                changed |= scrub(field, who, id);
            }
            changed
        }
        Value::String(text) => {
            let mut out = text.replace(id, &Uuid::nil().to_string());
            if who.name.chars().count() >= 2 {
                out = out.replace(&who.name, SOMEONE);
            }
            let changed = out != *text;
            *text = out;
            changed
        }
        _ => false,
    }
}

/// The id itself, or an object one of whose fields is the id.
fn names_directly(item: &Value, id: &str) -> bool {
    match item {
        Value::String(s) => s == id,
        Value::Object(fields) => fields.values().any(|v| v.as_str() == Some(id)),
        _ => false,
    }
}

fn is_unshared_interest(item: &Value) -> bool {
    item.get("interest").is_some()
        && item
            .get("attendee_ids")
            .and_then(Value::as_array)
            .is_some_and(|ids| ids.len() < 2)
}

impl EmailPayload {
    /// Takes the erased person out of an email to someone else: off the tablemates, off the
    /// people sharing an interest (an interest left to one person is no longer shared), and
    /// their name out of any reason given. Returns whether the email changed.
    pub fn without(&mut self, who: &Erased) -> bool {
        match self {
            EmailPayload::TableIntroduction(letter)
            | EmailPayload::TableChanged(letter)
            | EmailPayload::MeetupReminder(letter)
            | EmailPayload::MeetupChanged(letter) => letter_without(letter, who),
            _ => false,
        }
    }
}

fn letter_without(letter: &mut TableLetter, who: &Erased) -> bool {
    let mut changed = table_without(&mut letter.tablemates, &mut letter.shared_interests, who);
    if let Some(reason) = &mut letter.reason
        && who.name.chars().count() >= 2
        && reason.contains(&who.name)
    {
        *reason = reason.replace(&who.name, SOMEONE);
        changed = true;
    }
    for TableAt {
        tablemates,
        shared_interests,
        ..
    } in &mut letter.more_tables
    {
        changed |= table_without(tablemates, shared_interests, who);
    }
    changed
}

fn table_without(
    tablemates: &mut Vec<TablemateShown>,
    shared: &mut Vec<SharedInterestShown>,
    who: &Erased,
) -> bool {
    let before = (tablemates.len(), shared.len());
    tablemates.retain(|mate| !who.is(mate));
    let mut changed = false;
    for interest in shared.iter_mut() {
        let count = interest.people.len();
        interest.people.retain(|name| *name != who.name);
        changed |= interest.people.len() != count;
    }
    shared.retain(|interest| interest.people.len() >= 2);
    changed || before != (tablemates.len(), shared.len())
}

/// What was erased.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErasureKind {
    /// One attendee, everywhere.
    Attendee,
    /// A registration never confirmed, after the time to confirm it.
    ExpiredRegistration,
    /// Every attendee of a conference, some time after it ended.
    ConferenceEnded,
    /// A whole conference, by its organizer.
    Conference,
}

/// Who asked for it, as a role: never who they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErasureActor {
    Attendee,
    Organizer,
    Retention,
}

macro_rules! as_text {
    ($type:ty { $($variant:ident => $text:literal),* $(,)? }) => {
        impl $type {
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),* }
            }
        }
        impl std::str::FromStr for $type {
            type Err = ();
            fn from_str(raw: &str) -> Result<Self, ()> {
                match raw { $($text => Ok(Self::$variant),)* _ => Err(()) }
            }
        }
    };
}

as_text!(ErasureKind {
    Attendee => "attendee",
    ExpiredRegistration => "expired_registration",
    ConferenceEnded => "conference_ended",
    Conference => "conference",
});
as_text!(ErasureActor {
    Attendee => "attendee",
    Organizer => "organizer",
    Retention => "retention",
});

/// One entry of the audit log of erasures. It holds no personal data, not even the erased
/// attendee's id: that id is what would tie the entry back to a person (in a backup, a log
/// line, an export someone kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErasureRecord {
    pub id: Uuid,
    pub conference_id: Uuid,
    pub kind: ErasureKind,
    pub actor: ErasureActor,
    pub rows_deleted: u64,
    pub emails_rewritten: u64,
    pub plan_records_anonymised: u64,
    pub erased_at: chrono::DateTime<chrono::Utc>,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn ada() -> Erased {
        Erased {
            id: Uuid::from_u128(7),
            name: "Ada Lovelace".into(),
            affiliation: Some("Analytical Engines".into()),
            bio: None,
        }
    }

    #[test]
    fn a_plan_explanation_loses_the_person_their_pairs_and_interests_only_they_shared() {
        let ada = ada().id.to_string();
        let (b, c) = (
            Uuid::from_u128(8).to_string(),
            Uuid::from_u128(9).to_string(),
        );
        let mut explanation = json!({
            "shared_interests": [
                {"interest": "looms", "attendee_ids": [ada, b]},
                {"interest": "rust", "attendee_ids": [ada, b, c]},
            ],
            "wanted_pairs": [{"a": ada, "b": b, "mutual": true}, {"a": b, "b": c, "mutual": false}],
            "score": {"total": 1.5},
        });
        assert!(scrub_json(&mut explanation, &super::tests::ada()));
        assert_eq!(
            explanation,
            json!({
                "shared_interests": [{"interest": "rust", "attendee_ids": [b, c]}],
                "wanted_pairs": [{"a": b, "b": c, "mutual": false}],
                "score": {"total": 1.5},
            })
        );
        assert!(
            !scrub_json(&mut explanation, &super::tests::ada()),
            "nothing left to change"
        );
    }

    #[test]
    fn a_change_log_loses_the_persons_moves_and_their_name_in_others_reasons() {
        let id = ada().id.to_string();
        let other = Uuid::from_u128(8).to_string();
        let mut moves = json!([
            {"attendee_id": id, "from_table": 1, "to_table": null, "reason": "left the meetup"},
            {"attendee_id": other, "from_table": 2, "to_table": 3, "reason": "must not sit with Ada Lovelace"},
        ]);
        assert!(scrub_json(&mut moves, &ada()));
        assert_eq!(
            moves,
            json!([{"attendee_id": other, "from_table": 2, "to_table": 3, "reason": "must not sit with someone who left"}])
        );
    }

    #[test]
    fn an_email_to_a_tablemate_no_longer_shows_the_person() {
        let mate = |name: &str| TablemateShown {
            name: name.into(),
            affiliation: Some("Analytical Engines".into()),
            ..TablemateShown::default()
        };
        let shared = |people: &[&str]| SharedInterestShown {
            interest: "looms".into(),
            people: people.iter().map(|p| (*p).to_owned()).collect(),
        };
        let mut tablemates = vec![mate("Ada Lovelace"), mate("Grace Hopper")];
        let mut interests = vec![
            shared(&["Ada Lovelace", "Grace Hopper"]),
            shared(&["Ada Lovelace", "Grace Hopper", "Alan Turing"]),
        ];
        assert!(table_without(&mut tablemates, &mut interests, &ada()));
        assert_eq!(tablemates, vec![mate("Grace Hopper")]);
        assert_eq!(interests, vec![shared(&["Grace Hopper", "Alan Turing"])]);
        // Someone else of the same name but another affiliation stays.
        let mut namesake = vec![TablemateShown {
            affiliation: Some("Elsewhere".into()),
            ..mate("Ada Lovelace")
        }];
        assert!(!table_without(&mut namesake, &mut Vec::new(), &ada()));
    }
}
