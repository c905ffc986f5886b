//! `GET /health`: whether this instance is ready to serve, for load balancers.

use crate::db::{schema_version, Backend, Db};
use crate::error::{AppError, ErrorBody};
use actix_web::{get, web};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: String,
    /// `sqlite` or `postgres`.
    pub backend: String,
    /// The newest applied migration.
    pub schema_version: String,
    /// How this instance hears other instances' writes: `connected` (its
    /// PostgreSQL listener) or `in-process` (SQLite, one process per file).
    #[schema(example = "connected")]
    pub changes: String,
}

/// Liveness and readiness in one: 200 only when the database answers and
/// the instance hears every committed change, so a load balancer sends
/// requests only to instances that give current answers.
#[utoipa::path(tag = "health", responses(
    (status = 200, body = Health),
    (status = 503, description = "Database unreachable, or the instance cannot hear other instances' changes", body = ErrorBody)))]
#[get("/health")]
pub async fn health(db: web::Data<Db>) -> Result<web::Json<Health>, AppError> {
    let backend = db.backend();
    let schema_version = db.run(schema_version).await?;
    if !db.changes().listening() {
        return Err(AppError::Unavailable(
            "not ready: the connection that hears other instances' changes is down".into(),
        ));
    }
    Ok(web::Json(Health {
        status: "ok".into(),
        backend: backend.name().to_string(),
        schema_version,
        changes: match backend {
            Backend::Sqlite => "in-process",
            Backend::Postgres => "connected",
        }
        .into(),
    }))
}
