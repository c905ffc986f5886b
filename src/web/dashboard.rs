//! Forside: the current quarter at a glance for Chefforum, and "Mine projekter"
//! first for those who manage or own projects.

use super::chart;
use super::context::{Ctx, Nav, PageError};
use crate::db::{projects, Db};
use crate::domain::danish::format_date;
use crate::domain::quarter::up_to as quarters_up_to;
use crate::domain::report::{PortfolioFilter, TrendPoint};
use crate::reporting::{trend, ReportCache};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;
use std::collections::HashSet;

#[derive(Deserialize)]
pub struct Query {
    kvartal: Option<String>,
}

pub struct Mine {
    pub to_report: Vec<(String, String)>,
    pub reported: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct Dashboard<'a> {
    nav: &'a Nav,
    mine: Option<Mine>,
    red: Vec<(&'static str, usize, String)>,
    in_progress: usize,
    must_do: usize,
    missing: usize,
    decision: Option<(String, String)>,
    chart: String,
    trend: Vec<(String, [usize; 4], usize)>,
}

pub async fn page(
    req: HttpRequest,
    db: web::Data<Db>,
    query: web::Query<Query>,
) -> Result<HttpResponse, PageError> {
    let ctx = Ctx::load(&req, &db, query.kvartal.as_deref(), "forside").await?;
    let (quarter, me) = (ctx.quarter, ctx.account.person_id);
    let today = chrono::Utc::now().date_naive();
    let cache = req
        .app_data::<web::Data<ReportCache>>()
        .map(|c| c.clone().into_inner())
        .unwrap_or_default();
    let (report, points, mine) = db
        .run(move |c| {
            let r = cache.get_or_build(c, quarter, today, &PortfolioFilter::default(), false)?;
            // The last eight quarters the portfolio has, not calendar quarters before it existed.
            let known: Vec<_> = crate::db::quarters::list(c)?
                .into_iter()
                .map(|q| q.code)
                .collect();
            let range: Vec<_> = quarters_up_to(quarter, 8)
                .into_iter()
                .filter(|q| known.contains(q))
                .collect();
            let points: Vec<TrendPoint> = trend(c, &range)?;
            Ok((r, points, projects::managed_by(c, me)?))
        })
        .await?;
    let r = &report.report;
    let in_progress: HashSet<i32> = r.portfolio.iter().map(|l| l.project_id).collect();
    let reported: HashSet<i32> = r
        .portfolio
        .iter()
        .filter(|l| l.status.is_some())
        .map(|l| l.project_id)
        .collect();
    // Only those who may report see the projects they have to report on.
    let reports = ctx.allows(crate::domain::access::Action::ReportOwnStatus);
    let mine = (reports && !mine.is_empty()).then(|| {
        let active: Vec<_> = mine
            .iter()
            .filter(|p| in_progress.contains(&p.id))
            .collect();
        Mine {
            to_report: active
                .iter()
                .filter(|p| !reported.contains(&p.id))
                .map(|p| {
                    (
                        p.name.clone(),
                        format!("/projekter/{}/status/{quarter}", p.id),
                    )
                })
                .collect(),
            reported: active
                .iter()
                .filter(|p| reported.contains(&p.id))
                .map(|p| {
                    (
                        p.name.clone(),
                        format!("/projekter/{}?kvartal={quarter}", p.id),
                    )
                })
                .collect(),
        }
    });
    let page = Dashboard {
        red: r
            .red
            .iter()
            .map(|t| {
                (
                    t.parameter.danish(),
                    t.total(),
                    format!("/kvartalsrapport/{quarter}#roede-{}", t.parameter.as_str()),
                )
            })
            .collect(),
        in_progress: r.summary.in_progress,
        must_do: r.summary.must_do,
        missing: r.missing.len(),
        decision: r
            .decision
            .as_ref()
            .map(|d| (format_date(d.meeting_date), d.text.clone())),
        chart: chart::red_bars(&points),
        trend: points
            .iter()
            .map(|p| (p.quarter.to_string(), p.red, p.missing))
            .collect(),
        mine,
        nav: &ctx.nav,
    };
    ctx.render(&req, StatusCode::OK, page)
}
