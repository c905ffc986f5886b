//! Påmindelser (the council and the administrator): a quarter's reminder
//! plan, "Send påmindelse nu", and every mail sent or waiting, with why one
//! failed. Everything goes through `app::reminders`.

use super::context::{Ctx, Nav, PageError};
use super::filters;
use super::form::{self, Errors, Submitted};
use super::session::redirect;
use crate::app::reminders::{self as use_case, MailView, PlanView};
use crate::db::Db;
use crate::domain::access::Action;
use crate::domain::reminders::MailKind;
use crate::domain::Problem;
use crate::mailer::Outgoing;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

/// A mail as the page lists it.
pub struct Shown {
    kind: &'static str,
    to: String,
    cc: String,
    projects: String,
    queued_at: chrono::NaiveDateTime,
    state: &'static str,
    sent_at: Option<chrono::NaiveDateTime>,
    error: String,
}

impl From<MailView> for Shown {
    fn from(m: MailView) -> Self {
        let kind = MailKind::parse("kind", &m.kind).map(MailKind::danish);
        Self {
            kind: kind.unwrap_or("påmindelse"),
            to: m.to,
            cc: m.cc.join(", "),
            projects: m.projects.join(", "),
            queued_at: m.queued_at.naive_utc(),
            state: match m.state.as_str() {
                "sent" => "Sendt",
                "queued" if m.error.is_some() => "Ikke sendt endnu, prøves igen",
                "queued" => "Venter på afsendelse",
                "sending" => "Sendes",
                "cancelled" => "Ikke sendt: ikke længere nødvendig",
                _ => "Ikke sendt",
            },
            sent_at: m.sent_at.map(|t| t.naive_utc()),
            error: m.error.unwrap_or_default(),
        }
    }
}

#[derive(Template)]
#[template(path = "reminders.html")]
struct RemindersPage<'a> {
    nav: &'a Nav,
    plan: PlanView,
    typed: Option<(String, String)>,
    errors: Errors,
    notice: Option<String>,
    mails: Vec<Shown>,
}

impl RemindersPage<'_> {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }
}

/// The signed-in council member or administrator on the quarter.
async fn council(req: &HttpRequest, db: &Db, quarter: &str) -> Result<Ctx, PageError> {
    let ctx = Ctx::load(req, db, Some(quarter), "kvartaler").await?;
    ctx.require(Action::ManagePortfolio)?;
    Ok(ctx)
}

fn address(quarter: impl std::fmt::Display) -> String {
    format!("/administration/kvartaler/{quarter}/paamindelser")
}

/// The page, with what was typed and the problems when a plan was refused.
async fn show(
    req: &HttpRequest,
    ctx: &Ctx,
    db: &Db,
    typed: Option<(String, String)>,
    errors: Errors,
) -> Result<HttpResponse, PageError> {
    let (who, code) = (ctx.acting(), ctx.quarter);
    let (plan, mails) = db
        .run(move |c| Ok((use_case::plan(c, code)?, use_case::list(c, &who, code)?)))
        .await?;
    let queued =
        web::Query::<std::collections::HashMap<String, String>>::from_query(req.query_string())
            .ok()
            .and_then(|q| q.get("sat-i-koe").and_then(|n| n.parse::<usize>().ok()));
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = RemindersPage {
        nav: &ctx.nav,
        plan,
        typed,
        errors,
        notice: queued.map(|n| match n {
            0 => "Der var ingen nye påmindelser at sende i dag.".to_string(),
            n => format!(
                "{} er sat i kø og sendes nu.",
                crate::domain::danish::count(n, "påmindelse", "påmindelser")
            ),
        }),
        mails: mails.into_iter().map(Shown::from).collect(),
    };
    ctx.render(req, status, page)
}

pub async fn page(
    req: HttpRequest,
    db: web::Data<Db>,
    quarter: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let ctx = council(&req, &db, &quarter).await?;
    show(&req, &ctx, &db, None, vec![]).await
}

/// A whole number of days from the form, or its problem.
fn days(form: &Submitted, field: &'static str) -> Result<i32, (String, String)> {
    let text = form::text(form, field);
    let problem = if text.is_empty() {
        Problem::Required
    } else {
        Problem::InvalidNumber
    };
    text.parse()
        .map_err(|_| (field.to_string(), super::messages::danish(field, problem)))
}

/// Save the quarter's plan.
pub async fn save_plan(
    req: HttpRequest,
    db: web::Data<Db>,
    quarter: web::Path<String>,
    form: web::Form<Submitted>,
) -> Result<HttpResponse, PageError> {
    let ctx = council(&req, &db, &quarter).await?;
    form::require_csrf(&req, &form)?;
    let typed = Some((
        form::text(&form, "days_before"),
        form::text(&form, "every_days"),
    ));
    let (before, every) = match (days(&form, "days_before"), days(&form, "every_days")) {
        (Ok(b), Ok(e)) => (b, e),
        (b, e) => {
            let errors = [b.err(), e.err()].into_iter().flatten().collect();
            return show(&req, &ctx, &db, typed, errors).await;
        }
    };
    let (who, code, active) = (
        ctx.acting(),
        ctx.quarter,
        form::text(&form, "active") == "ja",
    );
    match db
        .run(move |c| use_case::set_plan(c, &who, code, before, every, active))
        .await
    {
        Ok(_) => Ok(redirect(&address(code))),
        Err(e) => {
            let (_, errors) = form::refused(e, &["days_before", "every_days"])?;
            show(&req, &ctx, &db, typed, errors).await
        }
    }
}

/// "Send påmindelse nu": queue today's reminders and wake the sender.
pub async fn send_now(
    req: HttpRequest,
    db: web::Data<Db>,
    outgoing: web::Data<Outgoing>,
    quarter: web::Path<String>,
    form: web::Form<Submitted>,
) -> Result<HttpResponse, PageError> {
    let ctx = council(&req, &db, &quarter).await?;
    form::require_csrf(&req, &form)?;
    let (who, code, now) = (ctx.acting(), ctx.quarter, chrono::Utc::now().naive_utc());
    let head = outgoing.get_ref().clone();
    let queued = db
        .run(move |c| use_case::send_now(c, &who, code, now, head.letterhead()))
        .await;
    match queued {
        Ok(queued) => {
            outgoing.ring();
            Ok(redirect(&format!(
                "{}?sat-i-koe={}",
                address(code),
                queued.len()
            )))
        }
        Err(e) => {
            let (_, errors) = form::refused(e, &[])?;
            show(&req, &ctx, &db, None, errors).await
        }
    }
}
