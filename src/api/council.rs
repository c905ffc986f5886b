//! Chefforum's list and its decisions, closing and starting projects, the
//! register of decisions, the register of systems and the priorities.
//! Each handler calls a use case in `app`.

use super::extract::ApiJson;
use super::proposals::{DecisionBody, Outcome};
use super::types::{DecidingBody, DecisionType};
use crate::app::chefforum::{self, Closure};
pub use crate::app::chefforum::{ChefforumList, ClosureView, DilemmaView, MatterView};
use crate::app::priorities::{self, Scoring};
pub use crate::app::priorities::{CriterionView, Priorities, RankedView, ScoreView};
use crate::app::projects::ProjectDetail;
use crate::app::proposals::decision;
use crate::app::register::{self, SystemInput};
pub use crate::app::register::{ProjectDecision, SystemEntry};
use crate::auth::Principal;
use crate::db::process::DecisionFilter;
use crate::db::Db;
use crate::domain::access::Action;
use crate::domain::priority::Criterion;
use crate::error::{AppError, ErrorBody};
use actix_web::{delete, get, post, put, web, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

#[utoipa::path(tag = "council", responses(
    (status = 200, body = ChefforumList, description = "Til Chefforum: the open matters, oldest first, and the priority dilemmas")))]
#[get("/chefforum")]
async fn chefforum_list(
    db: web::Data<Db>,
    _signed_in: Principal,
) -> Result<web::Json<ChefforumList>, AppError> {
    Ok(web::Json(db.run(chefforum::list).await?))
}

#[utoipa::path(tag = "council", params(("id" = i32, Path, description = "The matter's id")), request_body = DecisionBody, responses(
    (status = 200, body = MatterView, description = "Decided: a start approved or rejected, a closure carried out or turned down"),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 404, description = "Unknown matter", body = ErrorBody),
    (status = 409, description = "Already decided", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field", body = ErrorBody)))]
#[post("/chefforum/{id}/decision")]
async fn chefforum_decides(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
    body: ApiJson<DecisionBody>,
) -> Result<web::Json<MatterView>, AppError> {
    let (who, id, body) = (who.acting(), id.into_inner(), body.0);
    Ok(web::Json(
        db.run(move |c| {
            crate::app::require(who.role, Action::Decide)?;
            let d = decision(body.date, &body.text, body.case_number.as_deref())?;
            chefforum::decide(c, &who, id, body.outcome == Outcome::Approve, d)
        })
        .await?,
    ))
}

/// How the council closes a project.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClosureBody {
    /// Leave out to complete the project; give it to cancel (udgår).
    #[serde(default)]
    #[schema(
        max_length = 10000,
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub cancel_reason: Option<String>,
    /// The council's meeting date.
    pub date: NaiveDate,
    /// The decision as minuted.
    #[schema(
        min_length = 1,
        max_length = 10000,
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*\\S[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub text: String,
    #[serde(default)]
    #[schema(
        pattern = "^\\s*([0-9]{2}\\.[0-9]{2}\\.[0-9]{2}-[A-Z][0-9]{2}-[0-9]{1,6}-[0-9]{2})?\\s*$"
    )]
    pub case_number: Option<String>,
}

#[utoipa::path(tag = "council", params(("id" = i32, Path)), request_body = ClosureBody, responses(
    (status = 200, body = ClosureView, description = "An operational project closed by the council, or a strategic one proposed to Chefforum for closing"),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 404, description = "Unknown project", body = ErrorBody),
    (status = 409, description = "Closed already, a proposal, or already on Chefforum's list", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field", body = ErrorBody)))]
#[post("/projects/{id}/closure")]
async fn closure(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
    body: ApiJson<ClosureBody>,
) -> Result<web::Json<ClosureView>, AppError> {
    let (who, id, body) = (who.acting(), id.into_inner(), body.0);
    Ok(web::Json(
        db.run(move |c| {
            crate::app::require(who.role, Action::ManagePortfolio)?;
            let d = decision(body.date, &body.text, body.case_number.as_deref())?;
            let closure = Closure {
                cancel_reason: body.cancel_reason,
                decision: d,
            };
            chefforum::close_or_refer(c, &who, id, closure)
        })
        .await?,
    ))
}

/// When the project starts; today when left out.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StartBody {
    #[serde(default)]
    pub date: Option<NaiveDate>,
}

#[utoipa::path(tag = "council", params(("id" = i32, Path)), request_body = StartBody, responses(
    (status = 200, body = ProjectDetail, description = "Active"),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 404, description = "Unknown project", body = ErrorBody),
    (status = 409, description = "Not approved", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid date", body = ErrorBody)))]
#[post("/projects/{id}/start")]
async fn start(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
    body: ApiJson<StartBody>,
) -> Result<web::Json<ProjectDetail>, AppError> {
    let (who, id) = (who.acting(), id.into_inner());
    let on = body
        .0
        .date
        .unwrap_or_else(|| chrono::Utc::now().date_naive());
    Ok(web::Json(
        db.run(move |c| chefforum::start(c, &who, id, on)).await?,
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DecisionQuery {
    project_id: Option<i32>,
    body: Option<DecidingBody>,
    kind: Option<DecisionType>,
    /// Decisions on the projects of this department.
    department_id: Option<i32>,
    /// Decided on or after.
    from: Option<NaiveDate>,
    /// Decided on or before.
    to: Option<NaiveDate>,
}

#[utoipa::path(tag = "council", params(DecisionQuery), responses(
    (status = 200, body = Vec<ProjectDecision>, description = "Every decision on a project by the council or Chefforum, newest first"),
    (status = 400, description = "Bad query", body = ErrorBody)))]
#[get("/project-decisions")]
async fn decisions(
    db: web::Data<Db>,
    _signed_in: Principal,
    query: web::Query<DecisionQuery>,
) -> Result<web::Json<Vec<ProjectDecision>>, AppError> {
    let q = query.into_inner();
    let filter = DecisionFilter {
        project: q.project_id,
        body: q.body.map(Into::into),
        kind: q.kind.map(Into::into),
        department: q.department_id,
        from: q.from,
        to: q.to,
    };
    Ok(web::Json(
        db.run(move |c| register::decisions(c, &filter)).await?,
    ))
}

/// A system in use, as the council registers it.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SystemBody {
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = "^[^\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*[^\\s\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF][^\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub name: String,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub supplier: String,
    /// The owning department; none for a system shared by all.
    #[serde(default)]
    pub department_id: Option<i32>,
    /// What it does, e.g. ["sagsbehandling", "journalisering"].
    #[serde(default)]
    pub functions: Vec<String>,
    #[serde(default)]
    pub contract_end: Option<NaiveDate>,
}

impl From<SystemBody> for SystemInput {
    fn from(b: SystemBody) -> Self {
        Self {
            name: b.name,
            supplier: b.supplier,
            department_id: b.department_id,
            functions: b.functions,
            contract_end: b.contract_end,
        }
    }
}

#[utoipa::path(tag = "council", responses((status = 200, body = Vec<SystemEntry>, description = "The register, A–Å")))]
#[get("/systems")]
async fn systems(
    db: web::Data<Db>,
    _signed_in: Principal,
) -> Result<web::Json<Vec<SystemEntry>>, AppError> {
    Ok(web::Json(db.run(register::systems).await?))
}

#[utoipa::path(tag = "council", request_body = SystemBody, responses(
    (status = 201, body = SystemEntry),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 409, description = "The register holds that name", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field", body = ErrorBody)))]
#[post("/systems")]
async fn add_system(
    db: web::Data<Db>,
    who: Principal,
    body: ApiJson<SystemBody>,
) -> Result<HttpResponse, AppError> {
    let (who, input) = (who.acting(), SystemInput::from(body.0));
    let made = db
        .run(move |c| register::add_system(c, &who, input))
        .await?;
    Ok(HttpResponse::Created().json(made))
}

#[utoipa::path(tag = "council", params(("id" = i32, Path)), request_body = SystemBody, responses(
    (status = 200, body = SystemEntry),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 404, description = "Unknown system", body = ErrorBody),
    (status = 409, description = "The register holds that name", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field", body = ErrorBody)))]
#[put("/systems/{id}")]
async fn change_system(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
    body: ApiJson<SystemBody>,
) -> Result<web::Json<SystemEntry>, AppError> {
    let (who, id, input) = (who.acting(), id.into_inner(), SystemInput::from(body.0));
    Ok(web::Json(
        db.run(move |c| register::change_system(c, &who, id, input))
            .await?,
    ))
}

#[utoipa::path(tag = "council", params(("id" = i32, Path)), responses(
    (status = 204, description = "Removed from the register"),
    (status = 404, description = "Unknown system", body = ErrorBody)))]
#[delete("/systems/{id}")]
async fn remove_system(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let (who, id) = (who.acting(), id.into_inner());
    db.run(move |c| register::remove_system(c, &who, id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(tag = "council", responses(
    (status = 200, body = Priorities, description = "The criteria and the undecided proposals ranked: law first, then the weighted total, each with why")))]
#[get("/priorities")]
async fn ranking(
    db: web::Data<Db>,
    _signed_in: Principal,
) -> Result<web::Json<Priorities>, AppError> {
    Ok(web::Json(db.run(priorities::priorities).await?))
}

/// A criterion: keep an existing one by its id, leave the id out for a new one.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CriterionBody {
    #[serde(default)]
    pub id: Option<i32>,
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    #[schema(minimum = 0, maximum = 100)]
    pub weight: i32,
}

/// The whole set of criteria; those left out are removed with their scores.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CriteriaBody {
    #[schema(min_items = 1, max_items = 20)]
    pub criteria: Vec<CriterionBody>,
}

#[utoipa::path(tag = "council", request_body = CriteriaBody, responses(
    (status = 200, body = Priorities),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field", body = ErrorBody)))]
#[put("/criteria")]
async fn set_criteria(
    db: web::Data<Db>,
    who: Principal,
    body: ApiJson<CriteriaBody>,
) -> Result<web::Json<Priorities>, AppError> {
    let who = who.acting();
    let criteria = body
        .0
        .criteria
        .into_iter()
        .map(|k| Criterion {
            id: k.id,
            name: k.name,
            weight: k.weight,
        })
        .collect();
    Ok(web::Json(
        db.run(move |c| priorities::set_criteria(c, &who, criteria))
            .await?,
    ))
}

/// A proposal's scores (0–5 per criterion) and the dilemma for Chefforum.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PriorityBody {
    pub scores: Vec<ScoreBody>,
    /// Empty: no dilemma.
    #[serde(default)]
    #[schema(
        max_length = 10000,
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub dilemma: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoreBody {
    pub criterion_id: i32,
    #[schema(minimum = 0, maximum = 5)]
    pub score: i32,
}

#[utoipa::path(tag = "council", params(("id" = i32, Path)), request_body = PriorityBody, responses(
    (status = 200, body = Priorities),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 404, description = "Unknown project", body = ErrorBody),
    (status = 409, description = "Not a proposal", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field", body = ErrorBody)))]
#[put("/proposals/{id}/priority")]
async fn score(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
    body: ApiJson<PriorityBody>,
) -> Result<web::Json<Priorities>, AppError> {
    let (who, id, body) = (who.acting(), id.into_inner(), body.0);
    let scoring = Scoring {
        scores: body
            .scores
            .iter()
            .map(|s| (s.criterion_id, s.score))
            .collect(),
        dilemma: body.dilemma,
    };
    Ok(web::Json(
        db.run(move |c| priorities::score(c, &who, id, scoring))
            .await?,
    ))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(chefforum_list)
        .service(chefforum_decides)
        .service(closure)
        .service(start)
        .service(decisions)
        .service(systems)
        .service(add_system)
        .service(change_system)
        .service(remove_system)
        .service(ranking)
        .service(set_criteria)
        .service(score);
}
