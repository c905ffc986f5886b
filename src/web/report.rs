//! Kvartalsrapport with its downloads, and Manglende indrapporteringer.

use super::context::{Ctx, Nav, PageError};
use super::decision::DecisionEntry;
use super::filters;
use crate::db::Db;
use crate::domain::access::Action;
use crate::domain::assessment::Basis;
use crate::domain::report::{PortfolioFilter, QReport};
use crate::domain::status::Parameter;
use crate::error::AppError;
use crate::export;
use crate::reporting::{QuarterReport, ReportCache};
use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::NaiveDate;

/// The service's report cache (a fresh one when the app has none).
pub(super) fn report_cache(req: &HttpRequest, db: &Db) -> std::sync::Arc<ReportCache> {
    req.app_data::<web::Data<ReportCache>>()
        .map(|c| c.clone().into_inner())
        .unwrap_or_else(|| std::sync::Arc::new(ReportCache::new(db.changes())))
}

/// The page's context and the quarter's report (cached), for the pages built from it.
pub(super) async fn load_report(
    req: &HttpRequest,
    db: &Db,
    quarter: &str,
    active: &'static str,
) -> Result<(Ctx, std::sync::Arc<QuarterReport>), PageError> {
    let ctx = Ctx::load(req, db, Some(quarter), active).await?;
    let q = ctx.quarter;
    let today = chrono::Utc::now().date_naive();
    let cache = report_cache(req, db);
    // "?grundlag=raadet": the red tables on IT-projektrådet's assessment.
    let filter = PortfolioFilter {
        basis: if req.query_string().contains("grundlag=raadet") {
            Basis::Council
        } else {
            Basis::ProjectManagers
        },
        ..PortfolioFilter::default()
    };
    let report = db
        .run(move |c| cache.get_or_build(c, q, today, &filter, false))
        .await?;
    Ok((ctx, report))
}

/// One CSV download: the table's name in the address and its label.
pub struct Download {
    table: &'static str,
    label: String,
}

#[derive(Template)]
#[template(path = "report_page.html")]
struct ReportPage<'a> {
    nav: &'a Nav,
    csv: Vec<Download>,
    body: String,
    /// Chefforum (and the administrator) record the decision.
    may_decide: bool,
    decisions: Vec<DecisionEntry>,
    /// The red tables follow the council's assessment.
    on_council: bool,
}

/// Each red table, then the whole portfolio.
fn downloads() -> Vec<Download> {
    let mut csv: Vec<Download> = Parameter::ALL
        .iter()
        .map(|p| Download {
            table: p.as_str(),
            label: export::red_heading(*p),
        })
        .collect();
    csv.push(Download {
        table: "portfolio",
        label: "Hele porteføljen".into(),
    });
    csv
}

pub async fn page(
    req: HttpRequest,
    db: web::Data<Db>,
    quarter: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let (ctx, r) = load_report(&req, &db, &quarter, "rapport").await?;
    let body = export::html::body(&r.report).map_err(|e| AppError::Internal(e.to_string()))?;
    let page = ReportPage {
        nav: &ctx.nav,
        csv: downloads(),
        body,
        may_decide: ctx.allows(Action::Decide),
        decisions: super::decision::history(&db, ctx.quarter).await?,
        on_council: r.report.basis == Basis::Council,
    };
    ctx.render(&req, StatusCode::OK, page)
}

/// The printable report (as the API's `?format=html`), for a signed-in browser.
pub async fn printable(
    req: HttpRequest,
    db: web::Data<Db>,
    quarter: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let (_, r) = load_report(&req, &db, &quarter, "rapport").await?;
    let page = export::html::page(&r.report).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(page))
}

fn attachment(content_type: &str, name: String, body: impl Into<web::Bytes>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(name)],
        })
        .body(body.into())
}

pub async fn xlsx(
    req: HttpRequest,
    db: web::Data<Db>,
    quarter: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let (_, r) = load_report(&req, &db, &quarter, "rapport").await?;
    let body = r.xlsx().await?;
    Ok(attachment(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        export::file_name(r.report.quarter, None, "xlsx"),
        body,
    ))
}

pub async fn csv(
    req: HttpRequest,
    db: web::Data<Db>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    let (quarter, table) = path.into_inner();
    let (_, r) = load_report(&req, &db, &quarter, "rapport").await?;
    let report = &r.report;
    let (part, body) = if table == "portfolio" {
        ("portefoelje", export::csv::portfolio(report))
    } else if table == "economy" {
        ("oekonomi", export::csv::economy(report))
    } else {
        let parameter =
            Parameter::parse("tabel", &table).map_err(|_| AppError::NotFound(table.clone()))?;
        let t = report
            .red
            .iter()
            .find(|t| t.parameter == parameter)
            .ok_or_else(|| AppError::NotFound(table.clone()))?;
        (parameter.as_str(), export::csv::red_table(report, t))
    };
    Ok(attachment(
        "text/csv; charset=utf-8",
        export::file_name(report.quarter, Some(part), "csv"),
        body,
    ))
}

/// A project without a report for the quarter.
pub struct MissingRow {
    project_id: i32,
    name: String,
    manager: String,
    email: String,
    days_overdue: i64,
}

/// The missing projects of one department.
pub struct Group {
    department: String,
    rows: Vec<MissingRow>,
}

#[derive(Template)]
#[template(path = "missing.html")]
struct MissingPage<'a> {
    nav: &'a Nav,
    deadline: NaiveDate,
    total: usize,
    groups: Vec<Group>,
    /// The council may send a reminder now: the quarter still takes reports.
    can_remind: bool,
}

/// The missing reports in the report's order (by department), one group per department.
fn groups(report: &QReport) -> Vec<Group> {
    let mut groups: Vec<Group> = vec![];
    for m in &report.missing {
        let row = MissingRow {
            project_id: m.line.project_id,
            name: m.line.name.clone(),
            manager: m.line.manager.clone().unwrap_or_else(|| "–".into()),
            email: m.email.clone().unwrap_or_default(),
            days_overdue: m.days_overdue,
        };
        match groups.last_mut() {
            Some(g) if g.department == m.line.department => g.rows.push(row),
            _ => groups.push(Group {
                department: m.line.department.clone(),
                rows: vec![row],
            }),
        }
    }
    groups
}

pub async fn missing(
    req: HttpRequest,
    db: web::Data<Db>,
    quarter: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let (ctx, r) = load_report(&req, &db, &quarter, "manglende").await?;
    let code = ctx.quarter;
    let open = db
        .run(move |c| Ok(crate::reporting::reportable(c, code, false).is_ok()))
        .await?;
    let page = MissingPage {
        nav: &ctx.nav,
        deadline: r.report.deadline,
        total: r.report.missing.len(),
        groups: groups(&r.report),
        can_remind: open && ctx.nav.can_edit && !r.report.missing.is_empty(),
    };
    ctx.render(&req, StatusCode::OK, page)
}
