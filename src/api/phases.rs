//! Project phases: each handler extracts, calls its use case in
//! `app::reference::phases` and answers with the phase.

use super::extract::ApiJson;
use crate::app::reference::phases as use_case;
pub use crate::app::reference::Phase;
use crate::app::Input;
use crate::auth::Principal;
use crate::db::phases::PhaseData;
use crate::db::Db;
use crate::domain::ValidationError;
use crate::error::{AppError, ErrorBody};
use actix_web::{get, post, put, web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;

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

impl Input<PhaseData> for PhaseInput {
    fn parse(self) -> Result<PhaseData, ValidationError> {
        use_case::PhaseFields {
            name: self.name,
            position: self.position,
        }
        .parse()
    }
}

#[utoipa::path(tag = "phases", responses(
    (status = 200, body = Vec<Phase>, description = "In order from start-up to close"),
    (status = 503, description = "Database unavailable", body = ErrorBody)))]
#[get("/phases")]
async fn list(db: web::Data<Db>, _signed_in: Principal) -> Result<web::Json<Vec<Phase>>, AppError> {
    Ok(web::Json(db.run(use_case::list).await?))
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
    Ok(web::Json(db.run(move |c| use_case::get(c, id)).await?))
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
    let (who, input) = (who.acting(), body.0);
    let view = db.run(move |c| use_case::create(c, &who, input)).await?;
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
    let (who, id, input) = (who.acting(), id.into_inner(), body.0);
    let view = db
        .run(move |c| use_case::update(c, &who, id, input))
        .await?;
    Ok(web::Json(view))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list)
        .service(get_one)
        .service(create)
        .service(update);
}
