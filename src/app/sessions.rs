//! Signing in to and out of the web pages: the password checked the same
//! way whether the account exists or not, and one audit record per attempt.

use crate::db::access::{self, Account};
use crate::db::audit::{self, Actor};
use crate::db::{write_transaction, DbConnection};
use crate::error::AppError;
use crate::secrets::{dummy_hash, verify_password};

/// A sign-in attempt.
pub struct SignIn {
    /// The e-mail as typed (trimmed, lower case).
    pub email: String,
    pub password: String,
    /// The hash of the new session's token, stored when the password is right.
    pub session_hash: String,
    pub address: Option<String>,
}

/// The account when the password is right, with its new session stored;
/// either way one audit record.
pub fn sign_in(c: &mut DbConnection, attempt: &SignIn) -> Result<Option<Account>, AppError> {
    let found = access::credentials(c, &attempt.email)?;
    // Verify against a dummy hash when there is no account, so the answer
    // takes as long and says the same whether the e-mail exists or not.
    let hash = found.as_ref().and_then(|(_, h)| h.clone());
    let valid = verify_password(&attempt.password, hash.as_deref().unwrap_or(dummy_hash()))
        && hash.is_some();
    write_transaction(c, |c| match found {
        Some((account, _)) if valid => {
            access::create_session(c, account.person_id, &attempt.session_hash)?;
            let actor = Actor {
                person_id: Some(account.person_id),
                label: account.email.clone(),
                address: attempt.address.clone(),
            };
            let id = account.person_id;
            audit::record(c, &actor, "sign in", "session", id, None, None)?;
            Ok(Some(account))
        }
        _ => {
            let actor = Actor {
                person_id: None,
                label: attempted_account(&attempt.email),
                address: attempt.address.clone(),
            };
            audit::record(c, &actor, "failed sign-in", "session", "-", None, None)?;
            Ok(None)
        }
    })
}

/// End the session whose token has this hash.
pub fn sign_out(c: &mut DbConnection, session_hash: &str) -> Result<(), AppError> {
    write_transaction(c, |c| access::end_session(c, session_hash))
}

/// What the trail names a failed attempt by: the e-mail, if it is one.
fn attempted_account(typed: &str) -> String {
    match crate::domain::text::email("email", typed) {
        Ok(email) => email,
        Err(_) => "(ikke en e-mailadresse)".into(),
    }
}
