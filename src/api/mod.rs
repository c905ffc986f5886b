//! The JSON API under `/api/v1`, described by OpenAPI (utoipa).

pub mod access;
pub mod assessments;
pub mod baselines;
pub mod benefits;
pub mod cache;
pub mod council;
pub mod departments;
pub mod extract;
pub mod health;
pub mod import;
pub mod milestones;
pub mod people;
pub mod phases;
pub mod projects;
pub mod proposals;
pub mod quarters;
pub mod reminders;
pub mod reports;
pub mod status;
pub mod strategies;
pub use crate::app::types;

use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    components(schemas(types::StatusParameter, reports::ReportFormat, reports::ReportTable, reports::ReportBasis, projects::ProjectSort, types::ReviewArea, types::DecidingBody, types::DecisionType)),
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
        (name = "council", description = "The council's process: proposals, the review on IT-sikkerhed, IT-arkitektur, kontrakt, GDPR and økonomi, the duplicate check against the register of systems, priorities with law first, Chefforum's list and the register of decisions"),
        (name = "access", description = "API tokens, roles, passwords and the audit trail"),
    )
)]
pub struct ApiDoc;

/// Every operation but `/health` needs a bearer token: the scheme, the
/// requirement and the 401/403 answers are added here once, not per handler.
pub struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
        };
        use utoipa::openapi::{RefOr, ResponseBuilder};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An API token from POST /api/v1/tokens"))
                    .build(),
            ),
        );
        let error = |text: &str| {
            RefOr::T(
                ResponseBuilder::new()
                    .description(text)
                    .content(
                        "application/json",
                        utoipa::openapi::ContentBuilder::new()
                            .schema(Some(utoipa::openapi::Ref::from_schema_name("ErrorBody")))
                            .build(),
                    )
                    .build(),
            )
        };
        for (path, item) in openapi.paths.paths.iter_mut() {
            let open = path == "/health";
            for op in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ]
            .into_iter()
            .flatten()
            {
                if open {
                    op.security = Some(vec![SecurityRequirement::default()]);
                    continue;
                }
                op.security = Some(vec![SecurityRequirement::new::<_, _, &str>("bearer", [])]);
                op.responses
                    .responses
                    .insert("401".into(), error("No valid token"));
                op.responses.responses.insert(
                    "403".into(),
                    error("Your role, or your relation to the project, does not allow this"),
                );
            }
        }
    }
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.configure(projects::configure)
        .configure(status::configure)
        .configure(reports::configure)
        .configure(import::configure)
        .configure(quarters::configure)
        .configure(reminders::configure)
        .configure(baselines::configure)
        .configure(milestones::configure)
        .configure(assessments::configure)
        .configure(benefits::configure)
        .configure(proposals::configure)
        .configure(council::configure)
        .configure(departments::configure)
        .configure(people::configure)
        .configure(phases::configure)
        .configure(strategies::configure)
        .configure(access::configure);
}
