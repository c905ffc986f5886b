//! Strategier og indsatsområder: the municipality's strategies
//! (administrators) and their focus areas (the council), on one page.

use super::{
    checked, choose, department_options, form_routes, Choices, Done, Editable, FieldSpec, ListPage,
    Row, Submitted, Table, Values,
};
use crate::app::reference::focus_areas::{self, FocusAreaFields};
use crate::app::reference::strategies::{self, StrategyFields};
use crate::app::Acting;
use crate::db::{Db, DbConnection};
use crate::domain::access::Action;
use crate::domain::Problem;
use crate::error::AppError;
use crate::web::context::{Ctx, PageError};
use crate::web::messages::Subject;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use std::collections::HashMap;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(Strategies::LIST, web::get().to(list));
    form_routes::<Strategies>(cfg);
    form_routes::<FocusAreas>(cfg);
}

struct Strategies;

impl Editable for Strategies {
    const SUBJECT: Subject = Subject::Strategy;
    const ACTION: Action = Action::ManageOrganisation;
    const BASE: &'static str = "/administration/strategier";
    const LIST: &'static str = "/administration/strategier";
    const LIST_TITLE: &'static str = "Strategier og indsatsområder";
    const KEY: &'static str = "strategi";
    const NEW_HEADING: &'static str = "Ny strategi";
    const EDIT_HEADING: &'static str = "Ret strategi";
    const NOT_SAVED: &'static str = "Strategien blev ikke gemt";
    const SUBMIT: &'static str = "Gem strategien";
    const FIELDS: &'static [FieldSpec] = &[
        ("name", "Navn", "text"),
        ("description", "Beskrivelse", "textarea"),
        ("start_year", "Første år, fx 2021", "number"),
        ("end_year", "Sidste år, fx 2025", "number"),
    ];

    type Fields = StrategyFields;

    fn load(c: &mut DbConnection, id: i32) -> Result<(String, Values), AppError> {
        let s = strategies::get(c, id)?;
        let values = HashMap::from([
            ("name", s.name.clone()),
            ("description", s.description),
            ("start_year", s.start_year.to_string()),
            ("end_year", s.end_year.to_string()),
        ]);
        Ok((s.name, values))
    }

    fn read(form: &Submitted) -> Result<StrategyFields, Vec<(&'static str, Problem)>> {
        let mut problems = vec![];
        let start_year = form.number("start_year", &mut problems);
        let end_year = form.number("end_year", &mut problems);
        let fields = StrategyFields {
            name: form.text("name"),
            description: form.text("description"),
            start_year,
            end_year,
        };
        checked(problems, fields)
    }

    fn create(c: &mut DbConnection, who: &Acting, fields: StrategyFields) -> Result<i32, AppError> {
        strategies::create(c, who, fields).map(|s| s.id)
    }

    fn update(
        c: &mut DbConnection,
        who: &Acting,
        id: i32,
        fields: StrategyFields,
    ) -> Result<(), AppError> {
        strategies::update(c, who, id, fields).map(|_| ())
    }
}

struct FocusAreas;

impl Editable for FocusAreas {
    const SUBJECT: Subject = Subject::FocusArea;
    const ACTION: Action = Action::ManagePortfolio;
    const BASE: &'static str = "/administration/indsatsomraader";
    const LIST: &'static str = "/administration/strategier";
    const LIST_TITLE: &'static str = "Strategier og indsatsområder";
    const KEY: &'static str = "indsatsomraade";
    const NEW_HEADING: &'static str = "Nyt indsatsområde";
    const EDIT_HEADING: &'static str = "Ret indsatsområde";
    const NOT_SAVED: &'static str = "Indsatsområdet blev ikke gemt";
    const SUBMIT: &'static str = "Gem indsatsområdet";
    const FIELDS: &'static [FieldSpec] = &[
        ("name", "Navn", "text"),
        ("description", "Beskrivelse", "textarea"),
        ("strategy_id", "Strategi", "select"),
        ("department_id", "Ansvarlig afdeling", "select"),
    ];

    type Fields = FocusAreaFields;

    fn load(c: &mut DbConnection, id: i32) -> Result<(String, Values), AppError> {
        let f = focus_areas::get(c, id)?;
        let values = HashMap::from([
            ("name", f.name.clone()),
            ("description", f.description),
            ("strategy_id", f.strategy_id.to_string()),
            ("department_id", f.department_id.to_string()),
        ]);
        Ok((f.name, values))
    }

    /// With one strategy, a new focus area belongs to it.
    fn defaults(c: &mut DbConnection) -> Result<Values, AppError> {
        let all = strategies::list(c)?;
        Ok(match all.as_slice() {
            [only] => HashMap::from([("strategy_id", only.id.to_string())]),
            _ => Values::new(),
        })
    }

    fn choices(c: &mut DbConnection) -> Result<Choices, AppError> {
        let strategies = strategies::list(c)?
            .into_iter()
            .map(|s| {
                let label = format!("{} ({}–{})", s.name, s.start_year, s.end_year);
                (s.id.to_string(), label)
            })
            .collect();
        Ok(HashMap::from([
            ("strategy_id", choose("Vælg en strategi", strategies)),
            (
                "department_id",
                choose("Vælg en afdeling", department_options(c)?),
            ),
        ]))
    }

    fn read(form: &Submitted) -> Result<FocusAreaFields, Vec<(&'static str, Problem)>> {
        let mut problems = vec![];
        let strategy_id = form.required_choice("strategy_id", &mut problems);
        let department_id = form.required_choice("department_id", &mut problems);
        let fields = FocusAreaFields {
            strategy_id,
            name: form.text("name"),
            description: form.text("description"),
            department_id,
        };
        checked(problems, fields)
    }

    fn create(
        c: &mut DbConnection,
        who: &Acting,
        fields: FocusAreaFields,
    ) -> Result<i32, AppError> {
        focus_areas::create(c, who, fields).map(|f| f.id)
    }

    fn update(
        c: &mut DbConnection,
        who: &Acting,
        id: i32,
        fields: FocusAreaFields,
    ) -> Result<(), AppError> {
        focus_areas::update(c, who, id, fields).map(|_| ())
    }
}

/// Both tables: administrators edit the strategies, the council the focus
/// areas (administrators both); each sees the other table to choose from.
/// The strategies with their period and how many focus areas each has.
fn strategy_table(
    ctx: &Ctx,
    all: Vec<strategies::Strategy>,
    areas: &[focus_areas::FocusArea],
) -> Table {
    let keeps = ctx.allows(Strategies::ACTION);
    let rows = all
        .into_iter()
        .map(|s| {
            let count = areas.iter().filter(|a| a.strategy_id == s.id).count();
            Row {
                id: s.id,
                href: keeps.then(|| format!("{}/{}", Strategies::BASE, s.id)),
                cells: vec![
                    format!("{}–{}", s.start_year, s.end_year),
                    count.to_string(),
                ],
                name: s.name,
            }
        })
        .collect();
    Table {
        heading: Some("Strategier"),
        caption: "Strategier med periode og antal indsatsområder".into(),
        columns: vec!["Navn", "Periode", "Indsatsområder"],
        rows,
        empty: "Der er ingen strategier endnu.",
        new: keeps.then_some(("/administration/strategier/ny", "Ny strategi")),
    }
}

/// The focus areas with their strategy and responsible department.
fn area_table(
    ctx: &Ctx,
    areas: Vec<focus_areas::FocusArea>,
    strategies: &Table,
    departments: Vec<crate::app::reference::departments::Department>,
) -> Table {
    let keeps = ctx.allows(FocusAreas::ACTION);
    let strategy: HashMap<i32, String> = strategies
        .rows
        .iter()
        .map(|r| (r.id, r.name.clone()))
        .collect();
    let department: HashMap<i32, String> =
        departments.into_iter().map(|d| (d.id, d.name)).collect();
    let name = |map: &HashMap<i32, String>, id: i32| map.get(&id).cloned().unwrap_or_default();
    let rows = areas
        .into_iter()
        .map(|a| Row {
            id: a.id,
            href: keeps.then(|| format!("{}/{}", FocusAreas::BASE, a.id)),
            cells: vec![
                name(&strategy, a.strategy_id),
                name(&department, a.department_id),
            ],
            name: a.name,
        })
        .collect();
    Table {
        heading: Some("Indsatsområder"),
        caption: "Indsatsområder med strategi og ansvarlig afdeling".into(),
        columns: vec!["Navn", "Strategi", "Ansvarlig afdeling"],
        rows,
        empty: "Der er ingen indsatsområder endnu.",
        new: keeps.then_some(("/administration/indsatsomraader/ny", "Nyt indsatsområde")),
    }
}

async fn list(req: HttpRequest, db: web::Data<Db>) -> Result<HttpResponse, PageError> {
    let ctx = Ctx::load_without_quarter(&req, &db, "administration").await?;
    if !super::administers(&ctx) {
        return Err(AppError::Forbidden("role".into()).into());
    }
    let (all, areas, departments) = db
        .run(|c| {
            Ok((
                strategies::list(c)?,
                focus_areas::list(c)?,
                crate::app::reference::departments::list(c)?,
            ))
        })
        .await?;
    let strategy_table = strategy_table(&ctx, all, &areas);
    let area_table = area_table(&ctx, areas, &strategy_table, departments);
    let done = Done::of(&req);
    let notice = done
        .notice(Subject::Strategy, Strategies::KEY, &strategy_table)
        .or_else(|| done.notice(Subject::FocusArea, FocusAreas::KEY, &area_table));
    let page = ListPage {
        nav: &ctx.nav,
        heading: "Strategier og indsatsområder",
        notice,
        search: None,
        tables: vec![strategy_table, area_table],
    };
    ctx.render(&req, StatusCode::OK, page)
}
