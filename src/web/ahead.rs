//! Fremadrettet: milestones due next quarter and moved this one, coming
//! tenders, expiring contracts and future projects, from the quarter's report.

use super::context::{Nav, PageError};
use super::filters;
use super::report::load_report;
use crate::db::Db;
use crate::error::AppError;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

#[derive(Template)]
#[template(path = "ahead.html")]
struct AheadPage<'a> {
    nav: &'a Nav,
    body: String,
}

pub async fn page(
    req: HttpRequest,
    db: web::Data<Db>,
    quarter: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let (ctx, r) = load_report(&req, &db, &quarter, "fremadrettet").await?;
    let body = crate::export::ahead::road_ahead(&r.report.road_ahead, ctx.quarter, true)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    ctx.render(
        &req,
        StatusCode::OK,
        AheadPage {
            nav: &ctx.nav,
            body,
        },
    )
}
