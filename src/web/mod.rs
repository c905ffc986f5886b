//! The server-rendered pages in Danish, for project managers, the council and
//! Chefforum. They work without JavaScript and load nothing from elsewhere.

mod account;
mod administration;
mod ahead;
mod assessment;
mod baseline;
mod benefits;
mod chart;
mod chefforum;
mod context;
mod dashboard;
mod decision;
mod economy;
mod filters;
mod form;
mod getting_started;
mod history;
mod import;
mod messages;
mod milestones;
mod oidc;
mod password_link;
mod portfolio;
mod priorities;
mod project;
mod project_closure;
mod project_end;
mod project_form;
mod proposal_form;
mod proposals;
mod quarters;
mod registers;
mod reminders;
mod report;
pub mod session;
mod status_form;
mod trail;

pub use context::{not_found_page, Cell};

use actix_web::web;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.app_data(web::FormConfig::default().limit(16 * 1024))
        .configure(administration::configure);
    account(cfg);
    projects(cfg);
    reports(cfg);
    administration_routes(cfg);
    process(cfg);
}

/// The council's process: proposals, review, Chefforum's list, priorities,
/// the registers of decisions and systems.
fn process(cfg: &mut web::ServiceConfig) {
    cfg.route("/forslag", web::get().to(proposals::list))
        .route("/forslag/nyt", web::get().to(proposal_form::new_form))
        .route("/forslag/nyt", web::post().to(proposal_form::create))
        .route("/forslag/{id}", web::get().to(proposals::page))
        .route("/forslag/{id}/ret", web::get().to(proposal_form::edit_form))
        .route("/forslag/{id}/ret", web::post().to(proposal_form::update))
        .route(
            "/forslag/{id}/vurdering/{omraade}",
            web::post().to(proposals::review),
        )
        .route("/forslag/{id}/overlap", web::post().to(proposals::overlap))
        .route(
            "/forslag/{id}/beslutning",
            web::post().to(proposals::decide),
        )
        .route("/chefforum", web::get().to(chefforum::page))
        .route(
            "/chefforum/{id}/beslutning",
            web::post().to(chefforum::decide),
        )
        .route("/prioritering", web::get().to(priorities::page))
        .route(
            "/prioritering/kriterier",
            web::post().to(priorities::set_criteria),
        )
        .route("/prioritering/{id}", web::post().to(priorities::score))
        .route("/beslutninger", web::get().to(registers::decisions))
        .route("/systemer", web::get().to(registers::systems))
        .route("/systemer", web::post().to(registers::add_system))
        .route("/systemer/{id}", web::post().to(registers::change_system))
        .route(
            "/projekter/{id}/luk",
            web::get().to(project_closure::form_page),
        )
        .route(
            "/projekter/{id}/luk",
            web::post().to(project_closure::submit),
        )
        .route(
            "/projekter/{id}/start",
            web::post().to(project_closure::start),
        );
}

/// Signing in and out, the front page, and what each person keeps for themselves.
fn account(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(dashboard::page))
        .route("/log-ind", web::get().to(session::sign_in_form))
        .route("/log-ind", web::post().to(session::sign_in))
        .route("/log-ind/oidc", web::get().to(oidc::start))
        .route("/log-ind/oidc/callback", web::get().to(oidc::callback))
        .route("/log-ud", web::post().to(session::sign_out))
        .route("/log-ud", web::route().to(session::post_only))
        .route("/api-noegler", web::post().to(session::create_token))
        .route("/api-noegler", web::route().to(session::post_only))
        .route("/mine-data", web::get().to(session::my_data))
        .route("/adgangskode/{token}", web::get().to(password_link::form))
        .route(
            "/adgangskode/{token}",
            web::post().to(password_link::submit),
        )
        .route("/administration/historik", web::get().to(history::page))
        .route("/import", web::get().to(import::form))
        .route("/import", web::post().to(import::upload))
        .route("/mine-api-noegler", web::get().to(account::tokens_page))
        .route(
            "/mine-api-noegler/{id}/tilbagekald",
            web::post().to(account::revoke),
        )
        .route("/skift-adgangskode", web::get().to(account::password_form))
        .route(
            "/skift-adgangskode",
            web::post().to(account::change_password),
        )
        .route("/tilgaengelighed", web::get().to(session::accessibility))
        .route("/static/site.css", web::get().to(session::site_css));
}

/// The portfolio, a project, its forms and its status.
fn projects(cfg: &mut web::ServiceConfig) {
    cfg.route("/portefoelje", web::get().to(portfolio::page))
        .route("/projekter/ny", web::get().to(project_form::new_form))
        .route("/projekter/ny", web::post().to(project_form::create))
        .route("/projekter/{id}", web::get().to(project::page))
        .route(
            "/projekter/{id}/ret",
            web::get().to(project_form::edit_form),
        )
        .route("/projekter/{id}/ret", web::post().to(project_form::update))
        .route(
            "/projekter/{id}/afslut",
            web::get().to(project_end::complete_form),
        )
        .route(
            "/projekter/{id}/afslut",
            web::post().to(project_end::complete),
        )
        .route(
            "/projekter/{id}/udgaaet",
            web::get().to(project_end::cancel_form),
        )
        .route(
            "/projekter/{id}/udgaaet",
            web::post().to(project_end::cancel),
        )
        .route(
            "/projekter/{id}/slet",
            web::get().to(project_end::delete_form),
        )
        .route("/projekter/{id}/slet", web::post().to(project_end::delete))
        .route("/projekter/{id}/milepaele", web::get().to(milestones::page))
        .route("/projekter/{id}/milepaele", web::post().to(milestones::add))
        .route(
            "/projekter/{id}/milepaele/{milestone}",
            web::post().to(milestones::change),
        )
        .route(
            "/projekter/{id}/vurdering/{kvartal}",
            web::get().to(assessment::page),
        )
        .route(
            "/projekter/{id}/vurdering/{kvartal}",
            web::post().to(assessment::submit),
        )
        .route("/projekter/{id}/gevinster", web::get().to(benefits::page))
        .route(
            "/projekter/{id}/gevinster",
            web::post().to(benefits::submit),
        )
        .route("/projekter/{id}/baseline", web::get().to(baseline::page))
        .route("/projekter/{id}/baseline", web::post().to(baseline::submit))
        .route(
            "/projekter/{id}/status/{kvartal}",
            web::get().to(status_form::form),
        )
        .route(
            "/projekter/{id}/status/{kvartal}",
            web::post().to(status_form::submit),
        )
        .route(
            "/projekter/{id}/status/{kvartal}/kvittering",
            web::get().to(status_form::receipt),
        );
}

/// The quarter's report, its files, its printable page, Chefforum's decision.
fn reports(cfg: &mut web::ServiceConfig) {
    // The download first: "{kvartal}" would also match "2022Q1.xlsx".
    cfg.route(
        "/kvartalsrapport/{kvartal}.xlsx",
        web::get().to(report::xlsx),
    )
    .route("/kvartalsrapport/{kvartal}", web::get().to(report::page))
    .route(
        "/kvartalsrapport/{kvartal}/udskrift",
        web::get().to(report::printable),
    )
    .route(
        "/kvartalsrapport/{kvartal}/beslutning",
        web::get().to(decision::form),
    )
    .route(
        "/kvartalsrapport/{kvartal}/beslutning",
        web::post().to(decision::submit),
    )
    .route(
        "/kvartalsrapport/{kvartal}/{tabel}.csv",
        web::get().to(report::csv),
    )
    .route("/manglende/{kvartal}", web::get().to(report::missing))
    .route("/oekonomi/{kvartal}", web::get().to(economy::page))
    .route("/fremadrettet/{kvartal}", web::get().to(ahead::page));
}

/// Quarters, for the council.
fn administration_routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/administration/kvartaler", web::get().to(quarters::page))
        .route(
            "/administration/tolerancer",
            web::get().to(baseline::tolerances),
        )
        .route(
            "/administration/tolerancer",
            web::post().to(baseline::set_tolerances),
        )
        .route(
            "/administration/kvartaler/{kvartal}/paamindelser",
            web::get().to(reminders::page),
        )
        .route(
            "/administration/kvartaler/{kvartal}/paamindelser/plan",
            web::post().to(reminders::save_plan),
        )
        .route(
            "/administration/kvartaler/{kvartal}/paamindelser/send",
            web::post().to(reminders::send_now),
        )
        .route(
            "/administration/kvartaler",
            web::post().to(quarters::create),
        )
        .route(
            "/administration/kvartaler/{kvartal}/frist",
            web::post().to(quarters::deadline),
        )
        .route(
            "/administration/kvartaler/{kvartal}/aabn",
            web::post().to(quarters::open),
        )
        .route(
            "/administration/kvartaler/{kvartal}/luk",
            web::get().to(quarters::confirm_close),
        )
        .route(
            "/administration/kvartaler/{kvartal}/luk",
            web::post().to(quarters::close),
        );
}
