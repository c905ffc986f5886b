//! Kvartaler (the council and the administrator): the reporting quarters
//! with their deadline, open or closed, approved or not; create the next
//! one, move a deadline, open one, and close one after seeing how many
//! reports are still missing. Every change goes through `app::quarters`.

use super::context::{Ctx, Nav, PageError};
use super::filters;
use super::form::{self, Errors, Submitted};
use super::report::report_cache;
use super::session::redirect;
use crate::app::quarters::{self as use_case, QuarterCommand, QuarterOverview};
use crate::db::Db;
use crate::domain::access::Action;
use crate::domain::danish::format_date;
use crate::domain::quarter::{Quarter, QuarterState};
use crate::domain::report::PortfolioFilter;
use crate::error::AppError;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::NaiveDate;

const LIST: &str = "/administration/kvartaler";
const UNPROCESSABLE: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;

/// One quarter in the table, with its deadline field as typed.
pub struct Row {
    code: Quarter,
    deadline: NaiveDate,
    open: bool,
    approved_on: Option<NaiveDate>,
    field: String,
    value: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "quarters.html")]
struct QuartersPage<'a> {
    nav: &'a Nav,
    errors: Errors,
    rows: Vec<Row>,
    next: Quarter,
    next_value: String,
    next_error: Option<String>,
}

/// What the list shows besides the stored quarters: the values typed and
/// the problems found.
#[derive(Default)]
struct Entered {
    values: Vec<(String, String)>,
    errors: Errors,
}

impl Entered {
    fn value(&self, field: &str) -> Option<String> {
        self.values
            .iter()
            .find(|(k, _)| k == field)
            .map(|(_, v)| v.clone())
    }

    fn error(&self, field: &str) -> Option<String> {
        self.errors
            .iter()
            .find(|(k, _)| k == field)
            .map(|(_, m)| m.clone())
    }
}

fn row(q: QuarterOverview, entered: &Entered) -> Row {
    let field = format!("frist-{}", q.code);
    Row {
        value: entered
            .value(&field)
            .unwrap_or_else(|| format_date(q.quarter.deadline)),
        error: entered.error(&field),
        code: q.code,
        deadline: q.quarter.deadline,
        open: q.quarter.state == crate::app::types::QuarterStatus::Open,
        approved_on: q.approved_on,
        field,
    }
}

async fn show(
    req: &HttpRequest,
    ctx: &Ctx,
    db: &Db,
    entered: Entered,
    status: StatusCode,
) -> Result<HttpResponse, PageError> {
    let today = chrono::Utc::now().date_naive();
    let (quarters, (next, deadline)) = db
        .run(move |c| Ok((use_case::overview(c)?, use_case::proposal(c, today)?)))
        .await?;
    let page = QuartersPage {
        nav: &ctx.nav,
        rows: quarters.into_iter().map(|q| row(q, &entered)).collect(),
        next,
        next_value: entered
            .value("frist-ny")
            .unwrap_or_else(|| format_date(deadline)),
        next_error: entered.error("frist-ny"),
        errors: entered.errors,
    };
    ctx.render(req, status, page)
}

/// The signed-in council member or administrator, on a quarter when given.
async fn council(req: &HttpRequest, db: &Db, quarter: Option<&str>) -> Result<Ctx, PageError> {
    // Before the first quarter exists this page is where it is made.
    let ctx = match quarter {
        None => Ctx::load_without_quarter(req, db, "kvartaler").await?,
        Some(_) => Ctx::load(req, db, quarter, "kvartaler").await?,
    };
    ctx.require(Action::ManagePortfolio)?;
    Ok(ctx)
}

pub async fn page(req: HttpRequest, db: web::Data<Db>) -> Result<HttpResponse, PageError> {
    let ctx = council(&req, &db, None).await?;
    show(&req, &ctx, &db, Entered::default(), StatusCode::OK).await
}

/// Create the quarter after the newest (its code is the form's), open.
pub async fn create(
    req: HttpRequest,
    db: web::Data<Db>,
    form: web::Form<Submitted>,
) -> Result<HttpResponse, PageError> {
    let ctx = council(&req, &db, None).await?;
    form::require_csrf(&req, &form)?;
    let entered = |errors| Entered {
        values: vec![("frist-ny".into(), form::text(&form, "frist-ny"))],
        errors,
    };
    let deadline = match form::date(&form, "frist-ny") {
        Ok(day) => day,
        Err(errors) => return show(&req, &ctx, &db, entered(errors), UNPROCESSABLE).await,
    };
    let (who, code) = (ctx.acting(), form::text(&form, "kode"));
    let new = QuarterCommand {
        code,
        deadline,
        state: QuarterState::Open,
    };
    match db.run(move |c| use_case::create(c, &who, new)).await {
        Ok(_) => Ok(redirect(LIST)),
        Err(e) => {
            let (status, errors) = form::refused(e, &[])?;
            show(&req, &ctx, &db, entered(errors), status).await
        }
    }
}

/// Move one quarter's deadline.
pub async fn deadline(
    req: HttpRequest,
    db: web::Data<Db>,
    quarter: web::Path<String>,
    form: web::Form<Submitted>,
) -> Result<HttpResponse, PageError> {
    let ctx = council(&req, &db, Some(&quarter)).await?;
    form::require_csrf(&req, &form)?;
    let (code, field) = (ctx.quarter, format!("frist-{}", ctx.quarter));
    let day = match form::date(&form, "frist") {
        Ok(day) => day,
        Err(errors) => {
            let entered = Entered {
                values: vec![(field.clone(), form::text(&form, "frist"))],
                errors: errors
                    .into_iter()
                    .map(|(_, m)| (field.clone(), m))
                    .collect(),
            };
            return show(&req, &ctx, &db, entered, UNPROCESSABLE).await;
        }
    };
    let who = ctx.acting();
    db.run(move |c| use_case::set_deadline(c, &who, code, day))
        .await?;
    Ok(redirect(LIST))
}

/// Open a quarter for reporting again.
pub async fn open(
    req: HttpRequest,
    db: web::Data<Db>,
    quarter: web::Path<String>,
    form: web::Form<Submitted>,
) -> Result<HttpResponse, PageError> {
    set_state(req, db, quarter, form, QuarterState::Open).await
}

/// Close a quarter, once the council has seen what is missing.
pub async fn close(
    req: HttpRequest,
    db: web::Data<Db>,
    quarter: web::Path<String>,
    form: web::Form<Submitted>,
) -> Result<HttpResponse, PageError> {
    set_state(req, db, quarter, form, QuarterState::Closed).await
}

async fn set_state(
    req: HttpRequest,
    db: web::Data<Db>,
    quarter: web::Path<String>,
    form: web::Form<Submitted>,
    state: QuarterState,
) -> Result<HttpResponse, PageError> {
    let ctx = council(&req, &db, Some(&quarter)).await?;
    form::require_csrf(&req, &form)?;
    let (who, code) = (ctx.acting(), ctx.quarter);
    db.run(move |c| use_case::set_state(c, &who, code, state))
        .await?;
    Ok(redirect(LIST))
}

#[derive(Template)]
#[template(path = "quarter_close.html")]
struct ClosePage<'a> {
    nav: &'a Nav,
    closed: bool,
    deadline: NaiveDate,
    missing: usize,
}

/// "Luk kvartalet?": how many projects in progress have not reported.
pub async fn confirm_close(
    req: HttpRequest,
    db: web::Data<Db>,
    quarter: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let ctx = council(&req, &db, Some(&quarter)).await?;
    let (code, cache) = (ctx.quarter, report_cache(&req, &db));
    let today = chrono::Utc::now().date_naive();
    let (stored, report) = db
        .run(move |c| {
            let report = cache.get_or_build(c, code, today, &PortfolioFilter::default(), false)?;
            Ok::<_, AppError>((use_case::get(c, code)?, report))
        })
        .await?;
    let page = ClosePage {
        nav: &ctx.nav,
        closed: stored.state == crate::app::types::QuarterStatus::Closed,
        deadline: stored.deadline,
        missing: report.report.missing.len(),
    };
    ctx.render(&req, StatusCode::OK, page)
}
