//! API tokens, roles, passwords and the audit trail.

use super::extract::ApiJson;
use crate::auth::throttle::Throttle;
use crate::auth::token_cache::TokenCache;
use crate::auth::{secrets, Principal, TOKEN_PREFIX};
use crate::db::access;
use crate::db::audit::{self, json, AuditFilter};
use crate::db::{people, write_transaction, Db};
use crate::domain::access::{Action, Role};
use crate::domain::text::required_name;
use crate::domain::Problem;
use crate::error::{AppError, ErrorBody};
use actix_web::{delete, get, post, put, web, HttpResponse};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

pub use crate::app::tokens::TokenView;
use crate::app::tokens::{self, Creator};

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
    let name = required_name("name", &body.0.name, 100)?;
    let person = body.0.person_id.unwrap_or(who.account.person_id);
    let (secret, actor) = (secrets::new_token(TOKEN_PREFIX), who.actor());
    let hash = secrets::token_hash(&secret);
    let creator = Creator {
        role: who.role(),
        person_id: who.account.person_id,
    };
    let row = db
        .run(move |c| tokens::create(c, &actor, creator, person, &name, &hash))
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
    let person = if query.all.unwrap_or(false) {
        who.require(Action::ManageAllTokens)?;
        None
    } else {
        Some(who.account.person_id)
    };
    let rows = db.run(move |c| access::tokens(c, person)).await?;
    Ok(web::Json(rows.into_iter().map(TokenView::from).collect()))
}

#[utoipa::path(tag = "access", params(("id" = i32, Path)), responses(
    (status = 200, body = TokenView, description = "Revoked"),
    (status = 404, description = "Unknown token", body = ErrorBody)))]
#[delete("/tokens/{id}")]
async fn revoke_token(
    db: web::Data<Db>,
    tokens: web::Data<TokenCache>,
    who: Principal,
    id: web::Path<i32>,
) -> Result<web::Json<TokenView>, AppError> {
    let (id, actor) = (id.into_inner(), who.actor());
    let row = db
        .run(move |c| {
            write_transaction(c, |c| {
                let before = access::token(c, id)?;
                // Someone else's token is "not found", not "forbidden": ids are not to be probed.
                if before.person_id != who.account.person_id
                    && who.require(Action::ManageAllTokens).is_err()
                {
                    return Err(AppError::NotFound(format!("token {id} does not exist")));
                }
                let after = access::revoke_token(c, id)?;
                audit::record(
                    c,
                    &actor,
                    "revoke",
                    "token",
                    id,
                    json(&TokenView::from(before)),
                    json(&TokenView::from(after.clone())),
                )?;
                Ok(after)
            })
        })
        .await?;
    tokens.invalidate();
    Ok(web::Json(row.into()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleInput {
    pub role: super::types::AccessRole,
}

#[utoipa::path(tag = "access", params(("id" = i32, Path)), request_body = RoleInput, responses(
    (status = 200, body = super::people::Person, description = "The person with the new role"),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 404, description = "Unknown person", body = ErrorBody),
    (status = 409, description = "The last administrator cannot lose the role", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Unknown role", body = ErrorBody)))]
#[put("/people/{id}/role")]
async fn set_role(
    db: web::Data<Db>,
    tokens: web::Data<TokenCache>,
    who: Principal,
    id: web::Path<i32>,
    body: ApiJson<RoleInput>,
) -> Result<web::Json<super::people::Person>, AppError> {
    who.require(Action::ManageOrganisation)?;
    let (id, role, actor) = (id.into_inner(), Role::from(body.0.role), who.actor());
    let row = db
        .run(move |c| {
            write_transaction(c, |c| {
                let before = super::people::Person::from(people::get(c, id)?);
                if before.role == super::types::AccessRole::Administrator
                    && role != Role::Administrator
                    && access::count_administrators(c)? <= 1
                {
                    return Err(AppError::conflict(
                        Some("role"),
                        Problem::LastAdministrator,
                        "the last administrator cannot lose the role",
                    ));
                }
                access::set_role(c, id, role)?;
                let after = people::get(c, id)?;
                audit::record(
                    c,
                    &actor,
                    "role change",
                    "person",
                    id,
                    json(&before),
                    json(&super::people::Person::from(after.clone())),
                )?;
                Ok(after)
            })
        })
        .await?;
    tokens.invalidate();
    Ok(web::Json(row.into()))
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
    tokens: web::Data<TokenCache>,
    throttle: web::Data<Throttle>,
    who: Principal,
    id: web::Path<i32>,
    body: ApiJson<PasswordInput>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let own = id == who.account.person_id;
    if !own {
        who.require(Action::ManageOrganisation)?;
    }
    let PasswordInput {
        password,
        current_password,
    } = body.0;
    crate::domain::access::password("password", &password)?;
    // Checked whoever sends it: an administrator's reset ignores it, but a
    // body the spec calls invalid is refused all the same.
    if current_password
        .as_ref()
        .is_some_and(|p| p.chars().count() > crate::domain::access::PASSWORD_MAX)
    {
        return Err(AppError::invalid(
            "current_password",
            Problem::TooLong(crate::domain::access::PASSWORD_MAX),
            format!(
                "must be at most {} characters",
                crate::domain::access::PASSWORD_MAX
            ),
        ));
    }
    // Whoever holds a token is not necessarily its owner: one's own password
    // changes only with the present one, throttled like a sign-in.
    let attempt = match (own, current_password) {
        (false, _) => None,
        (true, None) => {
            return Err(AppError::invalid(
                "current_password",
                Problem::CurrentPasswordRequired,
                "give your present password to change it",
            ))
        }
        (true, Some(current)) => {
            let attempt = throttle
                .begin(vec![format!("account:{}", who.account.email)])
                .ok_or_else(|| {
                    AppError::TooManyRequests(
                        "too many wrong passwords; wait 15 minutes and try again".into(),
                    )
                })?;
            Some((attempt, current))
        }
    };
    let actor = who.actor();
    let checked = attempt.as_ref().map(|(_, current)| current.clone());
    let outcome = db
        .run(move |c| change_password(c, &actor, id, own, checked, &password))
        .await;
    let attempt = attempt.map(|(attempt, _)| attempt);
    match outcome {
        Ok(true) => {
            if let Some(attempt) = attempt {
                attempt.succeeded();
            }
            tokens.invalidate();
            Ok(HttpResponse::NoContent().finish())
        }
        Ok(false) => Err(AppError::Forbidden(
            "the current password is wrong (someone without a password gets one from an administrator)"
                .into(),
        )),
        Err(e) => {
            if let Some(attempt) = attempt {
                attempt.not_verified();
            }
            Err(e)
        }
    }
}

/// Check the present password when one was given (false: wrong), then set
/// the new one. A new password shuts out whoever knew the old one: every web
/// session of the person ends, and a reset by someone else also revokes the
/// person's API tokens.
fn change_password(
    c: &mut crate::db::DbConnection,
    actor: &audit::Actor,
    id: i32,
    own: bool,
    current: Option<String>,
    password: &str,
) -> Result<bool, AppError> {
    if let Some(current) = current {
        let stored = access::credentials_by_id(c, id)?;
        let hash = stored.as_deref().unwrap_or(secrets::dummy_hash());
        if !secrets::verify_password(&current, hash) || stored.is_none() {
            return Ok(false);
        }
    }
    let hash = secrets::hash_password(password).map_err(AppError::Internal)?;
    write_transaction(c, |c| {
        people::get(c, id)?;
        access::set_password_hash(c, id, &hash)?;
        let sessions = access::end_sessions_of(c, id, None)?;
        let revoked = if own {
            0
        } else {
            access::revoke_tokens_of(c, id)?
        };
        // The hash itself never goes into the trail.
        let after = serde_json::json!({"sessions_ended": sessions, "tokens_revoked": revoked});
        audit::record(
            c,
            actor,
            "password change",
            "person",
            id,
            None,
            json(&after),
        )?;
        Ok(true)
    })
}

pub use crate::app::audit::AuditEntry;

#[derive(Serialize, ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditEntry>,
    pub total: i64,
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
    who.require(Action::ReadAudit)?;
    let q = query.into_inner();
    let limit = q.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(AppError::invalid(
            "limit",
            Problem::OutOfRange,
            "must be between 1 and 500",
        ));
    }
    let offset = q.offset.unwrap_or(0);
    if offset < 0 {
        return Err(AppError::invalid(
            "offset",
            Problem::OutOfRange,
            "must not be negative",
        ));
    }
    // SQLite compares timestamps as text, where "10000-01-01" sorts before
    // "2022-…": a bound past year 9999 is no bound (to) or matches nothing (from).
    let in_range = |d: &NaiveDate| d.year() <= 9999;
    if q.from.is_some_and(|d| !in_range(&d)) {
        return Ok(web::Json(AuditPage {
            items: vec![],
            total: 0,
        }));
    }
    let filter = AuditFilter {
        entity: q.entity,
        entity_id: q.entity_id,
        entity_id_prefix: None,
        person_id: q.person_id,
        from: q.from.and_then(|d| d.and_hms_opt(0, 0, 0)),
        to: q
            .to
            .and_then(|d| d.succ_opt())
            .filter(in_range)
            .and_then(|d| d.and_hms_opt(0, 0, 0)),
    };
    let (rows, total) = db
        .run(move |c| audit::list(c, &filter, limit, offset))
        .await?;
    Ok(web::Json(AuditPage {
        items: rows.into_iter().map(AuditEntry::from).collect(),
        total,
    }))
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
        .service(set_password)
        .service(audit_log);
}
