//! Benefits realisation (gevinstrealisering): what a project should bring and
//! the values measured since; a completed project's benefits are followed up
//! twelve months after it ended, as in the state's model.

use super::project::Lifecycle;
use super::text::{free_text, required_name};
use super::{Problem, ValidationError};
use chrono::{Months, NaiveDate};

pub const TEXT_MAX: usize = 1000;
/// Months after completion the follow-up falls due.
pub const FOLLOW_UP_MONTHS: u32 = 12;

/// A benefit as it arrives.
#[derive(Debug, Clone, PartialEq)]
pub struct BenefitInput {
    pub what: String,
    pub owner: String,
    pub measure: String,
    pub baseline_value: Option<f64>,
    pub target_value: Option<f64>,
    pub due: Option<NaiveDate>,
}

/// A benefit that keeps the rules: it says what, who answers for it and how
/// it is measured; values are finite numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Benefit {
    pub what: String,
    pub owner: String,
    pub measure: String,
    pub baseline_value: Option<f64>,
    pub target_value: Option<f64>,
    pub due: Option<NaiveDate>,
}

fn finite(field: &str, v: Option<f64>) -> Result<Option<f64>, ValidationError> {
    match v {
        Some(x) if !x.is_finite() || x.abs() > 1e15 => Err(ValidationError::new(
            field,
            Problem::InvalidNumber,
            "must be a number",
        )),
        _ => Ok(v),
    }
}

impl Benefit {
    pub fn check(input: BenefitInput) -> Result<Self, Vec<ValidationError>> {
        let mut problems = vec![];
        let mut keep = |r: Result<String, ValidationError>| r.map_err(|e| problems.push(e)).ok();
        let what = keep(required_name("what", &input.what, TEXT_MAX));
        let owner = keep(free_text("owner", &input.owner, TEXT_MAX));
        let measure = keep(free_text("measure", &input.measure, TEXT_MAX));
        let baseline_value =
            finite("baseline_value", input.baseline_value).map_err(|e| problems.push(e));
        let target_value = finite("target_value", input.target_value).map_err(|e| problems.push(e));
        match (what, owner, measure, baseline_value, target_value) {
            (Some(what), Some(owner), Some(measure), Ok(baseline_value), Ok(target_value))
                if problems.is_empty() =>
            {
                Ok(Self {
                    what,
                    owner,
                    measure,
                    baseline_value,
                    target_value,
                    due: input.due,
                })
            }
            _ => Err(problems),
        }
    }
}

/// A value measured: finite, with a clean note.
pub fn reading(value: f64, note: &str) -> Result<(f64, String), ValidationError> {
    finite("value", Some(value))?;
    Ok((value, free_text("note", note, TEXT_MAX)?))
}

/// When a project's benefits follow-up falls due: twelve months after it
/// was completed (a cancelled or running project has none).
pub fn follow_up_due(state: Lifecycle, ended_on: Option<NaiveDate>) -> Option<NaiveDate> {
    match state {
        Lifecycle::Completed => ended_on?.checked_add_months(Months::new(FOLLOW_UP_MONTHS)),
        _ => None,
    }
}

/// Where a follow-up stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUp {
    /// Done on that day.
    Done(NaiveDate),
    /// Past its day and not done.
    Overdue,
    /// Due within `soon` (on or after `as_of`, not later than `soon`).
    Due,
    /// Later.
    Later,
}

pub fn follow_up(
    due: NaiveDate,
    done: Option<NaiveDate>,
    as_of: NaiveDate,
    soon: NaiveDate,
) -> FollowUp {
    match done {
        Some(day) => FollowUp::Done(day),
        None if due < as_of => FollowUp::Overdue,
        None if due <= soon => FollowUp::Due,
        None => FollowUp::Later,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_completed_projects_follow_up_falls_due_twelve_months_later() {
        let ended = Some(d(2022, 9, 30));
        assert_eq!(
            follow_up_due(Lifecycle::Completed, ended),
            Some(d(2023, 9, 30))
        );
        assert_eq!(follow_up_due(Lifecycle::Cancelled, ended), None);
        assert_eq!(follow_up_due(Lifecycle::Active, None), None);
        let (due, soon) = (d(2023, 9, 30), d(2023, 12, 31));
        assert_eq!(
            follow_up(due, None, d(2023, 10, 1), soon),
            FollowUp::Overdue
        );
        assert_eq!(
            follow_up(due, None, d(2023, 9, 30), soon),
            FollowUp::Due,
            "due today"
        );
        assert_eq!(follow_up(due, None, d(2023, 7, 1), soon), FollowUp::Due);
        assert_eq!(
            follow_up(due, None, d(2022, 7, 1), d(2022, 12, 31)),
            FollowUp::Later
        );
        assert_eq!(
            follow_up(due, Some(d(2023, 10, 5)), d(2024, 1, 1), soon),
            FollowUp::Done(d(2023, 10, 5))
        );
    }

    #[test]
    fn a_benefit_says_what_and_its_values_are_numbers() {
        let input = BenefitInput {
            what: "".into(),
            owner: "Kent Bruun".into(),
            measure: "Licensudgift pr. år".into(),
            baseline_value: Some(f64::NAN),
            target_value: Some(1.0),
            due: None,
        };
        let fields: Vec<String> = Benefit::check(input.clone())
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["what", "baseline_value"]);
        let ok = Benefit::check(BenefitInput {
            what: "Lavere licensudgifter".into(),
            baseline_value: Some(2_400_000.0),
            ..input
        })
        .unwrap();
        assert_eq!(ok.target_value, Some(1.0));
        assert!(reading(f64::INFINITY, "").is_err());
        assert_eq!(reading(1.5, "Målt i juni").unwrap().0, 1.5);
    }
}
