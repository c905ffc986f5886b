//! Baselines and tolerances: a project's baselines (`GET`, and the council's
//! re-baselining by `POST`), and the tolerances of the suggested colours.
//! Each handler calls `app::baselines`.

use super::extract::ApiJson;
use crate::app::baselines::{self as use_case, Rebaselining};
pub use crate::app::baselines::{BaselineView, ToleranceView};
use crate::auth::Principal;
use crate::db::Db;
use crate::error::{AppError, ErrorBody};
use actix_web::{get, post, put, web, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::ToSchema;

#[utoipa::path(tag = "projects", params(("id" = i32, Path)), responses(
    (status = 200, body = Vec<BaselineView>, description = "The current baseline first, then the earlier ones, newest first"),
    (status = 404, description = "Unknown project", body = ErrorBody)))]
#[get("/projects/{id}/baselines")]
async fn baselines(
    db: web::Data<Db>,
    _signed_in: Principal,
    id: web::Path<i32>,
) -> Result<web::Json<Vec<BaselineView>>, AppError> {
    let id = id.into_inner();
    Ok(web::Json(db.run(move |c| use_case::history(c, id)).await?))
}

/// A new baseline and why.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RebaselineBody {
    #[serde(default)]
    pub planned_end: Option<NaiveDate>,
    /// Whole kroner.
    #[schema(minimum = 0, maximum = 1_000_000_000_000_i64)]
    pub budget: i64,
    /// Why the plan changes, e.g. "Chefforum godkendte en udvidelse 31-03-2023".
    #[schema(
        min_length = 1,
        max_length = 10000,
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*[^\\s\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF][^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub reason: String,
}

#[utoipa::path(tag = "projects", params(("id" = i32, Path)), request_body = RebaselineBody, responses(
    (status = 201, body = BaselineView, description = "The new current baseline; the earlier stays in the history"),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 403, description = "Only the council and the administrator", body = ErrorBody),
    (status = 404, description = "Unknown project", body = ErrorBody),
    (status = 409, description = "The project is only proposed", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "No reason, or a bad budget", body = ErrorBody)))]
#[post("/projects/{id}/baselines")]
async fn rebaseline(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
    body: ApiJson<RebaselineBody>,
) -> Result<HttpResponse, AppError> {
    let (who, id, b) = (who.acting(), id.into_inner(), body.0);
    let input = Rebaselining {
        planned_end: b.planned_end,
        budget: b.budget,
        reason: b.reason,
    };
    let view = db
        .run(move |c| use_case::rebaseline(c, &who, id, &input))
        .await?;
    Ok(HttpResponse::Created().json(view))
}

#[utoipa::path(tag = "projects", responses(
    (status = 200, body = ToleranceView, description = "The thresholds of the suggested colours for tid and økonomi")))]
#[get("/tolerances")]
async fn tolerances(
    db: web::Data<Db>,
    _signed_in: Principal,
) -> Result<web::Json<ToleranceView>, AppError> {
    Ok(web::Json(db.run(use_case::tolerances).await?))
}

#[utoipa::path(tag = "projects", request_body = ToleranceView, responses(
    (status = 200, body = ToleranceView),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 403, description = "Only the council and the administrator", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Out of range, or red before yellow", body = ErrorBody)))]
#[put("/tolerances")]
async fn set_tolerances(
    db: web::Data<Db>,
    who: Principal,
    body: ApiJson<ToleranceView>,
) -> Result<web::Json<ToleranceView>, AppError> {
    let (who, wanted) = (who.acting(), body.0);
    Ok(web::Json(
        db.run(move |c| use_case::set_tolerances(c, &who, wanted))
            .await?,
    ))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(baselines)
        .service(rebaseline)
        .service(tolerances)
        .service(set_tolerances);
}
