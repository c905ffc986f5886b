//! Forside: the current quarter at a glance for Chefforum, and "Mine projekter"
//! first for those who manage or own projects.

use super::chart;
use super::context::{Ctx, Nav, PageError};
use super::filters;
use super::report::report_cache;
use crate::db::projects::{self, ProjectRow};
use crate::db::{Db, DbConnection};
use crate::domain::quarter::Quarter;
use crate::domain::report::{Decision, PortfolioFilter, QReport, TrendPoint};
use crate::error::AppError;
use crate::reporting::{QuarterReport, ReportCache};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::HashSet;
use std::sync::Arc;

#[derive(Deserialize)]
pub struct Query {
    kvartal: Option<String>,
}

/// What the front page shows, read in one go.
pub struct DashboardView {
    report: Arc<QuarterReport>,
    /// The trend window the API shows too (`domain::quarter::trend_window`).
    trend: Vec<TrendPoint>,
    /// The projects the signed-in person manages or owns.
    managed: Vec<ProjectRow>,
}

impl DashboardView {
    fn load(
        c: &mut DbConnection,
        cache: &ReportCache,
        quarter: Quarter,
        today: NaiveDate,
        me: i32,
    ) -> Result<Self, AppError> {
        let report = cache.get_or_build(c, quarter, today, &PortfolioFilter::default(), false)?;
        Ok(Self {
            report,
            trend: crate::app::reports::trend(c, None, Some(quarter))?,
            managed: projects::managed_by(c, me)?,
        })
    }
}

/// A project of one's own and where to go for it.
pub struct Link {
    name: String,
    href: String,
}

pub struct Mine {
    to_report: Vec<Link>,
    reported: Vec<Link>,
}

impl Mine {
    /// One's projects in progress, split by whether they are reported for the quarter.
    fn of(r: &QReport, managed: &[ProjectRow], quarter: Quarter) -> Self {
        let in_progress: HashSet<i32> = r.portfolio.iter().map(|l| l.project_id).collect();
        let reported: HashSet<i32> = r
            .portfolio
            .iter()
            .filter(|l| l.status.is_some())
            .map(|l| l.project_id)
            .collect();
        let (done, to_do): (Vec<&ProjectRow>, Vec<&ProjectRow>) = managed
            .iter()
            .filter(|p| in_progress.contains(&p.id))
            .partition(|p| reported.contains(&p.id));
        let link = |p: &&ProjectRow, href: String| Link {
            name: p.name.clone(),
            href,
        };
        Self {
            to_report: to_do
                .iter()
                .map(|p| link(p, format!("/projekter/{}/status/{quarter}", p.id)))
                .collect(),
            reported: done
                .iter()
                .map(|p| link(p, format!("/projekter/{}?kvartal={quarter}", p.id)))
                .collect(),
        }
    }
}

/// How many projects are red on one parameter, linking to its table in the report.
pub struct RedCard {
    label: &'static str,
    count: usize,
    href: String,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct Dashboard<'a> {
    nav: &'a Nav,
    mine: Option<Mine>,
    red: Vec<RedCard>,
    in_progress: usize,
    reported: usize,
    must_do: usize,
    missing: usize,
    decision: Option<Decision>,
    chart: String,
    /// Names the quarters the chart shows.
    trend_heading: String,
    trend: Vec<TrendPoint>,
    /// (project id, name, "økonomi i 3 kvartaler") red several quarters in a row.
    streaks: Vec<(i32, String, String)>,
    /// Benefits follow-ups overdue, and due soon.
    follow_ups_overdue: usize,
    follow_ups_due: usize,
}

/// "Røde projekter fra 4. kvartal 2021 til 3. kvartal 2022": what the chart shows.
fn trend_heading(trend: &[TrendPoint]) -> String {
    match (trend.first(), trend.last()) {
        (Some(first), Some(last)) if first.quarter != last.quarter => format!(
            "Røde projekter fra {} til {}",
            first.quarter.danish(),
            last.quarter.danish()
        ),
        (Some(only), _) => format!("Røde projekter i {}", only.quarter.danish()),
        _ => "Røde projekter".into(),
    }
}

impl<'a> Dashboard<'a> {
    fn new(ctx: &'a Ctx, view: DashboardView) -> Self {
        let (r, quarter) = (&view.report.report, ctx.quarter);
        let red = r.red.iter().map(|t| RedCard {
            label: t.parameter.danish(),
            count: t.total(),
            href: format!("/kvartalsrapport/{quarter}#roede-{}", t.parameter.as_str()),
        });
        Self {
            nav: &ctx.nav,
            // Whoever manages or owns projects reports on them, whatever their role.
            mine: (!view.managed.is_empty()).then(|| Mine::of(r, &view.managed, quarter)),
            red: red.collect(),
            in_progress: r.summary.in_progress,
            reported: r.summary.reported,
            must_do: r.summary.must_do,
            missing: r.missing.len(),
            decision: r.decision.clone(),
            chart: chart::red_bars(&view.trend),
            trend_heading: trend_heading(&view.trend),
            follow_ups_overdue: r.follow_ups.iter().filter(|f| f.overdue).count(),
            follow_ups_due: r.follow_ups.iter().filter(|f| !f.overdue).count(),
            streaks: r
                .red_streaks
                .iter()
                .map(|s| {
                    let how = format!("{} i {} kvartaler i træk", s.parameter.danish(), s.quarters);
                    (s.line.project_id, s.line.name.clone(), how)
                })
                .collect(),
            trend: view.trend,
        }
    }
}

pub async fn page(
    req: HttpRequest,
    db: web::Data<Db>,
    query: web::Query<Query>,
) -> Result<HttpResponse, PageError> {
    if let Some(getting_started) = super::getting_started::when_not_set_up(&req, &db).await? {
        return Ok(getting_started);
    }
    let ctx = Ctx::load(&req, &db, query.kvartal.as_deref(), "forside").await?;
    let (quarter, me) = (ctx.quarter, ctx.account.person_id);
    let today = chrono::Utc::now().date_naive();
    let cache = report_cache(&req, &db);
    let view = db
        .run(move |c| DashboardView::load(c, &cache, quarter, today, me))
        .await?;
    ctx.render(&req, StatusCode::OK, Dashboard::new(&ctx, view))
}
