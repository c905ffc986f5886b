//! Reading the portfolio over time: the red trend that the dashboard and the
//! API both show, from the same window of quarters.

use crate::db::{quarters, DbConnection};
use crate::domain::quarter::{trend_window, Quarter};
use crate::domain::report::TrendPoint;
use crate::error::AppError;

/// Red projects per parameter and missing reports per quarter, over the
/// quarters the portfolio holds from `from` up to `to` (default: the newest).
pub fn trend(
    c: &mut DbConnection,
    from: Option<Quarter>,
    to: Option<Quarter>,
) -> Result<Vec<TrendPoint>, AppError> {
    let held: Vec<Quarter> = quarters::list(c)?.into_iter().map(|q| q.code).collect();
    let Some(to) = to.or_else(|| held.iter().max().copied()) else {
        return Ok(vec![]);
    };
    let window = trend_window(&held, from, to)?;
    crate::reporting::trend(c, &window)
}
