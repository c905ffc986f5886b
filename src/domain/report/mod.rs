//! The quarterly portfolio report (Q-report) IT-projektrådet presents to
//! Chefforum, built from plain facts: which projects are in progress, which
//! parameters are red (one table per parameter), the strategy's focus areas,
//! what changed since the previous quarter, and who has not reported.
//!
//! The facts are serialisable so an approved report can be frozen as the
//! facts it was built from and rebuilt identically, in any format, later.

mod ahead;
mod economy;

pub use ahead::{
    horizon, is_tender_phase, ContractLine, FutureLine, MilestoneFacts, MilestoneLine,
    MovedMilestone, RoadAhead, TenderLine, TenderReason,
};
pub use economy::{EconomyGroup, EconomyLine, EconomySection};

use super::assessment::{effective, Assessment, Basis};
use super::benefit::{follow_up, follow_up_due, FollowUp};
use super::collation;
use super::economy::{Figures, Forecast};
use super::project::{Kind, Lifecycle};
use super::quarter::Quarter;
use super::status::{Colour, Parameter};
use super::tolerance::{greener, Baseline, Suggestion, Tolerances};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The order of the red tables in the minutes of 31 March 2022.
pub const TABLE_ORDER: [Parameter; 4] = [
    Parameter::Tid,
    Parameter::Leverancer,
    Parameter::Ressourcer,
    Parameter::Okonomi,
];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectFacts {
    pub id: i32,
    pub name: String,
    pub description: String,
    pub parent_id: Option<i32>,
    pub programme: Option<String>,
    pub department_id: i32,
    pub department: String,
    pub manager: Option<Person>,
    pub owner: Option<Person>,
    pub phase_id: i32,
    pub phase: String,
    pub phase_position: i32,
    pub kind: Kind,
    pub must_do: bool,
    pub focus_area_id: Option<i32>,
    pub state: Lifecycle,
    pub start_date: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub cancel_reason: Option<String>,
    #[serde(default)]
    pub directorate: String,
    /// Budget, spent and forecast as registered or last reported, operating
    /// costs (from their first year) and the business case.
    #[serde(default)]
    pub economy: Figures,
    /// The end last reported as expected.
    #[serde(default)]
    pub expected_end: Option<NaiveDate>,
    /// The financing department, when not the owning one.
    #[serde(default)]
    pub financing: Option<String>,
    #[serde(default)]
    pub contract_end: Option<NaiveDate>,
    /// The plan it was approved with (or re-baselined to).
    #[serde(default)]
    pub baseline: Option<Baseline>,
}

impl ProjectFacts {
    /// In the portfolio for the quarter: approved or active and started by the
    /// quarter's end, or completed/cancelled no earlier than the quarter began.
    pub fn in_progress(&self, quarter: Quarter) -> bool {
        let started = self.start_date.is_some_and(|d| d <= quarter.last_day());
        match self.state {
            Lifecycle::Proposed => false,
            Lifecycle::Approved | Lifecycle::Active => started,
            Lifecycle::Completed | Lifecycle::Cancelled => {
                started && self.ended_on.is_some_and(|d| d >= quarter.first_day())
            }
        }
    }

    fn ended_in(&self, quarter: Quarter, state: Lifecycle) -> bool {
        self.state == state
            && self
                .ended_on
                .is_some_and(|d| d >= quarter.first_day() && d <= quarter.last_day())
    }
}

/// The version that counts of one project's report for one quarter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportFacts {
    pub project_id: i32,
    pub quarter: Quarter,
    /// In `Parameter::ALL` order.
    pub colours: [Colour; 4],
    pub comments: [String; 4],
    pub comment: String,
    /// Spent, forecast and expected end reported with this version.
    #[serde(default)]
    pub economy: Option<Forecast>,
}

impl ReportFacts {
    pub fn colour(&self, p: Parameter) -> Colour {
        self.colours[p as usize]
    }

    pub fn is_red(&self, p: Parameter) -> bool {
        self.colour(p) == Colour::Red
    }

    pub fn any_red(&self) -> bool {
        self.colours.contains(&Colour::Red)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FocusAreaFacts {
    pub id: i32,
    pub name: String,
    pub department: String,
    pub strategy: String,
}

/// Everything the report of one quarter is built from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PortfolioFacts {
    pub quarter: Quarter,
    pub deadline: NaiveDate,
    /// The day "days past the deadline" is counted to.
    pub as_of: NaiveDate,
    pub projects: Vec<ProjectFacts>,
    /// Latest versions for `quarter` and the quarter before it.
    pub reports: Vec<ReportFacts>,
    pub focus_areas: Vec<FocusAreaFacts>,
    /// The council's tolerances when the report was built.
    #[serde(default)]
    pub tolerances: Tolerances,
    #[serde(default)]
    pub milestones: Vec<MilestoneFacts>,
    /// The council's assessments of the quarter.
    #[serde(default)]
    pub assessments: Vec<AssessmentFacts>,
    /// Every completed project, for its benefits follow-up.
    #[serde(default)]
    pub completed: Vec<CompletedFacts>,
    /// Chefforum's list when the report was built (frozen with it).
    #[serde(default)]
    pub chefforum: Vec<AgendaItem>,
}

/// A strategic project on Chefforum's list: to start or to close.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgendaItem {
    pub project_id: i32,
    pub name: String,
    pub department: String,
    pub matter: crate::domain::process::Matter,
    /// For a closure: cancelled (udgår) rather than completed.
    pub cancelled: bool,
    /// The council's recommendation, or why to close.
    pub reason: String,
    pub referred_on: NaiveDate,
}

/// A completed project as its benefits follow-up needs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompletedFacts {
    pub project_id: i32,
    pub name: String,
    pub department: String,
    pub ended_on: Option<NaiveDate>,
    /// When the follow-up was done.
    pub followed_up: Option<NaiveDate>,
    /// How many benefits the project names.
    pub benefits: i64,
}

/// A benefits follow-up due soon or overdue.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUpLine {
    pub project_id: i32,
    pub name: String,
    pub department: String,
    pub ended_on: NaiveDate,
    pub due: NaiveDate,
    pub overdue: bool,
    pub benefits: i64,
}

/// Follow-ups overdue on the report's day, or due by the end of the next
/// quarter; overdue first, then by date.
fn follow_ups(facts: &PortfolioFacts) -> Vec<FollowUpLine> {
    let soon = facts.quarter.next().last_day();
    let mut found: Vec<FollowUpLine> = facts
        .completed
        .iter()
        .filter_map(|p| {
            let ended_on = p.ended_on?;
            let due = follow_up_due(Lifecycle::Completed, Some(ended_on))?;
            let overdue = match follow_up(due, p.followed_up, facts.as_of, soon) {
                FollowUp::Overdue => true,
                FollowUp::Due => false,
                FollowUp::Done(_) | FollowUp::Later => return None,
            };
            Some(FollowUpLine {
                project_id: p.project_id,
                name: p.name.clone(),
                department: p.department.clone(),
                ended_on,
                due,
                overdue,
                benefits: p.benefits,
            })
        })
        .collect();
    found.sort_by(|a, b| b.overdue.cmp(&a.overdue).then(a.due.cmp(&b.due)));
    found
}

/// The council's assessment of one project's quarter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessmentFacts {
    pub project_id: i32,
    pub quarter: Quarter,
    pub assessment: Assessment,
}

/// The project list's filters, applied to the report too.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct PortfolioFilter {
    pub department_id: Option<i32>,
    pub phase_id: Option<i32>,
    pub kind: Option<Kind>,
    pub must_do: Option<bool>,
    pub focus_area_id: Option<i32>,
    pub state: Option<Lifecycle>,
    pub parent_id: Option<i32>,
    /// Lower-case text looked for in name and description.
    pub text: Option<String>,
    /// Whose colours the red tables follow (not a filter of projects).
    pub basis: Basis,
}

impl PortfolioFilter {
    pub fn matches(&self, p: &ProjectFacts) -> bool {
        self.department_id.is_none_or(|v| v == p.department_id)
            && self.phase_id.is_none_or(|v| v == p.phase_id)
            && self.kind.is_none_or(|v| v == p.kind)
            && self.must_do.is_none_or(|v| v == p.must_do)
            && self
                .focus_area_id
                .is_none_or(|v| Some(v) == p.focus_area_id)
            && self.state.is_none_or(|v| v == p.state)
            && self.parent_id.is_none_or(|v| Some(v) == p.parent_id)
            && self.text.as_deref().is_none_or(|t| {
                let t = t.to_lowercase();
                p.name.to_lowercase().contains(&t) || p.description.to_lowercase().contains(&t)
            })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Count {
    pub name: String,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub in_progress: usize,
    pub must_do: usize,
    pub with_red: usize,
    pub reported: usize,
    pub by_phase: Vec<Count>,
    pub by_department: Vec<Count>,
    pub by_kind: Vec<Count>,
    pub by_focus_area: Vec<Count>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProjectLine {
    pub project_id: i32,
    pub name: String,
    pub programme: Option<String>,
    pub department: String,
    pub manager: Option<String>,
    pub owner: Option<String>,
    pub phase: String,
    pub kind: Kind,
    pub must_do: bool,
    pub state: Lifecycle,
    pub start_date: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    /// None when the project has not reported for the quarter.
    pub status: Option<ReportFacts>,
    pub baseline: Option<Baseline>,
    /// As reported with the quarter's status, else as last known.
    pub expected_end: Option<NaiveDate>,
    pub forecast: i64,
    /// Tid and økonomi as the tolerances see the forecast.
    pub suggestion: Suggestion,
    /// IT-projektrådet's own assessment for the quarter, if any.
    pub council: Option<Assessment>,
    /// Whose colours count in this report.
    pub basis: Basis,
}

impl ProjectLine {
    /// The colour that counts on the report's basis.
    pub fn colour(&self, p: Parameter) -> Option<Colour> {
        let council = self.council.as_ref().and_then(|a| a.colour(p));
        effective(self.reported(p), council, self.basis)
    }

    /// The project manager's colour.
    pub fn reported(&self, p: Parameter) -> Option<Colour> {
        self.status.as_ref().map(|s| s.colour(p))
    }

    /// Whether the counted colour is the council's.
    fn by_council(&self, p: Parameter) -> bool {
        self.basis == Basis::Council && self.council.as_ref().is_some_and(|a| a.colour(p).is_some())
    }
}

/// "Røde projekter ift. …": the projects red on one parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct RedTable {
    pub parameter: Parameter,
    /// Each row has a report, red on `parameter`.
    pub rows: Vec<ProjectLine>,
}

impl RedTable {
    pub fn total(&self) -> usize {
        self.rows.len()
    }

    /// The red parameter's comment of a row (the council's when its colour counts).
    pub fn comment(&self, row: &ProjectLine) -> String {
        let i = self.parameter as usize;
        match (&row.council, row.by_council(self.parameter)) {
            (Some(a), true) => format!("IT-projektrådet: {}", a.comments[i]),
            _ => row
                .status
                .as_ref()
                .map(|s| s.comments[i].clone())
                .unwrap_or_default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct FocusAreaStatus {
    pub id: i32,
    pub name: String,
    pub department: String,
    pub strategy: String,
    pub projects: Vec<ProjectLine>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParameterChanges {
    pub parameter: Parameter,
    pub projects: Vec<ProjectLine>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Changes {
    pub previous: Quarter,
    /// In progress now, not in the previous quarter.
    pub new_projects: Vec<ProjectLine>,
    pub completed: Vec<ProjectLine>,
    /// With the reason in `ProjectFacts::cancel_reason`, kept beside the line.
    pub cancelled: Vec<(ProjectLine, String)>,
    /// Red now, not red in the previous quarter's report.
    pub turned_red: Vec<ParameterChanges>,
    /// Red in the previous quarter's report, not red now.
    pub turned_green: Vec<ParameterChanges>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Missing {
    pub line: ProjectLine,
    pub email: Option<String>,
    pub days_overdue: i64,
}

/// Chefforum's decision on the report ("Godkendte indstillingen.").
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub meeting_date: NaiveDate,
    pub text: String,
    pub case_number: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct QReport {
    pub quarter: Quarter,
    pub deadline: NaiveDate,
    pub as_of: NaiveDate,
    pub summary: Summary,
    /// In the minutes' order: tid, leverancer, ressourcer, økonomi.
    pub red: Vec<RedTable>,
    pub focus_areas: Vec<FocusAreaStatus>,
    pub changes: Changes,
    pub missing: Vec<Missing>,
    /// Every project in progress with its status, in Danish name order.
    pub portfolio: Vec<ProjectLine>,
    /// What the portfolio costs and will cost to run.
    pub economy: EconomySection,
    /// Tid or økonomi reported greener than the tolerances suggest.
    pub contradicted: Vec<Contradiction>,
    /// Red on the same parameter this quarter and the one (or more) before.
    pub red_streaks: Vec<RedStreak>,
    /// Milestones, coming tenders, expiring contracts and future projects.
    pub road_ahead: RoadAhead,
    /// Where IT-projektrådet set a colour of its own, beside the project manager's.
    pub assessed: Vec<Assessed>,
    /// Whose colours the red tables follow.
    pub basis: Basis,
    /// Benefits follow-ups overdue or due soon.
    pub follow_ups: Vec<FollowUpLine>,
    /// Chefforum's list: strategic projects referred to start or to close.
    pub to_chefforum: Vec<AgendaItem>,
    /// Set by the caller when Chefforum has decided; the report is then frozen.
    pub decision: Option<Decision>,
}

fn by_name(a: &ProjectLine, b: &ProjectLine) -> std::cmp::Ordering {
    collation::compare(&a.name, &b.name)
}

/// What a line is built from besides its project and status.
struct LineContext<'a> {
    tolerances: &'a Tolerances,
    council: Option<&'a Assessment>,
    basis: Basis,
}

fn line(p: &ProjectFacts, status: Option<&ReportFacts>, ctx: LineContext) -> ProjectLine {
    let tolerances = ctx.tolerances;
    let reported = status.and_then(|s| s.economy);
    let forecast = reported.map_or(p.economy.forecast, |r| r.forecast);
    let expected_end = reported
        .and_then(|r| r.expected_end)
        .or(p.expected_end)
        .or(p.planned_end);
    ProjectLine {
        baseline: p.baseline,
        expected_end,
        forecast,
        suggestion: tolerances.suggest(p.baseline, expected_end, forecast),
        council: ctx.council.cloned(),
        basis: ctx.basis,
        project_id: p.id,
        name: p.name.clone(),
        programme: p.programme.clone(),
        department: p.department.clone(),
        manager: p.manager.as_ref().map(|m| m.name.clone()),
        owner: p.owner.as_ref().map(|m| m.name.clone()),
        phase: p.phase.clone(),
        kind: p.kind,
        must_do: p.must_do,
        state: p.state,
        start_date: p.start_date,
        planned_end: p.planned_end,
        status: status.cloned(),
    }
}

/// Counts by a key, sorted by `order` (then Danish name).
fn counts<K: Ord + Clone>(items: impl Iterator<Item = (K, String)>) -> Vec<Count> {
    let mut map: BTreeMap<(K, String), usize> = BTreeMap::new();
    for key in items {
        *map.entry(key).or_default() += 1;
    }
    let mut v: Vec<((K, String), usize)> = map.into_iter().collect();
    v.sort_by(|((ka, na), _), ((kb, nb), _)| ka.cmp(kb).then_with(|| collation::compare(na, nb)));
    v.into_iter()
        .map(|((_, name), count)| Count { name, count })
        .collect()
}

/// The projects of a report and their reports this quarter and the one
/// before, read once; each part of the Q-report is built from it.
struct Selection<'a> {
    facts: &'a PortfolioFacts,
    quarter: Quarter,
    previous: Quarter,
    now: HashMap<i32, &'a ReportFacts>,
    before: HashMap<i32, &'a ReportFacts>,
    /// Every project the filter picks, in progress or not.
    selected: Vec<&'a ProjectFacts>,
    /// The selected projects in progress this quarter, in Danish name order.
    active: Vec<&'a ProjectFacts>,
    /// The council's assessments of this quarter.
    council: HashMap<i32, &'a Assessment>,
    basis: Basis,
}

impl<'a> Selection<'a> {
    fn new(facts: &'a PortfolioFacts, filter: &PortfolioFilter) -> Self {
        let (quarter, previous) = (facts.quarter, facts.quarter.previous());
        let reports_of = |q: Quarter| -> HashMap<i32, &ReportFacts> {
            let of_quarter = facts.reports.iter().filter(|r| r.quarter == q);
            of_quarter.map(|r| (r.project_id, r)).collect()
        };
        let selected: Vec<&ProjectFacts> = facts
            .projects
            .iter()
            .filter(|p| filter.matches(p))
            .collect();
        let mut active: Vec<&ProjectFacts> = selected
            .iter()
            .copied()
            .filter(|p| p.in_progress(quarter))
            .collect();
        // One sort key per project, not two per comparison.
        active.sort_by_cached_key(|p| (collation::sort_key(&p.name), p.name.clone()));
        Self {
            facts,
            quarter,
            previous,
            now: reports_of(quarter),
            before: reports_of(previous),
            selected,
            active,
            council: facts
                .assessments
                .iter()
                .filter(|a| a.quarter == quarter)
                .map(|a| (a.project_id, &a.assessment))
                .collect(),
            basis: filter.basis,
        }
    }

    fn context(&self, p: &ProjectFacts) -> LineContext<'_> {
        LineContext {
            tolerances: &self.facts.tolerances,
            council: self.council.get(&p.id).copied(),
            basis: self.basis,
        }
    }

    fn line(&self, p: &ProjectFacts) -> ProjectLine {
        line(p, self.now.get(&p.id).copied(), self.context(p))
    }

    fn lines<'b>(&self, projects: impl Iterator<Item = &'b &'a ProjectFacts>) -> Vec<ProjectLine>
    where
        'a: 'b,
    {
        projects.map(|p| self.line(p)).collect()
    }

    fn summary(&self, portfolio: &[ProjectLine]) -> Summary {
        let active = &self.active;
        let focus_names: HashMap<i32, &str> = self
            .facts
            .focus_areas
            .iter()
            .map(|f| (f.id, f.name.as_str()))
            .collect();
        let focus_area = |p: &&ProjectFacts| match p.focus_area_id.and_then(|f| focus_names.get(&f))
        {
            Some(name) => (0, name.to_string()),
            // Projects outside the strategy come last.
            None => (1, "Uden indsatsområde".to_string()),
        };
        let red = |l: &&ProjectLine| l.status.as_ref().is_some_and(ReportFacts::any_red);
        Summary {
            in_progress: active.len(),
            must_do: active.iter().filter(|p| p.must_do).count(),
            with_red: portfolio.iter().filter(red).count(),
            reported: portfolio.iter().filter(|l| l.status.is_some()).count(),
            by_phase: counts(active.iter().map(|p| (p.phase_position, p.phase.clone()))),
            by_department: counts(active.iter().map(|p| (0, p.department.clone()))),
            by_kind: counts(
                active
                    .iter()
                    .map(|p| (p.kind as u8, p.kind.danish().to_string())),
            ),
            by_focus_area: counts(active.iter().map(focus_area)),
        }
    }

    fn focus_areas(&self) -> Vec<FocusAreaStatus> {
        let area = |f: &FocusAreaFacts| FocusAreaStatus {
            id: f.id,
            name: f.name.clone(),
            department: f.department.clone(),
            strategy: f.strategy.clone(),
            projects: self.lines(self.active.iter().filter(|p| p.focus_area_id == Some(f.id))),
        };
        self.facts.focus_areas.iter().map(area).collect()
    }

    /// Per parameter, the projects that turned red (or green) since the quarter before.
    fn turned(&self, red: bool) -> Vec<ParameterChanges> {
        let turned = |p: &ProjectFacts, parameter: Parameter| match (
            self.now.get(&p.id),
            self.before.get(&p.id),
        ) {
            (Some(n), Some(b)) => n.is_red(parameter) == red && b.is_red(parameter) != red,
            _ => false,
        };
        let of = |parameter: Parameter| ParameterChanges {
            parameter,
            projects: self.lines(self.active.iter().filter(|p| turned(p, parameter))),
        };
        TABLE_ORDER.iter().map(|&parameter| of(parameter)).collect()
    }

    fn changes(&self) -> Changes {
        let ended = |state| {
            self.selected
                .iter()
                .filter(move |p| p.ended_in(self.quarter, state))
        };
        let mut cancelled: Vec<(ProjectLine, String)> = ended(Lifecycle::Cancelled)
            .map(|p| (self.line(p), p.cancel_reason.clone().unwrap_or_default()))
            .collect();
        cancelled.sort_by(|a, b| by_name(&a.0, &b.0));
        let mut completed = self.lines(ended(Lifecycle::Completed));
        completed.sort_by(by_name);
        Changes {
            previous: self.previous,
            new_projects: self.lines(self.active.iter().filter(|p| !p.in_progress(self.previous))),
            completed,
            cancelled,
            turned_red: self.turned(true),
            turned_green: self.turned(false),
        }
    }

    /// Projects red on the same parameter two or more quarters in a row, in
    /// the minutes' table order, then by name.
    fn red_streaks(&self) -> Vec<RedStreak> {
        let colours: HashMap<(i32, Quarter), &ReportFacts> = self
            .facts
            .reports
            .iter()
            .map(|r| ((r.project_id, r.quarter), r))
            .collect();
        let mut found = vec![];
        for &parameter in &TABLE_ORDER {
            for p in &self.active {
                let colour_in = |q: Quarter| colours.get(&(p.id, q)).map(|r| r.colour(parameter));
                let quarters = red_streak(colour_in, self.quarter, STREAK_QUARTERS);
                if quarters >= 2 {
                    let mut since = self.quarter;
                    for _ in 1..quarters {
                        since = since.previous();
                    }
                    found.push(RedStreak {
                        line: self.line(p),
                        parameter,
                        quarters,
                        since,
                    });
                }
            }
        }
        found
    }

    fn missing(&self) -> Vec<Missing> {
        let days_overdue = (self.facts.as_of - self.facts.deadline).num_days().max(0);
        let mut missing: Vec<Missing> = self
            .active
            .iter()
            .filter(|p| !self.now.contains_key(&p.id))
            .map(|p| Missing {
                line: line(p, None, self.context(p)),
                email: p.manager.as_ref().map(|m| m.email.clone()),
                days_overdue,
            })
            .collect();
        missing.sort_by(|a, b| {
            collation::compare(&a.line.department, &b.line.department)
                .then_with(|| by_name(&a.line, &b.line))
        });
        missing
    }
}

/// A colour the data contradicts: reported greener than the rule suggests.
#[derive(Debug, Clone, PartialEq)]
pub struct Contradiction {
    pub line: ProjectLine,
    pub parameter: Parameter,
    pub reported: Colour,
    pub suggested: Colour,
}

/// Tid and økonomi of each reported project, where the report is greener
/// than its baseline and forecast allow, in the portfolio's order.
fn contradicted(portfolio: &[ProjectLine]) -> Vec<Contradiction> {
    let mut found = vec![];
    for l in portfolio {
        let Some(status) = &l.status else { continue };
        let checks = [
            (Parameter::Tid, l.suggestion.tid),
            (Parameter::Okonomi, l.suggestion.okonomi),
        ];
        for (parameter, suggested) in checks {
            let reported = status.colour(parameter);
            if let (true, Some(suggested)) = (greener(reported, suggested), suggested) {
                found.push(Contradiction {
                    line: l.clone(),
                    parameter,
                    reported,
                    suggested,
                });
            }
        }
    }
    found
}

/// A parameter the council assessed with a colour of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessed {
    pub line: ProjectLine,
    pub parameter: Parameter,
    /// The project manager's colour (none: not reported).
    pub reported: Option<Colour>,
    pub council: Colour,
    pub comment: String,
}

/// The council's own colours, in the minutes' table order, then by name.
fn assessed(portfolio: &[ProjectLine]) -> Vec<Assessed> {
    let mut found = vec![];
    for &parameter in &TABLE_ORDER {
        for l in portfolio {
            let Some(a) = &l.council else { continue };
            if let Some(council) = a.colour(parameter) {
                found.push(Assessed {
                    line: l.clone(),
                    parameter,
                    reported: l.reported(parameter),
                    council,
                    comment: a.comments[parameter as usize].clone(),
                });
            }
        }
    }
    found
}

/// How many quarters back a red streak is followed.
pub const STREAK_QUARTERS: usize = 8;

/// A project red on one parameter for `quarters` quarters in a row, up to
/// and including the report's quarter (two at least).
#[derive(Debug, Clone, PartialEq)]
pub struct RedStreak {
    pub line: ProjectLine,
    pub parameter: Parameter,
    pub quarters: usize,
    /// The first quarter of the streak.
    pub since: Quarter,
}

/// The quarters in a row, counted back from `quarter`, whose report has the
/// parameter red; a quarter without a report ends the streak.
pub fn red_streak(
    colour_in: impl Fn(Quarter) -> Option<Colour>,
    quarter: Quarter,
    limit: usize,
) -> usize {
    let mut q = quarter;
    let mut n = 0;
    while n < limit && colour_in(q) == Some(Colour::Red) {
        n += 1;
        q = q.previous();
    }
    n
}

/// One table per red parameter, in the minutes' order.
fn red_tables(portfolio: &[ProjectLine]) -> Vec<RedTable> {
    let table = |parameter: Parameter| RedTable {
        parameter,
        rows: portfolio
            .iter()
            .filter(|l| l.colour(parameter) == Some(Colour::Red))
            .cloned()
            .collect(),
    };
    TABLE_ORDER
        .iter()
        .map(|&parameter| table(parameter))
        .collect()
}

pub fn build(facts: &PortfolioFacts, filter: &PortfolioFilter) -> QReport {
    let selection = Selection::new(facts, filter);
    let portfolio = selection.lines(selection.active.iter());
    QReport {
        quarter: selection.quarter,
        deadline: facts.deadline,
        as_of: facts.as_of,
        summary: selection.summary(&portfolio),
        red: red_tables(&portfolio),
        focus_areas: selection.focus_areas(),
        changes: selection.changes(),
        missing: selection.missing(),
        economy: selection.economy(),
        contradicted: contradicted(&portfolio),
        red_streaks: selection.red_streaks(),
        road_ahead: selection.road_ahead(),
        assessed: assessed(&portfolio),
        basis: filter.basis,
        follow_ups: follow_ups(facts),
        to_chefforum: facts.chefforum.clone(),
        portfolio,
        decision: None,
    }
}

/// Red counts and missing reports for one quarter of a trend.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendPoint {
    pub quarter: Quarter,
    pub in_progress: usize,
    /// Projects red on each parameter, in `Parameter::ALL` order.
    pub red: [usize; 4],
    pub with_red: usize,
    pub missing: usize,
}

/// Quarter by quarter, from the same in-progress rule as the report.
pub fn trend(
    projects: &[ProjectFacts],
    reports: &[ReportFacts],
    quarters: &[Quarter],
) -> Vec<TrendPoint> {
    let by_key: HashMap<(i32, Quarter), &ReportFacts> = reports
        .iter()
        .map(|r| ((r.project_id, r.quarter), r))
        .collect();
    quarters
        .iter()
        .map(|&quarter| {
            let mut point = TrendPoint {
                quarter,
                in_progress: 0,
                red: [0; 4],
                with_red: 0,
                missing: 0,
            };
            for p in projects.iter().filter(|p| p.in_progress(quarter)) {
                point.in_progress += 1;
                match by_key.get(&(p.id, quarter)) {
                    None => point.missing += 1,
                    Some(r) => {
                        for parameter in Parameter::ALL {
                            if r.is_red(parameter) {
                                point.red[parameter as usize] += 1;
                            }
                        }
                        if r.any_red() {
                            point.with_red += 1;
                        }
                    }
                }
            }
            point
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Colour::{Green, Red, Yellow};

    fn q(s: &str) -> Quarter {
        s.parse().unwrap()
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    pub(super) fn project(id: i32, name: &str) -> ProjectFacts {
        ProjectFacts {
            id,
            name: name.into(),
            description: String::new(),
            parent_id: None,
            programme: None,
            department_id: 1,
            department: "Miljø & Teknik".into(),
            manager: Some(Person {
                name: "Peter Holm".into(),
                email: "peter.holm@albertslund.dk".into(),
            }),
            owner: None,
            phase_id: 4,
            phase: "implementering".into(),
            phase_position: 4,
            kind: Kind::Strategic,
            must_do: false,
            focus_area_id: None,
            state: Lifecycle::Active,
            start_date: Some(d("2021-01-01")),
            planned_end: None,
            ended_on: None,
            cancel_reason: None,
            directorate: "By, Kultur, Miljø & Beskæftigelse".into(),
            economy: Figures::default(),
            expected_end: None,
            financing: None,
            contract_end: None,
            baseline: None,
        }
    }

    pub(super) fn report(id: i32, quarter: &str, colours: [Colour; 4]) -> ReportFacts {
        ReportFacts {
            project_id: id,
            quarter: q(quarter),
            colours,
            comments: colours.map(|c| {
                if c == Red {
                    "fordi".to_string()
                } else {
                    String::new()
                }
            }),
            comment: String::new(),
            economy: None,
        }
    }

    pub(super) fn facts(projects: Vec<ProjectFacts>, reports: Vec<ReportFacts>) -> PortfolioFacts {
        PortfolioFacts {
            quarter: q("2022Q1"),
            deadline: d("2022-03-18"),
            as_of: d("2022-03-31"),
            projects,
            reports,
            focus_areas: vec![],
            tolerances: Tolerances::default(),
            milestones: vec![],
            assessments: vec![],
            completed: vec![],
            chefforum: vec![],
        }
    }

    fn names(lines: &[ProjectLine]) -> Vec<&str> {
        lines.iter().map(|l| l.name.as_str()).collect()
    }

    #[test]
    fn red_two_or_more_quarters_in_a_row() {
        let colour = |c: [Option<Colour>; 4]| {
            move |q: Quarter| match q.to_string().as_str() {
                "2022Q1" => c[3],
                "2021Q4" => c[2],
                "2021Q3" => c[1],
                "2021Q2" => c[0],
                _ => None,
            }
        };
        let q1 = q("2022Q1");
        assert_eq!(
            red_streak(colour([None, None, Some(Red), Some(Red)]), q1, 8),
            2
        );
        assert_eq!(
            red_streak(colour([Some(Red), Some(Red), Some(Red), Some(Red)]), q1, 8),
            4
        );
        assert_eq!(
            red_streak(colour([Some(Red), Some(Red), Some(Red), Some(Red)]), q1, 3),
            3,
            "limited"
        );
        assert_eq!(
            red_streak(
                colour([Some(Red), Some(Yellow), Some(Red), Some(Red)]),
                q1,
                8
            ),
            2,
            "yellow breaks it"
        );
        assert_eq!(
            red_streak(colour([Some(Red), None, Some(Red), Some(Red)]), q1, 8),
            2,
            "a missing report breaks it"
        );
        assert_eq!(
            red_streak(colour([None, None, Some(Red), Some(Green)]), q1, 8),
            0,
            "green now"
        );
        // Through the report: PARK Manager red on leverancer in 2021Q4 and 2022Q1.
        let facts = facts(
            vec![project(1, "PARK Manager"), project(2, "Citizen Lab")],
            vec![
                report(1, "2021Q4", [Green, Red, Green, Yellow]),
                report(1, "2022Q1", [Green, Red, Green, Red]),
                report(2, "2021Q4", [Red, Green, Green, Green]),
                report(2, "2022Q1", [Red, Green, Green, Green]),
            ],
        );
        let streaks = build(&facts, &PortfolioFilter::default()).red_streaks;
        let found: Vec<(&str, Parameter, usize)> = streaks
            .iter()
            .map(|s| (s.line.name.as_str(), s.parameter, s.quarters))
            .collect();
        assert_eq!(
            found,
            [
                ("PARK Manager", Parameter::Leverancer, 2),
                ("Citizen Lab", Parameter::Ressourcer, 2)
            ]
        );
        assert_eq!(streaks[0].since, q("2021Q4"));
    }

    #[test]
    fn benefits_follow_ups_due_and_overdue() {
        let done = |name: &str, ended: &str, followed: Option<&str>| CompletedFacts {
            project_id: name.len() as i32,
            name: name.into(),
            department: "IT & Digitalisering".into(),
            ended_on: Some(d(ended)),
            followed_up: followed.map(d),
            benefits: 1,
        };
        let mut f = facts(vec![], vec![]);
        // As of 31-03-2022; the next quarter ends 30-06-2022.
        f.completed = vec![
            done("Overdue", "2021-01-15", None),
            done("Soon", "2021-06-30", None),
            done("Later", "2021-09-30", None),
            done("Done", "2021-01-01", Some("2022-02-01")),
        ];
        let found = build(&f, &PortfolioFilter::default()).follow_ups;
        let got: Vec<(&str, bool, NaiveDate)> = found
            .iter()
            .map(|x| (x.name.as_str(), x.overdue, x.due))
            .collect();
        assert_eq!(
            got,
            [
                ("Overdue", true, d("2022-01-15")),
                ("Soon", false, d("2022-06-30"))
            ]
        );
    }

    #[test]
    fn the_in_progress_rule() {
        let q1 = q("2022Q1");
        let mut p = project(1, "P");
        assert!(p.in_progress(q1));
        p.start_date = Some(d("2022-04-01"));
        assert!(!p.in_progress(q1), "starts after the quarter");
        p.start_date = None;
        assert!(!p.in_progress(q1), "no start date");
        p = project(1, "P");
        p.state = Lifecycle::Proposed;
        assert!(!p.in_progress(q1), "not approved");
        p.state = Lifecycle::Cancelled;
        p.ended_on = Some(d("2022-03-31"));
        assert!(p.in_progress(q1), "cancelled on the last day still counts");
        p.ended_on = Some(d("2021-12-31"));
        assert!(!p.in_progress(q1), "closed before the quarter began");
        p.state = Lifecycle::Completed;
        p.ended_on = None;
        assert!(!p.in_progress(q1), "closed without a date");
    }

    #[test]
    fn red_tables_group_by_parameter_in_the_minutes_order_and_danish_names() {
        // A project red on two parameters stands in both tables.
        let f = facts(
            vec![
                project(1, "Øst"),
                project(2, "Citizen Lab"),
                project(3, "Telemedicin"),
                project(4, "Ærø"),
            ],
            vec![
                report(1, "2022Q1", [Green, Green, Red, Green]),
                report(2, "2022Q1", [Green, Green, Red, Green]),
                report(3, "2022Q1", [Green, Red, Red, Yellow]),
                report(4, "2022Q1", [Red, Green, Green, Green]),
            ],
        );
        let r = build(&f, &PortfolioFilter::default());
        let tables: Vec<(Parameter, Vec<&str>)> = r
            .red
            .iter()
            .map(|t| (t.parameter, names(&t.rows)))
            .collect();
        assert_eq!(
            tables,
            [
                (Parameter::Tid, vec!["Citizen Lab", "Telemedicin", "Øst"]),
                (Parameter::Leverancer, vec!["Telemedicin"]),
                (Parameter::Ressourcer, vec!["Ærø"]),
                (Parameter::Okonomi, vec![]),
            ]
        );
        assert_eq!(r.red[0].total(), 3);
        assert_eq!(r.red[0].comment(&r.red[0].rows[0]), "fordi");
        assert_eq!(r.summary.with_red, 4);
        assert_eq!(r.summary.in_progress, 4);
    }

    #[test]
    fn only_the_quarters_own_report_counts() {
        let f = facts(
            vec![project(1, "Gammel rød")],
            vec![report(1, "2021Q4", [Red, Red, Red, Red])],
        );
        let r = build(&f, &PortfolioFilter::default());
        assert!(r.red.iter().all(|t| t.rows.is_empty()));
        assert_eq!(
            names(&r.missing.iter().map(|m| m.line.clone()).collect::<Vec<_>>()),
            ["Gammel rød"]
        );
        assert_eq!(r.missing[0].days_overdue, 13);
        assert_eq!(
            r.missing[0].email.as_deref(),
            Some("peter.holm@albertslund.dk")
        );
    }

    #[test]
    fn changes_since_the_previous_quarter() {
        let mut new = project(3, "Ny");
        new.start_date = Some(d("2022-02-01"));
        let mut cancelled = project(4, "Stoppet");
        cancelled.state = Lifecycle::Cancelled;
        cancelled.ended_on = Some(d("2022-03-31"));
        cancelled.cancel_reason = Some("Leverandøren kan ikke".into());
        let mut done = project(5, "Færdig");
        done.state = Lifecycle::Completed;
        done.ended_on = Some(d("2022-02-15"));
        let f = facts(
            vec![
                project(1, "Blev rød"),
                project(2, "Blev grøn"),
                new,
                cancelled,
                done,
            ],
            vec![
                report(1, "2021Q4", [Green, Yellow, Green, Green]),
                report(1, "2022Q1", [Green, Red, Green, Green]),
                report(2, "2021Q4", [Green, Green, Red, Green]),
                report(2, "2022Q1", [Green, Green, Green, Green]),
                report(3, "2022Q1", [Red, Green, Green, Green]),
            ],
        );
        let r = build(&f, &PortfolioFilter::default());
        assert_eq!(r.changes.previous, q("2021Q4"));
        assert_eq!(names(&r.changes.new_projects), ["Ny"]);
        assert_eq!(names(&r.changes.completed), ["Færdig"]);
        assert_eq!(r.changes.cancelled.len(), 1);
        assert_eq!(r.changes.cancelled[0].1, "Leverandøren kan ikke");
        let turned = |c: &[ParameterChanges], p: Parameter| -> Vec<String> {
            c.iter()
                .find(|x| x.parameter == p)
                .unwrap()
                .projects
                .iter()
                .map(|l| l.name.clone())
                .collect()
        };
        assert_eq!(
            turned(&r.changes.turned_red, Parameter::Leverancer),
            ["Blev rød"]
        );
        // A new project red from its first report did not "turn" red.
        assert!(turned(&r.changes.turned_red, Parameter::Ressourcer).is_empty());
        assert_eq!(
            turned(&r.changes.turned_green, Parameter::Tid),
            ["Blev grøn"]
        );
    }

    #[test]
    fn summary_counts_and_filters() {
        let mut a = project(1, "A");
        a.must_do = true;
        a.department = "Økonomi & Stab".into();
        a.department_id = 2;
        let mut b = project(2, "B");
        b.phase = "analyse".into();
        b.phase_position = 2;
        b.focus_area_id = Some(7);
        let f = PortfolioFacts {
            focus_areas: vec![FocusAreaFacts {
                id: 7,
                name: "Mere grøn velfærd".into(),
                department: "M&T".into(),
                strategy: "S".into(),
            }],
            ..facts(
                vec![a, b, project(3, "C")],
                vec![report(1, "2022Q1", [Green; 4])],
            )
        };
        let r = build(&f, &PortfolioFilter::default());
        assert_eq!(
            (r.summary.in_progress, r.summary.must_do, r.summary.reported),
            (3, 1, 1)
        );
        let pairs = |c: &[Count]| {
            c.iter()
                .map(|c| (c.name.clone(), c.count))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            pairs(&r.summary.by_phase),
            [
                ("analyse".to_string(), 1),
                ("implementering".to_string(), 2)
            ]
        );
        assert_eq!(
            pairs(&r.summary.by_department),
            [
                ("Miljø & Teknik".to_string(), 2),
                ("Økonomi & Stab".to_string(), 1)
            ]
        );
        assert_eq!(
            pairs(&r.summary.by_focus_area),
            [
                ("Mere grøn velfærd".to_string(), 1),
                ("Uden indsatsområde".to_string(), 2)
            ]
        );
        assert_eq!(names(&r.focus_areas[0].projects), ["B"]);

        let only = PortfolioFilter {
            department_id: Some(2),
            ..Default::default()
        };
        assert_eq!(names(&build(&f, &only).portfolio), ["A"]);
        let text = PortfolioFilter {
            text: Some("b".into()),
            ..Default::default()
        };
        assert_eq!(names(&build(&f, &text).portfolio), ["B"]);
    }

    #[test]
    fn trend_counts_per_quarter() {
        let projects = vec![project(1, "A"), project(2, "B")];
        let reports = vec![
            report(1, "2021Q4", [Red, Green, Red, Green]),
            report(2, "2021Q4", [Green, Green, Red, Green]),
            report(1, "2022Q1", [Green; 4]),
        ];
        let t = trend(&projects, &reports, &[q("2021Q4"), q("2022Q1")]);
        assert_eq!(t[0].red, [1, 0, 2, 0]);
        assert_eq!((t[0].with_red, t[0].missing), (2, 0));
        assert_eq!((t[1].with_red, t[1].missing, t[1].in_progress), (0, 1, 2));
    }

    #[test]
    fn facts_survive_a_json_round_trip() {
        let f = facts(
            vec![project(1, "Ærø")],
            vec![report(1, "2022Q1", [Red, Green, Yellow, Green])],
        );
        let json = serde_json::to_string(&f).unwrap();
        assert_eq!(serde_json::from_str::<PortfolioFacts>(&json).unwrap(), f);
    }
}
