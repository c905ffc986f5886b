//! Which facts a quarter's report is built from: the frozen snapshot once
//! Chefforum has decided, the live database otherwise (or beside it on request).

use crate::db::changes::{Changes, Seen, Topic};
use crate::db::reports::{self, DecisionRow};
use crate::db::DbConnection;
use crate::domain::quarter::takes_reports;
use crate::domain::quarter::Quarter;
use crate::domain::report::{build, Decision, PortfolioFilter, QReport};
use crate::domain::Problem;
use crate::error::AppError;
use chrono::NaiveDate;
use std::collections::HashMap;

#[derive(Clone)]
pub struct QuarterReport {
    /// The approved report when there is a decision, else the live one.
    pub report: QReport,
    pub decision: Option<DecisionRow>,
    /// The live computation beside an approved report, when asked for.
    pub live: Option<QReport>,
    /// The JSON answer, filled by the first request that asks for it while
    /// the others wait for it.
    pub json: std::sync::OnceLock<Result<actix_web::web::Bytes, String>>,
    /// The JSON gzipped, for clients that accept it (browsers, Power BI):
    /// a tenth of the bytes.
    pub json_gzip: std::sync::OnceLock<Result<actix_web::web::Bytes, String>>,
    /// The workbook, likewise.
    pub xlsx: tokio::sync::OnceCell<actix_web::web::Bytes>,
}

impl QuarterReport {
    /// The report as a workbook, built once per built report and off the
    /// actix workers: at national scale it takes a CPU for a tenth of a second.
    pub async fn xlsx(self: &std::sync::Arc<Self>) -> Result<actix_web::web::Bytes, AppError> {
        let report = self.clone();
        self.xlsx
            .get_or_try_init(|| async move {
                actix_web::web::block(move || crate::export::xlsx::workbook(&report.report))
                    .await
                    .map_err(|e| AppError::Internal(format!("blocking task failed: {e}")))?
                    .map(Into::into)
                    .map_err(|e| AppError::Internal(format!("xlsx: {e}")))
            })
            .await
            .cloned()
    }
}

impl From<&DecisionRow> for Decision {
    fn from(d: &DecisionRow) -> Self {
        Decision {
            meeting_date: d.meeting_date,
            text: d.text.clone(),
            case_number: d.case_number.clone(),
        }
    }
}

/// Built reports, reused until the data changes. Building one reads every
/// project; checking whether anything changed reads five indexed maxima.
pub struct ReportCache {
    changes: std::sync::Arc<Changes>,
    entries: std::sync::Mutex<HashMap<CacheKey, Entry>>,
}

struct Entry {
    stamp: Stamp,
    report: std::sync::Arc<QuarterReport>,
    /// When the stamp was last seen to match, in changes and in time.
    seen: Seen,
    checked: std::time::Instant,
}

/// How long a report stands without checking the stamp when no change to
/// the reports has been heard; the stamp catches changes made around the service.
const UNCHECKED: std::time::Duration = std::time::Duration::from_secs(5);

type CacheKey = (Quarter, NaiveDate, PortfolioFilter, bool);

/// Every write moves one of these: status and decisions add rows, every API
/// and page change writes the audit trail, and project edits move updated_at.
#[derive(Clone, PartialEq, Eq)]
struct Stamp(
    Option<i32>,
    Option<i32>,
    Option<i32>,
    i64,
    Option<chrono::NaiveDateTime>,
);

fn stamp(conn: &mut DbConnection) -> Result<Stamp, AppError> {
    use crate::db::schema::{audit_log, decisions, projects, status_reports};
    use diesel::dsl::max;
    use diesel::prelude::*;
    Ok(Stamp(
        status_reports::table
            .select(max(status_reports::id))
            .first(conn)?,
        audit_log::table.select(max(audit_log::id)).first(conn)?,
        decisions::table.select(max(decisions::id)).first(conn)?,
        projects::table.count().get_result(conn)?,
        projects::table
            .select(max(projects::updated_at))
            .first(conn)?,
    ))
}

impl ReportCache {
    pub fn new(changes: std::sync::Arc<Changes>) -> Self {
        Self {
            changes,
            entries: Default::default(),
        }
    }

    /// The report, when no change to the reports has been heard since it
    /// was last checked a moment ago: no database work at all.
    pub fn fresh(
        &self,
        quarter: Quarter,
        today: NaiveDate,
        filter: &PortfolioFilter,
        with_live: bool,
    ) -> Option<std::sync::Arc<QuarterReport>> {
        let key = (quarter, today, filter.clone(), with_live);
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(&key)
            .filter(|e| {
                e.checked.elapsed() < UNCHECKED
                    && self.changes.unchanged_since(e.seen, Topic::Reports)
            })
            .map(|e| e.report.clone())
    }

    /// The report from the cache when nothing changed since it was built.
    /// While this instance cannot hear changes, it is built afresh.
    pub fn get_or_build(
        &self,
        conn: &mut DbConnection,
        quarter: Quarter,
        today: NaiveDate,
        filter: &PortfolioFilter,
        with_live: bool,
    ) -> Result<std::sync::Arc<QuarterReport>, AppError> {
        let key = (quarter, today, filter.clone(), with_live);
        let Some(seen) = self.changes.seen() else {
            let report = quarter_report(conn, quarter, today, filter, with_live)?;
            return Ok(std::sync::Arc::new(report));
        };
        if let Some(report) = self.fresh(quarter, today, filter, with_live) {
            return Ok(report);
        }
        let now = stamp(conn)?;
        // Built under the lock: when many ask at once, one builds and the rest
        // wait for it, instead of all reading every project at the same time.
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(e) = entries.get_mut(&key) {
            if e.stamp == now {
                e.seen = seen;
                e.checked = std::time::Instant::now();
                return Ok(e.report.clone());
            }
        }
        let report = std::sync::Arc::new(quarter_report(conn, quarter, today, filter, with_live)?);
        // A few quarters and filters are in use at a time; forget the rest. At
        // national scale each holds thousands of lines, its JSON and its workbook.
        if entries.len() >= 16 {
            entries.clear();
        }
        entries.insert(
            key,
            Entry {
                stamp: now,
                report: report.clone(),
                seen,
                checked: std::time::Instant::now(),
            },
        );
        Ok(report)
    }
}

pub fn quarter_report(
    conn: &mut DbConnection,
    quarter: Quarter,
    today: NaiveDate,
    filter: &PortfolioFilter,
    with_live: bool,
) -> Result<QuarterReport, AppError> {
    let decision = reports::current_decision(conn, quarter)?;
    match decision {
        Some(decision) => {
            let mut report = build(&decision.facts()?, filter);
            report.decision = Some(Decision::from(&decision));
            let live = if with_live {
                Some(build(
                    &reports::facts(conn, quarter, today, filter.text.is_some())?,
                    filter,
                ))
            } else {
                None
            };
            Ok(QuarterReport {
                report,
                decision: Some(decision),
                live,
                json: Default::default(),
                json_gzip: Default::default(),
                xlsx: Default::default(),
            })
        }
        None => Ok(QuarterReport {
            report: build(
                &reports::facts(conn, quarter, today, filter.text.is_some())?,
                filter,
            ),
            decision: None,
            live: None,
            json: Default::default(),
            json_gzip: Default::default(),
            xlsx: Default::default(),
        }),
    }
}

/// A quarter takes status reports while it exists, is open and not approved.
pub fn ensure_reportable(conn: &mut DbConnection, quarter: Quarter) -> Result<(), AppError> {
    reportable(conn, quarter, false)
}

/// The one check of `domain::quarter::takes_reports` against what is stored:
/// a closed quarter is refused unless `history`, an approved one always,
/// saying when Chefforum approved it.
pub fn reportable(
    conn: &mut DbConnection,
    quarter: Quarter,
    history: bool,
) -> Result<(), AppError> {
    let open = !crate::db::quarters::get(conn, quarter)?.is_closed();
    let decision = reports::current_decision(conn, quarter)?;
    let approved_on = decision.as_ref().map(|d| d.meeting_date);
    takes_reports(open, approved_on.is_some(), history).map_err(|problem| {
        let message = match approved_on {
            Some(day) if problem == Problem::QuarterApproved => format!(
                "quarter {quarter} was approved by Chefforum on {}; its report is frozen",
                crate::domain::danish::format_date(day)
            ),
            _ => format!("quarter {quarter} is closed for reporting"),
        };
        AppError::conflict(None, problem, message)
    })
}

/// Red counts and missing reports for each quarter of the range.
pub fn trend(
    conn: &mut DbConnection,
    range: &[Quarter],
) -> Result<Vec<crate::domain::report::TrendPoint>, AppError> {
    let projects = reports::project_facts(conn, reports::Scope::All, false)?;
    let reports = reports::latest_colours(conn, range)?;
    Ok(crate::domain::report::trend(&projects, &reports, range))
}
