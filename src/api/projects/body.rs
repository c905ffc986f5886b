//! What the API takes for projects: the bodies of the writes and the list's
//! query, each turned into the domain's types before a use case sees it.

use super::super::types::{LifecycleState, ProjectKind, StatusParameter};
use crate::db::projects::{ProjectFilter, ProjectOrder};
use crate::domain::economy::EconomyPlan;
use crate::domain::project::{ProjectDraft, ProjectInput as DomainInput};
use crate::domain::quarter::Quarter;
use crate::domain::report::PortfolioFilter;
use crate::domain::status::Parameter;
use crate::domain::Problem;
use crate::error::AppError;
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

/// What the council fills in for a project.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectBody {
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = "^[^\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*[^\\s\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF][^\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub name: String,
    #[serde(default)]
    #[schema(
        max_length = 10000,
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub description: String,
    /// KLE journal number `NN.NN.NN-LNN-serial-YY`, e.g. `85.13.00-P20-1-22`.
    #[serde(default)]
    #[schema(
        pattern = "^\\s*([0-9]{2}\\.[0-9]{2}\\.[0-9]{2}-[A-Z][0-9]{2}-[0-9]{1,6}-[0-9]{2})?\\s*$"
    )]
    pub case_number: Option<String>,
    pub department_id: i32,
    #[serde(default)]
    pub manager_id: Option<i32>,
    #[serde(default)]
    pub owner_id: Option<i32>,
    pub phase_id: i32,
    pub kind: ProjectKind,
    #[serde(default)]
    pub must_do: bool,
    #[serde(default)]
    pub focus_area_id: Option<i32>,
    #[serde(default)]
    pub parent_id: Option<i32>,
    #[serde(default)]
    pub start_date: Option<NaiveDate>,
    #[serde(default)]
    pub planned_end: Option<NaiveDate>,
    #[serde(default)]
    #[schema(minimum = 0)]
    pub budget: i64,
    #[serde(default)]
    #[schema(minimum = 0)]
    pub spent: i64,
    #[serde(default)]
    #[schema(minimum = 0)]
    pub operating_cost: i64,
    #[serde(default)]
    #[schema(
        max_length = 10000,
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub expected_benefits: String,
    #[serde(default = "proposed")]
    pub state: LifecycleState,
    /// Required when `state` is `cancelled`.
    #[serde(default)]
    #[schema(
        max_length = 10000,
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub cancel_reason: Option<String>,
    #[serde(default)]
    pub ended_on: Option<NaiveDate>,
    /// Expected total one-off cost in whole kroner; null: the budget.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1_000_000_000_000_i64)]
    pub forecast: Option<i64>,
    /// First year the derived operating cost is paid; null: the year after the planned end.
    #[serde(default)]
    #[schema(minimum = 1990, maximum = 2100)]
    pub operating_from: Option<i32>,
    /// The department that finances the project, when not the owning one.
    #[serde(default)]
    pub financing_department_id: Option<i32>,
    /// Business case: expected yearly gross benefit in whole kroner.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1_000_000_000_000_i64)]
    pub benefit_yearly: i64,
    /// First year of benefit; null: the first year of operation.
    #[serde(default)]
    #[schema(minimum = 1990, maximum = 2100)]
    pub benefit_from: Option<i32>,
    /// When the contract of the delivered system expires.
    #[serde(default)]
    pub contract_end: Option<NaiveDate>,
    /// On update: the version you read. A different stored version answers 409.
    #[serde(default)]
    pub version: Option<i32>,
}

fn proposed() -> LifecycleState {
    LifecycleState::Proposed
}

impl ProjectBody {
    pub(super) fn parse(self) -> Result<(ProjectDraft, Option<i32>), AppError> {
        let version = self.version;
        let draft = ProjectDraft::parse(DomainInput {
            name: self.name,
            description: self.description,
            case_number: self.case_number,
            department_id: self.department_id,
            manager_id: self.manager_id,
            owner_id: self.owner_id,
            phase_id: self.phase_id,
            kind: self.kind.into(),
            must_do: self.must_do,
            focus_area_id: self.focus_area_id,
            parent_id: self.parent_id,
            start_date: self.start_date,
            planned_end: self.planned_end,
            budget: self.budget,
            spent: self.spent,
            operating_cost: self.operating_cost,
            expected_benefits: self.expected_benefits,
            state: self.state.into(),
            cancel_reason: self.cancel_reason,
            ended_on: self.ended_on,
            economy: EconomyPlan {
                forecast: self.forecast,
                operating_from: self.operating_from,
                financing_department_id: self.financing_department_id,
                benefit_yearly: self.benefit_yearly,
                benefit_from: self.benefit_from,
                contract_end: self.contract_end,
            },
        })?;
        Ok((draft, version))
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProjectQuery {
    department_id: Option<i32>,
    phase_id: Option<i32>,
    kind: Option<ProjectKind>,
    /// Only skal-projekter (true) or only optional projects (false).
    must_do: Option<bool>,
    focus_area_id: Option<i32>,
    state: Option<LifecycleState>,
    /// Projects in this programme.
    parent_id: Option<i32>,
    /// Projects whose latest report for `quarter` has this parameter red.
    red: Option<StatusParameter>,
    /// The quarter `red` refers to, e.g. `2022Q1`.
    #[param(pattern = "^(19|[2-9][0-9])[0-9]{2}[Qq][1-4]$")]
    quarter: Option<String>,
    /// Free text in name or description, case-insensitive.
    #[param(max_length = 200)]
    q: Option<String>,
    /// Page size, 1–500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
    /// Rows to skip (default 0).
    #[param(minimum = 0)]
    offset: Option<i64>,
    /// `name` (default, A–Å), `name_desc`, or the largest `budget`,
    /// `forecast`, `spent` or `overrun` first.
    sort: Option<ProjectSort>,
}

#[derive(Deserialize, ToSchema, Clone, Copy)]
#[serde(rename_all = "snake_case")]
pub enum ProjectSort {
    Name,
    NameDesc,
    Budget,
    Forecast,
    Spent,
    Overrun,
}

impl From<ProjectSort> for ProjectOrder {
    fn from(s: ProjectSort) -> Self {
        match s {
            ProjectSort::Name => Self::Name,
            ProjectSort::NameDesc => Self::NameDescending,
            ProjectSort::Budget => Self::Budget,
            ProjectSort::Forecast => Self::Forecast,
            ProjectSort::Spent => Self::Spent,
            ProjectSort::Overrun => Self::Overrun,
        }
    }
}

impl ProjectQuery {
    pub(super) fn parse(self) -> Result<(ProjectFilter, i64, i64), AppError> {
        let (limit, offset) = crate::domain::paging::page(self.limit, self.offset, 50)?;
        let red = match (self.red, self.quarter) {
            (Some(p), Some(q)) => Some((
                Parameter::from(p),
                Quarter::parse("quarter", &q)?.to_string(),
            )),
            (Some(_), None) => {
                return Err(AppError::invalid(
                    "quarter",
                    Problem::RedNeedsQuarter,
                    "red needs the quarter it refers to, e.g. quarter=2022Q1",
                ))
            }
            (None, Some(q)) => {
                Quarter::parse("quarter", &q)?;
                None
            }
            (None, None) => None,
        };
        let text = crate::domain::text::search_query("q", self.q.as_deref())?;
        let portfolio = PortfolioFilter {
            department_id: self.department_id,
            phase_id: self.phase_id,
            kind: self.kind.map(Into::into),
            must_do: self.must_do,
            focus_area_id: self.focus_area_id,
            state: self.state.map(Into::into),
            parent_id: self.parent_id,
            text,
            basis: Default::default(),
        };
        let filter = ProjectFilter {
            portfolio,
            red,
            order: self.sort.map(Into::into).unwrap_or_default(),
        };
        Ok((filter, limit, offset))
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DescriptionBody {
    #[schema(
        max_length = 10000,
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub description: String,
    /// The version you read, unless you send If-Match.
    #[serde(default)]
    pub version: Option<i32>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelBody {
    /// Why the project stops, e.g. "leverandøren kan ikke leve op til aftalen".
    #[schema(
        min_length = 1,
        max_length = 10000,
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*[^\\s\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF][^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub reason: String,
    /// Defaults to today.
    #[serde(default)]
    pub date: Option<NaiveDate>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompleteBody {
    /// Defaults to today.
    #[serde(default)]
    pub date: Option<NaiveDate>,
}
