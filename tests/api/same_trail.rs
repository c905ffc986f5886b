//! The API and the web pages call the same use cases, so the same change
//! leaves an audit record of the same shape, whichever way it was made.

use crate::harness::{Client, TestApp, COUNCIL, PM};
use crate::helpers::*;
use actix_web::http::StatusCode;
use serde_json::{json, Value};
use std::collections::BTreeSet;

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

async fn newest(admin: &Client<'_>, entity: &str, id: &str) -> Value {
    let (_, page) = admin
        .get(&format!(
            "/api/v1/audit?entity={entity}&entity_id={id}&limit=1"
        ))
        .await;
    page["items"][0].clone()
}

#[actix_web::test]
async fn a_project_and_a_status_report_leave_the_same_record_from_the_form_and_the_api() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let (_, departments) = admin.get("/api/v1/departments").await;
    let (_, phases) = admin.get("/api/v1/phases").await;
    let (d, p) = (
        departments[0]["id"].to_string(),
        phases[0]["id"].to_string(),
    );

    // Created through the API.
    let (status, by_api) = admin
        .create_project(json!({
        "name": "Via API", "department_id": departments[0]["id"], "phase_id": phases[0]["id"],
        "kind": "operational", "state": "approved"}))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let api_create = newest(&admin, "project", &by_api["id"].to_string()).await;

    // Created and then changed through the form.
    let mut browser = app.browser_as(COUNCIL).await;
    let (_, _, form) = browser.get_page("/projekter/ny").await;
    let csrf = hidden_csrf(&form);
    let fields = |name: &'static str, budget: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("name", name.into()),
            ("department_id", d.clone()),
            ("phase_id", p.clone()),
            ("kind", "operational".into()),
            ("state", "approved".into()),
            ("budget", budget.into()),
            ("spent", "0".into()),
            ("operating_cost", "0".into()),
        ]
    };
    let owned = fields("Via formular", "0");
    let borrowed: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, location, _) = browser.post_form("/projekter/ny", &borrowed).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let id = location.rsplit('/').next().unwrap().to_string();
    let web_create = newest(&admin, "project", &id).await;
    assert_eq!(web_create["action"], "create");
    assert_eq!(
        keys(&web_create["after"]),
        keys(&api_create["after"]),
        "one shape for a created project"
    );
    assert_eq!(web_create["after"]["name"], "Via formular");

    let mut owned = fields("Via formular", "450.000");
    owned.push(("version", "1".into()));
    let borrowed: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, _, _) = browser
        .post_form(&format!("/projekter/{id}/ret"), &borrowed)
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let web_update = newest(&admin, "project", &id).await;
    let body = json!({"name": "Via API", "department_id": departments[0]["id"], "phase_id": phases[0]["id"],
        "kind": "operational", "state": "approved", "budget": 450000, "version": 1});
    let (status, _) = admin
        .put(&format!("/api/v1/projects/{}", by_api["id"]), body)
        .await;
    assert_eq!(status, StatusCode::OK);
    let api_update = newest(&admin, "project", &by_api["id"].to_string()).await;
    for side in ["before", "after"] {
        assert_eq!(
            keys(&web_update[side]),
            keys(&api_update[side]),
            "one shape for an update ({side})"
        );
    }
    assert_eq!(
        (
            web_update["before"]["budget"].as_i64(),
            web_update["after"]["budget"].as_i64()
        ),
        (Some(0), Some(450_000))
    );

    // A status report through the form and through the API.
    let vand = admin.project_id("Vandstandsmåling").await;
    let citizen = admin.project_id("Citizen Lab").await;
    let (_, _, form) = browser
        .get_page(&format!("/projekter/{vand}/status/2022Q3"))
        .await;
    let csrf = hidden_csrf(&form);
    let report = [
        ("csrf", csrf.as_str()),
        ("ressourcer", "green"),
        ("leverancer", "green"),
        ("tid", "red"),
        ("tid_kommentar", "Forsinket"),
        ("okonomi", "green"),
    ];
    let (status, _, _) = browser
        .post_form(&format!("/projekter/{vand}/status/2022Q3"), &report)
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _) = admin
        .put_status(
            citizen,
            "2022Q3",
            status_body(json!({"colour": "red", "comment": "Forsinket"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let web_report = newest(&admin, "status", &format!("{vand}/2022Q3")).await;
    let api_report = newest(&admin, "status", &format!("{citizen}/2022Q3")).await;
    assert_eq!(keys(&web_report["after"]), keys(&api_report["after"]));
    assert_eq!(web_report["after"]["tid"], api_report["after"]["tid"]);
}

#[actix_web::test]
async fn a_token_leaves_the_same_record_from_the_front_page_and_the_api() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let mut browser = app.browser_as(COUNCIL).await;
    let csrf = browser.csrf_of("/").await;
    let (status, _, _) = browser
        .post_form(
            "/api-noegler",
            &[("csrf", csrf.as_str()), ("name", "Excel")],
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, token) = admin
        .post("/api/v1/tokens", json!({"name": "Power BI"}))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let token_id = token["id"].to_string();
    let (_, page_of) = admin.get("/api/v1/audit?entity=token&limit=10").await;
    let records = page_of["items"].as_array().unwrap();
    let by_api = records
        .iter()
        .find(|e| e["entity_id"].as_str() == Some(token_id.as_str()))
        .unwrap();
    let by_web = records
        .iter()
        .find(|e| e["after"]["name"] == "Excel")
        .unwrap();
    assert_eq!(keys(&by_web["after"]), keys(&by_api["after"]));
}

#[actix_web::test]
async fn the_form_and_the_api_refuse_the_same_texts_with_a_message() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let vand = admin.project_id("Vandstandsmåling").await;
    let hidden = "Forsinket\u{202E}";
    let (status, err) = admin
        .put_status(
            vand,
            "2022Q3",
            status_body(json!({"colour": "red", "comment": hidden})),
        )
        .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("tid.comment"))
    );
    let mut browser = app.browser_as(COUNCIL).await;
    let path = format!("/projekter/{vand}/status/2022Q3");
    let csrf = browser.csrf_of(&path).await;
    let report = [
        ("csrf", csrf.as_str()),
        ("ressourcer", "green"),
        ("leverancer", "green"),
        ("tid", "red"),
        ("tid_kommentar", hidden),
        ("okonomi", "green"),
    ];
    let (status, _, html) = browser.post_form(&path, &report).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("Teksten indeholder tegn, der ikke kan gemmes"),
        "{html}"
    );
    assert!(
        html.contains("href=\"#tid_kommentar\""),
        "the summary links to the field"
    );

    // Search text: the API and the portfolio page both refuse more than 200 characters.
    let long = "%C3%B8".repeat(201);
    let (status, _) = admin.get(&format!("/api/v1/projects?q={long}")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _, _) = browser
        .get_page(&format!("/portefoelje?tekst={long}"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[actix_web::test]
async fn a_managers_description_leaves_the_same_record_from_the_form_and_the_api() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let (_, all) = admin.get("/api/v1/projects?limit=500").await;
    let own: Vec<&Value> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["manager"]["email"] == PM)
        .collect();
    assert!(own.len() >= 2, "the seed gives {PM} two projects");
    let (by_form, by_api) = (own[0]["id"].to_string(), own[1]["id"].to_string());

    let mut browser = app.browser_as(PM).await;
    let path = format!("/projekter/{by_form}/ret");
    let csrf = browser.csrf_of(&path).await;
    let version = own[0]["version"].to_string();
    let fields = [
        ("csrf", csrf.as_str()),
        ("version", version.as_str()),
        ("description", "Ny beskrivelse fra formularen"),
        ("budget", "999"),
    ];
    let (status, _, html) = browser.post_form(&path, &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{html}");
    let body = json!({"description": "Ny beskrivelse fra API'et", "version": own[1]["version"]});
    let (status, answer) = app
        .as_manager(PM)
        .put(&format!("/api/v1/projects/{by_api}/description"), body)
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");

    let web = newest(&admin, "project", &by_form).await;
    let api = newest(&admin, "project", &by_api).await;
    assert_eq!(
        (&web["action"], &api["action"]),
        (&json!("update"), &json!("update"))
    );
    for side in ["before", "after"] {
        assert_eq!(keys(&web[side]), keys(&api[side]), "one shape ({side})");
    }
    assert_eq!(web["after"]["description"], "Ny beskrivelse fra formularen");
    assert_eq!(
        web["after"]["budget"], web["before"]["budget"],
        "a manager's form changes only the description"
    );
}
