//! Loads the facts a Q-report is built from in a fixed number of queries,
//! whatever the size of the portfolio, and keeps Chefforum's decisions.

use super::departments::DepartmentRow;
use super::schema::{decisions, people, projects, status_reports, strategies};
use super::stored_word;
use super::{now, DbConnection};
use crate::domain::decision::Decision;
use crate::domain::economy::{default_operating_from, Figures, Forecast};
use crate::domain::project::{Kind, Lifecycle};
use crate::domain::quarter::Quarter;
use crate::domain::report::{
    CompletedFacts, FocusAreaFacts, MilestoneFacts, Person, PortfolioFacts, ProjectFacts,
    ReportFacts, STREAK_QUARTERS,
};
use crate::domain::status::Colour;
use crate::error::AppError;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use std::collections::HashMap;

diesel::alias!(
    people as managers: ManagersAlias,
    people as owners: OwnersAlias,
    projects as parents: ParentsAlias
);

/// Which projects a report needs.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    /// Every project (the trend over many quarters).
    All,
    /// Those that can be in the quarter's report, or ahead of it: not ended
    /// before the quarter began. `ProjectFacts::in_progress` decides the rest.
    Quarter(Quarter),
}

type FactsRow = (
    (
        i32,
        String,
        Option<i32>,
        i32,
        i32,
        String,
        bool,
        Option<i32>,
        String,
        Option<NaiveDate>,
        Option<NaiveDate>,
        Option<NaiveDate>,
        Option<String>,
    ),
    (String, String, i32),
    (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    ),
    Option<String>,
    (i64, i64, i64),
);

/// The projects in scope with the names they refer to, in one query. The
/// description is only read when asked for: it is the largest column and
/// only a text filter or a decision's snapshot uses it.
pub fn project_facts(
    conn: &mut DbConnection,
    scope: Scope,
    with_description: bool,
) -> Result<Vec<ProjectFacts>, AppError> {
    use super::schema::{departments, phases};
    let mut query = projects::table
        .inner_join(departments::table)
        .inner_join(phases::table)
        .left_join(managers.on(projects::manager_id.eq(managers.field(people::id).nullable())))
        .left_join(owners.on(projects::owner_id.eq(owners.field(people::id).nullable())))
        .left_join(parents.on(projects::parent_id.eq(parents.field(projects::id).nullable())))
        .select((
            (
                projects::id,
                projects::name,
                projects::parent_id,
                projects::department_id,
                projects::phase_id,
                projects::kind,
                projects::must_do,
                projects::focus_area_id,
                projects::state,
                projects::start_date,
                projects::planned_end,
                projects::ended_on,
                projects::cancel_reason,
            ),
            (departments::name, phases::name, phases::position),
            (
                managers.field(people::name).nullable(),
                managers.field(people::email).nullable(),
                owners.field(people::name).nullable(),
                owners.field(people::email).nullable(),
            ),
            parents.field(projects::name).nullable(),
            (projects::budget, projects::spent, projects::operating_cost),
        ))
        .into_boxed();
    if let Scope::Quarter(q) = scope {
        // Proposed projects come along for the report's future projects.
        query = query.filter(
            projects::ended_on
                .is_null()
                .or(projects::ended_on.ge(q.first_day())),
        );
    }
    let rows: Vec<FactsRow> = query.load(conn)?;
    let mut descriptions = match with_description {
        true => descriptions(conn, &rows)?,
        false => HashMap::new(),
    };
    let mut economy = super::economy::all(conn)?;
    let baselines = super::baselines::all_current(conn)?;
    let departments: HashMap<i32, DepartmentRow> = super::departments::list(conn)?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    rows.into_iter()
        .map(|row| {
            let id = row.0 .0;
            let description = descriptions.remove(&id).unwrap_or_default();
            let mut facts = project_of(row, description)?;
            let stored = economy.remove(&id).unwrap_or_default();
            with_economy(&mut facts, stored, &departments);
            facts.baseline = baselines.get(&id).copied();
            Ok(facts)
        })
        .collect()
}

/// The project's economy, directorate and financing department into its facts.
fn with_economy(
    facts: &mut ProjectFacts,
    stored: super::economy::EconomyRow,
    departments: &HashMap<i32, DepartmentRow>,
) {
    let name = |id: i32| departments.get(&id).map(|d| d.name.clone());
    facts.directorate = departments
        .get(&facts.department_id)
        .map(|d| d.directorate.clone())
        .unwrap_or_default();
    facts.financing = stored.financing_department_id.and_then(name);
    facts.contract_end = stored.contract_end;
    facts.expected_end = stored.expected_end;
    let end = stored.expected_end.or(facts.planned_end);
    facts.economy.forecast = stored.forecast.unwrap_or(facts.economy.budget);
    facts.economy.operating_from = default_operating_from(stored.operating_from, end);
    facts.economy.benefit_yearly = stored.benefit_yearly;
    facts.economy.benefit_from = stored.benefit_from;
}

/// The descriptions of the loaded projects, by id.
fn descriptions(
    conn: &mut DbConnection,
    rows: &[FactsRow],
) -> Result<HashMap<i32, String>, AppError> {
    let ids: Vec<i32> = rows.iter().map(|r| r.0 .0).collect();
    let mut all = HashMap::with_capacity(ids.len());
    // In chunks: a parameter list has a size limit on both backends.
    for chunk in ids.chunks(10_000) {
        all.extend(
            projects::table
                .filter(projects::id.eq_any(chunk))
                .select((projects::id, projects::description))
                .load::<(i32, String)>(conn)?,
        );
    }
    Ok(all)
}

fn project_of(row: FactsRow, description: String) -> Result<ProjectFacts, AppError> {
    let (p, (department, phase, phase_position), (mn, me, on, oe), programme, money) = row;
    let (budget, spent, operating_cost) = money;
    let person = |name: Option<String>, email: Option<String>| {
        name.zip(email).map(|(name, email)| Person { name, email })
    };
    Ok(ProjectFacts {
        description,
        id: p.0,
        name: p.1,
        parent_id: p.2,
        department_id: p.3,
        phase_id: p.4,
        kind: stored_word::<Kind>(&p.5)?,
        must_do: p.6,
        focus_area_id: p.7,
        state: stored_word::<Lifecycle>(&p.8)?,
        start_date: p.9,
        planned_end: p.10,
        ended_on: p.11,
        cancel_reason: p.12,
        programme,
        department,
        manager: person(mn, me),
        owner: person(on, oe),
        phase,
        phase_position,
        directorate: String::new(),
        economy: Figures {
            budget,
            spent,
            forecast: budget,
            operating_cost,
            ..Figures::default()
        },
        expected_end: None,
        financing: None,
        contract_end: None,
        baseline: None,
    })
}

type ReportColumns = (
    i32,
    String,
    Colours,
    (String, String, String, String),
    String,
    (Option<i64>, Option<i64>, Option<NaiveDate>),
);

/// Stored colours are always the English words; no need for `Colour::parse`'s
/// Danish spellings and lower-casing on every row of a report.
fn colour_of(value: &str) -> Result<Colour, AppError> {
    match value {
        "green" => Ok(Colour::Green),
        "yellow" => Ok(Colour::Yellow),
        "red" => Ok(Colour::Red),
        other => stored_word(other),
    }
}

/// The versions that count for the given quarters (one query, only the
/// columns a report shows).
pub fn latest_reports(
    conn: &mut DbConnection,
    quarters: &[Quarter],
) -> Result<Vec<ReportFacts>, AppError> {
    let codes: Vec<String> = quarters.iter().map(Quarter::to_string).collect();
    let rows: Vec<ReportColumns> = status_reports::table
        .filter(status_reports::is_latest.eq(true))
        .filter(status_reports::quarter.eq_any(&codes))
        .select((
            status_reports::project_id,
            status_reports::quarter,
            (
                status_reports::ressourcer,
                status_reports::leverancer,
                status_reports::tid,
                status_reports::okonomi,
            ),
            (
                status_reports::ressourcer_comment,
                status_reports::leverancer_comment,
                status_reports::tid_comment,
                status_reports::okonomi_comment,
            ),
            status_reports::comment,
            (
                status_reports::spent,
                status_reports::forecast,
                status_reports::expected_end,
            ),
        ))
        .load(conn)?;
    rows.into_iter()
        .map(
            |(project_id, code, colours, (rc, lc, tc, oc), comment, money)| {
                let (spent, forecast, expected_end) = money;
                Ok(ReportFacts {
                    comments: [rc, lc, tc, oc],
                    comment,
                    economy: spent.zip(forecast).map(|(spent, forecast)| Forecast {
                        spent,
                        forecast,
                        expected_end,
                    }),
                    ..facts_of(quarters, &codes, project_id, &code, &colours)?
                })
            },
        )
        .collect()
}

/// Ressourcer, leverancer, tid, økonomi as stored.
type Colours = (String, String, String, String);

/// The colours alone of the versions that count, for a trend over many
/// quarters: the comments are most of a report's bytes and a trend shows none.
pub fn latest_colours(
    conn: &mut DbConnection,
    quarters: &[Quarter],
) -> Result<Vec<ReportFacts>, AppError> {
    let codes: Vec<String> = quarters.iter().map(Quarter::to_string).collect();
    let rows: Vec<(i32, String, Colours)> = status_reports::table
        .filter(status_reports::is_latest.eq(true))
        .filter(status_reports::quarter.eq_any(&codes))
        .select((
            status_reports::project_id,
            status_reports::quarter,
            (
                status_reports::ressourcer,
                status_reports::leverancer,
                status_reports::tid,
                status_reports::okonomi,
            ),
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(project_id, code, colours)| facts_of(quarters, &codes, project_id, &code, &colours))
        .collect()
}

/// A stored report's quarter and colours, without comments; `codes` are
/// `quarters` as stored.
fn facts_of(
    quarters: &[Quarter],
    codes: &[String],
    project_id: i32,
    code: &str,
    (r, l, t, o): &Colours,
) -> Result<ReportFacts, AppError> {
    let quarter = codes
        .iter()
        .position(|c| c == code)
        .map(|i| quarters[i])
        .ok_or_else(|| AppError::Internal(format!("stored quarter {code}")))?;
    Ok(ReportFacts {
        project_id,
        quarter,
        // In `Parameter::ALL` order.
        colours: [colour_of(r)?, colour_of(l)?, colour_of(t)?, colour_of(o)?],
        comments: Default::default(),
        comment: String::new(),
        economy: None,
    })
}

/// Everything the quarter's report is built from, as it stands now.
pub fn facts(
    conn: &mut DbConnection,
    quarter: Quarter,
    as_of: NaiveDate,
    with_description: bool,
) -> Result<PortfolioFacts, AppError> {
    let deadline = super::quarters::get(conn, quarter)?.deadline;
    let projects = project_facts(conn, Scope::Quarter(quarter), with_description)?;
    // Earlier quarters only decide what turned red or green and how long a
    // parameter has been red: their colours do.
    let mut reports = latest_reports(conn, &[quarter])?;
    let mut earlier = vec![];
    let mut q = quarter;
    for _ in 1..STREAK_QUARTERS {
        q = q.previous();
        earlier.push(q);
    }
    reports.extend(latest_colours(conn, &earlier)?);
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
        tolerances: super::baselines::tolerances(conn)?,
        milestones: milestone_facts(conn)?,
        assessments: super::assessments::of_quarter(conn, quarter)?,
        chefforum: super::process::agenda(conn)?,
        completed: super::benefits::completed(conn)?
            .into_iter()
            .map(
                |(project_id, name, department, ended_on, followed_up, benefits)| CompletedFacts {
                    project_id,
                    name,
                    department,
                    ended_on,
                    followed_up,
                    benefits,
                },
            )
            .collect(),
    })
}

/// Every milestone with its moves; the report picks those of its projects.
fn milestone_facts(conn: &mut DbConnection) -> Result<Vec<MilestoneFacts>, AppError> {
    Ok(super::milestones::all_with_moves(conn)?
        .into_iter()
        .map(|(m, moves)| MilestoneFacts {
            date: m.date(),
            id: m.id,
            project_id: m.project_id,
            name: m.name,
            tender: m.tender,
            planned: m.planned,
            done_on: m.done_on,
            moves,
        })
        .collect())
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = decisions)]
pub struct DecisionRow {
    pub id: i32,
    #[diesel(deserialize_as = String)]
    pub quarter: Quarter,
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

/// The meeting date of each quarter's current decision.
pub fn approvals(conn: &mut DbConnection) -> Result<Vec<(Quarter, NaiveDate)>, AppError> {
    let rows: Vec<(String, NaiveDate)> = decisions::table
        .filter(decisions::is_current.eq(true))
        .select((decisions::quarter, decisions::meeting_date))
        .load(conn)?;
    rows.into_iter()
        .map(|(code, day)| Ok((Quarter::parse("stored", &code)?, day)))
        .collect()
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

/// Record Chefforum's decision (the rules are checked: see `app::decisions`)
/// and freeze the report as it stands; an earlier decision stays in the
/// history as not current. Runs inside a write transaction.
pub fn decide(
    conn: &mut DbConnection,
    quarter: Quarter,
    decision: &Decision,
) -> Result<DecisionRow, AppError> {
    let existing = current_decision(conn, quarter)?;
    let facts = facts(conn, quarter, decision.meeting_date, true)?;
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
            decisions::case_number.eq(decision.case_number.as_ref().map(|c| c.as_str())),
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
