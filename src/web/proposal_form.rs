//! Nyt forslag / ret forslag: a department's proposal with its project
//! foundation, on the project form's fields; through `app::proposals`, every
//! problem shown at its field in Danish.

use super::context::{Ctx, PageError};
use super::project_form::{
    as_errors, as_form_errors, choices, fields, require_csrf, FieldList, FormPage, Reader,
};
use super::session::redirect;
use crate::app::proposals::{self as use_case, Proposal};
use crate::db::{people, Db};
use crate::domain::economy::EconomyPlan;
use crate::domain::process::{RequiredBy, SystemLine};
use crate::domain::project::{Kind, Lifecycle, ProjectInput};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use std::collections::HashMap;

const FIELDS: [(&str, &str, &str); 16] = [
    ("name", "Projektnavn", "text"),
    ("department_id", "Afdeling", "select"),
    (
        "kind",
        "Type: strategisk (Chefforum beslutter) eller operationel (IT-projektrådet beslutter)",
        "select",
    ),
    (
        "required_by",
        "Kræves projektet af lovgivning eller et fælleskommunalt program?",
        "select",
    ),
    ("focus_area_id", "Indsatsområde", "select"),
    ("purpose", "Formål: hvad skal projektet løse?", "textarea"),
    ("description", "Beskrivelse", "textarea"),
    ("expected_benefits", "Forventede gevinster", "textarea"),
    ("budget", "Engangsudgifter i hele kroner", "text"),
    (
        "operating_cost",
        "Afledte driftsudgifter pr. år i hele kroner",
        "text",
    ),
    (
        "benefit_yearly",
        "Business case: forventet årlig bruttogevinst i hele kroner",
        "text",
    ),
    (
        "benefit_from",
        "Første år med gevinst (åååå; tom: første driftsår)",
        "text",
    ),
    ("start_date", "Forventet start", "date"),
    ("planned_end", "Planlagt slut", "date"),
    ("manager_id", "Projektleder, hvis kendt", "select"),
    (
        "systems",
        "Systemer eller produkter, der skal købes eller bygges: ét pr. linje som «navn: funktion, funktion», fx «KMD OPUS Vagtplan: vagtplanlægning, tidsregistrering»",
        "textarea",
    ),
];

const LEAD: &str = "Forslaget går til IT-projektrådet, der gennemgår det for IT-sikkerhed, IT-arkitektur, kontrakt, GDPR og økonomi og tjekker, om andre afdelinger allerede har systemer med samme funktioner. Du kan rette forslaget, indtil gennemgangen begynder.";

/// The form's strings as a proposal, or the problems in Danish.
fn parse(form: &HashMap<String, String>) -> Result<Proposal, Vec<(String, String)>> {
    let mut r = Reader {
        form,
        errors: vec![],
    };
    let project = ProjectInput {
        name: r.text("name"),
        description: r.raw("description"),
        case_number: None,
        department_id: r.id("department_id", true).unwrap_or_default(),
        manager_id: r.id("manager_id", false),
        owner_id: None,
        phase_id: 0,
        kind: Kind::parse("kind", &r.text("kind")).unwrap_or(Kind::Operational),
        must_do: false,
        focus_area_id: r.id("focus_area_id", false),
        parent_id: None,
        start_date: r.date("start_date"),
        planned_end: r.date("planned_end"),
        budget: r.kroner("budget"),
        spent: 0,
        operating_cost: r.kroner("operating_cost"),
        expected_benefits: r.raw("expected_benefits"),
        state: Lifecycle::Proposed,
        cancel_reason: None,
        ended_on: None,
        economy: EconomyPlan {
            benefit_yearly: r.kroner("benefit_yearly"),
            benefit_from: r.year("benefit_from"),
            ..EconomyPlan::default()
        },
    };
    let proposal = Proposal {
        project,
        phase_id: None,
        purpose: r.raw("purpose"),
        required_by: RequiredBy::parse("required_by", &r.text("required_by"))
            .unwrap_or(RequiredBy::None),
        systems: SystemLine::from_lines(&r.raw("systems")),
    };
    let mut errors = r.errors;
    errors.extend(as_errors(use_case::problems(&proposal)));
    match errors.is_empty() {
        true => Ok(proposal),
        false => Err(errors),
    }
}

/// What the form shows.
struct Shown {
    id: Option<i32>,
    values: HashMap<&'static str, String>,
    errors: Vec<(String, String)>,
    version: i32,
}

async fn show(
    req: &HttpRequest,
    ctx: &Ctx,
    db: &Db,
    shown: Shown,
) -> Result<HttpResponse, PageError> {
    let Shown {
        id,
        values,
        errors,
        version,
    } = shown;
    let choices = db.run(move |c| choices(c, id)).await?;
    let name = values.get("name").cloned().unwrap_or_default();
    let page = FormPage {
        nav: &ctx.nav,
        heading: match id {
            None => "Nyt forslag".into(),
            Some(_) => format!("Ret forslag: {name}"),
        },
        lead: LEAD,
        action: id
            .map(|i| format!("/forslag/{i}/ret"))
            .unwrap_or_else(|| "/forslag/nyt".into()),
        version,
        fields: fields(&FIELDS as &FieldList, &values, &choices, &errors, None),
        errors,
        submit: if id.is_some() {
            "Gem forslaget"
        } else {
            "Send forslaget"
        },
        not_saved: "Forslaget blev ikke gemt",
    };
    let status = match page.errors.is_empty() {
        true => StatusCode::OK,
        false => StatusCode::UNPROCESSABLE_ENTITY,
    };
    ctx.render(req, status, page)
}

pub async fn new_form(req: HttpRequest, db: web::Data<Db>) -> Result<HttpResponse, PageError> {
    let ctx = Ctx::load(&req, &db, None, "forslag-side").await?;
    let me = ctx.account.person_id;
    let department = db.run(move |c| people::get(c, me)).await?.department_id;
    let values = HashMap::from([
        (
            "department_id",
            department.map(|d| d.to_string()).unwrap_or_default(),
        ),
        ("kind", "operational".to_string()),
        ("required_by", "none".to_string()),
        ("budget", "0".into()),
        ("operating_cost", "0".into()),
        ("benefit_yearly", "0".into()),
    ]);
    let shown = Shown {
        id: None,
        values,
        errors: vec![],
        version: 0,
    };
    show(&req, &ctx, &db, shown).await
}

fn kept(form: &HashMap<String, String>) -> HashMap<&'static str, String> {
    FIELDS
        .iter()
        .map(|(k, _, _)| (*k, form.get(*k).cloned().unwrap_or_default()))
        .collect()
}

pub async fn create(
    req: HttpRequest,
    db: web::Data<Db>,
    form: web::Form<HashMap<String, String>>,
) -> Result<HttpResponse, PageError> {
    let ctx = Ctx::load(&req, &db, None, "forslag-side").await?;
    require_csrf(&req, &form)?;
    let errors = match parse(&form) {
        Ok(proposal) => {
            let who = ctx.acting();
            match db.run(move |c| use_case::propose(c, &who, proposal)).await {
                Ok(made) => return Ok(redirect(&format!("/forslag/{}", made.project.project.id))),
                Err(e) => as_form_errors(e)?,
            }
        }
        Err(errors) => errors,
    };
    let shown = Shown {
        id: None,
        values: kept(&form),
        errors,
        version: 0,
    };
    show(&req, &ctx, &db, shown).await
}

/// The stored proposal as the form's strings.
fn values_of(
    v: &use_case::ProposalView,
    stored: &super::project_form::Stored,
) -> HashMap<&'static str, String> {
    let mut values = super::project_form::values_of(stored);
    values.insert("purpose", v.purpose.clone());
    values.insert(
        "required_by",
        RequiredBy::from(v.required_by).as_str().to_string(),
    );
    let lines: Vec<String> = v
        .systems
        .iter()
        .cloned()
        .map(|s| SystemLine::from(s).to_line())
        .collect();
    values.insert("systems", lines.join("\n"));
    values
}

pub async fn edit_form(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let ctx = Ctx::load(&req, &db, None, "forslag-side").await?;
    let id = id.into_inner();
    let (view, stored) = db
        .run(move |c| {
            Ok::<_, crate::error::AppError>((
                use_case::view(c, id)?,
                super::project_form::load(c, id)?,
            ))
        })
        .await?;
    let shown = Shown {
        id: Some(id),
        values: values_of(&view, &stored),
        errors: vec![],
        version: stored.0.version,
    };
    show(&req, &ctx, &db, shown).await
}

pub async fn update(
    req: HttpRequest,
    db: web::Data<Db>,
    id: web::Path<i32>,
    form: web::Form<HashMap<String, String>>,
) -> Result<HttpResponse, PageError> {
    let ctx = Ctx::load(&req, &db, None, "forslag-side").await?;
    require_csrf(&req, &form)?;
    let id = id.into_inner();
    let version: i32 = form
        .get("version")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let errors = match parse(&form) {
        Ok(proposal) => {
            let who = ctx.acting();
            match db
                .run(move |c| use_case::edit(c, &who, id, proposal, version))
                .await
            {
                Ok(_) => return Ok(redirect(&format!("/forslag/{id}"))),
                Err(e) => as_form_errors(e)?,
            }
        }
        Err(errors) => errors,
    };
    let shown = Shown {
        id: Some(id),
        values: kept(&form),
        errors,
        version,
    };
    show(&req, &ctx, &db, shown).await
}
