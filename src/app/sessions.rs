//! Signing in to and out of the web pages: the password checked the same
//! way whether the account exists or not, and one audit record per attempt.

use crate::db::access::{self, Account};
use crate::db::audit::{self, Actor};
use crate::db::changes::Change;
use crate::db::{write_transaction, write_transaction_of, Db, DbConnection};
use crate::error::AppError;
use crate::secrets::verify_in_turn;

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
/// either way one audit record. The password is verified in its turn
/// between two short uses of the database, not while holding a connection.
pub async fn sign_in(db: &Db, attempt: SignIn) -> Result<Option<Account>, AppError> {
    let email = attempt.email.clone();
    let found = db.run(move |c| access::credentials(c, &email)).await?;
    let verified = found.as_ref().and_then(|(_, hash)| hash.clone());
    // Verified against a dummy hash when there is no account, so the answer
    // takes as long and says the same whether the e-mail exists or not.
    let valid = verify_in_turn(attempt.password.clone(), verified.clone()).await?;
    let verified = verified.filter(|_| valid);
    db.run(move |c| record_sign_in(c, &attempt, verified)).await
}

/// A session when the hash the password matched is still the account's;
/// a password changed (or an account closed) meanwhile makes it a failed
/// attempt, so no session outlives the password it was opened with.
fn record_sign_in(
    c: &mut DbConnection,
    attempt: &SignIn,
    verified: Option<String>,
) -> Result<Option<Account>, AppError> {
    // Sessions and the trail are in no cache: nothing to announce.
    write_transaction_of(Change::Nothing, c, |c| {
        match access::credentials(c, &attempt.email)? {
            Some((account, Some(hash))) if Some(&hash) == verified.as_ref() => {
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
        }
    })
}

/// Who the identity provider says signed in (its ID token, checked).
#[derive(Debug, Clone)]
pub struct Identity {
    pub subject: String,
    pub email: Option<String>,
    /// The provider's `email_verified`; Entra ID leaves it out for its own accounts.
    pub email_verified: Option<bool>,
    pub name: Option<String>,
}

/// How a sign-in through the identity provider ended.
pub enum ProviderSignIn {
    SignedIn(Account),
    /// Nobody here has that account: the page says whom to ask.
    Unknown {
        email: Option<String>,
    },
}

/// A sign-in the identity provider vouched for: the person remembered by
/// its subject, else found by the verified e-mail (and the subject then
/// remembered), else created as a reader when `create_people`; a session
/// and one audit record either way.
pub fn sign_in_with_provider(
    c: &mut DbConnection,
    identity: &Identity,
    session_hash: &str,
    address: Option<String>,
    create_people: bool,
) -> Result<ProviderSignIn, AppError> {
    write_transaction(c, |c| {
        let account = match access::account_by_subject(c, &identity.subject)? {
            Some(account) => Some(account),
            None => by_email(c, identity, create_people, &address)?,
        };
        let via = serde_json::json!({"via": "identity provider"});
        match account {
            Some(account) => {
                access::create_session(c, account.person_id, session_hash)?;
                let actor = Actor {
                    person_id: Some(account.person_id),
                    label: account.email.clone(),
                    address,
                };
                let id = account.person_id;
                audit::record(c, &actor, "sign in", "session", id, None, audit::json(&via))?;
                Ok(ProviderSignIn::SignedIn(account))
            }
            None => {
                let email = identity.email.clone();
                let actor = Actor {
                    person_id: None,
                    label: attempted_account(email.as_deref().unwrap_or_default()),
                    address,
                };
                audit::record(
                    c,
                    &actor,
                    "failed sign-in",
                    "session",
                    "-",
                    None,
                    audit::json(&via),
                )?;
                Ok(ProviderSignIn::Unknown { email })
            }
        }
    })
}

/// The person with the provider's verified e-mail who has no other
/// subject remembered; or a new reader when the service may create people.
fn by_email(
    c: &mut DbConnection,
    identity: &Identity,
    create_people: bool,
    address: &Option<String>,
) -> Result<Option<Account>, AppError> {
    let Some(email) = identity.email.as_deref() else {
        return Ok(None);
    };
    let Ok(email) = crate::domain::text::email("email", email) else {
        return Ok(None);
    };
    if identity.email_verified == Some(false) {
        return Ok(None);
    }
    if let Some((account, _)) = access::credentials(c, &email)? {
        if access::subject_of(c, account.person_id)?.is_some() {
            // Remembered for another account of the provider: not this one.
            return Ok(None);
        }
        access::remember_subject(c, account.person_id, &identity.subject)?;
        return Ok(Some(account));
    }
    if !create_people {
        return Ok(None);
    }
    let name = identity
        .name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| crate::domain::text::name_from_email(&email));
    let data = crate::db::people::PersonData {
        name,
        email,
        department_id: None,
    };
    let person = crate::db::people::create(c, &data)?;
    access::remember_subject(c, person.id, &identity.subject)?;
    let actor = Actor {
        person_id: None,
        label: "log ind med kommunens konto".into(),
        address: address.clone(),
    };
    let view = crate::app::people::Person::from(person.clone());
    crate::app::audit::audit_create(c, &actor, "person", person.id, &view)?;
    access::account_by_id(c, person.id)
}

/// End the session whose token has this hash.
pub fn sign_out(c: &mut DbConnection, session_hash: &str) -> Result<(), AppError> {
    write_transaction_of(Change::Nothing, c, |c| access::end_session(c, session_hash))
}

/// What the trail names a failed attempt by: the e-mail, if it is one.
fn attempted_account(typed: &str) -> String {
    match crate::domain::text::email("email", typed) {
        Ok(email) => email,
        Err(_) => "(ikke en e-mailadresse)".into(),
    }
}

/// Whom someone not known here may ask: the active administrators, by name.
pub fn administrators(c: &mut DbConnection) -> Result<Vec<(String, String)>, AppError> {
    let ids = crate::db::people::with_role(c, crate::domain::access::Role::Administrator)?;
    let mut found: Vec<(String, String)> = crate::db::people::by_ids(c, &ids)?
        .into_iter()
        .filter(|p| p.deactivated_at.is_none())
        .map(|p| (p.name, p.email))
        .collect();
    found.sort();
    Ok(found)
}
