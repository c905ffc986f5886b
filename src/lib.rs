//! The IT project portfolio service of Albertslund Kommune's IT-projektråd.
//!
//! `domain` holds the rules, `db` the storage, `import` the CSV path (also
//! used for the seed data), `api` the JSON API.

pub mod api;
pub mod app;
pub mod auth;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod export;
pub mod import;
pub mod mailer;
pub mod reporting;
pub mod request_body;
pub mod response_body;
pub mod routes;
pub mod secrets;
pub mod threads;
pub mod web;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::{middleware, web as aw, App};
use utoipa::OpenApi;
use utoipa_actix_web::{scope, AppExt, UtoipaApp};
use utoipa_swagger_ui::SwaggerUi;

/// Request bodies above this answer 413 before they are read whole.
pub const JSON_LIMIT: usize = 1024 * 1024;

fn documented() -> UtoipaApp<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .into_utoipa_app()
        .openapi(api::ApiDoc::openapi())
        .service(api::health::health)
        .service(scope("/api/v1").configure(api::configure))
}

/// The OpenAPI document, without starting anything.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut spec = documented().split_for_parts().1;
    // After the handlers' paths are merged in: the security modifier edits every operation.
    utoipa::Modify::modify(&api::Security, &mut spec);
    spec
}

/// On every response: no inline script, no framing, no MIME sniffing, no referrer leaks.
fn security_headers() -> middleware::DefaultHeaders {
    middleware::DefaultHeaders::new()
        .add((
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "same-origin"))
        .add(("X-Frame-Options", "DENY"))
}

/// The organisation this service is for, shown in the header, the report
/// and the workbook: `ORGANISATION`, read once at start-up. One process
/// serves one municipality.
static ORGANISATION: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// The organisation's name ("Albertslund Kommune" unless `ORGANISATION` says otherwise).
pub fn organisation() -> &'static str {
    ORGANISATION
        .get()
        .map(String::as_str)
        .unwrap_or("Albertslund Kommune")
}

/// Name the organisation; the first name given stands.
pub fn set_organisation(name: &str) {
    let _ = ORGANISATION.set(name.trim().to_string());
}

/// What all workers of one process share: the pool and the caches and
/// counters that must see every request, whichever worker takes it.
#[derive(Clone)]
pub struct Shared {
    pub db: db::Db,
    reports: aw::Data<reporting::ReportCache>,
    tokens: aw::Data<auth::token_cache::TokenCache>,
    responses: aw::Data<api::cache::ResponseCache>,
    proxy: aw::Data<auth::TrustedProxy>,
    outgoing: aw::Data<mailer::Outgoing>,
    sign_in: aw::Data<auth::oidc::SignInOptions>,
}

impl Shared {
    /// How people sign in: the identity provider, passwords on or off.
    pub fn with_sign_in(mut self, options: auth::oidc::SignInOptions) -> Self {
        self.sign_in = aw::Data::new(options);
        self
    }

    /// Where mails link to, and the bell of the process's mail sender.
    pub fn with_outgoing(mut self, outgoing: mailer::Outgoing) -> Self {
        self.outgoing = aw::Data::new(outgoing);
        self
    }

    /// Believe `X-Forwarded-For` and `X-Forwarded-Proto` from this peer only.
    pub fn with_trusted_proxy(mut self, proxy: auth::TrustedProxy) -> Self {
        self.proxy = aw::Data::new(proxy);
        self
    }
}

impl From<db::Db> for Shared {
    fn from(db: db::Db) -> Self {
        Self {
            reports: aw::Data::new(reporting::ReportCache::new(db.changes())),
            tokens: aw::Data::new(auth::token_cache::TokenCache::new(db.changes())),
            responses: aw::Data::new(api::cache::ResponseCache::new(db.changes())),
            proxy: Default::default(),
            outgoing: Default::default(),
            sign_in: Default::default(),
            db,
        }
    }
}

/// One log line. actix-http reports a client's malformed request (a bad
/// header, a body cut short) as an ERROR "stream error"; it is the client's
/// fault, not ours, so it is written as a WARN and errors stay ours.
pub fn log_line(out: &mut env_logger::fmt::Formatter, record: &log::Record) -> std::io::Result<()> {
    use std::io::Write;
    let level = shown_level(record.level(), record.target());
    writeln!(
        out,
        "[{} {level:<5} {}] {}",
        out.timestamp_seconds(),
        record.target(),
        record.args()
    )
}

/// The level a log record is written at (see `log_line`).
pub fn shown_level(level: log::Level, target: &str) -> log::Level {
    match level {
        log::Level::Error if target.starts_with("actix_http::") => log::Level::Warn,
        level => level,
    }
}

/// The whole service as an actix `App`, for the server and for in-process tests.
pub fn app(
    shared: impl Into<Shared>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let (app, mut spec) = documented().split_for_parts();
    utoipa::Modify::modify(&api::Security, &mut spec);
    let known = routes::KnownPaths::from_spec(&spec);
    let shared = shared.into();
    app.app_data(aw::Data::new(shared.db))
        .app_data(aw::Data::new(known))
        .app_data(aw::PayloadConfig::new(JSON_LIMIT))
        .app_data(api::extract::path_config())
        .app_data(api::extract::query_config())
        .app_data(shared.reports)
        .app_data(shared.tokens)
        .app_data(shared.responses)
        .app_data(shared.proxy)
        .app_data(shared.outgoing)
        .app_data(shared.sign_in)
        .configure(crate::web::configure)
        .route("/static/rapport.css", aw::get().to(routes::report_css))
        .service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", spec))
        .default_service(aw::to(routes::fallback))
        .wrap(middleware::from_fn(response_body::in_slices))
        .wrap(middleware::from_fn(request_body::whole_body))
        .wrap(middleware::from_fn(web::session::refuse_foreign_origin))
        .wrap(security_headers())
        .wrap(middleware::Logger::new("%a \"%r\" %s %b %Dms"))
}
