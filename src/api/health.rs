use crate::db::{schema_version, Db};
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
}

/// Liveness and readiness in one: 200 only when the database answers.
#[utoipa::path(tag = "health", responses(
    (status = 200, body = Health),
    (status = 503, description = "Database unreachable", body = ErrorBody)))]
#[get("/health")]
pub async fn health(db: web::Data<Db>) -> Result<web::Json<Health>, AppError> {
    let backend = db.backend().name().to_string();
    let schema_version = db.run(schema_version).await?;
    Ok(web::Json(Health {
        status: "ok".into(),
        backend,
        schema_version,
    }))
}
