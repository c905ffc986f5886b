//! Til Chefforum: the strategic projects the council has referred to start
//! or to close, each with Chefforum's decision form, and the dilemmas of the
//! priorities; through `app::chefforum`.

use super::context::{Ctx, Nav, PageError};
use super::filters;
use super::form::{self, Errors, FormState, Submitted};
use super::proposals::{read_decision, DECISION_INPUTS};
use super::session::redirect;
use crate::app::chefforum::{self as use_case, ChefforumList, MatterView};
use crate::db::Db;
use crate::domain::access::Action;
use crate::domain::process::Matter;
use crate::domain::project::Lifecycle;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

#[derive(Template)]
#[template(path = "chefforum.html")]
struct ChefforumPage<'a> {
    nav: &'a Nav,
    list: ChefforumList,
    may_decide: bool,
    /// The form sent, its problems and what was typed.
    sent: FormState,
    summary: Errors,
}

impl ChefforumPage<'_> {
    fn heading(&self, m: &MatterView) -> String {
        let what = match Matter::from(m.matter) {
            Matter::Start => "igangsættelse".to_string(),
            Matter::Close => match m.ending.map(Lifecycle::from) {
                Some(Lifecycle::Cancelled) => "lukning (udgår)".into(),
                _ => "lukning (afsluttes)".into(),
            },
        };
        format!("{}: {what}", m.project)
    }

    fn is_start(&self, m: &MatterView) -> bool {
        Matter::from(m.matter) == Matter::Start
    }

    fn inputs(&self) -> [(&'static str, &'static str); 2] {
        [
            DECISION_INPUTS[0],
            (
                "case_number",
                "Journalnummer (KLE) for dagsordenspunktet, fx 85.13.00-P20-1-22",
            ),
        ]
    }
}

async fn show(
    req: &HttpRequest,
    db: &Db,
    (form, status, errors, entered): (String, StatusCode, Errors, Submitted),
) -> Result<HttpResponse, PageError> {
    let ctx = Ctx::load(req, db, None, "chefforum").await?;
    let list = db.run(use_case::list).await?;
    let sent = FormState {
        form,
        errors,
        entered,
    };
    let summary = sent.summary("");
    let page = ChefforumPage {
        nav: &ctx.nav,
        may_decide: ctx.allows(Action::Decide),
        list,
        sent,
        summary,
    };
    ctx.render(req, status, page)
}

pub async fn page(req: HttpRequest, db: web::Data<Db>) -> Result<HttpResponse, PageError> {
    show(
        &req,
        &db,
        (String::new(), StatusCode::OK, vec![], Submitted::new()),
    )
    .await
}

pub async fn decide(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
    submitted: web::Form<Submitted>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let ctx = Ctx::load(&req, &db, None, "chefforum").await?;
    ctx.require(Action::Decide)?;
    form::require_csrf(&req, &submitted)?;
    let submitted = submitted.into_inner();
    let which = format!("sag-{id}");
    let (approve, decision) = match read_decision(&submitted) {
        Ok(read) => read,
        Err(errors) => {
            return show(
                &req,
                &db,
                (which, StatusCode::UNPROCESSABLE_ENTITY, errors, submitted),
            )
            .await
        }
    };
    let who = ctx.acting();
    match db
        .run(move |c| use_case::decide(c, &who, id, approve, decision))
        .await
    {
        Ok(_) => Ok(redirect("/chefforum")),
        Err(e) => {
            let fields = ["outcome", "date", "text", "case_number"];
            let (status, errors) = form::refused(e, &fields)?;
            show(&req, &db, (which, status, errors, submitted)).await
        }
    }
}
