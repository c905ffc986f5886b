//! How much of a long list one request may read.

use super::{Problem, ValidationError};

/// The largest page anyone may ask for.
pub const LIMIT_MAX: i64 = 500;

/// A page: `limit` rows (1 to 500, `default` when not given) after skipping
/// `offset` (0 or more, 0 when not given).
pub fn page(
    limit: Option<i64>,
    offset: Option<i64>,
    default: i64,
) -> Result<(i64, i64), ValidationError> {
    let limit = limit.unwrap_or(default);
    if !(1..=LIMIT_MAX).contains(&limit) {
        return Err(ValidationError::new(
            "limit",
            Problem::OutOfRange,
            format!("must be between 1 and {LIMIT_MAX}"),
        ));
    }
    let offset = offset.unwrap_or(0);
    if offset < 0 {
        return Err(ValidationError::new(
            "offset",
            Problem::OutOfRange,
            "must not be negative",
        ));
    }
    Ok((limit, offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_bounds() {
        assert_eq!(page(None, None, 50), Ok((50, 0)));
        assert_eq!(page(Some(1), Some(0), 50), Ok((1, 0)));
        assert_eq!(page(Some(500), Some(10_000), 100), Ok((500, 10_000)));
        for bad in [0, -1, 501] {
            let e = page(Some(bad), None, 50).unwrap_err();
            assert_eq!(
                (e.field.as_str(), e.problem),
                ("limit", Problem::OutOfRange)
            );
            assert_eq!(e.message, "must be between 1 and 500");
        }
        let e = page(None, Some(-1), 50).unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.problem),
            ("offset", Problem::OutOfRange)
        );
        assert_eq!(e.message, "must not be negative");
    }

    #[test]
    fn the_limit_is_checked_before_the_offset() {
        let e = page(Some(0), Some(-1), 50).unwrap_err();
        assert_eq!(e.field, "limit");
    }
}
