//! One-time password links: an administrator makes one for a person and
//! hands it over (the service shows it once); the person opens it and
//! chooses their own password, which the administrator never learns.

use super::people;
use super::{require, Acting};
use crate::db::access::{self, Account};
use crate::db::audit::{self, json, Actor};
use crate::db::{write_transaction, Db, DbConnection};
use crate::domain::access::{password, Action};
use crate::domain::Problem;
use crate::error::AppError;
use crate::secrets;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// Where a password link's page is; the token follows.
pub const PATH: &str = "/adgangskode/";

/// A new link, shown once: only its hash is stored.
#[derive(Serialize, ToSchema)]
pub struct PasswordLink {
    /// The link's path on this service (`/adgangskode/…`): prefix it with the
    /// service's address. It works once, until `expires_at`.
    pub path: String,
    pub expires_at: DateTime<Utc>,
}

/// Make a link for an active person (administrators); the person's earlier
/// unused links stop working. The trail records that a link was made, never
/// the link.
pub fn issue(c: &mut DbConnection, who: &Acting, id: i32) -> Result<PasswordLink, AppError> {
    require(who.role, Action::ManageOrganisation)?;
    let token = secrets::new_token("");
    let hash = secrets::token_hash(&token);
    write_transaction(c, |c| {
        if !people::get(c, id)?.active {
            return Err(AppError::conflict(
                Some("active"),
                Problem::Deactivated,
                "the person is deactivated: activate them first",
            ));
        }
        let expires = access::create_password_link(c, id, &hash)?.and_utc();
        let after = serde_json::json!({ "expires_at": expires });
        audit::record(
            c,
            &who.actor,
            "password link",
            "person",
            id,
            None,
            json(&after),
        )?;
        Ok(PasswordLink {
            path: format!("{PATH}{token}"),
            expires_at: expires,
        })
    })
}

/// Whom a live link is for (`None`: used, replaced, expired or unknown).
pub fn holder(c: &mut DbConnection, token: &str) -> Result<Option<Account>, AppError> {
    access::password_link_account(c, &secrets::token_hash(token))
}

/// Set the password through a link, once: the person's sessions end and
/// their API tokens are revoked, as with any reset by someone else. A link
/// that is no longer live is refused before any hashing.
pub async fn redeem(
    db: &Db,
    token: String,
    new_password: String,
    address: Option<String>,
) -> Result<Account, AppError> {
    password("password", &new_password)?;
    let link = secrets::token_hash(&token);
    let live = link.clone();
    if db
        .run(move |c| access::password_link_account(c, &live))
        .await?
        .is_none()
    {
        return Err(spent_link());
    }
    let hash = secrets::hash_in_turn(new_password).await?;
    db.run(move |c| store_redeemed(c, &link, &hash, address))
        .await
}

/// The new hash through the link `link` (its stored hash), once.
fn store_redeemed(
    c: &mut DbConnection,
    link: &str,
    hash: &str,
    address: Option<String>,
) -> Result<Account, AppError> {
    write_transaction(c, |c| {
        let account = access::password_link_account(c, link)?;
        let spent = access::spend_password_link(c, link)?;
        let (Some(account), Some(_)) = (account, spent) else {
            return Err(spent_link());
        };
        let id = account.person_id;
        access::set_password_hash(c, id, hash)?;
        let sessions = access::end_sessions_of(c, id, None)?;
        let revoked = access::revoke_tokens_of(c, id)?;
        let actor = Actor {
            person_id: Some(id),
            label: account.email.clone(),
            address,
        };
        let after = serde_json::json!({
            "by": "password link", "sessions_ended": sessions, "tokens_revoked": revoked
        });
        audit::record(
            c,
            &actor,
            "password change",
            "person",
            id,
            None,
            json(&after),
        )?;
        Ok(account)
    })
}

fn spent_link() -> AppError {
    AppError::conflict(
        Some("link"),
        Problem::LinkSpent,
        "the link was used, replaced by a newer one or has expired",
    )
}
