//! API tokens: created for a person, shown once, recorded in the trail in
//! one shape whether the API or the front page made them; listed and revoked
//! by their owner or an administrator.

use super::Acting;
use crate::db::access::{self, TokenRow};
use crate::db::audit::{self, json};
use crate::db::{people, write_transaction, DbConnection};
use crate::domain::access::Action;
use crate::domain::text::required_name;
use crate::error::AppError;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct TokenView {
    pub id: i32,
    pub person_id: i32,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<TokenRow> for TokenView {
    fn from(t: TokenRow) -> Self {
        Self {
            id: t.id,
            person_id: t.person_id,
            name: t.name,
            created_at: t.created_at.and_utc(),
            revoked_at: t.revoked_at.map(|r| r.and_utc()),
        }
    }
}

/// The longest name a token may have.
pub const NAME_MAX: usize = 100;

/// Store a new token's hash for a person, named, with its audit record:
/// every role may make its own tokens, only an administrator someone else's.
pub fn create(
    c: &mut DbConnection,
    who: &Acting,
    person: i32,
    name: &str,
    hash: &str,
) -> Result<TokenRow, AppError> {
    super::require(who.role, Action::ManageOwnTokens)?;
    if Some(person) != who.actor.person_id {
        super::require(who.role, Action::ManageAllTokens)?;
    }
    let name = required_name("name", name, NAME_MAX)?;
    write_transaction(c, |c| {
        people::get(c, person)?;
        let row = access::create_token(c, person, &name, hash)?;
        let after = TokenView::from(row.clone());
        audit::record(c, &who.actor, "create", "token", row.id, None, json(&after))?;
        Ok(row)
    })
}

/// The caller's own tokens, or everybody's (`all`, administrators). Never the secrets.
pub fn list(c: &mut DbConnection, who: &Acting, all: bool) -> Result<Vec<TokenView>, AppError> {
    let person = if all {
        super::require(who.role, Action::ManageAllTokens)?;
        None
    } else {
        Some(who.actor.person_id.unwrap_or_default())
    };
    let rows = access::tokens(c, person)?;
    Ok(rows.into_iter().map(TokenView::from).collect())
}

/// Revoke a token: one's own, or anyone's (administrators). The caller
/// forgets cached accounts once this has committed.
pub fn revoke(c: &mut DbConnection, who: &Acting, id: i32) -> Result<TokenView, AppError> {
    write_transaction(c, |c| {
        let before = access::token(c, id)?;
        // Someone else's token is "not found", not "forbidden": ids are not to be probed.
        if who.actor.person_id != Some(before.person_id)
            && super::require(who.role, Action::ManageAllTokens).is_err()
        {
            return Err(AppError::NotFound(format!("token {id} does not exist")));
        }
        let after = TokenView::from(access::revoke_token(c, id)?);
        let before = TokenView::from(before);
        super::audit::audit_change(c, &who.actor, "revoke", "token", id, &before, &after)?;
        Ok(after)
    })
}
