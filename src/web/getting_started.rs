//! Kom i gang: what a new municipality's front page shows until the
//! portfolio is set up (no quarter yet), instead of "Siden findes ikke".

use super::context::PageError;
use super::session::{csrf_token, html, session_account};
use crate::db::access::Account;
use crate::db::setup::{self, Setup};
use crate::db::Db;
use crate::domain::access::{allows, Action};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;

/// One step of setting up, done or not.
pub struct Step {
    label: &'static str,
    href: &'static str,
    done: bool,
    /// What there is so far, e.g. "3 afdelinger".
    so_far: String,
}

#[derive(Template)]
#[template(path = "getting_started.html")]
struct GettingStarted {
    name: String,
    csrf: String,
    /// Only those who set up the portfolio see the steps.
    sets_up: bool,
    steps: Vec<Step>,
}

fn count(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn steps(s: Setup) -> Vec<Step> {
    vec![
        Step {
            label: "Opret afdelingerne",
            href: "/administration/afdelinger",
            done: s.departments > 0,
            so_far: count(s.departments, "afdeling", "afdelinger"),
        },
        Step {
            label: "Opret personerne: projektledere, projektejere, IT-projektrådet og Chefforum",
            href: "/administration/personer",
            done: s.people > 1,
            so_far: count(s.people, "person", "personer"),
        },
        Step {
            label: "Opret det første kvartal med fristen for indrapportering",
            href: "/administration/kvartaler",
            done: s.quarters > 0,
            so_far: count(s.quarters, "kvartal", "kvartaler"),
        },
        Step {
            label: "Importér projekterne fra regnearket",
            href: "/import",
            done: s.projects > 0,
            so_far: count(s.projects, "projekt", "projekter"),
        },
    ]
}

/// The Kom i gang page while there is no quarter yet; `None` once there is.
pub async fn when_not_set_up(
    req: &HttpRequest,
    db: &Db,
) -> Result<Option<HttpResponse>, PageError> {
    let account: Account = session_account(req, db).await?.ok_or(PageError::SignIn)?;
    let setup = db.run(setup::counts).await?;
    if setup.quarters > 0 {
        return Ok(None);
    }
    let page = GettingStarted {
        name: account.name,
        csrf: csrf_token(req).0,
        sets_up: allows(account.role, Action::ManagePortfolio),
        steps: steps(setup),
    };
    Ok(Some(html(StatusCode::OK, page.render())?))
}
