//! Reminders by e-mail: the quarter's outbox, "send what is due now", and
//! the quarter's reminder plan. Each handler calls `app::reminders`.

use super::extract::ApiJson;
use super::quarters::parse_code;
use crate::app::reminders as use_case;
pub use crate::app::reminders::{MailView, PlanView};
use crate::auth::Principal;
use crate::db::Db;
use crate::error::{AppError, ErrorBody};
use crate::mailer::Outgoing;
use actix_web::{get, post, put, web};
use serde::Deserialize;
use utoipa::ToSchema;

#[utoipa::path(tag = "reminders", params(("quarter" = String, Path, example = "2022Q3")), responses(
    (status = 200, body = Vec<MailView>, description = "The quarter's mails, newest first: queued, sent, failed (with the reason) or cancelled"),
    (status = 403, description = "Only the council and the administrator", body = ErrorBody),
    (status = 404, description = "Unknown quarter", body = ErrorBody),
    (status = 422, description = "Not a quarter", body = ErrorBody)))]
#[get("/quarters/{quarter}/reminders")]
async fn list(
    db: web::Data<Db>,
    who: Principal,
    quarter: web::Path<String>,
) -> Result<web::Json<Vec<MailView>>, AppError> {
    let (who, quarter) = (who.acting(), parse_code(&quarter)?);
    Ok(web::Json(
        db.run(move |c| use_case::list(c, &who, quarter)).await?,
    ))
}

#[utoipa::path(tag = "reminders", params(("quarter" = String, Path, example = "2022Q3")), responses(
    (status = 200, body = Vec<MailView>, description = "What it queued: a reminder today to each person with projects still missing (once a day), and what the plan has due; sent at once when SMTP is configured"),
    (status = 403, description = "Only the council and the administrator", body = ErrorBody),
    (status = 404, description = "Unknown quarter", body = ErrorBody),
    (status = 409, description = "The quarter is closed or approved", body = ErrorBody),
    (status = 422, description = "Not a quarter", body = ErrorBody)))]
#[post("/quarters/{quarter}/reminders")]
async fn send_now(
    db: web::Data<Db>,
    outgoing: web::Data<Outgoing>,
    who: Principal,
    quarter: web::Path<String>,
) -> Result<web::Json<Vec<MailView>>, AppError> {
    let (who, quarter) = (who.acting(), parse_code(&quarter)?);
    let now = chrono::Utc::now().naive_utc();
    let head = outgoing.clone();
    let queued = db
        .run(move |c| use_case::send_now(c, &who, quarter, now, head.letterhead()))
        .await?;
    outgoing.ring();
    Ok(web::Json(queued))
}

#[utoipa::path(tag = "reminders", params(("quarter" = String, Path, example = "2022Q3")), responses(
    (status = 200, body = PlanView, description = "The quarter's plan (the defaults unless changed)"),
    (status = 404, description = "Unknown quarter", body = ErrorBody),
    (status = 422, description = "Not a quarter", body = ErrorBody)))]
#[get("/quarters/{quarter}/reminder-plan")]
async fn plan(
    db: web::Data<Db>,
    _signed_in: Principal,
    quarter: web::Path<String>,
) -> Result<web::Json<PlanView>, AppError> {
    let quarter = parse_code(&quarter)?;
    Ok(web::Json(
        db.run(move |c| use_case::plan(c, quarter)).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanInput {
    /// The first reminder goes this many days before the deadline (0–60).
    #[schema(minimum = 0, maximum = 60)]
    pub days_before: i32,
    /// After the deadline, again every this many days while reports are missing (1–30).
    #[schema(minimum = 1, maximum = 30)]
    pub every_days: i32,
    /// False: no reminders for the quarter.
    pub active: bool,
}

#[utoipa::path(tag = "reminders", params(("quarter" = String, Path, example = "2022Q3")), request_body = PlanInput, responses(
    (status = 200, body = PlanView),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 403, description = "Only the council and the administrator", body = ErrorBody),
    (status = 404, description = "Unknown quarter", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Days out of range, or not a quarter", body = ErrorBody)))]
#[put("/quarters/{quarter}/reminder-plan")]
async fn set_plan(
    db: web::Data<Db>,
    who: Principal,
    quarter: web::Path<String>,
    body: ApiJson<PlanInput>,
) -> Result<web::Json<PlanView>, AppError> {
    let (who, quarter, p) = (who.acting(), parse_code(&quarter)?, body.0);
    let view = db
        .run(move |c| use_case::set_plan(c, &who, quarter, p.days_before, p.every_days, p.active))
        .await?;
    Ok(web::Json(view))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list)
        .service(send_now)
        .service(plan)
        .service(set_plan);
}
