//! The audit records every use case writes: a creation with what was made,
//! a change with the values before and after.

use crate::db::audit::{self, json, Actor};
use crate::db::DbConnection;
use crate::error::AppError;

/// The audit record of a creation, in the creating transaction.
pub fn audit_create(
    c: &mut DbConnection,
    actor: &Actor,
    entity: &str,
    id: impl ToString,
    after: &impl serde::Serialize,
) -> Result<(), AppError> {
    audit::record(c, actor, "create", entity, id, None, json(after))
}

/// The audit record of a change, with the values before and after.
pub fn audit_change(
    c: &mut DbConnection,
    actor: &Actor,
    action: &str,
    entity: &str,
    id: impl ToString,
    before: &impl serde::Serialize,
    after: &impl serde::Serialize,
) -> Result<(), AppError> {
    audit::record(c, actor, action, entity, id, json(before), json(after))
}
