//! Projects in the API: reading them here, the writes in `write`, what
//! they take in `body`.

mod body;
mod write;

use super::cache::{Answer, ResponseCache};
use crate::app::projects::{detail_of, Names};
pub use crate::app::projects::{PersonRef, Project, ProjectDetail, ProjectPage, Ref};
use crate::auth::Principal;
use crate::db::changes::Topic;
use crate::db::projects as store;
use crate::db::Db;
use crate::error::{AppError, ErrorBody};
use actix_web::http::header::{ETAG, IF_MATCH};
use actix_web::http::StatusCode;
use actix_web::{get, web, HttpRequest, HttpResponse};
use body::ProjectQuery;
pub use body::{CancelBody, CompleteBody, DescriptionBody, ProjectBody, ProjectSort};

#[utoipa::path(tag = "projects", params(ProjectQuery), responses(
    (status = 200, body = ProjectPage, description = "Projects in Danish name order (æ, ø, å after z)"),
    (status = 400, description = "Unreadable query string", body = ErrorBody),
    (status = 422, description = "Invalid filter value", body = ErrorBody)))]
#[get("/projects")]
async fn list(
    db: web::Data<Db>,
    cache: web::Data<ResponseCache>,
    _signed_in: Principal,
    query: web::Query<ProjectQuery>,
) -> Result<HttpResponse, AppError> {
    let (filter, limit, offset) = query.into_inner().parse()?;
    let key = format!("projects {filter:?} {limit} {offset}");
    let answer = cache
        .get_or_load(key, Topic::Projects, &db, move |c| {
            let (rows, total) = store::list(c, &filter, limit, offset)?;
            let names = Names::load(c, &rows)?;
            let items = rows.into_iter().map(|r| names.view(r)).collect();
            Answer::json(&ProjectPage {
                items,
                total,
                limit,
                offset,
            })
        })
        .await?;
    Ok(answer.respond())
}

/// The project with its version as a strong ETag, for `If-Match` on update.
fn with_etag(status: StatusCode, view: ProjectDetail) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((ETAG, format!("\"{}\"", view.project.version)))
        .json(view)
}

/// The version an update was based on: `If-Match: "3"`, or `"version": 3` in the body.
/// Without either an update could silently overwrite someone else's: 428.
fn expected_version(req: &HttpRequest, body_version: Option<i32>) -> Result<i32, AppError> {
    // Strong comparison (RFC 9110 13.1.1): a weak tag `W/"3"` never matches.
    let header = req.headers().get(IF_MATCH).map(|v| {
        v.to_str()
            .ok()
            .map(str::trim)
            .and_then(|v| v.strip_prefix('"')?.strip_suffix('"'))
            .and_then(|v| v.parse::<i32>().ok())
            .ok_or_else(|| {
                AppError::PreconditionFailed(
                    "If-Match must be the strong ETag of the project, e.g. \"3\"".into(),
                )
            })
    });
    match (header.transpose()?, body_version) {
        (Some(v), _) | (None, Some(v)) => Ok(v),
        (None, None) => Err(AppError::PreconditionRequired(
            "send the version you read (If-Match header or \"version\" field) so nobody's changes are overwritten".into(),
        )),
    }
}

#[utoipa::path(tag = "projects", params(("id" = i32, Path)), responses(
    (status = 200, body = ProjectDetail, headers(("ETag" = String, description = "The project's version, for If-Match"))),
    (status = 404, description = "Unknown project", body = ErrorBody)))]
#[get("/projects/{id}")]
async fn get_one(
    db: web::Data<Db>,
    cache: web::Data<ResponseCache>,
    _signed_in: Principal,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let answer = cache
        .get_or_load(format!("project {id}"), Topic::Project(id), &db, move |c| {
            let view = detail_of(c, id)?;
            Ok(Answer::json(&view)?.with_etag(view.project.version))
        })
        .await?;
    Ok(answer.respond())
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list).service(get_one);
    write::configure(cfg);
}
