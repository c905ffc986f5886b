//! Upload of the council's spreadsheet as CSV, all or nothing, with a dry run.

use super::quarters::parse_code;
use crate::app::imports::{ImportFile, Imported};
use crate::auth::Principal;
use crate::db::Db;
use crate::domain::access::Action;
use crate::domain::Problem;
use crate::error::{AppError, ErrorBody};
use actix_web::{post, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Files above this are refused with 413, before they are read whole.
pub const IMPORT_LIMIT: usize = crate::request_body::IMPORT.limit;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// Check the file and report what would happen, importing nothing.
    dry_run: Option<bool>,
    /// For status files without a Kvartal column: the quarter, e.g. 2022Q3.
    #[param(pattern = "^(19|[2-9][0-9])[0-9]{2}[Qq][1-4]$")]
    quarter: Option<String>,
    /// Status files: load reports into a closed quarter that Chefforum has
    /// not approved (past quarters); the import's audit record says so.
    history: Option<bool>,
}

#[derive(Serialize, ToSchema)]
pub struct ImportResult {
    /// Rows imported (or, in a dry run, that would be), and the people a
    /// project sheet named by a new e-mail.
    #[serde(flatten)]
    pub outcome: Imported,
    pub dry_run: bool,
}

/// Read the file, now that the caller may import: up to the limit (413) and
/// within the deadline (408) of `request_body::IMPORT`.
async fn read_limited(req: &HttpRequest, payload: web::Payload) -> Result<Vec<u8>, AppError> {
    let body = crate::request_body::read_import(req, payload).await?;
    if body.is_empty() {
        return Err(AppError::invalid(
            "file",
            Problem::EmptyFile,
            "the file is empty",
        ));
    }
    Ok(body.to_vec())
}

async fn run(
    db: &Db,
    who: &Principal,
    file: ImportFile,
    dry_run: bool,
) -> Result<HttpResponse, AppError> {
    let who = who.acting();
    let outcome = db
        .run(move |c| crate::app::imports::import(c, &who, &file, dry_run))
        .await?;
    Ok(HttpResponse::Ok().json(ImportResult { outcome, dry_run }))
}

#[utoipa::path(tag = "import", params(ImportQuery),
    request_body(content = String, content_type = "text/csv", description = "Projects as Danish Excel saves them: Projektnavn; Afdeling; Fase; Projektleder; … (see the README)"),
    responses(
    (status = 200, body = ImportResult),
    (status = 400, description = "Unreadable upload", body = ErrorBody),
    (status = 408, description = "The file did not arrive within 120 s", body = ErrorBody),
    (status = 413, description = "File over 20 MiB", body = ErrorBody),
    (status = 422, description = "Bad lines, each with its number and reason; nothing imported", body = ErrorBody)))]
#[post("/import/projects")]
async fn projects(
    db: web::Data<Db>,
    who: Principal,
    req: HttpRequest,
    query: web::Query<ImportQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    // Refused before a file of up to 20 MiB is read; the use case checks again.
    who.require(Action::ManagePortfolio)?;
    let file = ImportFile::Projects(read_limited(&req, payload).await?);
    run(&db, &who, file, query.dry_run.unwrap_or(false)).await
}

#[utoipa::path(tag = "import", params(ImportQuery),
    request_body(content = String, content_type = "text/csv", description = "Status: Projektnavn; Kvartal; Ressourcer; Leverancer; Tid; Økonomi; Kommentar …; colours grøn/gul/rød or green/yellow/red"),
    responses(
    (status = 200, body = ImportResult),
    (status = 400, description = "Unreadable upload", body = ErrorBody),
    (status = 408, description = "The file did not arrive within 120 s", body = ErrorBody),
    (status = 413, description = "File over 20 MiB", body = ErrorBody),
    (status = 422, description = "Bad lines, each with its number and reason; nothing imported", body = ErrorBody)))]
#[post("/import/status")]
async fn status(
    db: web::Data<Db>,
    who: Principal,
    req: HttpRequest,
    query: web::Query<ImportQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let quarter = query.quarter.as_deref().map(parse_code).transpose()?;
    // Refused before a file of up to 20 MiB is read; the use case checks again.
    who.require(Action::ManagePortfolio)?;
    let bytes = read_limited(&req, payload).await?;
    let history = query.history.unwrap_or(false);
    let file = ImportFile::Status {
        bytes,
        quarter,
        history,
    };
    run(&db, &who, file, query.dry_run.unwrap_or(false)).await
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(projects).service(status);
}
