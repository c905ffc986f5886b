//! Administration (`/administration/…`): the organisation — people and
//! their roles, departments, strategies — for administrators, and the
//! portfolio's own lists — phases, focus areas — for the council. Every
//! change goes through the use case the API calls, with its rules and its
//! audit record; this module only reads forms and shows pages.

mod departments;
mod people;
mod phases;
mod strategies;

use super::context::{Ctx, Nav, PageError};
use super::filters;
use super::messages::{about, for_form_about, Subject};
use super::session::{csrf_ok, redirect};
use crate::app::Acting;
use crate::db::{Db, DbConnection};
use crate::domain::access::Action;
use crate::domain::Problem;
use crate::error::AppError;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;
use std::collections::HashMap;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/administration", web::get().to(index));
    people::configure(cfg);
    departments::configure(cfg);
    phases::configure(cfg);
    strategies::configure(cfg);
}

/// The routes of one kept thing's forms: `{BASE}/ny` and `{BASE}/{id}`.
/// The new-form first: "{id}" would also match "ny".
fn form_routes<E: Editable>(cfg: &mut web::ServiceConfig) {
    let base = E::BASE;
    cfg.route(&format!("{base}/ny"), web::get().to(new_form::<E>))
        .route(&format!("{base}/ny"), web::post().to(create::<E>))
        .route(&format!("{base}/{{id}}"), web::get().to(edit_form::<E>))
        .route(&format!("{base}/{{id}}"), web::post().to(update::<E>));
}

/// The signed-in person on an administration page, refused unless their
/// role may do `action`.
async fn signed_in(req: &HttpRequest, db: &Db, action: Action) -> Result<Ctx, PageError> {
    let ctx = Ctx::load_without_quarter(req, db, "administration").await?;
    ctx.require(action)?;
    Ok(ctx)
}

/// Whether the role may keep anything under "Administration".
fn administers(ctx: &Ctx) -> bool {
    ctx.allows(Action::ManageOrganisation) || ctx.allows(Action::ManagePortfolio)
}

fn require_csrf(req: &HttpRequest, form: &HashMap<String, String>) -> Result<(), PageError> {
    if csrf_ok(req, form.get("csrf").map(String::as_str).unwrap_or("")) {
        Ok(())
    } else {
        Err(AppError::Forbidden("csrf".into()).into())
    }
}

// ---------------------------------------------------------------- index

/// One list on the index page.
struct Entry {
    href: &'static str,
    title: &'static str,
    text: &'static str,
}

/// Who an index entry is for.
#[derive(Clone, Copy)]
enum Need {
    Organisation,
    Portfolio,
    /// The council without the administrator's organisation rights.
    PortfolioOnly,
    Audit,
}

impl Need {
    fn met(self, ctx: &Ctx) -> bool {
        let (organisation, portfolio) = (
            ctx.allows(Action::ManageOrganisation),
            ctx.allows(Action::ManagePortfolio),
        );
        match self {
            Self::Organisation => organisation,
            Self::Portfolio => portfolio,
            Self::PortfolioOnly => portfolio && !organisation,
            Self::Audit => ctx.allows(Action::ReadAudit),
        }
    }
}

const fn entry(href: &'static str, title: &'static str, text: &'static str) -> Entry {
    Entry { href, title, text }
}

/// The index, in the order a new municipality needs it.
const ENTRIES: [(Need, Entry); 8] = [
    (
        Need::Organisation,
        entry(
            "/administration/personer",
            "Personer",
            "Opret og ret personer, og giv dem en rolle.",
        ),
    ),
    (
        Need::Organisation,
        entry(
            "/administration/afdelinger",
            "Afdelinger",
            "De afdelinger, der ejer projekter, med forkortelse og direktørområde.",
        ),
    ),
    (
        Need::Portfolio,
        entry(
            "/administration/faser",
            "Faser",
            "Projekternes faser i rækkefølge fra opstart til afslutning.",
        ),
    ),
    (
        Need::Organisation,
        entry(
            "/administration/strategier",
            "Strategier og indsatsområder",
            "Kommunens strategier og deres indsatsområder.",
        ),
    ),
    (
        Need::PortfolioOnly,
        entry(
            "/administration/strategier",
            "Strategier og indsatsområder",
            "Strategiernes indsatsområder. Strategierne selv holdes af en administrator.",
        ),
    ),
    (
        Need::Portfolio,
        entry(
            "/administration/kvartaler",
            "Kvartaler",
            "Opret det næste kvartal, ret fristen, og åbn og luk for indrapportering.",
        ),
    ),
    (
        Need::Portfolio,
        entry(
            "/import",
            "Import",
            "Indlæs projekter eller status fra regnearket (CSV).",
        ),
    ),
    (
        Need::Audit,
        entry(
            "/administration/historik",
            "Historik",
            "Hvem har ændret hvad og hvornår.",
        ),
    ),
];

#[derive(Template)]
#[template(path = "administration/index.html")]
struct IndexPage<'a> {
    nav: &'a Nav,
    entries: Vec<Entry>,
}

async fn index(req: HttpRequest, db: web::Data<Db>) -> Result<HttpResponse, PageError> {
    let ctx = Ctx::load_without_quarter(&req, &db, "administration").await?;
    if !administers(&ctx) {
        return Err(AppError::Forbidden("role".into()).into());
    }
    let entries = ENTRIES
        .into_iter()
        .filter(|(need, _)| need.met(&ctx))
        .map(|(_, entry)| entry)
        .collect();
    let page = IndexPage {
        nav: &ctx.nav,
        entries,
    };
    ctx.render(&req, StatusCode::OK, page)
}

// ---------------------------------------------------------------- lists

/// A list page: one or more tables, each with its "Ny …" link.
#[derive(Template)]
#[template(path = "administration/list.html")]
struct ListPage<'a> {
    nav: &'a Nav,
    heading: &'static str,
    notice: Option<String>,
    search: Option<Search>,
    tables: Vec<Table>,
}

/// The people list's search box.
struct Search {
    text: String,
    error: Option<String>,
    /// "3 personer", said after a search.
    found: Option<String>,
}

struct Table {
    /// A heading of its own when the page has more than one table.
    heading: Option<&'static str>,
    caption: String,
    columns: Vec<&'static str>,
    rows: Vec<Row>,
    /// Said instead of an empty table.
    empty: &'static str,
    /// The "Ny …" link, for those who may create.
    new: Option<(&'static str, &'static str)>,
}

/// A row: its name heads it (a link to its edit page for those who may
/// edit), then the other cells.
struct Row {
    id: i32,
    name: String,
    href: Option<String>,
    cells: Vec<String>,
}

/// What a save leaves in the list's address (post/redirect/get): which
/// thing, and what happened to it.
#[derive(Deserialize, Default)]
struct Done {
    handling: Option<String>,
    person: Option<String>,
    afdeling: Option<String>,
    fase: Option<String>,
    strategi: Option<String>,
    indsatsomraade: Option<String>,
}

impl Done {
    fn of(req: &HttpRequest) -> Self {
        web::Query::<Self>::from_query(req.query_string())
            .map(web::Query::into_inner)
            .unwrap_or_default()
    }

    fn id(&self, key: &str) -> Option<i32> {
        let value = match key {
            "person" => &self.person,
            "afdeling" => &self.afdeling,
            "fase" => &self.fase,
            "strategi" => &self.strategi,
            "indsatsomraade" => &self.indsatsomraade,
            _ => &None,
        };
        value.as_deref().and_then(|v| v.parse().ok())
    }

    /// The confirmation for a row of `table`, if the address names one of
    /// its rows: "Afdelingen Økonomi & Stab er oprettet."
    fn notice(&self, subject: Subject, key: &str, table: &Table) -> Option<String> {
        let id = self.id(key)?;
        let row = table.rows.iter().find(|r| r.id == id)?;
        let what = match self.handling.as_deref()? {
            "oprettet" => "er oprettet",
            "gemt" => "er gemt",
            // People's third column is the role.
            "rolle" => {
                let role = row.cells.get(2)?;
                return Some(format!("{} har nu rollen: {role}.", row.name));
            }
            "deaktiveret" => "er deaktiveret og kan ikke længere logge ind",
            "aktiveret" => "er aktiv igen",
            _ => return None,
        };
        Some(format!("{} {} {what}.", subject.definite(), row.name))
    }
}

// ---------------------------------------------------------------- forms

/// One field of a form as it is shown.
struct Field {
    key: &'static str,
    label: &'static str,
    kind: &'static str,
    value: String,
    options: Vec<(String, String)>,
    error: Option<String>,
}

/// (key, label, kind) of a field; kind is text, email, number, textarea or select.
type FieldSpec = (&'static str, &'static str, &'static str);

/// A field's value as the form shows it.
type Values = HashMap<&'static str, String>;
/// The options of each select, (value, label).
type Choices = HashMap<&'static str, Vec<(String, String)>>;
/// Problems at their fields, in Danish.
type Errors = Vec<(String, String)>;

#[derive(Template)]
#[template(path = "administration/form.html")]
struct FormPage<'a> {
    nav: &'a Nav,
    heading: String,
    back: (&'static str, &'static str),
    action: String,
    summary: &'static str,
    errors: Errors,
    fields: Vec<Field>,
    submit: &'static str,
    access: Option<people::AccessForms>,
}

/// Something kept on an administration form: what its pages say, who may
/// change it, and how the form's strings become the use case's fields.
trait Editable: 'static {
    /// What the messages name.
    const SUBJECT: Subject;
    /// Who may create and change it (the use case checks it again).
    const ACTION: Action;
    /// Where its forms are: `{BASE}/ny`, `{BASE}/{id}`.
    const BASE: &'static str;
    /// Where a save returns to, and the link back.
    const LIST: &'static str;
    const LIST_TITLE: &'static str;
    /// The key of the list's address that names the saved one (`Done`).
    const KEY: &'static str;
    const NEW_HEADING: &'static str;
    const EDIT_HEADING: &'static str;
    /// Above the problems of a form that was not saved.
    const NOT_SAVED: &'static str;
    const SUBMIT: &'static str;
    const FIELDS: &'static [FieldSpec];
    /// The use case's unchecked fields (`app::…::…Fields`).
    type Fields: Send + 'static;

    /// The stored one's name and values.
    fn load(c: &mut DbConnection, id: i32) -> Result<(String, Values), AppError>;

    /// What a new one's form starts with.
    fn defaults(_c: &mut DbConnection) -> Result<Values, AppError> {
        Ok(Values::new())
    }

    /// The options of the form's selects.
    fn choices(_c: &mut DbConnection) -> Result<Choices, AppError> {
        Ok(Choices::new())
    }

    /// The submitted strings as the use case's fields, or what the form
    /// itself finds wrong (a number that is not one).
    fn read(form: &Submitted) -> Result<Self::Fields, Vec<(&'static str, Problem)>>;

    fn create(c: &mut DbConnection, who: &Acting, fields: Self::Fields) -> Result<i32, AppError>;

    fn update(
        c: &mut DbConnection,
        who: &Acting,
        id: i32,
        fields: Self::Fields,
    ) -> Result<(), AppError>;

    /// The person page's role and access forms (only people have them).
    fn access_forms(_values: &Values, _id: i32) -> Option<people::AccessForms> {
        None
    }
}

/// The strings a form sent.
struct Submitted(HashMap<String, String>);

impl Submitted {
    /// The text as typed; the use case trims and checks it.
    fn text(&self, key: &str) -> String {
        self.0.get(key).cloned().unwrap_or_default()
    }

    /// A whole number (blank is `Required`).
    fn number(&self, key: &'static str, problems: &mut Vec<(&'static str, Problem)>) -> i32 {
        let text = self.text(key);
        let text = text.trim();
        if text.is_empty() {
            problems.push((key, Problem::Required));
            return 0;
        }
        text.parse().unwrap_or_else(|_| {
            problems.push((key, Problem::InvalidNumber));
            0
        })
    }

    /// The id chosen in a select: none when "Ingen" (blank) was chosen.
    fn choice(
        &self,
        key: &'static str,
        problems: &mut Vec<(&'static str, Problem)>,
    ) -> Option<i32> {
        let text = self.text(key);
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let id = text.parse().ok();
        if id.is_none() {
            problems.push((key, Problem::UnknownReference));
        }
        id
    }

    /// The id chosen in a select that must have one.
    fn required_choice(
        &self,
        key: &'static str,
        problems: &mut Vec<(&'static str, Problem)>,
    ) -> i32 {
        let id = self.choice(key, problems);
        if id.is_none() && !problems.iter().any(|(k, _)| *k == key) {
            problems.push((key, Problem::Required));
        }
        id.unwrap_or_default()
    }

    /// The form's own fields, kept to show again.
    fn kept<E: Editable>(&self) -> Values {
        E::FIELDS
            .iter()
            .map(|(key, _, _)| (*key, self.text(key)))
            .collect()
    }
}

/// The form's problems, or its fields when it found none.
fn checked<F>(
    problems: Vec<(&'static str, Problem)>,
    fields: F,
) -> Result<F, Vec<(&'static str, Problem)>> {
    if problems.is_empty() {
        Ok(fields)
    } else {
        Err(problems)
    }
}

/// "Ingen" first, for a choice that may be left empty.
fn or_none(options: Vec<(String, String)>) -> Vec<(String, String)> {
    std::iter::once((String::new(), "Ingen".to_string()))
        .chain(options)
        .collect()
}

/// "Vælg …" first, for a choice that must be made but has no default.
fn choose(prompt: &str, options: Vec<(String, String)>) -> Vec<(String, String)> {
    std::iter::once((String::new(), prompt.to_string()))
        .chain(options)
        .collect()
}

/// The departments as options, in name order.
fn department_options(c: &mut DbConnection) -> Result<Vec<(String, String)>, AppError> {
    Ok(crate::app::reference::departments::list(c)?
        .into_iter()
        .map(|d| (d.id.to_string(), format!("{} ({})", d.name, d.code)))
        .collect())
}

/// A form's page: the fields with their values and problems.
struct Shown {
    id: Option<i32>,
    heading: String,
    values: Values,
    errors: Errors,
    summary: Option<&'static str>,
}

/// The form's fields with their values, options and problems.
fn fields_of<E: Editable>(shown: &Shown, choices: &Choices) -> Vec<Field> {
    let error = |key: &str| {
        let found = shown.errors.iter().find(|(k, _)| k == key);
        found.map(|(_, m)| m.clone())
    };
    E::FIELDS
        .iter()
        .map(|(key, label, kind)| Field {
            key,
            label,
            kind,
            value: shown.values.get(key).cloned().unwrap_or_default(),
            options: choices.get(key).cloned().unwrap_or_default(),
            error: error(key),
        })
        .collect()
}

/// The role and access forms beside a person's fields, with their problems.
fn access_of<E: Editable>(shown: &Shown) -> Option<people::AccessForms> {
    let mut form = E::access_forms(&shown.values, shown.id?)?;
    let error = |key: &str| {
        let found = shown.errors.iter().find(|(k, _)| k == key);
        found.map(|(_, m)| m.clone())
    };
    form.role_error = error("role");
    form.access_error = error("active");
    Some(form)
}

async fn show<E: Editable>(
    req: &HttpRequest,
    ctx: &Ctx,
    db: &Db,
    shown: Shown,
) -> Result<HttpResponse, PageError> {
    let choices = db.run(E::choices).await?;
    let fields = fields_of::<E>(&shown, &choices);
    let access = access_of::<E>(&shown);
    let status = if shown.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = FormPage {
        nav: &ctx.nav,
        heading: shown.heading,
        back: (E::LIST, E::LIST_TITLE),
        action: match shown.id {
            Some(id) => format!("{}/{id}", E::BASE),
            None => format!("{}/ny", E::BASE),
        },
        summary: shown.summary.unwrap_or(E::NOT_SAVED),
        errors: shown.errors,
        fields,
        submit: E::SUBMIT,
        access,
    };
    ctx.render(req, status, page)
}

/// The form's own problems in Danish.
fn said<E: Editable>(problems: Vec<(&'static str, Problem)>) -> Errors {
    problems
        .into_iter()
        .map(|(field, problem)| (field.to_string(), about(E::SUBJECT, field, problem)))
        .collect()
}

/// A use case's refusal at its field, or an error page when it is not the
/// user's to correct (403, 404, 503).
fn refused<E: Editable>(e: AppError) -> Result<Errors, PageError> {
    for_form_about(E::SUBJECT, &e)
        .map(|shown| vec![shown])
        .ok_or_else(|| e.into())
}

/// The list with the confirmation of what was just saved.
fn saved<E: Editable>(id: i32, what: &str) -> HttpResponse {
    redirect(&format!("{}?{}={id}&handling={what}", E::LIST, E::KEY))
}

async fn new_form<E: Editable>(
    req: HttpRequest,
    db: web::Data<Db>,
) -> Result<HttpResponse, PageError> {
    let ctx = signed_in(&req, &db, E::ACTION).await?;
    let values = db.run(E::defaults).await?;
    let shown = Shown {
        id: None,
        heading: E::NEW_HEADING.into(),
        values,
        errors: vec![],
        summary: None,
    };
    show::<E>(&req, &ctx, &db, shown).await
}

async fn create<E: Editable>(
    req: HttpRequest,
    db: web::Data<Db>,
    form: web::Form<HashMap<String, String>>,
) -> Result<HttpResponse, PageError> {
    let ctx = signed_in(&req, &db, E::ACTION).await?;
    require_csrf(&req, &form)?;
    let form = Submitted(form.into_inner());
    let errors = match E::read(&form) {
        Err(problems) => said::<E>(problems),
        Ok(fields) => {
            let who = ctx.acting();
            match db.run(move |c| E::create(c, &who, fields)).await {
                Ok(id) => return Ok(saved::<E>(id, "oprettet")),
                Err(e) => refused::<E>(e)?,
            }
        }
    };
    let shown = Shown {
        id: None,
        heading: E::NEW_HEADING.into(),
        values: form.kept::<E>(),
        errors,
        summary: None,
    };
    show::<E>(&req, &ctx, &db, shown).await
}

fn edit_heading<E: Editable>(name: &str) -> String {
    format!("{}: {name}", E::EDIT_HEADING)
}

async fn edit_form<E: Editable>(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let ctx = signed_in(&req, &db, E::ACTION).await?;
    let id = id.into_inner();
    let (name, values) = db.run(move |c| E::load(c, id)).await?;
    let shown = Shown {
        id: Some(id),
        heading: edit_heading::<E>(&name),
        values,
        errors: vec![],
        summary: None,
    };
    show::<E>(&req, &ctx, &db, shown).await
}

/// The change through the kind's use case: where to go next, or the problems.
async fn save<E: Editable>(
    ctx: &Ctx,
    db: &Db,
    id: i32,
    form: &Submitted,
) -> Result<Result<HttpResponse, Errors>, PageError> {
    let fields = match E::read(form) {
        Err(problems) => return Ok(Err(said::<E>(problems))),
        Ok(fields) => fields,
    };
    let who = ctx.acting();
    match db.run(move |c| E::update(c, &who, id, fields)).await {
        Ok(()) => Ok(Ok(saved::<E>(id, "gemt"))),
        Err(e) => refused::<E>(e).map(Err),
    }
}

async fn update<E: Editable>(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
    form: web::Form<HashMap<String, String>>,
) -> Result<HttpResponse, PageError> {
    let ctx = signed_in(&req, &db, E::ACTION).await?;
    require_csrf(&req, &form)?;
    let id = id.into_inner();
    // An unknown id is a 404 page, whatever was sent.
    let (name, stored) = db.run(move |c| E::load(c, id)).await?;
    let form = Submitted(form.into_inner());
    let errors = match save::<E>(&ctx, &db, id, &form).await? {
        Ok(done) => return Ok(done),
        Err(errors) => errors,
    };
    // The role form beside it shows the stored values, not the typed ones.
    let mut values = stored;
    values.extend(form.kept::<E>());
    let shown = Shown {
        id: Some(id),
        heading: edit_heading::<E>(&name),
        values,
        errors,
        summary: None,
    };
    show::<E>(&req, &ctx, &db, shown).await
}
