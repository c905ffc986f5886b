//! The audit trail: who changed what, when, and the values before and after.
//! Written in the same transaction as the change; never updated or deleted
//! (the database refuses it too).

use super::schema::audit_log;
use super::{now, DbConnection, MultiBackend};
use crate::error::AppError;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

/// Who did it, from where.
#[derive(Debug, Clone)]
pub struct Actor {
    pub person_id: Option<i32>,
    pub label: String,
    pub address: Option<String>,
}

/// A value as the audit trail keeps it.
pub fn json(value: &impl Serialize) -> Option<String> {
    serde_json::to_string(value).ok()
}

pub fn record(
    conn: &mut DbConnection,
    actor: &Actor,
    action: &str,
    entity: &str,
    entity_id: impl ToString,
    before: Option<String>,
    after: Option<String>,
) -> Result<(), AppError> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::at.eq(now()),
            audit_log::person_id.eq(actor.person_id),
            audit_log::actor.eq(&actor.label),
            audit_log::action.eq(action),
            audit_log::entity.eq(entity),
            audit_log::entity_id.eq(entity_id.to_string()),
            audit_log::before_value.eq(before),
            audit_log::after_value.eq(after),
            audit_log::address.eq(actor.address.as_deref()),
        ))
        .execute(conn)?;
    Ok(())
}

/// One audit record for `record_many`.
pub struct Entry {
    pub action: &'static str,
    pub entity: &'static str,
    pub entity_id: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Many records by one actor at one moment (an import), a few hundred to a
/// statement rather than one round trip each.
pub fn record_many(
    conn: &mut DbConnection,
    actor: &Actor,
    entries: &[Entry],
) -> Result<(), AppError> {
    let at = now();
    // Nine parameters a row stays below both backends' limits on parameters.
    for chunk in entries.chunks(500) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|e| {
                (
                    audit_log::at.eq(at),
                    audit_log::person_id.eq(actor.person_id),
                    audit_log::actor.eq(&actor.label),
                    audit_log::action.eq(e.action),
                    audit_log::entity.eq(e.entity),
                    audit_log::entity_id.eq(&e.entity_id),
                    audit_log::before_value.eq(e.before.as_deref()),
                    audit_log::after_value.eq(e.after.as_deref()),
                    audit_log::address.eq(actor.address.as_deref()),
                )
            })
            .collect();
        let insert = diesel::insert_into(audit_log::table).values(&rows);
        // The MultiConnection enum does not take multi-row inserts; its members do.
        match conn {
            DbConnection::Sqlite(c) => insert.execute(c)?,
            DbConnection::Postgres(c) => insert.execute(c)?,
        };
    }
    Ok(())
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    pub id: i32,
    pub at: NaiveDateTime,
    pub person_id: Option<i32>,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before_value: Option<String>,
    pub after_value: Option<String>,
    pub address: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    /// Entity ids that start with this, e.g. "7/" for all status reports of project 7.
    pub entity_id_prefix: Option<String>,
    pub person_id: Option<i32>,
    pub from: Option<NaiveDateTime>,
    pub to: Option<NaiveDateTime>,
}

fn filtered(f: &AuditFilter) -> audit_log::BoxedQuery<'_, MultiBackend> {
    let mut q = audit_log::table.into_boxed();
    if let Some(v) = &f.entity {
        q = q.filter(audit_log::entity.eq(v));
    }
    if let Some(v) = &f.entity_id {
        q = q.filter(audit_log::entity_id.eq(v));
    }
    if let Some(v) = &f.entity_id_prefix {
        let escaped: String = v
            .chars()
            .flat_map(|c| match c {
                '%' | '_' | '\\' => vec!['\\', c],
                c => vec![c],
            })
            .collect();
        q = q.filter(
            audit_log::entity_id
                .like(format!("{escaped}%"))
                .escape('\\'),
        );
    }
    if let Some(v) = f.person_id {
        q = q.filter(audit_log::person_id.eq(v));
    }
    if let Some(v) = f.from {
        q = q.filter(audit_log::at.ge(v));
    }
    if let Some(v) = f.to {
        q = q.filter(audit_log::at.lt(v));
    }
    q
}

/// Newest first.
pub fn list(
    conn: &mut DbConnection,
    f: &AuditFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<AuditRow>, i64), AppError> {
    let total = filtered(f).count().get_result(conn)?;
    let rows = filtered(f)
        .order(audit_log::id.desc())
        .limit(limit)
        .offset(offset)
        .select(AuditRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// Entries made by a person or about them: their own record, their
/// sign-ins, and attempts to sign in with their e-mail. Oldest first.
pub fn by_or_about(
    conn: &mut DbConnection,
    person_id: i32,
    email: &str,
) -> Result<Vec<AuditRow>, AppError> {
    Ok(audit_log::table
        .filter(
            audit_log::person_id
                .eq(person_id)
                .or(audit_log::entity
                    .eq_any(["person", "session"])
                    .and(audit_log::entity_id.eq(person_id.to_string())))
                .or(audit_log::actor.eq(email)),
        )
        .order(audit_log::id)
        .select(AuditRow::as_select())
        .load(conn)?)
}
