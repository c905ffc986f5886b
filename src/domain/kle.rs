//! KLE journal numbers, e.g. `85.13.00-P20-1-22`: `NN.NN.NN-LNN-serial-YY`.

use super::{Problem, ValidationError};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseNumber(String);

impl CaseNumber {
    pub fn parse(field: &str, value: &str) -> Result<Self, ValidationError> {
        let value = value.trim();
        if is_kle(value) {
            Ok(Self(value.to_string()))
        } else {
            Err(ValidationError::new(
                field,
                Problem::InvalidCaseNumber,
                format!("'{value}' is not a KLE journal number such as 85.13.00-P20-1-22"),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CaseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn digits(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_kle(value: &str) -> bool {
    let parts: Vec<&str> = value.split('-').collect();
    let [subject, facet, serial, year] = parts.as_slice() else {
        return false;
    };
    let subject_ok = {
        let groups: Vec<&str> = subject.split('.').collect();
        groups.len() == 3 && groups.iter().all(|g| digits(g, 2, 2))
    };
    let facet_ok =
        facet.len() == 3 && facet.as_bytes()[0].is_ascii_uppercase() && digits(&facet[1..], 2, 2);
    subject_ok && facet_ok && digits(serial, 1, 6) && digits(year, 2, 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_from_the_minutes_parse() {
        for ok in [
            "85.13.00-P20-1-22",
            "00.01.00-A21-2-21",
            "85.11.00-P20-11-22",
            "00.01.00-A00-51-22",
            "81.45.00-G20-1-22",
        ] {
            assert_eq!(CaseNumber::parse("case_number", ok).unwrap().as_str(), ok);
        }
    }

    #[test]
    fn malformed_numbers_are_refused() {
        for bad in [
            "",
            "85.13.00",
            "85.13-P20-1-22",
            "85.13.00-p20-1-22",
            "85.13.00-P2-1-22",
            "85.13.00-P20--22",
            "85.13.00-P20-1-2022",
            "8a.13.00-P20-1-22",
            "85.13.00-P20-1-22-9",
        ] {
            let err = CaseNumber::parse("case_number", bad).unwrap_err();
            assert_eq!(err.field, "case_number");
        }
    }
}
