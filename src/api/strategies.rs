//! Strategies (e.g. "Mere velfærd i Albertslund" 2021–2025) and their focus
//! areas: each handler extracts, calls its use case in `app::reference` and
//! answers with the strategy or focus area.

use super::extract::ApiJson;
use crate::app::reference::{focus_areas, strategies};
pub use crate::app::reference::{FocusArea, Strategy};
use crate::app::Input;
use crate::auth::Principal;
use crate::db::focus_areas::FocusAreaData;
use crate::db::strategies::StrategyData;
use crate::db::Db;
use crate::domain::ValidationError;
use crate::error::{AppError, ErrorBody};
use actix_web::{get, post, put, web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StrategyInput {
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
    #[schema(minimum = 1900, maximum = 2999)]
    pub start_year: i32,
    #[schema(minimum = 1900, maximum = 2999)]
    pub end_year: i32,
}

impl Input<StrategyData> for StrategyInput {
    fn parse(self) -> Result<StrategyData, ValidationError> {
        strategies::StrategyFields {
            name: self.name,
            description: self.description,
            start_year: self.start_year,
            end_year: self.end_year,
        }
        .parse()
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FocusAreaInput {
    pub strategy_id: i32,
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
    pub department_id: i32,
}

impl Input<FocusAreaData> for FocusAreaInput {
    fn parse(self) -> Result<FocusAreaData, ValidationError> {
        focus_areas::FocusAreaFields {
            strategy_id: self.strategy_id,
            name: self.name,
            description: self.description,
            department_id: self.department_id,
        }
        .parse()
    }
}

#[utoipa::path(tag = "strategies", responses(
    (status = 200, body = Vec<Strategy>),
    (status = 503, description = "Database unavailable", body = ErrorBody)))]
#[get("/strategies")]
async fn list(
    db: web::Data<Db>,
    _signed_in: Principal,
) -> Result<web::Json<Vec<Strategy>>, AppError> {
    Ok(web::Json(db.run(strategies::list).await?))
}

#[utoipa::path(tag = "strategies", params(("id" = i32, Path)), responses(
    (status = 200, body = Strategy),
    (status = 404, description = "Unknown strategy", body = ErrorBody)))]
#[get("/strategies/{id}")]
async fn get_one(
    db: web::Data<Db>,
    _signed_in: Principal,
    id: web::Path<i32>,
) -> Result<web::Json<Strategy>, AppError> {
    let id = id.into_inner();
    Ok(web::Json(db.run(move |c| strategies::get(c, id)).await?))
}

#[utoipa::path(tag = "strategies", request_body = StrategyInput, responses(
    (status = 201, body = Strategy),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 409, description = "Name taken", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field", body = ErrorBody)))]
#[post("/strategies")]
async fn create(
    db: web::Data<Db>,
    who: Principal,
    body: ApiJson<StrategyInput>,
) -> Result<HttpResponse, AppError> {
    let (who, input) = (who.acting(), body.0);
    let view = db.run(move |c| strategies::create(c, &who, input)).await?;
    Ok(HttpResponse::Created().json(view))
}

#[utoipa::path(tag = "strategies", params(("id" = i32, Path)), request_body = StrategyInput, responses(
    (status = 200, body = Strategy),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 404, description = "Unknown strategy", body = ErrorBody),
    (status = 409, description = "Name taken", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field", body = ErrorBody)))]
#[put("/strategies/{id}")]
async fn update(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
    body: ApiJson<StrategyInput>,
) -> Result<web::Json<Strategy>, AppError> {
    let (who, id, input) = (who.acting(), id.into_inner(), body.0);
    let view = db
        .run(move |c| strategies::update(c, &who, id, input))
        .await?;
    Ok(web::Json(view))
}

#[utoipa::path(tag = "focus areas", responses(
    (status = 200, body = Vec<FocusArea>),
    (status = 503, description = "Database unavailable", body = ErrorBody)))]
#[get("/focus-areas")]
async fn list_focus_areas(
    db: web::Data<Db>,
    _signed_in: Principal,
) -> Result<web::Json<Vec<FocusArea>>, AppError> {
    Ok(web::Json(db.run(focus_areas::list).await?))
}

#[utoipa::path(tag = "focus areas", params(("id" = i32, Path)), responses(
    (status = 200, body = FocusArea),
    (status = 404, description = "Unknown focus area", body = ErrorBody)))]
#[get("/focus-areas/{id}")]
async fn get_focus_area(
    db: web::Data<Db>,
    _signed_in: Principal,
    id: web::Path<i32>,
) -> Result<web::Json<FocusArea>, AppError> {
    let id = id.into_inner();
    Ok(web::Json(db.run(move |c| focus_areas::get(c, id)).await?))
}

#[utoipa::path(tag = "focus areas", request_body = FocusAreaInput, responses(
    (status = 201, body = FocusArea),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 409, description = "Name taken in this strategy", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field, unknown strategy or department", body = ErrorBody)))]
#[post("/focus-areas")]
async fn create_focus_area(
    db: web::Data<Db>,
    who: Principal,
    body: ApiJson<FocusAreaInput>,
) -> Result<HttpResponse, AppError> {
    let (who, input) = (who.acting(), body.0);
    let view = db.run(move |c| focus_areas::create(c, &who, input)).await?;
    Ok(HttpResponse::Created().json(view))
}

#[utoipa::path(tag = "focus areas", params(("id" = i32, Path)), request_body = FocusAreaInput, responses(
    (status = 200, body = FocusArea),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 404, description = "Unknown focus area", body = ErrorBody),
    (status = 409, description = "Name taken in this strategy", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field, unknown strategy or department", body = ErrorBody)))]
#[put("/focus-areas/{id}")]
async fn update_focus_area(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
    body: ApiJson<FocusAreaInput>,
) -> Result<web::Json<FocusArea>, AppError> {
    let (who, id, input) = (who.acting(), id.into_inner(), body.0);
    let view = db
        .run(move |c| focus_areas::update(c, &who, id, input))
        .await?;
    Ok(web::Json(view))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list)
        .service(get_one)
        .service(create)
        .service(update)
        .service(list_focus_areas)
        .service(get_focus_area)
        .service(create_focus_area)
        .service(update_focus_area);
}
