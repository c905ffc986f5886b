//! Gevinster: a project's benefits with the values measured, for its
//! manager, owner or the council: add a benefit, record a value, record the
//! follow-up after completion; through `app::benefits`, refusals in Danish.

use super::context::{Nav, PageError};
use super::filters;
use super::form::{self, Errors, Submitted};
use super::session::redirect;
use crate::app::benefits::{self as use_case, BenefitsView};
use crate::db::Db;
use crate::domain::benefit::BenefitInput;
use crate::domain::danish::{format_number, parse_date, parse_number};
use crate::domain::Problem;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

#[derive(Template)]
#[template(path = "benefits.html")]
struct BenefitsPage<'a> {
    nav: &'a Nav,
    project_id: i32,
    project: String,
    view: BenefitsView,
    errors: Errors,
    entered: Submitted,
}

impl BenefitsPage<'_> {
    fn value(&self, key: &str) -> String {
        self.entered.get(key).cloned().unwrap_or_default()
    }

    fn error(&self, key: &str) -> Option<String> {
        self.errors
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, m)| m.clone())
    }

    fn number(&self, v: &Option<f64>) -> String {
        v.map(format_number).unwrap_or_else(|| "–".into())
    }

    fn reading(&self, v: &f64) -> String {
        format_number(*v)
    }
}

async fn show(
    req: &HttpRequest,
    db: &Db,
    id: i32,
    (status, errors, entered): (StatusCode, Errors, Submitted),
) -> Result<HttpResponse, PageError> {
    let (ctx, project) = form::for_project_people(req, db, id).await?;
    let view = db.run(move |c| use_case::list(c, id)).await?;
    let page = BenefitsPage {
        nav: &ctx.nav,
        project_id: id,
        project,
        view,
        errors,
        entered,
    };
    ctx.render(req, status, page)
}

pub async fn page(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    show(
        &req,
        &db,
        id.into_inner(),
        (StatusCode::OK, vec![], Submitted::new()),
    )
    .await
}

/// Reads a form's numbers and dates, keeping each problem in Danish.
struct Reader<'a> {
    form: &'a Submitted,
    errors: Errors,
}

impl Reader<'_> {
    fn number(&mut self, key: &str) -> Option<f64> {
        match form::text(self.form, key).as_str() {
            "" => None,
            v => parse_number(v).or_else(|| {
                let message = "Skriv et tal, fx 2.400.000 eller 12,5.".to_string();
                self.errors.push((key.to_string(), message));
                None
            }),
        }
    }

    fn date(&mut self, key: &str) -> Option<chrono::NaiveDate> {
        match form::text(self.form, key).as_str() {
            "" => None,
            v => parse_date(v).or_else(|| {
                let message = super::messages::danish(key, Problem::InvalidDate);
                self.errors.push((key.to_string(), message));
                None
            }),
        }
    }
}

/// What the form asks for: add a benefit, record a value, or the follow-up.
pub async fn submit(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
    submitted: web::Form<Submitted>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let (ctx, _) = form::for_project_people(&req, &db, id).await?;
    form::require_csrf(&req, &submitted)?;
    let submitted = submitted.into_inner();
    let mut r = Reader {
        form: &submitted,
        errors: vec![],
    };
    let who = ctx.acting();
    let result = match form::text(&submitted, "handling").as_str() {
        "maaling" => {
            let benefit = form::text(&submitted, "benefit")
                .parse::<i32>()
                .unwrap_or_default();
            let key = format!("vaerdi-{benefit}");
            let value = r.number(&key);
            let on = r.date(&format!("dato-{benefit}"));
            if value.is_none() && r.errors.is_empty() {
                r.errors.push((key, "Skriv den målte værdi.".into()));
            }
            let note = submitted
                .get(&format!("note-{benefit}"))
                .cloned()
                .unwrap_or_default();
            match (
                value,
                on.or(Some(chrono::Utc::now().date_naive())),
                r.errors.is_empty(),
            ) {
                (Some(v), Some(on), true) => db
                    .run(move |c| use_case::measure(c, &who, benefit, (on, v, &note)))
                    .await
                    .map(|_| ()),
                _ => Ok(()),
            }
        }
        "opfoelgning" => {
            let on = r.date("fulgt_op").or(Some(chrono::Utc::now().date_naive()));
            if r.errors.is_empty() {
                db.run(move |c| use_case::followed_up(c, &who, id, on))
                    .await
                    .map(|_| ())
            } else {
                Ok(())
            }
        }
        _ => {
            let input = BenefitInput {
                what: form::text(&submitted, "what"),
                owner: form::text(&submitted, "owner"),
                measure: form::text(&submitted, "measure"),
                baseline_value: r.number("baseline_value"),
                target_value: r.number("target_value"),
                due: r.date("due"),
            };
            if r.errors.is_empty() {
                db.run(move |c| use_case::create(c, &who, id, input))
                    .await
                    .map(|_| ())
            } else {
                Ok(())
            }
        }
    };
    let (status, errors) = match (result, r.errors) {
        (Ok(()), errors) if errors.is_empty() => {
            return Ok(redirect(&format!("/projekter/{id}/gevinster")))
        }
        (Ok(()), errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
        (Err(e), _) => form::refused(e, &["what", "owner", "measure"])?,
    };
    show(&req, &db, id, (status, errors, submitted)).await
}
