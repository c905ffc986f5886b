//! What every signed-in page needs: the account, the CSRF token, the chosen
//! quarter and the navigation; and the Danish error pages.

use super::session::{cookie, csrf_token, html, redirect, session_account, CSRF_COOKIE};
use crate::db::access::Account;
use crate::db::audit::Actor;
use crate::db::{quarters, Db};
use crate::domain::access::{allows, Action};
use crate::domain::quarter::Quarter;
use crate::domain::status::Colour;
use crate::error::AppError;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};
use askama::Template;

/// A coloured marker that always carries the word too.
pub struct Cell {
    pub word: &'static str,
    pub class: &'static str,
}

impl Cell {
    pub fn of(colour: Option<Colour>) -> Self {
        Self {
            word: crate::export::colour_word(colour),
            class: colour.map(Colour::as_str).unwrap_or("none"),
        }
    }
}

/// One quarter in the picker.
pub struct QuarterChoice {
    pub code: Quarter,
    pub selected: bool,
}

/// The navigation bar and quarter picker.
pub struct Nav {
    pub name: String,
    pub role: &'static str,
    pub csrf: String,
    pub quarter: Quarter,
    pub quarters: Vec<QuarterChoice>,
    pub can_edit: bool,
    /// Whether the role keeps any of the lists under "Administration".
    pub can_administer: bool,
    pub active: &'static str,
    /// Where the quarter picker submits to.
    pub path: String,
}

impl Nav {
    /// The main menu's mark for the council's process: the page itself, or
    /// one of the pages under it.
    pub fn process_current(&self) -> Option<&'static str> {
        match self.active {
            "forslag" => Some("page"),
            "forslag-side" | "chefforum" | "prioritering" | "beslutninger" | "systemer" => {
                Some("true")
            }
            _ => None,
        }
    }
}

pub struct Ctx {
    pub account: Account,
    pub quarter: Quarter,
    pub nav: Nav,
    fresh_csrf: Option<String>,
    pub address: Option<String>,
}

/// A page failed: the answer is a Danish page, or the sign-in page.
#[derive(Debug)]
pub enum PageError {
    SignIn,
    App(AppError),
}

impl From<AppError> for PageError {
    fn from(e: AppError) -> Self {
        Self::App(e)
    }
}

impl std::fmt::Display for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::SignIn => f.write_str("sign in required"),
            Self::App(e) => e.fmt(f),
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    title: &'a str,
    message: &'a str,
}

fn error_page(status: StatusCode, title: &str, message: &str) -> HttpResponse {
    let body = ErrorPage { title, message }
        .render()
        .unwrap_or_else(|_| title.to_string());
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body)
}

pub fn not_found_page() -> HttpResponse {
    error_page(
        StatusCode::NOT_FOUND,
        "Siden findes ikke",
        "Adressen findes ikke, eller projektet er fjernet. Tjek adressen, eller gå til forsiden.",
    )
}

impl ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::SignIn => StatusCode::SEE_OTHER,
            Self::App(e) => e.status_code(),
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            Self::SignIn => redirect("/log-ind"),
            Self::App(e) => {
                let status = e.status_code();
                match e {
                    AppError::NotFound(_) => not_found_page(),
                    AppError::Forbidden(_) => error_page(
                        status,
                        "Ingen adgang",
                        "Din rolle giver ikke adgang til denne side eller handling.",
                    ),
                    AppError::Unavailable(_) => error_page(
                        status,
                        "Tjenesten er midlertidigt utilgængelig",
                        "Databasen svarer ikke. Prøv igen om lidt.",
                    ),
                    AppError::Validation { field, problem, .. } => error_page(
                        status,
                        "Ugyldig adresse eller værdi",
                        &super::messages::danish(field.as_deref().unwrap_or(""), *problem),
                    ),
                    AppError::BadRequest { .. } => error_page(
                        status,
                        "Ugyldig adresse eller værdi",
                        "Adressen indeholder en værdi, der ikke kan læses.",
                    ),
                    AppError::Conflict { field, problem, .. } => error_page(
                        status,
                        "Handlingen kunne ikke udføres",
                        &super::messages::danish(field.as_deref().unwrap_or(""), *problem),
                    ),
                    AppError::Internal(detail) => {
                        log::error!("page failed: {detail}");
                        error_page(
                            status,
                            "Der opstod en fejl",
                            "Siden kunne ikke vises. Fejlen er logget; prøv igen senere.",
                        )
                    }
                    _ => error_page(status, "Handlingen kunne ikke udføres", other_reason(e)),
                }
            }
        }
    }
}

/// Why a request was refused, in Danish, for the errors without their own page.
fn other_reason(e: &AppError) -> &'static str {
    match e {
        AppError::PreconditionFailed(_) => super::messages::CHANGED_BY_OTHERS,
        AppError::TooManyRequests(_) => "For mange forsøg på kort tid. Vent lidt, og prøv igen.",
        AppError::PayloadTooLarge(_) => "Det sendte er for stort.",
        AppError::RequestTimeout(_) => "Det sendte kom for langsomt frem. Prøv igen.",
        AppError::Unauthorized(_) => "Du er ikke logget ind. Log ind, og prøv igen.",
        _ => "Det sendte kunne ikke behandles. Prøv igen.",
    }
}

/// The stored quarters as the domain sees them.
fn held(rows: &[quarters::QuarterRow]) -> Vec<crate::domain::quarter::Held> {
    rows.iter()
        .map(|q| crate::domain::quarter::Held {
            quarter: q.code,
            deadline: q.deadline,
            open: !q.is_closed(),
        })
        .collect()
}

impl Ctx {
    /// The signed-in account and the quarter chosen with `?kvartal=` (or the current one).
    pub async fn load(
        req: &HttpRequest,
        db: &Db,
        chosen: Option<&str>,
        active: &'static str,
    ) -> Result<Self, PageError> {
        Self::load_with(req, db, chosen, active, false).await
    }

    /// For a page that shows no quarter's data (the administration): it
    /// also works before any quarter is stored, when the navigation points
    /// at the quarter of today. A quarter chosen with `?kvartal=` is kept.
    pub async fn load_without_quarter(
        req: &HttpRequest,
        db: &Db,
        active: &'static str,
    ) -> Result<Self, PageError> {
        let query =
            web::Query::<std::collections::HashMap<String, String>>::from_query(req.query_string())
                .map(web::Query::into_inner)
                .unwrap_or_default();
        let chosen = query.get("kvartal").map(String::as_str);
        Self::load_with(req, db, chosen, active, true).await
    }

    async fn load_with(
        req: &HttpRequest,
        db: &Db,
        chosen: Option<&str>,
        active: &'static str,
        without_quarters: bool,
    ) -> Result<Self, PageError> {
        let account = session_account(req, db).await?.ok_or(PageError::SignIn)?;
        let rows = db.run(quarters::list).await?;
        let today = chrono::Utc::now().date_naive();
        let quarter = match chosen.map(str::trim).filter(|c| !c.is_empty()) {
            Some(c) => Quarter::parse("kvartal", c).map_err(AppError::from)?,
            None if rows.is_empty() && without_quarters => Quarter::containing(today),
            None => crate::domain::quarter::current(&held(&rows), today)
                .ok_or_else(|| AppError::NotFound("no quarters yet".into()))?,
        };
        // Before the first quarter, a page without one points at today's.
        let placeholder = rows.is_empty() && without_quarters;
        if !(placeholder || rows.iter().any(|q| q.code == quarter)) {
            return Err(AppError::NotFound(format!("quarter {quarter}")).into());
        }
        let (csrf, fresh) = csrf_token(req);
        let nav = Nav {
            name: account.name.clone(),
            role: account.role.danish(),
            csrf: csrf.clone(),
            quarter,
            quarters: rows
                .iter()
                .map(|q| QuarterChoice {
                    code: q.code,
                    selected: q.code == quarter,
                })
                .collect(),
            can_edit: allows(account.role, Action::ManagePortfolio),
            can_administer: allows(account.role, Action::ManageOrganisation)
                || allows(account.role, Action::ManagePortfolio),
            active,
            path: req.path().to_string(),
        };
        Ok(Self {
            account,
            quarter,
            nav,
            fresh_csrf: fresh.then_some(csrf),
            address: crate::auth::address(req),
        })
    }

    pub fn allows(&self, action: Action) -> bool {
        allows(self.account.role, action)
    }

    pub fn require(&self, action: Action) -> Result<(), PageError> {
        if self.allows(action) {
            Ok(())
        } else {
            Err(AppError::Forbidden("role".into()).into())
        }
    }

    pub fn actor(&self) -> Actor {
        Actor {
            person_id: Some(self.account.person_id),
            label: self.account.email.clone(),
            address: self.address.clone(),
        }
    }

    /// The signed-in person as the use cases take them.
    pub fn acting(&self) -> crate::app::Acting {
        crate::app::Acting {
            actor: self.actor(),
            role: self.account.role,
        }
    }

    /// Render a page, setting the CSRF cookie when it is new.
    pub fn render(
        &self,
        req: &HttpRequest,
        status: StatusCode,
        page: impl Template,
    ) -> Result<HttpResponse, PageError> {
        let mut response = html(status, page.render())?;
        if let Some(csrf) = &self.fresh_csrf {
            response
                .add_cookie(&cookie(req, CSRF_COOKIE, csrf.clone()))
                .map_err(|e| AppError::Internal(e.to_string()))?;
        }
        Ok(response)
    }
}

/// Percent-encoding for mailto: and query strings (RFC 3986 unreserved kept).
pub fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding() {
        assert_eq!(
            url_encode("Påmindelse: status 2022Q3"),
            "P%C3%A5mindelse%3A%20status%202022Q3"
        );
    }

    fn current_of(rows: &[quarters::QuarterRow], today: chrono::NaiveDate) -> Option<String> {
        crate::domain::quarter::current(&held(rows), today).map(|q| q.to_string())
    }

    #[test]
    fn the_current_quarter() {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let row = |code: &str, deadline: &str, state: &str| {
            quarters::QuarterRow::new(
                code.parse().unwrap(),
                d(deadline),
                crate::domain::quarter::QuarterState::parse("state", state).unwrap(),
            )
        };
        let rows = vec![
            row("2022Q4", "2022-12-16", "open"),
            row("2022Q3", "2022-09-23", "open"),
            row("2022Q2", "2022-06-17", "closed"),
        ];
        assert_eq!(
            current_of(&rows, d("2022-09-01")).as_deref(),
            Some("2022Q3")
        );
        assert_eq!(
            current_of(&rows, d("2022-10-01")).as_deref(),
            Some("2022Q4")
        );
        assert_eq!(
            current_of(&rows, d("2026-11-23")).as_deref(),
            Some("2022Q3")
        );
        let closed = vec![row("2022Q2", "2022-06-17", "closed")];
        assert_eq!(
            current_of(&closed, d("2026-11-23")).as_deref(),
            Some("2022Q2")
        );
    }
}
