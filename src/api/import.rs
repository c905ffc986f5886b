//! Upload of the council's spreadsheet as CSV, all or nothing, with a dry run.

use super::quarters::parse_code;
use crate::auth::Principal;
use crate::db::audit::{self, Actor};
use crate::db::{dry_run_transaction, write_transaction, Db, DbConnection};
use crate::domain::access::Action;
use crate::domain::Problem;
use crate::error::{AppError, ErrorBody};
use crate::import::{self, ImportError, Stored};
use actix_web::http::header::CONTENT_LENGTH;
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
}

#[derive(Serialize, ToSchema)]
pub struct ImportResult {
    /// Rows imported (or, in a dry run, that would be).
    pub imported: usize,
    pub dry_run: bool,
}

/// Read the file, now that the caller may import: up to the limit (413) and
/// within the deadline (408) of `request_body::IMPORT`.
async fn read_limited(req: &HttpRequest, payload: web::Payload) -> Result<Vec<u8>, AppError> {
    let declared = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<usize>().ok());
    let body = crate::request_body::read_within(
        payload.into_inner(),
        crate::request_body::IMPORT,
        declared,
    )
    .await?;
    if body.is_empty() {
        return Err(AppError::invalid(
            "file",
            Problem::EmptyFile,
            "the file is empty",
        ));
    }
    Ok(body.to_vec())
}

type Importer = Box<dyn FnOnce(&mut DbConnection) -> Result<Vec<Stored>, ImportError> + Send>;

/// Each project created and each status version stored gets the audit
/// record the API's own create and report write, in the import's transaction.
fn audit_each(c: &mut DbConnection, actor: &Actor, stored: Vec<Stored>) -> Result<(), AppError> {
    let created: Vec<i32> = stored
        .iter()
        .filter_map(|s| match s {
            Stored::Project(id) => Some(*id),
            Stored::Status { .. } => None,
        })
        .collect();
    let mut details = super::projects::details_of(c, &created)?;
    let mut entries = Vec::with_capacity(stored.len());
    for item in stored {
        entries.push(match item {
            Stored::Project(id) => {
                let after = details.remove(&id).ok_or_else(|| {
                    AppError::Internal(format!("imported project {id} not found"))
                })?;
                audit::Entry {
                    action: "create",
                    entity: "project",
                    entity_id: id.to_string(),
                    before: None,
                    after: audit::json(&after),
                }
            }
            Stored::Status { before, after } => crate::app::status::report_entry(before, &after)?,
        });
    }
    audit::record_many(c, actor, &entries)
}

async fn run(
    db: &Db,
    who: &Principal,
    kind: &'static str,
    dry_run: bool,
    importer: Importer,
) -> Result<HttpResponse, AppError> {
    let actor: Actor = who.actor();
    let imported = db
        .run(move |c| {
            let work = |c: &mut DbConnection| {
                let stored = importer(c).map_err(AppError::from)?;
                let n = stored.len();
                audit_each(c, &actor, stored)?;
                let after = serde_json::json!({ "file": kind, "imported": n });
                audit::record(
                    c,
                    &actor,
                    "import",
                    "import",
                    kind,
                    None,
                    audit::json(&after),
                )?;
                Ok(n)
            };
            if dry_run {
                dry_run_transaction(c, work)
            } else {
                write_transaction(c, work)
            }
        })
        .await?;
    Ok(HttpResponse::Ok().json(ImportResult { imported, dry_run }))
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
    who.require(Action::ManagePortfolio)?;
    let bytes = read_limited(&req, payload).await?;
    run(
        &db,
        &who,
        "projects",
        query.dry_run.unwrap_or(false),
        Box::new(move |c| import::projects(c, &bytes)),
    )
    .await
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
    who.require(Action::ManagePortfolio)?;
    let bytes = read_limited(&req, payload).await?;
    run(
        &db,
        &who,
        "status",
        query.dry_run.unwrap_or(false),
        Box::new(move |c| import::status(c, &bytes, false, quarter)),
    )
    .await
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(projects).service(status);
}
