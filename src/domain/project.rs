//! A project as the council registers it, checked before it is stored.

use super::economy::{kroner, EconomyPlan};
use super::kle::CaseNumber;
use super::text::{free_text, required_name};
use super::{Problem, ValidationError};
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Strategic,
    Operational,
}

impl Kind {
    pub const ALL: [&'static str; 2] = ["strategic", "operational"];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Strategic => "strategic",
            Self::Operational => "operational",
        }
    }

    pub fn danish(self) -> &'static str {
        match self {
            Self::Strategic => "strategisk",
            Self::Operational => "operationel",
        }
    }

    pub fn parse(field: &str, value: &str) -> Result<Self, ValidationError> {
        match value.trim().to_lowercase().as_str() {
            "strategic" | "strategisk" => Ok(Self::Strategic),
            "operational" | "operationel" | "operationelt" => Ok(Self::Operational),
            _ => Err(ValidationError::new(
                field,
                Problem::UnknownValue,
                format!("'{value}' is not a project kind (strategic, operational)"),
            )),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lifecycle {
    Proposed,
    Approved,
    Active,
    Completed,
    Cancelled,
}

impl Lifecycle {
    pub const ALL: [&'static str; 5] = ["proposed", "approved", "active", "completed", "cancelled"];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Proposed => "proposed",
            Self::Approved => "approved",
            Self::Active => "active",
            Self::Completed => "completed",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(field: &str, value: &str) -> Result<Self, ValidationError> {
        match value.trim().to_lowercase().as_str() {
            "proposed" | "foreslået" => Ok(Self::Proposed),
            "approved" | "godkendt" => Ok(Self::Approved),
            "active" | "igangværende" | "i gang" | "aktiv" => Ok(Self::Active),
            "completed" | "afsluttet" | "gennemført" => Ok(Self::Completed),
            "cancelled" | "udgået" | "udgår" | "annulleret" | "stoppet" => Ok(Self::Cancelled),
            _ => Err(ValidationError::new(
                field,
                Problem::UnknownValue,
                format!(
                    "'{value}' is not a lifecycle state (proposed, approved, active, completed, cancelled)"
                ),
            )),
        }
    }

    /// The Danish word for the web pages and exports.
    pub fn danish(self) -> &'static str {
        match self {
            Self::Proposed => "foreslået",
            Self::Approved => "godkendt",
            Self::Active => "igangværende",
            Self::Completed => "afsluttet",
            Self::Cancelled => "udgået",
        }
    }

    pub fn is_closed(self) -> bool {
        matches!(self, Self::Completed | Self::Cancelled)
    }
}

/// Everything the council fills in for a project, as it arrives.
#[derive(Debug, Clone)]
pub struct ProjectInput {
    pub name: String,
    pub description: String,
    pub case_number: Option<String>,
    pub department_id: i32,
    pub manager_id: Option<i32>,
    pub owner_id: Option<i32>,
    pub phase_id: i32,
    pub kind: Kind,
    pub must_do: bool,
    pub focus_area_id: Option<i32>,
    pub parent_id: Option<i32>,
    pub start_date: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub budget: i64,
    pub spent: i64,
    pub operating_cost: i64,
    pub expected_benefits: String,
    pub state: Lifecycle,
    pub cancel_reason: Option<String>,
    pub ended_on: Option<NaiveDate>,
    pub economy: EconomyPlan,
}

/// A project that keeps the rules: money not negative, dates in order,
/// a cancelled project says why. References are checked by the store.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectDraft {
    pub name: String,
    pub description: String,
    pub case_number: Option<CaseNumber>,
    pub department_id: i32,
    pub manager_id: Option<i32>,
    pub owner_id: Option<i32>,
    pub phase_id: i32,
    pub kind: Kind,
    pub must_do: bool,
    pub focus_area_id: Option<i32>,
    pub parent_id: Option<i32>,
    pub start_date: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub budget: i64,
    pub spent: i64,
    pub operating_cost: i64,
    pub expected_benefits: String,
    pub state: Lifecycle,
    pub cancel_reason: Option<String>,
    pub ended_on: Option<NaiveDate>,
    pub economy: EconomyPlan,
}

pub const NAME_MAX: usize = 200;
pub const TEXT_MAX: usize = 10_000;
/// The value, or None with the problem noted.
fn keep<T>(problems: &mut Vec<ValidationError>, result: Result<T, ValidationError>) -> Option<T> {
    result.map_err(|e| problems.push(e)).ok()
}

/// A project's texts, each checked.
struct Texts {
    name: String,
    description: String,
    case_number: Option<CaseNumber>,
}

impl Texts {
    fn check(input: &ProjectInput, problems: &mut Vec<ValidationError>) -> Option<Self> {
        let name = keep(problems, required_name("name", &input.name, NAME_MAX));
        let description = keep(
            problems,
            free_text("description", &input.description, TEXT_MAX),
        );
        let case_number = match input.case_number.as_deref().map(str::trim) {
            None | Some("") => Some(None),
            Some(value) => keep(problems, CaseNumber::parse("case_number", value).map(Some)),
        };
        Some(Self {
            name: name?,
            description: description?,
            case_number: case_number?,
        })
    }
}

/// The rules across dates and state: a plan ends after it starts, only a
/// cancelled project has (and needs) a reason, only an ended one an end date.
fn timeline(input: &ProjectInput, has_cancel_reason: bool) -> Vec<ValidationError> {
    let mut problems = vec![];
    if let (Some(start), Some(end)) = (input.start_date, input.planned_end) {
        if end < start {
            problems.push(ValidationError::new(
                "planned_end",
                Problem::EndBeforeStart,
                "the planned end is before the start date",
            ));
        }
    }
    match (input.state, has_cancel_reason) {
        (Lifecycle::Cancelled, false) => problems.push(ValidationError::new(
            "cancel_reason",
            Problem::CancelReasonRequired,
            "a cancelled project needs the reason it was cancelled",
        )),
        (Lifecycle::Cancelled, true) | (_, false) => {}
        (_, true) => problems.push(ValidationError::new(
            "cancel_reason",
            Problem::CancelReasonNotCancelled,
            "only a cancelled project has a cancel reason",
        )),
    }
    if input.ended_on.is_some() && !input.state.is_closed() {
        problems.push(ValidationError::new(
            "ended_on",
            Problem::EndDateNotClosed,
            "only a completed or cancelled project has an end date",
        ));
    } else if let (Some(start), Some(ended)) = (input.start_date, input.ended_on) {
        if ended < start {
            problems.push(ValidationError::new(
                "ended_on",
                Problem::EndBeforeStart,
                "the project ended before it started",
            ));
        }
    }
    problems
}

impl ProjectDraft {
    /// The first problem, for answers that name one field.
    pub fn parse(input: ProjectInput) -> Result<Self, ValidationError> {
        Self::check(input).map_err(|mut problems| problems.swap_remove(0))
    }

    /// Every problem at once, for forms that show them all.
    pub fn check(input: ProjectInput) -> Result<Self, Vec<ValidationError>> {
        let mut problems = Vec::new();
        let texts = Texts::check(&input, &mut problems);
        let amounts = [
            ("budget", input.budget),
            ("spent", input.spent),
            ("operating_cost", input.operating_cost),
        ]
        .map(|(field, value)| keep(&mut problems, kroner(field, value)));
        let expected_benefits = keep(
            &mut problems,
            free_text("expected_benefits", &input.expected_benefits, TEXT_MAX),
        );
        let cancel_reason = keep(
            &mut problems,
            input
                .cancel_reason
                .as_deref()
                .map(|r| free_text("cancel_reason", r, TEXT_MAX))
                .transpose(),
        )
        .flatten()
        .filter(|r| !r.is_empty());
        problems.extend(timeline(&input, cancel_reason.is_some()));
        let economy = input
            .economy
            .clone()
            .check()
            .map_err(|e| problems.extend(e));
        match (texts, amounts, expected_benefits, economy) {
            (
                Some(texts),
                [Some(budget), Some(spent), Some(operating_cost)],
                Some(expected_benefits),
                Ok(economy),
            ) if problems.is_empty() => Ok(Self {
                name: texts.name,
                description: texts.description,
                case_number: texts.case_number,
                department_id: input.department_id,
                manager_id: input.manager_id,
                owner_id: input.owner_id,
                phase_id: input.phase_id,
                kind: input.kind,
                must_do: input.must_do,
                focus_area_id: input.focus_area_id,
                parent_id: input.parent_id,
                start_date: input.start_date,
                planned_end: input.planned_end,
                budget,
                spent,
                operating_cost,
                expected_benefits,
                state: input.state,
                cancel_reason,
                ended_on: input.ended_on,
                economy,
            }),
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ProjectInput {
        ProjectInput {
            name: "Citizen Lab".into(),
            description: String::new(),
            case_number: Some("85.13.00-P20-1-22".into()),
            department_id: 1,
            manager_id: None,
            owner_id: None,
            phase_id: 1,
            kind: Kind::Strategic,
            must_do: false,
            focus_area_id: None,
            parent_id: None,
            start_date: NaiveDate::from_ymd_opt(2021, 9, 1),
            planned_end: NaiveDate::from_ymd_opt(2023, 12, 31),
            budget: 450_000,
            spent: 0,
            operating_cost: 0,
            expected_benefits: String::new(),
            state: Lifecycle::Active,
            cancel_reason: None,
            ended_on: None,
            economy: EconomyPlan::default(),
        }
    }

    fn field_of(i: ProjectInput) -> String {
        ProjectDraft::parse(i).unwrap_err().field
    }

    #[test]
    fn kinds_and_states_in_danish() {
        assert_eq!(Kind::parse("kind", "Strategisk").unwrap(), Kind::Strategic);
        assert!(Kind::parse("kind", "secret").is_err());
        assert_eq!(
            Lifecycle::parse("state", "udgået").unwrap(),
            Lifecycle::Cancelled
        );
        assert!(Lifecycle::parse("state", "paused").is_err());
    }

    #[test]
    fn a_sound_project_parses() {
        let d = ProjectDraft::parse(input()).unwrap();
        assert_eq!(d.kind, Kind::Strategic);
        assert_eq!(d.state, Lifecycle::Active);
        assert_eq!(d.case_number.unwrap().as_str(), "85.13.00-P20-1-22");
    }

    #[test]
    fn rules() {
        assert_eq!(
            field_of(ProjectInput {
                name: " ".into(),
                ..input()
            }),
            "name"
        );
        assert_eq!(
            field_of(ProjectInput {
                budget: -1,
                ..input()
            }),
            "budget"
        );
        assert_eq!(
            field_of(ProjectInput {
                spent: -5,
                ..input()
            }),
            "spent"
        );
        assert_eq!(
            field_of(ProjectInput {
                case_number: Some("12-34".into()),
                ..input()
            }),
            "case_number"
        );
        assert_eq!(
            field_of(ProjectInput {
                planned_end: NaiveDate::from_ymd_opt(2020, 1, 1),
                ..input()
            }),
            "planned_end"
        );
        assert_eq!(
            field_of(ProjectInput {
                state: Lifecycle::Cancelled,
                ..input()
            }),
            "cancel_reason"
        );
        assert_eq!(
            field_of(ProjectInput {
                cancel_reason: Some("x".into()),
                ..input()
            }),
            "cancel_reason"
        );
        assert_eq!(
            field_of(ProjectInput {
                ended_on: NaiveDate::from_ymd_opt(2022, 1, 1),
                ..input()
            }),
            "ended_on"
        );
    }

    #[test]
    fn every_problem_at_once() {
        let problems = ProjectDraft::check(ProjectInput {
            name: "".into(),
            budget: -1,
            case_number: Some("nope".into()),
            planned_end: NaiveDate::from_ymd_opt(2020, 1, 1),
            ..input()
        })
        .unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["name", "case_number", "budget", "planned_end"]);
    }

    #[test]
    fn cancelled_with_reason() {
        let d = ProjectDraft::parse(ProjectInput {
            state: Lifecycle::Cancelled,
            cancel_reason: Some("Leverandøren kan ikke leve op til aftalen".into()),
            ended_on: NaiveDate::from_ymd_opt(2022, 3, 31),
            ..input()
        })
        .unwrap();
        assert_eq!(d.state, Lifecycle::Cancelled);
        assert!(d.state.is_closed());
    }

    #[test]
    fn empty_case_number_is_none() {
        let d = ProjectDraft::parse(ProjectInput {
            case_number: Some(" ".into()),
            ..input()
        })
        .unwrap();
        assert!(d.case_number.is_none());
    }
}
