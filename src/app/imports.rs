//! Importing the council's spreadsheet: all or nothing in one transaction
//! (or a dry run that rolls back), each project and status version with the
//! audit record the API's own writes leave, and one record of the import.

use super::people::Person;
use super::reference::departments::Department;
use super::Acting;
use crate::db::audit;
use crate::db::{dry_run_transaction, write_transaction, DbConnection};
use crate::domain::access::Action;
use crate::domain::quarter::Quarter;
use crate::error::AppError;
use crate::import::{self, Stored};
use serde::Serialize;
use utoipa::ToSchema;

/// A file to import, read whole.
pub enum ImportFile {
    /// Departments (administrators).
    Departments(Vec<u8>),
    /// People (administrators).
    People(Vec<u8>),
    Projects(Vec<u8>),
    /// Status reports; `quarter` for a file without a Kvartal column.
    /// `history`: the council's explicit choice to load reports into a
    /// closed quarter that Chefforum has not approved (past quarters).
    Status {
        bytes: Vec<u8>,
        quarter: Option<Quarter>,
        history: bool,
    },
}

/// What an import came to (or, in a dry run, would).
#[derive(Debug, Serialize, ToSchema)]
pub struct Imported {
    /// The file's rows imported.
    pub imported: usize,
    /// People a project sheet named by an e-mail nobody had, created with a
    /// name made from the address (an administrator may correct it).
    pub people_created: Vec<NewPerson>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NewPerson {
    pub name: String,
    pub email: String,
}

impl Imported {
    fn of(stored: &[Stored]) -> Self {
        let people_created: Vec<NewPerson> = stored
            .iter()
            .filter_map(|s| match s {
                Stored::NamedPerson(p) => Some(NewPerson {
                    name: p.name.clone(),
                    email: p.email.clone(),
                }),
                _ => None,
            })
            .collect();
        Self {
            imported: stored.len() - people_created.len(),
            people_created,
        }
    }
}

impl ImportFile {
    fn kind(&self) -> &'static str {
        match self {
            Self::Departments(_) => "departments",
            Self::People(_) => "people",
            Self::Projects(_) => "projects",
            Self::Status { .. } => "status",
        }
    }

    /// The organisation's lists are the administrator's; the portfolio the council's.
    fn action(&self) -> Action {
        match self {
            Self::Departments(_) | Self::People(_) => Action::ManageOrganisation,
            Self::Projects(_) | Self::Status { .. } => Action::ManagePortfolio,
        }
    }

    fn store(&self, c: &mut DbConnection) -> Result<Vec<Stored>, AppError> {
        Ok(match self {
            Self::Departments(bytes) => import::departments(c, bytes)?,
            Self::People(bytes) => import::people(c, bytes)?,
            Self::Projects(bytes) => import::projects(c, bytes)?,
            Self::Status {
                bytes,
                quarter,
                history,
            } => import::status(c, bytes, *history, *quarter)?,
        })
    }

    /// Whether the council chose to load a closed quarter's reports.
    fn history(&self) -> bool {
        matches!(self, Self::Status { history: true, .. })
    }
}

/// Import the file (the council and the administrator): what it came to,
/// or in a dry run what it would come to.
pub fn import(
    c: &mut DbConnection,
    who: &Acting,
    file: &ImportFile,
    dry_run: bool,
) -> Result<Imported, AppError> {
    super::require(who.role, file.action())?;
    let work = |c: &mut DbConnection| {
        let stored = file.store(c)?;
        let imported = Imported::of(&stored);
        audit_each(c, who, stored)?;
        let mut after = serde_json::json!({
            "file": file.kind(), "imported": imported.imported,
            "people_created": imported.people_created.len(),
        });
        if file.history() {
            after["history"] = serde_json::json!(true);
        }
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

/// The record of something an import created, as its own create writes it.
fn created_entry(entity: &'static str, id: i32, view: &impl serde::Serialize) -> audit::Entry {
    audit::Entry {
        action: "create",
        entity,
        entity_id: id.to_string(),
        before: None,
        after: audit::json(view),
    }
}

/// Each project created and each status version stored gets the audit
/// record the API's own create and report write, in the import's transaction.
fn audit_each(c: &mut DbConnection, who: &Acting, stored: Vec<Stored>) -> Result<(), AppError> {
    let projects: Vec<i32> = stored
        .iter()
        .filter_map(|s| match s {
            Stored::Project(id) => Some(*id),
            _ => None,
        })
        .collect();
    let mut details = super::projects::details_of(c, &projects)?;
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
            Stored::Department(row) => {
                created_entry("department", row.id, &Department::from(row.clone()))
            }
            Stored::Person(row) | Stored::NamedPerson(row) => {
                created_entry("person", row.id, &Person::from(row.clone()))
            }
        });
    }
    audit::record_many(c, &who.actor, &entries)
}
