//! Chefforum's decision on a quarter's report, and the decisions' history.

use super::view::DecisionView;
use crate::api::extract::ApiJson;
use crate::api::quarters::parse_code;
use crate::auth::Principal;
use crate::db::Db;
use crate::domain::decision::Decision;
use crate::error::{AppError, ErrorBody};
use actix_web::{get, post, web, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionInput {
    pub meeting_date: NaiveDate,
    /// The decision as minuted, e.g. "Godkendte indstillingen."
    #[schema(
        min_length = 1,
        max_length = 10000,
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*[^\\s\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF][^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub text: String,
    /// The agenda item's KLE journal number, e.g. 85.13.00-P20-1-22.
    #[serde(default)]
    #[schema(
        pattern = "^\\s*([0-9]{2}\\.[0-9]{2}\\.[0-9]{2}-[A-Z][0-9]{2}-[0-9]{1,6}-[0-9]{2})?\\s*$"
    )]
    pub case_number: Option<String>,
    /// Replace the quarter's decision; the earlier one stays in the history.
    #[serde(default)]
    pub correction: bool,
}

impl DecisionInput {
    fn parse(self) -> Result<Decision, AppError> {
        let case_number = self.case_number.as_deref();
        Ok(Decision::parse(
            self.meeting_date,
            &self.text,
            case_number,
            self.correction,
        )?)
    }
}

#[utoipa::path(tag = "reports", params(("quarter" = String, Path, example = "2022Q1", pattern = "^(19|[2-9][0-9])[0-9]{2}[Qq][1-4]$")), request_body = DecisionInput, responses(
    (status = 201, body = DecisionView, description = "Recorded; the quarter's report is frozen as it stands"),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 404, description = "Unknown quarter", body = ErrorBody),
    (status = 409, description = "Already decided (send correction: true), or nothing to correct", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field", body = ErrorBody)))]
#[post("/reports/{quarter}/decision")]
pub(super) async fn decide(
    db: web::Data<Db>,
    who: Principal,
    quarter: web::Path<String>,
    body: ApiJson<DecisionInput>,
) -> Result<HttpResponse, AppError> {
    let quarter = parse_code(&quarter)?;
    let (decision, who) = (body.0.parse()?, who.acting());
    let view = db
        .run(move |c| crate::app::decisions::decide(c, &who, quarter, &decision))
        .await?;
    Ok(HttpResponse::Created().json(view))
}

#[utoipa::path(tag = "reports", params(("quarter" = String, Path, example = "2022Q1", pattern = "^(19|[2-9][0-9])[0-9]{2}[Qq][1-4]$")), responses(
    (status = 200, body = Vec<DecisionView>, description = "Every decision on the quarter, the current one first"),
    (status = 404, description = "Unknown quarter", body = ErrorBody),
    (status = 422, description = "Bad quarter", body = ErrorBody)))]
#[get("/reports/{quarter}/decisions")]
pub(super) async fn decisions(
    db: web::Data<Db>,
    _signed_in: Principal,
    quarter: web::Path<String>,
) -> Result<web::Json<Vec<DecisionView>>, AppError> {
    let quarter = parse_code(&quarter)?;
    let views = db
        .run(move |c| crate::app::decisions::history(c, quarter))
        .await?;
    Ok(web::Json(views))
}
