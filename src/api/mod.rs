//! The JSON API under `/api/v1`, described by OpenAPI (utoipa).

pub mod departments;
pub mod extract;
pub mod health;
pub mod import;
pub mod people;
pub mod phases;
pub mod projects;
pub mod quarters;
pub mod reports;
pub mod status;
pub mod strategies;
pub mod types;

use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "IT-projektportefølje, Albertslund Kommune",
        description = "Projects, phases, owners, departments, strategy focus areas, programmes and quarterly status \
                       (ressourcer, leverancer, tid, økonomi) for IT-projektrådet and Chefforum. \
                       Every error answers `{\"error\": \"...\", \"field\": \"...\"}`.",
        version = "1.0.0"
    ),
    tags(
        (name = "health", description = "Is the service and its database up"),
        (name = "projects", description = "The portfolio"),
        (name = "status", description = "Quarterly status reports, one version per correction"),
        (name = "reports", description = "The quarterly Q-report for Chefforum, its exports, the trend, and the decision that freezes it"),
        (name = "import", description = "CSV upload of the council's spreadsheet: all or nothing, with a dry run"),
        (name = "quarters", description = "Reporting quarters and their deadlines"),
        (name = "departments", description = "Owning departments"),
        (name = "people", description = "Project managers, owners and members"),
        (name = "phases", description = "Project phases, ordered, kept as data"),
        (name = "strategies", description = "Strategies"),
        (name = "focus areas", description = "Focus areas (indsatsområder) of a strategy"),
    )
)]
pub struct ApiDoc;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.configure(projects::configure)
        .configure(status::configure)
        .configure(reports::configure)
        .configure(import::configure)
        .configure(quarters::configure)
        .configure(departments::configure)
        .configure(people::configure)
        .configure(phases::configure)
        .configure(strategies::configure);
}
