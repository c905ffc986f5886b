//! The API and the web pages call the same use cases, so the same change
//! leaves an audit record of the same shape, whichever way it was made.

use crate::helpers::*;
use actix_web::http::{Method, StatusCode};
use actix_web::test;
use serde_json::{json, Value};
use std::collections::BTreeSet;

const COUNCIL: &str = "mette.kjaer@albertslund.dk";

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

async fn newest<S, B>(app: &S, entity: &str, id: &str) -> Value
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let (_, page) = get(
        app,
        &format!("/api/v1/audit?entity={entity}&entity_id={id}&limit=1"),
    )
    .await;
    page["items"][0].clone()
}

#[actix_web::test]
async fn a_project_and_a_status_report_leave_the_same_record_from_the_form_and_the_api() {
    let t = TestDb::seeded();
    let app = test::init_service(portefolje::app(t.db().clone())).await;
    let (_, departments) = get(&app, "/api/v1/departments").await;
    let (_, phases) = get(&app, "/api/v1/phases").await;
    let (d, p) = (
        departments[0]["id"].to_string(),
        phases[0]["id"].to_string(),
    );

    // Created through the API.
    let (status, by_api) = send(
        &app,
        Method::POST,
        "/api/v1/projects",
        Some(json!({
        "name": "Via API", "department_id": departments[0]["id"], "phase_id": phases[0]["id"],
        "kind": "operational", "state": "approved"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let api_create = newest(&app, "project", &by_api["id"].to_string()).await;

    // Created and then changed through the form.
    let mut browser = signed_in(&app, COUNCIL).await;
    let (_, _, form) = page(&app, &mut browser, Method::GET, "/projekter/ny", None).await;
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
    let (status, location, _) = page(
        &app,
        &mut browser,
        Method::POST,
        "/projekter/ny",
        Some(&borrowed),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let id = location.rsplit('/').next().unwrap().to_string();
    let web_create = newest(&app, "project", &id).await;
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
    let (status, _, _) = page(
        &app,
        &mut browser,
        Method::POST,
        &format!("/projekter/{id}/ret"),
        Some(&borrowed),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let web_update = newest(&app, "project", &id).await;
    let body = json!({"name": "Via API", "department_id": departments[0]["id"], "phase_id": phases[0]["id"],
        "kind": "operational", "state": "approved", "budget": 450000, "version": 1});
    let (status, _) = send(
        &app,
        Method::PUT,
        &format!("/api/v1/projects/{}", by_api["id"]),
        Some(body),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let api_update = newest(&app, "project", &by_api["id"].to_string()).await;
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
    let vand = project_id(&app, "Vandstandsmåling").await;
    let citizen = project_id(&app, "Citizen Lab").await;
    let (_, _, form) = page(
        &app,
        &mut browser,
        Method::GET,
        &format!("/projekter/{vand}/status/2022Q3"),
        None,
    )
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
    let (status, _, _) = page(
        &app,
        &mut browser,
        Method::POST,
        &format!("/projekter/{vand}/status/2022Q3"),
        Some(&report),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _) = send(
        &app,
        Method::PUT,
        &format!("/api/v1/projects/{citizen}/status/2022Q3"),
        Some(status_body(
            json!({"colour": "red", "comment": "Forsinket"}),
        )),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let web_report = newest(&app, "status", &format!("{vand}/2022Q3")).await;
    let api_report = newest(&app, "status", &format!("{citizen}/2022Q3")).await;
    assert_eq!(keys(&web_report["after"]), keys(&api_report["after"]));
    assert_eq!(web_report["after"]["tid"], api_report["after"]["tid"]);
}

#[actix_web::test]
async fn a_token_leaves_the_same_record_from_the_front_page_and_the_api() {
    let t = TestDb::seeded();
    let app = test::init_service(portefolje::app(t.db().clone())).await;
    let mut browser = signed_in(&app, COUNCIL).await;
    let (_, _, front) = page(&app, &mut browser, Method::GET, "/", None).await;
    let csrf = hidden_csrf(&front);
    let (status, _, _) = page(
        &app,
        &mut browser,
        Method::POST,
        "/api-noegler",
        Some(&[("csrf", csrf.as_str()), ("name", "Excel")]),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, token) = send(
        &app,
        Method::POST,
        "/api/v1/tokens",
        Some(json!({"name": "Power BI"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let token_id = token["id"].to_string();
    let (_, page_of) = get(&app, "/api/v1/audit?entity=token&limit=10").await;
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
    let t = TestDb::seeded();
    let app = test::init_service(portefolje::app(t.db().clone())).await;
    let vand = project_id(&app, "Vandstandsmåling").await;
    let hidden = "Forsinket\u{202E}";
    let (status, err) = send(
        &app,
        Method::PUT,
        &format!("/api/v1/projects/{vand}/status/2022Q3"),
        Some(status_body(json!({"colour": "red", "comment": hidden}))),
    )
    .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("tid.comment"))
    );
    let mut browser = signed_in(&app, COUNCIL).await;
    let path = format!("/projekter/{vand}/status/2022Q3");
    let (_, _, form) = page(&app, &mut browser, Method::GET, &path, None).await;
    let csrf = hidden_csrf(&form);
    let report = [
        ("csrf", csrf.as_str()),
        ("ressourcer", "green"),
        ("leverancer", "green"),
        ("tid", "red"),
        ("tid_kommentar", hidden),
        ("okonomi", "green"),
    ];
    let (status, _, html) = page(&app, &mut browser, Method::POST, &path, Some(&report)).await;
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
    let (status, _) = get(&app, &format!("/api/v1/projects?q={long}")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _, _) = page(
        &app,
        &mut browser,
        Method::GET,
        &format!("/portefoelje?tekst={long}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}
