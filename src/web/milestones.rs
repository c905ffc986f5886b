//! Milepæle: a project's milestones for its manager, owner or the council,
//! each with a small form to move, complete or remove it, and one to add a
//! new one; through `app::milestones`, refusals shown in Danish.

use super::context::{Nav, PageError};
use super::filters;
use super::form::{self, Errors, FormState, Submitted};
use super::session::redirect;
use crate::app::milestones::{self as use_case, MilestoneView};
use crate::db::Db;
use crate::domain::danish::{format_date, parse_date};
use crate::domain::milestone::MilestoneInput;
use crate::domain::Problem;
use crate::error::AppError;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

#[derive(Template)]
#[template(path = "milestones.html")]
struct MilestonesPage<'a> {
    nav: &'a Nav,
    project_id: i32,
    project: String,
    milestones: Vec<MilestoneView>,
    /// The form sent ("ny" or a milestone's id), its problems and what was typed.
    sent: FormState,
    /// The problems as the summary links them, to the inputs' ids.
    summary: Errors,
}

impl MilestonesPage<'_> {
    /// The inputs of a milestone's own form: (id, name, label, value, problem).
    fn inputs(&self, ms: &MilestoneView) -> Vec<Input> {
        let form = ms.id.to_string();
        let day = |d: Option<chrono::NaiveDate>| d.map(format_date).unwrap_or_default();
        [
            ("moved_to", "Ny dato (dd-mm-åååå)", day(ms.moved_to)),
            ("done_on", "Nået den (dd-mm-åååå)", day(ms.done_on)),
        ]
        .into_iter()
        .map(|(key, label, default)| Input {
            id: format!("{key}-{}", ms.id),
            key,
            label,
            value: self.sent.value(&form, key, &default),
            error: self.sent.error(&form, key),
        })
        .collect()
    }

    /// The inputs of the form for a new milestone.
    fn new_inputs(&self) -> Vec<Input> {
        [
            (
                "name",
                "Milepæl, fx «Udbudsmaterialet uploades til EU-Supply»",
            ),
            ("planned", "Planlagt dato (dd-mm-åååå)"),
        ]
        .into_iter()
        .map(|(key, label)| Input {
            id: format!("ny-{key}"),
            key,
            label,
            value: self.sent.value("ny", key, ""),
            error: self.sent.error("ny", key),
        })
        .collect()
    }

    fn new_is_tender(&self) -> bool {
        self.sent.value("ny", "tender", "") == "ja"
    }
}

/// One text input of a form, with what it holds and its problem.
pub struct Input {
    id: String,
    key: &'static str,
    label: &'static str,
    value: String,
    error: Option<String>,
}

async fn show(
    req: &HttpRequest,
    db: &Db,
    id: i32,
    (form, status, errors, entered): (String, StatusCode, Errors, Submitted),
) -> Result<HttpResponse, PageError> {
    let (ctx, project) = form::for_project_people(req, db, id).await?;
    let milestones = db.run(move |c| use_case::list(c, id)).await?;
    let anchor = |key: &str| match (key, form.as_str()) {
        ("", _) => String::new(),
        (key, "ny") => format!("ny-{key}"),
        (key, milestone) => format!("{key}-{milestone}"),
    };
    let summary = errors.iter().map(|(k, m)| (anchor(k), m.clone())).collect();
    let page = MilestonesPage {
        summary,
        nav: &ctx.nav,
        project_id: id,
        project,
        milestones,
        sent: FormState {
            form,
            errors,
            entered,
        },
    };
    ctx.render(req, status, page)
}

pub async fn page(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let nothing = (String::new(), StatusCode::OK, vec![], Submitted::new());
    show(&req, &db, id.into_inner(), nothing).await
}

/// The form's strings as a milestone, or the problems in Danish.
fn parse(f: &Submitted) -> Result<MilestoneInput, Errors> {
    let mut errors: Errors = vec![];
    let mut day = |key: &str| match form::text(f, key).as_str() {
        "" => None,
        v => parse_date(v).or_else(|| {
            let message = super::messages::danish(key, Problem::InvalidDate);
            errors.push((key.to_string(), message));
            None
        }),
    };
    let input = MilestoneInput {
        name: form::text(f, "name"),
        tender: form::text(f, "tender") == "ja",
        planned: day("planned"),
        moved_to: day("moved_to"),
        done_on: day("done_on"),
        note: f.get("note").cloned().unwrap_or_default(),
    };
    match errors.is_empty() {
        true => Ok(input),
        false => Err(errors),
    }
}

const FIELDS: [&str; 5] = ["name", "planned", "moved_to", "done_on", "note"];

/// Carry out a change and go back to the list, or show it with the problems.
async fn done(
    req: &HttpRequest,
    db: &Db,
    id: i32,
    (which, submitted): (String, Submitted),
    result: Result<(), AppError>,
) -> Result<HttpResponse, PageError> {
    match result {
        Ok(()) => Ok(redirect(&format!("/projekter/{id}/milepaele"))),
        Err(e) => {
            let (status, errors) = form::refused(e, &FIELDS)?;
            show(req, db, id, (which, status, errors, submitted)).await
        }
    }
}

pub async fn add(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
    submitted: web::Form<Submitted>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let (ctx, _) = form::for_project_people(&req, &db, id).await?;
    form::require_csrf(&req, &submitted)?;
    let submitted = submitted.into_inner();
    let input = match parse(&submitted) {
        Ok(input) => input,
        Err(errors) => {
            let refused = (
                "ny".into(),
                StatusCode::UNPROCESSABLE_ENTITY,
                errors,
                submitted,
            );
            return show(&req, &db, id, refused).await;
        }
    };
    let who = ctx.acting();
    let result = db
        .run(move |c| use_case::create(c, &who, id, input))
        .await
        .map(|_| ());
    done(&req, &db, id, ("ny".into(), submitted), result).await
}

pub async fn change(
    req: HttpRequest,
    db: web::Data<Db>,
    path: web::Path<(i32, i32)>,
    submitted: web::Form<Submitted>,
) -> Result<HttpResponse, PageError> {
    let (id, milestone) = path.into_inner();
    let (ctx, _) = form::for_project_people(&req, &db, id).await?;
    form::require_csrf(&req, &submitted)?;
    let submitted = submitted.into_inner();
    let which = milestone.to_string();
    let who = ctx.acting();
    let result = if form::text(&submitted, "handling") == "slet" {
        db.run(move |c| use_case::remove(c, &who, milestone)).await
    } else {
        let input = match parse(&submitted) {
            Ok(input) => input,
            Err(errors) => {
                let refused = (which, StatusCode::UNPROCESSABLE_ENTITY, errors, submitted);
                return show(&req, &db, id, refused).await;
            }
        };
        let today = chrono::Utc::now().date_naive();
        db.run(move |c| use_case::update(c, &who, milestone, input, today))
            .await
            .map(|_| ())
    };
    done(&req, &db, id, (which, submitted), result).await
}
