//! IT-projektrådet's assessment of a project's quarter: `GET` for everyone
//! signed in, `PUT` for the council. Each handler calls `app::assessments`.

use super::extract::ApiJson;
use super::quarters::parse_code;
use super::types::StatusColour;
use crate::app::assessments as use_case;
pub use crate::app::assessments::{AssessedParameter, AssessmentView};
use crate::auth::Principal;
use crate::db::Db;
use crate::domain::assessment::Assessment;
use crate::domain::status::Colour;
use crate::error::{AppError, ErrorBody};
use actix_web::{get, put, web};
use serde::Deserialize;
use utoipa::ToSchema;

/// The council's view of one parameter; leave `colour` out for no own view.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct AssessedInput {
    #[serde(default)]
    pub colour: Option<StatusColour>,
    /// Required with a colour: why the council assesses so.
    #[serde(default)]
    #[schema(
        max_length = 4000,
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub comment: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentInput {
    #[serde(default)]
    pub ressourcer: AssessedInput,
    #[serde(default)]
    pub leverancer: AssessedInput,
    #[serde(default)]
    pub tid: AssessedInput,
    #[serde(default)]
    pub okonomi: AssessedInput,
    #[serde(default)]
    #[schema(
        max_length = 4000,
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub comment: String,
}

impl AssessmentInput {
    fn parse(self) -> Result<Assessment, AppError> {
        let parts = [self.ressourcer, self.leverancer, self.tid, self.okonomi];
        let colours = [0, 1, 2, 3].map(|i| parts[i].colour.map(Colour::from));
        let [r, l, t, o] = parts;
        Assessment::check(
            colours,
            [r.comment, l.comment, t.comment, o.comment],
            &self.comment,
        )
        .map_err(|mut problems| problems.remove(0).into())
    }
}

#[utoipa::path(tag = "status", params(("id" = i32, Path), ("quarter" = String, Path, example = "2022Q3", pattern = "^(19|[2-9][0-9])[0-9]{2}[Qq][1-4]$")), responses(
    (status = 200, body = AssessmentView, description = "The council's assessment of the project's quarter"),
    (status = 404, description = "Unknown project or quarter, or no assessment", body = ErrorBody),
    (status = 422, description = "Not a quarter", body = ErrorBody)))]
#[get("/projects/{id}/assessment/{quarter}")]
async fn get_assessment(
    db: web::Data<Db>,
    _signed_in: Principal,
    path: web::Path<(i32, String)>,
) -> Result<web::Json<AssessmentView>, AppError> {
    let (id, quarter) = path.into_inner();
    let quarter = parse_code(&quarter)?;
    let found = db.run(move |c| use_case::get(c, id, quarter)).await?;
    found
        .map(web::Json)
        .ok_or_else(|| AppError::NotFound(format!("no assessment of project {id} for {quarter}")))
}

#[utoipa::path(tag = "status", params(("id" = i32, Path), ("quarter" = String, Path, example = "2022Q3", pattern = "^(19|[2-9][0-9])[0-9]{2}[Qq][1-4]$")),
    request_body = AssessmentInput, responses(
    (status = 200, body = AssessmentView, description = "Stored, replacing the council's earlier assessment of the quarter"),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 403, description = "Only the council and the administrator", body = ErrorBody),
    (status = 404, description = "Unknown project or quarter", body = ErrorBody),
    (status = 409, description = "Chefforum has approved the quarter", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "A colour without a comment, or a bad quarter", body = ErrorBody)))]
#[put("/projects/{id}/assessment/{quarter}")]
async fn assess(
    db: web::Data<Db>,
    who: Principal,
    path: web::Path<(i32, String)>,
    body: ApiJson<AssessmentInput>,
) -> Result<web::Json<AssessmentView>, AppError> {
    let (id, quarter) = path.into_inner();
    let quarter = parse_code(&quarter)?;
    let assessment = body.0.parse()?;
    let who = who.acting();
    Ok(web::Json(
        db.run(move |c| use_case::assess(c, &who, id, quarter, &assessment))
            .await?,
    ))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_assessment).service(assess);
}
