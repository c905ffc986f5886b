//! The audit records every use case writes: a creation with what was made,
//! a change with the values before and after; and the trail read back.

use super::{require, Acting};
use crate::db::audit::{self, json, Actor, AuditFilter, AuditRow};
use crate::db::{write_transaction, DbConnection};
use crate::domain::access::Action;
use crate::domain::paging::page;
use crate::error::AppError;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

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

/// Create something with its audit record in one write transaction: `create`
/// gives the new id and the entity's view, which the record keeps.
pub(super) fn created<V: Serialize>(
    c: &mut DbConnection,
    who: &Acting,
    entity: &str,
    create: impl FnOnce(&mut DbConnection) -> Result<(i32, V), AppError>,
) -> Result<V, AppError> {
    write_transaction(c, |c| {
        let (id, view) = create(c)?;
        audit_create(c, &who.actor, entity, id, &view)?;
        Ok(view)
    })
}

/// Update something in one write transaction, recorded with its view
/// before (`read`) and after (`update`).
pub(super) fn updated<V: Serialize>(
    c: &mut DbConnection,
    who: &Acting,
    entity: &str,
    id: i32,
    read: impl FnOnce(&mut DbConnection) -> Result<V, AppError>,
    update: impl FnOnce(&mut DbConnection) -> Result<V, AppError>,
) -> Result<V, AppError> {
    write_transaction(c, |c| {
        let before = read(c)?;
        let after = update(c)?;
        audit_change(c, &who.actor, "update", entity, id, &before, &after)?;
        Ok(after)
    })
}

/// An audit record as it is read back (the API's trail, a person's own data).
#[derive(Serialize, ToSchema)]
pub struct AuditEntry {
    pub id: i32,
    pub at: DateTime<Utc>,
    pub person_id: Option<i32>,
    /// The e-mail of who did it (or tried to sign in as).
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    /// The values before the change, as JSON.
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub address: Option<String>,
}

impl From<AuditRow> for AuditEntry {
    fn from(r: AuditRow) -> Self {
        let parse = |v: Option<String>| v.and_then(|s| serde_json::from_str(&s).ok());
        Self {
            id: r.id,
            at: r.at.and_utc(),
            person_id: r.person_id,
            actor: r.actor,
            action: r.action,
            entity: r.entity,
            entity_id: r.entity_id,
            before: parse(r.before_value),
            after: parse(r.after_value),
            address: r.address,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditEntry>,
    pub total: i64,
}

/// Which records to read: every condition given must hold.
#[derive(Default)]
pub struct AuditSearch {
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    /// Who made the change.
    pub person_id: Option<i32>,
    /// From this day (inclusive).
    pub from: Option<NaiveDate>,
    /// To this day (inclusive).
    pub to: Option<NaiveDate>,
    /// 1–500 (default 100).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// Search the trail (administrators and the council).
pub fn search(c: &mut DbConnection, who: &Acting, q: AuditSearch) -> Result<AuditPage, AppError> {
    require(who.role, Action::ReadAudit)?;
    let (limit, offset) = page(q.limit, q.offset, 100)?;
    // SQLite compares timestamps as text, where "10000-01-01" sorts before
    // "2022-…": a bound past year 9999 is no bound (to) or matches nothing (from).
    let in_range = |d: &NaiveDate| d.year() <= 9999;
    if q.from.is_some_and(|d| !in_range(&d)) {
        return Ok(AuditPage {
            items: vec![],
            total: 0,
        });
    }
    let filter = AuditFilter {
        entity: q.entity,
        entity_id: q.entity_id,
        entity_id_prefix: None,
        person_id: q.person_id,
        from: q.from.and_then(|d| d.and_hms_opt(0, 0, 0)),
        to: q
            .to
            .and_then(|d| d.succ_opt())
            .filter(in_range)
            .and_then(|d| d.and_hms_opt(0, 0, 0)),
    };
    let (rows, total) = audit::list(c, &filter, limit, offset)?;
    Ok(AuditPage {
        items: rows.into_iter().map(AuditEntry::from).collect(),
        total,
    })
}
