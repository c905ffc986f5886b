//! API tokens, roles, passwords and the audit trail: each handler extracts,
//! calls its use case in `app::tokens`, `app::accounts` or `app::audit`, and
//! answers.

use super::extract::ApiJson;
use super::people::Person;
use crate::app::accounts::{self, NewPassword};
use crate::app::audit::AuditSearch;
pub use crate::app::audit::{AuditEntry, AuditPage};
use crate::app::password_links::{self, PasswordLink};
use crate::auth::throttle::{own_password_attempt, settle};
use crate::auth::{secrets, Principal, TOKEN_PREFIX};
use crate::db::Db;
use crate::domain::access::Role;
use crate::error::{AppError, ErrorBody};
use actix_web::{delete, get, post, put, web, HttpResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::app::tokens;
pub use crate::app::tokens::TokenView;

/// A new token. The secret is shown this once; only its hash is kept.
#[derive(Serialize, ToSchema)]
pub struct NewTokenView {
    #[serde(flatten)]
    pub token_info: TokenView,
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenInput {
    /// What the token is for, e.g. "Excel-udtræk".
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = "^[^\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*[^\\s\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF][^\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub name: String,
    /// Administrators may create a token for someone else.
    #[serde(default)]
    pub person_id: Option<i32>,
}

#[utoipa::path(tag = "access", request_body = TokenInput, responses(
    (status = 201, body = NewTokenView, description = "The token; it is not shown again"),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 404, description = "Unknown person", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field", body = ErrorBody)))]
#[post("/tokens")]
async fn create_token(
    db: web::Data<Db>,
    who: Principal,
    body: ApiJson<TokenInput>,
) -> Result<HttpResponse, AppError> {
    let person = body.0.person_id.unwrap_or(who.account.person_id);
    let secret = secrets::new_token(TOKEN_PREFIX);
    let (hash, name, who) = (secrets::token_hash(&secret), body.0.name, who.acting());
    let row = db
        .run(move |c| tokens::create(c, &who, person, &name, &hash))
        .await?;
    Ok(HttpResponse::Created().json(NewTokenView {
        token_info: row.into(),
        token: secret,
    }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TokenQuery {
    /// Administrators: everybody's tokens.
    all: Option<bool>,
}

#[utoipa::path(tag = "access", params(TokenQuery), responses(
    (status = 200, body = Vec<TokenView>, description = "Your tokens (never the secrets)"),
    (status = 400, description = "Unreadable query string", body = ErrorBody)))]
#[get("/tokens")]
async fn list_tokens(
    db: web::Data<Db>,
    who: Principal,
    query: web::Query<TokenQuery>,
) -> Result<web::Json<Vec<TokenView>>, AppError> {
    let (who, all) = (who.acting(), query.all.unwrap_or(false));
    Ok(web::Json(
        db.run(move |c| tokens::list(c, &who, all)).await?,
    ))
}

#[utoipa::path(tag = "access", params(("id" = i32, Path)), responses(
    (status = 200, body = TokenView, description = "Revoked"),
    (status = 404, description = "Unknown token", body = ErrorBody)))]
#[delete("/tokens/{id}")]
async fn revoke_token(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
) -> Result<web::Json<TokenView>, AppError> {
    let (who, id) = (who.acting(), id.into_inner());
    let view = db.run(move |c| tokens::revoke(c, &who, id)).await?;
    Ok(web::Json(view))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleInput {
    pub role: super::types::AccessRole,
}

#[utoipa::path(tag = "access", params(("id" = i32, Path)), request_body = RoleInput, responses(
    (status = 200, body = Person, description = "The person with the new role"),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 404, description = "Unknown person", body = ErrorBody),
    (status = 409, description = "The last administrator cannot lose the role", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Unknown role", body = ErrorBody)))]
#[put("/people/{id}/role")]
async fn set_role(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
    body: ApiJson<RoleInput>,
) -> Result<web::Json<Person>, AppError> {
    let (who, id, role) = (who.acting(), id.into_inner(), Role::from(body.0.role));
    let view = db
        .run(move |c| accounts::set_role(c, &who, id, role))
        .await?;
    Ok(web::Json(view))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActiveInput {
    /// False deactivates: the person cannot sign in, their sessions end and
    /// their API tokens are revoked. True makes them active again.
    pub active: bool,
}

#[utoipa::path(tag = "access", params(("id" = i32, Path)), request_body = ActiveInput, responses(
    (status = 200, body = Person, description = "The person, active or deactivated"),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 404, description = "Unknown person", body = ErrorBody),
    (status = 409, description = "Yourself, or the last administrator", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Not an object with `active` true or false", body = ErrorBody)))]
#[put("/people/{id}/active")]
async fn set_active(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
    body: ApiJson<ActiveInput>,
) -> Result<web::Json<Person>, AppError> {
    let (who, id, active) = (who.acting(), id.into_inner(), body.0.active);
    let view = db
        .run(move |c| accounts::set_active(c, &who, id, active))
        .await?;
    Ok(web::Json(view))
}

#[utoipa::path(tag = "access", params(("id" = i32, Path)), responses(
    (status = 201, body = PasswordLink, description = "A one-time link for the person to choose a password; it is not shown again, and earlier unused links stop working"),
    (status = 404, description = "Unknown person", body = ErrorBody),
    (status = 409, description = "The person is deactivated", body = ErrorBody)))]
#[post("/people/{id}/password-link")]
async fn password_link(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let (who, id) = (who.acting(), id.into_inner());
    let link = db.run(move |c| password_links::issue(c, &who, id)).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(link))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordInput {
    /// At least 12 characters.
    #[schema(min_length = 12, max_length = 1024)]
    pub password: String,
    /// Your present password, when you change your own.
    #[serde(default)]
    #[schema(max_length = 1024)]
    pub current_password: Option<String>,
}

#[utoipa::path(tag = "access", params(("id" = i32, Path)), request_body = PasswordInput, responses(
    (status = 204, description = "Set; the person can sign in with it. Your own change ends your web sessions; an administrator's reset of someone else's also revokes their API tokens"),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 403, description = "The current password is wrong, or your role may not set others' passwords", body = ErrorBody),
    (status = 404, description = "Unknown person", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Too short, or the current password is missing", body = ErrorBody),
    (status = 429, description = "Too many wrong current passwords; wait 15 minutes", body = ErrorBody)))]
#[put("/people/{id}/password")]
async fn set_password(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
    body: ApiJson<PasswordInput>,
) -> Result<HttpResponse, AppError> {
    let PasswordInput {
        password,
        current_password,
    } = body.0;
    let change = NewPassword {
        person: id.into_inner(),
        password,
        current_password,
    };
    let acting = who.acting();
    let attempt = match change.check(&acting)? {
        true => Some(own_password_attempt(&db, &who.account.email).await?),
        false => None,
    };
    let outcome = accounts::set_password(&db, acting, change).await;
    settle(attempt, outcome).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// project, status, person, quarter, decision, token, session, import, …
    entity: Option<String>,
    entity_id: Option<String>,
    /// Who made the change.
    person_id: Option<i32>,
    /// From this day (inclusive).
    from: Option<NaiveDate>,
    /// To this day (inclusive).
    to: Option<NaiveDate>,
    /// 1–500 (default 100).
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
    #[param(minimum = 0)]
    offset: Option<i64>,
}

#[utoipa::path(tag = "access", params(AuditQuery), responses(
    (status = 200, body = AuditPage, description = "Newest first"),
    (status = 400, description = "Unreadable query string", body = ErrorBody),
    (status = 422, description = "Bad limit or offset", body = ErrorBody)))]
#[get("/audit")]
async fn audit_log(
    db: web::Data<Db>,
    who: Principal,
    query: web::Query<AuditQuery>,
) -> Result<web::Json<AuditPage>, AppError> {
    let q = query.into_inner();
    let search = AuditSearch {
        entity: q.entity,
        entity_id: q.entity_id,
        person_id: q.person_id,
        from: q.from,
        to: q.to,
        limit: q.limit,
        offset: q.offset,
    };
    let who = who.acting();
    let page = db
        .run(move |c| crate::app::audit::search(c, &who, search))
        .await?;
    Ok(web::Json(page))
}

#[utoipa::path(tag = "access", responses(
    (status = 200, body = crate::app::my_data::MyData, description = "Everything the service holds by or about you (GDPR art. 15)")))]
#[get("/me/export")]
async fn my_data(db: web::Data<Db>, who: Principal) -> Result<HttpResponse, AppError> {
    let data = crate::app::my_data::export(&db, who.account.person_id).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(data))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(my_data)
        .service(create_token)
        .service(list_tokens)
        .service(revoke_token)
        .service(set_role)
        .service(set_active)
        .service(password_link)
        .service(set_password)
        .service(audit_log);
}
