//! The council's process under `/proposals`: a proposal and its foundation,
//! the review checklist, the overlap verdict and the council's decision.
//! Each handler calls `app::proposals`.

use super::extract::ApiJson;
use super::types::{OverlapVerdict, ProjectKind, Requirement, ReviewArea, ReviewVerdict};
use crate::app::proposals::{self as use_case, CouncilDecision, Proposal};
pub use crate::app::proposals::{ProposalLine, ProposalView, ReviewView, SystemView};
use crate::auth::Principal;
use crate::db::Db;
use crate::domain::economy::EconomyPlan;
use crate::domain::process::ReviewEntry;
use crate::domain::project::{Lifecycle, ProjectInput};
use crate::error::{AppError, ErrorBody};
use actix_web::{get, post, put, web, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::ToSchema;

/// A department's proposal: the project and its foundation (projektgrundlag).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposalBody {
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = "^[^\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*[^\\s\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF][^\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub name: String,
    /// What the project is for.
    #[schema(
        min_length = 1,
        max_length = 10000,
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*\\S[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub purpose: String,
    #[serde(default)]
    #[schema(
        max_length = 10000,
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub description: String,
    /// Your own department (the council may propose for any).
    pub department_id: i32,
    pub kind: ProjectKind,
    /// Whether law or a joint municipal programme requires the project.
    #[serde(default = "no_requirement")]
    pub required_by: Requirement,
    #[serde(default)]
    pub focus_area_id: Option<i32>,
    #[serde(default)]
    pub manager_id: Option<i32>,
    /// None: the first phase (on a change: the phase it is in).
    #[serde(default)]
    pub phase_id: Option<i32>,
    #[serde(default)]
    pub start_date: Option<NaiveDate>,
    #[serde(default)]
    pub planned_end: Option<NaiveDate>,
    /// One-off costs in whole kroner.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1_000_000_000_000_i64)]
    pub budget: i64,
    /// Derived yearly operating cost in whole kroner.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1_000_000_000_000_i64)]
    pub operating_cost: i64,
    #[serde(default)]
    #[schema(
        max_length = 10000,
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub expected_benefits: String,
    /// Business case: expected yearly gross benefit in whole kroner.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1_000_000_000_000_i64)]
    pub benefit_yearly: i64,
    #[serde(default)]
    #[schema(minimum = 1990, maximum = 2100)]
    pub benefit_from: Option<i32>,
    /// The systems or products it will buy or build, with their functions.
    #[serde(default)]
    #[schema(max_items = 50)]
    pub systems: Vec<SystemView>,
    /// On update: the version of the project you read.
    #[serde(default)]
    pub version: Option<i32>,
}

fn no_requirement() -> Requirement {
    Requirement::None
}

impl ProposalBody {
    fn into_proposal(self) -> (Proposal, Option<i32>) {
        let project = ProjectInput {
            name: self.name,
            description: self.description,
            case_number: None,
            department_id: self.department_id,
            manager_id: self.manager_id,
            owner_id: None,
            phase_id: 0,
            kind: self.kind.into(),
            must_do: false,
            focus_area_id: self.focus_area_id,
            parent_id: None,
            start_date: self.start_date,
            planned_end: self.planned_end,
            budget: self.budget,
            spent: 0,
            operating_cost: self.operating_cost,
            expected_benefits: self.expected_benefits,
            state: Lifecycle::Proposed,
            cancel_reason: None,
            ended_on: None,
            economy: EconomyPlan {
                benefit_yearly: self.benefit_yearly,
                benefit_from: self.benefit_from,
                ..EconomyPlan::default()
            },
        };
        let proposal = Proposal {
            project,
            phase_id: self.phase_id,
            purpose: self.purpose,
            required_by: self.required_by.into(),
            systems: self.systems.into_iter().map(Into::into).collect(),
        };
        (proposal, self.version)
    }
}

#[utoipa::path(tag = "council", responses(
    (status = 200, body = Vec<ProposalLine>, description = "The proposals not yet decided, A–Å")))]
#[get("/proposals")]
async fn list(
    db: web::Data<Db>,
    _signed_in: Principal,
) -> Result<web::Json<Vec<ProposalLine>>, AppError> {
    Ok(web::Json(db.run(use_case::undecided).await?))
}

#[utoipa::path(tag = "council", params(("id" = i32, Path, description = "The proposed project's id")), responses(
    (status = 200, body = ProposalView),
    (status = 404, description = "Unknown project", body = ErrorBody)))]
#[get("/proposals/{id}")]
async fn show(
    db: web::Data<Db>,
    _signed_in: Principal,
    id: web::Path<i32>,
) -> Result<web::Json<ProposalView>, AppError> {
    let id = id.into_inner();
    Ok(web::Json(db.run(move |c| use_case::view(c, id)).await?))
}

#[utoipa::path(tag = "council", request_body = ProposalBody, responses(
    (status = 201, body = ProposalView, description = "Proposed; the review shows what overlaps"),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 409, description = "A project with that name exists", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field, or not your own department", body = ErrorBody)))]
#[post("/proposals")]
async fn propose(
    db: web::Data<Db>,
    who: Principal,
    body: ApiJson<ProposalBody>,
) -> Result<HttpResponse, AppError> {
    let (who, (proposal, _)) = (who.acting(), body.0.into_proposal());
    let made = db
        .run(move |c| use_case::propose(c, &who, proposal))
        .await?;
    Ok(HttpResponse::Created().json(made))
}

#[utoipa::path(tag = "council", params(("id" = i32, Path)), request_body = ProposalBody, responses(
    (status = 200, body = ProposalView),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 404, description = "Unknown project", body = ErrorBody),
    (status = 409, description = "The review has started (the proposer) or the council has decided", body = ErrorBody),
    (status = 412, description = "Changed by someone else since the version you read", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field", body = ErrorBody),
    (status = 428, description = "No version given", body = ErrorBody)))]
#[put("/proposals/{id}")]
async fn edit(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
    body: ApiJson<ProposalBody>,
) -> Result<web::Json<ProposalView>, AppError> {
    let (who, id, (proposal, version)) = (who.acting(), id.into_inner(), body.0.into_proposal());
    let version = version.ok_or_else(|| {
        AppError::PreconditionRequired("send the version you read as `version`".into())
    })?;
    Ok(web::Json(
        db.run(move |c| use_case::edit(c, &who, id, proposal, version))
            .await?,
    ))
}

/// The council's verdict on one area.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewBody {
    pub verdict: ReviewVerdict,
    /// Required unless `approved`.
    #[serde(default)]
    #[schema(
        max_length = 10000,
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub remark: String,
}

#[utoipa::path(tag = "council", params(("id" = i32, Path), ("area" = ReviewArea, Path)), request_body = ReviewBody, responses(
    (status = 200, body = ProposalView, description = "Recorded; the first entry starts the review"),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 404, description = "Unknown project or area", body = ErrorBody),
    (status = 409, description = "Not a proposal, or already decided", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "A remark is required", body = ErrorBody)))]
#[put("/proposals/{id}/review/{area}")]
async fn review(
    db: web::Data<Db>,
    who: Principal,
    path: web::Path<(i32, ReviewArea)>,
    body: ApiJson<ReviewBody>,
) -> Result<web::Json<ProposalView>, AppError> {
    let (id, area) = path.into_inner();
    let who = who.acting();
    let entry = ReviewEntry::parse(area.into(), body.0.verdict.into(), &body.0.remark);
    Ok(web::Json(
        db.run(move |c| {
            crate::app::require(who.role, crate::domain::access::Action::ManagePortfolio)?;
            use_case::review(c, &who, id, entry?)
        })
        .await?,
    ))
}

/// The council's verdict on the duplicate check.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OverlapBody {
    pub verdict: OverlapVerdict,
    /// Required when `accepted`: why the overlap is accepted.
    #[serde(default)]
    #[schema(
        max_length = 10000,
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub reason: String,
}

#[utoipa::path(tag = "council", params(("id" = i32, Path)), request_body = OverlapBody, responses(
    (status = 200, body = ProposalView),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 404, description = "Unknown project", body = ErrorBody),
    (status = 409, description = "Not a proposal, or already decided", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "An accepted overlap needs its reason", body = ErrorBody)))]
#[put("/proposals/{id}/overlap")]
async fn overlap(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
    body: ApiJson<OverlapBody>,
) -> Result<web::Json<ProposalView>, AppError> {
    let (who, id, OverlapBody { verdict, reason }) = (who.acting(), id.into_inner(), body.0);
    Ok(web::Json(
        db.run(move |c| use_case::record_overlap(c, &who, id, verdict.into(), &reason))
            .await?,
    ))
}

/// approve or reject.
#[derive(Deserialize, ToSchema, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Approve,
    Reject,
}

/// A decision as minuted.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    pub outcome: Outcome,
    /// The meeting's date.
    pub date: NaiveDate,
    /// As minuted, e.g. "Godkendt" or the reason for a rejection.
    #[schema(
        min_length = 1,
        max_length = 10000,
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*\\S[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub text: String,
    /// The agenda item's KLE journal number, e.g. 85.13.00-P20-1-22.
    #[serde(default)]
    #[schema(
        pattern = "^\\s*([0-9]{2}\\.[0-9]{2}\\.[0-9]{2}-[A-Z][0-9]{2}-[0-9]{1,6}-[0-9]{2})?\\s*$"
    )]
    pub case_number: Option<String>,
}

#[utoipa::path(tag = "council", params(("id" = i32, Path)), request_body = DecisionBody, responses(
    (status = 200, body = ProposalView, description = "Decided: an operational project approved or rejected, a strategic one approved professionally and on Chefforum's list, or rejected"),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 404, description = "Unknown project", body = ErrorBody),
    (status = 409, description = "The review is incomplete, an area is not approved, the overlap verdict is missing, or already decided", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field", body = ErrorBody)))]
#[post("/proposals/{id}/decision")]
async fn decide(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
    body: ApiJson<DecisionBody>,
) -> Result<web::Json<ProposalView>, AppError> {
    let (who, id, body) = (who.acting(), id.into_inner(), body.0);
    Ok(web::Json(
        db.run(move |c| {
            crate::app::require(who.role, crate::domain::access::Action::ManagePortfolio)?;
            let decision = use_case::decision(body.date, &body.text, body.case_number.as_deref())?;
            let d = CouncilDecision {
                approve: body.outcome == Outcome::Approve,
                decision,
            };
            use_case::council_decides(c, &who, id, d)
        })
        .await?,
    ))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list)
        .service(propose)
        .service(show)
        .service(edit)
        .service(review)
        .service(overlap)
        .service(decide);
}
