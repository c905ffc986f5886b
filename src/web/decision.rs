//! Chefforum's decision on a quarter's report (Chefforum and the
//! administrator): meeting date, journal number and text, or a correction of
//! the decision already recorded, through `app::decisions::decide`.

use super::context::{Ctx, Nav, PageError};
use super::filters;
use super::form::{self, Errors, Submitted};
use super::messages::danish;
use super::session::redirect;
use crate::app::decisions::{self as use_case, DecisionView};
use crate::db::Db;
use crate::domain::access::Action;
use crate::domain::danish::format_date;
use crate::domain::decision::Decision;
use crate::domain::quarter::Quarter;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::NaiveDateTime;

const UNPROCESSABLE: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;

/// One decision on the quarter, as the history lists it.
pub struct DecisionEntry {
    pub meeting_date: chrono::NaiveDate,
    pub text: String,
    pub case_number: Option<String>,
    pub recorded_at: NaiveDateTime,
    pub is_current: bool,
}

impl From<DecisionView> for DecisionEntry {
    fn from(d: DecisionView) -> Self {
        Self {
            meeting_date: d.meeting_date,
            text: d.text,
            case_number: d.case_number,
            recorded_at: d.recorded_at.naive_utc(),
            is_current: d.is_current,
        }
    }
}

/// Every decision on the quarter, the current one first.
pub async fn history(db: &Db, quarter: Quarter) -> Result<Vec<DecisionEntry>, PageError> {
    let views = db.run(move |c| use_case::history(c, quarter)).await?;
    Ok(views.into_iter().map(DecisionEntry::from).collect())
}

/// The form's values as typed.
#[derive(Default)]
struct Values {
    meeting_date: String,
    case_number: String,
    text: String,
    correction: bool,
}

#[derive(Template)]
#[template(path = "decision_form.html")]
struct DecisionPage<'a> {
    nav: &'a Nav,
    errors: Errors,
    current: Option<DecisionEntry>,
    v: Values,
}

impl DecisionPage<'_> {
    fn error(&self, field: &str) -> Option<String> {
        self.errors
            .iter()
            .find(|(k, _)| k == field)
            .map(|(_, m)| m.clone())
    }

    /// The correction choice shows once there is a decision to correct, or
    /// when it was sent and refused.
    fn offers_correction(&self) -> bool {
        self.current.is_some() || self.error("correction").is_some()
    }
}

async fn show(
    req: &HttpRequest,
    ctx: &Ctx,
    db: &Db,
    v: Values,
    (status, errors): (StatusCode, Errors),
) -> Result<HttpResponse, PageError> {
    let current = history(db, ctx.quarter)
        .await?
        .into_iter()
        .find(|d| d.is_current);
    let page = DecisionPage {
        nav: &ctx.nav,
        errors,
        current,
        v,
    };
    ctx.render(req, status, page)
}

async fn chefforum(req: &HttpRequest, db: &Db, quarter: &str) -> Result<Ctx, PageError> {
    let ctx = Ctx::load(req, db, Some(quarter), "rapport").await?;
    ctx.require(Action::Decide)?;
    Ok(ctx)
}

pub async fn form(
    req: HttpRequest,
    db: web::Data<Db>,
    quarter: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let ctx = chefforum(&req, &db, &quarter).await?;
    let v = Values {
        meeting_date: format_date(chrono::Utc::now().date_naive()),
        text: "Godkendte indstillingen.".into(),
        ..Values::default()
    };
    show(&req, &ctx, &db, v, (StatusCode::OK, vec![])).await
}

/// The form's strings to a decision, every problem in Danish at its field.
fn parse(v: &Values) -> Result<Decision, Errors> {
    let form = Submitted::from([("meeting_date".to_string(), v.meeting_date.clone())]);
    let day = form::date(&form, "meeting_date");
    let fallback = chrono::Utc::now().date_naive();
    let case_number = Some(v.case_number.as_str());
    let decision = Decision::parse(
        *day.as_ref().unwrap_or(&fallback),
        &v.text,
        case_number,
        v.correction,
    )
    .map_err(|e| vec![(e.field.clone(), danish(&e.field, e.problem))]);
    match (day, decision) {
        (Ok(_), Ok(decision)) => Ok(decision),
        (day, decision) => {
            let mut errors = day.err().unwrap_or_default();
            errors.extend(decision.err().unwrap_or_default());
            Err(errors)
        }
    }
}

pub async fn submit(
    req: HttpRequest,
    db: web::Data<Db>,
    quarter: web::Path<String>,
    form: web::Form<Submitted>,
) -> Result<HttpResponse, PageError> {
    let ctx = chefforum(&req, &db, &quarter).await?;
    form::require_csrf(&req, &form)?;
    let v = Values {
        meeting_date: form::text(&form, "meeting_date"),
        case_number: form::text(&form, "case_number"),
        text: form.get("text").cloned().unwrap_or_default(),
        correction: form::text(&form, "correction") == "ja",
    };
    let decision = match parse(&v) {
        Ok(decision) => decision,
        Err(errors) => return show(&req, &ctx, &db, v, (UNPROCESSABLE, errors)).await,
    };
    let (who, code) = (ctx.acting(), ctx.quarter);
    match db
        .run(move |c| use_case::decide(c, &who, code, &decision))
        .await
    {
        Ok(_) => Ok(redirect(&format!("/kvartalsrapport/{code}#beslutninger"))),
        Err(e) => {
            let shown = form::refused(e, &FIELDS)?;
            show(&req, &ctx, &db, v, shown).await
        }
    }
}

/// The form's fields, named as the use case names them.
const FIELDS: [&str; 4] = ["meeting_date", "case_number", "text", "correction"];
