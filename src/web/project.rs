//! Projekt: every field, the programme and sub-projects, the status history
//! with all versions, and (for the council) the audit trail as "Historik".

use super::context::{Cell, Ctx, Nav, PageError};
use crate::db::audit::{self, AuditFilter};
use crate::db::status::history;
use crate::db::{departments, focus_areas, people, phases, projects, Db};
use crate::domain::access::{may_report_on, Action};
use crate::domain::danish::{format_date, format_kroner};
use crate::domain::status::Parameter;
use crate::error::AppError;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;

#[derive(Deserialize)]
pub struct Query {
    kvartal: Option<String>,
}

pub struct P {
    id: i32,
    name: String,
}

pub struct HistoryRow {
    quarter: String,
    version: i32,
    latest: bool,
    cells: Vec<Cell>,
    comments: Vec<String>,
    by: String,
    at: String,
}

#[derive(Template)]
#[template(path = "project.html")]
struct ProjectPage<'a> {
    nav: &'a Nav,
    p: P,
    fields: Vec<(&'static str, String)>,
    programme: Option<(i32, String)>,
    children: Vec<(i32, String)>,
    history: Vec<HistoryRow>,
    may_report: bool,
    audit: Option<Vec<(String, String, String, String)>>,
}

fn compact(v: &Value) -> String {
    match v {
        Value::Null => "–".into(),
        Value::String(s) => s.clone(),
        Value::Object(o) if o.contains_key("colour") => {
            crate::domain::status::Colour::parse("c", o["colour"].as_str().unwrap_or(""))
                .map(|c| c.danish().to_string())
                .unwrap_or_default()
        }
        Value::Object(o) if o.contains_key("name") => compact(&o["name"]),
        other => other.to_string(),
    }
}

/// "budget: 450000 → 999000; tid: grøn → rød" from the values before and after.
fn changes(before: &Option<Value>, after: &Option<Value>) -> String {
    let skip = [
        "version",
        "updated_at",
        "created_at",
        "reported_at",
        "is_latest",
        "children",
    ];
    match (before, after) {
        (Some(Value::Object(b)), Some(Value::Object(a))) => a
            .iter()
            .filter(|(k, v)| !skip.contains(&k.as_str()) && b.get(*k) != Some(*v))
            .map(|(k, v)| {
                format!(
                    "{k}: {} → {}",
                    compact(b.get(k).unwrap_or(&Value::Null)),
                    compact(v)
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
        (None, Some(Value::Object(a))) if a.contains_key("tid") => Parameter::ALL
            .iter()
            .map(|p| format!("{}: {}", p.danish(), compact(&a[p.as_str()])))
            .collect::<Vec<_>>()
            .join("; "),
        (None, Some(_)) => "oprettet".into(),
        _ => String::new(),
    }
}

fn action_word(action: &str) -> String {
    match action {
        "create" => "oprettet",
        "update" => "rettet",
        "cancel" => "udgået",
        "complete" => "afsluttet",
        "delete" => "slettet",
        "report" => "status indrapporteret",
        other => other,
    }
    .to_string()
}

pub async fn page(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
    query: web::Query<Query>,
) -> Result<HttpResponse, PageError> {
    let ctx = Ctx::load(&req, &db, query.kvartal.as_deref(), "portefoelje").await?;
    let id = id.into_inner();
    let with_audit = ctx.allows(Action::ReadAudit);
    let (row, children, programme, rows, deps, phs, areas, persons, trail) = db
        .run(move |c| {
            let row = projects::get(c, id)?;
            let children = projects::children(c, id)?;
            let programme = match row.parent_id {
                Some(p) => projects::names(c, &[p])?.into_iter().next(),
                None => None,
            };
            let rows = history(c, id)?;
            let trail = if with_audit {
                let mut entries = audit::list(
                    c,
                    &AuditFilter {
                        entity: Some("project".into()),
                        entity_id: Some(id.to_string()),
                        ..Default::default()
                    },
                    200,
                    0,
                )?
                .0;
                entries.extend(
                    audit::list(
                        c,
                        &AuditFilter {
                            entity: Some("status".into()),
                            entity_id_prefix: Some(format!("{id}/")),
                            ..Default::default()
                        },
                        200,
                        0,
                    )?
                    .0,
                );
                entries.sort_by_key(|e| std::cmp::Reverse(e.id));
                Some(entries)
            } else {
                None
            };
            Ok((
                row,
                children,
                programme,
                rows,
                departments::list(c)?,
                phases::list(c)?,
                focus_areas::list(c)?,
                people::list(c)?,
                trail,
            ))
        })
        .await?;
    let person: HashMap<i32, String> = persons.into_iter().map(|p| (p.id, p.name)).collect();
    let name_of = |id: Option<i32>| {
        id.and_then(|i| person.get(&i).cloned())
            .unwrap_or_else(|| "–".into())
    };
    let (kind, state) = (row.kind, row.state);
    let date = |d: Option<chrono::NaiveDate>| d.map(format_date).unwrap_or_else(|| "–".into());
    let mut fields = vec![
        (
            "Beskrivelse",
            if row.description.is_empty() {
                "–".into()
            } else {
                row.description.clone()
            },
        ),
        (
            "Journalnummer",
            row.case_number.clone().unwrap_or_else(|| "–".into()),
        ),
        (
            "Afdeling",
            deps.iter()
                .find(|d| d.id == row.department_id)
                .map(|d| d.name.clone())
                .unwrap_or_default(),
        ),
        ("Projektleder", name_of(row.manager_id)),
        ("Projektejer", name_of(row.owner_id)),
        (
            "Fase",
            phs.iter()
                .find(|p| p.id == row.phase_id)
                .map(|p| p.name.clone())
                .unwrap_or_default(),
        ),
        ("Type", kind.danish().into()),
        (
            "Skal-projekt",
            if row.must_do { "ja" } else { "nej" }.into(),
        ),
        (
            "Indsatsområde",
            row.focus_area_id
                .and_then(|f| areas.iter().find(|a| a.id == f))
                .map(|a| a.name.clone())
                .unwrap_or_else(|| "–".into()),
        ),
        ("Startdato", date(row.start_date)),
        ("Planlagt slut", date(row.planned_end)),
        ("Budget", format_kroner(row.budget)),
        ("Forbrug", format_kroner(row.spent)),
        (
            "Afledte driftsudgifter pr. år",
            format_kroner(row.operating_cost),
        ),
        (
            "Forventede gevinster",
            if row.expected_benefits.is_empty() {
                "–".into()
            } else {
                row.expected_benefits.clone()
            },
        ),
        ("Tilstand", state.danish().into()),
    ];
    if let Some(reason) = &row.cancel_reason {
        fields.push(("Begrundelse", reason.clone()));
    }
    if let Some(ended) = row.ended_on {
        fields.push(("Afsluttet", format_date(ended)));
    }
    let history = rows
        .into_iter()
        .map(|h| {
            let mut cells = vec![];
            let mut comments = vec![];
            for p in Parameter::ALL {
                let (colour, comment) = h.colour(p);
                cells.push(Cell::of(Some(colour)));
                if !comment.is_empty() {
                    comments.push(format!("{}: {comment}", p.danish()));
                }
            }
            if !h.comment.is_empty() {
                comments.push(h.comment.clone());
            }
            Ok(HistoryRow {
                quarter: h.quarter.clone(),
                version: h.version,
                latest: h.is_latest,
                cells,
                comments,
                by: name_of(h.reported_by),
                at: h.reported_at.format("%d-%m-%Y %H:%M").to_string(),
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let audit = trail.map(|entries| {
        entries
            .into_iter()
            .map(|e| {
                let parse =
                    |v: &Option<String>| v.as_deref().and_then(|s| serde_json::from_str(s).ok());
                let what = changes(&parse(&e.before_value), &parse(&e.after_value));
                let action = if e.entity == "status" {
                    format!(
                        "{} ({})",
                        action_word(&e.action),
                        e.entity_id.split('/').nth(1).unwrap_or("")
                    )
                } else {
                    action_word(&e.action)
                };
                (
                    e.at.format("%d-%m-%Y %H:%M").to_string(),
                    e.actor,
                    action,
                    what,
                )
            })
            .collect()
    });
    let page = ProjectPage {
        nav: &ctx.nav,
        may_report: may_report_on(
            ctx.account.role,
            ctx.account.person_id,
            row.manager_id,
            row.owner_id,
        ),
        p: P {
            id: row.id,
            name: row.name,
        },
        fields,
        programme,
        children,
        history,
        audit,
    };
    ctx.render(&req, StatusCode::OK, page)
}
