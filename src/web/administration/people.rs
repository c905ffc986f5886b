//! Personer: the people the portfolio names, found by name or e-mail, and
//! their roles (administrators only).

use super::{
    department_options, form_routes, or_none, refused, require_csrf, saved, show, signed_in,
    Choices, Done, Editable, FieldSpec, ListPage, Row, Search, Shown, Submitted, Table, Values,
};
use crate::app::people::{self as use_case, PersonFields};
use crate::app::{accounts, Acting};
use crate::auth::token_cache::TokenCache;
use crate::db::{Db, DbConnection};
use crate::domain::access::{Action, Role};
use crate::domain::text::search_query;
use crate::domain::Problem;
use crate::error::AppError;
use crate::web::context::{Ctx, PageError};
use crate::web::messages::{about, Subject};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use std::collections::HashMap;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(People::LIST, web::get().to(list));
    form_routes::<People>(cfg);
    cfg.route(
        "/administration/personer/{id}/rolle",
        web::post().to(change_role),
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

/// The person page's second form: the role, one of the five.
pub struct RoleForm {
    pub action: String,
    pub current: String,
    pub options: Vec<(String, String)>,
    pub error: Option<String>,
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
    // The e-mail names the person in the audit trail.
    const NAMES_ACTORS: bool = true;

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

    fn role_form(values: &Values, id: i32) -> Option<RoleForm> {
        Some(RoleForm {
            action: format!("{}/{id}/rolle", Self::BASE),
            current: values.get("role").cloned().unwrap_or_default(),
            options: Role::ALL
                .iter()
                .map(|r| (r.as_str().to_string(), role_label(*r)))
                .collect(),
            error: None,
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
            ],
            name: p.name,
        })
        .collect();
    Table {
        heading: None,
        caption: "Personer, med e-mail, afdeling og rolle".into(),
        columns: vec!["Navn", "E-mail", "Afdeling", "Rolle"],
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
    tokens: &TokenCache,
    id: i32,
    role: Role,
) -> Result<Result<HttpResponse, Vec<(String, String)>>, PageError> {
    let who = ctx.acting();
    match db.run(move |c| accounts::set_role(c, &who, id, role)).await {
        Ok(_) => {
            tokens.invalidate();
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
    tokens: web::Data<TokenCache>,
    id: web::Path<i32>,
    form: web::Form<HashMap<String, String>>,
) -> Result<HttpResponse, PageError> {
    let ctx = signed_in(&req, &db, Action::ManageOrganisation).await?;
    require_csrf(&req, &form)?;
    let id = id.into_inner();
    let (name, values) = db.run(move |c| People::load(c, id)).await?;
    let chosen = form.get("role").map(String::as_str).unwrap_or("");
    let errors = match Role::parse("role", chosen) {
        Err(e) => vec![(
            "role".to_string(),
            about(Subject::Person, "role", e.problem),
        )],
        Ok(role) => match set_role(&ctx, &db, &tokens, id, role).await? {
            Ok(done) => return Ok(done),
            Err(errors) => errors,
        },
    };
    let shown = Shown {
        id: Some(id),
        heading: format!("{}: {name}", People::EDIT_HEADING),
        values,
        errors,
        summary: Some("Rollen blev ikke ændret"),
    };
    show::<People>(&req, &ctx, &db, shown).await
}
