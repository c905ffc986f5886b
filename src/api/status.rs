//! Quarterly status reports: `PUT /projects/{id}/status/{quarter}` adds a version.

use super::extract::ApiJson;
use super::quarters::parse_code;
use super::types::StatusColour;
use crate::app::status::{self, Filing};
pub use crate::app::status::{ParameterView, Status};
use crate::auth::Principal;
use crate::db::status as store;
use crate::db::{projects, quarters, Db};
use crate::domain::economy::ForecastInput;
use crate::domain::status::{Colour, StatusReport};
use crate::error::{AppError, ErrorBody};
use actix_web::{get, put, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParameterInput {
    pub colour: StatusColour,
    /// Required when the colour is red: say why.
    #[serde(default)]
    #[schema(
        max_length = 4000,
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub comment: String,
}

/// A project manager's report for one quarter.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusInput {
    pub ressourcer: ParameterInput,
    pub leverancer: ParameterInput,
    pub tid: ParameterInput,
    pub okonomi: ParameterInput,
    #[serde(default)]
    #[schema(
        max_length = 4000,
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub comment: String,
    /// The person reporting.
    #[serde(default)]
    pub reported_by: Option<i32>,
    /// Spent to date in whole kroner; left out: as last reported.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1_000_000_000_000_i64)]
    pub spent: Option<i64>,
    /// Expected total one-off cost in whole kroner; left out: as last reported (or the budget).
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1_000_000_000_000_i64)]
    pub forecast: Option<i64>,
    /// The expected end; left out: as last reported (or the planned end).
    #[serde(default)]
    pub expected_end: Option<NaiveDate>,
}

impl StatusInput {
    fn economy(&self) -> ForecastInput {
        ForecastInput {
            spent: self.spent,
            forecast: self.forecast,
            expected_end: self.expected_end,
        }
    }

    fn parse(self) -> Result<(StatusReport, Option<i32>), AppError> {
        let p = |i: ParameterInput| (Colour::from(i.colour), i.comment);
        let report = StatusReport::new(
            [
                p(self.ressourcer),
                p(self.leverancer),
                p(self.tid),
                p(self.okonomi),
            ],
            &self.comment,
        )?;
        Ok((report, self.reported_by))
    }
}

#[utoipa::path(tag = "status", params(("id" = i32, Path), ("quarter" = String, Path, example = "2022Q1", pattern = "^(19|[2-9][0-9])[0-9]{2}[Qq][1-4]$")),
    request_body = StatusInput, responses(
    (status = 200, body = Status, description = "Stored as a new version; earlier versions stay readable"),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 404, description = "Unknown project or quarter", body = ErrorBody),
    (status = 409, description = "The quarter is closed, or approved by Chefforum", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Bad quarter, unknown colour, red without comment, unknown person", body = ErrorBody)))]
#[put("/projects/{id}/status/{quarter}")]
async fn put_report(
    db: web::Data<Db>,
    who: Principal,
    path: web::Path<(i32, String)>,
    body: ApiJson<StatusInput>,
) -> Result<web::Json<Status>, AppError> {
    let (id, quarter) = path.into_inner();
    let quarter = parse_code(&quarter)?;
    let economy = body.0.economy();
    let (report, reported_by) = body.0.parse()?;
    let filing = Filing {
        project: id,
        quarter,
        report,
        reported_by,
        economy,
    };
    let who = who.acting();
    let row = db.run(move |c| status::report(c, &who, &filing)).await?;
    Ok(web::Json(row.try_into()?))
}

#[utoipa::path(tag = "status", params(("id" = i32, Path), ("quarter" = String, Path, example = "2022Q1", pattern = "^(19|[2-9][0-9])[0-9]{2}[Qq][1-4]$")), responses(
    (status = 200, body = Status, description = "The version that counts"),
    (status = 404, description = "Unknown project or quarter, or no report yet", body = ErrorBody),
    (status = 422, description = "Not a quarter such as 2022Q1", body = ErrorBody)))]
#[get("/projects/{id}/status/{quarter}")]
async fn latest(
    db: web::Data<Db>,
    _signed_in: Principal,
    path: web::Path<(i32, String)>,
) -> Result<web::Json<Status>, AppError> {
    let (id, quarter) = path.into_inner();
    let quarter = parse_code(&quarter)?;
    let row = db
        .run(move |c| {
            projects::get(c, id)?;
            quarters::get(c, quarter)?;
            store::latest(c, id, quarter)?.ok_or_else(|| {
                AppError::NotFound(format!("project {id} has no report for {quarter}"))
            })
        })
        .await?;
    Ok(web::Json(row.try_into()?))
}

#[utoipa::path(tag = "status", params(("id" = i32, Path)), responses(
    (status = 200, body = Vec<Status>, description = "All quarters and versions, newest first"),
    (status = 404, description = "Unknown project", body = ErrorBody)))]
#[get("/projects/{id}/status")]
async fn history(
    db: web::Data<Db>,
    _signed_in: Principal,
    id: web::Path<i32>,
) -> Result<web::Json<Vec<Status>>, AppError> {
    let id = id.into_inner();
    let rows = db
        .run(move |c| {
            projects::get(c, id)?;
            store::history(c, id)
        })
        .await?;
    Ok(web::Json(
        rows.into_iter()
            .map(Status::try_from)
            .collect::<Result<_, _>>()?,
    ))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(put_report).service(latest).service(history);
}
