//! Projects as everyone reads them and as the audit trail records them:
//! one shape per project, whether the API or a web page made the change.

use crate::app::types::{LifecycleState, ProjectKind};
use crate::db::economy::{self, EconomyRow};
use crate::db::projects::{self as store, ProjectRow};
use crate::db::{departments, focus_areas, people, phases, DbConnection};
use crate::domain::economy::{default_operating_from, Figures};
use crate::error::AppError;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

/// A reference to another record, with its name for display.
#[derive(Serialize, ToSchema, Clone)]
pub struct Ref {
    pub id: i32,
    pub name: String,
}

#[derive(Serialize, ToSchema, Clone)]
pub struct PersonRef {
    pub id: i32,
    pub name: String,
    pub email: String,
}

/// A project in the portfolio.
#[derive(Serialize, ToSchema)]
pub struct Project {
    pub id: i32,
    pub name: String,
    pub description: String,
    /// KLE journal number, e.g. `85.13.00-P20-1-22`.
    pub case_number: Option<String>,
    pub department: Ref,
    pub manager: Option<PersonRef>,
    pub owner: Option<PersonRef>,
    pub phase: Ref,
    pub kind: ProjectKind,
    /// Skal-projekt: required by law or by a joint municipal programme.
    pub must_do: bool,
    pub focus_area: Option<Ref>,
    /// The programme this project belongs to.
    pub parent: Option<Ref>,
    pub start_date: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    /// Budget in whole kroner.
    pub budget: i64,
    /// Spent so far, whole kroner.
    pub spent: i64,
    /// Derived yearly operating cost (afledte udgifter), whole kroner.
    pub operating_cost: i64,
    pub expected_benefits: String,
    pub state: LifecycleState,
    pub cancel_reason: Option<String>,
    /// When the project was completed or cancelled.
    pub ended_on: Option<NaiveDate>,
    /// Expected total one-off cost as the council registered it or the
    /// project manager last reported it; null: the budget.
    pub forecast: Option<i64>,
    /// The end the project manager last reported as expected.
    pub expected_end: Option<NaiveDate>,
    /// First year the derived operating cost is paid; null: the year after the planned end.
    pub operating_from: Option<i32>,
    /// The department that finances the project, when not the owning one.
    pub financing_department_id: Option<i32>,
    /// Business case: expected yearly gross benefit, whole kroner.
    pub benefit_yearly: i64,
    /// First year of benefit; null: the first year of operation.
    pub benefit_from: Option<i32>,
    /// The year benefits less operating costs have paid back the expected total (computed).
    pub payback_year: Option<i32>,
    /// When the contract of the delivered system expires.
    pub contract_end: Option<NaiveDate>,
    /// Increases with every change; send it back on update to avoid overwriting others.
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A project with its sub-projects, as `GET /projects/{id}` returns it.
#[derive(Serialize, ToSchema)]
pub struct ProjectDetail {
    #[serde(flatten)]
    pub project: Project,
    pub children: Vec<Ref>,
}

#[derive(Serialize, ToSchema)]
pub struct ProjectPage {
    pub items: Vec<Project>,
    /// How many projects match the filters in all.
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
}

/// The names a page of projects refers to, loaded once per page.
pub struct Names {
    departments: HashMap<i32, String>,
    phases: HashMap<i32, String>,
    focus_areas: HashMap<i32, String>,
    people: HashMap<i32, PersonRef>,
    projects: HashMap<i32, String>,
    economy: HashMap<i32, EconomyRow>,
}

impl Names {
    pub fn load(conn: &mut DbConnection, rows: &[ProjectRow]) -> Result<Self, AppError> {
        let person_ids: Vec<i32> = rows
            .iter()
            .flat_map(|r| [r.manager_id, r.owner_id])
            .flatten()
            .collect();
        let parent_ids: Vec<i32> = rows.iter().filter_map(|r| r.parent_id).collect();
        Ok(Self {
            // Only the names this page refers to, by primary key.
            departments: departments::names(
                conn,
                &rows.iter().map(|r| r.department_id).collect::<Vec<_>>(),
            )?,
            phases: phases::names(conn, &rows.iter().map(|r| r.phase_id).collect::<Vec<_>>())?,
            focus_areas: focus_areas::names(
                conn,
                &rows
                    .iter()
                    .filter_map(|r| r.focus_area_id)
                    .collect::<Vec<_>>(),
            )?,
            people: people::by_ids(conn, &person_ids)?
                .into_iter()
                .map(|p| {
                    (
                        p.id,
                        PersonRef {
                            id: p.id,
                            name: p.name,
                            email: p.email,
                        },
                    )
                })
                .collect(),
            projects: store::names(conn, &parent_ids)?.into_iter().collect(),
            economy: economy::of(conn, &rows.iter().map(|r| r.id).collect::<Vec<_>>())?,
        })
    }

    /// The names of one project read together with it, and its economy.
    fn of(p: &store::NamedProject, economy: EconomyRow) -> Self {
        let r = &p.row;
        let one = |id: Option<i32>, name: &Option<String>| {
            id.zip(name.clone()).into_iter().collect::<HashMap<_, _>>()
        };
        Self {
            departments: one(Some(r.department_id), &Some(p.department.clone())),
            phases: one(Some(r.phase_id), &Some(p.phase.clone())),
            focus_areas: one(r.focus_area_id, &p.focus_area),
            people: [&p.manager, &p.owner]
                .into_iter()
                .flatten()
                .map(|(id, name, email)| {
                    (
                        *id,
                        PersonRef {
                            id: *id,
                            name: name.clone(),
                            email: email.clone(),
                        },
                    )
                })
                .collect(),
            projects: one(r.parent_id, &p.parent),
            economy: HashMap::from([(r.id, economy)]),
        }
    }

    pub fn view(&self, r: ProjectRow) -> Project {
        let named = |map: &HashMap<i32, String>, id: i32| Ref {
            id,
            name: map.get(&id).cloned().unwrap_or_default(),
        };
        let economy = self.economy.get(&r.id).cloned().unwrap_or_default();
        let payback_year = economy_figures(&r, &economy).payback_year();
        Project {
            department: named(&self.departments, r.department_id),
            manager: r.manager_id.and_then(|id| self.people.get(&id).cloned()),
            owner: r.owner_id.and_then(|id| self.people.get(&id).cloned()),
            phase: named(&self.phases, r.phase_id),
            kind: r.kind.into(),
            focus_area: r.focus_area_id.map(|id| named(&self.focus_areas, id)),
            parent: r.parent_id.map(|id| named(&self.projects, id)),
            state: r.state.into(),
            id: r.id,
            name: r.name,
            description: r.description,
            case_number: r.case_number,
            must_do: r.must_do,
            start_date: r.start_date,
            planned_end: r.planned_end,
            budget: r.budget,
            spent: r.spent,
            operating_cost: r.operating_cost,
            expected_benefits: r.expected_benefits,
            cancel_reason: r.cancel_reason,
            ended_on: r.ended_on,
            forecast: economy.forecast,
            expected_end: economy.expected_end,
            operating_from: economy.operating_from,
            financing_department_id: economy.financing_department_id,
            benefit_yearly: economy.benefit_yearly,
            benefit_from: economy.benefit_from,
            payback_year,
            contract_end: economy.contract_end,
            version: r.version,
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
        }
    }
}

/// The figures the domain computes a project's economy from.
pub fn economy_figures(r: &ProjectRow, e: &EconomyRow) -> Figures {
    Figures {
        budget: r.budget,
        spent: r.spent,
        forecast: e.forecast.unwrap_or(r.budget),
        operating_cost: r.operating_cost,
        operating_from: default_operating_from(e.operating_from, e.expected_end.or(r.planned_end)),
        benefit_yearly: e.benefit_yearly,
        benefit_from: e.benefit_from,
    }
}

pub fn detail_of(conn: &mut DbConnection, id: i32) -> Result<ProjectDetail, AppError> {
    let named = store::named(conn, id)?;
    let children = store::children(conn, id)?
        .into_iter()
        .map(|(id, name)| Ref { id, name })
        .collect();
    let economy = economy::get(conn, id)?;
    Ok(ProjectDetail {
        project: Names::of(&named, economy).view(named.row),
        children,
    })
}

/// The details of many projects in a few queries, by id (an import's audit).
pub fn details_of(
    conn: &mut DbConnection,
    ids: &[i32],
) -> Result<std::collections::HashMap<i32, ProjectDetail>, AppError> {
    let mut children: std::collections::HashMap<i32, Vec<Ref>> = Default::default();
    for (parent, id, name) in store::children_of_many(conn, ids)? {
        children.entry(parent).or_default().push(Ref { id, name });
    }
    let mut economy = economy::of(conn, ids)?;
    store::named_many(conn, ids)?
        .into_iter()
        .map(|named| {
            let id = named.row.id;
            let project =
                Names::of(&named, economy.remove(&id).unwrap_or_default()).view(named.row);
            let children = children.remove(&id).unwrap_or_default();
            Ok((id, ProjectDetail { project, children }))
        })
        .collect()
}
