//! Beslutninger and Systemer: the register of every decision on a project,
//! with filters, and the register of systems in use, which the council keeps;
//! through `app::register`.

use super::context::{Ctx, Nav, PageError};
use super::filters;
use super::form::{self, Errors, FormState, Submitted};
use super::messages::{danish, Subject};
use super::session::redirect;
use crate::app::register::{self as use_case, ProjectDecision, SystemEntry, SystemInput};
use crate::db::departments::{self, DepartmentRow};
use crate::db::process::DecisionFilter;
use crate::db::Db;
use crate::domain::access::Action;
use crate::domain::danish::parse_date;
use crate::domain::process::{Body, DecisionKind};
use crate::domain::Problem;
use crate::error::AppError;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use std::collections::HashMap;

/// One option of a filter's select.
pub struct Choice {
    value: String,
    label: String,
    selected: bool,
}

fn choices(all: impl IntoIterator<Item = (String, String)>, chosen: &str) -> Vec<Choice> {
    std::iter::once((String::new(), "Alle".to_string()))
        .chain(all)
        .map(|(value, label)| Choice {
            selected: value == chosen,
            value,
            label,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "decisions.html")]
struct DecisionsPage<'a> {
    nav: &'a Nav,
    decisions: Vec<ProjectDecision>,
    bodies: Vec<Choice>,
    kinds: Vec<Choice>,
    departments: Vec<Choice>,
    from: String,
    to: String,
    /// Dates in the filter that could not be read.
    errors: Errors,
}

impl DecisionsPage<'_> {
    fn error(&self, key: &str) -> Option<String> {
        self.errors
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, m)| m.clone())
    }

    /// The date inputs: (key, label, what was typed).
    fn dates(&self) -> [(&'static str, &'static str, &str); 2] {
        [
            ("fra", "Fra (dd-mm-åååå)", &self.from),
            ("til", "Til (dd-mm-åååå)", &self.to),
        ]
    }

    fn body(&self, d: &ProjectDecision) -> &'static str {
        Body::from(d.body).danish()
    }

    fn kind(&self, d: &ProjectDecision) -> &'static str {
        DecisionKind::from(d.kind).danish()
    }
}

/// The filters as chosen (a choice from a list that is not on it is
/// ignored), and a problem for each date that cannot be read.
fn filter_of(q: &HashMap<String, String>) -> (DecisionFilter, Errors) {
    let get = |k: &str| q.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    let mut errors = Errors::new();
    let mut day = |key: &str| {
        let value = get(key)?;
        let day = parse_date(value);
        if day.is_none() {
            errors.push((key.to_string(), danish(key, Problem::InvalidDate)));
        }
        day
    };
    let (from, to) = (day("fra"), day("til"));
    let filter = DecisionFilter {
        project: get("projekt").and_then(|v| v.parse().ok()),
        body: get("organ").and_then(|v| Body::parse("organ", v).ok()),
        kind: get("slags").and_then(|v| DecisionKind::parse("slags", v).ok()),
        department: get("afdeling").and_then(|v| v.parse().ok()),
        from,
        to,
    };
    (filter, errors)
}

pub async fn decisions(
    req: HttpRequest,
    db: web::Data<Db>,
    query: web::Query<HashMap<String, String>>,
) -> Result<HttpResponse, PageError> {
    let ctx = Ctx::load(&req, &db, None, "beslutninger").await?;
    let q = query.into_inner();
    let (filter, errors) = filter_of(&q);
    let f = filter.clone();
    let (decisions, all_departments) = db
        .run(move |c| Ok::<_, AppError>((use_case::decisions(c, &f)?, departments::list(c)?)))
        .await?;
    let chosen = |k: &str| q.get(k).cloned().unwrap_or_default();
    let page = DecisionsPage {
        nav: &ctx.nav,
        decisions,
        bodies: choices(
            Body::ALL
                .iter()
                .map(|b| (b.as_str().into(), b.danish().into())),
            &chosen("organ"),
        ),
        kinds: choices(
            DecisionKind::ALL
                .iter()
                .map(|k| (k.as_str().into(), k.danish().into())),
            &chosen("slags"),
        ),
        departments: choices(
            all_departments
                .into_iter()
                .map(|d: DepartmentRow| (d.id.to_string(), d.name)),
            &chosen("afdeling"),
        ),
        from: chosen("fra"),
        to: chosen("til"),
        errors,
    };
    let status = match page.errors.is_empty() {
        true => StatusCode::OK,
        false => StatusCode::UNPROCESSABLE_ENTITY,
    };
    ctx.render(&req, status, page)
}

#[derive(Template)]
#[template(path = "systems.html")]
struct SystemsPage<'a> {
    nav: &'a Nav,
    systems: Vec<SystemEntry>,
    departments: Vec<(String, String)>,
    may_edit: bool,
    /// The form sent, its problems and what was typed.
    sent: FormState,
    summary: Errors,
}

impl SystemsPage<'_> {
    fn department(&self, s: &SystemEntry) -> String {
        let id = s.department_id.map(|d| d.to_string()).unwrap_or_default();
        self.departments
            .iter()
            .find(|(value, _)| *value == id)
            .map(|(_, name)| name.clone())
            .unwrap_or_else(|| "Fælles".into())
    }

    /// The text inputs of a system's form: (key, label, stored value).
    fn inputs(&self, s: Option<&SystemEntry>) -> Vec<(&'static str, &'static str, String)> {
        let form = s.map(|s| s.id.to_string()).unwrap_or_else(|| "ny".into());
        let stored = |f: fn(&SystemEntry) -> String| s.map(f).unwrap_or_default();
        [
            ("name", "Navn", stored(|s| s.name.clone())),
            ("supplier", "Leverandør", stored(|s| s.supplier.clone())),
            (
                "functions",
                "Funktioner, adskilt med komma",
                stored(|s| s.functions.join(", ")),
            ),
            (
                "contract_end",
                "Kontraktudløb (dd-mm-åååå)",
                stored(|s| {
                    s.contract_end
                        .map(crate::domain::danish::format_date)
                        .unwrap_or_default()
                }),
            ),
        ]
        .into_iter()
        .map(|(key, label, value)| (key, label, self.sent.value(&form, key, &value)))
        .collect()
    }

    fn chosen_department(&self, s: Option<&SystemEntry>) -> String {
        let form = s.map(|s| s.id.to_string()).unwrap_or_else(|| "ny".into());
        let stored = s.and_then(|s| s.department_id).map(|d| d.to_string());
        self.sent
            .value(&form, "department_id", &stored.unwrap_or_default())
    }
}

async fn show_systems(
    req: &HttpRequest,
    db: &Db,
    (form, status, errors, entered): (String, StatusCode, Errors, Submitted),
) -> Result<HttpResponse, PageError> {
    let ctx = Ctx::load(req, db, None, "systemer").await?;
    let (systems, all_departments) = db
        .run(|c| Ok::<_, AppError>((use_case::systems(c)?, departments::list(c)?)))
        .await?;
    let sent = FormState {
        form,
        errors,
        entered,
    };
    let summary = sent.summary("system-");
    let page = SystemsPage {
        nav: &ctx.nav,
        systems,
        departments: all_departments
            .into_iter()
            .map(|d| (d.id.to_string(), d.name))
            .collect(),
        may_edit: ctx.allows(Action::ManagePortfolio),
        sent,
        summary,
    };
    ctx.render(req, status, page)
}

pub async fn systems(req: HttpRequest, db: web::Data<Db>) -> Result<HttpResponse, PageError> {
    show_systems(
        &req,
        &db,
        (String::new(), StatusCode::OK, vec![], Submitted::new()),
    )
    .await
}

/// The form's strings as a system, or the problems in Danish.
fn parse_system(f: &Submitted) -> Result<SystemInput, Errors> {
    let contract_end = match form::text(f, "contract_end").as_str() {
        "" => None,
        _ => Some(form::date(f, "contract_end")?),
    };
    Ok(SystemInput {
        name: form::text(f, "name"),
        supplier: form::text(f, "supplier"),
        department_id: form::text(f, "department_id").parse().ok(),
        functions: vec![form::text(f, "functions")],
        contract_end,
    })
}

const SYSTEM_FIELDS: [&str; 5] = [
    "name",
    "supplier",
    "functions",
    "contract_end",
    "department_id",
];

/// Add, change or remove a system: `which` is "ny" or the system's id.
async fn change(
    req: &HttpRequest,
    db: &Db,
    which: String,
    submitted: Submitted,
) -> Result<HttpResponse, PageError> {
    let ctx = Ctx::load(req, db, None, "systemer").await?;
    ctx.require(Action::ManagePortfolio)?;
    form::require_csrf(req, &submitted)?;
    let who = ctx.acting();
    let id: Option<i32> = which.parse().ok();
    let result = match (id, form::text(&submitted, "handling").as_str()) {
        (Some(id), "slet") => db.run(move |c| use_case::remove_system(c, &who, id)).await,
        (id, _) => match parse_system(&submitted) {
            Err(errors) => {
                let refused = (which, StatusCode::UNPROCESSABLE_ENTITY, errors, submitted);
                return show_systems(req, db, refused).await;
            }
            Ok(input) => {
                db.run(move |c| match id {
                    Some(id) => use_case::change_system(c, &who, id, input).map(|_| ()),
                    None => use_case::add_system(c, &who, input).map(|_| ()),
                })
                .await
            }
        },
    };
    match result {
        Ok(()) => Ok(redirect("/systemer")),
        Err(e) => {
            let (status, errors) = form::refused_about(Subject::System, e, &SYSTEM_FIELDS)?;
            show_systems(req, db, (which, status, errors, submitted)).await
        }
    }
}

pub async fn add_system(
    req: HttpRequest,
    db: web::Data<Db>,
    submitted: web::Form<Submitted>,
) -> Result<HttpResponse, PageError> {
    change(&req, &db, "ny".into(), submitted.into_inner()).await
}

pub async fn change_system(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
    submitted: web::Form<Submitted>,
) -> Result<HttpResponse, PageError> {
    change(
        &req,
        &db,
        id.into_inner().to_string(),
        submitted.into_inner(),
    )
    .await
}
