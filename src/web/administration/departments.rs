//! Afdelinger: the departments that own projects (administrators).

use super::{
    form_routes, signed_in, Done, Editable, FieldSpec, ListPage, Row, Submitted, Table, Values,
};
use crate::app::reference::departments::{self as use_case, DepartmentFields};
use crate::app::Acting;
use crate::db::{Db, DbConnection};
use crate::domain::access::Action;
use crate::domain::Problem;
use crate::error::AppError;
use crate::web::context::PageError;
use crate::web::messages::Subject;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use std::collections::HashMap;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(Departments::LIST, web::get().to(list));
    form_routes::<Departments>(cfg);
}

struct Departments;

impl Editable for Departments {
    const SUBJECT: Subject = Subject::Department;
    const ACTION: Action = Action::ManageOrganisation;
    const BASE: &'static str = "/administration/afdelinger";
    const LIST: &'static str = "/administration/afdelinger";
    const LIST_TITLE: &'static str = "Afdelinger";
    const KEY: &'static str = "afdeling";
    const NEW_HEADING: &'static str = "Ny afdeling";
    const EDIT_HEADING: &'static str = "Ret afdeling";
    const NOT_SAVED: &'static str = "Afdelingen blev ikke gemt";
    const SUBMIT: &'static str = "Gem afdelingen";
    const FIELDS: &'static [FieldSpec] = &[
        ("name", "Navn", "text"),
        ("code", "Forkortelse, fx ØS", "text"),
        ("directorate", "Direktørområde", "text"),
    ];

    type Fields = DepartmentFields;

    fn load(c: &mut DbConnection, id: i32) -> Result<(String, Values), AppError> {
        let d = use_case::get(c, id)?;
        let values = HashMap::from([
            ("name", d.name.clone()),
            ("code", d.code),
            ("directorate", d.directorate),
        ]);
        Ok((d.name, values))
    }

    fn read(form: &Submitted) -> Result<DepartmentFields, Vec<(&'static str, Problem)>> {
        Ok(DepartmentFields {
            name: form.text("name"),
            code: form.text("code"),
            directorate: form.text("directorate"),
        })
    }

    fn create(
        c: &mut DbConnection,
        who: &Acting,
        fields: DepartmentFields,
    ) -> Result<i32, AppError> {
        use_case::create(c, who, fields).map(|d| d.id)
    }

    fn update(
        c: &mut DbConnection,
        who: &Acting,
        id: i32,
        fields: DepartmentFields,
    ) -> Result<(), AppError> {
        use_case::update(c, who, id, fields).map(|_| ())
    }
}

async fn list(req: HttpRequest, db: web::Data<Db>) -> Result<HttpResponse, PageError> {
    let ctx = signed_in(&req, &db, Departments::ACTION).await?;
    let departments = db.run(use_case::list).await?;
    let rows = departments
        .into_iter()
        .map(|d| Row {
            id: d.id,
            href: Some(format!("{}/{}", Departments::BASE, d.id)),
            cells: vec![d.code, or_dash(d.directorate)],
            name: d.name,
        })
        .collect();
    let table = Table {
        heading: None,
        caption: "Afdelinger, med forkortelse og direktørområde".into(),
        columns: vec!["Navn", "Forkortelse", "Direktørområde"],
        rows,
        empty: "Der er ingen afdelinger endnu.",
        new: Some(("/administration/afdelinger/ny", "Ny afdeling")),
    };
    let page = ListPage {
        nav: &ctx.nav,
        heading: "Afdelinger",
        notice: Done::of(&req).notice(Subject::Department, Departments::KEY, &table),
        search: None,
        tables: vec![table],
    };
    ctx.render(&req, StatusCode::OK, page)
}

fn or_dash(text: String) -> String {
    if text.is_empty() {
        "–".into()
    } else {
        text
    }
}
