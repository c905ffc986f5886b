//! Sign-in through the municipality's identity provider: off to the
//! provider with a state, a nonce and a PKCE challenge kept in a cookie; back
//! at the callback, the state checked, the code exchanged and the ID token
//! verified (`auth::oidc`), then the person found through `app::sessions`.
//! Anything wrong in the answer gets a Danish page, never a 500.

use super::context::PageError;
use super::session::{cookie, html, options, signed_in};
use crate::app::sessions::{self, ProviderSignIn};
use crate::auth::oidc::Pending;
use crate::auth::{address, secrets};
use crate::db::Db;
use crate::error::AppError;
use actix_web::cookie::{time::Duration as CookieAge, Cookie};
use actix_web::http::header::LOCATION;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

const PENDING_COOKIE: &str = "portefolje_oidc";

#[derive(Template)]
#[template(path = "provider_refused.html")]
struct Refused<'a> {
    title: &'a str,
    message: String,
    /// Whom to ask (the administrators), for someone not known here.
    ask: Vec<(String, String)>,
}

fn refused(status: StatusCode, title: &str, message: String) -> Result<HttpResponse, PageError> {
    let page = Refused {
        title,
        message,
        ask: vec![],
    };
    Ok(html(status, page.render())?)
}

/// Off to the provider.
pub async fn start(req: HttpRequest) -> Result<HttpResponse, PageError> {
    let options = options(&req);
    if options.oidc.is_none() {
        return Err(AppError::NotFound("no identity provider is configured".into()).into());
    }
    let started = web::block(move || options.oidc.as_ref().map(|o| o.start()))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let Some(Ok((url, pending))) = started else {
        if let Some(Err(e)) = started {
            log::warn!("identity provider: {e}");
        }
        let message = "Kommunens login svarer ikke lige nu. Prøv igen om lidt.".to_string();
        return refused(StatusCode::SERVICE_UNAVAILABLE, "Log ind", message);
    };
    let mut kept = cookie(&req, PENDING_COOKIE, pending.encode());
    kept.set_path("/log-ind/oidc");
    kept.set_max_age(CookieAge::minutes(10));
    Ok(HttpResponse::SeeOther()
        .insert_header((LOCATION, url))
        .insert_header(("Cache-Control", "no-store"))
        .cookie(kept)
        .finish())
}

#[derive(Deserialize)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

const NOT_OURS: &str = "Svaret fra kommunens login passer ikke til et login, der er startet her. Det kan ske, hvis du har brugt tilbage-knappen eller ventet for længe. Prøv at logge ind igen.";

/// The pending sign-in this answer belongs to, if its state matches.
fn pending_of(req: &HttpRequest, state: Option<&str>) -> Option<Pending> {
    let kept = Pending::decode(req.cookie(PENDING_COOKIE)?.value())?;
    secrets::same(&kept.state, state?).then_some(kept)
}

/// Back from the provider.
pub async fn callback(
    req: HttpRequest,
    db: web::Data<Db>,
    query: web::Query<Callback>,
) -> Result<HttpResponse, PageError> {
    let options = options(&req);
    if options.oidc.is_none() {
        return Err(AppError::NotFound("no identity provider is configured".into()).into());
    }
    let Callback { code, state, error } = query.into_inner();
    if let Some(error) = error {
        let message = format!("Kommunens login afbrød login ({error}). Prøv igen.");
        return refused(StatusCode::BAD_REQUEST, "Du blev ikke logget ind", message);
    }
    let (Some(pending), Some(code)) = (pending_of(&req, state.as_deref()), code) else {
        return refused(
            StatusCode::BAD_REQUEST,
            "Du blev ikke logget ind",
            NOT_OURS.into(),
        );
    };
    let checked = web::block(move || options.oidc.as_ref().map(|o| o.finish(&code, &pending)))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let identity = match checked {
        Some(Ok(identity)) => identity,
        other => {
            if let Some(Err(e)) = other {
                log::warn!("identity provider answer refused: {e}");
            }
            let message =
                "Svaret fra kommunens login kunne ikke godkendes. Prøv at logge ind igen.";
            return refused(
                StatusCode::BAD_REQUEST,
                "Du blev ikke logget ind",
                message.into(),
            );
        }
    };
    signed_in_as(&req, &db, identity).await
}

/// The person the provider vouched for, signed in; or whom to ask.
async fn signed_in_as(
    req: &HttpRequest,
    db: &Db,
    identity: sessions::Identity,
) -> Result<HttpResponse, PageError> {
    let session = secrets::new_token("s_");
    let (hash, from, create) = (
        secrets::token_hash(&session),
        address(req),
        options(req).create_people,
    );
    let outcome = db
        .run(move |c| sessions::sign_in_with_provider(c, &identity, &hash, from, create))
        .await?;
    let mut response = match outcome {
        ProviderSignIn::SignedIn(_) => signed_in(req, session)?,
        ProviderSignIn::Unknown { email } => unknown(db, email).await?,
    };
    let mut gone = Cookie::new(PENDING_COOKIE, "");
    gone.set_path("/log-ind/oidc");
    response
        .add_removal_cookie(&gone)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(response)
}

/// "Du er ikke oprettet": and whom to ask.
async fn unknown(db: &Db, email: Option<String>) -> Result<HttpResponse, PageError> {
    let ask = db.run(sessions::administrators).await?;
    let who = email
        .map(|e| format!(" med e-mailen {e}"))
        .unwrap_or_default();
    let page = Refused {
        title: "Du er ikke oprettet i IT-projektporteføljen",
        message: format!(
            "Kommunens login kender dig, men IT-projektporteføljen har ingen person{who}. Bed en administrator om at oprette dig; så kan du logge ind med det samme."
        ),
        ask,
    };
    Ok(html(StatusCode::FORBIDDEN, page.render())?)
}
