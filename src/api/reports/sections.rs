//! The report's sections beyond the red tables, as the API shows them in
//! JSON: the portfolio's economy, the colours the data contradicts, the red
//! streaks and the road ahead.

use crate::app::types::{StatusColour, StatusParameter};
use crate::domain::economy::Totals;
use crate::domain::quarter::Quarter;
use crate::domain::report::{
    horizon, Assessed, Contradiction, EconomyGroup, EconomyLine, EconomySection, FollowUpLine,
    RedStreak, RoadAhead, TenderLine, TenderReason,
};
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

/// Sums over a group of projects, whole kroner.
#[derive(Serialize, ToSchema)]
pub struct TotalsView {
    pub projects: usize,
    pub budget: i64,
    /// Expected total one-off cost.
    pub forecast: i64,
    pub spent: i64,
    /// Forecast above budget, summed over the projects that exceed it.
    pub overrun: i64,
    /// Derived yearly operating costs once all are in operation.
    pub operating_cost: i64,
}

impl From<&Totals> for TotalsView {
    fn from(t: &Totals) -> Self {
        Self {
            projects: t.projects,
            budget: t.budget,
            forecast: t.forecast,
            spent: t.spent,
            overrun: t.overrun,
            operating_cost: t.operating_cost,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct EconomyGroupView {
    pub name: String,
    pub totals: TotalsView,
}

fn groups(items: &[EconomyGroup]) -> Vec<EconomyGroupView> {
    items
        .iter()
        .map(|g| EconomyGroupView {
            name: g.name.clone(),
            totals: (&g.totals).into(),
        })
        .collect()
}

/// Derived operating costs paid in one year.
#[derive(Serialize, ToSchema)]
pub struct OperatingYearView {
    pub year: i32,
    pub amount: i64,
}

/// One project's economy, whole kroner.
#[derive(Serialize, ToSchema)]
pub struct EconomyLineView {
    pub project_id: i32,
    pub name: String,
    pub department: String,
    pub financing_department: Option<String>,
    pub budget: i64,
    pub spent: i64,
    pub forecast: i64,
    pub overrun: i64,
    pub operating_cost: i64,
    pub operating_from: Option<i32>,
    pub benefit_yearly: i64,
    pub payback_year: Option<i32>,
    pub contract_end: Option<NaiveDate>,
}

impl From<&EconomyLine> for EconomyLineView {
    fn from(l: &EconomyLine) -> Self {
        let f = &l.figures;
        Self {
            project_id: l.project_id,
            name: l.name.clone(),
            department: l.department.clone(),
            financing_department: l.financing.clone(),
            budget: f.budget,
            spent: f.spent,
            forecast: f.forecast,
            overrun: f.overrun(),
            operating_cost: f.operating_cost,
            operating_from: f.operating_from,
            benefit_yearly: f.benefit_yearly,
            payback_year: l.payback_year,
            contract_end: l.contract_end,
        }
    }
}

/// What the portfolio costs and will cost to run (Chefforum, 31 March 2022).
#[derive(Serialize, ToSchema)]
pub struct EconomyView {
    /// The projects in progress, summed.
    pub totals: TotalsView,
    pub by_department: Vec<EconomyGroupView>,
    pub by_directorate: Vec<EconomyGroupView>,
    pub by_focus_area: Vec<EconomyGroupView>,
    pub by_kind: Vec<EconomyGroupView>,
    pub by_must_do: Vec<EconomyGroupView>,
    /// Derived operating costs for five years from the quarter's year, of
    /// the projects in progress and those approved but not started.
    pub operating: Vec<OperatingYearView>,
    pub projects: Vec<EconomyLineView>,
}

impl From<&EconomySection> for EconomyView {
    fn from(e: &EconomySection) -> Self {
        Self {
            totals: (&e.totals).into(),
            by_department: groups(&e.by_department),
            by_directorate: groups(&e.by_directorate),
            by_focus_area: groups(&e.by_focus_area),
            by_kind: groups(&e.by_kind),
            by_must_do: groups(&e.by_must_do),
            operating: e
                .operating
                .iter()
                .map(|&(year, amount)| OperatingYearView { year, amount })
                .collect(),
            projects: e.lines.iter().map(EconomyLineView::from).collect(),
        }
    }
}

/// Tid or økonomi reported greener than the baseline, the forecast and the
/// council's tolerances suggest.
#[derive(Serialize, ToSchema)]
pub struct ContradictionView {
    pub project_id: i32,
    pub name: String,
    pub department: String,
    pub project_manager: Option<String>,
    /// `tid` or `okonomi`.
    pub parameter: StatusParameter,
    /// The project manager's colour.
    pub reported: StatusColour,
    /// The colour the tolerances give.
    pub suggested: StatusColour,
    pub baseline_end: Option<NaiveDate>,
    pub expected_end: Option<NaiveDate>,
    pub baseline_budget: Option<i64>,
    pub forecast: i64,
}

impl From<&Contradiction> for ContradictionView {
    fn from(c: &Contradiction) -> Self {
        let l = &c.line;
        Self {
            project_id: l.project_id,
            name: l.name.clone(),
            department: l.department.clone(),
            project_manager: l.manager.clone(),
            parameter: c.parameter.into(),
            reported: c.reported.into(),
            suggested: c.suggested.into(),
            baseline_end: l.baseline.and_then(|b| b.planned_end),
            expected_end: l.expected_end,
            baseline_budget: l.baseline.map(|b| b.budget),
            forecast: l.forecast,
        }
    }
}

/// A project red on the same parameter two or more quarters in a row.
#[derive(Serialize, ToSchema)]
pub struct RedStreakView {
    pub project_id: i32,
    pub name: String,
    pub department: String,
    pub parameter: StatusParameter,
    /// Quarters in a row, this one included (2 or more, counted up to 8).
    pub quarters: usize,
    /// The first quarter of the streak, e.g. `2021Q4`.
    pub since: String,
}

impl From<&RedStreak> for RedStreakView {
    fn from(s: &RedStreak) -> Self {
        Self {
            project_id: s.line.project_id,
            name: s.line.name.clone(),
            department: s.line.department.clone(),
            parameter: s.parameter.into(),
            quarters: s.quarters,
            since: s.since.to_string(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MilestoneDueView {
    pub project_id: i32,
    pub project: String,
    pub name: String,
    pub tender: bool,
    pub date: NaiveDate,
}

/// A milestone moved within the quarter, net of all its moves then.
#[derive(Serialize, ToSchema)]
pub struct MovedMilestoneView {
    pub project_id: i32,
    pub project: String,
    pub name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Days later (negative: earlier).
    pub days: i64,
}

/// A coming tender: in a tender phase, or with a tender milestone ahead.
#[derive(Serialize, ToSchema)]
pub struct TenderView {
    pub project_id: i32,
    pub project: String,
    pub department: String,
    /// The tender phase the project is in (when no milestone names the date).
    pub phase: Option<String>,
    /// The next tender milestone within the horizon.
    pub milestone: Option<String>,
    pub date: Option<NaiveDate>,
}

#[derive(Serialize, ToSchema)]
pub struct ContractView {
    pub project_id: i32,
    pub project: String,
    pub department: String,
    pub contract_end: NaiveDate,
}

/// A project proposed or approved, not started by the quarter's end.
#[derive(Serialize, ToSchema)]
pub struct FutureProjectView {
    pub project_id: i32,
    pub name: String,
    pub department: String,
    pub state: crate::app::types::LifecycleState,
    pub start_date: Option<NaiveDate>,
    /// Expected total one-off cost, whole kroner.
    pub forecast: i64,
    pub must_do: bool,
}

/// What lies ahead (Chefforum, 31 March 2022: "kommende udbud").
#[derive(Serialize, ToSchema)]
pub struct RoadAheadView {
    /// The quarter after the report's, e.g. `2022Q4`.
    pub next_quarter: String,
    /// The last day tenders and contracts are looked for: a year after the quarter.
    pub horizon_end: NaiveDate,
    pub due_next_quarter: Vec<MilestoneDueView>,
    pub moved: Vec<MovedMilestoneView>,
    pub tenders: Vec<TenderView>,
    pub expiring_contracts: Vec<ContractView>,
    pub future_projects: Vec<FutureProjectView>,
}

impl RoadAheadView {
    pub fn of(r: &RoadAhead, quarter: Quarter) -> Self {
        Self {
            next_quarter: quarter.next().to_string(),
            horizon_end: horizon(quarter).1,
            due_next_quarter: r
                .due_next_quarter
                .iter()
                .map(|m| MilestoneDueView {
                    project_id: m.project_id,
                    project: m.project.clone(),
                    name: m.name.clone(),
                    tender: m.tender,
                    date: m.date,
                })
                .collect(),
            moved: r
                .moved
                .iter()
                .map(|m| MovedMilestoneView {
                    project_id: m.project_id,
                    project: m.project.clone(),
                    name: m.name.clone(),
                    from: m.from,
                    to: m.to,
                    days: m.days,
                })
                .collect(),
            tenders: r.tenders.iter().map(TenderView::from).collect(),
            expiring_contracts: r
                .expiring_contracts
                .iter()
                .map(|c| ContractView {
                    project_id: c.project_id,
                    project: c.project.clone(),
                    department: c.department.clone(),
                    contract_end: c.contract_end,
                })
                .collect(),
            future_projects: r
                .future_projects
                .iter()
                .map(|p| FutureProjectView {
                    project_id: p.project_id,
                    name: p.name.clone(),
                    department: p.department.clone(),
                    state: p.state.into(),
                    start_date: p.start_date,
                    forecast: p.forecast,
                    must_do: p.must_do,
                })
                .collect(),
        }
    }
}

impl From<&TenderLine> for TenderView {
    fn from(t: &TenderLine) -> Self {
        let (phase, milestone, date) = match &t.reason {
            TenderReason::Phase(phase) => (Some(phase.clone()), None, None),
            TenderReason::Milestone { name, date } => (None, Some(name.clone()), Some(*date)),
        };
        Self {
            project_id: t.project_id,
            project: t.project.clone(),
            department: t.department.clone(),
            phase,
            milestone,
            date,
        }
    }
}

/// A parameter IT-projektrådet assessed with a colour of its own.
#[derive(Serialize, ToSchema)]
pub struct AssessedView {
    pub project_id: i32,
    pub name: String,
    pub parameter: StatusParameter,
    /// The project manager's colour (null: not reported).
    pub project_manager: Option<StatusColour>,
    pub council: StatusColour,
    /// Why the council assesses so.
    pub comment: String,
}

impl From<&Assessed> for AssessedView {
    fn from(a: &Assessed) -> Self {
        Self {
            project_id: a.line.project_id,
            name: a.line.name.clone(),
            parameter: a.parameter.into(),
            project_manager: a.reported.map(Into::into),
            council: a.council.into(),
            comment: a.comment.clone(),
        }
    }
}

/// A completed project's benefits follow-up, overdue or due by the end of
/// the next quarter (twelve months after completion).
#[derive(Serialize, ToSchema)]
pub struct FollowUpView {
    pub project_id: i32,
    pub name: String,
    pub department: String,
    pub ended_on: NaiveDate,
    pub due: NaiveDate,
    pub overdue: bool,
    /// How many benefits the project names.
    pub benefits: i64,
}

impl From<&FollowUpLine> for FollowUpView {
    fn from(f: &FollowUpLine) -> Self {
        Self {
            project_id: f.project_id,
            name: f.name.clone(),
            department: f.department.clone(),
            ended_on: f.ended_on,
            due: f.due,
            overdue: f.overdue,
            benefits: f.benefits,
        }
    }
}
