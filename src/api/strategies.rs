//! Strategies (e.g. "Mere velfærd i Albertslund" 2021–2025) and their focus areas.

use super::extract::ApiJson;
use super::{create_audited, update_audited};
use crate::auth::Principal;
use crate::db::focus_areas::{self, FocusAreaData, FocusAreaRow};
use crate::db::strategies::{self, StrategyData, StrategyRow};
use crate::db::Db;
use crate::domain::access::Action;
use crate::domain::text::{free_text, required_name};
use crate::domain::Problem;
use crate::domain::ValidationError;
use crate::error::{AppError, ErrorBody};
use actix_web::{get, post, put, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct Strategy {
    pub id: i32,
    pub name: String,
    pub description: String,
    pub start_year: i32,
    pub end_year: i32,
}

impl From<StrategyRow> for Strategy {
    fn from(r: StrategyRow) -> Self {
        Self {
            id: r.id,
            name: r.name,
            description: r.description,
            start_year: r.start_year,
            end_year: r.end_year,
        }
    }
}

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

impl StrategyInput {
    fn parse(self) -> Result<StrategyData, ValidationError> {
        for (field, year) in [("start_year", self.start_year), ("end_year", self.end_year)] {
            if !(1900..=2999).contains(&year) {
                return Err(ValidationError::new(
                    field,
                    Problem::OutOfRange,
                    "must be a year between 1900 and 2999",
                ));
            }
        }
        if self.end_year < self.start_year {
            return Err(ValidationError::new(
                "end_year",
                Problem::EndBeforeStart,
                "the period ends before it starts",
            ));
        }
        Ok(StrategyData {
            name: required_name("name", &self.name, 200)?,
            description: free_text("description", &self.description, 10_000)?,
            start_year: self.start_year,
            end_year: self.end_year,
        })
    }
}

/// A focus area (indsatsområde) of a strategy, owned by a department.
#[derive(Serialize, ToSchema)]
pub struct FocusArea {
    pub id: i32,
    pub strategy_id: i32,
    pub name: String,
    pub description: String,
    /// The owning department.
    pub department_id: i32,
}

impl From<FocusAreaRow> for FocusArea {
    fn from(r: FocusAreaRow) -> Self {
        Self {
            id: r.id,
            strategy_id: r.strategy_id,
            name: r.name,
            description: r.description,
            department_id: r.department_id,
        }
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

impl FocusAreaInput {
    fn parse(self) -> Result<FocusAreaData, ValidationError> {
        Ok(FocusAreaData {
            strategy_id: self.strategy_id,
            name: required_name("name", &self.name, 200)?,
            description: free_text("description", &self.description, 10_000)?,
            department_id: self.department_id,
        })
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
    let rows = db.run(strategies::list).await?;
    Ok(web::Json(rows.into_iter().map(Strategy::from).collect()))
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
    Ok(web::Json(
        db.run(move |c| strategies::get(c, id)).await?.into(),
    ))
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
    who.require(Action::ManageOrganisation)?;
    let data = body.0.parse()?;
    let view = create_audited(&db, who.actor(), "strategy", move |c| {
        strategies::create(c, &data).map(|r| (r.id, Strategy::from(r)))
    })
    .await?;
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
    who.require(Action::ManageOrganisation)?;
    let (id, data) = (id.into_inner(), body.0.parse()?);
    let view = update_audited(
        &db,
        who.actor(),
        "strategy",
        id,
        move |c| strategies::get(c, id).map(Strategy::from),
        move |c| strategies::update(c, id, &data).map(Strategy::from),
    )
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
    let rows = db.run(focus_areas::list).await?;
    Ok(web::Json(rows.into_iter().map(FocusArea::from).collect()))
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
    Ok(web::Json(
        db.run(move |c| focus_areas::get(c, id)).await?.into(),
    ))
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
    who.require(Action::ManagePortfolio)?;
    let data = body.0.parse()?;
    let view = create_audited(&db, who.actor(), "focus_area", move |c| {
        focus_areas::create(c, &data).map(|r| (r.id, FocusArea::from(r)))
    })
    .await?;
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
    who.require(Action::ManagePortfolio)?;
    let (id, data) = (id.into_inner(), body.0.parse()?);
    let view = update_audited(
        &db,
        who.actor(),
        "focus_area",
        id,
        move |c| focus_areas::get(c, id).map(FocusArea::from),
        move |c| focus_areas::update(c, id, &data).map(FocusArea::from),
    )
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
