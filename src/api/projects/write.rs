//! The project writes: each handler extracts, calls its use case in
//! `app::projects` and answers with the project and its ETag.

use super::body::{CancelBody, CompleteBody, DescriptionBody, ProjectBody};
use super::{expected_version, with_etag, ProjectDetail};
use crate::api::extract::ApiJson;
use crate::app::projects::{self as use_case, Ending};
use crate::auth::Principal;
use crate::db::Db;
use crate::error::{AppError, ErrorBody};
use actix_web::http::StatusCode;
use actix_web::{delete, post, put, web, HttpRequest, HttpResponse};
use chrono::Utc;

#[utoipa::path(tag = "projects", request_body = ProjectBody, responses(
    (status = 201, body = ProjectDetail),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 409, description = "Name taken", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field or unknown reference", body = ErrorBody)))]
#[post("/projects")]
async fn create(
    db: web::Data<Db>,
    who: Principal,
    body: ApiJson<ProjectBody>,
) -> Result<HttpResponse, AppError> {
    let (draft, _) = body.0.parse()?;
    let who = who.acting();
    let view = db.run(move |c| use_case::create(c, &who, &draft)).await?;
    Ok(with_etag(StatusCode::CREATED, view))
}

#[utoipa::path(tag = "projects", params(("id" = i32, Path), ("If-Match" = Option<String>, Header, description = "The ETag you read")), request_body = ProjectBody, responses(
    (status = 200, body = ProjectDetail),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 404, description = "Unknown project", body = ErrorBody),
    (status = 409, description = "Name taken", body = ErrorBody),
    (status = 412, description = "Changed by someone else since the version you read; nothing was saved", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field or unknown reference", body = ErrorBody),
    (status = 428, description = "No If-Match header and no version", body = ErrorBody)))]
#[put("/projects/{id}")]
async fn update(
    db: web::Data<Db>,
    who: Principal,
    req: HttpRequest,
    id: web::Path<i32>,
    body: ApiJson<ProjectBody>,
) -> Result<HttpResponse, AppError> {
    let (id, who) = (id.into_inner(), who.acting());
    let (draft, body_version) = body.0.parse()?;
    let version = expected_version(&req, body_version)?;
    let view = db
        .run(move |c| use_case::update(c, &who, id, &draft, version))
        .await?;
    Ok(with_etag(StatusCode::OK, view))
}

#[utoipa::path(tag = "projects", params(("id" = i32, Path), ("If-Match" = Option<String>, Header, description = "The ETag you read")), request_body = DescriptionBody, responses(
    (status = 200, body = ProjectDetail, description = "The description is changed; project managers may do this on their own projects"),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 404, description = "Unknown project", body = ErrorBody),
    (status = 412, description = "Changed by someone else since the version you read", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field", body = ErrorBody),
    (status = 428, description = "No If-Match header and no version", body = ErrorBody)))]
#[put("/projects/{id}/description")]
async fn describe(
    db: web::Data<Db>,
    who: Principal,
    req: HttpRequest,
    id: web::Path<i32>,
    body: ApiJson<DescriptionBody>,
) -> Result<HttpResponse, AppError> {
    let (id, who) = (id.into_inner(), who.acting());
    let DescriptionBody {
        description,
        version,
    } = body.0;
    // The text is checked before the version, so a bad text is a 422 whatever the header.
    use_case::check_description(&description)?;
    let version = expected_version(&req, version)?;
    let view = db
        .run(move |c| use_case::describe(c, &who, id, description, version))
        .await?;
    Ok(with_etag(StatusCode::OK, view))
}

#[utoipa::path(tag = "projects", params(("id" = i32, Path)), responses(
    (status = 204, description = "Deleted"),
    (status = 404, description = "Unknown project", body = ErrorBody),
    (status = 409, description = "The project has status reports or sub-projects and is kept", body = ErrorBody)))]
#[delete("/projects/{id}")]
async fn remove(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let (id, who) = (id.into_inner(), who.acting());
    db.run(move |c| use_case::remove(c, &who, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(tag = "projects", params(("id" = i32, Path)), request_body = CancelBody, responses(
    (status = 200, body = ProjectDetail, description = "The project is cancelled"),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 404, description = "Unknown project", body = ErrorBody),
    (status = 409, description = "Already completed or cancelled", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Missing reason or bad date", body = ErrorBody)))]
#[post("/projects/{id}/cancel")]
async fn cancel(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
    body: ApiJson<CancelBody>,
) -> Result<HttpResponse, AppError> {
    let CancelBody { reason, date } = body.0;
    let ending = Ending::Cancelled { reason };
    end(db, &who, id.into_inner(), ending, date).await
}

#[utoipa::path(tag = "projects", params(("id" = i32, Path)), request_body = CompleteBody, responses(
    (status = 200, body = ProjectDetail, description = "The project is completed"),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 404, description = "Unknown project", body = ErrorBody),
    (status = 409, description = "Already completed or cancelled", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Bad date", body = ErrorBody)))]
#[post("/projects/{id}/complete")]
async fn complete(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
    body: ApiJson<CompleteBody>,
) -> Result<HttpResponse, AppError> {
    end(db, &who, id.into_inner(), Ending::Completed, body.0.date).await
}

/// Cancel or complete: today unless a date is given.
async fn end(
    db: web::Data<Db>,
    who: &Principal,
    id: i32,
    ending: Ending,
    date: Option<chrono::NaiveDate>,
) -> Result<HttpResponse, AppError> {
    let who = who.acting();
    let date = date.unwrap_or_else(|| Utc::now().date_naive());
    let view = db
        .run(move |c| use_case::end(c, &who, id, ending, date))
        .await?;
    Ok(with_etag(StatusCode::OK, view))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(create)
        .service(update)
        .service(describe)
        .service(remove)
        .service(cancel)
        .service(complete);
}
