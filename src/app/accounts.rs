//! A person's access: the role they have and the password they sign in with.

use super::audit::audit_change;
use super::people::{self, Person};
use super::types::AccessRole;
use super::{require, Acting};
use crate::db::audit::{self, json};
use crate::db::{access, write_transaction, Db, DbConnection};
use crate::domain::access::{password, Action, Role, PASSWORD_MAX};
use crate::domain::Problem;
use crate::error::AppError;
use crate::secrets;

/// Give a person a role (administrators); the last administrator keeps
/// theirs. "Last" counts those who can sign in: an administrator without a
/// password may be given another role while one with a password remains,
/// and no one may leave the organisation without one.
pub fn set_role(
    c: &mut DbConnection,
    who: &Acting,
    id: i32,
    role: Role,
) -> Result<Person, AppError> {
    require(who.role, Action::ManageOrganisation)?;
    write_transaction(c, |c| {
        let before = people::get(c, id)?;
        if before.role == AccessRole::Administrator
            && role != Role::Administrator
            && access::count_other_administrators(c, id)? == 0
        {
            return Err(AppError::conflict(
                Some("role"),
                Problem::LastAdministrator,
                "the last administrator cannot lose the role",
            ));
        }
        access::set_role(c, id, role)?;
        let after = people::get(c, id)?;
        audit_change(c, &who.actor, "role change", "person", id, &before, &after)?;
        Ok(after)
    })
}

/// Deactivate a person or make them active again (administrators). A
/// deactivated person cannot sign in: their sessions end, their API tokens
/// are revoked and their password links stop working. Nobody deactivates
/// themselves, and the last administrator stays.
pub fn set_active(
    c: &mut DbConnection,
    who: &Acting,
    id: i32,
    active: bool,
) -> Result<Person, AppError> {
    require(who.role, Action::ManageOrganisation)?;
    if !active && who.actor.person_id == Some(id) {
        return Err(AppError::conflict(
            Some("active"),
            Problem::OwnAccount,
            "you cannot deactivate yourself",
        ));
    }
    write_transaction(c, |c| {
        let before = people::get(c, id)?;
        if before.active == active {
            return Ok(before);
        }
        if active {
            access::set_deactivated(c, id, None)?;
        } else {
            shut_out(c, &before)?;
        }
        let after = people::get(c, id)?;
        let action = if active {
            "reactivation"
        } else {
            "deactivation"
        };
        audit_change(c, &who.actor, action, "person", id, &before, &after)?;
        Ok(after)
    })
}

/// Deactivate: no sign-in, no session, no token, no password link.
fn shut_out(c: &mut DbConnection, person: &Person) -> Result<(), AppError> {
    if person.role == AccessRole::Administrator
        && access::count_other_administrators(c, person.id)? == 0
    {
        return Err(AppError::conflict(
            Some("active"),
            Problem::LastAdministrator,
            "the last administrator cannot be deactivated",
        ));
    }
    access::set_deactivated(c, person.id, Some(crate::db::now()))?;
    access::end_sessions_of(c, person.id, None)?;
    access::revoke_tokens_of(c, person.id)?;
    access::drop_password_links_of(c, person.id)?;
    Ok(())
}

/// A new password for a person: one's own, given with the present one, or
/// anyone's, set by an administrator.
pub struct NewPassword {
    pub person: i32,
    pub password: String,
    pub current_password: Option<String>,
}

impl NewPassword {
    /// Whether it is the caller's own password (the present one is then
    /// verified, and the caller throttles that like a sign-in), after the
    /// permission and the rules are checked, before anything is read.
    pub fn check(&self, who: &Acting) -> Result<bool, AppError> {
        let own = who.actor.person_id == Some(self.person);
        if !own {
            require(who.role, Action::ManageOrganisation)?;
        }
        password("password", &self.password)?;
        // Checked whoever sends it: an administrator's reset ignores it, but a
        // body the spec calls invalid is refused all the same.
        if let Some(current) = &self.current_password {
            if current.chars().count() > PASSWORD_MAX {
                return Err(AppError::invalid(
                    "current_password",
                    Problem::TooLong(PASSWORD_MAX),
                    format!("must be at most {PASSWORD_MAX} characters"),
                ));
            }
        }
        // Whoever holds a token is not necessarily its owner: one's own
        // password changes only with the present one.
        if own && self.current_password.is_none() {
            return Err(AppError::invalid(
                "current_password",
                Problem::CurrentPasswordRequired,
                "give your present password to change it",
            ));
        }
        Ok(own)
    }
}

/// How a password change went when nothing failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordChange {
    Changed,
    /// The present password given was wrong: nothing changed.
    WrongPassword,
}

impl PasswordChange {
    /// As an answer: a wrong present password is refused.
    pub fn answer(self) -> Result<(), AppError> {
        match self {
            Self::Changed => Ok(()),
            Self::WrongPassword => Err(AppError::Forbidden(
                "the current password is wrong (someone without a password gets one from an administrator)"
                    .into(),
            )),
        }
    }
}

/// Set a password (see [`NewPassword::check`]). A new password shuts out
/// whoever knew the old one: every web session of the person ends, and a
/// reset by someone else also revokes the person's API tokens. The present
/// password is verified and the new one hashed in their turn, between short
/// uses of the database.
pub async fn set_password(
    db: &Db,
    who: Acting,
    change: NewPassword,
) -> Result<PasswordChange, AppError> {
    let own = change.check(&who)?;
    let id = change.person;
    let verified = match (own, change.current_password) {
        (true, Some(current)) => {
            let stored = db.run(move |c| access::credentials_by_id(c, id)).await?;
            if !secrets::verify_in_turn(current, stored.clone()).await? {
                return Ok(PasswordChange::WrongPassword);
            }
            stored
        }
        _ => None,
    };
    let hash = secrets::hash_in_turn(change.password).await?;
    db.run(move |c| store_password(c, &who, id, own, &hash, verified))
        .await
}

/// The new hash, unless one's own password changed since `verified` (the
/// hash the present password matched) was read: then the present password
/// given is no longer the present one, and of two changes from the same
/// password only the first is made.
fn store_password(
    c: &mut DbConnection,
    who: &Acting,
    id: i32,
    own: bool,
    hash: &str,
    verified: Option<String>,
) -> Result<PasswordChange, AppError> {
    write_transaction(c, |c| {
        crate::db::people::get(c, id)?;
        if own && access::credentials_by_id(c, id)? != verified {
            return Ok(PasswordChange::WrongPassword);
        }
        access::set_password_hash(c, id, hash)?;
        let sessions = access::end_sessions_of(c, id, None)?;
        let revoked = if own {
            0
        } else {
            access::revoke_tokens_of(c, id)?
        };
        // The hash itself never goes into the trail.
        let after = serde_json::json!({"sessions_ended": sessions, "tokens_revoked": revoked});
        let actor = &who.actor;
        audit::record(
            c,
            actor,
            "password change",
            "person",
            id,
            None,
            json(&after),
        )?;
        Ok(PasswordChange::Changed)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::audit::Actor;

    fn acting(person: i32, role: Role) -> Acting {
        Acting {
            actor: Actor {
                person_id: Some(person),
                label: "someone@albertslund.dk".into(),
                address: None,
            },
            role,
        }
    }

    fn change(person: i32, password: &str, current: Option<&str>) -> NewPassword {
        NewPassword {
            person,
            password: password.into(),
            current_password: current.map(str::to_string),
        }
    }

    const GOOD: &str = "en ny og lang adgangskode";

    #[test]
    fn ones_own_password_needs_the_present_one() {
        let me = acting(7, Role::Reader);
        assert!(change(7, GOOD, Some("den gamle")).check(&me).unwrap());
        let e = change(7, GOOD, None).check(&me).unwrap_err();
        assert_eq!(e.problem(), Some(Problem::CurrentPasswordRequired));
    }

    #[test]
    fn only_an_administrator_sets_someone_elses_without_the_present_one() {
        let admin = acting(1, Role::Administrator);
        assert!(!change(7, GOOD, None).check(&admin).unwrap());
        let council = acting(2, Role::Council);
        let e = change(7, GOOD, None).check(&council).unwrap_err();
        assert!(matches!(e, AppError::Forbidden(_)));
    }

    #[test]
    fn the_permission_comes_before_the_rules_and_the_length_before_the_present_one() {
        let reader = acting(2, Role::Reader);
        let e = change(7, "kort", None).check(&reader).unwrap_err();
        assert!(matches!(e, AppError::Forbidden(_)));
        let me = acting(7, Role::Reader);
        let e = change(7, "kort", None).check(&me).unwrap_err();
        assert_eq!(e.problem(), Some(Problem::PasswordLength));
        let long = "x".repeat(PASSWORD_MAX + 1);
        let e = change(7, GOOD, Some(&long)).check(&me).unwrap_err();
        assert_eq!(e.problem(), Some(Problem::TooLong(PASSWORD_MAX)));
        // Refused even where it would be ignored, as the spec calls it invalid.
        let admin = acting(1, Role::Administrator);
        let e = change(7, GOOD, Some(&long)).check(&admin).unwrap_err();
        assert_eq!(e.problem(), Some(Problem::TooLong(PASSWORD_MAX)));
    }
}
