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
