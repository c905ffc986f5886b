//! Chefforum's list and the steps around it: the council refers a strategic
//! project to start or to close, Chefforum decides with meeting date, case
//! number and text; an approved project is started; the council closes an
//! operational project itself.

use super::projects::{detail_of, ProjectDetail, StateChange};
use super::proposals::{approve, reject};
use super::types::{ChefforumMatter, LifecycleState, ProjectKind};
use super::Acting;
use crate::db::process::{self as store, ItemRow, NewDecision, OpenMatter};
use crate::db::{projects, write_transaction, DbConnection};
use crate::domain::access::Action;
use crate::domain::decision::Decision;
use crate::domain::process::{deciding_body, Body, DecisionKind, Matter, TEXT_MAX};
use crate::domain::project::Lifecycle;
use crate::domain::Problem;
use crate::error::AppError;
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

/// A matter on Chefforum's list.
#[derive(Serialize, ToSchema, Clone)]
pub struct MatterView {
    pub id: i32,
    pub project_id: i32,
    pub project: String,
    pub department: String,
    pub kind: ProjectKind,
    pub matter: ChefforumMatter,
    /// For a closure: completed or cancelled.
    pub ending: Option<LifecycleState>,
    /// The council's recommendation or the reason to close.
    pub reason: String,
    pub referred_on: NaiveDate,
    /// Chefforum's decision, once recorded.
    pub decision_id: Option<i32>,
}

/// A dilemma of the priorities the council lays before Chefforum.
#[derive(Serialize, ToSchema, Clone)]
pub struct DilemmaView {
    pub project_id: i32,
    pub project: String,
    pub dilemma: String,
}

/// "Til Chefforum": the open matters, oldest first, and the dilemmas.
#[derive(Serialize, ToSchema, Clone)]
pub struct ChefforumList {
    pub matters: Vec<MatterView>,
    pub dilemmas: Vec<DilemmaView>,
}

/// One matter, its project read by id.
fn matter_view(c: &mut DbConnection, item: ItemRow) -> Result<MatterView, AppError> {
    let named = projects::named(c, item.project_id)?;
    let open = OpenMatter {
        item,
        name: named.row.name,
        department: named.department,
        kind: named.row.kind,
    };
    view_of(open)
}

fn view_of(m: OpenMatter) -> Result<MatterView, AppError> {
    let item = m.item;
    let ending = match item.ending.as_deref() {
        Some(e) => Some(Lifecycle::parse("ending", e)?.into()),
        None => None,
    };
    Ok(MatterView {
        matter: item.matter()?.into(),
        id: item.id,
        project_id: item.project_id,
        project: m.name,
        department: m.department,
        kind: m.kind.into(),
        ending,
        reason: item.reason,
        referred_on: item.referred_on,
        decision_id: item.decision_id,
    })
}

pub fn list(c: &mut DbConnection) -> Result<ChefforumList, AppError> {
    let matters = store::open_matters(c)?
        .into_iter()
        .map(view_of)
        .collect::<Result<_, _>>()?;
    let dilemmas = store::dilemmas(c)?
        .into_iter()
        .map(|(project_id, project, dilemma)| DilemmaView {
            project_id,
            project,
            dilemma,
        })
        .collect();
    Ok(ChefforumList { matters, dilemmas })
}

/// Chefforum decides a matter: a start approved or rejected, a closure
/// carried out or turned down. One decision closes the matter, whatever races.
pub fn decide(
    c: &mut DbConnection,
    who: &Acting,
    id: i32,
    approve_it: bool,
    d: Decision,
) -> Result<MatterView, AppError> {
    super::require(who.role, Action::Decide)?;
    if d.case_number.is_none() {
        return Err(AppError::invalid(
            "case_number",
            Problem::Required,
            "Chefforum's decision names its agenda item's journal number",
        ));
    }
    write_transaction(c, |c| {
        let item = store::item(c, id)?;
        if item.decision_id.is_some() {
            return Err(AppError::conflict(
                None,
                Problem::AlreadyDecided,
                format!("matter {id} is already decided"),
            ));
        }
        let before = serde_json::json!({
            "matter": matter_view(c, item.clone())?,
            "project": detail_of(c, item.project_id)?,
        });
        let kind = carry_out(c, &item, approve_it, &d)?;
        let decision = NewDecision {
            project: item.project_id,
            body: Body::Chefforum,
            kind,
            decided_on: d.meeting_date,
            case_number: d.case_number.as_ref(),
            text: &d.text,
            by: who.actor.person_id,
        };
        let decision = store::record_decision(c, &decision)?;
        store::settle(c, id, decision)?;
        let settled = store::item(c, id)?;
        let after = matter_view(c, settled)?;
        let recorded = serde_json::json!({
            "matter": &after,
            "project": detail_of(c, item.project_id)?,
        });
        let entity = "chefforum_matter";
        super::audit::audit_change(c, &who.actor, "decide", entity, id, &before, &recorded)?;
        Ok(after)
    })
}

/// What Chefforum's decision does to the project, and what kind of decision it is.
fn carry_out(
    c: &mut DbConnection,
    item: &ItemRow,
    approve_it: bool,
    d: &Decision,
) -> Result<DecisionKind, AppError> {
    let project = item.project_id;
    match (item.matter()?, approve_it) {
        (Matter::Start, true) => approve(c, project).map(|_| DecisionKind::Approved),
        (Matter::Start, false) => reject(c, project, d).map(|_| DecisionKind::Rejected),
        (Matter::Close, false) => Ok(DecisionKind::Rejected),
        (Matter::Close, true) => {
            let cancelled = item.ending.as_deref() == Some("cancelled");
            close(
                c,
                project,
                cancelled.then(|| item.reason.clone()),
                d.meeting_date,
            )
        }
    }
}

/// Close a project: cancelled with a reason, else completed.
fn close(
    c: &mut DbConnection,
    project: i32,
    cancel_reason: Option<String>,
    on: NaiveDate,
) -> Result<DecisionKind, AppError> {
    let (state, kind) = match cancel_reason {
        Some(_) => (Lifecycle::Cancelled, DecisionKind::Cancelled),
        None => (Lifecycle::Completed, DecisionKind::Completed),
    };
    let change = StateChange {
        state,
        cancel_reason,
        ended_on: Some(on),
        start_date: None,
    };
    super::projects::set_state(c, project, change).map(|_| kind)
}

/// How the council wants a project closed, as minuted.
pub struct Closure {
    /// None: completed; a cancellation needs its reason.
    pub cancel_reason: Option<String>,
    pub decision: Decision,
}

/// A cancellation's reason, checked: said, and a text that can be stored.
fn cancel_reason(reason: Option<String>) -> Result<Option<String>, AppError> {
    let Some(reason) = reason else {
        return Ok(None);
    };
    let reason = crate::domain::text::free_text("cancel_reason", &reason, TEXT_MAX)?;
    match reason.is_empty() {
        true => Err(AppError::invalid(
            "cancel_reason",
            Problem::CancelReasonRequired,
            "a cancelled project needs the reason it was cancelled",
        )),
        false => Ok(Some(reason)),
    }
}

/// What a closure did: the project as it stands, and whether it went to Chefforum.
#[derive(Serialize, ToSchema)]
pub struct ClosureView {
    pub project: ProjectDetail,
    /// True when the project is strategic and now on Chefforum's list.
    pub referred: bool,
}

/// The council closes an operational project, or proposes to Chefforum
/// that a strategic one be closed.
pub fn close_or_refer(
    c: &mut DbConnection,
    who: &Acting,
    id: i32,
    closure: Closure,
) -> Result<ClosureView, AppError> {
    super::require(who.role, Action::ManagePortfolio)?;
    let reason = cancel_reason(closure.cancel_reason)?;
    write_transaction(c, |c| {
        let row = projects::get(c, id)?;
        if row.state.is_closed() || row.state == Lifecycle::Proposed {
            return Err(AppError::conflict(
                Some("state"),
                Problem::WrongStage,
                format!("project {id} is {}: nothing to close", row.state.as_str()),
            ));
        }
        let before = detail_of(c, id)?;
        let d = &closure.decision;
        let referred = deciding_body(row.kind) == Body::Chefforum;
        let kind = match referred {
            true => {
                let ending = match reason {
                    Some(_) => "cancelled",
                    None => "completed",
                };
                let why = reason.as_deref().unwrap_or(&d.text);
                let by = who.actor.person_id;
                store::refer(
                    c,
                    id,
                    (Matter::Close, Some(ending)),
                    why,
                    d.meeting_date,
                    by,
                )?;
                DecisionKind::ClosureProposed
            }
            false => close(c, id, reason.clone(), d.meeting_date)?,
        };
        let decision = NewDecision {
            project: id,
            body: Body::Council,
            kind,
            decided_on: d.meeting_date,
            case_number: d.case_number.as_ref(),
            text: &d.text,
            by: who.actor.person_id,
        };
        store::record_decision(c, &decision)?;
        let after = detail_of(c, id)?;
        super::audit::audit_change(c, &who.actor, "closure", "project", id, &before, &after)?;
        Ok(ClosureView {
            project: after,
            referred,
        })
    })
}

/// Start an approved project (its manager or owner, or the council): only an
/// approved project becomes active.
pub fn start(
    c: &mut DbConnection,
    who: &Acting,
    id: i32,
    on: NaiveDate,
) -> Result<ProjectDetail, AppError> {
    write_transaction(c, |c| {
        let row = projects::get(c, id)?;
        super::require_project(who, row.manager_id, row.owner_id)?;
        if row.state != Lifecycle::Approved {
            return Err(AppError::conflict(
                Some("state"),
                Problem::NeedsApproval,
                format!(
                    "project {id} is {}; only an approved project starts",
                    row.state.as_str()
                ),
            ));
        }
        let before = detail_of(c, id)?;
        let change = StateChange {
            state: Lifecycle::Active,
            cancel_reason: None,
            ended_on: None,
            start_date: Some(on),
        };
        super::projects::set_state(c, id, change)?;
        let after = detail_of(c, id)?;
        super::audit::audit_change(c, &who.actor, "start", "project", id, &before, &after)?;
        Ok(after)
    })
}
