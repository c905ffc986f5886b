//! The server-rendered pages in Danish, for project managers, the council and
//! Chefforum. They work without JavaScript and load nothing from elsewhere.

mod administration;
mod chart;
mod context;
mod dashboard;
mod filters;
mod messages;
mod portfolio;
mod project;
mod project_form;
mod report;
pub mod session;
mod status_form;
mod trail;

pub use context::{not_found_page, Cell};

use actix_web::web;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.app_data(web::FormConfig::default().limit(16 * 1024))
        .route("/", web::get().to(dashboard::page))
        .route("/log-ind", web::get().to(session::sign_in_form))
        .route("/log-ind", web::post().to(session::sign_in))
        .route("/log-ud", web::post().to(session::sign_out))
        .route("/log-ud", web::route().to(session::post_only))
        .route("/api-noegler", web::post().to(session::create_token))
        .route("/api-noegler", web::route().to(session::post_only))
        .route("/mine-data", web::get().to(session::my_data))
        .route("/portefoelje", web::get().to(portfolio::page))
        .route("/projekter/ny", web::get().to(project_form::new_form))
        .route("/projekter/ny", web::post().to(project_form::create))
        .route("/projekter/{id}", web::get().to(project::page))
        .route(
            "/projekter/{id}/ret",
            web::get().to(project_form::edit_form),
        )
        .route("/projekter/{id}/ret", web::post().to(project_form::update))
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
        )
        // The download first: "{kvartal}" would also match "2022Q1.xlsx".
        .route(
            "/kvartalsrapport/{kvartal}.xlsx",
            web::get().to(report::xlsx),
        )
        .route("/kvartalsrapport/{kvartal}", web::get().to(report::page))
        .route(
            "/kvartalsrapport/{kvartal}/{tabel}.csv",
            web::get().to(report::csv),
        )
        .route("/manglende/{kvartal}", web::get().to(report::missing))
        .configure(administration::configure)
        .route("/tilgaengelighed", web::get().to(session::accessibility))
        .route("/static/site.css", web::get().to(session::site_css));
}
