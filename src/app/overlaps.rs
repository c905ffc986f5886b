//! The duplicate-functionality check: the systems in the register and the
//! projects of other departments that do the same as what a proposal names.

use crate::db::{departments, process, projects, systems, DbConnection};
use crate::domain::overlap::{find, Candidate, Query};
use crate::domain::process::SystemLine;
use crate::error::AppError;
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

/// Where a finding comes from.
#[derive(Serialize, ToSchema, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "snake_case")]
pub enum FindingSource {
    /// A system in the register.
    System,
    /// Another department's project or proposal.
    Project,
}

/// A system or project that may do the same as the proposal.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct Finding {
    pub source: FindingSource,
    /// The system's or project's id.
    pub id: i32,
    pub name: String,
    /// The owning department, when known.
    pub department: Option<String>,
    /// What matched, e.g. «vagtplan» ~ «KMD OPUS Vagtplan».
    pub matched: String,
    /// How alike, 0–1.
    pub score: f64,
}

/// Something to match against, with what it is.
struct Known {
    source: FindingSource,
    id: i32,
    name: String,
    department: Option<String>,
    functions: Vec<String>,
    /// Words of the name that say nothing about function (the supplier).
    noise: String,
}

/// The findings for a proposal naming `named` (and its own name), among the
/// register's systems and the projects of other departments.
pub fn findings(
    c: &mut DbConnection,
    id: i32,
    named: &[SystemLine],
) -> Result<Vec<Finding>, AppError> {
    let own = projects::get(c, id)?;
    let mut names: Vec<String> = named.iter().map(|s| s.name.clone()).collect();
    names.push(own.name.clone());
    let functions: Vec<String> = named.iter().flat_map(|s| s.functions.clone()).collect();
    let known = known(c, id, own.department_id)?;
    let query = Query {
        names: &names,
        functions: &functions,
    };
    let candidates = known.iter().enumerate().map(|(i, k)| {
        let candidate = Candidate {
            name: &k.name,
            functions: &k.functions,
            noise: &k.noise,
        };
        (i, candidate)
    });
    Ok(find(&query, candidates)
        .into_iter()
        .map(|(i, m)| {
            let k = &known[i];
            Finding {
                source: k.source,
                id: k.id,
                name: k.name.clone(),
                department: k.department.clone(),
                matched: m.reason,
                score: (m.score * 100.0).round() / 100.0,
            }
        })
        .collect())
}

/// The register's systems not owned by this department, and the other
/// departments' projects that are not cancelled, with the systems they name.
fn known(c: &mut DbConnection, id: i32, department: i32) -> Result<Vec<Known>, AppError> {
    let names: HashMap<i32, String> = departments::list(c)?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let mut known: Vec<Known> = systems::all(c)?
        .into_iter()
        .filter(|s| s.department_id != Some(department))
        .map(|s| Known {
            source: FindingSource::System,
            id: s.id,
            department: s.department_id.and_then(|d| names.get(&d).cloned()),
            functions: s.functions(),
            name: s.name,
            noise: s.supplier,
        })
        .collect();
    let mut named: HashMap<i32, Vec<String>> = HashMap::new();
    for (project, line) in process::all_systems(c)? {
        let words = named.entry(project).or_default();
        words.push(line.name);
        words.extend(line.functions);
    }
    let others = process::project_names(c)?
        .into_iter()
        .filter(|(p, _, d, state)| *p != id && *d != department && state != "cancelled");
    known.extend(others.map(|(p, name, d, _)| Known {
        source: FindingSource::Project,
        id: p,
        name,
        department: names.get(&d).cloned(),
        functions: named.remove(&p).unwrap_or_default(),
        noise: String::new(),
    }));
    Ok(known)
}
