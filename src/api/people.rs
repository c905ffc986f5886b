//! People: each handler extracts, calls its use case in `app::people` and
//! answers with the person.

use super::extract::ApiJson;
use crate::app::people as use_case;
pub use crate::app::people::Person;
use crate::app::Input;
use crate::auth::Principal;
use crate::db::people::PersonData;
use crate::db::Db;
use crate::domain::ValidationError;
use crate::error::{AppError, ErrorBody};
use actix_web::{get, post, put, web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonInput {
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = "^[^\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*[^\\s\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF][^\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub name: String,
    /// Unique, compared without regard to case.
    #[schema(
        max_length = 254,
        pattern = "^\\s*[A-Za-z0-9._+'\\u00C0-\\u024F-]+@[A-Za-z0-9\\u00C0-\\u024F-]+(\\.[A-Za-z0-9\\u00C0-\\u024F-]+)+\\s*$"
    )]
    pub email: String,
    #[serde(default)]
    pub department_id: Option<i32>,
}

impl Input<PersonData> for PersonInput {
    fn parse(self) -> Result<PersonData, ValidationError> {
        use_case::PersonFields {
            name: self.name,
            email: self.email,
            department_id: self.department_id,
        }
        .parse()
    }
}

#[utoipa::path(tag = "people", responses(
    (status = 200, body = Vec<Person>),
    (status = 503, description = "Database unavailable", body = ErrorBody)))]
#[get("/people")]
async fn list(
    db: web::Data<Db>,
    _signed_in: Principal,
) -> Result<web::Json<Vec<Person>>, AppError> {
    Ok(web::Json(db.run(use_case::list).await?))
}

#[utoipa::path(tag = "people", params(("id" = i32, Path)), responses(
    (status = 200, body = Person),
    (status = 404, description = "Unknown person", body = ErrorBody)))]
#[get("/people/{id}")]
async fn get_one(
    db: web::Data<Db>,
    _signed_in: Principal,
    id: web::Path<i32>,
) -> Result<web::Json<Person>, AppError> {
    let id = id.into_inner();
    Ok(web::Json(db.run(move |c| use_case::get(c, id)).await?))
}

#[utoipa::path(tag = "people", request_body = PersonInput, responses(
    (status = 201, body = Person),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 409, description = "E-mail taken", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field or unknown department", body = ErrorBody)))]
#[post("/people")]
async fn create(
    db: web::Data<Db>,
    who: Principal,
    body: ApiJson<PersonInput>,
) -> Result<HttpResponse, AppError> {
    let (who, input) = (who.acting(), body.0);
    let view = db.run(move |c| use_case::create(c, &who, input)).await?;
    Ok(HttpResponse::Created().json(view))
}

#[utoipa::path(tag = "people", params(("id" = i32, Path)), request_body = PersonInput, responses(
    (status = 200, body = Person),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 404, description = "Unknown person", body = ErrorBody),
    (status = 409, description = "E-mail taken", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field or unknown department", body = ErrorBody)))]
#[put("/people/{id}")]
async fn update(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
    body: ApiJson<PersonInput>,
) -> Result<web::Json<Person>, AppError> {
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
