//! Økonomi: what the portfolio costs, what it will cost to run and where the
//! forecasts exceed the budgets, from the quarter's report (so it agrees with
//! the report, the workbook and the API to the krone).

use super::chart;
use super::context::{Nav, PageError};
use super::filters;
use super::report::load_report;
use crate::db::Db;
use crate::domain::economy::Totals;
use crate::domain::report::{EconomyGroup, EconomyLine};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

/// One grouping's table ("Fordelt på afdeling").
pub struct GroupTable {
    id: &'static str,
    heading: &'static str,
    groups: Vec<EconomyGroup>,
}

#[derive(Template)]
#[template(path = "economy.html")]
struct EconomyPage<'a> {
    nav: &'a Nav,
    totals: Totals,
    chart: String,
    tables: Vec<GroupTable>,
    operating: Vec<(i32, i64)>,
    lines: Vec<EconomyLine>,
}

pub async fn page(
    req: HttpRequest,
    db: web::Data<Db>,
    quarter: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let (ctx, r) = load_report(&req, &db, &quarter, "oekonomi").await?;
    let e = &r.report.economy;
    let table = |id, heading, groups: &Vec<EconomyGroup>| GroupTable {
        id,
        heading,
        groups: groups.clone(),
    };
    let page = EconomyPage {
        nav: &ctx.nav,
        totals: e.totals,
        chart: chart::economy_bars(&e.by_department),
        tables: vec![
            table("afdeling", "Afdeling", &e.by_department),
            table("direktoeromraade", "Direktørområde", &e.by_directorate),
            table("indsatsomraade", "Indsatsområde", &e.by_focus_area),
            table("type", "Type", &e.by_kind),
            table("skal", "Skal-projekt", &e.by_must_do),
        ],
        operating: e.operating.clone(),
        lines: e.lines.clone(),
    };
    ctx.render(&req, StatusCode::OK, page)
}
