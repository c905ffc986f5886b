//! The quarterly Q-report for Chefforum in JSON, CSV, XLSX and HTML, the red
//! trend over quarters, and Chefforum's decision that freezes a report.

use super::extract::ApiJson;
use super::quarters::parse_code;
use super::types::{LifecycleState, ProjectKind, StatusColour};
use crate::auth::Principal;
use crate::db::reports::{self as store, DecisionRow, NewDecision};
use crate::db::{quarters, write_transaction, Db};
use crate::domain::access::Action;
use crate::domain::kle::CaseNumber;
use crate::domain::quarter::Quarter;
use crate::domain::report::{self, Count, PortfolioFilter, ProjectLine, QReport, TrendPoint};
use crate::domain::status::Parameter;
use crate::domain::text::free_text;
use crate::domain::Problem;
use crate::error::{AppError, ErrorBody};
use crate::export;
use crate::reporting::{QuarterReport, ReportCache};
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct CountView {
    pub name: String,
    pub count: usize,
}

#[derive(Serialize, ToSchema)]
pub struct SummaryView {
    /// Projects in progress in the quarter.
    pub in_progress: usize,
    /// Of which skal-projekter.
    pub must_do: usize,
    /// Projects with at least one red parameter.
    pub with_red: usize,
    pub reported: usize,
    pub missing: usize,
    pub by_phase: Vec<CountView>,
    pub by_department: Vec<CountView>,
    pub by_kind: Vec<CountView>,
    pub by_focus_area: Vec<CountView>,
}

/// A project red on the table's parameter.
#[derive(Serialize, ToSchema)]
pub struct RedRowView {
    pub project_id: i32,
    pub name: String,
    pub programme: Option<String>,
    pub department: String,
    pub project_manager: Option<String>,
    pub ressourcer: StatusColour,
    pub leverancer: StatusColour,
    pub tid: StatusColour,
    pub okonomi: StatusColour,
    /// The comment on the red parameter.
    pub comment: String,
    /// Always 1 ("Antal" in the minutes' tables).
    pub count: u32,
}

#[derive(Serialize, ToSchema)]
pub struct RedTableView {
    pub rows: Vec<RedRowView>,
    /// "Hovedtotal".
    pub total: usize,
}

/// One table per red parameter, in the minutes' order.
#[derive(Serialize, ToSchema)]
pub struct RedTablesView {
    pub tid: RedTableView,
    pub leverancer: RedTableView,
    pub ressourcer: RedTableView,
    pub okonomi: RedTableView,
}

/// A project with its four colours for the quarter (null: not reported).
#[derive(Serialize, ToSchema)]
pub struct ProjectStatusView {
    pub project_id: i32,
    pub name: String,
    pub owner: Option<String>,
    pub ressourcer: Option<StatusColour>,
    pub leverancer: Option<StatusColour>,
    pub tid: Option<StatusColour>,
    pub okonomi: Option<StatusColour>,
}

#[derive(Serialize, ToSchema)]
pub struct FocusAreaStatusView {
    pub id: i32,
    pub name: String,
    /// The owning department.
    pub department: String,
    pub strategy: String,
    pub projects: Vec<ProjectStatusView>,
}

#[derive(Serialize, ToSchema)]
pub struct ProjectRefView {
    pub project_id: i32,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct CancelledView {
    pub project_id: i32,
    pub name: String,
    pub reason: String,
}

#[derive(Serialize, ToSchema)]
pub struct PerParameterView {
    pub tid: Vec<ProjectRefView>,
    pub leverancer: Vec<ProjectRefView>,
    pub ressourcer: Vec<ProjectRefView>,
    pub okonomi: Vec<ProjectRefView>,
}

#[derive(Serialize, ToSchema)]
pub struct ChangesView {
    pub previous_quarter: String,
    pub new_projects: Vec<ProjectRefView>,
    pub completed: Vec<ProjectRefView>,
    pub cancelled: Vec<CancelledView>,
    pub turned_red: PerParameterView,
    pub turned_green: PerParameterView,
}

#[derive(Serialize, ToSchema)]
pub struct MissingView {
    pub project_id: i32,
    pub name: String,
    pub project_manager: Option<String>,
    pub email: Option<String>,
    pub department: String,
    /// Days from the reporting deadline to today (or to the approval).
    pub days_overdue: i64,
}

#[derive(Serialize, ToSchema)]
pub struct DecisionView {
    pub quarter: String,
    pub meeting_date: NaiveDate,
    /// E.g. "Godkendte indstillingen."
    pub text: String,
    pub case_number: Option<String>,
    pub recorded_at: DateTime<Utc>,
    /// False for a decision replaced by a correction.
    pub is_current: bool,
}

impl From<&DecisionRow> for DecisionView {
    fn from(d: &DecisionRow) -> Self {
        Self {
            quarter: d.quarter.clone(),
            meeting_date: d.meeting_date,
            text: d.text.clone(),
            case_number: d.case_number.clone(),
            recorded_at: d.recorded_at.and_utc(),
            is_current: d.is_current,
        }
    }
}

/// The Q-report of one quarter.
#[derive(Serialize, ToSchema)]
pub struct ReportView {
    pub quarter: String,
    /// True once Chefforum has decided: the report is then the frozen snapshot.
    pub approved: bool,
    pub deadline: NaiveDate,
    pub as_of: NaiveDate,
    pub summary: SummaryView,
    pub red: RedTablesView,
    pub focus_areas: Vec<FocusAreaStatusView>,
    pub changes: ChangesView,
    pub missing: Vec<MissingView>,
    pub decision: Option<DecisionView>,
}

#[derive(Serialize, ToSchema)]
pub struct ReportResponse {
    #[serde(flatten)]
    pub report: ReportView,
    /// With `live=true` on an approved quarter: the report as the data stands now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub live: Option<ReportView>,
}

fn counts(items: &[Count]) -> Vec<CountView> {
    items
        .iter()
        .map(|c| CountView {
            name: c.name.clone(),
            count: c.count,
        })
        .collect()
}

fn reference(l: &ProjectLine) -> ProjectRefView {
    ProjectRefView {
        project_id: l.project_id,
        name: l.name.clone(),
    }
}

fn colour(l: &ProjectLine, p: Parameter) -> Option<StatusColour> {
    l.colour(p).map(StatusColour::from)
}

fn per_parameter(changes: &[report::ParameterChanges]) -> PerParameterView {
    let of = |p: Parameter| {
        changes
            .iter()
            .filter(|c| c.parameter == p)
            .flat_map(|c| c.projects.iter().map(reference))
            .collect()
    };
    PerParameterView {
        tid: of(Parameter::Tid),
        leverancer: of(Parameter::Leverancer),
        ressourcer: of(Parameter::Ressourcer),
        okonomi: of(Parameter::Okonomi),
    }
}

impl ReportView {
    fn new(r: &QReport, decision: Option<&DecisionRow>) -> Self {
        let table = |p: Parameter| {
            let t = r
                .red
                .iter()
                .find(|t| t.parameter == p)
                .expect("a table per parameter");
            RedTableView {
                rows: t
                    .rows
                    .iter()
                    .map(|l| {
                        let c = |p| colour(l, p).unwrap_or(StatusColour::Green);
                        RedRowView {
                            project_id: l.project_id,
                            name: l.name.clone(),
                            programme: l.programme.clone(),
                            department: l.department.clone(),
                            project_manager: l.manager.clone(),
                            ressourcer: c(Parameter::Ressourcer),
                            leverancer: c(Parameter::Leverancer),
                            tid: c(Parameter::Tid),
                            okonomi: c(Parameter::Okonomi),
                            comment: t.comment(l),
                            count: 1,
                        }
                    })
                    .collect(),
                total: t.total(),
            }
        };
        let s = &r.summary;
        Self {
            quarter: r.quarter.to_string(),
            approved: decision.is_some(),
            deadline: r.deadline,
            as_of: r.as_of,
            summary: SummaryView {
                in_progress: s.in_progress,
                must_do: s.must_do,
                with_red: s.with_red,
                reported: s.reported,
                missing: r.missing.len(),
                by_phase: counts(&s.by_phase),
                by_department: counts(&s.by_department),
                by_kind: counts(&s.by_kind),
                by_focus_area: counts(&s.by_focus_area),
            },
            red: RedTablesView {
                tid: table(Parameter::Tid),
                leverancer: table(Parameter::Leverancer),
                ressourcer: table(Parameter::Ressourcer),
                okonomi: table(Parameter::Okonomi),
            },
            focus_areas: r
                .focus_areas
                .iter()
                .map(|f| FocusAreaStatusView {
                    id: f.id,
                    name: f.name.clone(),
                    department: f.department.clone(),
                    strategy: f.strategy.clone(),
                    projects: f
                        .projects
                        .iter()
                        .map(|l| ProjectStatusView {
                            project_id: l.project_id,
                            name: l.name.clone(),
                            owner: l.owner.clone(),
                            ressourcer: colour(l, Parameter::Ressourcer),
                            leverancer: colour(l, Parameter::Leverancer),
                            tid: colour(l, Parameter::Tid),
                            okonomi: colour(l, Parameter::Okonomi),
                        })
                        .collect(),
                })
                .collect(),
            changes: ChangesView {
                previous_quarter: r.changes.previous.to_string(),
                new_projects: r.changes.new_projects.iter().map(reference).collect(),
                completed: r.changes.completed.iter().map(reference).collect(),
                cancelled: r
                    .changes
                    .cancelled
                    .iter()
                    .map(|(l, reason)| CancelledView {
                        project_id: l.project_id,
                        name: l.name.clone(),
                        reason: reason.clone(),
                    })
                    .collect(),
                turned_red: per_parameter(&r.changes.turned_red),
                turned_green: per_parameter(&r.changes.turned_green),
            },
            missing: r
                .missing
                .iter()
                .map(|m| MissingView {
                    project_id: m.line.project_id,
                    name: m.line.name.clone(),
                    project_manager: m.line.manager.clone(),
                    email: m.email.clone(),
                    department: m.line.department.clone(),
                    days_overdue: m.days_overdue,
                })
                .collect(),
            decision: decision.map(DecisionView::from),
        }
    }
}

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
}

impl ReportQuery {
    fn filter(&self) -> Result<PortfolioFilter, AppError> {
        let text =
            crate::domain::text::search_query("q", self.q.as_deref())?.map(|t| t.to_lowercase());
        Ok(PortfolioFilter {
            department_id: self.department_id,
            phase_id: self.phase_id,
            kind: self.kind.map(Into::into),
            must_do: self.must_do,
            focus_area_id: self.focus_area_id,
            state: self.state.map(Into::into),
            parent_id: self.parent_id,
            text,
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

fn download(
    content_type: &str,
    name: String,
    body: impl Into<web::Bytes>,
    inline: bool,
) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(ContentDisposition {
            disposition: if inline {
                DispositionType::Inline
            } else {
                DispositionType::Attachment
            },
            parameters: vec![DispositionParam::Filename(name)],
        })
        .body(body.into())
}

/// The report as JSON, serialised once per built report: a cached report is
/// read far more often than it changes.
pub fn json(r: &QuarterReport) -> Result<web::Bytes, AppError> {
    r.json
        .get_or_init(|| {
            serde_json::to_vec(&ReportResponse {
                report: ReportView::new(&r.report, r.decision.as_ref()),
                live: r.live.as_ref().map(|live| ReportView::new(live, None)),
            })
            .map(web::Bytes::from)
            .map_err(|e| format!("json: {e}"))
        })
        .clone()
        .map_err(AppError::Internal)
}

/// The JSON gzipped, once per built report.
fn json_gzip(r: &QuarterReport) -> Result<web::Bytes, AppError> {
    use std::io::Write;
    let plain = json(r)?;
    r.json_gzip
        .get_or_init(|| {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            encoder
                .write_all(&plain)
                .and_then(|()| encoder.finish())
                .map(web::Bytes::from)
                .map_err(|e| format!("gzip: {e}"))
        })
        .clone()
        .map_err(AppError::Internal)
}

/// Whether `Accept-Encoding` admits gzip (and does not refuse it with q=0).
fn accepts_gzip(req: &HttpRequest) -> bool {
    req.headers()
        .get_all(header::ACCEPT_ENCODING)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|part| {
            let mut pieces = part.split(';').map(str::trim);
            pieces
                .next()
                .is_some_and(|c| c.eq_ignore_ascii_case("gzip"))
                && !pieces.any(|p| {
                    p.strip_prefix("q=")
                        .and_then(|q| q.parse::<f32>().ok())
                        .is_some_and(|q| q == 0.0)
                })
        })
}

fn render(
    format: ReportFormat,
    table: Option<ReportTable>,
    r: &QuarterReport,
    gzip: bool,
) -> Result<HttpResponse, AppError> {
    let report = &r.report;
    Ok(match format {
        ReportFormat::Json if gzip => HttpResponse::Ok()
            .content_type(header::ContentType::json())
            .insert_header((header::CONTENT_ENCODING, "gzip"))
            .insert_header((header::VARY, "Accept-Encoding"))
            .body(json_gzip(r)?),
        ReportFormat::Json => HttpResponse::Ok()
            .content_type(header::ContentType::json())
            .insert_header((header::VARY, "Accept-Encoding"))
            .body(json(r)?),
        ReportFormat::Csv => {
            let (part, body) = match table.unwrap_or(ReportTable::Portfolio) {
                ReportTable::Portfolio => ("portefoelje", export::csv::portfolio(report)),
                t => {
                    let parameter = match t {
                        ReportTable::Tid => Parameter::Tid,
                        ReportTable::Leverancer => Parameter::Leverancer,
                        ReportTable::Ressourcer => Parameter::Ressourcer,
                        _ => Parameter::Okonomi,
                    };
                    let red = report
                        .red
                        .iter()
                        .find(|x| x.parameter == parameter)
                        .expect("a table per parameter");
                    (parameter.as_str(), export::csv::red_table(report, red))
                }
            };
            download(
                "text/csv; charset=utf-8",
                export::file_name(report.quarter, Some(part), "csv"),
                body,
                false,
            )
        }
        ReportFormat::Xlsx => download(
            XLSX,
            export::file_name(report.quarter, None, "xlsx"),
            r.xlsx
                .get()
                .cloned()
                .ok_or_else(|| AppError::Internal("the workbook was not built".into()))?,
            false,
        ),
        ReportFormat::Html => {
            let page =
                export::html::page(report).map_err(|e| AppError::Internal(format!("html: {e}")))?;
            download(
                "text/html; charset=utf-8",
                export::file_name(report.quarter, None, "html"),
                page.into_bytes(),
                true,
            )
        }
    })
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
    render(format, table, &r, accepts_gzip(&req))
}

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

/// At most fifty years of quarters in one answer.
const TREND_MAX: usize = 200;

#[utoipa::path(tag = "reports", params(TrendQuery), responses(
    (status = 200, body = Vec<TrendPointView>, description = "Per quarter: red projects per parameter and missing reports"),
    (status = 400, description = "Unreadable query string", body = ErrorBody),
    (status = 422, description = "Bad quarter, or from after to", body = ErrorBody)))]
#[get("/reports/trend")]
async fn trend(
    db: web::Data<Db>,
    _signed_in: Principal,
    query: web::Query<TrendQuery>,
) -> Result<web::Json<Vec<TrendPointView>>, AppError> {
    let from = query
        .from
        .as_deref()
        .map(|q| Quarter::parse("from", q))
        .transpose()?;
    let to = query
        .to
        .as_deref()
        .map(|q| Quarter::parse("to", q))
        .transpose()?;
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            return Err(AppError::invalid(
                "from",
                Problem::EndBeforeStart,
                "from is after to",
            ));
        }
    }
    let points = db
        .run(move |c| {
            let to = match to {
                Some(t) => t,
                None => match quarters::list(c)?.first() {
                    Some(q) => q.code,
                    None => return Ok(vec![]),
                },
            };
            let from = from.unwrap_or_else(|| (0..7).fold(to, |q, _| q.previous()));
            let mut range = vec![];
            let mut q = from.min(to);
            while q <= to && range.len() < TREND_MAX {
                range.push(q);
                q = q.next();
            }
            if q <= to {
                return Err(AppError::invalid(
                    "from",
                    Problem::OutOfRange,
                    format!("at most {TREND_MAX} quarters at a time"),
                ));
            }
            crate::reporting::trend(c, &range)
        })
        .await?;
    Ok(web::Json(points.iter().map(TrendPointView::from).collect()))
}

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
    fn parse(self) -> Result<NewDecision, AppError> {
        let text = free_text("text", &self.text, 10_000)?;
        if text.is_empty() {
            return Err(AppError::invalid(
                "text",
                Problem::Required,
                "the decision text must not be empty",
            ));
        }
        let case_number = match self.case_number.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(c) => Some(CaseNumber::parse("case_number", c)?.to_string()),
        };
        Ok(NewDecision {
            meeting_date: self.meeting_date,
            text,
            case_number,
            correction: self.correction,
        })
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
async fn decide(
    db: web::Data<Db>,
    who: Principal,
    quarter: web::Path<String>,
    body: ApiJson<DecisionInput>,
) -> Result<HttpResponse, AppError> {
    who.require(Action::Decide)?;
    let (quarter, actor) = (parse_code(&quarter)?, who.actor());
    let decision = body.0.parse()?;
    let row = db
        .run(move |c| {
            write_transaction(c, |c| {
                let before = store::current_decision(c, quarter)?
                    .as_ref()
                    .map(DecisionView::from);
                let row = store::decide(c, quarter, &decision)?;
                let before = before.as_ref().and_then(crate::db::audit::json);
                let after = crate::db::audit::json(&DecisionView::from(&row));
                crate::db::audit::record(c, &actor, "decide", "decision", quarter, before, after)?;
                Ok(row)
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(DecisionView::from(&row)))
}

#[utoipa::path(tag = "reports", params(("quarter" = String, Path, example = "2022Q1", pattern = "^(19|[2-9][0-9])[0-9]{2}[Qq][1-4]$")), responses(
    (status = 200, body = Vec<DecisionView>, description = "Every decision on the quarter, the current one first"),
    (status = 404, description = "Unknown quarter", body = ErrorBody),
    (status = 422, description = "Bad quarter", body = ErrorBody)))]
#[get("/reports/{quarter}/decisions")]
async fn decisions(
    db: web::Data<Db>,
    _signed_in: Principal,
    quarter: web::Path<String>,
) -> Result<web::Json<Vec<DecisionView>>, AppError> {
    let quarter = parse_code(&quarter)?;
    let rows = db
        .run(move |c| {
            quarters::get(c, quarter)?;
            store::decision_history(c, quarter)
        })
        .await?;
    Ok(web::Json(rows.iter().map(DecisionView::from).collect()))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    // The trend route goes first: "/reports/trend" would otherwise match "/reports/{quarter}".
    cfg.service(trend)
        .service(get_report)
        .service(decide)
        .service(decisions);
}
