//! Prioritering: the council's criteria and weights, the ranked proposals
//! (law first) with each score and why, and a form per proposal to score it
//! and mark a dilemma for Chefforum; through `app::priorities`.

use super::context::{Ctx, Nav, PageError};
use super::filters;
use super::form::{self, Errors, FormState, Submitted};
use super::messages::danish;
use super::session::redirect;
use crate::app::priorities::{self as use_case, Priorities, RankedView, Scoring};
use crate::db::Db;
use crate::domain::access::Action;
use crate::domain::priority::{format_total, Criterion};
use crate::domain::process::RequiredBy;
use crate::domain::Problem;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

#[derive(Template)]
#[template(path = "priorities.html")]
struct PrioritiesPage<'a> {
    nav: &'a Nav,
    p: Priorities,
    may_edit: bool,
    /// The form sent, its problems and what was typed.
    sent: FormState,
    summary: Errors,
}

impl PrioritiesPage<'_> {
    fn total(&self, r: &RankedView) -> String {
        format_total(r.total)
    }

    fn law(&self, r: &RankedView) -> &'static str {
        RequiredBy::from(r.required_by).danish()
    }

    /// The proposal's score on a criterion, as text ("" when not scored).
    fn score(&self, r: &RankedView, criterion: &i32) -> String {
        r.scores
            .iter()
            .find(|s| s.criterion_id == *criterion)
            .map(|s| s.score.to_string())
            .unwrap_or_default()
    }

    fn scores(&self) -> [&'static str; 7] {
        ["", "0", "1", "2", "3", "4", "5"]
    }
}

async fn show(
    req: &HttpRequest,
    db: &Db,
    (form, status, errors, entered): (String, StatusCode, Errors, Submitted),
) -> Result<HttpResponse, PageError> {
    let ctx = Ctx::load(req, db, None, "prioritering").await?;
    let p = db.run(use_case::priorities).await?;
    let sent = FormState {
        form,
        errors,
        entered,
    };
    let summary = sent.summary("");
    let page = PrioritiesPage {
        nav: &ctx.nav,
        p,
        may_edit: ctx.allows(Action::ManagePortfolio),
        sent,
        summary,
    };
    ctx.render(req, status, page)
}

pub async fn page(req: HttpRequest, db: web::Data<Db>) -> Result<HttpResponse, PageError> {
    show(
        &req,
        &db,
        (String::new(), StatusCode::OK, vec![], Submitted::new()),
    )
    .await
}

/// The council's form: signed in, the council, with the CSRF token.
async fn council(req: &HttpRequest, db: &Db, f: &Submitted) -> Result<Ctx, PageError> {
    let ctx = Ctx::load(req, db, None, "prioritering").await?;
    ctx.require(Action::ManagePortfolio)?;
    form::require_csrf(req, f)?;
    Ok(ctx)
}

/// The criteria form: "navn-{i}", "vaegt-{i}", "id-{i}" per row; a row without
/// a name is left out (removed), a new row has no id.
fn read_criteria(f: &Submitted) -> Result<Vec<Criterion>, Errors> {
    let mut criteria = vec![];
    for i in 0..crate::domain::priority::CRITERIA_MAX {
        let name = form::text(f, &format!("navn-{i}"));
        if name.is_empty() {
            continue;
        }
        let weight_key = format!("vaegt-{i}");
        let weight = form::text(f, &weight_key)
            .parse()
            .map_err(|_| vec![(weight_key.clone(), danish("weight", Problem::OutOfRange))])?;
        criteria.push(Criterion {
            id: form::text(f, &format!("id-{i}")).parse().ok(),
            name,
            weight,
        });
    }
    Ok(criteria)
}

pub async fn set_criteria(
    req: HttpRequest,
    db: web::Data<Db>,
    submitted: web::Form<Submitted>,
) -> Result<HttpResponse, PageError> {
    let ctx = council(&req, &db, &submitted).await?;
    let submitted = submitted.into_inner();
    let criteria = match read_criteria(&submitted) {
        Ok(c) => c,
        Err(errors) => {
            let refused = (
                "kriterier".into(),
                StatusCode::UNPROCESSABLE_ENTITY,
                errors,
                submitted,
            );
            return show(&req, &db, refused).await;
        }
    };
    let who = ctx.acting();
    match db
        .run(move |c| use_case::set_criteria(c, &who, criteria))
        .await
    {
        Ok(_) => Ok(redirect("/prioritering")),
        Err(e) => {
            let (status, errors) = form::refused(e, &[])?;
            show(&req, &db, ("kriterier".into(), status, errors, submitted)).await
        }
    }
}

pub async fn score(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
    submitted: web::Form<Submitted>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let ctx = council(&req, &db, &submitted).await?;
    let submitted = submitted.into_inner();
    let scores = submitted
        .iter()
        .filter_map(|(k, v)| {
            let criterion = k.strip_prefix("point-")?.parse().ok()?;
            let score = v.trim().parse().ok()?;
            Some((criterion, score))
        })
        .collect();
    let scoring = Scoring {
        scores,
        dilemma: submitted.get("dilemma").cloned().unwrap_or_default(),
    };
    let who = ctx.acting();
    match db.run(move |c| use_case::score(c, &who, id, scoring)).await {
        Ok(_) => Ok(redirect(&format!("/prioritering#forslag-{id}"))),
        Err(e) => {
            let (status, errors) = form::refused(e, &["dilemma"])?;
            show(
                &req,
                &db,
                (format!("forslag-{id}"), status, errors, submitted),
            )
            .await
        }
    }
}
