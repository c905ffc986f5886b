//! Use cases: each thing a person does, in one place that the API and the
//! web pages both call (permission, validation, one transaction, a view back).

pub mod accounts;
pub mod assessments;
pub mod audit;
pub mod baselines;
pub mod benefits;
pub mod chefforum;
pub mod decisions;
pub mod imports;
pub mod milestones;
pub mod my_data;
pub mod overlaps;
pub mod password_links;
pub mod people;
pub mod priorities;
pub mod projects;
pub mod proposals;
pub mod quarters;
pub mod reference;
pub mod register;
pub mod reminders;
pub mod reports;
pub mod sessions;
pub mod status;
pub mod tokens;
pub mod types;

use crate::db::audit::Actor;
use crate::domain::access::{allows, Action, Role};
use crate::domain::ValidationError;
use crate::error::AppError;

/// The one permission check: the role table in `domain::access`, as a 403.
pub fn require(role: Role, action: Action) -> Result<(), AppError> {
    if allows(role, action) {
        Ok(())
    } else {
        Err(AppError::Forbidden(format!(
            "your role ({}) does not allow this",
            role.as_str()
        )))
    }
}

/// The council may act on any project; a project's own manager or owner on
/// theirs, whatever their role (`domain::access::may_report_on`).
pub fn require_project(
    who: &Acting,
    manager: Option<i32>,
    owner: Option<i32>,
) -> Result<(), AppError> {
    let me = who.actor.person_id.unwrap_or_default();
    if crate::domain::access::may_report_on(who.role, me, manager, owner) {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "only the project's manager or owner, or IT-projektrådet, may do this".into(),
        ))
    }
}

/// Who does something: as the audit trail names them, and their role.
pub struct Acting {
    pub actor: Actor,
    pub role: Role,
}

/// What a caller sends, not yet checked: the use case checks the permission
/// first and only then this, so someone who may not do a thing gets the same
/// 403 whatever they sent. The transport parses its own shape of input into
/// the data through the rules in `domain`.
pub trait Input<T> {
    fn parse(self) -> Result<T, ValidationError>;
}
