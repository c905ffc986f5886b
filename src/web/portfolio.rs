//! Porteføljen: the project list with the API's filters as a GET form, and
//! each project's four parameters for the chosen quarter.

use super::context::{Cell, Ctx, Nav, PageError};
use crate::db::projects::{self, ProjectFilter};
use crate::db::status::latest_for;
use crate::db::{departments, focus_areas, people, phases, Db};
use crate::domain::project::{Kind, Lifecycle};
use crate::domain::status::Parameter;
use crate::domain::Problem;
use crate::error::AppError;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;
use std::collections::HashMap;

const PAGE: i64 = 50;

#[derive(Deserialize, Default, Clone)]
pub struct Query {
    kvartal: Option<String>,
    tekst: Option<String>,
    afdeling: Option<String>,
    fase: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    skal: Option<String>,
    indsatsomraade: Option<String>,
    roed: Option<String>,
    tilstand: Option<String>,
    sortering: Option<String>,
    side: Option<String>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn id(field: &str, v: &Option<String>) -> Result<Option<i32>, AppError> {
    given(v)
        .map(|v| {
            v.parse().map_err(|_| {
                AppError::invalid(
                    field,
                    Problem::UnknownValue,
                    format!("'{v}' er ikke et gyldigt valg"),
                )
            })
        })
        .transpose()
}

type Options = Vec<(String, String, bool)>;

pub struct Filters {
    text: String,
    departments: Options,
    phases: Options,
    kinds: Options,
    must_do: Options,
    focus_areas: Options,
    red: Options,
    states: Options,
    sorts: Options,
}

pub struct Row {
    id: i32,
    name: String,
    department: String,
    phase: String,
    manager: String,
    must_do: bool,
    cells: Vec<Cell>,
}

#[derive(Template)]
#[template(path = "portfolio.html")]
struct Portfolio<'a> {
    nav: &'a Nav,
    f: Filters,
    rows: Vec<Row>,
    total: i64,
    first: i64,
    last: i64,
    previous: Option<String>,
    next: Option<String>,
}

fn options(items: impl IntoIterator<Item = (String, String)>, chosen: Option<&str>) -> Options {
    items
        .into_iter()
        .map(|(v, l)| {
            let s = Some(v.as_str()) == chosen;
            (v, l, s)
        })
        .collect()
}

/// The same query with another page number.
fn page_link(q: &Query, page: i64) -> String {
    let pairs = [
        ("kvartal", &q.kvartal),
        ("tekst", &q.tekst),
        ("afdeling", &q.afdeling),
        ("fase", &q.fase),
        ("type", &q.kind),
        ("skal", &q.skal),
        ("indsatsomraade", &q.indsatsomraade),
        ("roed", &q.roed),
        ("tilstand", &q.tilstand),
        ("sortering", &q.sortering),
    ];
    let mut link = String::from("/portefoelje?");
    for (k, v) in pairs {
        if let Some(v) = given(v) {
            link.push_str(&format!("{k}={}&", super::context::url_encode(v)));
        }
    }
    link.push_str(&format!("side={page}"));
    link
}

pub async fn page(
    req: HttpRequest,
    db: web::Data<Db>,
    query: web::Query<Query>,
) -> Result<HttpResponse, PageError> {
    let q = query.into_inner();
    let ctx = Ctx::load(&req, &db, q.kvartal.as_deref(), "portefoelje").await?;
    let quarter = ctx.quarter;
    let kind = given(&q.kind)
        .map(|k| Kind::parse("type", k))
        .transpose()
        .map_err(AppError::from)?;
    let state = given(&q.tilstand)
        .map(|s| Lifecycle::parse("tilstand", s))
        .transpose()
        .map_err(AppError::from)?;
    let red = given(&q.roed)
        .map(|p| Parameter::parse("roed", p))
        .transpose()
        .map_err(AppError::from)?;
    let must_do = match given(&q.skal) {
        None => None,
        Some(v) => Some(crate::domain::danish::parse_bool(v).ok_or_else(|| {
            AppError::invalid("skal", Problem::UnknownValue, "vælg ja eller nej")
        })?),
    };
    let page_no: i64 = given(&q.side)
        .and_then(|s| s.parse().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1);
    let filter = ProjectFilter {
        department_id: id("afdeling", &q.afdeling)?,
        phase_id: id("fase", &q.fase)?,
        kind,
        must_do,
        focus_area_id: id("indsatsomraade", &q.indsatsomraade)?,
        state,
        parent_id: None,
        red: red.map(|p| (p, quarter.to_string())),
        text: crate::domain::text::search_query("tekst", given(&q.tekst))
            .map_err(AppError::from)?,
        descending: given(&q.sortering) == Some("navn-omvendt"),
    };
    let (rows, total, deps, phs, areas, names, statuses) = db
        .run(move |c| {
            let (rows, total) = projects::list(c, &filter, PAGE, (page_no - 1) * PAGE)?;
            let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
            let managers: Vec<i32> = rows.iter().filter_map(|r| r.manager_id).collect();
            let names: HashMap<i32, String> = people::by_ids(c, &managers)?
                .into_iter()
                .map(|p| (p.id, p.name))
                .collect();
            let statuses = latest_for(c, quarter, &ids)?;
            Ok((
                rows,
                total,
                departments::list(c)?,
                phases::list(c)?,
                focus_areas::list(c)?,
                names,
                statuses,
            ))
        })
        .await?;
    let status: HashMap<i32, _> = statuses.into_iter().map(|s| (s.project_id, s)).collect();
    let dep_names: HashMap<i32, String> = deps.iter().map(|d| (d.id, d.name.clone())).collect();
    let phase_names: HashMap<i32, String> = phs.iter().map(|p| (p.id, p.name.clone())).collect();
    let rows = rows
        .into_iter()
        .map(|r| {
            let cells = Parameter::ALL
                .into_iter()
                .map(|p| Ok(Cell::of(status.get(&r.id).map(|s| s.colour(p).0))))
                .collect::<Result<Vec<_>, AppError>>()?;
            Ok(Row {
                department: dep_names.get(&r.department_id).cloned().unwrap_or_default(),
                phase: phase_names.get(&r.phase_id).cloned().unwrap_or_default(),
                manager: r
                    .manager_id
                    .and_then(|m| names.get(&m).cloned())
                    .unwrap_or_default(),
                id: r.id,
                name: r.name,
                must_do: r.must_do,
                cells,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let first = (page_no - 1) * PAGE + 1;
    let last = first + rows.len() as i64 - 1;
    let f = Filters {
        text: given(&q.tekst).unwrap_or("").to_string(),
        departments: options(
            deps.into_iter().map(|d| (d.id.to_string(), d.name)),
            given(&q.afdeling),
        ),
        phases: options(
            phs.into_iter().map(|p| (p.id.to_string(), p.name)),
            given(&q.fase),
        ),
        kinds: options(
            [Kind::Strategic, Kind::Operational]
                .map(|k| (k.as_str().to_string(), k.danish().to_string())),
            kind.map(|k| k.as_str()),
        ),
        must_do: options(
            [
                ("ja".to_string(), "Ja".to_string()),
                ("nej".to_string(), "Nej".to_string()),
            ],
            given(&q.skal),
        ),
        focus_areas: options(
            areas.into_iter().map(|a| (a.id.to_string(), a.name)),
            given(&q.indsatsomraade),
        ),
        red: options(
            Parameter::ALL.map(|p| (p.as_str().to_string(), p.danish().to_string())),
            red.map(|p| p.as_str()),
        ),
        states: options(
            [
                Lifecycle::Proposed,
                Lifecycle::Approved,
                Lifecycle::Active,
                Lifecycle::Completed,
                Lifecycle::Cancelled,
            ]
            .map(|s| (s.as_str().to_string(), s.danish().to_string())),
            state.map(|s| s.as_str()),
        ),
        sorts: options(
            [
                ("navn".to_string(), "Navn, A–Å".to_string()),
                ("navn-omvendt".to_string(), "Navn, Å–A".to_string()),
            ],
            Some(given(&q.sortering).unwrap_or("navn")),
        ),
    };
    let page = Portfolio {
        nav: &ctx.nav,
        f,
        total,
        first,
        last,
        previous: (page_no > 1).then(|| page_link(&q, page_no - 1)),
        next: (last < total).then(|| page_link(&q, page_no + 1)),
        rows,
    };
    ctx.render(&req, StatusCode::OK, page)
}
