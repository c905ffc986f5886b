//! Sign-in, sign-out, the session cookie and CSRF tokens.

use super::messages::THROTTLED;
use crate::app::sessions::{self, SignIn};
use crate::app::tokens;
use crate::auth::oidc::SignInOptions;
use crate::auth::secrets;
use crate::auth::{address, SESSION_COOKIE};
use crate::db::access::{self, Account};
use crate::db::audit::Actor;
use crate::db::Db;
use crate::error::AppError;
use actix_web::cookie::{time::Duration as CookieAge, Cookie, SameSite};
use actix_web::http::header::LOCATION;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

pub const CSRF_COOKIE: &str = "portefolje_csrf";

pub(super) fn cookie<'a>(req: &HttpRequest, name: &'a str, value: String) -> Cookie<'a> {
    Cookie::build(name, value)
        .path("/")
        .http_only(true)
        .same_site(if name == CSRF_COOKIE {
            SameSite::Strict
        } else {
            SameSite::Lax
        })
        .secure(crate::auth::is_https(req))
        .finish()
}

/// The CSRF token of a signed-in browser, bound to its session: it is
/// derived from the HttpOnly session cookie, which no other page can read,
/// and changes with every sign-in.
fn session_csrf(session: &str) -> String {
    secrets::token_hash(&format!("csrf\u{0}{session}"))
}

/// The form's CSRF token, and whether it is new and must be set as a cookie.
/// Signed in: bound to the session. Before sign-in: the value of the CSRF
/// cookie, which a page from another site can neither read nor set
/// (double-submit cookie).
pub(super) fn csrf_token(req: &HttpRequest) -> (String, bool) {
    if let Some(session) = req.cookie(SESSION_COOKIE) {
        return (session_csrf(session.value()), false);
    }
    match req.cookie(CSRF_COOKIE) {
        Some(c) if c.value().len() >= 32 => (c.value().to_string(), false),
        _ => (secrets::new_token(""), true),
    }
}

pub(super) fn csrf_ok(req: &HttpRequest, submitted: &str) -> bool {
    if let Some(session) = req.cookie(SESSION_COOKIE) {
        return secrets::same(&session_csrf(session.value()), submitted);
    }
    req.cookie(CSRF_COOKIE)
        .is_some_and(|c| c.value().len() >= 32 && secrets::same(c.value(), submitted))
}

pub(super) fn html(
    status: StatusCode,
    page: Result<String, askama::Error>,
) -> Result<HttpResponse, AppError> {
    let body = page.map_err(|e| AppError::Internal(format!("template: {e}")))?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .body(body))
}

pub(super) fn redirect(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((LOCATION, to))
        .finish()
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage<'a> {
    csrf: &'a str,
    email: &'a str,
    error: Option<&'a str>,
    /// The password form is on (`PASSWORD_SIGN_IN`).
    password: bool,
    /// "Log ind med Hedeby Kommunes konto", when an identity provider is set.
    provider: Option<String>,
}

/// The button's words: "Log ind med Hedeby Kommunes konto".
pub(super) fn provider_button() -> String {
    let name = crate::organisation();
    let genitive = if name.ends_with(['s', 'x', 'z']) {
        format!("{name}'")
    } else {
        format!("{name}s")
    };
    format!("Log ind med {genitive} konto")
}

/// How people may sign in, as the service was started.
pub(super) fn options(req: &HttpRequest) -> web::Data<SignInOptions> {
    req.app_data::<web::Data<SignInOptions>>()
        .cloned()
        .unwrap_or_else(|| web::Data::new(SignInOptions::default()))
}

fn sign_in_page(
    req: &HttpRequest,
    status: StatusCode,
    email: &str,
    error: Option<&str>,
) -> Result<HttpResponse, AppError> {
    let (csrf, fresh) = csrf_token(req);
    let options = options(req);
    let mut response = html(
        status,
        SignInPage {
            csrf: &csrf,
            email,
            error,
            password: options.password,
            provider: options.oidc.as_ref().map(|_| provider_button()),
        }
        .render(),
    )?;
    if fresh {
        response
            .add_cookie(&cookie(req, CSRF_COOKIE, csrf))
            .map_err(|e| AppError::Internal(e.to_string()))?;
    }
    Ok(response)
}

pub async fn sign_in_form(req: HttpRequest) -> Result<HttpResponse, AppError> {
    sign_in_page(&req, StatusCode::OK, "", None)
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
}

const WRONG: &str = "E-mail eller adgangskode er forkert.";
const STALE_FORM: &str = "Formularen var udløbet. Prøv igen.";
const PASSWORD_OFF: &str = "Log ind med kommunens konto. Adgangskoder bruges ikke her.";

/// The attempt and the new session's token, which only its hash is stored as.
fn attempt(email: String, password: String, address: Option<String>) -> (SignIn, String) {
    let session = secrets::new_token("s_");
    let attempt = SignIn {
        email,
        password,
        session_hash: secrets::token_hash(&session),
        address,
    };
    (attempt, session)
}

/// Failures count per account and per address.
fn throttle_keys(attempt: &SignIn) -> Vec<String> {
    vec![
        format!("account:{}", attempt.email),
        format!("address:{}", attempt.address.clone().unwrap_or_default()),
    ]
}

/// Signed in: to the front page with the new session cookie.
pub(super) fn signed_in(req: &HttpRequest, session: String) -> Result<HttpResponse, AppError> {
    let mut response = redirect("/");
    response
        .add_cookie(&cookie(req, SESSION_COOKIE, session))
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(response)
}

/// The answer to a judged attempt, which the throttle counts.
async fn answer(
    req: &HttpRequest,
    counted: crate::auth::throttle::Attempt,
    verdict: Result<Option<Account>, AppError>,
    email: &str,
    session: String,
) -> Result<HttpResponse, AppError> {
    match verdict {
        Ok(Some(_)) => {
            counted.succeeded().await;
            signed_in(req, session)
        }
        Ok(None) => {
            counted.failed();
            sign_in_page(req, StatusCode::UNAUTHORIZED, email, Some(WRONG))
        }
        // The database failed before the password was judged: an outage
        // must not lock people out.
        Err(e) => {
            counted.not_verified().await;
            Err(e)
        }
    }
}

pub async fn sign_in(
    req: HttpRequest,
    db: web::Data<Db>,
    form: web::Form<SignInForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let email = form.email.trim().to_lowercase();
    if !options(&req).password {
        return sign_in_page(&req, StatusCode::FORBIDDEN, &email, Some(PASSWORD_OFF));
    }
    if !csrf_ok(&req, &form.csrf) {
        return sign_in_page(&req, StatusCode::FORBIDDEN, &email, Some(STALE_FORM));
    }
    let (attempt, session) = attempt(email.clone(), form.password, address(&req));
    // Counted before the password is verified: parallel attempts cannot
    // verify more than the throttle's limit between them.
    let Some(counted) = crate::auth::throttle::begin(&db, throttle_keys(&attempt)).await? else {
        return sign_in_page(&req, StatusCode::TOO_MANY_REQUESTS, &email, Some(THROTTLED));
    };
    let verdict = sessions::sign_in(&db, attempt).await;
    answer(&req, counted, verdict, &email, session).await
}

/// The signed-in account of a page request, if any.
pub async fn session_account(req: &HttpRequest, db: &Db) -> Result<Option<Account>, AppError> {
    let Some(cookie) = req.cookie(SESSION_COOKIE) else {
        return Ok(None);
    };
    let hash = secrets::token_hash(cookie.value());
    db.run(move |c| access::account_by_session(c, &hash)).await
}

/// Middleware: a form post whose `Origin` names another site (or `null`) is
/// refused before anything reads it. The API is left out: it takes bearer
/// tokens, which a browser never adds to another site's request.
pub async fn refuse_foreign_origin(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<
    actix_web::dev::ServiceResponse<actix_web::body::EitherBody<impl actix_web::body::MessageBody>>,
    actix_web::Error,
> {
    let writes = !matches!(
        *req.method(),
        actix_web::http::Method::GET
            | actix_web::http::Method::HEAD
            | actix_web::http::Method::OPTIONS
    );
    let origin = req
        .headers()
        .get(actix_web::http::header::ORIGIN)
        .map(|v| v.to_str().unwrap_or("null").to_ascii_lowercase());
    let foreign = writes
        && !req.path().starts_with("/api/")
        && origin.is_some_and(|o| !same_origin(&o, crate::auth::requested_host(req.request())));
    if foreign {
        log::warn!(
            "{} {}: refused a form post from another site",
            req.method(),
            req.path()
        );
        let response = HttpResponse::Forbidden()
            .content_type("text/plain; charset=utf-8")
            .body("Formularen kom fra en anden side og blev afvist. Åbn siden i portføljen, og prøv igen.");
        return Ok(req.into_response(response).map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
}

/// `https://host:port` against the requested host (`host:port`).
fn same_origin(origin: &str, host: Option<String>) -> bool {
    let Some(host) = host else { return false };
    origin
        .split_once("://")
        .is_some_and(|(_, rest)| rest.trim_end_matches('/') == host)
}

/// Sign-out and new keys change something: a link (GET) must not do them.
pub async fn post_only() -> HttpResponse {
    HttpResponse::MethodNotAllowed()
        .insert_header(("Allow", "POST"))
        .content_type("text/plain; charset=utf-8")
        .body("Brug knappen på siden (POST).")
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

pub async fn sign_out(
    req: HttpRequest,
    db: web::Data<Db>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, AppError> {
    if !csrf_ok(&req, &form.csrf) {
        return Err(expired_form());
    }
    if let Some(session) = req.cookie(SESSION_COOKIE) {
        let hash = secrets::token_hash(session.value());
        db.run(move |c| sessions::sign_out(c, &hash)).await?;
    }
    let mut response = redirect("/log-ind");
    let mut gone = cookie(&req, SESSION_COOKIE, String::new());
    gone.set_max_age(CookieAge::ZERO);
    response
        .add_cookie(&gone)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(response)
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
}

/// A signed-in person as the use cases take them.
pub(super) fn acting_of(req: &HttpRequest, account: &Account) -> crate::app::Acting {
    crate::app::Acting {
        actor: Actor {
            person_id: Some(account.person_id),
            label: account.email.clone(),
            address: address(req),
        },
        role: account.role,
    }
}

/// A form posted without its current CSRF token.
fn expired_form() -> AppError {
    AppError::Forbidden("the form had expired; reload the page".into())
}

#[derive(Template)]
#[template(path = "token.html")]
struct TokenPage<'a> {
    id: i32,
    name: &'a str,
    token: &'a str,
}

/// A signed-in person's first API token, shown once.
pub async fn create_token(
    req: HttpRequest,
    db: web::Data<Db>,
    form: web::Form<TokenForm>,
) -> Result<HttpResponse, AppError> {
    let Some(account) = session_account(&req, &db).await? else {
        return Ok(redirect("/log-ind"));
    };
    if !csrf_ok(&req, &form.csrf) {
        return Err(expired_form());
    }
    // The front page's quick form may leave the name out.
    let name = match form.name.trim() {
        "" => "API-nøgle".to_string(),
        typed => typed.to_string(),
    };
    let token = secrets::new_token(crate::auth::TOKEN_PREFIX);
    let (who, hash, person) = (
        acting_of(&req, &account),
        secrets::token_hash(&token),
        account.person_id,
    );
    let token_name = name.clone();
    let create =
        move |c: &mut crate::db::DbConnection| tokens::create(c, &who, person, &token_name, &hash);
    let row = db.run(create).await?;
    let page = TokenPage {
        id: row.id,
        name: &name,
        token: &token,
    };
    html(StatusCode::CREATED, page.render())
}

/// "Mine data": the signed-in person's own data as a JSON download.
pub async fn my_data(req: HttpRequest, db: web::Data<Db>) -> Result<HttpResponse, AppError> {
    let Some(account) = session_account(&req, &db).await? else {
        return Ok(redirect("/log-ind"));
    };
    let data = crate::app::my_data::export(&db, account.person_id).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .insert_header((
            "Content-Disposition",
            "attachment; filename=\"mine-data.json\"",
        ))
        .json(data))
}

#[derive(Template)]
#[template(path = "accessibility.html")]
struct Accessibility;

/// The accessibility statement, linked from every page and open to all.
pub async fn accessibility() -> Result<HttpResponse, AppError> {
    html(StatusCode::OK, Accessibility.render())
}

pub async fn site_css() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .body(include_str!("../../static/site.css"))
}
