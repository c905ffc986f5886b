//! Chefforum's decision on a quarter's report: what it must say, and when a
//! new decision is a correction of the one before.

use super::kle::CaseNumber;
use super::text::free_text;
use super::{Problem, ValidationError};
use chrono::NaiveDate;

pub const TEXT_MAX: usize = 10_000;

/// A decision as minuted, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub meeting_date: NaiveDate,
    /// E.g. "Godkendte indstillingen."
    pub text: String,
    /// The agenda item's journal number.
    pub case_number: Option<CaseNumber>,
    /// Replaces an earlier decision, which stays in the history.
    pub correction: bool,
}

impl Decision {
    pub fn parse(
        meeting_date: NaiveDate,
        text: &str,
        case_number: Option<&str>,
        correction: bool,
    ) -> Result<Self, ValidationError> {
        let text = free_text("text", text, TEXT_MAX)?;
        if text.is_empty() {
            return Err(ValidationError::new(
                "text",
                Problem::Required,
                "the decision text must not be empty",
            ));
        }
        let case_number = match case_number.map(str::trim) {
            None | Some("") => None,
            Some(c) => Some(CaseNumber::parse("case_number", c)?),
        };
        Ok(Self {
            meeting_date,
            text,
            case_number,
            correction,
        })
    }

    /// A first decision is not a correction; a second one must say it is.
    pub fn fits(&self, already_decided: bool) -> Result<(), Problem> {
        match (already_decided, self.correction) {
            (true, false) => Err(Problem::AlreadyDecided),
            (false, true) => Err(Problem::NothingToCorrect),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, 6, 2).unwrap()
    }

    #[test]
    fn a_decision_says_something() {
        let empty = Decision::parse(day(), "  ", None, false).unwrap_err();
        assert_eq!(
            (empty.field.as_str(), empty.problem),
            ("text", Problem::Required)
        );
        let bad = Decision::parse(day(), "Godkendt", Some("85-13"), false).unwrap_err();
        assert_eq!(bad.problem, Problem::InvalidCaseNumber);
        let ok = Decision::parse(day(), " Godkendte indstillingen. ", Some(" "), false).unwrap();
        assert_eq!(
            (ok.text.as_str(), ok.case_number),
            ("Godkendte indstillingen.", None)
        );
    }

    #[test]
    fn only_a_second_decision_is_a_correction() {
        let first = Decision::parse(day(), "Godkendt", None, false).unwrap();
        let correction = Decision {
            correction: true,
            ..first.clone()
        };
        assert_eq!(first.fits(false), Ok(()));
        assert_eq!(first.fits(true), Err(Problem::AlreadyDecided));
        assert_eq!(correction.fits(true), Ok(()));
        assert_eq!(correction.fits(false), Err(Problem::NothingToCorrect));
    }
}
