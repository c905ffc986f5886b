//! The council's process for a proposal: any signed-in person proposes a
//! project for their department and edits it until the review starts; the
//! council reviews it on five areas, records its verdict on the overlaps the
//! duplicate check found, and decides (an operational project) or approves
//! it professionally for Chefforum's list (a strategic one).

use super::projects::{detail_of, ProjectDetail, StateChange};
use super::register::{decisions_of, ProjectDecision};
use super::types::{
    DecidingBody, OverlapVerdict, ProposalStage, Requirement, ReviewArea, ReviewVerdict,
};
use super::{overlaps, Acting};
use crate::db::process::{self as store, NewDecision, ProposalState};
use crate::db::{people, phases, projects, write_transaction, DbConnection};
use crate::domain::access::{allows, Action};
use crate::domain::decision::Decision;
use crate::domain::process::{
    after_council_approval, approval_blocker, deciding_body, ended_on, may_edit, missing_areas,
    overlap_verdict, under_council, Body, DecisionKind, Foundation, Matter, Overlap, RequiredBy,
    ReviewEntry, Stage, SystemLine,
};
use crate::domain::project::{Lifecycle, ProjectDraft, ProjectInput};
use crate::domain::{Problem, ValidationError};
use crate::error::AppError;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A system or product the proposal will buy or build.
#[derive(Serialize, Deserialize, ToSchema, Clone)]
#[serde(deny_unknown_fields)]
pub struct SystemView {
    /// E.g. "KMD OPUS Vagtplan".
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// The functions it provides, e.g. ["vagtplanlægning", "tidsregistrering"].
    #[serde(default)]
    pub functions: Vec<String>,
}

impl From<SystemView> for SystemLine {
    fn from(s: SystemView) -> Self {
        Self {
            name: s.name,
            functions: s.functions,
        }
    }
}

impl From<SystemLine> for SystemView {
    fn from(s: SystemLine) -> Self {
        Self {
            name: s.name,
            functions: s.functions,
        }
    }
}

/// One area of the review as recorded.
#[derive(Serialize, ToSchema, Clone)]
pub struct ReviewView {
    pub area: ReviewArea,
    pub verdict: ReviewVerdict,
    pub remark: String,
    pub reviewed_by: Option<String>,
    pub reviewed_at: DateTime<Utc>,
}

/// A proposal with its foundation, review, overlap findings and decisions.
#[derive(Serialize, ToSchema)]
pub struct ProposalView {
    pub project: ProjectDetail,
    /// What the project is for.
    pub purpose: String,
    pub required_by: Requirement,
    pub stage: ProposalStage,
    /// Who decides on the project: the council or Chefforum.
    pub deciding_body: DecidingBody,
    pub proposed_by: Option<i32>,
    pub proposed_at: Option<DateTime<Utc>>,
    pub systems: Vec<SystemView>,
    /// The areas reviewed so far, in the checklist's order.
    pub review: Vec<ReviewView>,
    /// The areas not reviewed yet.
    pub missing_areas: Vec<ReviewArea>,
    /// Existing systems and projects in other departments with the same or
    /// similar functions or names.
    pub findings: Vec<overlaps::Finding>,
    /// The council's verdict on the findings; none until recorded.
    pub overlap: Option<OverlapVerdict>,
    pub overlap_reason: String,
    /// What still stands in the way of the council's approval (a stable
    /// code such as `review_incomplete`), none when it may approve.
    pub approval_blocked_by: Option<String>,
    /// A dilemma of the priority the council lays before Chefforum.
    pub dilemma: String,
    /// Every decision on the project, newest first.
    pub decisions: Vec<ProjectDecision>,
}

/// A proposal as someone enters it: the project's fields and the foundation.
#[derive(Clone)]
pub struct Proposal {
    pub project: ProjectInput,
    /// None: the first phase.
    pub phase_id: Option<i32>,
    pub purpose: String,
    pub required_by: RequiredBy,
    pub systems: Vec<SystemLine>,
}

/// A checked proposal.
pub struct CheckedProposal {
    draft: ProjectDraft,
    foundation: Foundation,
}

impl Proposal {
    /// Every problem at once (for forms); the project is proposed, and a
    /// skal-projekt when law or a joint programme requires it.
    pub fn check(self, first_phase: i32) -> Result<CheckedProposal, Vec<ValidationError>> {
        let project = ProjectInput {
            state: Lifecycle::Proposed,
            must_do: self.required_by != RequiredBy::None,
            phase_id: self.phase_id.unwrap_or(first_phase),
            cancel_reason: None,
            ended_on: None,
            ..self.project
        };
        let draft = ProjectDraft::check(project);
        let foundation = Foundation::check(&self.purpose, self.required_by, self.systems);
        match (draft, foundation) {
            (Ok(draft), Ok(foundation)) => Ok(CheckedProposal { draft, foundation }),
            (d, f) => Err(d.err().into_iter().chain(f.err()).flatten().collect()),
        }
    }
}

impl Proposal {
    /// The proposal's fields over the stored project: what a proposal does
    /// not hold (journal number, owner, programme, spent, the rest of the
    /// economy, the phase unless given) stays as the council set it.
    fn onto(self, stored: ProjectInput) -> Self {
        let p = self.project;
        let project = ProjectInput {
            name: p.name,
            description: p.description,
            department_id: p.department_id,
            manager_id: p.manager_id,
            kind: p.kind,
            focus_area_id: p.focus_area_id,
            start_date: p.start_date,
            planned_end: p.planned_end,
            budget: p.budget,
            operating_cost: p.operating_cost,
            expected_benefits: p.expected_benefits,
            economy: crate::domain::economy::EconomyPlan {
                benefit_yearly: p.economy.benefit_yearly,
                benefit_from: p.economy.benefit_from,
                ..stored.economy.clone()
            },
            ..stored
        };
        Self {
            phase_id: self.phase_id.or(Some(project.phase_id)),
            project,
            ..self
        }
    }
}

/// Every problem of a proposal at once, for a form to show them all.
pub fn problems(proposal: &Proposal) -> Vec<ValidationError> {
    // The phase is checked against the store; any id does for the rules.
    proposal.clone().check(1).err().unwrap_or_default()
}

/// The first phase, which a new proposal starts in.
pub fn first_phase(c: &mut DbConnection) -> Result<i32, AppError> {
    phases::list(c)?
        .first()
        .map(|p| p.id)
        .ok_or_else(|| AppError::Internal("no phases".into()))
}

/// The proposal with everything the review shows.
pub fn view(c: &mut DbConnection, id: i32) -> Result<ProposalView, AppError> {
    let project = detail_of(c, id)?;
    let state = store::proposal(c, id)?;
    let systems = store::systems_of(c, id)?;
    let review = store::reviews_of(c, id)?;
    let done: Vec<_> = review
        .iter()
        .map(|r| (r.entry.area, r.entry.verdict))
        .collect();
    let blocker = approval_blocker(&done, state.overlap).map(|(p, _)| p.code().to_string());
    let findings = overlaps::findings(c, id, &systems)?;
    Ok(ProposalView {
        deciding_body: deciding_body(project.project.kind.into()).into(),
        missing_areas: missing_areas(&done).into_iter().map(Into::into).collect(),
        review: review
            .into_iter()
            .map(|r| ReviewView {
                area: r.entry.area.into(),
                verdict: r.entry.verdict.into(),
                remark: r.entry.remark,
                reviewed_by: r.reviewed_by,
                reviewed_at: r.reviewed_at.and_utc(),
            })
            .collect(),
        decisions: decisions_of(c, id)?,
        project,
        purpose: state.purpose,
        required_by: state.required_by.into(),
        stage: state.stage.into(),
        proposed_by: state.proposed_by,
        proposed_at: state.proposed_at.map(|t| t.and_utc()),
        systems: systems.into_iter().map(SystemView::from).collect(),
        findings,
        overlap: state.overlap.map(Into::into),
        overlap_reason: state.overlap_reason,
        approval_blocked_by: blocker,
        dilemma: state.dilemma,
    })
}

/// A summary line of the proposals list.
#[derive(Serialize, ToSchema)]
pub struct ProposalLine {
    pub id: i32,
    pub name: String,
    pub department: String,
    pub kind: super::types::ProjectKind,
    pub required_by: Requirement,
    pub stage: ProposalStage,
}

/// The proposals not yet decided, in Danish name order.
pub fn undecided(c: &mut DbConnection) -> Result<Vec<ProposalLine>, AppError> {
    let mut lines: Vec<ProposalLine> = undecided_proposals(c)?
        .into_iter()
        .map(|(n, state)| ProposalLine {
            id: n.row.id,
            name: n.row.name,
            department: n.department,
            kind: n.row.kind.into(),
            required_by: state.required_by.into(),
            stage: state.stage.into(),
        })
        .collect();
    lines.sort_by(|a, b| crate::domain::collation::compare(&a.name, &b.name));
    Ok(lines)
}

/// The projects still proposed with their proposals, in three queries.
pub(super) fn undecided_proposals(
    c: &mut DbConnection,
) -> Result<Vec<(projects::NamedProject, ProposalState)>, AppError> {
    let ids = store::undecided(c)?;
    let named = projects::named_many(c, &ids)?;
    let keys: Vec<(i32, bool)> = named.iter().map(|n| (n.row.id, n.row.must_do)).collect();
    let mut states = store::proposals_of(c, &keys)?;
    named
        .into_iter()
        .map(|n| {
            let state = states
                .remove(&n.row.id)
                .ok_or_else(|| AppError::Internal("proposal state missing".into()))?;
            Ok((n, state))
        })
        .collect()
}

/// A person proposes for their own department (the council for any).
fn require_own_department(
    c: &mut DbConnection,
    who: &Acting,
    department: i32,
) -> Result<(), AppError> {
    if allows(who.role, Action::ManagePortfolio) {
        return Ok(());
    }
    let own = match who.actor.person_id {
        Some(id) => people::get(c, id)?.department_id,
        None => None,
    };
    match own {
        Some(own) if own == department => Ok(()),
        _ => Err(AppError::invalid(
            "department_id",
            Problem::OwnDepartmentOnly,
            "a proposal is made for your own department (ask an administrator to set yours)",
        )),
    }
}

fn first_problem(problems: Vec<ValidationError>) -> AppError {
    problems
        .into_iter()
        .next()
        .map(AppError::from)
        .unwrap_or_else(|| AppError::Internal("no problem named".into()))
}

/// Propose a project (any signed-in person): a proposed project with its
/// foundation, recorded as the whole proposal.
pub fn propose(
    c: &mut DbConnection,
    who: &Acting,
    proposal: Proposal,
) -> Result<ProposalView, AppError> {
    let checked = proposal.check(first_phase(c)?).map_err(first_problem)?;
    write_transaction(c, |c| {
        require_own_department(c, who, checked.draft.department_id)?;
        let row = projects::create(c, &checked.draft)?;
        store::save_foundation(c, row.id, &checked.foundation, who.actor.person_id)?;
        let after = view(c, row.id)?;
        super::audit::audit_create(c, &who.actor, "proposal", row.id, &after)?;
        Ok(after)
    })
}

/// Whether `who` may change the proposal now: its proposer until the review
/// starts, the council until it has decided or referred it.
fn require_editor(who: &Acting, state: &ProposalState) -> Result<(), AppError> {
    let council = allows(who.role, Action::ManagePortfolio);
    let proposer = state.proposed_by.is_some() && state.proposed_by == who.actor.person_id;
    match (
        council || proposer,
        may_edit(council, proposer, state.stage),
    ) {
        (_, true) => Ok(()),
        (false, _) => Err(AppError::Forbidden(
            "only the proposer, or IT-projektrådet, may change a proposal".into(),
        )),
        (true, false) => Err(wrong_stage(
            state.stage,
            "the proposal can no longer be changed",
        )),
    }
}

/// Whether `who` may change the proposal as it stands (the pages offer it then).
pub fn editable_by(who: &Acting, p: &ProposalView) -> bool {
    let council = allows(who.role, Action::ManagePortfolio);
    let proposer = p.proposed_by.is_some() && p.proposed_by == who.actor.person_id;
    let open = p.project.project.state == super::types::LifecycleState::Proposed;
    open && may_edit(council, proposer, p.stage.into())
}

fn wrong_stage(stage: Stage, what: &str) -> AppError {
    AppError::conflict(
        Some("stage"),
        Problem::WrongStage,
        format!("{what}: it is {}", stage.as_str()),
    )
}

/// Change a proposal at the version read (its proposer until the review
/// starts, or the council).
pub fn edit(
    c: &mut DbConnection,
    who: &Acting,
    id: i32,
    proposal: Proposal,
    version: i32,
) -> Result<ProposalView, AppError> {
    let first = first_phase(c)?;
    write_transaction(c, |c| {
        let state = proposed(c, id)?;
        require_editor(who, &state)?;
        let stored = super::projects::stored_input(c, id)?;
        let checked = proposal.onto(stored).check(first).map_err(first_problem)?;
        require_own_department(c, who, checked.draft.department_id)?;
        let before = view(c, id)?;
        let systems_changed = store::systems_of(c, id)? != checked.foundation.systems;
        projects::update(c, id, &checked.draft, version)?;
        store::save_foundation(c, id, &checked.foundation, who.actor.person_id)?;
        if systems_changed && state.overlap.is_some() {
            // The verdict was on other findings: the council records it again.
            store::clear_overlap(c, id)?;
        }
        let after = view(c, id)?;
        super::audit::audit_change(c, &who.actor, "update", "proposal", id, &before, &after)
            .map(|_| after)
    })
}

/// The proposal of a project that is still proposed.
fn proposed(c: &mut DbConnection, id: i32) -> Result<ProposalState, AppError> {
    let row = projects::get(c, id)?;
    if row.state != Lifecycle::Proposed {
        return Err(AppError::conflict(
            Some("stage"),
            Problem::WrongStage,
            format!("project {id} is {}, not a proposal", row.state.as_str()),
        ));
    }
    store::proposal(c, id)
}

/// A step of the council's review, recorded as the proposal before and after;
/// the first one starts the review, which ends the proposer's edits.
fn council_step(
    c: &mut DbConnection,
    who: &Acting,
    id: i32,
    action: &str,
    step: impl FnOnce(&mut DbConnection) -> Result<(), AppError>,
) -> Result<ProposalView, AppError> {
    super::require(who.role, Action::ManagePortfolio)?;
    write_transaction(c, |c| {
        let state = proposed(c, id)?;
        if !under_council(state.stage) {
            return Err(wrong_stage(state.stage, "the council has already decided"));
        }
        let before = view(c, id)?;
        if state.stage == Stage::Submitted {
            store::set_stage(c, id, Stage::InReview)?;
        }
        step(c)?;
        let after = view(c, id)?;
        super::audit::audit_change(c, &who.actor, action, "proposal", id, &before, &after)
            .map(|_| after)
    })
}

/// Record the council's verdict on one area.
pub fn review(
    c: &mut DbConnection,
    who: &Acting,
    id: i32,
    entry: ReviewEntry,
) -> Result<ProposalView, AppError> {
    let by = who.actor.person_id;
    council_step(c, who, id, "review", |c| {
        store::set_review(c, id, &entry, by)
    })
}

/// Record the council's verdict on the overlaps: none, or accepted because …
pub fn record_overlap(
    c: &mut DbConnection,
    who: &Acting,
    id: i32,
    verdict: Overlap,
    reason: &str,
) -> Result<ProposalView, AppError> {
    super::require(who.role, Action::ManagePortfolio)?;
    let reason = overlap_verdict(verdict, reason)?;
    council_step(c, who, id, "overlap", |c| {
        store::set_overlap(c, id, verdict, &reason)
    })
}

/// The council's decision on a proposal, as minuted.
pub struct CouncilDecision {
    pub approve: bool,
    pub decision: Decision,
}

/// Parse a decision's text and case number (the quarter decision's rules).
pub fn decision(date: NaiveDate, text: &str, case: Option<&str>) -> Result<Decision, AppError> {
    Ok(Decision::parse(date, text, case, false)?)
}

/// The council decides: an operational project is approved or rejected; a
/// strategic one is approved professionally and goes on Chefforum's list, or
/// rejected. Approval needs the whole review and the overlap verdict.
pub fn council_decides(
    c: &mut DbConnection,
    who: &Acting,
    id: i32,
    d: CouncilDecision,
) -> Result<ProposalView, AppError> {
    let by = who.actor.person_id;
    council_step(c, who, id, "decide", |c| {
        let row = projects::get(c, id)?;
        let kind = match d.approve {
            true => approve_by_council(c, id, row.kind, &d.decision, by)?,
            false => {
                reject(c, id, &d.decision)?;
                DecisionKind::Rejected
            }
        };
        let decision = NewDecision {
            project: id,
            body: Body::Council,
            kind,
            decided_on: d.decision.meeting_date,
            case_number: d.decision.case_number.as_ref(),
            text: &d.decision.text,
            by,
        };
        store::record_decision(c, &decision).map(|_| ())
    })
}

/// The council's approval: the project approved, or referred to Chefforum.
fn approve_by_council(
    c: &mut DbConnection,
    id: i32,
    kind: crate::domain::project::Kind,
    d: &Decision,
    by: Option<i32>,
) -> Result<DecisionKind, AppError> {
    let state = store::proposal(c, id)?;
    let done: Vec<_> = store::reviews_of(c, id)?
        .into_iter()
        .map(|r| (r.entry.area, r.entry.verdict))
        .collect();
    if let Some((problem, message)) = approval_blocker(&done, state.overlap) {
        return Err(AppError::conflict(None, problem, message));
    }
    let next = after_council_approval(kind);
    store::set_stage(c, id, next)?;
    if next == Stage::ToChefforum {
        let on = d.meeting_date;
        store::refer(c, id, (Matter::Start, None), &d.text, on, by)?;
        return Ok(DecisionKind::Recommended);
    }
    approve(c, id)?;
    Ok(DecisionKind::Approved)
}

/// The project approved (its baseline recorded with it).
pub(super) fn approve(c: &mut DbConnection, id: i32) -> Result<(), AppError> {
    store::set_stage(c, id, Stage::Approved)?;
    super::projects::set_state(
        c,
        id,
        StateChange {
            state: Lifecycle::Approved,
            cancel_reason: None,
            ended_on: None,
            start_date: None,
        },
    )
}

/// The proposal rejected: the project cancelled with the decision's text.
pub(super) fn reject(c: &mut DbConnection, id: i32, d: &Decision) -> Result<(), AppError> {
    store::set_stage(c, id, Stage::Rejected)?;
    let start = projects::get(c, id)?.start_date;
    super::projects::set_state(
        c,
        id,
        StateChange {
            state: Lifecycle::Cancelled,
            cancel_reason: Some(d.text.clone()),
            ended_on: ended_on(d.meeting_date, start),
            start_date: None,
        },
    )
}
