//! Milestones of a project: list and add under the project, change and
//! remove by id. Each handler calls `app::milestones`.

use super::extract::ApiJson;
use crate::app::milestones as use_case;
pub use crate::app::milestones::{MilestoneView, MoveView};
use crate::auth::Principal;
use crate::db::Db;
use crate::domain::milestone::MilestoneInput;
use crate::error::{AppError, ErrorBody};
use actix_web::{delete, get, post, put, web, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::ToSchema;

/// A milestone as its project's manager or owner (or the council) enters it.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MilestoneBody {
    /// E.g. "Udbudsmaterialet uploades til EU-Supply".
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = "^[^\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*[^\\s\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF][^\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub name: String,
    /// A step of a tender (udbud): the project shows under "Kommende udbud".
    #[serde(default)]
    pub tender: bool,
    pub planned: NaiveDate,
    /// The new date, when it has moved; the move is kept with today's date.
    #[serde(default)]
    pub moved_to: Option<NaiveDate>,
    #[serde(default)]
    pub done_on: Option<NaiveDate>,
    #[serde(default)]
    #[schema(
        max_length = 10000,
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub note: String,
}

impl From<MilestoneBody> for MilestoneInput {
    fn from(b: MilestoneBody) -> Self {
        Self {
            name: b.name,
            tender: b.tender,
            planned: Some(b.planned),
            moved_to: b.moved_to,
            done_on: b.done_on,
            note: b.note,
        }
    }
}

#[utoipa::path(tag = "projects", params(("id" = i32, Path)), responses(
    (status = 200, body = Vec<MilestoneView>, description = "By the date that holds"),
    (status = 404, description = "Unknown project", body = ErrorBody)))]
#[get("/projects/{id}/milestones")]
async fn list(
    db: web::Data<Db>,
    _signed_in: Principal,
    id: web::Path<i32>,
) -> Result<web::Json<Vec<MilestoneView>>, AppError> {
    let id = id.into_inner();
    Ok(web::Json(db.run(move |c| use_case::list(c, id)).await?))
}

#[utoipa::path(tag = "projects", params(("id" = i32, Path)), request_body = MilestoneBody, responses(
    (status = 201, body = MilestoneView),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 403, description = "Not the project's manager or owner, nor the council", body = ErrorBody),
    (status = 404, description = "Unknown project", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field", body = ErrorBody)))]
#[post("/projects/{id}/milestones")]
async fn create(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
    body: ApiJson<MilestoneBody>,
) -> Result<HttpResponse, AppError> {
    let (who, id, input) = (who.acting(), id.into_inner(), MilestoneInput::from(body.0));
    let made = db
        .run(move |c| use_case::create(c, &who, id, input))
        .await?;
    Ok(HttpResponse::Created().json(made))
}

#[utoipa::path(tag = "projects", params(("id" = i32, Path)), request_body = MilestoneBody, responses(
    (status = 200, body = MilestoneView),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 403, description = "Not the project's manager or owner, nor the council", body = ErrorBody),
    (status = 404, description = "Unknown milestone", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field", body = ErrorBody)))]
#[put("/milestones/{id}")]
async fn update(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
    body: ApiJson<MilestoneBody>,
) -> Result<web::Json<MilestoneView>, AppError> {
    let (who, id, input) = (who.acting(), id.into_inner(), MilestoneInput::from(body.0));
    let today = chrono::Utc::now().date_naive();
    Ok(web::Json(
        db.run(move |c| use_case::update(c, &who, id, input, today))
            .await?,
    ))
}

#[utoipa::path(tag = "projects", params(("id" = i32, Path)), responses(
    (status = 204, description = "Removed with its moves"),
    (status = 403, description = "Not the project's manager or owner, nor the council", body = ErrorBody),
    (status = 404, description = "Unknown milestone", body = ErrorBody)))]
#[delete("/milestones/{id}")]
async fn remove(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let (who, id) = (who.acting(), id.into_inner());
    db.run(move |c| use_case::remove(c, &who, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(update)
        .service(remove);
}
