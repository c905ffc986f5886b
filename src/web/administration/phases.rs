//! Faser: the phases a project passes through, in order (the council).

use super::{
    checked, form_routes, signed_in, Done, Editable, FieldSpec, ListPage, Row, Submitted, Table,
    Values,
};
use crate::app::reference::phases::{self as use_case, PhaseFields};
use crate::app::Acting;
use crate::db::{Db, DbConnection};
use crate::domain::access::Action;
use crate::domain::reference::POSITION_MAX;
use crate::domain::Problem;
use crate::error::AppError;
use crate::web::context::PageError;
use crate::web::messages::Subject;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use std::collections::HashMap;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(Phases::LIST, web::get().to(list));
    form_routes::<Phases>(cfg);
}

struct Phases;

impl Editable for Phases {
    const SUBJECT: Subject = Subject::Phase;
    const ACTION: Action = Action::ManagePortfolio;
    const BASE: &'static str = "/administration/faser";
    const LIST: &'static str = "/administration/faser";
    const LIST_TITLE: &'static str = "Faser";
    const KEY: &'static str = "fase";
    const NEW_HEADING: &'static str = "Ny fase";
    const EDIT_HEADING: &'static str = "Ret fase";
    const NOT_SAVED: &'static str = "Fasen blev ikke gemt";
    const SUBMIT: &'static str = "Gem fasen";
    const FIELDS: &'static [FieldSpec] = &[
        ("name", "Navn", "text"),
        (
            "position",
            "Placering i rækkefølgen (lavest først)",
            "number",
        ),
    ];

    type Fields = PhaseFields;

    fn load(c: &mut DbConnection, id: i32) -> Result<(String, Values), AppError> {
        let p = use_case::get(c, id)?;
        let values = HashMap::from([
            ("name", p.name.clone()),
            ("position", p.position.to_string()),
        ]);
        Ok((p.name, values))
    }

    /// A new phase goes last.
    fn defaults(c: &mut DbConnection) -> Result<Values, AppError> {
        let last = use_case::list(c)?.iter().map(|p| p.position).max();
        let next = last.map_or(1, |p| (p + 1).min(POSITION_MAX));
        Ok(HashMap::from([("position", next.to_string())]))
    }

    fn read(form: &Submitted) -> Result<PhaseFields, Vec<(&'static str, Problem)>> {
        let mut problems = vec![];
        let position = form.number("position", &mut problems);
        let fields = PhaseFields {
            name: form.text("name"),
            position,
        };
        checked(problems, fields)
    }

    fn create(c: &mut DbConnection, who: &Acting, fields: PhaseFields) -> Result<i32, AppError> {
        use_case::create(c, who, fields).map(|p| p.id)
    }

    fn update(
        c: &mut DbConnection,
        who: &Acting,
        id: i32,
        fields: PhaseFields,
    ) -> Result<(), AppError> {
        use_case::update(c, who, id, fields).map(|_| ())
    }
}

async fn list(req: HttpRequest, db: web::Data<Db>) -> Result<HttpResponse, PageError> {
    let ctx = signed_in(&req, &db, Phases::ACTION).await?;
    let phases = db.run(use_case::list).await?;
    let rows = phases
        .into_iter()
        .map(|p| Row {
            id: p.id,
            href: Some(format!("{}/{}", Phases::BASE, p.id)),
            cells: vec![p.position.to_string()],
            name: p.name,
        })
        .collect();
    let table = Table {
        heading: None,
        caption: "Faser i rækkefølge fra opstart til afslutning".into(),
        columns: vec!["Navn", "Placering"],
        rows,
        empty: "Der er ingen faser endnu.",
        new: Some(("/administration/faser/ny", "Ny fase")),
    };
    let page = ListPage {
        nav: &ctx.nav,
        heading: "Faser",
        notice: Done::of(&req).notice(Subject::Phase, Phases::KEY, &table),
        search: None,
        tables: vec![table],
    };
    ctx.render(&req, StatusCode::OK, page)
}
