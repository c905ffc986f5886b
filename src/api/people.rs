use super::extract::ApiJson;
use super::{create_audited, update_audited};
use crate::auth::Principal;
use crate::db::people::{self, PersonData, PersonRow};
use crate::db::Db;
use crate::domain::access::Action;
use crate::domain::text::{email, required_name};
use crate::domain::ValidationError;
use crate::error::{AppError, ErrorBody};
use actix_web::{get, post, put, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A person: project manager, project owner, council or Chefforum member.
#[derive(Serialize, ToSchema)]
pub struct Person {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub department_id: Option<i32>,
    /// Changed only through `PUT /people/{id}/role`.
    pub role: super::types::AccessRole,
}

impl From<PersonRow> for Person {
    fn from(r: PersonRow) -> Self {
        let role = crate::domain::access::Role::parse("role", &r.role)
            .map(super::types::AccessRole::from)
            .unwrap_or(super::types::AccessRole::Reader);
        Self {
            id: r.id,
            name: r.name,
            email: r.email,
            department_id: r.department_id,
            role,
        }
    }
}

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

impl PersonInput {
    fn parse(self) -> Result<PersonData, ValidationError> {
        Ok(PersonData {
            name: required_name("name", &self.name, 200)?,
            email: email("email", &self.email)?,
            department_id: self.department_id,
        })
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
    let rows = db.run(people::list).await?;
    Ok(web::Json(rows.into_iter().map(Person::from).collect()))
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
    Ok(web::Json(db.run(move |c| people::get(c, id)).await?.into()))
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
    who.require(Action::ManageOrganisation)?;
    let data = body.0.parse()?;
    let view = create_audited(&db, who.actor(), "person", move |c| {
        people::create(c, &data).map(|r| (r.id, Person::from(r)))
    })
    .await?;
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
    tokens: web::Data<crate::auth::token_cache::TokenCache>,
    who: Principal,
    id: web::Path<i32>,
    body: ApiJson<PersonInput>,
) -> Result<web::Json<Person>, AppError> {
    who.require(Action::ManageOrganisation)?;
    let (id, data) = (id.into_inner(), body.0.parse()?);
    let view = update_audited(
        &db,
        who.actor(),
        "person",
        id,
        move |c| people::get(c, id).map(Person::from),
        move |c| people::update(c, id, &data).map(Person::from),
    )
    .await?;
    // The e-mail is the actor's name in the audit trail.
    tokens.invalidate();
    Ok(web::Json(view))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list)
        .service(get_one)
        .service(create)
        .service(update);
}
