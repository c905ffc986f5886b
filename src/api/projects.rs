use super::audit_change;
use super::cache::{Answer, ResponseCache};
use super::extract::ApiJson;
use super::types::{LifecycleState, ProjectKind, StatusParameter};
use crate::app::projects::Names;
pub(crate) use crate::app::projects::{detail_of, details_of};
pub use crate::app::projects::{PersonRef, Project, ProjectDetail, ProjectPage, Ref};
use crate::auth::Principal;
use crate::db::projects::{self as store, ProjectFilter, ProjectRow};
use crate::db::{write_transaction, Db, DbConnection};
use crate::domain::access::Action;
use crate::domain::project::{Kind, Lifecycle, ProjectDraft, ProjectInput as DomainInput};
use crate::domain::quarter::Quarter;
use crate::domain::status::Parameter;
use crate::error::{AppError, ErrorBody};
use actix_web::http::header::{ETAG, IF_MATCH};
use actix_web::http::StatusCode;
use actix_web::{delete, get, post, put, web, HttpRequest, HttpResponse};
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

/// What the council fills in for a project.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectBody {
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = "^[^\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*[^\\s\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF][^\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub name: String,
    #[serde(default)]
    #[schema(
        max_length = 10000,
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub description: String,
    /// KLE journal number `NN.NN.NN-LNN-serial-YY`, e.g. `85.13.00-P20-1-22`.
    #[serde(default)]
    #[schema(
        pattern = "^\\s*([0-9]{2}\\.[0-9]{2}\\.[0-9]{2}-[A-Z][0-9]{2}-[0-9]{1,6}-[0-9]{2})?\\s*$"
    )]
    pub case_number: Option<String>,
    pub department_id: i32,
    #[serde(default)]
    pub manager_id: Option<i32>,
    #[serde(default)]
    pub owner_id: Option<i32>,
    pub phase_id: i32,
    pub kind: ProjectKind,
    #[serde(default)]
    pub must_do: bool,
    #[serde(default)]
    pub focus_area_id: Option<i32>,
    #[serde(default)]
    pub parent_id: Option<i32>,
    #[serde(default)]
    pub start_date: Option<NaiveDate>,
    #[serde(default)]
    pub planned_end: Option<NaiveDate>,
    #[serde(default)]
    #[schema(minimum = 0)]
    pub budget: i64,
    #[serde(default)]
    #[schema(minimum = 0)]
    pub spent: i64,
    #[serde(default)]
    #[schema(minimum = 0)]
    pub operating_cost: i64,
    #[serde(default)]
    #[schema(
        max_length = 10000,
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub expected_benefits: String,
    #[serde(default = "proposed")]
    pub state: LifecycleState,
    /// Required when `state` is `cancelled`.
    #[serde(default)]
    #[schema(
        max_length = 10000,
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub cancel_reason: Option<String>,
    #[serde(default)]
    pub ended_on: Option<NaiveDate>,
    /// On update: the version you read. A different stored version answers 409.
    #[serde(default)]
    pub version: Option<i32>,
}

fn proposed() -> LifecycleState {
    LifecycleState::Proposed
}

impl ProjectBody {
    fn parse(self) -> Result<(ProjectDraft, Option<i32>), AppError> {
        let version = self.version;
        let draft = ProjectDraft::parse(DomainInput {
            name: self.name,
            description: self.description,
            case_number: self.case_number,
            department_id: self.department_id,
            manager_id: self.manager_id,
            owner_id: self.owner_id,
            phase_id: self.phase_id,
            kind: self.kind.into(),
            must_do: self.must_do,
            focus_area_id: self.focus_area_id,
            parent_id: self.parent_id,
            start_date: self.start_date,
            planned_end: self.planned_end,
            budget: self.budget,
            spent: self.spent,
            operating_cost: self.operating_cost,
            expected_benefits: self.expected_benefits,
            state: self.state.into(),
            cancel_reason: self.cancel_reason,
            ended_on: self.ended_on,
        })?;
        Ok((draft, version))
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProjectQuery {
    department_id: Option<i32>,
    phase_id: Option<i32>,
    kind: Option<ProjectKind>,
    /// Only skal-projekter (true) or only optional projects (false).
    must_do: Option<bool>,
    focus_area_id: Option<i32>,
    state: Option<LifecycleState>,
    /// Projects in this programme.
    parent_id: Option<i32>,
    /// Projects whose latest report for `quarter` has this parameter red.
    red: Option<StatusParameter>,
    /// The quarter `red` refers to, e.g. `2022Q1`.
    #[param(pattern = "^(19|[2-9][0-9])[0-9]{2}[Qq][1-4]$")]
    quarter: Option<String>,
    /// Free text in name or description, case-insensitive.
    #[param(max_length = 200)]
    q: Option<String>,
    /// Page size, 1–500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
    /// Rows to skip (default 0).
    #[param(minimum = 0)]
    offset: Option<i64>,
}

impl ProjectQuery {
    fn parse(self) -> Result<(ProjectFilter, i64, i64), AppError> {
        let limit = self.limit.unwrap_or(50);
        if !(1..=500).contains(&limit) {
            return Err(AppError::invalid("limit", "must be between 1 and 500"));
        }
        let offset = self.offset.unwrap_or(0);
        if offset < 0 {
            return Err(AppError::invalid("offset", "must not be negative"));
        }
        let red = match (self.red, self.quarter) {
            (Some(p), Some(q)) => Some((
                Parameter::from(p),
                Quarter::parse("quarter", &q)?.to_string(),
            )),
            (Some(_), None) => {
                return Err(AppError::invalid(
                    "quarter",
                    "red needs the quarter it refers to, e.g. quarter=2022Q1",
                ))
            }
            (None, Some(q)) => {
                Quarter::parse("quarter", &q)?;
                None
            }
            (None, None) => None,
        };
        let text = crate::domain::text::search_query("q", self.q.as_deref())?;
        let filter = ProjectFilter {
            department_id: self.department_id,
            phase_id: self.phase_id,
            kind: self.kind.map(|k| Kind::from(k).as_str().to_string()),
            must_do: self.must_do,
            focus_area_id: self.focus_area_id,
            state: self.state.map(|s| Lifecycle::from(s).as_str().to_string()),
            parent_id: self.parent_id,
            red,
            text,
            descending: false,
        };
        Ok((filter, limit, offset))
    }
}

#[utoipa::path(tag = "projects", params(ProjectQuery), responses(
    (status = 200, body = ProjectPage, description = "Projects in Danish name order (æ, ø, å after z)"),
    (status = 400, description = "Unreadable query string", body = ErrorBody),
    (status = 422, description = "Invalid filter value", body = ErrorBody)))]
#[get("/projects")]
async fn list(
    db: web::Data<Db>,
    cache: web::Data<ResponseCache>,
    _signed_in: Principal,
    query: web::Query<ProjectQuery>,
) -> Result<HttpResponse, AppError> {
    let (filter, limit, offset) = query.into_inner().parse()?;
    let key = format!("projects {filter:?} {limit} {offset}");
    let answer = cache
        .get_or_load(key, &db, move |c| {
            let (rows, total) = store::list(c, &filter, limit, offset)?;
            let names = Names::load(c, &rows)?;
            let items = rows
                .into_iter()
                .map(|r| names.view(r))
                .collect::<Result<_, _>>()?;
            Answer::json(&ProjectPage {
                items,
                total,
                limit,
                offset,
            })
        })
        .await?;
    Ok(answer.respond())
}

/// The project with its version as a strong ETag, for `If-Match` on update.
fn with_etag(status: StatusCode, view: ProjectDetail) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((ETAG, format!("\"{}\"", view.project.version)))
        .json(view)
}

fn acting(who: &Principal) -> crate::app::projects::Acting {
    crate::app::projects::Acting {
        actor: who.actor(),
        role: who.role(),
    }
}

/// The version an update was based on: `If-Match: "3"`, or `"version": 3` in the body.
/// Without either an update could silently overwrite someone else's: 428.
fn expected_version(req: &HttpRequest, body_version: Option<i32>) -> Result<i32, AppError> {
    // Strong comparison (RFC 9110 13.1.1): a weak tag `W/"3"` never matches.
    let header = req.headers().get(IF_MATCH).map(|v| {
        v.to_str()
            .ok()
            .map(str::trim)
            .and_then(|v| v.strip_prefix('"')?.strip_suffix('"'))
            .and_then(|v| v.parse::<i32>().ok())
            .ok_or_else(|| {
                AppError::PreconditionFailed(
                    "If-Match must be the strong ETag of the project, e.g. \"3\"".into(),
                )
            })
    });
    match (header.transpose()?, body_version) {
        (Some(v), _) | (None, Some(v)) => Ok(v),
        (None, None) => Err(AppError::PreconditionRequired(
            "send the version you read (If-Match header or \"version\" field) so nobody's changes are overwritten".into(),
        )),
    }
}

#[utoipa::path(tag = "projects", params(("id" = i32, Path)), responses(
    (status = 200, body = ProjectDetail, headers(("ETag" = String, description = "The project's version, for If-Match"))),
    (status = 404, description = "Unknown project", body = ErrorBody)))]
#[get("/projects/{id}")]
async fn get_one(
    db: web::Data<Db>,
    cache: web::Data<ResponseCache>,
    _signed_in: Principal,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let answer = cache
        .get_or_load(format!("project {id}"), &db, move |c| {
            let view = detail_of(c, id)?;
            Ok(Answer::json(&view)?.with_etag(view.project.version))
        })
        .await?;
    Ok(answer.respond())
}

#[utoipa::path(tag = "projects", request_body = ProjectBody, responses(
    (status = 201, body = ProjectDetail),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 409, description = "Name taken", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field or unknown reference", body = ErrorBody)))]
#[post("/projects")]
async fn create(
    db: web::Data<Db>,
    who: Principal,
    body: ApiJson<ProjectBody>,
) -> Result<HttpResponse, AppError> {
    who.require(Action::ManagePortfolio)?;
    let (draft, _) = body.0.parse()?;
    let who = acting(&who);
    let view = db
        .run(move |c| crate::app::projects::create(c, &who, &draft))
        .await?;
    Ok(with_etag(StatusCode::CREATED, view))
}

#[utoipa::path(tag = "projects", params(("id" = i32, Path), ("If-Match" = Option<String>, Header, description = "The ETag you read")), request_body = ProjectBody, responses(
    (status = 200, body = ProjectDetail),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 404, description = "Unknown project", body = ErrorBody),
    (status = 409, description = "Name taken", body = ErrorBody),
    (status = 412, description = "Changed by someone else since the version you read; nothing was saved", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field or unknown reference", body = ErrorBody),
    (status = 428, description = "No If-Match header and no version", body = ErrorBody)))]
#[put("/projects/{id}")]
async fn update(
    db: web::Data<Db>,
    who: Principal,
    req: HttpRequest,
    id: web::Path<i32>,
    body: ApiJson<ProjectBody>,
) -> Result<HttpResponse, AppError> {
    who.require(Action::ManagePortfolio)?;
    let (id, who) = (id.into_inner(), acting(&who));
    let (draft, body_version) = body.0.parse()?;
    let version = expected_version(&req, body_version)?;
    let view = db
        .run(move |c| crate::app::projects::update(c, &who, id, &draft, version))
        .await?;
    Ok(with_etag(StatusCode::OK, view))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DescriptionBody {
    #[schema(
        max_length = 10000,
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub description: String,
    /// The version you read, unless you send If-Match.
    #[serde(default)]
    pub version: Option<i32>,
}

#[utoipa::path(tag = "projects", params(("id" = i32, Path), ("If-Match" = Option<String>, Header, description = "The ETag you read")), request_body = DescriptionBody, responses(
    (status = 200, body = ProjectDetail, description = "The description is changed; project managers may do this on their own projects"),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 404, description = "Unknown project", body = ErrorBody),
    (status = 412, description = "Changed by someone else since the version you read", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Invalid field", body = ErrorBody),
    (status = 428, description = "No If-Match header and no version", body = ErrorBody)))]
#[put("/projects/{id}/description")]
async fn describe(
    db: web::Data<Db>,
    who: Principal,
    req: HttpRequest,
    id: web::Path<i32>,
    body: ApiJson<DescriptionBody>,
) -> Result<HttpResponse, AppError> {
    let (id, actor) = (id.into_inner(), who.actor());
    let DescriptionBody {
        description,
        version,
    } = body.0;
    // The text is checked before the version, so a bad text is a 422 whatever the header.
    crate::domain::text::free_text(
        "description",
        &description,
        crate::domain::project::TEXT_MAX,
    )?;
    let version = expected_version(&req, version)?;
    let view = db
        .run(move |c| {
            write_transaction(c, |c| {
                let row = store::get(c, id)?;
                who.require_project(row.manager_id, row.owner_id)?;
                let draft = ProjectDraft::parse(DomainInput {
                    description,
                    ..input_of(&row)?
                })?;
                let before = detail_of(c, row.id)?;
                let row = store::update(c, id, &draft, version)?;
                let after = detail_of(c, row.id)?;
                audit_change(c, &actor, "update", "project", id, &before, &after)?;
                Ok(after)
            })
        })
        .await?;
    Ok(with_etag(StatusCode::OK, view))
}

#[utoipa::path(tag = "projects", params(("id" = i32, Path)), responses(
    (status = 204, description = "Deleted"),
    (status = 404, description = "Unknown project", body = ErrorBody),
    (status = 409, description = "The project has status reports or sub-projects and is kept", body = ErrorBody)))]
#[delete("/projects/{id}")]
async fn remove(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    who.require(Action::ManagePortfolio)?;
    let (id, actor) = (id.into_inner(), who.actor());
    db.run(move |c| {
        write_transaction(c, |c| {
            let before = detail_of(c, id)?;
            store::delete(c, id)?;
            crate::db::audit::record(
                c,
                &actor,
                "delete",
                "project",
                id,
                crate::db::audit::json(&before),
                None,
            )
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelBody {
    /// Why the project stops, e.g. "leverandøren kan ikke leve op til aftalen".
    #[schema(
        min_length = 1,
        max_length = 10000,
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*[^\\s\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF][^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]*$"
    )]
    pub reason: String,
    /// Defaults to today.
    #[serde(default)]
    pub date: Option<NaiveDate>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompleteBody {
    /// Defaults to today.
    #[serde(default)]
    pub date: Option<NaiveDate>,
}

/// Close a project (completed or cancelled) through the same rules as an update.
fn close(
    conn: &mut DbConnection,
    id: i32,
    state: Lifecycle,
    reason: Option<String>,
    date: Option<NaiveDate>,
) -> Result<ProjectDetail, AppError> {
    let row = store::get(conn, id)?;
    if Lifecycle::parse("state", &row.state)?.is_closed() {
        return Err(AppError::conflict(
            Some("state"),
            format!("project {id} is already {}", row.state),
        ));
    }
    let draft = ProjectDraft::parse(DomainInput {
        state,
        cancel_reason: reason,
        ended_on: Some(date.unwrap_or_else(|| Utc::now().date_naive())),
        ..input_of(&row)?
    })?;
    let row = store::update(conn, id, &draft, row.version)?;
    detail_of(conn, row.id)
}

fn input_of(r: &ProjectRow) -> Result<DomainInput, AppError> {
    Ok(DomainInput {
        name: r.name.clone(),
        description: r.description.clone(),
        case_number: r.case_number.clone(),
        department_id: r.department_id,
        manager_id: r.manager_id,
        owner_id: r.owner_id,
        phase_id: r.phase_id,
        kind: Kind::parse("kind", &r.kind)?,
        must_do: r.must_do,
        focus_area_id: r.focus_area_id,
        parent_id: r.parent_id,
        start_date: r.start_date,
        planned_end: r.planned_end,
        budget: r.budget,
        spent: r.spent,
        operating_cost: r.operating_cost,
        expected_benefits: r.expected_benefits.clone(),
        state: Lifecycle::parse("state", &r.state)?,
        cancel_reason: r.cancel_reason.clone(),
        ended_on: r.ended_on,
    })
}

/// Close the project and write the audit record, in one transaction.
fn close_audited(
    c: &mut DbConnection,
    actor: &crate::db::audit::Actor,
    id: i32,
    state: Lifecycle,
    reason: Option<String>,
    date: Option<NaiveDate>,
) -> Result<ProjectDetail, AppError> {
    let before = detail_of(c, id)?;
    let after = close(c, id, state, reason, date)?;
    let action = if state == Lifecycle::Cancelled {
        "cancel"
    } else {
        "complete"
    };
    audit_change(c, actor, action, "project", id, &before, &after)?;
    Ok(after)
}

#[utoipa::path(tag = "projects", params(("id" = i32, Path)), request_body = CancelBody, responses(
    (status = 200, body = ProjectDetail, description = "The project is cancelled"),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 404, description = "Unknown project", body = ErrorBody),
    (status = 409, description = "Already completed or cancelled", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Missing reason or bad date", body = ErrorBody)))]
#[post("/projects/{id}/cancel")]
async fn cancel(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
    body: ApiJson<CancelBody>,
) -> Result<HttpResponse, AppError> {
    who.require(Action::ManagePortfolio)?;
    let (id, actor) = (id.into_inner(), who.actor());
    let CancelBody { reason, date } = body.0;
    let view = db
        .run(move |c| {
            write_transaction(c, |c| {
                close_audited(c, &actor, id, Lifecycle::Cancelled, Some(reason), date)
            })
        })
        .await?;
    Ok(with_etag(StatusCode::OK, view))
}

#[utoipa::path(tag = "projects", params(("id" = i32, Path)), request_body = CompleteBody, responses(
    (status = 200, body = ProjectDetail, description = "The project is completed"),
    (status = 400, description = "Malformed JSON", body = ErrorBody),
    (status = 404, description = "Unknown project", body = ErrorBody),
    (status = 409, description = "Already completed or cancelled", body = ErrorBody),
    (status = 413, description = "Body too large", body = ErrorBody),
    (status = 415, description = "Body is not JSON", body = ErrorBody),
    (status = 422, description = "Bad date", body = ErrorBody)))]
#[post("/projects/{id}/complete")]
async fn complete(
    db: web::Data<Db>,
    who: Principal,
    id: web::Path<i32>,
    body: ApiJson<CompleteBody>,
) -> Result<HttpResponse, AppError> {
    who.require(Action::ManagePortfolio)?;
    let (id, actor, date) = (id.into_inner(), who.actor(), body.0.date);
    let view = db
        .run(move |c| {
            write_transaction(c, |c| {
                close_audited(c, &actor, id, Lifecycle::Completed, None, date)
            })
        })
        .await?;
    Ok(with_etag(StatusCode::OK, view))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list)
        .service(get_one)
        .service(create)
        .service(update)
        .service(describe)
        .service(remove)
        .service(cancel)
        .service(complete);
}
