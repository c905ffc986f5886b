//! Afslut, udgået, slet (the council): each a page that explains what will
//! happen and asks, then a POST that does it through `app::projects::{end,
//! remove}`, with the use case's refusal in Danish.

use super::context::{Ctx, Nav, PageError};
use super::filters;
use super::form::{self, Errors, Submitted};
use super::session::redirect;
use crate::app::projects::{self as use_case, detail_of, Ending, Project};
use crate::db::Db;
use crate::domain::access::Action;
use crate::domain::danish::format_date;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

/// Which of the three the page asks about.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum What {
    Complete,
    Cancel,
    Delete,
}

impl What {
    /// The last part of the page's address.
    fn path(self) -> &'static str {
        match self {
            Self::Complete => "afslut",
            Self::Cancel => "udgaaet",
            Self::Delete => "slet",
        }
    }
}

#[derive(Template)]
#[template(path = "project_end.html")]
struct EndPage<'a> {
    nav: &'a Nav,
    what: What,
    action: String,
    p: Project,
    errors: Errors,
    ended_on: String,
    cancel_reason: String,
}

impl EndPage<'_> {
    fn error(&self, field: &str) -> Option<String> {
        self.errors
            .iter()
            .find(|(k, _)| k == field)
            .map(|(_, m)| m.clone())
    }

    fn completing(&self) -> bool {
        self.what == What::Complete
    }

    fn cancelling(&self) -> bool {
        self.what == What::Cancel
    }
}

/// The fields, named as the use case names them.
const FIELDS: [&str; 2] = ["ended_on", "cancel_reason"];

/// What was typed, and the problems with it.
struct Entered {
    ended_on: String,
    cancel_reason: String,
    status: StatusCode,
    errors: Errors,
}

async fn show(
    req: &HttpRequest,
    ctx: &Ctx,
    db: &Db,
    (id, what): (i32, What),
    entered: Entered,
) -> Result<HttpResponse, PageError> {
    let detail = db.run(move |c| detail_of(c, id)).await?;
    let page = EndPage {
        nav: &ctx.nav,
        what,
        action: format!("/projekter/{id}/{}", what.path()),
        p: detail.project,
        errors: entered.errors,
        ended_on: entered.ended_on,
        cancel_reason: entered.cancel_reason,
    };
    ctx.render(req, entered.status, page)
}

async fn council(req: &HttpRequest, db: &Db) -> Result<Ctx, PageError> {
    let ctx = Ctx::load(req, db, None, "portefoelje").await?;
    ctx.require(Action::ManagePortfolio)?;
    Ok(ctx)
}

/// The page that explains and asks.
pub async fn confirm(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
    what: What,
) -> Result<HttpResponse, PageError> {
    let ctx = council(&req, &db).await?;
    let entered = Entered {
        ended_on: format_date(chrono::Utc::now().date_naive()),
        cancel_reason: String::new(),
        status: StatusCode::OK,
        errors: vec![],
    };
    show(&req, &ctx, &db, (id.into_inner(), what), entered).await
}

/// Do it, and go to the project (or, once deleted, the portfolio).
pub async fn submit(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
    form: web::Form<Submitted>,
    what: What,
) -> Result<HttpResponse, PageError> {
    let ctx = council(&req, &db).await?;
    form::require_csrf(&req, &form)?;
    let id = id.into_inner();
    let mut entered = Entered {
        ended_on: form::text(&form, "ended_on"),
        cancel_reason: form.get("cancel_reason").cloned().unwrap_or_default(),
        status: StatusCode::UNPROCESSABLE_ENTITY,
        errors: vec![],
    };
    let done = match carry_out(&ctx, &db, id, what, &form).await? {
        Ok(to) => return Ok(redirect(&to)),
        Err(problems) => problems,
    };
    (entered.status, entered.errors) = done;
    show(&req, &ctx, &db, (id, what), entered).await
}

/// The use case for `what`: where to go next, or the problems to show.
async fn carry_out(
    ctx: &Ctx,
    db: &Db,
    id: i32,
    what: What,
    submitted: &Submitted,
) -> Result<Result<String, (StatusCode, Errors)>, PageError> {
    let who = ctx.acting();
    let done = if what == What::Delete {
        db.run(move |c| use_case::remove(c, &who, id))
            .await
            .map(|_| "/portefoelje".to_string())
    } else {
        let day = match form::date(submitted, "ended_on") {
            Ok(day) => day,
            Err(errors) => return Ok(Err((StatusCode::UNPROCESSABLE_ENTITY, errors))),
        };
        let ending = match what {
            What::Cancel => Ending::Cancelled {
                reason: submitted.get("cancel_reason").cloned().unwrap_or_default(),
            },
            _ => Ending::Completed,
        };
        db.run(move |c| use_case::end(c, &who, id, ending, day))
            .await
            .map(|_| format!("/projekter/{id}"))
    };
    match done {
        Ok(to) => Ok(Ok(to)),
        Err(e) => form::refused(e, &FIELDS).map(Err),
    }
}

pub async fn complete_form(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    confirm(req, db, id, What::Complete).await
}

pub async fn complete(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
    form: web::Form<Submitted>,
) -> Result<HttpResponse, PageError> {
    submit(req, db, id, form, What::Complete).await
}

pub async fn cancel_form(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    confirm(req, db, id, What::Cancel).await
}

pub async fn cancel(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
    form: web::Form<Submitted>,
) -> Result<HttpResponse, PageError> {
    submit(req, db, id, form, What::Cancel).await
}

pub async fn delete_form(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    confirm(req, db, id, What::Delete).await
}

pub async fn delete(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
    form: web::Form<Submitted>,
) -> Result<HttpResponse, PageError> {
    submit(req, db, id, form, What::Delete).await
}
