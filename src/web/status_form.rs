//! Indrapportér status: the quarterly form a project manager fills in,
//! pre-filled from the previous quarter, checked on the server, then
//! post/redirect/get to a receipt.

use super::context::{Cell, Ctx, Nav, PageError};
use super::filters;
use super::messages::{danish, parameter_label};
use super::session::{csrf_ok, redirect};
use crate::app::status::Filing;
use crate::db::status::{self as store, StatusRow};
use crate::db::{projects, Db, DbConnection};
use crate::domain::access::{may_report_on, Role};
use crate::domain::danish::{format_amount, format_date, format_kroner, parse_date, parse_kroner};
use crate::domain::economy::{Forecast, ForecastInput};
use crate::domain::quarter::Quarter;
use crate::domain::status::{Colour, Parameter, StatusReport};
use crate::domain::tolerance::{Baseline, Tolerances};
use crate::domain::{Problem, ValidationError};
use crate::error::AppError;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::NaiveDateTime;
use serde::Deserialize;

pub struct ParamField {
    key: &'static str,
    label: &'static str,
    colour: String,
    comment: String,
    error: Option<String>,
}

/// One of the three colours as the form offers it.
pub struct ColourChoice {
    value: &'static str,
    word: &'static str,
}

const COLOURS: [ColourChoice; 3] = [
    ColourChoice {
        value: "green",
        word: "Grøn",
    },
    ColourChoice {
        value: "yellow",
        word: "Gul",
    },
    ColourChoice {
        value: "red",
        word: "Rød",
    },
];

/// A problem at a field of the form, linked from the summary by the field's id.
pub struct FieldError {
    field: String,
    message: String,
}

#[derive(Template)]
#[template(path = "status_form.html")]
struct FormPage<'a> {
    nav: &'a Nav,
    project_id: i32,
    project: String,
    quarter: Quarter,
    closed: Option<String>,
    errors: Vec<FieldError>,
    prefilled_from: String,
    colours: &'static [ColourChoice],
    params: Vec<ParamField>,
    comment: String,
    economy: EconomyFields,
    /// "Ud fra prognosen foreslås …": the tolerances' colours for tid and økonomi.
    suggestion: Option<String>,
}

/// One input of the economy part of the form.
pub struct EconomyField {
    key: &'static str,
    label: &'static str,
    hint: &'static str,
    numeric: bool,
    value: String,
    error: Option<String>,
}

/// Spent, forecast and expected end as the form shows them: "1.250.000", "30-11-2025".
#[derive(Default)]
pub struct EconomyFields {
    forbrug: String,
    prognose: String,
    forventet_slut: String,
}

impl EconomyFields {
    /// The three inputs, each with its problem from `errors`.
    fn inputs(&self, errors: &[FieldError]) -> Vec<EconomyField> {
        let error = |key: &str| {
            errors
                .iter()
                .find(|e| e.field == key)
                .map(|e| e.message.clone())
        };
        let field = |key, label, hint, numeric, value: &String| EconomyField {
            key,
            label,
            hint,
            numeric,
            value: value.clone(),
            error: error(key),
        };
        vec![
            field(
                "forbrug",
                "Forbrug til dato i hele kroner",
                "fx 1.250.000",
                true,
                &self.forbrug,
            ),
            field(
                "prognose",
                "Forventet samlet udgift (prognose) i hele kroner",
                "hele projektets engangsudgift, som du forventer den nu",
                true,
                &self.prognose,
            ),
            field(
                "forventet_slut",
                "Forventet slutdato",
                "dd-mm-åååå",
                false,
                &self.forventet_slut,
            ),
        ]
    }

    fn of(f: &Forecast) -> Self {
        Self {
            forbrug: format_amount(f.spent),
            prognose: format_amount(f.forecast),
            forventet_slut: f.expected_end.map(format_date).unwrap_or_default(),
        }
    }
}

impl<'a> FormPage<'a> {
    /// The form for a project, empty.
    fn new(ctx: &'a Ctx, project_id: i32, project: String, closed: Option<String>) -> Self {
        Self {
            nav: &ctx.nav,
            project_id,
            project,
            quarter: ctx.quarter,
            closed,
            errors: vec![],
            prefilled_from: String::new(),
            colours: &COLOURS,
            params: vec![],
            comment: String::new(),
            economy: EconomyFields::default(),
            suggestion: None,
        }
    }

    /// Why a submitted form comes back: the quarter closed, or errors in it.
    fn refusal(&self) -> StatusCode {
        match self.closed {
            Some(_) => StatusCode::CONFLICT,
            None => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }
}

/// Why the quarter takes no reports, in Danish, by the one rule
/// (`reporting::reportable`); None when it does.
fn closed_reason(c: &mut DbConnection, quarter: Quarter) -> Result<Option<String>, AppError> {
    match crate::reporting::reportable(c, quarter, false) {
        Ok(()) => Ok(None),
        Err(e) => match e.problem() {
            Some(problem) => Ok(Some(super::messages::danish("quarter", problem))),
            None => Err(e),
        },
    }
}

/// The four parameters and the overall comment pre-filled from a report.
fn fields_from(row: Option<&StatusRow>) -> (Vec<ParamField>, String) {
    let params = Parameter::ALL
        .into_iter()
        .map(|p| {
            let (colour, comment) = match row {
                Some(r) => {
                    let (c, t) = r.colour(p);
                    (c.as_str().to_string(), t.to_string())
                }
                None => (String::new(), String::new()),
            };
            ParamField {
                key: p.as_str(),
                label: parameter_label(p),
                colour,
                comment,
                error: None,
            }
        })
        .collect();
    (params, row.map(|r| r.comment.clone()).unwrap_or_default())
}

/// What the form shows besides what was entered: the project, whether the
/// quarter is closed, and the report it is pre-filled from.
pub struct FormView {
    project: String,
    closed: Option<String>,
    prefill: Option<StatusRow>,
    /// "status fra 2022Q1": where the pre-filled values come from.
    prefilled_from: String,
    /// The economy as last reported or registered.
    known: Forecast,
    baseline: Option<Baseline>,
    tolerances: Tolerances,
}

impl FormView {
    /// What the tolerances make of a forecast, in Danish; none without a baseline.
    fn suggestion(&self, f: &Forecast) -> Option<String> {
        let s = self
            .tolerances
            .suggest(self.baseline, f.expected_end, f.forecast);
        let part = |name: &str, c: Option<Colour>| c.map(|c| format!("{} for {name}", c.danish()));
        let parts: Vec<String> = [part("tid", s.tid), part("økonomi", s.okonomi)]
            .into_iter()
            .flatten()
            .collect();
        let baseline = self.baseline?;
        (!parts.is_empty()).then(|| {
            format!(
                "Ud fra prognosen foreslås {} (baseline: slut {}, budget {}).",
                parts.join(" og "),
                baseline
                    .planned_end
                    .map(format_date)
                    .unwrap_or_else(|| "ikke fastlagt".into()),
                format_kroner(baseline.budget)
            )
        })
    }
}

impl FormView {
    fn load(
        c: &mut DbConnection,
        who: (Role, i32),
        id: i32,
        quarter: Quarter,
    ) -> Result<Self, AppError> {
        let project = projects::get(c, id)?;
        if !may_report_on(who.0, who.1, project.manager_id, project.owner_id) {
            return Err(AppError::Forbidden(
                "not the project's manager or owner".into(),
            ));
        }
        let closed = closed_reason(c, quarter)?;
        let (prefill, prefilled_from) = match store::latest(c, id, quarter)? {
            Some(r) => (
                Some(r),
                format!("din seneste indrapportering for {}", quarter.danish()),
            ),
            None => match store::latest_before(c, id, quarter)? {
                Some(r) => {
                    let from = format!("status fra {}", r.quarter.danish());
                    (Some(r), from)
                }
                None => (None, String::new()),
            },
        };
        let known = match prefill.as_ref().and_then(StatusRow::economy) {
            Some(reported) => reported,
            None => crate::db::economy::known_forecast(c, id)?,
        };
        Ok(Self {
            project: project.name,
            closed,
            prefill,
            prefilled_from,
            known,
            baseline: crate::db::baselines::current_of(c, &[id])?
                .remove(&id)
                .map(|b| b.baseline()),
            tolerances: crate::db::baselines::tolerances(c)?,
        })
    }
}

async fn load(ctx: &Ctx, db: &Db, id: i32) -> Result<FormView, PageError> {
    let (quarter, who) = (ctx.quarter, (ctx.account.role, ctx.account.person_id));
    Ok(db.run(move |c| FormView::load(c, who, id, quarter)).await?)
}

pub async fn form(
    req: HttpRequest,
    db: web::Data<Db>,
    path: web::Path<(i32, String)>,
) -> Result<HttpResponse, PageError> {
    let (id, quarter) = path.into_inner();
    let ctx = Ctx::load(&req, &db, Some(&quarter), "portefoelje").await?;
    let view = load(&ctx, &db, id).await?;
    let (params, comment) = fields_from(view.prefill.as_ref());
    let suggestion = view.suggestion(&view.known);
    let page = FormPage {
        prefilled_from: view.prefilled_from,
        params,
        comment,
        economy: EconomyFields::of(&view.known),
        suggestion,
        ..FormPage::new(&ctx, id, view.project, view.closed)
    };
    ctx.render(&req, StatusCode::OK, page)
}

#[derive(Deserialize, Default)]
pub struct Submitted {
    #[serde(default)]
    csrf: String,
    ressourcer: Option<String>,
    #[serde(default)]
    ressourcer_kommentar: String,
    leverancer: Option<String>,
    #[serde(default)]
    leverancer_kommentar: String,
    tid: Option<String>,
    #[serde(default)]
    tid_kommentar: String,
    okonomi: Option<String>,
    #[serde(default)]
    okonomi_kommentar: String,
    #[serde(default)]
    kommentar: String,
    #[serde(default)]
    forbrug: String,
    #[serde(default)]
    prognose: String,
    #[serde(default)]
    forventet_slut: String,
    /// "beregn": show the suggested colours for what is entered, store nothing.
    #[serde(default)]
    handling: String,
}

impl Submitted {
    fn parameter(&self, p: Parameter) -> (Option<&str>, &str) {
        match p {
            Parameter::Ressourcer => (self.ressourcer.as_deref(), &self.ressourcer_kommentar),
            Parameter::Leverancer => (self.leverancer.as_deref(), &self.leverancer_kommentar),
            Parameter::Tid => (self.tid.as_deref(), &self.tid_kommentar),
            Parameter::Okonomi => (self.okonomi.as_deref(), &self.okonomi_kommentar),
        }
    }

    /// Every problem at once, each at its field, in Danish from the one table:
    /// the domain decides, the page only places and translates.
    fn check(&self, known: Forecast) -> (Vec<ParamField>, Vec<FieldError>, Option<Checked>) {
        let chosen = Parameter::ALL.map(|p| {
            let (colour, comment) = self.parameter(p);
            let colour = colour.and_then(|c| Colour::parse("colour", c).ok());
            (colour, comment.to_string())
        });
        let (economy, mut problems) = self.economy();
        let completed = economy.complete(known).map_err(|e| problems.extend(e));
        let report = StatusReport::check(chosen, &self.kommentar).map_err(|e| problems.extend(e));
        match (report, completed) {
            (Ok(report), Ok(_)) if problems.is_empty() => {
                (self.fields(&[]), vec![], Some(Checked { report, economy }))
            }
            _ => {
                let errors: Vec<FieldError> = problems
                    .iter()
                    .map(|p| FieldError {
                        field: form_id(&p.field),
                        message: danish(&p.field, p.problem),
                    })
                    .collect();
                (self.fields(&errors), errors, None)
            }
        }
    }

    /// The economy fields read, with the problems of those that cannot be.
    fn economy(&self) -> (ForecastInput, Vec<ValidationError>) {
        let mut problems = vec![];
        let mut amount = |field: &str, text: &str| match text.trim() {
            "" => None,
            t => parse_kroner(t).or_else(|| {
                let message = "not an amount in whole kroner";
                problems.push(ValidationError::new(field, Problem::InvalidNumber, message));
                None
            }),
        };
        let spent = amount("spent", &self.forbrug);
        let forecast = amount("forecast", &self.prognose);
        let expected_end = match self.forventet_slut.trim() {
            "" => None,
            t => parse_date(t).or_else(|| {
                let message = "not a date (dd-mm-åååå)";
                problems.push(ValidationError::new(
                    "expected_end",
                    Problem::InvalidDate,
                    message,
                ));
                None
            }),
        };
        let input = ForecastInput {
            spent,
            forecast,
            expected_end,
        };
        (input, problems)
    }

    fn economy_fields(&self) -> EconomyFields {
        EconomyFields {
            forbrug: self.forbrug.clone(),
            prognose: self.prognose.clone(),
            forventet_slut: self.forventet_slut.clone(),
        }
    }

    /// The four parameters as the form shows them, each with its first problem.
    fn fields(&self, errors: &[FieldError]) -> Vec<ParamField> {
        Parameter::ALL
            .into_iter()
            .map(|p| {
                let (colour, comment) = self.parameter(p);
                let comment_id = format!("{}_kommentar", p.as_str());
                ParamField {
                    key: p.as_str(),
                    label: parameter_label(p),
                    colour: colour.unwrap_or("").to_string(),
                    comment: comment.to_string(),
                    error: errors
                        .iter()
                        .find(|e| e.field == p.as_str() || e.field == comment_id)
                        .map(|e| e.message.clone()),
                }
            })
            .collect()
    }
}

/// A report that passed every check, with the economy as entered.
struct Checked {
    report: StatusReport,
    economy: ForecastInput,
}

/// The form's input id of a domain field: `tid.colour` is `tid`,
/// `tid.comment` is `tid_kommentar`, `comment` is `kommentar`, `spent` is `forbrug`.
fn form_id(field: &str) -> String {
    match field.split_once('.') {
        Some((parameter, "colour")) => parameter.to_string(),
        Some((parameter, _)) => format!("{parameter}_kommentar"),
        None => match field {
            "spent" => "forbrug",
            "forecast" => "prognose",
            "expected_end" => "forventet_slut",
            _ => "kommentar",
        }
        .to_string(),
    }
}

/// How storing a checked report went.
enum Stored {
    Yes,
    /// The quarter closed between the form and the submit: why, in Danish.
    Closed(String),
}

async fn store(ctx: &Ctx, db: &Db, id: i32, checked: Checked) -> Result<Stored, PageError> {
    let (who, quarter) = (ctx.acting(), ctx.quarter);
    let filing = Filing {
        project: id,
        quarter,
        report: checked.report,
        reported_by: None,
        economy: checked.economy,
    };
    let stored = db
        .run(move |c| crate::app::status::report(c, &who, &filing))
        .await;
    match stored {
        Ok(_) => Ok(Stored::Yes),
        Err(AppError::Conflict { .. }) => {
            let reason = db.run(move |c| closed_reason(c, quarter)).await?;
            Ok(Stored::Closed(reason.unwrap_or_default()))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn submit(
    req: HttpRequest,
    db: web::Data<Db>,
    path: web::Path<(i32, String)>,
    form: web::Form<Submitted>,
) -> Result<HttpResponse, PageError> {
    let (id, quarter_code) = path.into_inner();
    let ctx = Ctx::load(&req, &db, Some(&quarter_code), "portefoelje").await?;
    if !csrf_ok(&req, &form.csrf) {
        return Err(AppError::Forbidden("csrf".into()).into());
    }
    let view = load(&ctx, &db, id).await?;
    // A checked report has no errors; one refused has no report.
    let (params, errors, report) = form.check(view.known);
    let entered = form.economy().0.complete(view.known).ok().flatten();
    let suggestion = view.suggestion(&entered.unwrap_or(view.known));
    if form.handling == "beregn" && view.closed.is_none() {
        let page = FormPage {
            params: form.fields(&[]),
            comment: form.kommentar.clone(),
            economy: form.economy_fields(),
            suggestion,
            ..FormPage::new(&ctx, id, view.project, None)
        };
        return ctx.render(&req, StatusCode::OK, page);
    }
    let closed = match (report, view.closed) {
        (Some(report), None) => match store(&ctx, &db, id, report).await? {
            Stored::Yes => return Ok(redirect(&receipt_path(id, ctx.quarter))),
            Stored::Closed(reason) => Some(reason),
        },
        (_, closed) => closed,
    };
    let page = FormPage {
        errors,
        params,
        comment: form.kommentar.clone(),
        economy: form.economy_fields(),
        suggestion,
        ..FormPage::new(&ctx, id, view.project, closed)
    };
    ctx.render(&req, page.refusal(), page)
}

fn receipt_path(id: i32, quarter: Quarter) -> String {
    format!("/projekter/{id}/status/{quarter}/kvittering")
}

/// One parameter as it was reported.
pub struct ReceiptRow {
    label: &'static str,
    cell: Cell,
    comment: String,
}

#[derive(Template)]
#[template(path = "receipt.html")]
struct Receipt<'a> {
    nav: &'a Nav,
    project_id: i32,
    project: String,
    quarter: Quarter,
    version: i32,
    at: NaiveDateTime,
    rows: Vec<ReceiptRow>,
    comment: String,
}

impl<'a> Receipt<'a> {
    fn new(ctx: &'a Ctx, project_id: i32, project: String, row: StatusRow) -> Self {
        let rows = Parameter::ALL
            .into_iter()
            .map(|p| {
                let (colour, comment) = row.colour(p);
                ReceiptRow {
                    label: parameter_label(p),
                    cell: Cell::of(Some(colour)),
                    comment: comment.to_string(),
                }
            })
            .collect();
        Self {
            nav: &ctx.nav,
            project_id,
            project,
            quarter: ctx.quarter,
            version: row.version,
            at: row.reported_at,
            rows,
            comment: row.comment,
        }
    }
}

pub async fn receipt(
    req: HttpRequest,
    db: web::Data<Db>,
    path: web::Path<(i32, String)>,
) -> Result<HttpResponse, PageError> {
    let (id, quarter) = path.into_inner();
    let ctx = Ctx::load(&req, &db, Some(&quarter), "portefoelje").await?;
    let q = ctx.quarter;
    let (project, row) = db
        .run(move |c| {
            let p = projects::get(c, id)?;
            let row =
                store::latest(c, id, q)?.ok_or_else(|| AppError::NotFound("no report".into()))?;
            Ok((p.name, row))
        })
        .await?;
    ctx.render(&req, StatusCode::OK, Receipt::new(&ctx, id, project, row))
}
