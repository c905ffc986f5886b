//! Projekt opret/ret: the council's form over every field, with the API's
//! validation; project managers get the description of their own projects.

use super::context::{Ctx, Nav, PageError};
use super::filters;
use super::messages::{danish, for_form};
use super::session::{csrf_ok, redirect};
use crate::db::economy::{self, EconomyRow};
use crate::db::projects::{self, ProjectRow};
use crate::db::{departments, focus_areas, people, phases, Db, DbConnection};
use crate::domain::access::{may_report_on, Action};
use crate::domain::danish::{parse_date, parse_kroner};
use crate::domain::economy::EconomyPlan;
use crate::domain::project::{Kind, Lifecycle, ProjectDraft, ProjectInput};
use crate::domain::Problem;
use crate::error::AppError;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use std::collections::HashMap;

pub struct Field {
    key: &'static str,
    label: &'static str,
    kind: &'static str,
    value: String,
    options: Vec<(String, String)>,
    error: Option<String>,
}

/// A form of fields: the project's, or a proposal's.
#[derive(Template)]
#[template(path = "project_form.html")]
pub(super) struct FormPage<'a> {
    pub nav: &'a Nav,
    pub heading: String,
    /// A line under the heading; empty: none.
    pub lead: &'a str,
    pub action: String,
    pub version: i32,
    pub errors: Vec<(String, String)>,
    pub fields: Vec<Field>,
    /// The submit button's text.
    pub submit: &'a str,
    /// The error summary's title.
    pub not_saved: &'a str,
}

/// (key, label, input kind) of a form's fields, in order.
pub(super) type FieldList = [(&'static str, &'static str, &'static str)];

/// (key, label, input kind) in the order of the form.
const FIELDS: [(&str, &str, &str); 26] = [
    ("name", "Projektnavn", "text"),
    ("description", "Beskrivelse", "textarea"),
    (
        "case_number",
        "Journalnummer (KLE), fx 85.13.00-P20-1-22",
        "text",
    ),
    ("department_id", "Afdeling", "select"),
    ("manager_id", "Projektleder", "select"),
    ("owner_id", "Projektejer", "select"),
    ("phase_id", "Fase", "select"),
    ("kind", "Type", "select"),
    (
        "must_do",
        "Skal-projekt (lovkrav eller fælleskommunalt)",
        "checkbox",
    ),
    ("focus_area_id", "Indsatsområde", "select"),
    ("parent_id", "Program (overordnet projekt)", "select"),
    ("start_date", "Startdato", "date"),
    ("planned_end", "Planlagt slut", "date"),
    ("budget", "Budget i hele kroner", "text"),
    ("spent", "Forbrug i hele kroner", "text"),
    (
        "operating_cost",
        "Afledte driftsudgifter pr. år i hele kroner",
        "text",
    ),
    (
        "operating_from",
        "Driftsudgifterne betales fra år (åååå; tom: året efter slut)",
        "text",
    ),
    (
        "forecast",
        "Forventet samlet udgift (prognose) i hele kroner; tom: budgettet",
        "text",
    ),
    (
        "financing_department_id",
        "Finansierende afdeling",
        "select",
    ),
    (
        "benefit_yearly",
        "Business case: forventet årlig bruttogevinst i hele kroner",
        "text",
    ),
    (
        "benefit_from",
        "Første år med gevinst (åååå; tom: første driftsår)",
        "text",
    ),
    ("contract_end", "Kontraktudløb", "date"),
    ("expected_benefits", "Forventede gevinster", "textarea"),
    ("state", "Tilstand", "select"),
    (
        "cancel_reason",
        "Begrundelse (kun for udgåede projekter)",
        "textarea",
    ),
    (
        "ended_on",
        "Afsluttet den (kun for afsluttede og udgåede projekter)",
        "date",
    ),
];

/// A problem of the form at its field, in Danish from the one table.
fn problem(field: &str, problem: Problem) -> (String, String) {
    (field.to_string(), danish(field, problem))
}

pub(super) fn values_of((r, e): &Stored) -> HashMap<&'static str, String> {
    let opt = |v: Option<i32>| v.map(|i| i.to_string()).unwrap_or_default();
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    HashMap::from([
        ("name", r.name.clone()),
        ("description", r.description.clone()),
        ("case_number", r.case_number.clone().unwrap_or_default()),
        ("department_id", r.department_id.to_string()),
        ("manager_id", opt(r.manager_id)),
        ("owner_id", opt(r.owner_id)),
        ("phase_id", r.phase_id.to_string()),
        ("kind", r.kind.as_str().to_string()),
        ("must_do", if r.must_do { "ja" } else { "" }.to_string()),
        ("focus_area_id", opt(r.focus_area_id)),
        ("parent_id", opt(r.parent_id)),
        ("start_date", date(r.start_date)),
        ("planned_end", date(r.planned_end)),
        ("budget", r.budget.to_string()),
        ("spent", r.spent.to_string()),
        ("operating_cost", r.operating_cost.to_string()),
        ("expected_benefits", r.expected_benefits.clone()),
        ("state", r.state.as_str().to_string()),
        ("cancel_reason", r.cancel_reason.clone().unwrap_or_default()),
        ("ended_on", date(r.ended_on)),
        (
            "forecast",
            e.forecast.map(|f| f.to_string()).unwrap_or_default(),
        ),
        ("operating_from", opt(e.operating_from)),
        ("financing_department_id", opt(e.financing_department_id)),
        ("benefit_yearly", e.benefit_yearly.to_string()),
        ("benefit_from", opt(e.benefit_from)),
        ("contract_end", date(e.contract_end)),
    ])
}

pub(super) type Choices = HashMap<&'static str, Vec<(String, String)>>;
type Options = Vec<(String, String)>;

/// "Ingen" first, for a choice that may be left empty.
fn or_none(options: Options) -> Options {
    std::iter::once(("".to_string(), "Ingen".to_string()))
        .chain(options)
        .collect()
}

fn options<T>(rows: Vec<T>, of: impl Fn(T) -> (i32, String)) -> Options {
    rows.into_iter()
        .map(|row| {
            let (id, name) = of(row);
            (id.to_string(), name)
        })
        .collect()
}

/// The options of every select on the form; a project is not its own programme.
pub(super) fn choices(c: &mut DbConnection, own_id: Option<i32>) -> Result<Choices, AppError> {
    let people = options(people::list(c)?, |p| {
        (p.id, format!("{} ({})", p.name, p.email))
    });
    let mut projects = projects::list(c, &Default::default(), 10_000, 0)?.0;
    projects.retain(|p| Some(p.id) != own_id);
    let kinds = [Kind::Strategic, Kind::Operational];
    let states = [
        Lifecycle::Proposed,
        Lifecycle::Approved,
        Lifecycle::Active,
        Lifecycle::Completed,
        Lifecycle::Cancelled,
    ];
    let departments = options(departments::list(c)?, |d| (d.id, d.name));
    let requirements = crate::domain::process::RequiredBy::ALL
        .iter()
        .map(|r| (r.as_str().to_string(), r.danish().to_string()))
        .collect();
    Ok(HashMap::from([
        ("required_by", requirements),
        ("department_id", departments.clone()),
        ("financing_department_id", or_none(departments)),
        ("manager_id", or_none(people.clone())),
        ("owner_id", or_none(people)),
        ("phase_id", options(phases::list(c)?, |p| (p.id, p.name))),
        (
            "kind",
            kinds
                .map(|k| (k.as_str().to_string(), k.danish().to_string()))
                .to_vec(),
        ),
        (
            "focus_area_id",
            or_none(options(focus_areas::list(c)?, |f| (f.id, f.name))),
        ),
        ("parent_id", or_none(options(projects, |p| (p.id, p.name)))),
        (
            "state",
            states
                .map(|s| (s.as_str().to_string(), s.danish().to_string()))
                .to_vec(),
        ),
    ]))
}

pub(super) fn fields(
    list: &FieldList,
    values: &HashMap<&'static str, String>,
    choices: &Choices,
    errors: &[(String, String)],
    only: Option<&str>,
) -> Vec<Field> {
    list.iter()
        .filter(|(key, _, _)| only.is_none_or(|o| o == *key))
        .map(|(key, label, kind)| Field {
            key,
            label,
            kind,
            value: values.get(key).cloned().unwrap_or_default(),
            options: choices.get(key).cloned().unwrap_or_default(),
            error: errors
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, m)| m.clone()),
        })
        .collect()
}

/// Reads the form's strings, keeping every problem in Danish at its field.
pub(super) struct Reader<'a> {
    pub form: &'a HashMap<String, String>,
    pub errors: Vec<(String, String)>,
}

impl Reader<'_> {
    pub fn text(&self, k: &str) -> String {
        self.form
            .get(k)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    }

    /// The text as typed, line breaks and all.
    pub fn raw(&self, k: &str) -> String {
        self.form.get(k).cloned().unwrap_or_default()
    }

    pub fn id(&mut self, k: &str, required: bool) -> Option<i32> {
        let v = self.text(k);
        if v.is_empty() {
            if required {
                self.errors.push(problem(k, Problem::Required));
            }
            return None;
        }
        let id = v.parse().ok();
        if id.is_none() {
            self.errors.push(problem(k, Problem::UnknownReference));
        }
        id
    }

    pub fn date(&mut self, k: &str) -> Option<chrono::NaiveDate> {
        let v = self.text(k);
        if v.is_empty() {
            return None;
        }
        let d = parse_date(&v);
        if d.is_none() {
            self.errors.push(problem(k, Problem::InvalidDate));
        }
        d
    }

    fn optional_kroner(&mut self, k: &str) -> Option<i64> {
        (!self.text(k).is_empty()).then(|| self.kroner(k))
    }

    pub fn year(&mut self, k: &str) -> Option<i32> {
        let v = self.text(k);
        if v.is_empty() {
            return None;
        }
        let year = v.parse().ok();
        if year.is_none() {
            self.errors.push(problem(k, Problem::InvalidNumber));
        }
        year
    }

    pub fn kroner(&mut self, k: &str) -> i64 {
        parse_kroner(&self.text(k)).unwrap_or_else(|| {
            self.errors.push(problem(k, Problem::InvalidNumber));
            0
        })
    }
}

/// The form's strings to a project, collecting every problem in Danish.
fn parse(form: &HashMap<String, String>) -> Result<ProjectInput, Vec<(String, String)>> {
    let mut r = Reader {
        form,
        errors: vec![],
    };
    let input = ProjectInput {
        department_id: r.id("department_id", true).unwrap_or_default(),
        phase_id: r.id("phase_id", true).unwrap_or_default(),
        manager_id: r.id("manager_id", false),
        owner_id: r.id("owner_id", false),
        focus_area_id: r.id("focus_area_id", false),
        parent_id: r.id("parent_id", false),
        start_date: r.date("start_date"),
        planned_end: r.date("planned_end"),
        ended_on: r.date("ended_on"),
        budget: r.kroner("budget"),
        spent: r.kroner("spent"),
        operating_cost: r.kroner("operating_cost"),
        kind: Kind::parse("kind", &r.text("kind")).unwrap_or(Kind::Operational),
        state: Lifecycle::parse("state", &r.text("state")).unwrap_or(Lifecycle::Proposed),
        name: r.text("name"),
        description: r.raw("description"),
        case_number: Some(r.text("case_number")),
        must_do: r.text("must_do") == "ja",
        expected_benefits: r.raw("expected_benefits"),
        cancel_reason: Some(r.text("cancel_reason")),
        economy: EconomyPlan {
            forecast: r.optional_kroner("forecast"),
            operating_from: r.year("operating_from"),
            financing_department_id: r.id("financing_department_id", false),
            benefit_yearly: r.kroner("benefit_yearly"),
            benefit_from: r.year("benefit_from"),
            contract_end: r.date("contract_end"),
        },
    };
    if r.errors.is_empty() {
        Ok(input)
    } else {
        Err(r.errors)
    }
}

pub(super) fn as_errors(problems: Vec<crate::domain::ValidationError>) -> Vec<(String, String)> {
    problems
        .into_iter()
        .map(|e| problem(&e.field, e.problem))
        .collect()
}

fn check(input: ProjectInput) -> Result<ProjectDraft, Vec<(String, String)>> {
    ProjectDraft::check(input).map_err(|problems| {
        problems
            .into_iter()
            .map(|e| problem(&e.field, e.problem))
            .collect()
    })
}

pub(super) fn as_form_errors(e: AppError) -> Result<Vec<(String, String)>, PageError> {
    for_form(&e)
        .map(|shown| vec![shown])
        .ok_or_else(|| e.into())
}

/// What the form shows: which project, the values, the problems.
struct Shown {
    id: Option<i32>,
    values: HashMap<&'static str, String>,
    errors: Vec<(String, String)>,
    version: i32,
    only: Option<&'static str>,
}

/// "Nyt projekt", "Ret projekt: …" or "Ret beskrivelse: …".
fn heading(id: Option<i32>, only: Option<&str>, values: &HashMap<&'static str, String>) -> String {
    let name = values.get("name").cloned().unwrap_or_default();
    match (id, only) {
        (None, _) => "Nyt projekt".into(),
        (Some(_), Some(_)) => format!("Ret beskrivelse: {name}"),
        (Some(_), None) => format!("Ret projekt: {name}"),
    }
}

impl Shown {
    /// The new-project form with these values and problems.
    fn new_project(values: HashMap<&'static str, String>, errors: Vec<(String, String)>) -> Self {
        Self {
            id: None,
            values,
            errors,
            version: 0,
            only: None,
        }
    }
}

async fn show(
    req: &HttpRequest,
    ctx: &Ctx,
    db: &Db,
    shown: Shown,
) -> Result<HttpResponse, PageError> {
    let Shown {
        id,
        values,
        errors,
        version,
        only,
    } = shown;
    let choices = db.run(move |c| choices(c, id)).await?;
    let page = FormPage {
        nav: &ctx.nav,
        heading: heading(id, only, &values),
        action: id
            .map(|i| format!("/projekter/{i}/ret"))
            .unwrap_or_else(|| "/projekter/ny".into()),
        version,
        fields: fields(&FIELDS, &values, &choices, &errors, only),
        errors,
        lead: "",
        submit: "Gem projektet",
        not_saved: "Projektet blev ikke gemt",
    };
    let status = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    ctx.render(req, status, page)
}

pub async fn new_form(req: HttpRequest, db: web::Data<Db>) -> Result<HttpResponse, PageError> {
    let ctx = Ctx::load(&req, &db, None, "ny").await?;
    ctx.require(Action::ManagePortfolio)?;
    let values = HashMap::from([
        ("state", "approved".to_string()),
        ("kind", "operational".to_string()),
        ("budget", "0".into()),
        ("spent", "0".into()),
        ("operating_cost", "0".into()),
        ("benefit_yearly", "0".into()),
    ]);
    show(&req, &ctx, &db, Shown::new_project(values, vec![])).await
}

fn kept(form: &HashMap<String, String>) -> HashMap<&'static str, String> {
    FIELDS
        .iter()
        .map(|(k, _, _)| (*k, form.get(*k).cloned().unwrap_or_default()))
        .collect()
}

pub async fn create(
    req: HttpRequest,
    db: web::Data<Db>,
    form: web::Form<HashMap<String, String>>,
) -> Result<HttpResponse, PageError> {
    let ctx = Ctx::load(&req, &db, None, "ny").await?;
    ctx.require(Action::ManagePortfolio)?;
    require_csrf(&req, &form)?;
    match save_new(&ctx, &db, &form).await? {
        Ok(id) => Ok(redirect(&format!("/projekter/{id}"))),
        Err(errors) => show(&req, &ctx, &db, Shown::new_project(kept(&form), errors)).await,
    }
}

/// The new project through `app::projects::create`: its id, or the problems.
async fn save_new(
    ctx: &Ctx,
    db: &Db,
    form: &HashMap<String, String>,
) -> Result<Result<i32, Vec<(String, String)>>, PageError> {
    let draft = match parse(form).and_then(check) {
        Ok(draft) => draft,
        Err(errors) => return Ok(Err(errors)),
    };
    let who = ctx.acting();
    match db
        .run(move |c| crate::app::projects::create(c, &who, &draft))
        .await
    {
        Ok(view) => Ok(Ok(view.project.id)),
        Err(e) => as_form_errors(e).map(Err),
    }
}

pub async fn edit_form(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let ctx = Ctx::load(&req, &db, None, "portefoelje").await?;
    let id = id.into_inner();
    let stored = db.run(move |c| load(c, id)).await?;
    let only = description_only(&ctx, &stored.0)?;
    let shown = Shown {
        id: Some(id),
        values: values_of(&stored),
        errors: vec![],
        version: stored.0.version,
        only,
    };
    show(&req, &ctx, &db, shown).await
}

/// A project as stored, with its economy.
pub(super) type Stored = (ProjectRow, EconomyRow);

pub(super) fn load(c: &mut DbConnection, id: i32) -> Result<Stored, AppError> {
    Ok((projects::get(c, id)?, economy::get(c, id)?))
}

/// The council edits everything; a project's own manager or owner only the description.
fn description_only(ctx: &Ctx, row: &ProjectRow) -> Result<Option<&'static str>, PageError> {
    if ctx.allows(Action::ManagePortfolio) {
        Ok(None)
    } else if may_report_on(
        ctx.account.role,
        ctx.account.person_id,
        row.manager_id,
        row.owner_id,
    ) {
        Ok(Some("description"))
    } else {
        Err(AppError::Forbidden("not allowed".into()).into())
    }
}

pub async fn update(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
    form: web::Form<HashMap<String, String>>,
) -> Result<HttpResponse, PageError> {
    let ctx = Ctx::load(&req, &db, None, "portefoelje").await?;
    require_csrf(&req, &form)?;
    let id = id.into_inner();
    let stored = db.run(move |c| load(c, id)).await?;
    let only = description_only(&ctx, &stored.0)?;
    let version = form.get("version").and_then(|v| v.parse().ok());
    let (version, mut submitted) = (version.unwrap_or(0), form.into_inner());
    let saved = match only {
        Some(_) => save_description(&ctx, &db, id, &mut submitted, &stored, version).await?,
        None => save_all(&ctx, &db, id, &submitted, version).await?,
    };
    let Err(errors) = saved else {
        return Ok(redirect(&format!("/projekter/{id}")));
    };
    let shown = Shown {
        id: Some(id),
        values: kept(&submitted),
        errors,
        version,
        only,
    };
    show(&req, &ctx, &db, shown).await
}

/// What a save left to show: nothing, or the problems at their fields.
type Saved = Result<(), Vec<(String, String)>>;

/// The council's edit of every field, through `app::projects::update`.
async fn save_all(
    ctx: &Ctx,
    db: &Db,
    id: i32,
    submitted: &HashMap<String, String>,
    version: i32,
) -> Result<Saved, PageError> {
    let draft = match parse(submitted).and_then(check) {
        Ok(draft) => draft,
        Err(errors) => return Ok(Err(errors)),
    };
    let who = ctx.acting();
    let saved = db
        .run(move |c| crate::app::projects::update(c, &who, id, &draft, version))
        .await;
    outcome(saved)
}

/// A manager's or owner's edit of the description, through
/// `app::projects::describe`; the form shows the stored values beside it.
async fn save_description(
    ctx: &Ctx,
    db: &Db,
    id: i32,
    submitted: &mut HashMap<String, String>,
    stored: &Stored,
    version: i32,
) -> Result<Saved, PageError> {
    let description = submitted.remove("description").unwrap_or_default();
    *submitted = values_of(stored)
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    submitted.insert("description".into(), description.clone());
    let who = ctx.acting();
    let saved = db
        .run(move |c| crate::app::projects::describe(c, &who, id, description, version))
        .await;
    outcome(saved)
}

/// A use case's answer as the form sees it: saved, problems to show, or an error page.
fn outcome<T>(saved: Result<T, AppError>) -> Result<Saved, PageError> {
    match saved {
        Ok(_) => Ok(Ok(())),
        Err(e) => as_form_errors(e).map(Err),
    }
}

pub(super) fn require_csrf(
    req: &HttpRequest,
    form: &HashMap<String, String>,
) -> Result<(), PageError> {
    if csrf_ok(req, form.get("csrf").map(String::as_str).unwrap_or("")) {
        Ok(())
    } else {
        Err(AppError::Forbidden("csrf".into()).into())
    }
}
