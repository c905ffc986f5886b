use super::extract::ApiJson;
use super::types::QuarterStatus;
use super::{audit_change, audit_create};
use crate::auth::Principal;
use crate::db::quarters::{self, QuarterRow};
use crate::db::{write_transaction, Db};
use crate::domain::access::Action;
use crate::domain::quarter::Quarter as DomainQuarter;
use crate::error::{AppError, ErrorBody};
use actix_web::{get, post, put, web, HttpResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A reporting quarter such as `2022Q1`.
#[derive(Serialize, ToSchema)]
pub struct Quarter {
    #[schema(example = "2022Q1")]
    pub code: String,
    /// Last day for project managers to report.
    pub deadline: NaiveDate,
    pub state: QuarterStatus,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
}

impl TryFrom<QuarterRow> for Quarter {
    type Error = AppError;
    fn try_from(r: QuarterRow) -> Result<Self, AppError> {
        Ok(Self {
            state: r.state.into(),
            code: r.code.to_string(),
            deadline: r.deadline,
            first_day: r.code.first_day(),
            last_day: r.code.last_day(),
        })
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuarterInput {
    #[schema(example = "2022Q1")]
    #[schema(pattern = "^(19|[2-9][0-9])[0-9]{2}[Qq][1-4]$")]
    pub code: String,
    pub deadline: NaiveDate,
    #[serde(default = "open")]
    pub state: QuarterStatus,
}

fn open() -> QuarterStatus {
    QuarterStatus::Open
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuarterUpdate {
    pub deadline: NaiveDate,
    pub state: QuarterStatus,
}

pub fn parse_code(code: &str) -> Result<DomainQuarter, AppError> {
    Ok(DomainQuarter::parse("quarter", code)?)
}

#[utoipa::path(tag = "quarters", responses(
    (status = 200, body = Vec<Quarter>, description = "Newest first"),
    (status = 503, description = "Database unavailable", body = ErrorBody)))]
#[get("/quarters")]
async fn list(
    db: web::Data<Db>,
    _signed_in: Principal,
) -> Result<web::Json<Vec<Quarter>>, AppError> {
    let rows = db.run(quarters::list).await?;
    Ok(web::Json(
        rows.into_iter()
            .map(Quarter::try_from)
            .collect::<Result<_, _>>()?,
    ))
}

#[utoipa::path(tag = "quarters", params(("quarter" = String, Path, example = "2022Q1", pattern = "^(19|[2-9][0-9])[0-9]{2}[Qq][1-4]$")), responses(
    (status = 200, body = Quarter),
    (status = 404, description = "Unknown quarter", body = ErrorBody),
    (status = 422, description = "Not a quarter such as 2022Q1", body = ErrorBody)))]
#[get("/quarters/{quarter}")]
async fn get_one(
    db: web::Data<Db>,
    _signed_in: Principal,
    quarter: web::Path<String>,
) -> Result<web::Json<Quarter>, AppError> {
    let q = parse_code(&quarter)?;
    Ok(web::Json(
        db.run(move |c| quarters::get(c, q)).await?.try_into()?,
    ))
}

#[utoipa::path(tag = "quarters", request_body = QuarterInput, responses(
    (status = 201, body = Quarter),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 409, description = "Quarter exists", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field", body = ErrorBody)))]
#[post("/quarters")]
async fn create(
    db: web::Data<Db>,
    who: Principal,
    body: ApiJson<QuarterInput>,
) -> Result<HttpResponse, AppError> {
    who.require(Action::ManagePortfolio)?;
    let (input, actor) = (body.0, who.actor());
    let row = QuarterRow::new(
        DomainQuarter::parse("code", &input.code)?,
        input.deadline,
        input.state.into(),
    );
    let row = db
        .run(move |c| {
            write_transaction(c, |c| {
                let row = quarters::create(c, &row)?;
                audit_create(
                    c,
                    &actor,
                    "quarter",
                    row.code,
                    &Quarter::try_from(row.clone())?,
                )?;
                Ok(row)
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(Quarter::try_from(row)?))
}

#[utoipa::path(tag = "quarters", params(("quarter" = String, Path, example = "2022Q1", pattern = "^(19|[2-9][0-9])[0-9]{2}[Qq][1-4]$")), request_body = QuarterUpdate, responses(
    (status = 200, body = Quarter, description = "Deadline set, quarter opened or closed"),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 404, description = "Unknown quarter", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field", body = ErrorBody)))]
#[put("/quarters/{quarter}")]
async fn update(
    db: web::Data<Db>,
    who: Principal,
    quarter: web::Path<String>,
    body: ApiJson<QuarterUpdate>,
) -> Result<web::Json<Quarter>, AppError> {
    who.require(Action::ManagePortfolio)?;
    let (q, actor) = (parse_code(&quarter)?, who.actor());
    let QuarterUpdate { deadline, state } = body.0;
    let row = db
        .run(move |c| {
            write_transaction(c, |c| {
                let before = Quarter::try_from(quarters::get(c, q)?)?;
                let row = quarters::update(c, q, deadline, state.into())?;
                audit_change(
                    c,
                    &actor,
                    "update",
                    "quarter",
                    q,
                    &before,
                    &Quarter::try_from(row.clone())?,
                )?;
                Ok(row)
            })
        })
        .await?;
    Ok(web::Json(row.try_into()?))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list)
        .service(get_one)
        .service(create)
        .service(update);
}
