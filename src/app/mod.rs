//! Use cases: each thing a person does, in one place that the API and the
//! web pages both call (permission, validation, one transaction, a view back).

pub mod audit;
pub mod decisions;
pub mod imports;
pub mod my_data;
pub mod projects;
pub mod reports;
pub mod status;
pub mod tokens;
pub mod types;

use crate::db::audit::Actor;
use crate::domain::access::{allows, Action, Role};
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

/// Who does something: as the audit trail names them, and their role.
pub struct Acting {
    pub actor: Actor,
    pub role: Role,
}
