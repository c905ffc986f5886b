//! Loads the facts a Q-report is built from in a fixed number of queries,
//! whatever the size of the portfolio, and keeps Chefforum's decisions.

use super::schema::{decisions, people, projects, status_reports, strategies};
use super::status::{stored_colour, StatusRow};
use super::{now, DbConnection};
use crate::domain::project::{Kind, Lifecycle};
use crate::domain::quarter::Quarter;
use crate::domain::report::{FocusAreaFacts, Person, PortfolioFacts, ProjectFacts, ReportFacts};
use crate::domain::status::Parameter;
use crate::error::AppError;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use std::collections::HashMap;

fn stored<T>(
    value: &str,
    parse: fn(&str, &str) -> Result<T, crate::domain::ValidationError>,
) -> Result<T, AppError> {
    parse("stored", value).map_err(|e| AppError::Internal(format!("unexpected stored value: {e}")))
}

/// Every project, with the names it refers to (4 queries).
pub fn project_facts(conn: &mut DbConnection) -> Result<Vec<ProjectFacts>, AppError> {
    let rows = projects::table
        .select(super::projects::ProjectRow::as_select())
        .load(conn)?;
    let departments: HashMap<i32, String> = super::departments::list(conn)?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let phases: HashMap<i32, (String, i32)> = super::phases::list(conn)?
        .into_iter()
        .map(|p| (p.id, (p.name, p.position)))
        .collect();
    let persons: HashMap<i32, Person> = people::table
        .select((people::id, people::name, people::email))
        .load::<(i32, String, String)>(conn)?
        .into_iter()
        .map(|(id, name, email)| (id, Person { name, email }))
        .collect();
    let names: HashMap<i32, String> = rows.iter().map(|r| (r.id, r.name.clone())).collect();
    rows.into_iter()
        .map(|r| {
            let (phase, phase_position) = phases.get(&r.phase_id).cloned().unwrap_or_default();
            Ok(ProjectFacts {
                programme: r.parent_id.and_then(|p| names.get(&p).cloned()),
                department: departments
                    .get(&r.department_id)
                    .cloned()
                    .unwrap_or_default(),
                manager: r.manager_id.and_then(|id| persons.get(&id).cloned()),
                owner: r.owner_id.and_then(|id| persons.get(&id).cloned()),
                phase,
                phase_position,
                kind: stored(&r.kind, Kind::parse)?,
                state: stored(&r.state, Lifecycle::parse)?,
                id: r.id,
                name: r.name,
                description: r.description,
                parent_id: r.parent_id,
                department_id: r.department_id,
                phase_id: r.phase_id,
                must_do: r.must_do,
                focus_area_id: r.focus_area_id,
                start_date: r.start_date,
                planned_end: r.planned_end,
                ended_on: r.ended_on,
                cancel_reason: r.cancel_reason,
            })
        })
        .collect()
}

fn report_facts(row: StatusRow) -> Result<ReportFacts, AppError> {
    let quarter = row
        .quarter
        .parse()
        .map_err(|_| AppError::Internal(format!("stored quarter {}", row.quarter)))?;
    let mut colours = [crate::domain::status::Colour::Green; 4];
    let mut comments: [String; 4] = Default::default();
    for p in Parameter::ALL {
        let (colour, comment) = row.colour(p);
        colours[p as usize] = stored_colour(colour)?;
        comments[p as usize] = comment.to_string();
    }
    Ok(ReportFacts {
        project_id: row.project_id,
        quarter,
        colours,
        comments,
        comment: row.comment,
    })
}

/// The versions that count for the given quarters (one query).
pub fn latest_reports(
    conn: &mut DbConnection,
    quarters: &[Quarter],
) -> Result<Vec<ReportFacts>, AppError> {
    let codes: Vec<String> = quarters.iter().map(Quarter::to_string).collect();
    status_reports::table
        .filter(status_reports::is_latest.eq(true))
        .filter(status_reports::quarter.eq_any(codes))
        .select(StatusRow::as_select())
        .load(conn)?
        .into_iter()
        .map(report_facts)
        .collect()
}

/// Everything the quarter's report is built from, as it stands now.
pub fn facts(
    conn: &mut DbConnection,
    quarter: Quarter,
    as_of: NaiveDate,
) -> Result<PortfolioFacts, AppError> {
    let deadline = super::quarters::get(conn, quarter)?.deadline;
    let projects = project_facts(conn)?;
    let reports = latest_reports(conn, &[quarter, quarter.previous()])?;
    let strategy_names: HashMap<i32, String> = strategies::table
        .select((strategies::id, strategies::name))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .collect();
    let departments: HashMap<i32, String> = super::departments::list(conn)?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let focus_areas = super::focus_areas::list(conn)?
        .into_iter()
        .map(|f| FocusAreaFacts {
            id: f.id,
            name: f.name,
            department: departments
                .get(&f.department_id)
                .cloned()
                .unwrap_or_default(),
            strategy: strategy_names
                .get(&f.strategy_id)
                .cloned()
                .unwrap_or_default(),
        })
        .collect();
    Ok(PortfolioFacts {
        quarter,
        deadline,
        as_of,
        projects,
        reports,
        focus_areas,
    })
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = decisions)]
pub struct DecisionRow {
    pub id: i32,
    pub quarter: String,
    pub meeting_date: NaiveDate,
    pub text: String,
    pub case_number: Option<String>,
    pub recorded_at: NaiveDateTime,
    pub is_current: bool,
    pub snapshot: String,
}

impl DecisionRow {
    pub fn facts(&self) -> Result<PortfolioFacts, AppError> {
        serde_json::from_str(&self.snapshot)
            .map_err(|e| AppError::Internal(format!("decision snapshot: {e}")))
    }
}

pub fn current_decision(
    conn: &mut DbConnection,
    quarter: Quarter,
) -> Result<Option<DecisionRow>, AppError> {
    Ok(decisions::table
        .filter(decisions::quarter.eq(quarter.to_string()))
        .filter(decisions::is_current.eq(true))
        .select(DecisionRow::as_select())
        .first(conn)
        .optional()?)
}

/// All decisions on the quarter, the current one first.
pub fn decision_history(
    conn: &mut DbConnection,
    quarter: Quarter,
) -> Result<Vec<DecisionRow>, AppError> {
    Ok(decisions::table
        .filter(decisions::quarter.eq(quarter.to_string()))
        .order((decisions::is_current.desc(), decisions::id.desc()))
        .select(DecisionRow::as_select())
        .load(conn)?)
}

pub struct NewDecision {
    pub meeting_date: NaiveDate,
    pub text: String,
    pub case_number: Option<String>,
    /// Replaces an earlier decision, which stays in the history.
    pub correction: bool,
}

/// Record Chefforum's decision and freeze the report as it stands.
/// Runs inside a write transaction.
pub fn decide(
    conn: &mut DbConnection,
    quarter: Quarter,
    decision: &NewDecision,
) -> Result<DecisionRow, AppError> {
    let existing = current_decision(conn, quarter)?;
    match (&existing, decision.correction) {
        (Some(d), false) => {
            return Err(AppError::conflict(
                Some("correction"),
                format!(
                    "Chefforum already decided on {quarter} on {}; send \"correction\": true to record a new decision",
                    crate::domain::danish::format_date(d.meeting_date)
                ),
            ))
        }
        (None, true) => {
            return Err(AppError::conflict(
                Some("correction"),
                format!("there is no decision on {quarter} to correct"),
            ))
        }
        _ => {}
    }
    let facts = facts(conn, quarter, decision.meeting_date)?;
    let snapshot = serde_json::to_string(&facts).map_err(|e| AppError::Internal(e.to_string()))?;
    if existing.is_some() {
        diesel::update(decisions::table.filter(decisions::quarter.eq(quarter.to_string())))
            .set(decisions::is_current.eq(false))
            .execute(conn)?;
    }
    let id: i32 = diesel::insert_into(decisions::table)
        .values((
            decisions::quarter.eq(quarter.to_string()),
            decisions::meeting_date.eq(decision.meeting_date),
            decisions::text.eq(&decision.text),
            decisions::case_number.eq(decision.case_number.as_deref()),
            decisions::recorded_at.eq(now()),
            decisions::is_current.eq(true),
            decisions::snapshot.eq(snapshot),
        ))
        .returning(decisions::id)
        .get_result(conn)?;
    Ok(decisions::table
        .find(id)
        .select(DecisionRow::as_select())
        .first(conn)?)
}
