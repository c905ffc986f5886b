//! The page a one-time password link opens: the person chooses their own
//! password without being signed in, once, through `app::password_links`.

use super::context::PageError;
use super::messages::{danish, for_form};
use super::session::{cookie, csrf_ok, csrf_token, html, CSRF_COOKIE};
use crate::app::password_links;
use crate::auth::address;
use crate::db::Db;
use crate::domain::Problem;
use crate::error::AppError;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "password_link.html")]
struct LinkPage {
    csrf: String,
    /// Whom the link is for; `None` when it no longer works.
    name: Option<String>,
    email: String,
    errors: Vec<(String, String)>,
    done: bool,
}

impl LinkPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    fn spent() -> Self {
        Self {
            csrf: String::new(),
            name: None,
            email: String::new(),
            errors: vec![(String::new(), danish("link", Problem::LinkSpent))],
            done: false,
        }
    }
}

/// The page with a CSRF cookie for the form when the browser has none yet.
fn answer(
    req: &HttpRequest,
    status: StatusCode,
    mut page: LinkPage,
) -> Result<HttpResponse, PageError> {
    let (csrf, fresh) = csrf_token(req);
    page.csrf = csrf.clone();
    let mut response = html(status, page.render())?;
    if fresh {
        response
            .add_cookie(&cookie(req, CSRF_COOKIE, csrf))
            .map_err(|e| AppError::Internal(e.to_string()))?;
    }
    Ok(response)
}

/// The form, or why the link no longer works (410).
pub async fn form(
    req: HttpRequest,
    db: web::Data<Db>,
    token: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let token = token.into_inner();
    let holder = db.run(move |c| password_links::holder(c, &token)).await?;
    let Some(account) = holder else {
        return answer(&req, StatusCode::GONE, LinkPage::spent());
    };
    let page = LinkPage {
        csrf: String::new(),
        name: Some(account.name),
        email: account.email,
        errors: vec![],
        done: false,
    };
    answer(&req, StatusCode::OK, page)
}

#[derive(Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    ny: String,
    #[serde(default)]
    gentag: String,
}

/// Set the password; the page then says so and links to the sign-in.
pub async fn submit(
    req: HttpRequest,
    db: web::Data<Db>,
    token: web::Path<String>,
    form: web::Form<LinkForm>,
) -> Result<HttpResponse, PageError> {
    let (token, form) = (token.into_inner(), form.into_inner());
    if !csrf_ok(&req, &form.csrf) {
        return Err(AppError::Forbidden("the form had expired; reload the page".into()).into());
    }
    let probe = token.clone();
    let Some(account) = db.run(move |c| password_links::holder(c, &probe)).await? else {
        return answer(&req, StatusCode::GONE, LinkPage::spent());
    };
    let mut page = LinkPage {
        csrf: String::new(),
        name: Some(account.name),
        email: account.email,
        errors: vec![],
        done: false,
    };
    match redeemed(&req, &db, token, form).await? {
        Ok(()) => {
            page.done = true;
            answer(&req, StatusCode::OK, page)
        }
        Err(errors) => {
            let gone = errors.iter().any(|(f, _)| f.is_empty());
            page.errors = errors;
            let status = if gone {
                StatusCode::GONE
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            answer(&req, status, page)
        }
    }
}

/// The password through `app::password_links::redeem`: done, or the problems
/// at the form's fields (a spent link at none).
async fn redeemed(
    req: &HttpRequest,
    db: &Db,
    token: String,
    form: LinkForm,
) -> Result<Result<(), Vec<(String, String)>>, PageError> {
    if form.ny != form.gentag {
        let text = danish("gentag", Problem::PasswordMismatch);
        return Ok(Err(vec![("gentag".into(), text)]));
    }
    let from = address(req);
    let outcome = password_links::redeem(db, token, form.ny, from).await;
    match outcome {
        Ok(_) => Ok(Ok(())),
        Err(e) => match for_form(&e) {
            Some((field, text)) if field == "password" => Ok(Err(vec![("ny".into(), text)])),
            Some((_, text)) => Ok(Err(vec![(String::new(), text)])),
            None => Err(e.into()),
        },
    }
}
