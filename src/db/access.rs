//! Credentials, sessions and API tokens.

use super::schema::{api_tokens, password_links, people, sessions};
use super::{now, DbConnection};
use crate::domain::access::Role;
use crate::error::AppError;
use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

/// A signed-in person as the database knows them.
#[derive(Debug, Clone, Queryable)]
pub struct Account {
    pub person_id: i32,
    pub name: String,
    pub email: String,
    #[diesel(deserialize_as = String)]
    pub role: Role,
}

const ACCOUNT: (people::id, people::name, people::email, people::role) =
    (people::id, people::name, people::email, people::role);

/// The account of an active person (a deactivated one has none).
pub fn account_by_id(conn: &mut DbConnection, person_id: i32) -> Result<Option<Account>, AppError> {
    Ok(people::table
        .find(person_id)
        .filter(people::deactivated_at.is_null())
        .select(ACCOUNT)
        .first(conn)
        .optional()?)
}

/// An active person's account and password hash, by e-mail (case-insensitive).
pub fn credentials(
    conn: &mut DbConnection,
    email: &str,
) -> Result<Option<(Account, Option<String>)>, AppError> {
    Ok(people::table
        .filter(people::email.eq(email.trim().to_lowercase()))
        .filter(people::deactivated_at.is_null())
        .select((ACCOUNT, people::password_hash))
        .first(conn)
        .optional()?)
}

/// A person's password hash, by id (None: no password, or no such person).
pub fn credentials_by_id(
    conn: &mut DbConnection,
    person_id: i32,
) -> Result<Option<String>, AppError> {
    Ok(people::table
        .find(person_id)
        .select(people::password_hash)
        .first::<Option<String>>(conn)
        .optional()?
        .flatten())
}

pub fn set_password_hash(
    conn: &mut DbConnection,
    person_id: i32,
    hash: &str,
) -> Result<(), AppError> {
    diesel::update(people::table.find(person_id))
        .set(people::password_hash.eq(hash))
        .execute(conn)?;
    Ok(())
}

pub fn set_role(conn: &mut DbConnection, person_id: i32, role: Role) -> Result<(), AppError> {
    let n = diesel::update(people::table.find(person_id))
        .set(people::role.eq(role.as_str()))
        .execute(conn)?;
    if n == 0 {
        return Err(AppError::NotFound(format!(
            "person {person_id} does not exist"
        )));
    }
    Ok(())
}

/// Administrators who can sign in (active, with a password).
pub fn count_administrators(conn: &mut DbConnection) -> Result<i64, AppError> {
    Ok(people::table
        .filter(people::role.eq(Role::Administrator.as_str()))
        .filter(people::password_hash.is_not_null())
        .filter(people::deactivated_at.is_null())
        .count()
        .get_result(conn)?)
}

/// Administrators who can sign in, besides this person.
pub fn count_other_administrators(
    conn: &mut DbConnection,
    person_id: i32,
) -> Result<i64, AppError> {
    Ok(people::table
        .filter(people::role.eq(Role::Administrator.as_str()))
        .filter(people::password_hash.is_not_null())
        .filter(people::deactivated_at.is_null())
        .filter(people::id.ne(person_id))
        .count()
        .get_result(conn)?)
}

/// The account behind a live API token.
pub fn account_by_token(
    conn: &mut DbConnection,
    token_hash: &str,
) -> Result<Option<Account>, AppError> {
    // One query per request: the token and its person together.
    Ok(api_tokens::table
        .inner_join(people::table)
        .filter(api_tokens::token_hash.eq(token_hash))
        .filter(api_tokens::revoked_at.is_null())
        .filter(people::deactivated_at.is_null())
        .select(ACCOUNT)
        .first(conn)
        .optional()?)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_tokens)]
pub struct TokenRow {
    pub id: i32,
    pub person_id: i32,
    pub name: String,
    pub created_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}

pub fn create_token(
    conn: &mut DbConnection,
    person_id: i32,
    name: &str,
    token_hash: &str,
) -> Result<TokenRow, AppError> {
    let id: i32 = diesel::insert_into(api_tokens::table)
        .values((
            api_tokens::token_hash.eq(token_hash),
            api_tokens::person_id.eq(person_id),
            api_tokens::name.eq(name),
            api_tokens::created_at.eq(now()),
        ))
        .returning(api_tokens::id)
        .get_result(conn)?;
    token(conn, id)
}

pub fn token(conn: &mut DbConnection, id: i32) -> Result<TokenRow, AppError> {
    api_tokens::table
        .find(id)
        .select(TokenRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| AppError::NotFound(format!("token {id} does not exist")))
}

/// Tokens of one person, or everybody's with `None`.
pub fn tokens(conn: &mut DbConnection, person_id: Option<i32>) -> Result<Vec<TokenRow>, AppError> {
    let mut q = api_tokens::table.into_boxed();
    if let Some(p) = person_id {
        q = q.filter(api_tokens::person_id.eq(p));
    }
    Ok(q.order(api_tokens::id.desc())
        .select(TokenRow::as_select())
        .load(conn)?)
}

pub fn revoke_token(conn: &mut DbConnection, id: i32) -> Result<TokenRow, AppError> {
    diesel::update(
        api_tokens::table
            .find(id)
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(now()))
    .execute(conn)?;
    token(conn, id)
}

/// Sessions end after this long without a request.
pub const SESSION_IDLE: TimeDelta = TimeDelta::minutes(30);
/// And after this long whatever the use: a stolen cookie does not live forever.
pub const SESSION_LIFETIME: TimeDelta = TimeDelta::hours(12);

pub fn create_session(
    conn: &mut DbConnection,
    person_id: i32,
    token_hash: &str,
) -> Result<(), AppError> {
    let at = now();
    diesel::insert_into(sessions::table)
        .values((
            sessions::token_hash.eq(token_hash),
            sessions::person_id.eq(person_id),
            sessions::created_at.eq(at),
            sessions::last_seen_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// The account of a live session, refreshing its idle timer; an idle session is ended.
pub fn account_by_session(
    conn: &mut DbConnection,
    token_hash: &str,
) -> Result<Option<Account>, AppError> {
    let row: Option<(i32, i32, NaiveDateTime, NaiveDateTime)> = sessions::table
        .filter(sessions::token_hash.eq(token_hash))
        .select((
            sessions::id,
            sessions::person_id,
            sessions::created_at,
            sessions::last_seen_at,
        ))
        .first(conn)
        .optional()?;
    let Some((id, person_id, created, last_seen)) = row else {
        return Ok(None);
    };
    let at = now();
    if at - last_seen > SESSION_IDLE || at - created > SESSION_LIFETIME {
        diesel::delete(sessions::table.find(id)).execute(conn)?;
        return Ok(None);
    }
    // One write a minute at most per session, not one per request.
    if at - last_seen > TimeDelta::minutes(1) {
        diesel::update(sessions::table.find(id))
            .set(sessions::last_seen_at.eq(at))
            .execute(conn)?;
    }
    account_by_id(conn, person_id)
}

pub fn end_session(conn: &mut DbConnection, token_hash: &str) -> Result<(), AppError> {
    diesel::delete(sessions::table.filter(sessions::token_hash.eq(token_hash))).execute(conn)?;
    Ok(())
}

/// A person's sessions: when each began and was last used.
pub fn sessions_of(
    conn: &mut DbConnection,
    person_id: i32,
) -> Result<Vec<(NaiveDateTime, NaiveDateTime)>, AppError> {
    Ok(sessions::table
        .filter(sessions::person_id.eq(person_id))
        .order(sessions::id)
        .select((sessions::created_at, sessions::last_seen_at))
        .load(conn)?)
}

/// End a person's sessions, all of them or all but the one with `keep`'s hash.
pub fn end_sessions_of(
    conn: &mut DbConnection,
    person_id: i32,
    keep: Option<&str>,
) -> Result<usize, AppError> {
    let theirs = sessions::table.filter(sessions::person_id.eq(person_id));
    Ok(match keep {
        Some(hash) => diesel::delete(theirs.filter(sessions::token_hash.ne(hash))).execute(conn)?,
        None => diesel::delete(theirs).execute(conn)?,
    })
}

/// Revoke every live API token of a person.
pub fn revoke_tokens_of(conn: &mut DbConnection, person_id: i32) -> Result<usize, AppError> {
    Ok(diesel::update(
        api_tokens::table
            .filter(api_tokens::person_id.eq(person_id))
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(now()))
    .execute(conn)?)
}

/// Deactivate a person (`Some(when)`) or make them active again (`None`).
pub fn set_deactivated(
    conn: &mut DbConnection,
    person_id: i32,
    at: Option<NaiveDateTime>,
) -> Result<(), AppError> {
    diesel::update(people::table.find(person_id))
        .set(people::deactivated_at.eq(at))
        .execute(conn)?;
    Ok(())
}

/// A one-time password link lives this long.
pub const PASSWORD_LINK_LIFETIME: TimeDelta = TimeDelta::hours(72);

/// Store a new password link for a person; their earlier unused ones stop
/// working. The link's expiry.
pub fn create_password_link(
    conn: &mut DbConnection,
    person_id: i32,
    token_hash: &str,
) -> Result<NaiveDateTime, AppError> {
    drop_password_links_of(conn, person_id)?;
    let at = now();
    let expires = at + PASSWORD_LINK_LIFETIME;
    diesel::insert_into(password_links::table)
        .values((
            password_links::token_hash.eq(token_hash),
            password_links::person_id.eq(person_id),
            password_links::created_at.eq(at),
            password_links::expires_at.eq(expires),
        ))
        .execute(conn)?;
    Ok(expires)
}

/// Make a person's unused password links unusable (kept, as used, for the record).
pub fn drop_password_links_of(conn: &mut DbConnection, person_id: i32) -> Result<usize, AppError> {
    Ok(diesel::update(
        password_links::table
            .filter(password_links::person_id.eq(person_id))
            .filter(password_links::used_at.is_null()),
    )
    .set(password_links::used_at.eq(now()))
    .execute(conn)?)
}

/// The active person a live (unused, unexpired) link is for.
pub fn password_link_account(
    conn: &mut DbConnection,
    token_hash: &str,
) -> Result<Option<Account>, AppError> {
    Ok(password_links::table
        .inner_join(people::table)
        .filter(password_links::token_hash.eq(token_hash))
        .filter(password_links::used_at.is_null())
        .filter(password_links::expires_at.gt(now()))
        .filter(people::deactivated_at.is_null())
        .select(ACCOUNT)
        .first(conn)
        .optional()?)
}

/// Spend a live link: the person it was for, or `None` when it was not
/// live. One conditional update, so two uses at once spend it only once.
pub fn spend_password_link(
    conn: &mut DbConnection,
    token_hash: &str,
) -> Result<Option<i32>, AppError> {
    let at = now();
    Ok(diesel::update(
        password_links::table
            .filter(password_links::token_hash.eq(token_hash))
            .filter(password_links::used_at.is_null())
            .filter(password_links::expires_at.gt(at)),
    )
    .set(password_links::used_at.eq(at))
    .returning(password_links::person_id)
    .get_result(conn)
    .optional()?)
}

/// The active person the identity provider's subject was remembered for.
pub fn account_by_subject(
    conn: &mut DbConnection,
    subject: &str,
) -> Result<Option<Account>, AppError> {
    Ok(people::table
        .filter(people::oidc_subject.eq(subject))
        .filter(people::deactivated_at.is_null())
        .select(ACCOUNT)
        .first(conn)
        .optional()?)
}

/// Remember the identity provider's subject for a person.
pub fn remember_subject(
    conn: &mut DbConnection,
    person_id: i32,
    subject: &str,
) -> Result<(), AppError> {
    diesel::update(people::table.find(person_id))
        .set(people::oidc_subject.eq(subject))
        .execute(conn)?;
    Ok(())
}

/// The identity provider's subject remembered for a person, if any.
pub fn subject_of(conn: &mut DbConnection, person_id: i32) -> Result<Option<String>, AppError> {
    Ok(people::table
        .find(person_id)
        .select(people::oidc_subject)
        .first::<Option<String>>(conn)
        .optional()?
        .flatten())
}
