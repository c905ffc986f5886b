//! The demo and acceptance portfolio in `seed-data/`, loaded into an empty
//! database through the same importers as an uploaded spreadsheet.

use super::ImportError;
use crate::db::{write_transaction, Db, DbConnection};
use crate::error::AppError;
use std::path::Path;

type Importer = fn(&mut DbConnection, &[u8]) -> Result<usize, ImportError>;

/// The files in dependency order.
const FILES: [(&str, Importer); 11] = [
    ("afdelinger.csv", |c, b| {
        super::departments(c, b).map(|s| s.len())
    }),
    ("personer.csv", |c, b| super::people(c, b).map(|s| s.len())),
    ("konti.csv", super::accounts),
    ("strategier.csv", super::strategies),
    ("indsatsomraader.csv", super::focus_areas),
    ("kvartaler.csv", super::quarters),
    ("projekter.csv", |c, b| {
        super::projects(c, b).map(|s| s.len())
    }),
    ("status.csv", |c, b| {
        super::status(c, b, true, None).map(|s| s.len())
    }),
    ("baselines.csv", super::baselines),
    ("milepaele.csv", super::milestones),
    ("systemer.csv", super::systems),
];

/// Load the seed when the database holds no portfolio yet. Returns whether it loaded.
pub fn load_if_empty(db: &Db, dir: &Path) -> Result<bool, String> {
    let empty = db
        .run_blocking(|c| {
            Ok(crate::db::projects::count(c)? == 0 && crate::db::departments::list(c)?.is_empty())
        })
        .map_err(|e| format!("cannot read the database: {e}"))?;
    if !empty {
        return Ok(false);
    }
    let files: Vec<(String, Vec<u8>, Importer)> = FILES
        .iter()
        .map(|(name, importer)| {
            let path = dir.join(name);
            std::fs::read(&path)
                .map(|bytes| (path.display().to_string(), bytes, *importer))
                .map_err(|e| format!("cannot read seed file {}: {e}", path.display()))
        })
        .collect::<Result<_, _>>()?;
    let mut failure = None;
    let result = db.run_blocking(|c| {
        write_transaction(c, |c| {
            for (path, bytes, importer) in &files {
                if let Err(e) = importer(c, bytes) {
                    failure = Some(describe(path, e));
                    return Err(AppError::bad_request("seed failed"));
                }
            }
            Ok(())
        })
    });
    match (result, failure) {
        (Ok(()), _) => Ok(true),
        (Err(_), Some(message)) => Err(message),
        (Err(e), None) => Err(format!("cannot load the seed data: {e}")),
    }
}

fn describe(path: &str, e: ImportError) -> String {
    match e {
        ImportError::Rows(errors) => errors
            .iter()
            .map(|l| format!("{path} {l}"))
            .collect::<Vec<_>>()
            .join("; "),
        ImportError::Failed(e) => format!("{path}: {e}"),
    }
}
