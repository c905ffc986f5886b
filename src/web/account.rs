//! Mine API-nøgler and Skift adgangskode: what every signed-in person looks
//! after for themselves, whatever their role, through `app::tokens` and
//! `app::accounts` as the API does.

use super::context::PageError;
use super::filters;
use super::messages::{for_form, THROTTLED, WRONG_PASSWORD};
use super::session::{acting_of, csrf_ok, csrf_token, html, redirect, session_account};
use crate::app::accounts::{self, NewPassword};
use crate::app::tokens::{self, TokenView};
use crate::auth::throttle::{own_password_attempt, settle};
use crate::db::access::Account;
use crate::db::Db;
use crate::domain::Problem;
use crate::error::AppError;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

/// The signed-in account and the CSRF token of its forms.
async fn signed_in(req: &HttpRequest, db: &Db) -> Result<(Account, String), PageError> {
    let account = session_account(req, db).await?.ok_or(PageError::SignIn)?;
    Ok((account, csrf_token(req).0))
}

fn require_csrf(req: &HttpRequest, submitted: &str) -> Result<(), PageError> {
    if csrf_ok(req, submitted) {
        Ok(())
    } else {
        Err(AppError::Forbidden("the form had expired; reload the page".into()).into())
    }
}

#[derive(Template)]
#[template(path = "my_tokens.html")]
struct TokensPage {
    name: String,
    csrf: String,
    tokens: Vec<TokenView>,
}

/// Mine API-nøgler: the person's own keys (never the secrets), a form for a
/// new one and a button to revoke each.
pub async fn tokens_page(req: HttpRequest, db: web::Data<Db>) -> Result<HttpResponse, PageError> {
    let (account, csrf) = signed_in(&req, &db).await?;
    let who = acting_of(&req, &account);
    let tokens = db.run(move |c| tokens::list(c, &who, false)).await?;
    let page = TokensPage {
        name: account.name,
        csrf,
        tokens,
    };
    Ok(html(StatusCode::OK, page.render())?)
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

/// Revoke one of one's own keys; back to the list.
pub async fn revoke(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
    form: web::Form<CsrfOnly>,
) -> Result<HttpResponse, PageError> {
    let (account, _) = signed_in(&req, &db).await?;
    require_csrf(&req, &form.csrf)?;
    let (who, id) = (acting_of(&req, &account), id.into_inner());
    db.run(move |c| tokens::revoke(c, &who, id)).await?;
    Ok(redirect("/mine-api-noegler"))
}

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    name: String,
    csrf: String,
    errors: Vec<(String, String)>,
}

impl PasswordPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }
}

pub async fn password_form(req: HttpRequest, db: web::Data<Db>) -> Result<HttpResponse, PageError> {
    let (account, csrf) = signed_in(&req, &db).await?;
    let page = PasswordPage {
        name: account.name,
        csrf,
        errors: vec![],
    };
    Ok(html(StatusCode::OK, page.render())?)
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    nuvaerende: String,
    #[serde(default)]
    ny: String,
    #[serde(default)]
    gentag: String,
}

/// Skift adgangskode: the present password (throttled like a sign-in) and
/// the new one twice. Every session ends with the old password, this one too.
pub async fn change_password(
    req: HttpRequest,
    db: web::Data<Db>,
    form: web::Form<PasswordForm>,
) -> Result<HttpResponse, PageError> {
    let (account, csrf) = signed_in(&req, &db).await?;
    require_csrf(&req, &form.csrf)?;
    let form = form.into_inner();
    match changed(&req, &db, &account, form).await? {
        Ok(()) => Ok(redirect("/log-ind")),
        Err(errors) => {
            let page = PasswordPage {
                name: account.name,
                csrf,
                errors,
            };
            Ok(html(StatusCode::UNPROCESSABLE_ENTITY, page.render())?)
        }
    }
}

/// The change through `app::accounts::set_password`: done, or the problems.
async fn changed(
    req: &HttpRequest,
    db: &Db,
    account: &Account,
    form: PasswordForm,
) -> Result<Result<(), Vec<(String, String)>>, PageError> {
    if form.ny != form.gentag {
        let text = super::messages::danish("gentag", Problem::PasswordMismatch);
        return Ok(Err(vec![("gentag".into(), text)]));
    }
    let who = acting_of(req, account);
    let change = NewPassword {
        person: account.person_id,
        password: form.ny,
        current_password: Some(form.nuvaerende),
    };
    let outcome: Result<(), AppError> = async {
        change.check(&who)?;
        let attempt = own_password_attempt(db, &account.email).await?;
        let result = accounts::set_password(db, who, change).await;
        settle(Some(attempt), result).await
    }
    .await;
    match outcome {
        Ok(()) => Ok(Ok(())),
        Err(e) => form_errors(e).map(Err),
    }
}

/// The problems at the form's fields: the API's field names are the form's.
fn form_errors(e: AppError) -> Result<Vec<(String, String)>, PageError> {
    fn field(f: &str) -> &str {
        match f {
            "password" => "ny",
            "current_password" => "nuvaerende",
            other => other,
        }
    }
    match &e {
        // A wrong present password (403) and too many of them (429).
        AppError::Forbidden(_) => Ok(vec![("nuvaerende".into(), WRONG_PASSWORD.into())]),
        AppError::TooManyRequests(_) => Ok(vec![("nuvaerende".into(), THROTTLED.into())]),
        _ => match for_form(&e) {
            Some((f, text)) => Ok(vec![(field(&f).to_string(), text)]),
            None => Err(e.into()),
        },
    }
}
