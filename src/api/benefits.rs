//! Benefits realisation: a project's benefits (list and add under the
//! project, change and remove by id), values measured, and the follow-up
//! after completion. Each handler calls `app::benefits`.

use super::extract::ApiJson;
use crate::app::benefits as use_case;
pub use crate::app::benefits::{BenefitView, BenefitsView, ReadingView};
use crate::auth::Principal;
use crate::db::Db;
use crate::domain::benefit::BenefitInput;
use crate::error::{AppError, ErrorBody};
use actix_web::{delete, get, post, put, web, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BenefitBody {
    /// What the benefit is, e.g. "Lavere licensudgifter".
    #[schema(
        min_length = 1,
        max_length = 1000,
        pattern = "^[^\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*[^\\s\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF][^\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub what: String,
    #[serde(default)]
    #[schema(
        max_length = 1000,
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub owner: String,
    #[serde(default)]
    #[schema(
        max_length = 1000,
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub measure: String,
    #[serde(default)]
    #[schema(minimum = -1e15, maximum = 1e15)]
    pub baseline_value: Option<f64>,
    #[serde(default)]
    #[schema(minimum = -1e15, maximum = 1e15)]
    pub target_value: Option<f64>,
    #[serde(default)]
    pub due: Option<NaiveDate>,
}

impl From<BenefitBody> for BenefitInput {
    fn from(b: BenefitBody) -> Self {
        Self {
            what: b.what,
            owner: b.owner,
            measure: b.measure,
            baseline_value: b.baseline_value,
            target_value: b.target_value,
            due: b.due,
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadingBody {
    pub measured_on: NaiveDate,
    #[schema(minimum = -1e15, maximum = 1e15)]
    pub value: f64,
    #[serde(default)]
    #[schema(
        max_length = 1000,
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub note: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUpBody {
    /// The day the follow-up was done; null: not done.
    #[serde(default)]
    pub followed_up: Option<NaiveDate>,
}

#[utoipa::path(tag = "projects", params(("id" = i32, Path)), responses(
    (status = 200, body = BenefitsView, description = "The benefits with their values, and the follow-up"),
    (status = 404, description = "Unknown project", body = ErrorBody)))]
#[get("/projects/{id}/benefits")]
async fn list(
    db: web::Data<Db>,
    _signed_in: Principal,
    id: web::Path<i32>,
) -> Result<web::Json<BenefitsView>, AppError> {
    let id = id.into_inner();
    Ok(web::Json(db.run(move |c| use_case::list(c, id)).await?))
}

#[utoipa::path(tag = "projects", params(("id" = i32, Path)), request_body = BenefitBody, responses(
    (status = 201, body = BenefitView),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 403, description = "Not the project's manager or owner, nor the council", body = ErrorBody),
    (status = 404, description = "Unknown project", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field", body = ErrorBody)))]
#[post("/projects/{id}/benefits")]
async fn create(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
    body: ApiJson<BenefitBody>,
) -> Result<HttpResponse, AppError> {
    let (who, id, input) = (who.acting(), id.into_inner(), BenefitInput::from(body.0));
    let made = db
        .run(move |c| use_case::create(c, &who, id, input))
        .await?;
    Ok(HttpResponse::Created().json(made))
}

#[utoipa::path(tag = "projects", params(("id" = i32, Path)), request_body = BenefitBody, responses(
    (status = 200, body = BenefitView),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 403, description = "Not the project's manager or owner, nor the council", body = ErrorBody),
    (status = 404, description = "Unknown benefit", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field", body = ErrorBody)))]
#[put("/benefits/{id}")]
async fn update(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
    body: ApiJson<BenefitBody>,
) -> Result<web::Json<BenefitView>, AppError> {
    let (who, id, input) = (who.acting(), id.into_inner(), BenefitInput::from(body.0));
    Ok(web::Json(
        db.run(move |c| use_case::update(c, &who, id, input))
            .await?,
    ))
}

#[utoipa::path(tag = "projects", params(("id" = i32, Path)), responses(
    (status = 204, description = "Removed with its values"),
    (status = 403, description = "Not the project's manager or owner, nor the council", body = ErrorBody),
    (status = 404, description = "Unknown benefit", body = ErrorBody)))]
#[delete("/benefits/{id}")]
async fn remove(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let (who, id) = (who.acting(), id.into_inner());
    db.run(move |c| use_case::remove(c, &who, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(tag = "projects", params(("id" = i32, Path)), request_body = ReadingBody, responses(
    (status = 200, body = BenefitView, description = "The benefit with the new value"),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 403, description = "Not the project's manager or owner, nor the council", body = ErrorBody),
    (status = 404, description = "Unknown benefit", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field", body = ErrorBody)))]
#[post("/benefits/{id}/readings")]
async fn measure(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
    body: ApiJson<ReadingBody>,
) -> Result<web::Json<BenefitView>, AppError> {
    let (who, id, r) = (who.acting(), id.into_inner(), body.0);
    Ok(web::Json(
        db.run(move |c| use_case::measure(c, &who, id, (r.measured_on, r.value, &r.note)))
            .await?,
    ))
}

#[utoipa::path(tag = "projects", params(("id" = i32, Path)), request_body = FollowUpBody, responses(
    (status = 200, body = BenefitsView),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 403, description = "Not the project's manager or owner, nor the council", body = ErrorBody),
    (status = 404, description = "Unknown project", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field", body = ErrorBody)))]
#[put("/projects/{id}/benefit-follow-up")]
async fn follow_up(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
    body: ApiJson<FollowUpBody>,
) -> Result<web::Json<BenefitsView>, AppError> {
    let (who, id, on) = (who.acting(), id.into_inner(), body.0.followed_up);
    Ok(web::Json(
        db.run(move |c| use_case::followed_up(c, &who, id, on))
            .await?,
    ))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(update)
        .service(remove)
        .service(measure)
        .service(follow_up);
}
