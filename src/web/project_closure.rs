//! Luk projekt (the council): closes an operational project as the council's
//! decision, or proposes to Chefforum that a strategic one be closed; and
//! "Sæt i gang" for an approved project. Through `app::chefforum`.

use super::context::{Ctx, Nav, PageError};
use super::filters;
use super::form::{self, Errors, Submitted};
use super::proposals::DECISION_INPUTS;
use super::session::redirect;
use crate::app::chefforum::{self as use_case, Closure};
use crate::app::projects::{detail_of, Project};
use crate::db::Db;
use crate::domain::access::Action;
use crate::domain::project::Kind;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

#[derive(Template)]
#[template(path = "project_closure.html")]
struct ClosurePage<'a> {
    nav: &'a Nav,
    p: Project,
    errors: Errors,
    entered: Submitted,
}

impl ClosurePage<'_> {
    fn value(&self, key: &str) -> String {
        self.entered.get(key).cloned().unwrap_or_default()
    }

    fn error(&self, key: &str) -> Option<String> {
        self.errors
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, m)| m.clone())
    }

    fn strategic(&self) -> bool {
        Kind::from(self.p.kind) == Kind::Strategic
    }

    fn inputs(&self) -> [(&'static str, &'static str); 2] {
        DECISION_INPUTS
    }
}

async fn show(
    req: &HttpRequest,
    ctx: &Ctx,
    db: &Db,
    id: i32,
    (status, errors, entered): (StatusCode, Errors, Submitted),
) -> Result<HttpResponse, PageError> {
    let p = db.run(move |c| detail_of(c, id)).await?.project;
    let page = ClosurePage {
        nav: &ctx.nav,
        p,
        errors,
        entered,
    };
    ctx.render(req, status, page)
}

pub async fn form_page(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let ctx = Ctx::load(&req, &db, None, "portefoelje").await?;
    ctx.require(Action::ManagePortfolio)?;
    show(
        &req,
        &ctx,
        &db,
        id.into_inner(),
        (StatusCode::OK, vec![], Submitted::new()),
    )
    .await
}

pub async fn submit(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
    submitted: web::Form<Submitted>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let ctx = Ctx::load(&req, &db, None, "portefoelje").await?;
    ctx.require(Action::ManagePortfolio)?;
    form::require_csrf(&req, &submitted)?;
    let mut submitted = submitted.into_inner();
    // The shared decision reader wants an outcome; closing is one.
    submitted.insert("outcome".into(), "approve".into());
    let decision = match super::proposals::read_decision(&submitted) {
        Ok((_, d)) => d,
        Err(errors) => {
            return show(
                &req,
                &ctx,
                &db,
                id,
                (StatusCode::UNPROCESSABLE_ENTITY, errors, submitted),
            )
            .await
        }
    };
    let cancel_reason = match form::text(&submitted, "ending").as_str() {
        "cancelled" => Some(submitted.get("cancel_reason").cloned().unwrap_or_default()),
        _ => None,
    };
    let who = ctx.acting();
    let closure = Closure {
        cancel_reason,
        decision,
    };
    match db
        .run(move |c| use_case::close_or_refer(c, &who, id, closure))
        .await
    {
        Ok(done) if done.referred => Ok(redirect("/chefforum")),
        Ok(_) => Ok(redirect(&format!("/projekter/{id}"))),
        Err(e) => {
            let fields = ["date", "text", "case_number", "cancel_reason"];
            let (status, errors) = form::refused(e, &fields)?;
            show(&req, &ctx, &db, id, (status, errors, submitted)).await
        }
    }
}

/// Start an approved project: its manager or owner, or the council.
pub async fn start(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
    submitted: web::Form<Submitted>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let ctx = Ctx::load(&req, &db, None, "portefoelje").await?;
    form::require_csrf(&req, &submitted)?;
    let who = ctx.acting();
    let today = chrono::Utc::now().date_naive();
    db.run(move |c| use_case::start(c, &who, id, today)).await?;
    Ok(redirect(&format!("/projekter/{id}")))
}
