//! Quarterly status: a project's report for a quarter, stored as a new
//! version with its audit record; the API, the form and the import share it.

use super::types::StatusColour;
use super::Acting;
use crate::db::audit::{self, json};
use crate::db::changes::Change;
use crate::db::status::{self as store, Reporter, StatusRow};
use crate::db::write_transaction_of;
use crate::db::{projects, DbConnection};
use crate::domain::access::Action;
use crate::domain::economy::ForecastInput;
use crate::domain::quarter::Quarter;
use crate::domain::status::{Parameter, StatusReport};
use crate::error::AppError;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ParameterView {
    pub colour: StatusColour,
    pub comment: String,
}

/// One version of a project's report for a quarter.
#[derive(Serialize, ToSchema)]
pub struct Status {
    pub project_id: i32,
    #[schema(example = "2022Q1")]
    pub quarter: String,
    /// 1 for the first report of the quarter, then 2, 3, … for corrections.
    pub version: i32,
    /// Whether this is the version that counts.
    pub is_latest: bool,
    pub ressourcer: ParameterView,
    pub leverancer: ParameterView,
    pub tid: ParameterView,
    pub okonomi: ParameterView,
    pub comment: String,
    /// Spent to date in whole kroner, as reported with this version (null: not reported).
    pub spent: Option<i64>,
    /// Expected total one-off cost in whole kroner, as reported.
    pub forecast: Option<i64>,
    /// The expected end, as reported.
    pub expected_end: Option<NaiveDate>,
    pub reported_by: Option<i32>,
    pub reported_at: DateTime<Utc>,
}

impl TryFrom<StatusRow> for Status {
    type Error = AppError;
    fn try_from(r: StatusRow) -> Result<Self, AppError> {
        let param = |p: Parameter| -> Result<ParameterView, AppError> {
            let (colour, comment) = r.colour(p);
            Ok(ParameterView {
                colour: colour.into(),
                comment: comment.to_string(),
            })
        };
        Ok(Self {
            ressourcer: param(Parameter::Ressourcer)?,
            leverancer: param(Parameter::Leverancer)?,
            tid: param(Parameter::Tid)?,
            okonomi: param(Parameter::Okonomi)?,
            project_id: r.project_id,
            quarter: r.quarter.to_string(),
            version: r.version,
            is_latest: r.is_latest,
            comment: r.comment,
            spent: r.spent,
            forecast: r.forecast,
            expected_end: r.expected_end,
            reported_by: r.reported_by,
            reported_at: r.reported_at.and_utc(),
        })
    }
}

/// A status report as someone files it: for which project and quarter, the
/// checked report, and in whose name (their own unless given).
pub struct Filing {
    pub project: i32,
    pub quarter: Quarter,
    pub report: StatusReport,
    pub reported_by: Option<i32>,
    /// Spent, forecast and expected end; what is left out stays as last known.
    pub economy: ForecastInput,
}

/// Store a new version of a project's report, if the reporter may and the
/// quarter takes reports, with the audit record, in one transaction; the
/// API and the form share it.
pub fn report(c: &mut DbConnection, who: &Acting, filing: &Filing) -> Result<StatusRow, AppError> {
    let me = who.actor.person_id.unwrap_or_default();
    // Reporting in someone else's name is for those who may report on any project.
    if filing.reported_by.is_some_and(|p| p != me) {
        super::require(who.role, Action::ReportAnyStatus)?;
    }
    let reporter = Reporter {
        person_id: Some(filing.reported_by.unwrap_or(me)),
        at: None,
    };
    let (id, quarter) = (filing.project, filing.quarter);
    // Only this project's answers, the lists and the reports show it.
    write_transaction_of(Change::Project(id), c, |c| {
        let project = projects::get(c, id)?;
        super::require_project(who, project.manager_id, project.owner_id)?;
        crate::reporting::ensure_reportable(c, quarter)?;
        let before = store::latest(c, id, quarter)?;
        let report = crate::db::economy::with_reported(c, id, &filing.report, filing.economy)?;
        let row = store::report(c, id, quarter, &report, &reporter)?;
        audit_report(c, &who.actor, before, &row)?;
        Ok(row)
    })
}

/// The audit record of a stored status version: the version that counted
/// before, and the new one, under `project/quarter`.
pub fn audit_report(
    c: &mut DbConnection,
    actor: &audit::Actor,
    before: Option<StatusRow>,
    after: &StatusRow,
) -> Result<(), AppError> {
    let e = report_entry(before, after)?;
    audit::record(c, actor, e.action, e.entity, e.entity_id, e.before, e.after)
}

/// What `audit_report` writes, for writing many at once.
pub fn report_entry(
    before: Option<StatusRow>,
    after: &StatusRow,
) -> Result<audit::Entry, AppError> {
    let before = before.map(Status::try_from).transpose()?;
    let after_view = Status::try_from(after.clone())?;
    Ok(audit::Entry {
        action: "report",
        entity: "status",
        entity_id: format!("{}/{}", after.project_id, after.quarter),
        before: before.as_ref().and_then(json),
        after: json(&after_view),
    })
}
