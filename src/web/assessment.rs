//! ITP-vurdering (the council): its own colour and why per parameter of a
//! project's quarter, beside the project manager's, through
//! `app::assessments::assess`; refusals shown in Danish at their fields.

use super::context::{Cell, Ctx, Nav, PageError};
use super::filters;
use super::form::{self, Errors, Submitted};
use super::messages::{danish, parameter_label};
use super::session::redirect;
use crate::app::assessments as use_case;
use crate::app::projects::detail_of;
use crate::db::{status, Db};
use crate::domain::access::Action;
use crate::domain::assessment::Assessment;
use crate::domain::status::{Colour, Parameter};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

/// One parameter of the form: the project manager's colour and the council's.
pub struct Row {
    key: &'static str,
    label: &'static str,
    reported: Cell,
    council: String,
    comment: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "assessment.html")]
struct AssessmentPage<'a> {
    nav: &'a Nav,
    project_id: i32,
    project: String,
    rows: Vec<Row>,
    comment: String,
    errors: Errors,
}

/// The choices of each parameter's select: no own colour, or one of three.
const CHOICES: [(&str, &str); 4] = [
    ("", "Ingen egen vurdering"),
    ("green", "Grøn"),
    ("yellow", "Gul"),
    ("red", "Rød"),
];

impl AssessmentPage<'_> {
    fn choices(&self) -> &'static [(&'static str, &'static str); 4] {
        &CHOICES
    }
}

async fn show(
    req: &HttpRequest,
    ctx: &Ctx,
    db: &Db,
    id: i32,
    entered: Option<&Submitted>,
    (status_code, errors): (StatusCode, Errors),
) -> Result<HttpResponse, PageError> {
    let quarter = ctx.quarter;
    let (project, reported, stored) = db
        .run(move |c| {
            let project = detail_of(c, id)?.project.name;
            let reported = status::latest(c, id, quarter)?;
            let stored = use_case::get(c, id, quarter)?;
            Ok((project, reported, stored))
        })
        .await?;
    let rows = Parameter::ALL
        .into_iter()
        .map(|p| {
            let key = p.as_str();
            let comment_key = format!("{key}_kommentar");
            let (council, comment) = match (entered, &stored) {
                (Some(f), _) => (
                    form::text(f, key),
                    f.get(&comment_key).cloned().unwrap_or_default(),
                ),
                (None, Some(s)) => {
                    let part = match p {
                        Parameter::Ressourcer => &s.ressourcer,
                        Parameter::Leverancer => &s.leverancer,
                        Parameter::Tid => &s.tid,
                        Parameter::Okonomi => &s.okonomi,
                    };
                    let colour = part.colour.map(|c| Colour::from(c).as_str().to_string());
                    (colour.unwrap_or_default(), part.comment.clone())
                }
                (None, None) => (String::new(), String::new()),
            };
            Row {
                key,
                label: parameter_label(p),
                reported: Cell::of(reported.as_ref().map(|r| r.colour(p).0)),
                council,
                comment,
                error: errors
                    .iter()
                    .find(|(k, _)| *k == comment_key)
                    .map(|(_, m)| m.clone()),
            }
        })
        .collect();
    let comment = match (entered, &stored) {
        (Some(f), _) => f.get("kommentar").cloned().unwrap_or_default(),
        (None, Some(s)) => s.comment.clone(),
        (None, None) => String::new(),
    };
    let page = AssessmentPage {
        nav: &ctx.nav,
        project_id: id,
        project,
        rows,
        comment,
        errors,
    };
    ctx.render(req, status_code, page)
}

async fn council(req: &HttpRequest, db: &Db, quarter: &str) -> Result<Ctx, PageError> {
    let ctx = Ctx::load(req, db, Some(quarter), "portefoelje").await?;
    ctx.require(Action::ManagePortfolio)?;
    Ok(ctx)
}

pub async fn page(
    req: HttpRequest,
    db: web::Data<Db>,
    path: web::Path<(i32, String)>,
) -> Result<HttpResponse, PageError> {
    let (id, quarter) = path.into_inner();
    let ctx = council(&req, &db, &quarter).await?;
    show(&req, &ctx, &db, id, None, (StatusCode::OK, vec![])).await
}

/// The form's strings as an assessment, or the problems in Danish at the
/// inputs' ids (`tid.comment` is `tid_kommentar`).
fn parse(f: &Submitted) -> Result<Assessment, Errors> {
    let colours = Parameter::ALL.map(|p| Colour::parse("colour", &form::text(f, p.as_str())).ok());
    let comments = Parameter::ALL.map(|p| {
        f.get(&format!("{}_kommentar", p.as_str()))
            .cloned()
            .unwrap_or_default()
    });
    let comment = f.get("kommentar").cloned().unwrap_or_default();
    Assessment::check(colours, comments, &comment).map_err(|problems| {
        problems
            .into_iter()
            .map(|e| {
                let id = match e.field.split_once('.') {
                    Some((parameter, _)) => format!("{parameter}_kommentar"),
                    None => "kommentar".into(),
                };
                let message = match e.problem {
                    crate::domain::Problem::Required => {
                        "Skriv, hvorfor IT-projektrådet vurderer parameteren sådan.".to_string()
                    }
                    problem => danish(&e.field, problem),
                };
                (id, message)
            })
            .collect()
    })
}

pub async fn submit(
    req: HttpRequest,
    db: web::Data<Db>,
    path: web::Path<(i32, String)>,
    submitted: web::Form<Submitted>,
) -> Result<HttpResponse, PageError> {
    let (id, quarter) = path.into_inner();
    let ctx = council(&req, &db, &quarter).await?;
    form::require_csrf(&req, &submitted)?;
    let refused = match parse(&submitted) {
        Err(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
        Ok(assessment) => {
            let (who, q) = (ctx.acting(), ctx.quarter);
            let done = db
                .run(move |c| use_case::assess(c, &who, id, q, &assessment))
                .await;
            match done {
                Ok(_) => return Ok(redirect(&format!("/projekter/{id}?kvartal={q}#vurdering"))),
                Err(e) => form::refused(e, &[])?,
            }
        }
    };
    show(&req, &ctx, &db, id, Some(&submitted), refused).await
}
