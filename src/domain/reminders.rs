//! When a quarter's reminders are due and what each one is: plain rules with
//! the day passed in, so a test can run a whole quarter in a loop.

use super::{Problem, ValidationError};
use chrono::{Days, NaiveDate};

/// A quarter's reminder plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    /// The first reminder goes this many days before the deadline.
    pub days_before: i32,
    /// After the deadline, again every this many days while reports are missing.
    pub every_days: i32,
    /// False: no reminders for the quarter at all.
    pub active: bool,
}

impl Default for Plan {
    fn default() -> Self {
        Self {
            days_before: 14,
            every_days: 7,
            active: true,
        }
    }
}

pub const DAYS_BEFORE_MAX: i32 = 60;
pub const EVERY_DAYS_MAX: i32 = 30;

impl Plan {
    /// A plan as someone sets it, within bounds that keep it a reminder and not spam.
    pub fn new(days_before: i32, every_days: i32, active: bool) -> Result<Self, ValidationError> {
        if !(0..=DAYS_BEFORE_MAX).contains(&days_before) {
            let message = format!("must be 0 to {DAYS_BEFORE_MAX} days");
            return Err(ValidationError::new(
                "days_before",
                Problem::OutOfRange,
                message,
            ));
        }
        if !(1..=EVERY_DAYS_MAX).contains(&every_days) {
            let message = format!("must be 1 to {EVERY_DAYS_MAX} days");
            return Err(ValidationError::new(
                "every_days",
                Problem::OutOfRange,
                message,
            ));
        }
        Ok(Self {
            days_before,
            every_days,
            active,
        })
    }

    fn first_day(&self, deadline: NaiveDate) -> NaiveDate {
        deadline - Days::new(self.days_before as u64)
    }

    /// The reminder to managers whose reports are missing that is due on
    /// `today`: the latest occasion on or before it (a service that was down
    /// on the day sends that one late, never a backlog).
    pub fn reminder_due(&self, deadline: NaiveDate, today: NaiveDate) -> Option<Occasion> {
        let first = self.first_day(deadline);
        if !self.active || today < first {
            return None;
        }
        if today < deadline {
            return Some(Occasion::new(first, MailKind::First, 0));
        }
        let rounds = (today - deadline).num_days() / i64::from(self.every_days);
        let day = deadline + Days::new((rounds * i64::from(self.every_days)) as u64);
        let kind = if rounds == 0 {
            MailKind::Deadline
        } else {
            MailKind::Overdue
        };
        Some(Occasion::new(day, kind, rounds as u32))
    }

    /// The council's digest of missing reports due on `today`: from the
    /// first reminder on, every `every_days`.
    pub fn digest_due(&self, deadline: NaiveDate, today: NaiveDate) -> Option<Occasion> {
        let first = self.first_day(deadline);
        if !self.active || today < first {
            return None;
        }
        let rounds = (today - first).num_days() / i64::from(self.every_days);
        let day = first + Days::new((rounds * i64::from(self.every_days)) as u64);
        Some(Occasion::new(day, MailKind::Digest, 0))
    }
}

/// What a mail is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MailKind {
    /// Before the deadline.
    First,
    /// On the deadline.
    Deadline,
    /// After the deadline, while the report is missing.
    Overdue,
    /// The council's overview of what is missing.
    Digest,
    /// Sent when the council pressed "Send påmindelse nu".
    Manual,
}

impl MailKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::First => "first",
            Self::Deadline => "deadline",
            Self::Overdue => "overdue",
            Self::Digest => "digest",
            Self::Manual => "manual",
        }
    }

    pub fn parse(field: &str, value: &str) -> Result<Self, ValidationError> {
        match value {
            "first" => Ok(Self::First),
            "deadline" => Ok(Self::Deadline),
            "overdue" => Ok(Self::Overdue),
            "digest" => Ok(Self::Digest),
            "manual" => Ok(Self::Manual),
            _ => Err(ValidationError::new(
                field,
                Problem::UnknownValue,
                "not a mail kind",
            )),
        }
    }

    /// As the council's list names it.
    pub fn danish(self) -> &'static str {
        match self {
            Self::First => "første påmindelse",
            Self::Deadline => "påmindelse på fristen",
            Self::Overdue => "rykker",
            Self::Digest => "oversigt til IT-projektrådet",
            Self::Manual => "påmindelse sendt manuelt",
        }
    }
}

/// A day a mail is due, and which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occasion {
    pub day: NaiveDate,
    pub kind: MailKind,
    /// Overdue reminders counted from 1 (0 for the others).
    pub round: u32,
}

impl Occasion {
    fn new(day: NaiveDate, kind: MailKind, round: u32) -> Self {
        Self { day, kind, round }
    }

    /// The head of department is copied from the second overdue reminder.
    pub fn copies_owner(&self) -> bool {
        self.kind == MailKind::Overdue && self.round >= 2
    }
}

/// What makes a mail unique: the database refuses a second with the same
/// key, whoever queues it.
pub fn dedup_key(quarter: &str, kind: MailKind, person: i32, day: NaiveDate) -> String {
    format!("{quarter}:{}:{person}:{day}", kind.as_str())
}

/// How long a failed send waits before the next attempt: 1, 2, 4 … minutes,
/// at most an hour.
pub fn retry_after(attempts: i32) -> chrono::TimeDelta {
    let minutes = 1i64 << attempts.clamp(0, 6);
    chrono::TimeDelta::minutes(minutes.min(60))
}

/// After this many failed attempts a mail is left as failed, with its reason.
pub const MAX_ATTEMPTS: i32 = 10;

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_quarter_runs_first_deadline_then_weekly_overdue_with_the_owner_from_the_second() {
        let plan = Plan::default();
        let deadline = day("2022-06-17");
        assert_eq!(plan.reminder_due(deadline, day("2022-06-02")), None);
        let first = plan.reminder_due(deadline, day("2022-06-03")).unwrap();
        assert_eq!(
            (first.day, first.kind),
            (day("2022-06-03"), MailKind::First)
        );
        // Until the deadline the first is the latest occasion: one key, one mail.
        assert_eq!(plan.reminder_due(deadline, day("2022-06-16")), Some(first));
        let at = plan.reminder_due(deadline, day("2022-06-17")).unwrap();
        assert_eq!((at.day, at.kind), (deadline, MailKind::Deadline));
        let one = plan.reminder_due(deadline, day("2022-06-27")).unwrap();
        assert_eq!(
            (one.day, one.kind, one.round),
            (day("2022-06-24"), MailKind::Overdue, 1)
        );
        assert!(!one.copies_owner());
        let two = plan.reminder_due(deadline, day("2022-07-01")).unwrap();
        assert_eq!((two.day, two.round), (day("2022-07-01"), 2));
        assert!(two.copies_owner());
    }

    #[test]
    fn the_digest_is_weekly_from_the_first_reminder_and_nothing_runs_when_off() {
        let plan = Plan::default();
        let deadline = day("2022-06-17");
        assert_eq!(plan.digest_due(deadline, day("2022-06-02")), None);
        assert_eq!(
            plan.digest_due(deadline, day("2022-06-09")).unwrap().day,
            day("2022-06-03")
        );
        assert_eq!(
            plan.digest_due(deadline, day("2022-06-10")).unwrap().day,
            day("2022-06-10")
        );
        let off = Plan {
            active: false,
            ..plan
        };
        assert_eq!(off.reminder_due(deadline, day("2022-06-17")), None);
        assert_eq!(off.digest_due(deadline, day("2022-06-17")), None);
    }

    #[test]
    fn plans_stay_within_bounds_and_retries_back_off() {
        assert!(Plan::new(14, 7, true).is_ok());
        assert_eq!(Plan::new(61, 7, true).unwrap_err().field, "days_before");
        assert_eq!(Plan::new(14, 0, true).unwrap_err().field, "every_days");
        assert_eq!(retry_after(0), chrono::TimeDelta::minutes(1));
        assert_eq!(retry_after(3), chrono::TimeDelta::minutes(8));
        assert_eq!(retry_after(9), chrono::TimeDelta::minutes(60));
        assert_eq!(
            dedup_key("2022Q2", MailKind::First, 7, day("2022-06-03")),
            "2022Q2:first:7:2022-06-03"
        );
    }

    #[test]
    fn deadlines_read_as_danes_write_them() {
        assert_eq!(
            crate::domain::danish::long_date(day("2022-06-17")),
            "fredag den 17. juni 2022"
        );
    }
}
