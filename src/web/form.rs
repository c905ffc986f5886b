//! What the council's and Chefforum's small forms share: the CSRF check,
//! reading a field, a date as Danes write it, and a refused use case shown
//! at its field (or above the form) with the right status.

use super::context::PageError;
use super::messages::{danish, for_form, for_form_about, Subject};
use super::session::csrf_ok;
use crate::domain::danish::parse_date;
use crate::domain::Problem;
use crate::error::AppError;
use actix_web::http::StatusCode;
use actix_web::HttpRequest;
use chrono::NaiveDate;
use std::collections::HashMap;

/// Problems to show: (the field's id, or empty for the form, the Danish text).
pub type Errors = Vec<(String, String)>;

/// A submitted form, as its strings.
pub type Submitted = HashMap<String, String>;

/// A form without the session's CSRF token is refused outright (403).
pub fn require_csrf(req: &HttpRequest, form: &Submitted) -> Result<(), PageError> {
    if csrf_ok(req, form.get("csrf").map(String::as_str).unwrap_or("")) {
        Ok(())
    } else {
        Err(AppError::Forbidden("csrf".into()).into())
    }
}

/// A field's value, trimmed (empty when not sent).
pub fn text(form: &Submitted, key: &str) -> String {
    form.get(key)
        .map(|v| v.trim().to_string())
        .unwrap_or_default()
}

/// A required date in `field` (dd-mm-åååå, or ISO as a date input sends it).
pub fn date(form: &Submitted, field: &str) -> Result<NaiveDate, Errors> {
    let value = text(form, field);
    let problem = if value.is_empty() {
        Problem::Required
    } else {
        match parse_date(&value) {
            Some(day) => return Ok(day),
            None => Problem::InvalidDate,
        }
    };
    Err(vec![(field.to_string(), danish(field, problem))])
}

/// A refused use case as problems on the form: at the field when the form
/// has it (`fields` are the use case's names), else above the form; 409 for
/// a conflict with what is stored, 422 for bad input. Errors that are not
/// the user's to correct become the error page.
pub fn refused(e: AppError, fields: &[&str]) -> Result<(StatusCode, Errors), PageError> {
    let shown = for_form(&e);
    at_fields(e, shown, fields)
}

/// [`refused`] on a form about `subject` (its messages name the thing).
pub fn refused_about(
    subject: Subject,
    e: AppError,
    fields: &[&str],
) -> Result<(StatusCode, Errors), PageError> {
    let shown = for_form_about(subject, &e);
    at_fields(e, shown, fields)
}

fn at_fields(
    e: AppError,
    shown: Option<(String, String)>,
    fields: &[&str],
) -> Result<(StatusCode, Errors), PageError> {
    let status = match e {
        AppError::Conflict { .. } | AppError::PreconditionFailed(_) => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let (field, text) = shown.ok_or(PageError::App(e))?;
    let field = if fields.contains(&field.as_str()) {
        field
    } else {
        String::new()
    };
    Ok((status, vec![(field, text)]))
}

/// The page context for a page about one project that its manager or owner,
/// or the council, may use (milestones, benefits); the project's name with it.
pub async fn for_project_people(
    req: &HttpRequest,
    db: &crate::db::Db,
    id: i32,
) -> Result<(super::context::Ctx, String), PageError> {
    let ctx = super::context::Ctx::load(req, db, None, "portefoelje").await?;
    let project = db
        .run(move |c| crate::app::projects::detail_of(c, id))
        .await?
        .project;
    let (manager, owner) = (project.manager.map(|m| m.id), project.owner.map(|o| o.id));
    if !crate::domain::access::may_report_on(
        ctx.account.role,
        ctx.account.person_id,
        manager,
        owner,
    ) {
        return Err(AppError::Forbidden("not the project's manager or owner".into()).into());
    }
    Ok((ctx, project.name))
}

/// A page of several small forms (one per milestone, area or matter): which
/// form the problems belong to, the problems and what was typed into it.
pub struct FormState {
    /// The form's name, which also starts its inputs' ids ("overlap", "sag-7").
    pub form: String,
    pub errors: Errors,
    pub entered: Submitted,
}

impl FormState {
    /// What was typed into `key` of `form`, else `default`.
    pub fn value(&self, form: &str, key: &str, default: &str) -> String {
        match (self.form == form, self.entered.get(key)) {
            (true, Some(v)) => v.clone(),
            _ => default.to_string(),
        }
    }

    /// The problem with `key` of `form`, if that form was sent.
    pub fn error(&self, form: &str, key: &str) -> Option<String> {
        (self.form == form)
            .then(|| {
                self.errors
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, m)| m.clone())
            })
            .flatten()
    }

    /// The problems as the error summary links them, to `{prefix}{form}-{field}`.
    pub fn summary(&self, prefix: &str) -> Errors {
        self.errors
            .iter()
            .map(|(k, m)| match k.as_str() {
                "" => (String::new(), m.clone()),
                k => (format!("{prefix}{}-{k}", self.form), m.clone()),
            })
            .collect()
    }
}
