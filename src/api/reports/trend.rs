//! The red trend over quarters: the same window as the dashboard's.

use crate::auth::Principal;
use crate::db::Db;
use crate::domain::quarter::Quarter;
use crate::domain::report::TrendPoint;
use crate::domain::status::Parameter;
use crate::error::{AppError, ErrorBody};
use actix_web::{get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TrendQuery {
    /// First quarter, e.g. 2021Q4 (default: seven quarters before `to`).
    #[param(pattern = "^(19|[2-9][0-9])[0-9]{2}[Qq][1-4]$")]
    from: Option<String>,
    /// Last quarter (default: the newest quarter).
    #[param(pattern = "^(19|[2-9][0-9])[0-9]{2}[Qq][1-4]$")]
    to: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct RedCounts {
    pub ressourcer: usize,
    pub leverancer: usize,
    pub tid: usize,
    pub okonomi: usize,
}

#[derive(Serialize, ToSchema)]
pub struct TrendPointView {
    pub quarter: String,
    pub in_progress: usize,
    /// Projects red on each parameter.
    pub red: RedCounts,
    /// Projects with at least one red parameter.
    pub with_red: usize,
    /// Projects in progress without a report.
    pub missing: usize,
}

impl From<&TrendPoint> for TrendPointView {
    fn from(t: &TrendPoint) -> Self {
        let n = |p: Parameter| t.red[p as usize];
        Self {
            quarter: t.quarter.to_string(),
            in_progress: t.in_progress,
            red: RedCounts {
                ressourcer: n(Parameter::Ressourcer),
                leverancer: n(Parameter::Leverancer),
                tid: n(Parameter::Tid),
                okonomi: n(Parameter::Okonomi),
            },
            with_red: t.with_red,
            missing: t.missing,
        }
    }
}

#[utoipa::path(tag = "reports", params(TrendQuery), responses(
    (status = 200, body = Vec<TrendPointView>, description = "Per quarter: red projects per parameter and missing reports"),
    (status = 400, description = "Unreadable query string", body = ErrorBody),
    (status = 422, description = "Bad quarter, or from after to", body = ErrorBody)))]
#[get("/reports/trend")]
pub(super) async fn trend(
    db: web::Data<Db>,
    _signed_in: Principal,
    query: web::Query<TrendQuery>,
) -> Result<web::Json<Vec<TrendPointView>>, AppError> {
    let quarter = |field: &str, value: &Option<String>| {
        value
            .as_deref()
            .map(|q| Quarter::parse(field, q))
            .transpose()
    };
    let (from, to) = (quarter("from", &query.from)?, quarter("to", &query.to)?);
    let points = db
        .run(move |c| crate::app::reports::trend(c, from, to))
        .await?;
    Ok(web::Json(points.iter().map(TrendPointView::from).collect()))
}
