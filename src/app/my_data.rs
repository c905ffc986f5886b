//! A person's own data (GDPR article 15): everything the service holds by or
//! about them, as one document they can download.

use super::audit::AuditEntry;
use super::tokens::TokenView;
use crate::db::{access, audit, people, projects, status, Db, DbConnection};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct MyData {
    pub exported_at: DateTime<Utc>,
    pub person: MyPerson,
    /// Projects the person manages or owns.
    pub projects: Vec<MyProject>,
    /// Every status version the person is recorded as having reported.
    pub status_reports: Vec<MyStatusReport>,
    /// API tokens: what they are called and when, never the secrets.
    pub tokens: Vec<TokenView>,
    /// Signed-in browser sessions that have not ended.
    pub sessions: Vec<MySession>,
    /// Audit entries made by the person or about them (their record, their
    /// sign-ins, failed sign-ins on their e-mail), oldest first.
    pub audit: Vec<AuditEntry>,
}

#[derive(Serialize, ToSchema)]
pub struct MyPerson {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub department_id: Option<i32>,
    pub role: String,
}

#[derive(Serialize, ToSchema)]
pub struct MyProject {
    pub id: i32,
    pub name: String,
    /// "manager", "owner" or both.
    pub roles: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct MyStatusReport {
    pub project_id: i32,
    pub quarter: String,
    pub version: i32,
    /// Colours in the order ressourcer, leverancer, tid, økonomi.
    pub colours: [String; 4],
    pub reported_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct MySession {
    pub started_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
}

/// The signed-in person's own data; anyone signed in may have theirs.
pub async fn export(db: &Db, person_id: i32) -> Result<MyData, AppError> {
    db.run(move |c| collect(c, person_id)).await
}

fn collect(c: &mut DbConnection, person_id: i32) -> Result<MyData, AppError> {
    let person = people::get(c, person_id)?;
    let projects = projects::managed_by(c, person_id)?
        .into_iter()
        .map(|p| MyProject {
            roles: [
                (p.manager_id == Some(person_id)).then(|| "manager".to_string()),
                (p.owner_id == Some(person_id)).then(|| "owner".to_string()),
            ]
            .into_iter()
            .flatten()
            .collect(),
            id: p.id,
            name: p.name,
        })
        .collect();
    let status_reports = status::filed_by(c, person_id)?
        .into_iter()
        .map(|r| MyStatusReport {
            colours: [r.ressourcer, r.leverancer, r.tid, r.okonomi].map(|c| c.as_str().to_string()),
            project_id: r.project_id,
            quarter: r.quarter.to_string(),
            version: r.version,
            reported_at: r.reported_at.and_utc(),
        })
        .collect();
    let tokens = access::tokens(c, Some(person_id))?
        .into_iter()
        .map(TokenView::from)
        .collect();
    let sessions = access::sessions_of(c, person_id)?
        .into_iter()
        .map(|(started, seen)| MySession {
            started_at: started.and_utc(),
            last_seen_at: seen.and_utc(),
        })
        .collect();
    let audit = audit::by_or_about(c, person_id, &person.email)?
        .into_iter()
        .map(AuditEntry::from)
        .collect();
    Ok(MyData {
        exported_at: Utc::now(),
        person: MyPerson {
            id: person.id,
            name: person.name,
            email: person.email,
            department_id: person.department_id,
            role: person.role.as_str().to_string(),
        },
        projects,
        status_reports,
        tokens,
        sessions,
        audit,
    })
}
