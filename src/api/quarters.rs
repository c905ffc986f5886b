//! Reporting quarters: each handler extracts, calls its use case in
//! `app::quarters` and answers with the quarter.

use super::extract::ApiJson;
use super::types::QuarterStatus;
pub use crate::app::quarters::Quarter;
use crate::app::quarters::{self as use_case, QuarterCommand};
use crate::auth::Principal;
use crate::db::Db;
use crate::domain::quarter::Quarter as DomainQuarter;
use crate::error::{AppError, ErrorBody};
use actix_web::{get, post, put, web, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuarterInput {
    #[schema(example = "2022Q1")]
    #[schema(pattern = "^(19|[2-9][0-9])[0-9]{2}[Qq][1-4]$")]
    pub code: String,
    pub deadline: NaiveDate,
    #[serde(default = "open")]
    pub state: QuarterStatus,
}

fn open() -> QuarterStatus {
    QuarterStatus::Open
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuarterUpdate {
    pub deadline: NaiveDate,
    pub state: QuarterStatus,
}

pub fn parse_code(code: &str) -> Result<DomainQuarter, AppError> {
    Ok(DomainQuarter::parse("quarter", code)?)
}

#[utoipa::path(tag = "quarters", responses(
    (status = 200, body = Vec<Quarter>, description = "Newest first"),
    (status = 503, description = "Database unavailable", body = ErrorBody)))]
#[get("/quarters")]
async fn list(
    db: web::Data<Db>,
    _signed_in: Principal,
) -> Result<web::Json<Vec<Quarter>>, AppError> {
    Ok(web::Json(db.run(use_case::list).await?))
}

#[utoipa::path(tag = "quarters", params(("quarter" = String, Path, example = "2022Q1", pattern = "^(19|[2-9][0-9])[0-9]{2}[Qq][1-4]$")), responses(
    (status = 200, body = Quarter),
    (status = 404, description = "Unknown quarter", body = ErrorBody),
    (status = 422, description = "Not a quarter such as 2022Q1", body = ErrorBody)))]
#[get("/quarters/{quarter}")]
async fn get_one(
    db: web::Data<Db>,
    _signed_in: Principal,
    quarter: web::Path<String>,
) -> Result<web::Json<Quarter>, AppError> {
    let q = parse_code(&quarter)?;
    Ok(web::Json(db.run(move |c| use_case::get(c, q)).await?))
}

#[utoipa::path(tag = "quarters", request_body = QuarterInput, responses(
    (status = 201, body = Quarter),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 409, description = "Quarter exists", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field", body = ErrorBody)))]
#[post("/quarters")]
async fn create(
    db: web::Data<Db>,
    who: Principal,
    body: ApiJson<QuarterInput>,
) -> Result<HttpResponse, AppError> {
    let QuarterInput {
        code,
        deadline,
        state,
    } = body.0;
    let new = QuarterCommand {
        code,
        deadline,
        state: state.into(),
    };
    let who = who.acting();
    let view = db.run(move |c| use_case::create(c, &who, new)).await?;
    Ok(HttpResponse::Created().json(view))
}

#[utoipa::path(tag = "quarters", params(("quarter" = String, Path, example = "2022Q1", pattern = "^(19|[2-9][0-9])[0-9]{2}[Qq][1-4]$")), request_body = QuarterUpdate, responses(
    (status = 200, body = Quarter, description = "Deadline set, quarter opened or closed"),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 404, description = "Unknown quarter", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field", body = ErrorBody)))]
#[put("/quarters/{quarter}")]
async fn update(
    db: web::Data<Db>,
    who: Principal,
    quarter: web::Path<String>,
    body: ApiJson<QuarterUpdate>,
) -> Result<web::Json<Quarter>, AppError> {
    let QuarterUpdate { deadline, state } = body.0;
    let change = QuarterCommand {
        code: quarter.into_inner(),
        deadline,
        state: state.into(),
    };
    let who = who.acting();
    let view = db.run(move |c| use_case::update(c, &who, change)).await?;
    Ok(web::Json(view))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list)
        .service(get_one)
        .service(create)
        .service(update);
}
