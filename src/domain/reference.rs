//! The rules of the reference data: where a phase sits in the order, and
//! the years a strategy runs.

use super::{Problem, ValidationError};

/// The longest name of a department, strategy, focus area or person.
pub const NAME_MAX: usize = 200;
/// The longest name of a phase.
pub const PHASE_NAME_MAX: usize = 100;
/// The longest short code of a department ("ØS", "M&T").
pub const CODE_MAX: usize = 20;
/// The longest directorate name.
pub const DIRECTORATE_MAX: usize = 200;
/// The longest description of a strategy or focus area.
pub const DESCRIPTION_MAX: usize = 10_000;

/// The highest position a phase may have (the lowest is 0).
pub const POSITION_MAX: i32 = 1000;
/// The years a strategy may start or end in.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2999;

/// A phase's position in the order from start-up to close: 0 to 1000.
pub fn phase_position(field: &str, position: i32) -> Result<i32, ValidationError> {
    if (0..=POSITION_MAX).contains(&position) {
        Ok(position)
    } else {
        Err(ValidationError::new(
            field,
            Problem::OutOfRange,
            format!("must be between 0 and {POSITION_MAX}"),
        ))
    }
}

/// The years a strategy runs: each a plausible year, the end not before the start.
pub fn strategy_period(start_year: i32, end_year: i32) -> Result<(i32, i32), ValidationError> {
    for (field, year) in [("start_year", start_year), ("end_year", end_year)] {
        if !YEARS.contains(&year) {
            return Err(ValidationError::new(
                field,
                Problem::OutOfRange,
                format!(
                    "must be a year between {} and {}",
                    YEARS.start(),
                    YEARS.end()
                ),
            ));
        }
    }
    if end_year < start_year {
        return Err(ValidationError::new(
            "end_year",
            Problem::EndBeforeStart,
            "the period ends before it starts",
        ));
    }
    Ok((start_year, end_year))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_0_to_1000() {
        assert_eq!(phase_position("position", 0), Ok(0));
        assert_eq!(phase_position("position", 1000), Ok(1000));
        for bad in [-1, 1001, i32::MIN, i32::MAX] {
            let e = phase_position("position", bad).unwrap_err();
            assert_eq!(
                (e.field.as_str(), e.problem),
                ("position", Problem::OutOfRange)
            );
            assert_eq!(e.message, "must be between 0 and 1000");
        }
    }

    #[test]
    fn a_period_is_plausible_years_in_order() {
        assert_eq!(strategy_period(2021, 2025), Ok((2021, 2025)));
        assert_eq!(strategy_period(2022, 2022), Ok((2022, 2022)));
        assert_eq!(strategy_period(1900, 2999), Ok((1900, 2999)));
        let e = strategy_period(2025, 2021).unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.problem),
            ("end_year", Problem::EndBeforeStart)
        );
        let e = strategy_period(1899, 2021).unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.problem),
            ("start_year", Problem::OutOfRange)
        );
        assert_eq!(e.message, "must be a year between 1900 and 2999");
        let e = strategy_period(2021, 3000).unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.problem),
            ("end_year", Problem::OutOfRange)
        );
    }

    #[test]
    fn a_year_out_of_range_is_named_before_the_order() {
        // 3000 < 2021 is false anyway; 1800 ends "before" 2021 but is first out of range.
        let e = strategy_period(2021, 1800).unwrap_err();
        assert_eq!(e.problem, Problem::OutOfRange);
        let e = strategy_period(3000, 2021).unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.problem),
            ("start_year", Problem::OutOfRange)
        );
    }
}
