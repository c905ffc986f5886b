//! Historik on the project page: the audit trail of a project and its status
//! reports, newest first, each change told in Danish.

use crate::db::audit::{self, AuditFilter, AuditRow};
use crate::db::DbConnection;
use crate::domain::danish::{format_date, format_kroner};
use crate::domain::project::{Kind, Lifecycle};
use crate::domain::quarter::Quarter;
use crate::domain::status::{Colour, Parameter};
use crate::error::AppError;
use chrono::NaiveDateTime;
use serde_json::Value;

/// How many records of each kind (project, status) the page shows.
const LIMIT: i64 = 200;

/// One line of Historik.
pub struct TrailEntry {
    pub at: NaiveDateTime,
    pub actor: String,
    pub action: String,
    pub changed: String,
}

/// The changes to project `id` and to its status reports, newest first.
pub fn of_project(c: &mut DbConnection, id: i32) -> Result<Vec<TrailEntry>, AppError> {
    let project = AuditFilter {
        entity: Some("project".into()),
        entity_id: Some(id.to_string()),
        ..Default::default()
    };
    let status = AuditFilter {
        entity: Some("status".into()),
        entity_id_prefix: Some(format!("{id}/")),
        ..Default::default()
    };
    let mut rows = audit::list(c, &project, LIMIT, 0)?.0;
    rows.extend(audit::list(c, &status, LIMIT, 0)?.0);
    rows.sort_by_key(|e| std::cmp::Reverse(e.id));
    Ok(rows.into_iter().map(entry).collect())
}

fn entry(e: AuditRow) -> TrailEntry {
    let parse = |v: &Option<String>| v.as_deref().and_then(|s| serde_json::from_str(s).ok());
    TrailEntry {
        at: e.at,
        action: action_told(&e.action, &e.entity, &e.entity_id),
        changed: changes(&parse(&e.before_value), &parse(&e.after_value)),
        actor: e.actor,
    }
}

/// What was done, in Danish; a status report names its quarter.
pub fn action_told(action: &str, entity: &str, entity_id: &str) -> String {
    if entity == "status" {
        // A status report's id is "project/quarter".
        let code = entity_id.split('/').nth(1).unwrap_or("");
        let quarter = code.parse::<Quarter>().map(Quarter::danish);
        format!(
            "{} ({})",
            action_word(action),
            quarter.unwrap_or(code.into())
        )
    } else {
        action_word(action).to_string()
    }
}

/// The kinds of records the trail keeps, as the audit search names them, in Danish.
pub const ENTITIES: [(&str, &str); 12] = [
    ("project", "Projekter"),
    ("status", "Statusrapporter"),
    ("decision", "Chefforums beslutninger"),
    ("quarter", "Kvartaler"),
    ("person", "Personer"),
    ("department", "Afdelinger"),
    ("phase", "Faser"),
    ("strategy", "Strategier"),
    ("focus_area", "Indsatsområder"),
    ("token", "API-nøgler"),
    ("session", "Log ind"),
    ("import", "Importer"),
];

/// An entity's Danish name, for the Historik table.
pub fn entity_label(entity: &str) -> &str {
    ENTITIES
        .iter()
        .find(|(key, _)| *key == entity)
        .map(|(_, label)| *label)
        .unwrap_or(entity)
}

/// The Danish label of a field of the trail's records.
fn label(key: &str) -> &str {
    match key {
        "name" => "Projektnavn",
        "description" => "Beskrivelse",
        "case_number" => "Journalnummer",
        "department" => "Afdeling",
        "manager" => "Projektleder",
        "owner" => "Projektejer",
        "phase" => "Fase",
        "kind" => "Type",
        "must_do" => "Skal-projekt",
        "focus_area" => "Indsatsområde",
        "parent" => "Program",
        "start_date" => "Startdato",
        "planned_end" => "Planlagt slut",
        "budget" => "Budget",
        "spent" => "Forbrug",
        "operating_cost" => "Afledte driftsudgifter",
        "expected_benefits" => "Forventede gevinster",
        "state" => "Tilstand",
        "cancel_reason" => "Begrundelse",
        "ended_on" => "Afsluttet",
        "comment" => "Samlet kommentar",
        "reported_by" => "Indrapporteret af",
        other => Parameter::parse("field", other)
            .map(super::messages::parameter_label)
            .unwrap_or(other),
    }
}

/// A field's value as Danes read it: kroner, dates, the Danish words.
fn value(key: &str, v: &Value) -> String {
    let text = v.as_str().unwrap_or_default();
    match (key, v) {
        ("budget" | "spent" | "operating_cost", Value::Number(n)) => n
            .as_i64()
            .map(format_kroner)
            .unwrap_or_else(|| n.to_string()),
        ("start_date" | "planned_end" | "ended_on", Value::String(s)) => {
            s.parse().map(format_date).unwrap_or_else(|_| s.clone())
        }
        ("state", Value::String(_)) => Lifecycle::parse("state", text)
            .map(|s| s.danish().to_string())
            .unwrap_or_else(|_| text.into()),
        ("kind", Value::String(_)) => Kind::parse("kind", text)
            .map(|k| k.danish().to_string())
            .unwrap_or_else(|_| text.into()),
        (_, Value::Bool(b)) => if *b { "ja" } else { "nej" }.into(),
        _ => compact(v),
    }
}

/// A value as one short text: a colour's Danish word, a reference's name.
fn compact(v: &Value) -> String {
    match v {
        Value::Null => "–".into(),
        Value::String(s) => s.clone(),
        Value::Object(o) if o.contains_key("colour") => {
            Colour::parse("c", o["colour"].as_str().unwrap_or(""))
                .map(|c| c.danish().to_string())
                .unwrap_or_default()
        }
        Value::Object(o) if o.contains_key("name") => compact(&o["name"]),
        other => other.to_string(),
    }
}

/// Bookkeeping fields that change with every write and say nothing.
const UNTOLD: [&str; 6] = [
    "version",
    "updated_at",
    "created_at",
    "reported_at",
    "is_latest",
    "children",
];

/// "budget: 450000 → 999000; tid: grøn → rød" from the values before and after.
pub fn changes(before: &Option<Value>, after: &Option<Value>) -> String {
    match (before, after) {
        (Some(Value::Object(b)), Some(Value::Object(a))) => a
            .iter()
            .filter(|(k, v)| !UNTOLD.contains(&k.as_str()) && b.get(*k) != Some(*v))
            .map(|(k, v)| {
                let was = value(k, b.get(k).unwrap_or(&Value::Null));
                format!("{}: {was} → {}", label(k), value(k, v))
            })
            .collect::<Vec<_>>()
            .join("; "),
        // A new status report: its four colours.
        (None, Some(Value::Object(a))) if a.contains_key("tid") => Parameter::ALL
            .iter()
            .map(|p| {
                format!(
                    "{}: {}",
                    super::messages::parameter_label(*p),
                    compact(&a[p.as_str()])
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
        (None, Some(_)) => "oprettet".into(),
        _ => String::new(),
    }
}

fn action_word(action: &str) -> &str {
    match action {
        "create" => "oprettet",
        "update" => "rettet",
        "cancel" => "udgået",
        "complete" => "afsluttet",
        "delete" => "slettet",
        "report" => "status indrapporteret",
        "decide" => "besluttet",
        "revoke" => "tilbagekaldt",
        "import" => "importeret",
        "sign in" => "logget ind",
        "failed sign-in" => "forkert adgangskode",
        "role change" => "rolle ændret",
        "password change" => "adgangskode skiftet",
        _ => "ændret",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_change_names_what_changed_and_skips_bookkeeping() {
        let before = Some(json!({"budget": 450000, "version": 1, "tid": {"colour": "green"}}));
        let after = Some(json!({"budget": 999000, "version": 2, "tid": {"colour": "red"}}));
        assert_eq!(
            changes(&before, &after),
            "Budget: 450.000 kr. → 999.000 kr.; Tid: grøn → rød"
        );
        assert_eq!(changes(&None, &Some(json!({"name": "X"}))), "oprettet");
        let before = Some(json!({"state": "active", "ended_on": null, "must_do": false}));
        let after = Some(json!({"state": "completed", "ended_on": "2022-06-30", "must_do": true}));
        assert_eq!(
            changes(&before, &after),
            "Afsluttet: – → 30-06-2022; Skal-projekt: nej → ja; Tilstand: igangværende → afsluttet"
        );
    }
}
