//! The council's process in the database: proposals and their systems, the
//! review checklist, Chefforum's list and the register of decisions.

use super::schema::{
    chefforum_items as items, people, project_decisions as decisions, projects, proposal_systems,
    proposals, reviews, scores,
};
use super::{now, stored_word, DbConnection};
use crate::domain::kle::CaseNumber;
use crate::domain::process::{
    Area, Body, DecisionKind, Foundation, Matter, Overlap, RequiredBy, ReviewEntry, Stage,
    SystemLine,
};
use crate::domain::Problem;
use crate::error::AppError;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = proposals)]
struct ProposalRow {
    purpose: String,
    required_by: String,
    stage: String,
    proposed_by: Option<i32>,
    proposed_at: NaiveDateTime,
    overlap: Option<String>,
    overlap_reason: String,
    dilemma: String,
}

/// Where a proposal stands, as stored.
#[derive(Debug, Clone)]
pub struct ProposalState {
    pub purpose: String,
    pub required_by: RequiredBy,
    pub stage: Stage,
    pub proposed_by: Option<i32>,
    pub proposed_at: Option<NaiveDateTime>,
    pub overlap: Option<Overlap>,
    pub overlap_reason: String,
    pub dilemma: String,
}

impl ProposalState {
    /// A proposed project registered before proposals had a foundation
    /// (the seed, an import): submitted, with nothing said yet.
    fn unrecorded(must_do: bool) -> Self {
        Self {
            purpose: String::new(),
            required_by: match must_do {
                true => RequiredBy::Joint,
                false => RequiredBy::None,
            },
            stage: Stage::Submitted,
            proposed_by: None,
            proposed_at: None,
            overlap: None,
            overlap_reason: String::new(),
            dilemma: String::new(),
        }
    }
}

impl TryFrom<ProposalRow> for ProposalState {
    type Error = AppError;

    fn try_from(r: ProposalRow) -> Result<Self, AppError> {
        Ok(Self {
            purpose: r.purpose,
            required_by: stored_word(&r.required_by)?,
            stage: stored_word(&r.stage)?,
            proposed_by: r.proposed_by,
            proposed_at: Some(r.proposed_at),
            overlap: r.overlap.as_deref().map(stored_word).transpose()?,
            overlap_reason: r.overlap_reason,
            dilemma: r.dilemma,
        })
    }
}

/// The proposal of a project, or a submitted one with nothing said when the
/// project was registered as proposed without one.
pub fn proposal(c: &mut DbConnection, project: i32) -> Result<ProposalState, AppError> {
    let row = proposals::table
        .find(project)
        .select(ProposalRow::as_select())
        .first(c)
        .optional()?;
    match row {
        Some(row) => row.try_into(),
        None => {
            let must_do: bool = projects::table
                .find(project)
                .select(projects::must_do)
                .first(c)?;
            Ok(ProposalState::unrecorded(must_do))
        }
    }
}

/// The proposals of these projects in one query; a proposed project without
/// one (the seed, an import) reads as submitted with nothing said.
pub fn proposals_of(
    c: &mut DbConnection,
    projects: &[(i32, bool)],
) -> Result<std::collections::HashMap<i32, ProposalState>, AppError> {
    let ids: Vec<i32> = projects.iter().map(|(id, _)| *id).collect();
    let rows: Vec<(i32, ProposalRow)> = proposals::table
        .filter(proposals::project_id.eq_any(&ids))
        .select((proposals::project_id, ProposalRow::as_select()))
        .load(c)?;
    let mut states = std::collections::HashMap::with_capacity(projects.len());
    for (id, row) in rows {
        states.insert(id, ProposalState::try_from(row)?);
    }
    for (id, must_do) in projects {
        states
            .entry(*id)
            .or_insert_with(|| ProposalState::unrecorded(*must_do));
    }
    Ok(states)
}

/// Store a proposal's foundation (and the row, the first time).
pub fn save_foundation(
    c: &mut DbConnection,
    project: i32,
    f: &Foundation,
    by: Option<i32>,
) -> Result<(), AppError> {
    ensure(c, project, by)?;
    diesel::update(proposals::table.find(project))
        .set((
            proposals::purpose.eq(&f.purpose),
            proposals::required_by.eq(f.required_by.as_str()),
        ))
        .execute(c)?;
    diesel::delete(proposal_systems::table.filter(proposal_systems::project_id.eq(project)))
        .execute(c)?;
    for s in &f.systems {
        diesel::insert_into(proposal_systems::table)
            .values((
                proposal_systems::project_id.eq(project),
                proposal_systems::name.eq(&s.name),
                proposal_systems::functions.eq(s.functions.join("\n")),
            ))
            .execute(c)?;
    }
    Ok(())
}

/// The proposal's row, made from what is known when the project had none.
fn ensure(c: &mut DbConnection, project: i32, by: Option<i32>) -> Result<(), AppError> {
    let exists: i64 = proposals::table
        .filter(proposals::project_id.eq(project))
        .count()
        .get_result(c)?;
    if exists == 0 {
        let state = proposal(c, project)?;
        diesel::insert_into(proposals::table)
            .values((
                proposals::project_id.eq(project),
                proposals::purpose.eq(state.purpose),
                proposals::required_by.eq(state.required_by.as_str()),
                proposals::stage.eq(Stage::Submitted.as_str()),
                proposals::proposed_by.eq(by),
                proposals::proposed_at.eq(now()),
                proposals::overlap_reason.eq(""),
                proposals::dilemma.eq(""),
            ))
            .execute(c)?;
    }
    Ok(())
}

pub fn set_stage(c: &mut DbConnection, project: i32, stage: Stage) -> Result<(), AppError> {
    ensure(c, project, None)?;
    diesel::update(proposals::table.find(project))
        .set(proposals::stage.eq(stage.as_str()))
        .execute(c)?;
    Ok(())
}

pub fn set_overlap(
    c: &mut DbConnection,
    project: i32,
    verdict: Overlap,
    reason: &str,
) -> Result<(), AppError> {
    ensure(c, project, None)?;
    diesel::update(proposals::table.find(project))
        .set((
            proposals::overlap.eq(verdict.as_str()),
            proposals::overlap_reason.eq(reason),
        ))
        .execute(c)?;
    Ok(())
}

pub fn set_dilemma(c: &mut DbConnection, project: i32, dilemma: &str) -> Result<(), AppError> {
    ensure(c, project, None)?;
    diesel::update(proposals::table.find(project))
        .set(proposals::dilemma.eq(dilemma))
        .execute(c)?;
    Ok(())
}

/// The systems a proposal names, in the order given.
pub fn systems_of(c: &mut DbConnection, project: i32) -> Result<Vec<SystemLine>, AppError> {
    let rows: Vec<(String, String)> = proposal_systems::table
        .filter(proposal_systems::project_id.eq(project))
        .order(proposal_systems::id)
        .select((proposal_systems::name, proposal_systems::functions))
        .load(c)?;
    Ok(rows
        .into_iter()
        .map(|(name, functions)| SystemLine {
            name,
            functions: functions.lines().map(str::to_string).collect(),
        })
        .collect())
}

/// Every proposal's systems with its project's department (the other
/// proposals a new one is matched against).
pub fn all_systems(c: &mut DbConnection) -> Result<Vec<(i32, SystemLine)>, AppError> {
    let rows: Vec<(i32, String, String)> = proposal_systems::table
        .order(proposal_systems::id)
        .select((
            proposal_systems::project_id,
            proposal_systems::name,
            proposal_systems::functions,
        ))
        .load(c)?;
    Ok(rows
        .into_iter()
        .map(|(project, name, functions)| {
            let functions = functions.lines().map(str::to_string).collect();
            (project, SystemLine { name, functions })
        })
        .collect())
}

/// One entry of the checklist as recorded.
#[derive(Debug, Clone)]
pub struct ReviewRecord {
    pub entry: ReviewEntry,
    pub reviewed_by: Option<String>,
    pub reviewed_at: NaiveDateTime,
}

pub fn reviews_of(c: &mut DbConnection, project: i32) -> Result<Vec<ReviewRecord>, AppError> {
    let rows: Vec<(String, String, String, Option<String>, NaiveDateTime)> = reviews::table
        .left_join(people::table.on(people::id.nullable().eq(reviews::reviewed_by)))
        .filter(reviews::project_id.eq(project))
        .select((
            reviews::area,
            reviews::verdict,
            reviews::remark,
            people::name.nullable(),
            reviews::reviewed_at,
        ))
        .load(c)?;
    let mut records = rows
        .into_iter()
        .map(|(area, verdict, remark, by, at)| {
            Ok(ReviewRecord {
                entry: ReviewEntry {
                    area: stored_word(&area)?,
                    verdict: stored_word(&verdict)?,
                    remark,
                },
                reviewed_by: by,
                reviewed_at: at,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    records.sort_by_key(|r| Area::ALL.iter().position(|a| *a == r.entry.area));
    Ok(records)
}

/// Record (or replace) the verdict on one area.
pub fn set_review(
    c: &mut DbConnection,
    project: i32,
    e: &ReviewEntry,
    by: Option<i32>,
) -> Result<(), AppError> {
    diesel::delete(
        reviews::table
            .filter(reviews::project_id.eq(project))
            .filter(reviews::area.eq(e.area.as_str())),
    )
    .execute(c)?;
    diesel::insert_into(reviews::table)
        .values((
            reviews::project_id.eq(project),
            reviews::area.eq(e.area.as_str()),
            reviews::verdict.eq(e.verdict.as_str()),
            reviews::remark.eq(&e.remark),
            reviews::reviewed_by.eq(by),
            reviews::reviewed_at.eq(now()),
        ))
        .execute(c)?;
    Ok(())
}

/// A decision to record.
#[derive(Debug, Clone)]
pub struct NewDecision<'a> {
    pub project: i32,
    pub body: Body,
    pub kind: DecisionKind,
    pub decided_on: NaiveDate,
    pub case_number: Option<&'a CaseNumber>,
    pub text: &'a str,
    pub by: Option<i32>,
}

pub fn record_decision(c: &mut DbConnection, d: &NewDecision) -> Result<i32, AppError> {
    Ok(diesel::insert_into(decisions::table)
        .values((
            decisions::project_id.eq(d.project),
            decisions::body.eq(d.body.as_str()),
            decisions::kind.eq(d.kind.as_str()),
            decisions::decided_on.eq(d.decided_on),
            decisions::case_number.eq(d.case_number.map(|n| n.as_str())),
            decisions::text.eq(d.text),
            decisions::recorded_by.eq(d.by),
            decisions::recorded_at.eq(now()),
        ))
        .returning(decisions::id)
        .get_result(c)?)
}

/// A decision in the register, with its project and who recorded it.
#[derive(Debug, Clone)]
pub struct DecisionRecord {
    pub id: i32,
    pub project_id: i32,
    pub project: String,
    pub department_id: i32,
    pub body: Body,
    pub kind: DecisionKind,
    pub decided_on: NaiveDate,
    pub case_number: Option<String>,
    pub text: String,
    pub recorded_by: Option<String>,
    pub recorded_at: NaiveDateTime,
}

/// Which decisions to list; every filter optional.
#[derive(Debug, Clone, Default)]
pub struct DecisionFilter {
    pub project: Option<i32>,
    pub body: Option<Body>,
    pub kind: Option<DecisionKind>,
    pub department: Option<i32>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

type DecisionTuple = (
    i32,
    i32,
    String,
    i32,
    String,
    String,
    NaiveDate,
    Option<String>,
    String,
    Option<String>,
    NaiveDateTime,
);

/// The register, newest decision first.
pub fn decisions(
    c: &mut DbConnection,
    f: &DecisionFilter,
) -> Result<Vec<DecisionRecord>, AppError> {
    let mut q = decisions::table
        .inner_join(projects::table)
        .left_join(people::table.on(people::id.nullable().eq(decisions::recorded_by)))
        .select((
            decisions::id,
            decisions::project_id,
            projects::name,
            projects::department_id,
            decisions::body,
            decisions::kind,
            decisions::decided_on,
            decisions::case_number,
            decisions::text,
            people::name.nullable(),
            decisions::recorded_at,
        ))
        .order((decisions::decided_on.desc(), decisions::id.desc()))
        .into_boxed();
    if let Some(p) = f.project {
        q = q.filter(decisions::project_id.eq(p));
    }
    if let Some(b) = f.body {
        q = q.filter(decisions::body.eq(b.as_str()));
    }
    if let Some(k) = f.kind {
        q = q.filter(decisions::kind.eq(k.as_str()));
    }
    if let Some(d) = f.department {
        q = q.filter(projects::department_id.eq(d));
    }
    if let Some(from) = f.from {
        q = q.filter(decisions::decided_on.ge(from));
    }
    if let Some(to) = f.to {
        q = q.filter(decisions::decided_on.le(to));
    }
    let rows: Vec<DecisionTuple> = q.load(c)?;
    rows.into_iter().map(decision_record).collect()
}

fn decision_record(t: DecisionTuple) -> Result<DecisionRecord, AppError> {
    let (id, project_id, project, department_id, body, kind, decided_on, case_number, text, by, at) =
        t;
    Ok(DecisionRecord {
        id,
        project_id,
        project,
        department_id,
        body: stored_word(&body)?,
        kind: stored_word(&kind)?,
        decided_on,
        case_number,
        text,
        recorded_by: by,
        recorded_at: at,
    })
}

/// A matter on Chefforum's list.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = items)]
pub struct ItemRow {
    pub id: i32,
    pub project_id: i32,
    pub matter: String,
    pub ending: Option<String>,
    pub reason: String,
    pub referred_on: NaiveDate,
    pub referred_by: Option<i32>,
    pub decision_id: Option<i32>,
}

impl ItemRow {
    pub fn matter(&self) -> Result<Matter, AppError> {
        stored_word(&self.matter)
    }
}

/// Put a matter on Chefforum's list; a project has one open matter at a time.
pub fn refer(
    c: &mut DbConnection,
    project: i32,
    (matter, ending): (Matter, Option<&str>),
    reason: &str,
    on: NaiveDate,
    by: Option<i32>,
) -> Result<i32, AppError> {
    diesel::insert_into(items::table)
        .values((
            items::project_id.eq(project),
            items::matter.eq(matter.as_str()),
            items::ending.eq(ending),
            items::reason.eq(reason),
            items::referred_on.eq(on),
            items::referred_by.eq(by),
        ))
        .returning(items::id)
        .get_result(c)
        .map_err(|e| match e {
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            ) => AppError::conflict(
                None,
                Problem::WrongStage,
                format!("project {project} already has a matter on Chefforum's list"),
            ),
            other => other.into(),
        })
}

pub fn item(c: &mut DbConnection, id: i32) -> Result<ItemRow, AppError> {
    items::table
        .find(id)
        .select(ItemRow::as_select())
        .first(c)
        .optional()?
        .ok_or_else(|| AppError::NotFound(format!("no matter {id} on Chefforum's list")))
}

/// An open matter with its project's name, department and kind.
#[derive(Debug, Clone)]
pub struct OpenMatter {
    pub item: ItemRow,
    pub name: String,
    pub department: String,
    pub kind: crate::domain::project::Kind,
}

/// The open matters with their projects, oldest referral first, in one query.
pub fn open_matters(c: &mut DbConnection) -> Result<Vec<OpenMatter>, AppError> {
    use super::schema::departments;
    let rows: Vec<(ItemRow, String, String, String)> = items::table
        .inner_join(projects::table.inner_join(departments::table))
        .filter(items::decision_id.is_null())
        .order((items::referred_on, items::id))
        .select((
            ItemRow::as_select(),
            projects::name,
            departments::name,
            projects::kind,
        ))
        .load(c)?;
    rows.into_iter()
        .map(|(item, name, department, kind)| {
            Ok(OpenMatter {
                item,
                name,
                department,
                kind: stored_word(&kind)?,
            })
        })
        .collect()
}

pub fn open_item_of(c: &mut DbConnection, project: i32) -> Result<Option<ItemRow>, AppError> {
    Ok(items::table
        .filter(items::project_id.eq(project))
        .filter(items::decision_id.is_null())
        .select(ItemRow::as_select())
        .first(c)
        .optional()?)
}

/// Close a matter with Chefforum's decision, unless someone already did.
pub fn settle(c: &mut DbConnection, item: i32, decision: i32) -> Result<(), AppError> {
    let changed = diesel::update(items::table.find(item).filter(items::decision_id.is_null()))
        .set(items::decision_id.eq(decision))
        .execute(c)?;
    match changed {
        1 => Ok(()),
        _ => Err(AppError::conflict(
            None,
            Problem::AlreadyDecided,
            format!("matter {item} is already decided"),
        )),
    }
}

/// The proposals not yet decided, with their project ids.
pub fn undecided(c: &mut DbConnection) -> Result<Vec<i32>, AppError> {
    Ok(projects::table
        .filter(projects::state.eq("proposed"))
        .select(projects::id)
        .load(c)?)
}

/// Whether the register holds decisions on the project.
pub fn has_decisions(c: &mut DbConnection, project: i32) -> Result<bool, AppError> {
    let n: i64 = decisions::table
        .filter(decisions::project_id.eq(project))
        .count()
        .get_result(c)?;
    Ok(n > 0)
}

/// A deleted project's proposal, systems, review and scores.
pub fn delete_of_project(c: &mut DbConnection, project: i32) -> Result<(), AppError> {
    diesel::delete(scores::table.filter(scores::project_id.eq(project))).execute(c)?;
    diesel::delete(reviews::table.filter(reviews::project_id.eq(project))).execute(c)?;
    diesel::delete(proposal_systems::table.filter(proposal_systems::project_id.eq(project)))
        .execute(c)?;
    diesel::delete(proposals::table.find(project)).execute(c)?;
    Ok(())
}

/// Every project's id, name, department and state (the duplicate check's candidates).
pub fn project_names(c: &mut DbConnection) -> Result<Vec<(i32, String, i32, String)>, AppError> {
    Ok(projects::table
        .select((
            projects::id,
            projects::name,
            projects::department_id,
            projects::state,
        ))
        .load(c)?)
}

/// The undecided proposals whose priority the council lays before Chefforum.
pub fn dilemmas(c: &mut DbConnection) -> Result<Vec<(i32, String, String)>, AppError> {
    Ok(proposals::table
        .inner_join(projects::table)
        .filter(proposals::dilemma.ne(""))
        .filter(projects::state.eq("proposed"))
        .select((projects::id, projects::name, proposals::dilemma))
        .load(c)?)
}

/// Chefforum's open matters as the Q-report carries them, oldest first.
pub fn agenda(c: &mut DbConnection) -> Result<Vec<crate::domain::report::AgendaItem>, AppError> {
    open_matters(c)?
        .into_iter()
        .map(|m| {
            Ok(crate::domain::report::AgendaItem {
                matter: m.item.matter()?,
                cancelled: m.item.ending.as_deref() == Some("cancelled"),
                project_id: m.item.project_id,
                reason: m.item.reason,
                referred_on: m.item.referred_on,
                name: m.name,
                department: m.department,
            })
        })
        .collect()
}

/// Forget the overlap verdict (the proposal's systems changed since).
pub fn clear_overlap(c: &mut DbConnection, project: i32) -> Result<(), AppError> {
    diesel::update(proposals::table.find(project))
        .set((
            proposals::overlap.eq(None::<String>),
            proposals::overlap_reason.eq(""),
        ))
        .execute(c)?;
    Ok(())
}
