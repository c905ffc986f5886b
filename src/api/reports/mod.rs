//! The quarterly Q-report for Chefforum in JSON, CSV, XLSX and HTML (`render`,
//! `view`), the red trend over quarters (`trend`), and Chefforum's decision
//! that freezes a report (`decision`).

mod decision;
mod render;
mod sections;
mod trend;
mod view;

pub use decision::DecisionInput;
pub use render::json;
pub use sections::*;
pub use trend::{RedCounts, TrendPointView};
pub use view::*;

use super::quarters::parse_code;
use super::types::{LifecycleState, ProjectKind};
use crate::auth::Principal;
use crate::db::Db;
use crate::domain::assessment::Basis;
use crate::domain::report::PortfolioFilter;
use crate::error::{AppError, ErrorBody};
use crate::reporting::ReportCache;
use actix_web::http::header;
use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::Utc;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, ToSchema, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    Json,
    Csv,
    Xlsx,
    Html,
}

/// Which CSV file: one of the red tables, or the whole portfolio status list.
#[derive(Deserialize, ToSchema, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "lowercase")]
pub enum ReportTable {
    Tid,
    Leverancer,
    Ressourcer,
    Okonomi,
    Portfolio,
    /// The portfolio's economy: a line per project, then the totals.
    Economy,
}

/// Whose colours the red tables follow.
#[derive(Deserialize, ToSchema, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "snake_case")]
pub enum ReportBasis {
    /// The project managers' colours, as in the minutes (default).
    ProjectManagers,
    /// IT-projektrådet's assessment where it made one, the project manager's elsewhere.
    Council,
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// json (default), csv, xlsx or html; or ask by the Accept header.
    format: Option<ReportFormat>,
    /// For CSV: a red table (tid, leverancer, ressourcer, okonomi) or the full portfolio list (default).
    table: Option<ReportTable>,
    /// On an approved quarter, also return the live computation (JSON only).
    live: Option<bool>,
    department_id: Option<i32>,
    phase_id: Option<i32>,
    kind: Option<ProjectKind>,
    must_do: Option<bool>,
    focus_area_id: Option<i32>,
    state: Option<LifecycleState>,
    parent_id: Option<i32>,
    /// Free text in name or description.
    #[param(max_length = 200)]
    q: Option<String>,
    /// Red tables on the project managers' colours (default) or the council's assessment.
    basis: Option<ReportBasis>,
}

impl ReportQuery {
    fn filter(&self) -> Result<PortfolioFilter, AppError> {
        let text = crate::domain::text::search_query("q", self.q.as_deref())?;
        Ok(PortfolioFilter {
            department_id: self.department_id,
            phase_id: self.phase_id,
            kind: self.kind.map(Into::into),
            must_do: self.must_do,
            focus_area_id: self.focus_area_id,
            state: self.state.map(Into::into),
            parent_id: self.parent_id,
            text,
            basis: match self.basis {
                Some(ReportBasis::Council) => Basis::Council,
                _ => Basis::ProjectManagers,
            },
        })
    }

    fn format(&self, req: &HttpRequest) -> ReportFormat {
        if let Some(f) = self.format {
            return f;
        }
        let accept = req
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        if accept.contains("spreadsheetml") {
            ReportFormat::Xlsx
        } else if accept.contains("text/csv") {
            ReportFormat::Csv
        } else if accept.contains("text/html") && !accept.contains("application/json") {
            ReportFormat::Html
        } else {
            ReportFormat::Json
        }
    }
}

#[utoipa::path(tag = "reports", params(("quarter" = String, Path, example = "2022Q1", pattern = "^(19|[2-9][0-9])[0-9]{2}[Qq][1-4]$"), ReportQuery), responses(
    (status = 200, description = "The Q-report: projects in progress, one table per red parameter, focus areas, changes, missing reports, decision",
        content((ReportResponse = "application/json"), (String = "text/csv"), (String = "text/html"), (String = XLSX))),
    (status = 400, description = "Unreadable query string", body = ErrorBody),
    (status = 404, description = "Unknown quarter", body = ErrorBody),
    (status = 422, description = "Bad quarter or filter", body = ErrorBody)))]
#[get("/reports/{quarter}")]
async fn get_report(
    db: web::Data<Db>,
    cache: web::Data<ReportCache>,
    _signed_in: Principal,
    quarter: web::Path<String>,
    query: web::Query<ReportQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let quarter = parse_code(&quarter)?;
    let (format, filter, table, live) = (
        query.format(&req),
        query.filter()?,
        query.table,
        query.live.unwrap_or(false),
    );
    let today = Utc::now().date_naive();
    let r = match cache.fresh(quarter, today, &filter, live) {
        Some(r) => r,
        None => {
            let cache = cache.into_inner();
            db.run(move |c| cache.get_or_build(c, quarter, today, &filter, live))
                .await?
        }
    };
    if format == ReportFormat::Xlsx {
        r.xlsx().await?;
    }
    render::render(format, table, &r, render::accepts_gzip(&req))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    // The trend route goes first: "/reports/trend" would otherwise match "/reports/{quarter}".
    cfg.service(trend::trend)
        .service(get_report)
        .service(decision::decide)
        .service(decision::decisions);
}
