//! Porteføljen: the project list with the API's filters as a GET form, and
//! each project's four parameters for the chosen quarter.

use super::context::{url_encode, Cell, Ctx, Nav, PageError};
use super::filters;
use crate::db::departments::{self, DepartmentRow};
use crate::db::focus_areas::{self, FocusAreaRow};
use crate::db::phases::{self, PhaseRow};
use crate::db::projects::{self, ProjectFilter, ProjectOrder, ProjectRow};
use crate::db::status::latest_for;
use crate::db::{people, Db, DbConnection};
use crate::domain::project::{Kind, Lifecycle};
use crate::domain::quarter::Quarter;
use crate::domain::report::PortfolioFilter;
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

/// The query, parsed: which projects, and which page of them.
struct Search {
    filter: ProjectFilter,
    page: i64,
}

impl Search {
    fn parse(q: &Query, quarter: Quarter) -> Result<Self, AppError> {
        let kind = given(&q.kind).map(|k| Kind::parse("type", k)).transpose()?;
        let state = given(&q.tilstand)
            .map(|s| Lifecycle::parse("tilstand", s))
            .transpose()?;
        let red = given(&q.roed)
            .map(|p| Parameter::parse("roed", p))
            .transpose()?;
        let must_do = given(&q.skal)
            .map(|v| {
                crate::domain::danish::parse_bool(v).ok_or_else(|| {
                    AppError::invalid("skal", Problem::UnknownValue, "vælg ja eller nej")
                })
            })
            .transpose()?;
        let page = given(&q.side)
            .and_then(|s| s.parse().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1);
        let portfolio = PortfolioFilter {
            department_id: id("afdeling", &q.afdeling)?,
            phase_id: id("fase", &q.fase)?,
            kind,
            must_do,
            focus_area_id: id("indsatsomraade", &q.indsatsomraade)?,
            state,
            parent_id: None,
            text: crate::domain::text::search_query("tekst", given(&q.tekst))?,
            basis: Default::default(),
        };
        let filter = ProjectFilter {
            portfolio,
            red: red.map(|p| (p, quarter.to_string())),
            order: match given(&q.sortering) {
                Some("navn-omvendt") => ProjectOrder::NameDescending,
                Some("budget") => ProjectOrder::Budget,
                Some("prognose") => ProjectOrder::Forecast,
                Some("forbrug") => ProjectOrder::Spent,
                Some("overskridelse") => ProjectOrder::Overrun,
                _ => ProjectOrder::Name,
            },
        };
        Ok(Self { filter, page })
    }
}

/// One project of the list with its four colours in the quarter.
pub struct Row {
    id: i32,
    name: String,
    department: String,
    phase: String,
    manager: String,
    must_do: bool,
    cells: Vec<Cell>,
    budget: i64,
    forecast: i64,
    spent: i64,
    overrun: i64,
}

/// What the filters offer to choose from.
pub struct Lists {
    departments: Vec<DepartmentRow>,
    phases: Vec<PhaseRow>,
    focus_areas: Vec<FocusAreaRow>,
}

/// One page of the list and what the filters offer.
pub struct PortfolioView {
    rows: Vec<Row>,
    total: i64,
    lists: Lists,
}

impl PortfolioView {
    fn load(
        c: &mut DbConnection,
        filter: &ProjectFilter,
        page: i64,
        quarter: Quarter,
    ) -> Result<Self, AppError> {
        let (projects, total) = projects::list(c, filter, PAGE, (page - 1) * PAGE)?;
        let lists = Lists {
            departments: departments::list(c)?,
            phases: phases::list(c)?,
            focus_areas: focus_areas::list(c)?,
        };
        Ok(Self {
            rows: rows(c, projects, quarter, &lists)?,
            total,
            lists,
        })
    }
}

/// The projects with their names filled in and their status in `quarter`.
fn rows(
    c: &mut DbConnection,
    projects: Vec<ProjectRow>,
    quarter: Quarter,
    lists: &Lists,
) -> Result<Vec<Row>, AppError> {
    let ids: Vec<i32> = projects.iter().map(|r| r.id).collect();
    let managers: Vec<i32> = projects.iter().filter_map(|r| r.manager_id).collect();
    let manager: HashMap<i32, String> = people::by_ids(c, &managers)?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let economy = crate::db::economy::of(c, &ids)?;
    let status: HashMap<i32, _> = latest_for(c, quarter, &ids)?
        .into_iter()
        .map(|s| (s.project_id, s))
        .collect();
    let department: HashMap<i32, &str> = lists
        .departments
        .iter()
        .map(|d| (d.id, d.name.as_str()))
        .collect();
    let phase: HashMap<i32, &str> = lists
        .phases
        .iter()
        .map(|p| (p.id, p.name.as_str()))
        .collect();
    let name = |names: &HashMap<i32, &str>, id: i32| {
        names.get(&id).copied().unwrap_or_default().to_string()
    };
    Ok(projects
        .into_iter()
        .map(|r| {
            let forecast = economy
                .get(&r.id)
                .and_then(|e| e.forecast)
                .unwrap_or(r.budget);
            Row {
                budget: r.budget,
                forecast,
                spent: r.spent,
                overrun: (forecast - r.budget).max(0),
                department: name(&department, r.department_id),
                phase: name(&phase, r.phase_id),
                manager: r
                    .manager_id
                    .and_then(|m| manager.get(&m).cloned())
                    .unwrap_or_default(),
                cells: Parameter::ALL
                    .map(|p| Cell::of(status.get(&r.id).map(|s| s.colour(p).0)))
                    .into(),
                id: r.id,
                name: r.name,
                must_do: r.must_do,
            }
        })
        .collect())
}

/// One option of a filter's select.
pub struct Choice {
    value: String,
    label: String,
    selected: bool,
}

fn choices(items: impl IntoIterator<Item = (String, String)>, chosen: Option<&str>) -> Vec<Choice> {
    items
        .into_iter()
        .map(|(value, label)| Choice {
            selected: Some(value.as_str()) == chosen,
            value,
            label,
        })
        .collect()
}

/// Fixed options: (value, label).
fn fixed(items: &[(&str, &str)], chosen: Option<&str>) -> Vec<Choice> {
    choices(
        items.iter().map(|(v, l)| (v.to_string(), l.to_string())),
        chosen,
    )
}

const LIFECYCLE: [Lifecycle; 5] = [
    Lifecycle::Proposed,
    Lifecycle::Approved,
    Lifecycle::Active,
    Lifecycle::Completed,
    Lifecycle::Cancelled,
];

/// The filter form as the query left it.
pub struct Filters {
    text: String,
    departments: Vec<Choice>,
    phases: Vec<Choice>,
    kinds: Vec<Choice>,
    must_do: Vec<Choice>,
    focus_areas: Vec<Choice>,
    red: Vec<Choice>,
    states: Vec<Choice>,
    sorts: Vec<Choice>,
}

impl Filters {
    fn new(q: &Query, f: &ProjectFilter, lists: Lists) -> Self {
        Self {
            text: given(&q.tekst).unwrap_or("").to_string(),
            departments: choices(
                lists
                    .departments
                    .into_iter()
                    .map(|d| (d.id.to_string(), d.name)),
                given(&q.afdeling),
            ),
            phases: choices(
                lists.phases.into_iter().map(|p| (p.id.to_string(), p.name)),
                given(&q.fase),
            ),
            kinds: choices(
                [Kind::Strategic, Kind::Operational]
                    .map(|k| (k.as_str().to_string(), k.danish().to_string())),
                f.portfolio.kind.map(|k| k.as_str()),
            ),
            must_do: fixed(&[("ja", "Ja"), ("nej", "Nej")], given(&q.skal)),
            focus_areas: choices(
                lists
                    .focus_areas
                    .into_iter()
                    .map(|a| (a.id.to_string(), a.name)),
                given(&q.indsatsomraade),
            ),
            red: choices(
                Parameter::ALL.map(|p| (p.as_str().to_string(), p.danish().to_string())),
                f.red.as_ref().map(|(p, _)| p.as_str()),
            ),
            states: choices(
                LIFECYCLE.map(|s| (s.as_str().to_string(), s.danish().to_string())),
                f.portfolio.state.map(|s| s.as_str()),
            ),
            sorts: fixed(
                &[
                    ("navn", "Navn, A–Å"),
                    ("navn-omvendt", "Navn, Å–A"),
                    ("budget", "Største budget først"),
                    ("prognose", "Største prognose først"),
                    ("forbrug", "Største forbrug først"),
                    ("overskridelse", "Største overskridelse først"),
                ],
                Some(given(&q.sortering).unwrap_or("navn")),
            ),
        }
    }
}

/// Where in the list the page is, and the links to its neighbours.
pub struct Pager {
    total: i64,
    first: i64,
    last: i64,
    previous: Option<String>,
    next: Option<String>,
}

impl Pager {
    fn new(q: &Query, page: i64, shown: usize, total: i64) -> Self {
        let first = (page - 1) * PAGE + 1;
        let last = first + shown as i64 - 1;
        Self {
            total,
            first,
            last,
            previous: (page > 1).then(|| page_link(q, page - 1)),
            next: (last < total).then(|| page_link(q, page + 1)),
        }
    }
}

#[derive(Template)]
#[template(path = "portfolio.html")]
struct Portfolio<'a> {
    nav: &'a Nav,
    f: Filters,
    rows: Vec<Row>,
    pager: Pager,
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
            link.push_str(&format!("{k}={}&", url_encode(v)));
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
    let search = Search::parse(&q, ctx.quarter)?;
    let (filter, page, quarter) = (search.filter.clone(), search.page, ctx.quarter);
    let view = db
        .run(move |c| PortfolioView::load(c, &filter, page, quarter))
        .await?;
    let page = Portfolio {
        nav: &ctx.nav,
        f: Filters::new(&q, &search.filter, view.lists),
        pager: Pager::new(&q, search.page, view.rows.len(), view.total),
        rows: view.rows,
    };
    ctx.render(&req, StatusCode::OK, page)
}
