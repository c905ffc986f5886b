//! A broken rule carries a stable code and its field: the API sends both
//! beside its English message, the pages show the Danish text for the code.

use crate::helpers::*;
use actix_web::http::{Method, StatusCode};
use actix_web::test;
use serde_json::json;

const COUNCIL: &str = "mette.kjaer@albertslund.dk";

/// The first department's and phase's ids.
async fn department_and_phase<S, B>(app: &S) -> (i64, i64)
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let (_, departments) = get(app, "/api/v1/departments").await;
    let (_, phases) = get(app, "/api/v1/phases").await;
    (
        departments[0]["id"].as_i64().unwrap(),
        phases[0]["id"].as_i64().unwrap(),
    )
}

#[actix_web::test]
async fn the_api_names_the_rule_and_the_field() {
    let t = TestDb::seeded();
    let app = test::init_service(portefolje::app(t.db().clone())).await;
    let id = project_id(&app, "Indeklima på skoler").await;
    let red = status_body(json!({"colour": "red"}));
    let path = format!("/api/v1/projects/{id}/status/2022Q3");
    let (status, body) = send(&app, Method::PUT, &path, Some(red)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        (body["code"].as_str(), body["field"].as_str()),
        (Some("red_needs_comment"), Some("tid.comment"))
    );
    assert!(body["error"].as_str().unwrap().contains("needs a comment"));

    let (department, phase) = department_and_phase(&app).await;
    let project = |name: &str, end: &str| {
        json!({"name": name, "department_id": department, "phase_id": phase, "kind": "operational",
               "start_date": "2023-06-01", "planned_end": end})
    };
    let (status, body) = send(
        &app,
        Method::POST,
        "/api/v1/projects",
        Some(project("Indeklima på skoler", "2024-01-01")),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(
        (body["code"].as_str(), body["field"].as_str()),
        (Some("duplicate_name"), Some("name"))
    );

    let (status, body) = send(
        &app,
        Method::POST,
        "/api/v1/projects",
        Some(project("Ny kantine-app", "2023-01-01")),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        (body["code"].as_str(), body["field"].as_str()),
        (Some("end_before_start"), Some("planned_end"))
    );

    let (status, body) = get(&app, "/api/v1/projects/999999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.get("code").is_none(), "only broken rules carry a code");
}

#[actix_web::test]
async fn pages_show_the_danish_text_of_the_code() {
    let t = TestDb::seeded();
    let app = test::init_service(portefolje::app(t.db().clone())).await;
    let mut jar = signed_in(&app, COUNCIL).await;
    let (_, _, form) = page(&app, &mut jar, Method::GET, "/projekter/ny", None).await;
    let csrf = hidden_csrf(&form);
    let (department, phase) = department_and_phase(&app).await;
    let (department, phase) = (department.to_string(), phase.to_string());
    let taken = [
        ("csrf", csrf.as_str()),
        ("name", "Indeklima på skoler"),
        ("department_id", department.as_str()),
        ("phase_id", phase.as_str()),
        ("kind", "operational"),
        ("state", "approved"),
        ("budget", "0"),
        ("spent", "0"),
        ("operating_cost", "0"),
    ];
    let (status, _, html) = page(&app, &mut jar, Method::POST, "/projekter/ny", Some(&taken)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("<a href=\"#name\">Der findes allerede et projekt med det navn.</a>"),
        "{html}"
    );
    assert!(!html.contains("already exists"), "no English on the page");

    let (status, _, html) = page(
        &app,
        &mut jar,
        Method::GET,
        "/portefoelje?kvartal=2022Q9",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("Skriv kvartalet som år og kvartal, fx 2022Q1."),
        "{html}"
    );
    assert!(!html.contains("is not a quarter"), "no English on the page");
}

#[actix_web::test]
async fn a_stale_edit_is_explained_above_the_form_not_under_a_field() {
    let t = TestDb::seeded();
    let app = test::init_service(portefolje::app(t.db().clone())).await;
    let id = project_id(&app, "Indeklima på skoler").await;
    let mut jar = signed_in(&app, COUNCIL).await;
    let path = format!("/projekter/{id}/ret");
    let (_, _, form) = page(&app, &mut jar, Method::GET, &path, None).await;
    let csrf = hidden_csrf(&form);
    let (_, project) = get(&app, &format!("/api/v1/projects/{id}")).await;
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let fields: Vec<(&str, String)> = vec![
        ("name", text(&project["name"])),
        ("department_id", text(&project["department"]["id"])),
        ("phase_id", text(&project["phase"]["id"])),
        ("kind", text(&project["kind"])),
        ("state", text(&project["state"])),
        ("budget", text(&project["budget"])),
        ("spent", text(&project["spent"])),
        ("operating_cost", text(&project["operating_cost"])),
    ];
    let mut stale: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    stale.extend([("csrf", csrf.as_str()), ("version", "0")]);
    let (status, _, html) = page(&app, &mut jar, Method::POST, &path, Some(&stale)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(
        html.contains("<li>Projektet er blevet ændret af en anden"),
        "above the form, not a link to a field: {html}"
    );
    assert!(
        !html.contains("id=\"name-fejl\""),
        "the name field has no error"
    );
}
