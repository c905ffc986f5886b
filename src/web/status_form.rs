//! Indrapportér status: the quarterly form a project manager fills in,
//! pre-filled from the previous quarter, checked on the server, then
//! post/redirect/get to a receipt.

use super::context::{Cell, Ctx, Nav, PageError};
use super::messages::{danish, parameter_label};
use super::session::{csrf_ok, redirect};
use crate::db::status::{self as store, Reporter, StatusRow};
use crate::db::{projects, quarters, reports, write_transaction, Db};
use crate::domain::access::may_report_on;
use crate::domain::danish::format_date;
use crate::domain::quarter::Quarter;
use crate::domain::status::{Colour, Parameter, StatusReport};
use crate::error::AppError;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

pub struct ParamField {
    key: &'static str,
    label: &'static str,
    colour: String,
    comment: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "status_form.html")]
struct FormPage<'a> {
    nav: &'a Nav,
    project_id: i32,
    project: String,
    quarter: String,
    closed: Option<String>,
    errors: Vec<(String, String)>,
    prefilled_from: String,
    colours: [(&'static str, &'static str); 3],
    params: Vec<ParamField>,
    comment: String,
}

const COLOURS: [(&str, &str); 3] = [("green", "Grøn"), ("yellow", "Gul"), ("red", "Rød")];

/// Why the quarter takes no reports, in Danish; None when it does.
fn closed_reason(
    c: &mut crate::db::DbConnection,
    quarter: Quarter,
) -> Result<Option<String>, AppError> {
    if let Some(d) = reports::current_decision(c, quarter)? {
        return Ok(Some(format!(
            "Chefforum godkendte kvartalsrapporten for {quarter} den {}. Derfor kan status for kvartalet ikke længere ændres.",
            format_date(d.meeting_date)
        )));
    }
    if quarters::get(c, quarter)?.is_closed() {
        return Ok(Some(format!("Kvartalet {quarter} er lukket for indrapportering. Kontakt IT-projektrådet, hvis status skal rettes.")));
    }
    Ok(None)
}

fn fields_from(row: Option<&StatusRow>) -> Result<(Vec<ParamField>, String), AppError> {
    let params = Parameter::ALL
        .into_iter()
        .map(|p| {
            let (colour, comment) = match row {
                Some(r) => {
                    let (c, t) = r.colour(p);
                    (c.as_str().to_string(), t.to_string())
                }
                None => (String::new(), String::new()),
            };
            Ok(ParamField {
                key: p.as_str(),
                label: parameter_label(p),
                colour,
                comment,
                error: None,
            })
        })
        .collect::<Result<_, AppError>>()?;
    Ok((params, row.map(|r| r.comment.clone()).unwrap_or_default()))
}

async fn load(
    ctx: &Ctx,
    db: &Db,
    id: i32,
) -> Result<(String, Option<String>, Option<StatusRow>, String), PageError> {
    let (quarter, role, me) = (ctx.quarter, ctx.account.role, ctx.account.person_id);
    let (project, closed, prefill) = db
        .run(move |c| {
            let project = projects::get(c, id)?;
            if !may_report_on(role, me, project.manager_id, project.owner_id) {
                return Err(AppError::Forbidden(
                    "not the project's manager or owner".into(),
                ));
            }
            let closed = closed_reason(c, quarter)?;
            let prefill = match store::latest(c, id, quarter)? {
                Some(r) => Some((r, format!("din seneste indrapportering for {quarter}"))),
                None => store::latest_before(c, id, quarter)?.map(|r| {
                    let from = format!("status fra {}", r.quarter);
                    (r, from)
                }),
            };
            Ok((project.name, closed, prefill))
        })
        .await?;
    let (row, from) = match prefill {
        Some((r, from)) => (Some(r), from),
        None => (None, String::new()),
    };
    Ok((project, closed, row, from))
}

pub async fn form(
    req: HttpRequest,
    db: web::Data<Db>,
    path: web::Path<(i32, String)>,
) -> Result<HttpResponse, PageError> {
    let (id, quarter) = path.into_inner();
    let ctx = Ctx::load(&req, &db, Some(&quarter), "portefoelje").await?;
    let (project, closed, row, prefilled_from) = load(&ctx, &db, id).await?;
    let (params, comment) = fields_from(row.as_ref())?;
    let page = FormPage {
        nav: &ctx.nav,
        project_id: id,
        project,
        quarter: ctx.quarter.to_string(),
        closed,
        errors: vec![],
        prefilled_from,
        colours: COLOURS,
        params,
        comment,
    };
    ctx.render(&req, StatusCode::OK, page)
}

#[derive(Deserialize, Default)]
pub struct Submitted {
    #[serde(default)]
    csrf: String,
    ressourcer: Option<String>,
    #[serde(default)]
    ressourcer_kommentar: String,
    leverancer: Option<String>,
    #[serde(default)]
    leverancer_kommentar: String,
    tid: Option<String>,
    #[serde(default)]
    tid_kommentar: String,
    okonomi: Option<String>,
    #[serde(default)]
    okonomi_kommentar: String,
    #[serde(default)]
    kommentar: String,
}

impl Submitted {
    fn parameter(&self, p: Parameter) -> (Option<&str>, &str) {
        match p {
            Parameter::Ressourcer => (self.ressourcer.as_deref(), &self.ressourcer_kommentar),
            Parameter::Leverancer => (self.leverancer.as_deref(), &self.leverancer_kommentar),
            Parameter::Tid => (self.tid.as_deref(), &self.tid_kommentar),
            Parameter::Okonomi => (self.okonomi.as_deref(), &self.okonomi_kommentar),
        }
    }

    /// Every problem at once, each at its field, in Danish from the one table:
    /// the domain decides, the page only places and translates.
    fn check(&self) -> (Vec<ParamField>, Vec<(String, String)>, Option<StatusReport>) {
        let chosen = Parameter::ALL.map(|p| {
            let (colour, comment) = self.parameter(p);
            let colour = colour.and_then(|c| Colour::parse("colour", c).ok());
            (colour, comment.to_string())
        });
        match StatusReport::check(chosen, &self.kommentar) {
            Ok(report) => (self.fields(&[]), vec![], Some(report)),
            Err(problems) => {
                let errors: Vec<(String, String)> = problems
                    .iter()
                    .map(|p| (form_id(&p.field), danish(&p.field, p.problem)))
                    .collect();
                (self.fields(&errors), errors, None)
            }
        }
    }

    /// The four parameters as the form shows them, each with its first problem.
    fn fields(&self, errors: &[(String, String)]) -> Vec<ParamField> {
        Parameter::ALL
            .into_iter()
            .map(|p| {
                let (colour, comment) = self.parameter(p);
                let comment_id = format!("{}_kommentar", p.as_str());
                ParamField {
                    key: p.as_str(),
                    label: parameter_label(p),
                    colour: colour.unwrap_or("").to_string(),
                    comment: comment.to_string(),
                    error: errors
                        .iter()
                        .find(|(id, _)| id == p.as_str() || *id == comment_id)
                        .map(|(_, text)| text.clone()),
                }
            })
            .collect()
    }
}

/// The form's input id of a domain field: `tid.colour` is `tid`,
/// `tid.comment` is `tid_kommentar`, `comment` is `kommentar`.
fn form_id(field: &str) -> String {
    match field.split_once('.') {
        Some((parameter, "colour")) => parameter.to_string(),
        Some((parameter, _)) => format!("{parameter}_kommentar"),
        None => "kommentar".to_string(),
    }
}

pub async fn submit(
    req: HttpRequest,
    db: web::Data<Db>,
    path: web::Path<(i32, String)>,
    form: web::Form<Submitted>,
) -> Result<HttpResponse, PageError> {
    let (id, quarter_code) = path.into_inner();
    let ctx = Ctx::load(&req, &db, Some(&quarter_code), "portefoelje").await?;
    if !csrf_ok(&req, &form.csrf) {
        return Err(AppError::Forbidden("csrf".into()).into());
    }
    let (project, closed, _, _) = load(&ctx, &db, id).await?;
    let (params, errors, report) = form.check();
    let quarter = ctx.quarter;
    let (errors, closed) = match (report, closed) {
        (Some(report), None) => {
            let (actor, me, role) = (ctx.actor(), ctx.account.person_id, ctx.account.role);
            let stored = db
                .run(move |c| {
                    write_transaction(c, |c| {
                        let reporter = Reporter {
                            person_id: Some(me),
                            at: None,
                        };
                        crate::app::status::report(
                            c, &actor, role, me, id, quarter, &report, &reporter,
                        )
                    })
                })
                .await;
            match stored {
                Ok(_) => {
                    return Ok(redirect(&format!(
                        "/projekter/{id}/status/{quarter}/kvittering"
                    )))
                }
                // The quarter closed between the form and the submit.
                Err(AppError::Conflict { .. }) => (
                    vec![],
                    Some(
                        db.run(move |c| closed_reason(c, quarter))
                            .await?
                            .unwrap_or_default(),
                    ),
                ),
                Err(e) => return Err(e.into()),
            }
        }
        (_, closed) => (errors, closed),
    };
    let status = if closed.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = FormPage {
        nav: &ctx.nav,
        project_id: id,
        project,
        quarter: quarter.to_string(),
        closed,
        errors,
        prefilled_from: String::new(),
        colours: COLOURS,
        params,
        comment: form.kommentar.clone(),
    };
    ctx.render(&req, status, page)
}

#[derive(Template)]
#[template(path = "receipt.html")]
struct Receipt<'a> {
    nav: &'a Nav,
    project_id: i32,
    project: String,
    quarter: String,
    version: i32,
    at: String,
    rows: Vec<(&'static str, Cell, String)>,
    comment: String,
}

pub async fn receipt(
    req: HttpRequest,
    db: web::Data<Db>,
    path: web::Path<(i32, String)>,
) -> Result<HttpResponse, PageError> {
    let (id, quarter) = path.into_inner();
    let ctx = Ctx::load(&req, &db, Some(&quarter), "portefoelje").await?;
    let q = ctx.quarter;
    let (project, row) = db
        .run(move |c| {
            let p = projects::get(c, id)?;
            let row =
                store::latest(c, id, q)?.ok_or_else(|| AppError::NotFound("no report".into()))?;
            Ok((p.name, row))
        })
        .await?;
    let rows = Parameter::ALL
        .into_iter()
        .map(|p| {
            let (colour, comment) = row.colour(p);
            Ok((
                parameter_label(p),
                Cell::of(Some(colour)),
                comment.to_string(),
            ))
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let page = Receipt {
        nav: &ctx.nav,
        project_id: id,
        project,
        quarter: q.to_string(),
        version: row.version,
        at: row.reported_at.format("%d-%m-%Y kl. %H:%M").to_string(),
        rows,
        comment: row.comment.clone(),
    };
    ctx.render(&req, StatusCode::OK, page)
}
