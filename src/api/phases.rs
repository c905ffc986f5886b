use super::extract::ApiJson;
use super::{create_audited, update_audited};
use crate::auth::Principal;
use crate::db::phases::{self, PhaseData, PhaseRow};
use crate::db::Db;
use crate::domain::access::Action;
use crate::domain::text::required_name;
use crate::domain::Problem;
use crate::domain::ValidationError;
use crate::error::{AppError, ErrorBody};
use actix_web::{get, post, put, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A project phase; `position` orders them from start-up to close.
#[derive(Serialize, ToSchema)]
pub struct Phase {
    pub id: i32,
    pub name: String,
    pub position: i32,
}

impl From<PhaseRow> for Phase {
    fn from(r: PhaseRow) -> Self {
        Self {
            id: r.id,
            name: r.name,
            position: r.position,
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PhaseInput {
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = "^[^\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*[^\\s\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF][^\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub name: String,
    #[schema(minimum = 0, maximum = 1000)]
    pub position: i32,
}

impl PhaseInput {
    fn parse(self) -> Result<PhaseData, ValidationError> {
        if !(0..=1000).contains(&self.position) {
            return Err(ValidationError::new(
                "position",
                Problem::OutOfRange,
                "must be between 0 and 1000",
            ));
        }
        Ok(PhaseData {
            name: required_name("name", &self.name, 100)?,
            position: self.position,
        })
    }
}

#[utoipa::path(tag = "phases", responses(
    (status = 200, body = Vec<Phase>, description = "In order from start-up to close"),
    (status = 503, description = "Database unavailable", body = ErrorBody)))]
#[get("/phases")]
async fn list(db: web::Data<Db>, _signed_in: Principal) -> Result<web::Json<Vec<Phase>>, AppError> {
    let rows = db.run(phases::list).await?;
    Ok(web::Json(rows.into_iter().map(Phase::from).collect()))
}

#[utoipa::path(tag = "phases", params(("id" = i32, Path)), responses(
    (status = 200, body = Phase),
    (status = 404, description = "Unknown phase", body = ErrorBody)))]
#[get("/phases/{id}")]
async fn get_one(
    db: web::Data<Db>,
    _signed_in: Principal,
    id: web::Path<i32>,
) -> Result<web::Json<Phase>, AppError> {
    let id = id.into_inner();
    Ok(web::Json(db.run(move |c| phases::get(c, id)).await?.into()))
}

#[utoipa::path(tag = "phases", request_body = PhaseInput, responses(
    (status = 201, body = Phase),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 409, description = "Name taken", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field", body = ErrorBody)))]
#[post("/phases")]
async fn create(
    db: web::Data<Db>,
    who: Principal,
    body: ApiJson<PhaseInput>,
) -> Result<HttpResponse, AppError> {
    who.require(Action::ManagePortfolio)?;
    let data = body.0.parse()?;
    let view = create_audited(&db, who.actor(), "phase", move |c| {
        phases::create(c, &data).map(|r| (r.id, Phase::from(r)))
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

#[utoipa::path(tag = "phases", params(("id" = i32, Path)), request_body = PhaseInput, responses(
    (status = 200, body = Phase),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 404, description = "Unknown phase", body = ErrorBody),
    (status = 409, description = "Name taken", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field", body = ErrorBody)))]
#[put("/phases/{id}")]
async fn update(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
    body: ApiJson<PhaseInput>,
) -> Result<web::Json<Phase>, AppError> {
    who.require(Action::ManagePortfolio)?;
    let (id, data) = (id.into_inner(), body.0.parse()?);
    let view = update_audited(
        &db,
        who.actor(),
        "phase",
        id,
        move |c| phases::get(c, id).map(Phase::from),
        move |c| phases::update(c, id, &data).map(Phase::from),
    )
    .await?;
    Ok(web::Json(view))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list)
        .service(get_one)
        .service(create)
        .service(update);
}
