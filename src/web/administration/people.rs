//! Personer: the people the portfolio names, found by name or e-mail, and
//! their roles (administrators only).

use super::{
    department_options, form_routes, or_none, refused, require_csrf, saved, show, signed_in,
    Choices, Done, Editable, FieldSpec, ListPage, Row, Search, Shown, Submitted, Table, Values,
};
use crate::app::people::{self as use_case, PersonFields};
use crate::app::{accounts, password_links, Acting};
use crate::db::{Db, DbConnection};
use crate::domain::access::{Action, Role};
use crate::domain::text::search_query;
use crate::domain::Problem;
use crate::error::AppError;
use crate::web::context::{Ctx, PageError};
use crate::web::filters;
use crate::web::messages::{about, Subject};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use std::collections::HashMap;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(People::LIST, web::get().to(list));
    form_routes::<People>(cfg);
    cfg.route(
        "/administration/personer/{id}/rolle",
        web::post().to(change_role),
    )
    .route(
        "/administration/personer/{id}/deaktiver",
        web::post().to(deactivate),
    )
    .route(
        "/administration/personer/{id}/aktiver",
        web::post().to(activate),
    )
    .route(
        "/administration/personer/{id}/engangslink",
        web::post().to(password_link),
    );
}

/// A role as the pages name it: "Projektleder", "IT-projektrådet".
fn role_label(role: Role) -> String {
    let word = role.danish();
    let mut letters = word.chars();
    letters
        .next()
        .map(|first| first.to_uppercase().chain(letters).collect())
        .unwrap_or_default()
}

/// The person page's other forms: the role (one of the five), and access
/// (deactivate or activate, a one-time password link).
pub struct AccessForms {
    /// The person's page, which the forms' addresses extend.
    pub base: String,
    pub current: String,
    pub options: Vec<(String, String)>,
    pub role_error: Option<String>,
    pub active: bool,
    pub access_error: Option<String>,
}

struct People;

impl Editable for People {
    const SUBJECT: Subject = Subject::Person;
    const ACTION: Action = Action::ManageOrganisation;
    const BASE: &'static str = "/administration/personer";
    const LIST: &'static str = "/administration/personer";
    const LIST_TITLE: &'static str = "Personer";
    const KEY: &'static str = "person";
    const NEW_HEADING: &'static str = "Ny person";
    const EDIT_HEADING: &'static str = "Ret person";
    const NOT_SAVED: &'static str = "Personen blev ikke gemt";
    const SUBMIT: &'static str = "Gem personen";
    const FIELDS: &'static [FieldSpec] = &[
        ("name", "Navn", "text"),
        ("email", "E-mail", "email"),
        ("department_id", "Afdeling", "select"),
    ];
    type Fields = PersonFields;

    fn load(c: &mut DbConnection, id: i32) -> Result<(String, Values), AppError> {
        let p = use_case::get(c, id)?;
        let values = HashMap::from([
            ("name", p.name.clone()),
            ("email", p.email),
            (
                "department_id",
                p.department_id.map(|d| d.to_string()).unwrap_or_default(),
            ),
            ("role", Role::from(p.role).as_str().to_string()),
            ("active", p.active.to_string()),
        ]);
        Ok((p.name, values))
    }

    fn choices(c: &mut DbConnection) -> Result<Choices, AppError> {
        Ok(HashMap::from([(
            "department_id",
            or_none(department_options(c)?),
        )]))
    }

    fn read(form: &Submitted) -> Result<PersonFields, Vec<(&'static str, Problem)>> {
        let mut problems = vec![];
        let department_id = form.choice("department_id", &mut problems);
        let fields = PersonFields {
            name: form.text("name"),
            email: form.text("email"),
            department_id,
        };
        super::checked(problems, fields)
    }

    fn create(c: &mut DbConnection, who: &Acting, fields: PersonFields) -> Result<i32, AppError> {
        use_case::create(c, who, fields).map(|p| p.id)
    }

    fn update(
        c: &mut DbConnection,
        who: &Acting,
        id: i32,
        fields: PersonFields,
    ) -> Result<(), AppError> {
        use_case::update(c, who, id, fields).map(|_| ())
    }

    fn access_forms(values: &Values, id: i32) -> Option<AccessForms> {
        Some(AccessForms {
            base: format!("{}/{id}", Self::BASE),
            current: values.get("role").cloned().unwrap_or_default(),
            options: Role::ALL
                .iter()
                .map(|r| (r.as_str().to_string(), role_label(*r)))
                .collect(),
            role_error: None,
            active: values.get("active").is_some_and(|a| a == "true"),
            access_error: None,
        })
    }
}

/// The people found, with e-mail, department and role.
fn people_table(
    people: Vec<use_case::Person>,
    departments: Vec<crate::app::reference::departments::Department>,
    text: Option<&str>,
) -> Table {
    let department: HashMap<i32, String> =
        departments.into_iter().map(|d| (d.id, d.name)).collect();
    let rows = people
        .into_iter()
        .map(|p| Row {
            id: p.id,
            href: Some(format!("{}/{}", People::BASE, p.id)),
            cells: vec![
                p.email,
                p.department_id
                    .and_then(|d| department.get(&d).cloned())
                    .unwrap_or_else(|| "–".into()),
                role_label(Role::from(p.role)),
                if p.active { "Aktiv" } else { "Deaktiveret" }.into(),
            ],
            name: p.name,
        })
        .collect();
    Table {
        heading: None,
        caption: "Personer, med e-mail, afdeling, rolle og adgang".into(),
        columns: vec!["Navn", "E-mail", "Afdeling", "Rolle", "Adgang"],
        rows,
        empty: if text.is_some() {
            "Ingen personer passer på søgningen."
        } else {
            "Der er ingen personer endnu."
        },
        new: Some(("/administration/personer/ny", "Ny person")),
    }
}

/// The search box: as typed, as searched for, and its problem in Danish.
fn search_of(req: &HttpRequest) -> (String, Option<String>, Option<String>) {
    let query = web::Query::<HashMap<String, String>>::from_query(req.query_string())
        .map(web::Query::into_inner)
        .unwrap_or_default();
    let typed = query.get("soeg").cloned().unwrap_or_default();
    // Too long a search is said at the box, and everyone is listed.
    match search_query("soeg", Some(&typed)) {
        Ok(text) => (typed, text, None),
        Err(e) => (typed, None, Some(about(Subject::Person, "soeg", e.problem))),
    }
}

async fn list(req: HttpRequest, db: web::Data<Db>) -> Result<HttpResponse, PageError> {
    let ctx = signed_in(&req, &db, Action::ManageOrganisation).await?;
    let (typed, text, error) = search_of(&req);
    let wanted = text.clone();
    let (people, departments) = db
        .run(move |c| {
            let people = use_case::find(c, wanted.as_deref())?;
            let departments = crate::app::reference::departments::list(c)?;
            Ok((people, departments))
        })
        .await?;
    let table = people_table(people, departments, text.as_deref());
    let found = text.as_ref().map(|t| match table.rows.len() {
        1 => format!("1 person har «{t}» i navn eller e-mail."),
        n => format!("{n} personer har «{t}» i navn eller e-mail."),
    });
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = ListPage {
        nav: &ctx.nav,
        heading: "Personer",
        notice: Done::of(&req).notice(Subject::Person, People::KEY, &table),
        search: Some(Search {
            text: typed,
            error,
            found,
        }),
        tables: vec![table],
    };
    ctx.render(&req, status, page)
}

/// The role through `app::accounts::set_role`: where to go next, or the problems.
async fn set_role(
    ctx: &Ctx,
    db: &Db,
    id: i32,
    role: Role,
) -> Result<Result<HttpResponse, Vec<(String, String)>>, PageError> {
    let who = ctx.acting();
    match db.run(move |c| accounts::set_role(c, &who, id, role)).await {
        Ok(_) => {
            // Who gives up their own administrator role may no longer see the list.
            let own = id == ctx.account.person_id;
            if own && !crate::domain::access::allows(role, Action::ManageOrganisation) {
                return Ok(Ok(super::redirect("/")));
            }
            Ok(Ok(saved::<People>(id, "rolle")))
        }
        Err(e) => refused::<People>(e).map(Err),
    }
}

/// Give a person another role through `app::accounts::set_role`: the last
/// administrator keeps theirs, and the page says why.
async fn change_role(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
    form: web::Form<HashMap<String, String>>,
) -> Result<HttpResponse, PageError> {
    let ctx = signed_in(&req, &db, Action::ManageOrganisation).await?;
    require_csrf(&req, &form)?;
    let id = id.into_inner();
    let chosen = form.get("role").map(String::as_str).unwrap_or("");
    let errors = match Role::parse("role", chosen) {
        Err(e) => vec![(
            "role".to_string(),
            about(Subject::Person, "role", e.problem),
        )],
        Ok(role) => match set_role(&ctx, &db, id, role).await? {
            Ok(done) => return Ok(done),
            Err(errors) => errors,
        },
    };
    refused_again(&req, &ctx, &db, id, errors, "Rollen blev ikke ændret").await
}

/// The person page again with a refused change's problems (`summary` above them).
async fn refused_again(
    req: &HttpRequest,
    ctx: &Ctx,
    db: &Db,
    id: i32,
    errors: Vec<(String, String)>,
    summary: &'static str,
) -> Result<HttpResponse, PageError> {
    let (name, values) = db.run(move |c| People::load(c, id)).await?;
    let shown = Shown {
        id: Some(id),
        heading: format!("{}: {name}", People::EDIT_HEADING),
        values,
        errors,
        summary: Some(summary),
    };
    show::<People>(req, ctx, db, shown).await
}

/// Deactivate or activate through `app::accounts::set_active`; back to the
/// list, or the page with why not (oneself, the last administrator).
async fn change_access(
    req: HttpRequest,
    db: web::Data<Db>,
    id: i32,
    form: web::Form<HashMap<String, String>>,
    active: bool,
) -> Result<HttpResponse, PageError> {
    let ctx = signed_in(&req, &db, Action::ManageOrganisation).await?;
    require_csrf(&req, &form)?;
    let who = ctx.acting();
    match db
        .run(move |c| accounts::set_active(c, &who, id, active))
        .await
    {
        Ok(_) => Ok(saved::<People>(
            id,
            if active { "aktiveret" } else { "deaktiveret" },
        )),
        Err(e) => {
            let errors = refused::<People>(e)?;
            refused_again(&req, &ctx, &db, id, errors, "Adgangen blev ikke ændret").await
        }
    }
}

async fn deactivate(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
    form: web::Form<HashMap<String, String>>,
) -> Result<HttpResponse, PageError> {
    change_access(req, db, id.into_inner(), form, false).await
}

async fn activate(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
    form: web::Form<HashMap<String, String>>,
) -> Result<HttpResponse, PageError> {
    change_access(req, db, id.into_inner(), form, true).await
}

#[derive(Template)]
#[template(path = "administration/password_link.html")]
struct LinkMade<'a> {
    nav: &'a crate::web::context::Nav,
    id: i32,
    name: String,
    url: String,
    expires_at: chrono::NaiveDateTime,
}

/// The service's own address as the browser reached it, for a whole link.
fn origin_of(req: &HttpRequest) -> String {
    let scheme = if crate::auth::is_https(req) {
        "https"
    } else {
        "http"
    };
    let host = crate::auth::requested_host(req).unwrap_or_else(|| "localhost".into());
    format!("{scheme}://{host}")
}

/// Make a one-time password link through `app::password_links::issue` and
/// show it this once (the answer is not kept by the browser).
async fn password_link(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
    form: web::Form<HashMap<String, String>>,
) -> Result<HttpResponse, PageError> {
    let ctx = signed_in(&req, &db, Action::ManageOrganisation).await?;
    require_csrf(&req, &form)?;
    let (who, id) = (ctx.acting(), id.into_inner());
    let made = db
        .run(move |c| {
            let link = password_links::issue(c, &who, id)?;
            Ok((use_case::get(c, id)?.name, link))
        })
        .await;
    let (name, link) = match made {
        Ok(made) => made,
        Err(e) => {
            let errors = refused::<People>(e)?;
            return refused_again(&req, &ctx, &db, id, errors, "Linket blev ikke lavet").await;
        }
    };
    let page = LinkMade {
        nav: &ctx.nav,
        id,
        name,
        url: format!("{}{}", origin_of(&req), link.path),
        expires_at: link.expires_at.naive_utc(),
    };
    ctx.render(&req, StatusCode::OK, page)
}
