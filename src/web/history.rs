//! Historik (`/administration/historik`): the audit trail for the council
//! and the administrator, filtered by kind, person and period, a page at a
//! time, with names instead of e-mails, through `app::audit::search`.

use super::context::PageError;
use super::filters;
use super::session::{acting_of, csrf_token, html, session_account};
use super::trail::{action_told, changes, entity_label, ENTITIES};
use crate::app::audit::{self, AuditEntry, AuditSearch};
use crate::db::{people, Db, DbConnection};
use crate::domain::access::{allows, Action};
use crate::domain::danish::parse_date;
use crate::error::AppError;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::NaiveDateTime;
use serde::Deserialize;
use std::collections::HashMap;

const PAGE: i64 = 50;

#[derive(Deserialize, Default)]
pub struct Query {
    #[serde(default, rename = "type")]
    type_: Option<String>,
    #[serde(default)]
    person: Option<String>,
    #[serde(default)]
    fra: Option<String>,
    #[serde(default)]
    til: Option<String>,
    #[serde(default)]
    side: Option<String>,
}

/// One choice of a filter, selected or not.
pub struct Choice {
    value: String,
    label: String,
    selected: bool,
}

/// One line of the trail as the table shows it.
pub struct Line {
    at: NaiveDateTime,
    who: String,
    action: String,
    what: String,
    changed: String,
}

#[derive(Template)]
#[template(path = "history.html")]
struct HistoryPage {
    name: String,
    csrf: String,
    kinds: Vec<Choice>,
    people: Vec<Choice>,
    from: String,
    to: String,
    lines: Vec<Line>,
    total: i64,
    page: i64,
    pages: i64,
    /// The query string of the filters, for the page links.
    filters: String,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A day typed as dd-mm-åååå; refused in Danish when it is not one.
fn day(field: &str, v: &Option<String>) -> Result<Option<chrono::NaiveDate>, AppError> {
    given(v)
        .map(|d| {
            parse_date(d).ok_or_else(|| {
                AppError::invalid(field, crate::domain::Problem::InvalidDate, "not a date")
            })
        })
        .transpose()
}

/// The search the filters ask for, and which page.
fn search_of(q: &Query) -> Result<(AuditSearch, i64), AppError> {
    let page = given(&q.side)
        .and_then(|s| s.parse().ok())
        .filter(|p| *p >= 1);
    let page: i64 = page.unwrap_or(1);
    let search = AuditSearch {
        entity: given(&q.type_).map(str::to_string),
        person_id: given(&q.person).and_then(|p| p.parse().ok()),
        from: day("fra", &q.fra)?,
        to: day("til", &q.til)?,
        limit: Some(PAGE),
        offset: Some((page - 1) * PAGE),
        ..Default::default()
    };
    Ok((search, page))
}

fn line(e: AuditEntry, names: &HashMap<i32, String>) -> Line {
    let who = e.person_id.and_then(|p| names.get(&p).cloned());
    Line {
        at: e.at.naive_utc(),
        who: who.unwrap_or(e.actor),
        action: action_told(&e.action, &e.entity, &e.entity_id),
        what: format!("{} {}", entity_label(&e.entity), e.entity_id),
        changed: changes(&e.before, &e.after),
    }
}

/// The trail's page and everybody's names.
fn load(
    c: &mut DbConnection,
    who: &crate::app::Acting,
    search: AuditSearch,
) -> Result<(audit::AuditPage, Vec<people::PersonRow>), AppError> {
    Ok((audit::search(c, who, search)?, people::list(c)?))
}

fn choices(pairs: impl Iterator<Item = (String, String)>, chosen: Option<&str>) -> Vec<Choice> {
    pairs
        .map(|(value, label)| Choice {
            selected: Some(value.as_str()) == chosen,
            value,
            label,
        })
        .collect()
}

pub async fn page(
    req: HttpRequest,
    db: web::Data<Db>,
    query: web::Query<Query>,
) -> Result<HttpResponse, PageError> {
    let account = session_account(&req, &db).await?.ok_or(PageError::SignIn)?;
    if !allows(account.role, Action::ReadAudit) {
        return Err(AppError::Forbidden("the audit trail".into()).into());
    }
    let (search, page) = search_of(&query)?;
    let who = acting_of(&req, &account);
    let (found, everyone) = db.run(move |c| load(c, &who, search)).await?;
    let view = HistoryPage::new(
        account.name,
        csrf_token(&req).0,
        &query,
        page,
        found,
        everyone,
    );
    Ok(html(StatusCode::OK, view.render())?)
}

impl HistoryPage {
    fn new(
        name: String,
        csrf: String,
        q: &Query,
        page: i64,
        found: audit::AuditPage,
        everyone: Vec<people::PersonRow>,
    ) -> Self {
        let names: HashMap<i32, String> = everyone.iter().map(|p| (p.id, p.name.clone())).collect();
        let kinds = ENTITIES.iter().map(|(k, l)| (k.to_string(), l.to_string()));
        let people = everyone.into_iter().map(|p| (p.id.to_string(), p.name));
        let kept = |k: &str, v: &Option<String>| {
            given(v).map(|v| format!("&{k}={}", super::context::url_encode(v)))
        };
        let filters: String = [
            kept("type", &q.type_),
            kept("person", &q.person),
            kept("fra", &q.fra),
            kept("til", &q.til),
        ]
        .into_iter()
        .flatten()
        .collect();
        Self {
            name,
            csrf,
            kinds: choices(kinds, given(&q.type_)),
            people: choices(people, given(&q.person)),
            from: given(&q.fra).map(str::to_string).unwrap_or_default(),
            to: given(&q.til).map(str::to_string).unwrap_or_default(),
            total: found.total,
            pages: ((found.total + PAGE - 1) / PAGE).max(1),
            lines: found.items.into_iter().map(|e| line(e, &names)).collect(),
            page,
            filters,
        }
    }
}
