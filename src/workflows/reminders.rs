//! The reminder before a meetup: when it is due, and keeping the queued ones true when the
//! meetup changes. Publication and repair queue them (`plans::notify`).

use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;

use crate::domain::records::{Conference, Meetup, MeetupShown};
use crate::error::Error;
use crate::store::outbox;

/// How long before a meetup starts its seated attendees are reminded
/// (`TABLEMATES_REMINDER_MINUTES_BEFORE`); 0 turns reminders off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reminders {
    pub minutes_before: u32,
}

impl Reminders {
    /// When the reminder of a meetup starting at `starts_at` goes out, as seen at `now`: the
    /// configured time before the start, or at once when that moment has passed but the
    /// meetup has not started. `None` when reminders are off or the meetup has started: a
    /// reminder then would come too late to be of use.
    pub fn due_at(&self, starts_at: DateTime<Utc>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.minutes_before == 0 || now >= starts_at {
            return None;
        }
        let at = starts_at - chrono::Duration::minutes(i64::from(self.minutes_before));
        Some(at.max(now))
    }
}

/// Brings the reminders of `meetup` that have not gone out in line with it after an organizer
/// changed it: due again for its (new) start, showing its new time and place, or cancelled
/// when it has started or reminders are off.
pub(crate) async fn follow_meetup(
    txn: &impl ConnectionTrait,
    conference: &Conference,
    meetup: &Meetup,
    reminders: Reminders,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    match reminders.due_at(meetup.fields.starts_at, now) {
        Some(due) => {
            let shown = MeetupShown::of(conference, meetup);
            outbox::reschedule_reminders(txn, meetup.id, due, &shown, now).await?;
        }
        None => {
            let reason = if reminders.minutes_before == 0 {
                "not sent: reminders are turned off"
            } else {
                "not sent: the meetup was moved to a time that has begun"
            };
            outbox::cancel_reminders(txn, meetup.id, None, reason, now).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, h, m, 0)
            .single()
            .expect("valid time")
    }

    #[test]
    fn a_reminder_is_due_the_configured_time_before_the_start() {
        let two_hours = Reminders {
            minutes_before: 120,
        };
        assert_eq!(two_hours.due_at(at(12, 0), at(8, 0)), Some(at(10, 0)));
        assert_eq!(
            two_hours.due_at(at(12, 0), at(10, 0)),
            Some(at(10, 0)),
            "exactly at the reminder time"
        );
    }

    #[test]
    fn a_reminder_whose_time_passed_before_the_start_is_due_at_once() {
        let two_hours = Reminders {
            minutes_before: 120,
        };
        assert_eq!(two_hours.due_at(at(12, 0), at(11, 15)), Some(at(11, 15)));
        assert_eq!(two_hours.due_at(at(12, 0), at(11, 59)), Some(at(11, 59)));
    }

    #[test]
    fn no_reminder_once_the_meetup_started_or_when_reminders_are_off() {
        let two_hours = Reminders {
            minutes_before: 120,
        };
        assert_eq!(two_hours.due_at(at(12, 0), at(12, 0)), None);
        assert_eq!(two_hours.due_at(at(12, 0), at(13, 0)), None);
        let off = Reminders { minutes_before: 0 };
        assert_eq!(off.due_at(at(12, 0), at(8, 0)), None);
    }
}
