//! Owning departments: each handler extracts, calls its use case in
//! `app::reference::departments` and answers with the department.

use super::extract::ApiJson;
use crate::app::reference::departments as use_case;
pub use crate::app::reference::Department;
use crate::app::Input;
use crate::auth::Principal;
use crate::db::departments::DepartmentData;
use crate::db::Db;
use crate::domain::ValidationError;
use crate::error::{AppError, ErrorBody};
use actix_web::{get, post, put, web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DepartmentInput {
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = "^[^\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*[^\\s\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF][^\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub name: String,
    #[schema(
        min_length = 1,
        max_length = 20,
        pattern = "^[^\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*[^\\s\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF][^\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub code: String,
    #[serde(default)]
    #[schema(
        max_length = 200,
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub directorate: String,
}

impl Input<DepartmentData> for DepartmentInput {
    fn parse(self) -> Result<DepartmentData, ValidationError> {
        use_case::DepartmentFields {
            name: self.name,
            code: self.code,
            directorate: self.directorate,
        }
        .parse()
    }
}

#[utoipa::path(tag = "departments", responses(
    (status = 200, body = Vec<Department>),
    (status = 503, description = "Database unavailable", body = ErrorBody)))]
#[get("/departments")]
async fn list(
    db: web::Data<Db>,
    _signed_in: Principal,
) -> Result<web::Json<Vec<Department>>, AppError> {
    Ok(web::Json(db.run(use_case::list).await?))
}

#[utoipa::path(tag = "departments", params(("id" = i32, Path)), responses(
    (status = 200, body = Department),
    (status = 404, description = "Unknown department", body = ErrorBody)))]
#[get("/departments/{id}")]
async fn get_one(
    db: web::Data<Db>,
    _signed_in: Principal,
    id: web::Path<i32>,
) -> Result<web::Json<Department>, AppError> {
    let id = id.into_inner();
    Ok(web::Json(db.run(move |c| use_case::get(c, id)).await?))
}

#[utoipa::path(tag = "departments", request_body = DepartmentInput, responses(
    (status = 201, body = Department),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 409, description = "Name or code taken", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field", body = ErrorBody)))]
#[post("/departments")]
async fn create(
    db: web::Data<Db>,
    who: Principal,
    body: ApiJson<DepartmentInput>,
) -> Result<HttpResponse, AppError> {
    let (who, input) = (who.acting(), body.0);
    let view = db.run(move |c| use_case::create(c, &who, input)).await?;
    Ok(HttpResponse::Created().json(view))
}

#[utoipa::path(tag = "departments", params(("id" = i32, Path)), request_body = DepartmentInput, responses(
    (status = 200, body = Department),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 404, description = "Unknown department", body = ErrorBody),
    (status = 409, description = "Name or code taken", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field", body = ErrorBody)))]
#[put("/departments/{id}")]
async fn update(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
    body: ApiJson<DepartmentInput>,
) -> Result<web::Json<Department>, AppError> {
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
