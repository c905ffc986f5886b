//! A broken rule carries a stable code and its field: the API sends both
//! beside its English message, the pages show the Danish text for the code.

use crate::harness::{Client, TestApp, COUNCIL};
use crate::helpers::*;
use actix_web::http::StatusCode;
use serde_json::{json, Value};

/// The first department's and phase's ids.
async fn department_and_phase(client: &Client<'_>) -> (i64, i64) {
    let (_, departments) = client.get("/api/v1/departments").await;
    let (_, phases) = client.get("/api/v1/phases").await;
    (
        departments[0]["id"].as_i64().unwrap(),
        phases[0]["id"].as_i64().unwrap(),
    )
}

#[actix_web::test]
async fn the_api_names_the_rule_and_the_field() {
    let app = TestApp::seeded().await;
    let council = app.as_council();
    let id = council.project_id("Indeklima på skoler").await;
    let red = status_body(json!({"colour": "red"}));
    let (status, body) = council.put_status(id, "2022Q3", red).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        (body["code"].as_str(), body["field"].as_str()),
        (Some("red_needs_comment"), Some("tid.comment"))
    );
    assert!(body["error"].as_str().unwrap().contains("needs a comment"));

    let (department, phase) = department_and_phase(&council).await;
    let project = |name: &str, end: &str| {
        json!({"name": name, "department_id": department, "phase_id": phase, "kind": "operational",
               "start_date": "2023-06-01", "planned_end": end})
    };
    let taken = project("Indeklima på skoler", "2024-01-01");
    let (status, body) = council.create_project(taken).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(
        (body["code"].as_str(), body["field"].as_str()),
        (Some("duplicate_name"), Some("name"))
    );

    let backwards = project("Ny kantine-app", "2023-01-01");
    let (status, body) = council.create_project(backwards).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        (body["code"].as_str(), body["field"].as_str()),
        (Some("end_before_start"), Some("planned_end"))
    );

    let (status, body) = council.project(999_999).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.get("code").is_none(), "only broken rules carry a code");
}

#[actix_web::test]
async fn pages_show_the_danish_text_of_the_code() {
    let app = TestApp::seeded().await;
    let (department, phase) = department_and_phase(&app.as_council()).await;
    let (department, phase) = (department.to_string(), phase.to_string());
    let mut browser = app.browser_as(COUNCIL).await;
    let csrf = browser.csrf_of("/projekter/ny").await;
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
    let (status, _, html) = browser.post_form("/projekter/ny", &taken).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("<a href=\"#name\">Der findes allerede et projekt med det navn.</a>"),
        "{html}"
    );
    assert!(!html.contains("already exists"), "no English on the page");

    let (status, _, html) = browser.get_page("/portefoelje?kvartal=2022Q9").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("Skriv kvartalet som år og kvartal, fx 2022Q1."),
        "{html}"
    );
    assert!(!html.contains("is not a quarter"), "no English on the page");
}

#[actix_web::test]
async fn a_stale_edit_is_explained_above_the_form_not_under_a_field() {
    let app = TestApp::seeded().await;
    let council = app.as_council();
    let id = council.project_id("Indeklima på skoler").await;
    let (_, project) = council.project(id).await;
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let fields = [
        ("name", text(&project["name"])),
        ("department_id", text(&project["department"]["id"])),
        ("phase_id", text(&project["phase"]["id"])),
        ("kind", text(&project["kind"])),
        ("state", text(&project["state"])),
        ("budget", text(&project["budget"])),
        ("spent", text(&project["spent"])),
        ("operating_cost", text(&project["operating_cost"])),
    ];
    let mut browser = app.browser_as(COUNCIL).await;
    let path = format!("/projekter/{id}/ret");
    let csrf = browser.csrf_of(&path).await;
    let mut stale: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    stale.extend([("csrf", csrf.as_str()), ("version", "0")]);
    let (status, _, html) = browser.post_form(&path, &stale).await;
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
