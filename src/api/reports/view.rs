//! The Q-report as the API shows it in JSON: one view per part of the report.

use super::sections::{
    AssessedView, ContradictionView, EconomyView, FollowUpView, RedStreakView, RoadAheadView,
};
use crate::api::types::StatusColour;
pub use crate::app::decisions::DecisionView;
use crate::db::reports::DecisionRow;
use crate::domain::report::{
    self, Changes, Count, FocusAreaStatus, Missing, ProjectLine, QReport, RedTable,
};
use crate::domain::status::Parameter;
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct CountView {
    pub name: String,
    pub count: usize,
}

#[derive(Serialize, ToSchema)]
pub struct SummaryView {
    /// Projects in progress in the quarter.
    pub in_progress: usize,
    /// Of which skal-projekter.
    pub must_do: usize,
    /// Projects with at least one red parameter.
    pub with_red: usize,
    pub reported: usize,
    pub missing: usize,
    pub by_phase: Vec<CountView>,
    pub by_department: Vec<CountView>,
    pub by_kind: Vec<CountView>,
    pub by_focus_area: Vec<CountView>,
}

/// A project red on the table's parameter.
#[derive(Serialize, ToSchema)]
pub struct RedRowView {
    pub project_id: i32,
    pub name: String,
    pub programme: Option<String>,
    pub department: String,
    pub project_manager: Option<String>,
    pub ressourcer: StatusColour,
    pub leverancer: StatusColour,
    pub tid: StatusColour,
    pub okonomi: StatusColour,
    /// The comment on the red parameter.
    pub comment: String,
    /// Always 1 ("Antal" in the minutes' tables).
    pub count: u32,
}

#[derive(Serialize, ToSchema)]
pub struct RedTableView {
    pub rows: Vec<RedRowView>,
    /// "Hovedtotal".
    pub total: usize,
}

/// One table per red parameter, in the minutes' order.
#[derive(Serialize, ToSchema)]
pub struct RedTablesView {
    pub tid: RedTableView,
    pub leverancer: RedTableView,
    pub ressourcer: RedTableView,
    pub okonomi: RedTableView,
}

/// A project with its four colours for the quarter (null: not reported).
#[derive(Serialize, ToSchema)]
pub struct ProjectStatusView {
    pub project_id: i32,
    pub name: String,
    pub owner: Option<String>,
    pub ressourcer: Option<StatusColour>,
    pub leverancer: Option<StatusColour>,
    pub tid: Option<StatusColour>,
    pub okonomi: Option<StatusColour>,
}

#[derive(Serialize, ToSchema)]
pub struct FocusAreaStatusView {
    pub id: i32,
    pub name: String,
    /// The owning department.
    pub department: String,
    pub strategy: String,
    pub projects: Vec<ProjectStatusView>,
}

#[derive(Serialize, ToSchema)]
pub struct ProjectRefView {
    pub project_id: i32,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct CancelledView {
    pub project_id: i32,
    pub name: String,
    pub reason: String,
}

#[derive(Serialize, ToSchema)]
pub struct PerParameterView {
    pub tid: Vec<ProjectRefView>,
    pub leverancer: Vec<ProjectRefView>,
    pub ressourcer: Vec<ProjectRefView>,
    pub okonomi: Vec<ProjectRefView>,
}

#[derive(Serialize, ToSchema)]
pub struct ChangesView {
    pub previous_quarter: String,
    pub new_projects: Vec<ProjectRefView>,
    pub completed: Vec<ProjectRefView>,
    pub cancelled: Vec<CancelledView>,
    pub turned_red: PerParameterView,
    pub turned_green: PerParameterView,
}

#[derive(Serialize, ToSchema)]
pub struct MissingView {
    pub project_id: i32,
    pub name: String,
    pub project_manager: Option<String>,
    pub email: Option<String>,
    pub department: String,
    /// Days from the reporting deadline to today (or to the approval).
    pub days_overdue: i64,
}

/// The Q-report of one quarter.
#[derive(Serialize, ToSchema)]
pub struct ReportView {
    pub quarter: String,
    /// True once Chefforum has decided: the report is then the frozen snapshot.
    pub approved: bool,
    pub deadline: NaiveDate,
    pub as_of: NaiveDate,
    pub summary: SummaryView,
    pub red: RedTablesView,
    pub focus_areas: Vec<FocusAreaStatusView>,
    pub changes: ChangesView,
    pub missing: Vec<MissingView>,
    pub economy: EconomyView,
    /// Tid or økonomi reported greener than the tolerances suggest.
    pub contradicted: Vec<ContradictionView>,
    /// Red on the same parameter two or more quarters in a row.
    pub red_streaks: Vec<RedStreakView>,
    pub road_ahead: RoadAheadView,
    /// Where IT-projektrådet set its own colour, beside the project manager's.
    pub council_assessments: Vec<AssessedView>,
    /// Whose colours the red tables follow: `project_managers` or `council`.
    pub basis: String,
    /// Benefits follow-ups overdue, or due by the end of the next quarter.
    pub benefit_follow_ups: Vec<FollowUpView>,
    /// Til Chefforum: strategic projects the council refers to start or to close.
    pub to_chefforum: Vec<AgendaView>,
    pub decision: Option<DecisionView>,
}

/// A matter on Chefforum's list as the report carries it.
#[derive(Serialize, ToSchema)]
pub struct AgendaView {
    pub project_id: i32,
    pub name: String,
    pub department: String,
    /// `start` or `close`.
    pub matter: String,
    /// For a closure: the project is to be cancelled (udgår), not completed.
    pub cancelled: bool,
    /// The council's recommendation, or why to close.
    pub reason: String,
    pub referred_on: NaiveDate,
}

impl From<&report::AgendaItem> for AgendaView {
    fn from(a: &report::AgendaItem) -> Self {
        Self {
            project_id: a.project_id,
            name: a.name.clone(),
            department: a.department.clone(),
            matter: a.matter.as_str().into(),
            cancelled: a.cancelled,
            reason: a.reason.clone(),
            referred_on: a.referred_on,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ReportResponse {
    #[serde(flatten)]
    pub report: ReportView,
    /// With `live=true` on an approved quarter: the report as the data stands now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub live: Option<ReportView>,
}

fn counts(items: &[Count]) -> Vec<CountView> {
    items
        .iter()
        .map(|c| CountView {
            name: c.name.clone(),
            count: c.count,
        })
        .collect()
}

fn reference(l: &ProjectLine) -> ProjectRefView {
    ProjectRefView {
        project_id: l.project_id,
        name: l.name.clone(),
    }
}

fn colour(l: &ProjectLine, p: Parameter) -> Option<StatusColour> {
    l.colour(p).map(StatusColour::from)
}

fn per_parameter(changes: &[report::ParameterChanges]) -> PerParameterView {
    let of = |p: Parameter| {
        changes
            .iter()
            .filter(|c| c.parameter == p)
            .flat_map(|c| c.projects.iter().map(reference))
            .collect()
    };
    PerParameterView {
        tid: of(Parameter::Tid),
        leverancer: of(Parameter::Leverancer),
        ressourcer: of(Parameter::Ressourcer),
        okonomi: of(Parameter::Okonomi),
    }
}

impl ReportView {
    pub fn new(r: &QReport, decision: Option<&DecisionRow>) -> Self {
        Self {
            quarter: r.quarter.to_string(),
            approved: decision.is_some(),
            deadline: r.deadline,
            as_of: r.as_of,
            summary: SummaryView::of(r),
            red: RedTablesView::of(r),
            focus_areas: r
                .focus_areas
                .iter()
                .map(FocusAreaStatusView::from)
                .collect(),
            changes: ChangesView::from(&r.changes),
            missing: r.missing.iter().map(MissingView::from).collect(),
            economy: EconomyView::from(&r.economy),
            contradicted: r.contradicted.iter().map(ContradictionView::from).collect(),
            red_streaks: r.red_streaks.iter().map(RedStreakView::from).collect(),
            road_ahead: RoadAheadView::of(&r.road_ahead, r.quarter),
            council_assessments: r.assessed.iter().map(AssessedView::from).collect(),
            benefit_follow_ups: r.follow_ups.iter().map(FollowUpView::from).collect(),
            to_chefforum: r.to_chefforum.iter().map(AgendaView::from).collect(),
            basis: match r.basis {
                crate::domain::assessment::Basis::ProjectManagers => "project_managers",
                crate::domain::assessment::Basis::Council => "council",
            }
            .into(),
            decision: decision.map(DecisionView::from),
        }
    }
}

impl SummaryView {
    fn of(r: &QReport) -> Self {
        let s = &r.summary;
        Self {
            in_progress: s.in_progress,
            must_do: s.must_do,
            with_red: s.with_red,
            reported: s.reported,
            missing: r.missing.len(),
            by_phase: counts(&s.by_phase),
            by_department: counts(&s.by_department),
            by_kind: counts(&s.by_kind),
            by_focus_area: counts(&s.by_focus_area),
        }
    }
}

impl RedTablesView {
    fn of(r: &QReport) -> Self {
        let table = |p: Parameter| {
            let t = r.red.iter().find(|t| t.parameter == p);
            RedTableView::from(t.expect("a table per parameter"))
        };
        Self {
            tid: table(Parameter::Tid),
            leverancer: table(Parameter::Leverancer),
            ressourcer: table(Parameter::Ressourcer),
            okonomi: table(Parameter::Okonomi),
        }
    }
}

impl From<&RedTable> for RedTableView {
    fn from(t: &RedTable) -> Self {
        let row = |l: &ProjectLine| {
            let c = |p| colour(l, p).unwrap_or(StatusColour::Green);
            RedRowView {
                project_id: l.project_id,
                name: l.name.clone(),
                programme: l.programme.clone(),
                department: l.department.clone(),
                project_manager: l.manager.clone(),
                ressourcer: c(Parameter::Ressourcer),
                leverancer: c(Parameter::Leverancer),
                tid: c(Parameter::Tid),
                okonomi: c(Parameter::Okonomi),
                comment: t.comment(l),
                count: 1,
            }
        };
        Self {
            rows: t.rows.iter().map(row).collect(),
            total: t.total(),
        }
    }
}

impl From<&FocusAreaStatus> for FocusAreaStatusView {
    fn from(f: &FocusAreaStatus) -> Self {
        let project = |l: &ProjectLine| ProjectStatusView {
            project_id: l.project_id,
            name: l.name.clone(),
            owner: l.owner.clone(),
            ressourcer: colour(l, Parameter::Ressourcer),
            leverancer: colour(l, Parameter::Leverancer),
            tid: colour(l, Parameter::Tid),
            okonomi: colour(l, Parameter::Okonomi),
        };
        Self {
            id: f.id,
            name: f.name.clone(),
            department: f.department.clone(),
            strategy: f.strategy.clone(),
            projects: f.projects.iter().map(project).collect(),
        }
    }
}

impl From<&Changes> for ChangesView {
    fn from(c: &Changes) -> Self {
        let cancelled = |(l, reason): &(ProjectLine, String)| CancelledView {
            project_id: l.project_id,
            name: l.name.clone(),
            reason: reason.clone(),
        };
        Self {
            previous_quarter: c.previous.to_string(),
            new_projects: c.new_projects.iter().map(reference).collect(),
            completed: c.completed.iter().map(reference).collect(),
            cancelled: c.cancelled.iter().map(cancelled).collect(),
            turned_red: per_parameter(&c.turned_red),
            turned_green: per_parameter(&c.turned_green),
        }
    }
}

impl From<&Missing> for MissingView {
    fn from(m: &Missing) -> Self {
        Self {
            project_id: m.line.project_id,
            name: m.line.name.clone(),
            project_manager: m.line.manager.clone(),
            email: m.email.clone(),
            department: m.line.department.clone(),
            days_overdue: m.days_overdue,
        }
    }
}
