//! Baseline (the council): a project's baselines with the reason for each,
//! and the form that sets a new one through `app::baselines::rebaseline`;
//! Tolerancer: the thresholds of the suggested colours.

use super::context::{Ctx, Nav, PageError};
use super::filters;
use super::form::{self, Errors, Submitted};
use super::session::redirect;
use crate::app::baselines::{self as use_case, BaselineView, Rebaselining, ToleranceView};
use crate::app::projects::detail_of;
use crate::db::Db;
use crate::domain::access::Action;
use crate::domain::danish::{format_amount, format_date, parse_kroner};
use crate::domain::Problem;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

#[derive(Template)]
#[template(path = "baseline.html")]
struct BaselinePage<'a> {
    nav: &'a Nav,
    project_id: i32,
    project: String,
    history: Vec<BaselineView>,
    errors: Errors,
    planned_end: String,
    budget: String,
    reason: String,
}

impl BaselinePage<'_> {
    fn error(&self, field: &str) -> Option<String> {
        self.errors
            .iter()
            .find(|(k, _)| k == field)
            .map(|(_, m)| m.clone())
    }
}

/// What the form holds: typed, or the current baseline to start from.
struct Entered {
    planned_end: String,
    budget: String,
    reason: String,
}

async fn show(
    req: &HttpRequest,
    ctx: &Ctx,
    db: &Db,
    id: i32,
    entered: Option<Entered>,
    (status, errors): (StatusCode, Errors),
) -> Result<HttpResponse, PageError> {
    let (project, history) = db
        .run(move |c| Ok((detail_of(c, id)?.project.name, use_case::history(c, id)?)))
        .await?;
    let entered = entered.unwrap_or_else(|| {
        let current = history.iter().find(|b| b.is_current);
        Entered {
            planned_end: current
                .and_then(|b| b.planned_end)
                .map(format_date)
                .unwrap_or_default(),
            budget: current.map(|b| format_amount(b.budget)).unwrap_or_default(),
            reason: String::new(),
        }
    });
    let page = BaselinePage {
        nav: &ctx.nav,
        project_id: id,
        project,
        history,
        errors,
        planned_end: entered.planned_end,
        budget: entered.budget,
        reason: entered.reason,
    };
    ctx.render(req, status, page)
}

async fn council(req: &HttpRequest, db: &Db) -> Result<Ctx, PageError> {
    let ctx = Ctx::load(req, db, None, "portefoelje").await?;
    ctx.require(Action::ManagePortfolio)?;
    Ok(ctx)
}

pub async fn page(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let ctx = council(&req, &db).await?;
    show(
        &req,
        &ctx,
        &db,
        id.into_inner(),
        None,
        (StatusCode::OK, vec![]),
    )
    .await
}

/// The form's strings as a re-baselining, or the problems in Danish.
fn parse(submitted: &Submitted) -> Result<Rebaselining, Errors> {
    let mut errors = vec![];
    let planned_end = match form::text(submitted, "planned_end").as_str() {
        "" => None,
        _ => form::date(submitted, "planned_end")
            .map_err(|e| errors.extend(e))
            .ok(),
    };
    let budget = parse_kroner(&form::text(submitted, "budget")).unwrap_or_else(|| {
        let message = super::messages::danish("budget", Problem::InvalidNumber);
        errors.push(("budget".into(), message));
        0
    });
    let reason = submitted.get("reason").cloned().unwrap_or_default();
    match errors.is_empty() {
        true => Ok(Rebaselining {
            planned_end,
            budget,
            reason,
        }),
        false => Err(errors),
    }
}

pub async fn submit(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
    submitted: web::Form<Submitted>,
) -> Result<HttpResponse, PageError> {
    let ctx = council(&req, &db).await?;
    form::require_csrf(&req, &submitted)?;
    let id = id.into_inner();
    let entered = Entered {
        planned_end: form::text(&submitted, "planned_end"),
        budget: form::text(&submitted, "budget"),
        reason: submitted.get("reason").cloned().unwrap_or_default(),
    };
    let refused = match parse(&submitted) {
        Err(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
        Ok(input) => {
            let who = ctx.acting();
            let done = db
                .run(move |c| use_case::rebaseline(c, &who, id, &input))
                .await;
            match done {
                Ok(_) => return Ok(redirect(&format!("/projekter/{id}#baseline"))),
                Err(e) => form::refused(e, &["planned_end", "budget", "reason"])?,
            }
        }
    };
    show(&req, &ctx, &db, id, Some(entered), refused).await
}

#[derive(Template)]
#[template(path = "tolerances.html")]
struct TolerancePage<'a> {
    nav: &'a Nav,
    fields: Vec<(&'static str, &'static str, String, Option<String>)>,
    errors: Errors,
    saved: bool,
}

/// (field, Danish label) in the form's order.
const TOLERANCE_FIELDS: [(&str, &str); 4] = [
    (
        "time_yellow_months",
        "Tid er gul fra dette antal måneder efter baseline-slutdatoen",
    ),
    ("time_red_months", "Tid er rød ud over dette antal måneder"),
    (
        "cost_yellow_percent",
        "Økonomi er gul over denne procent over baseline-budgettet",
    ),
    ("cost_red_percent", "Økonomi er rød over denne procent"),
];

fn tolerance_page<'a>(
    ctx: &'a Ctx,
    values: [String; 4],
    errors: Errors,
    saved: bool,
) -> TolerancePage<'a> {
    let fields = TOLERANCE_FIELDS
        .iter()
        .zip(values)
        .map(|((key, label), value)| {
            let error = errors
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, m)| m.clone());
            (*key, *label, value, error)
        })
        .collect();
    TolerancePage {
        nav: &ctx.nav,
        fields,
        errors,
        saved,
    }
}

pub async fn tolerances(req: HttpRequest, db: web::Data<Db>) -> Result<HttpResponse, PageError> {
    let ctx = Ctx::load(&req, &db, None, "kvartaler").await?;
    ctx.require(Action::ManagePortfolio)?;
    let t = db.run(use_case::tolerances).await?;
    let values = [
        t.time_yellow_months,
        t.time_red_months,
        t.cost_yellow_percent,
        t.cost_red_percent,
    ]
    .map(|v| v.to_string());
    let saved = req.query_string().contains("gemt");
    ctx.render(
        &req,
        StatusCode::OK,
        tolerance_page(&ctx, values, vec![], saved),
    )
}

pub async fn set_tolerances(
    req: HttpRequest,
    db: web::Data<Db>,
    submitted: web::Form<Submitted>,
) -> Result<HttpResponse, PageError> {
    let ctx = Ctx::load(&req, &db, None, "kvartaler").await?;
    ctx.require(Action::ManagePortfolio)?;
    form::require_csrf(&req, &submitted)?;
    let values = TOLERANCE_FIELDS.map(|(key, _)| form::text(&submitted, key));
    let mut errors: Errors = vec![];
    let numbers = TOLERANCE_FIELDS.map(|(key, _)| {
        form::text(&submitted, key)
            .parse::<u32>()
            .unwrap_or_else(|_| {
                errors.push((
                    key.into(),
                    super::messages::danish(key, Problem::OutOfRange),
                ));
                0
            })
    });
    if errors.is_empty() {
        let wanted = ToleranceView {
            time_yellow_months: numbers[0],
            time_red_months: numbers[1],
            cost_yellow_percent: numbers[2],
            cost_red_percent: numbers[3],
        };
        let who = ctx.acting();
        match db
            .run(move |c| use_case::set_tolerances(c, &who, wanted))
            .await
        {
            Ok(_) => return Ok(redirect("/administration/tolerancer?gemt")),
            Err(e) => errors = form::refused(e, &TOLERANCE_FIELDS.map(|(k, _)| k))?.1,
        }
    }
    let page = tolerance_page(&ctx, values, errors, false);
    ctx.render(&req, StatusCode::UNPROCESSABLE_ENTITY, page)
}
