//! Importing the council's spreadsheet: all or nothing in one transaction
//! (or a dry run that rolls back), each project and status version with the
//! audit record the API's own writes leave, and one record of the import.

use super::Acting;
use crate::db::audit;
use crate::db::{dry_run_transaction, write_transaction, DbConnection};
use crate::domain::access::Action;
use crate::domain::quarter::Quarter;
use crate::error::AppError;
use crate::import::{self, Stored};

/// A file to import, read whole.
pub enum ImportFile {
    Projects(Vec<u8>),
    /// Status reports; `quarter` for a file without a Kvartal column.
    Status {
        bytes: Vec<u8>,
        quarter: Option<Quarter>,
    },
}

impl ImportFile {
    fn kind(&self) -> &'static str {
        match self {
            Self::Projects(_) => "projects",
            Self::Status { .. } => "status",
        }
    }

    fn store(&self, c: &mut DbConnection) -> Result<Vec<Stored>, AppError> {
        Ok(match self {
            Self::Projects(bytes) => import::projects(c, bytes)?,
            Self::Status { bytes, quarter } => import::status(c, bytes, false, *quarter)?,
        })
    }
}

/// Import the file (the council and the administrator); the rows imported,
/// or in a dry run the rows that would be.
pub fn import(
    c: &mut DbConnection,
    who: &Acting,
    file: &ImportFile,
    dry_run: bool,
) -> Result<usize, AppError> {
    super::require(who.role, Action::ManagePortfolio)?;
    let work = |c: &mut DbConnection| {
        let stored = file.store(c)?;
        let imported = stored.len();
        audit_each(c, who, stored)?;
        let after = serde_json::json!({ "file": file.kind(), "imported": imported });
        let after = audit::json(&after);
        audit::record(c, &who.actor, "import", "import", file.kind(), None, after)?;
        Ok(imported)
    };
    if dry_run {
        dry_run_transaction(c, work)
    } else {
        write_transaction(c, work)
    }
}

/// Each project created and each status version stored gets the audit
/// record the API's own create and report write, in the import's transaction.
fn audit_each(c: &mut DbConnection, who: &Acting, stored: Vec<Stored>) -> Result<(), AppError> {
    let created: Vec<i32> = stored
        .iter()
        .filter_map(|s| match s {
            Stored::Project(id) => Some(*id),
            Stored::Status { .. } => None,
        })
        .collect();
    let mut details = super::projects::details_of(c, &created)?;
    let mut entries = Vec::with_capacity(stored.len());
    for item in stored {
        entries.push(match item {
            Stored::Project(id) => {
                let after = details.remove(&id).ok_or_else(|| {
                    AppError::Internal(format!("imported project {id} not found"))
                })?;
                audit::Entry {
                    action: "create",
                    entity: "project",
                    entity_id: id.to_string(),
                    before: None,
                    after: audit::json(&after),
                }
            }
            Stored::Status { before, after } => super::status::report_entry(before, &after)?,
        });
    }
    audit::record_many(c, &who.actor, &entries)
}
