//! Afslut, udgået and slet on the project page: the council only, a page
//! that asks first, the use case's rules and refusals in Danish, one audit
//! record each.

use crate::harness::{Client, TestApp, CHEFFORUM, COUNCIL, PM};
use crate::helpers::*;
use actix_web::http::StatusCode;
use serde_json::json;

/// A project without status reports, made through the API.
async fn fresh_project(admin: &Client<'_>, name: &str) -> i64 {
    let (_, departments) = admin.get("/api/v1/departments").await;
    let (_, phases) = admin.get("/api/v1/phases").await;
    let body = json!({"name": name, "department_id": departments[0]["id"], "phase_id": phases[0]["id"],
        "kind": "operational", "state": "active", "start_date": "2022-01-01"});
    let (status, p) = admin.create_project(body).await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    p["id"].as_i64().unwrap()
}

#[actix_web::test]
async fn only_the_council_ends_or_deletes_projects() {
    let app = TestApp::seeded().await;
    let id = app.as_admin().project_id("PARK Manager").await;
    for who in [PM, CHEFFORUM] {
        let mut browser = app.browser_as(who).await;
        let (_, _, page) = browser.get_page(&format!("/projekter/{id}")).await;
        assert!(
            !page.contains("/afslut") && !page.contains("/slet"),
            "{who}"
        );
        let csrf = hidden_csrf(&page);
        for what in ["afslut", "udgaaet", "slet"] {
            let path = format!("/projekter/{id}/{what}");
            assert_eq!(
                browser.get_page(&path).await.0,
                StatusCode::FORBIDDEN,
                "{who} {what}"
            );
            let (status, _, _) = browser
                .post_form(
                    &path,
                    &[
                        ("csrf", &csrf),
                        ("ended_on", "01-12-2022"),
                        ("cancel_reason", "x"),
                    ],
                )
                .await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{who} {what}");
        }
    }
    let mut council = app.browser_as(COUNCIL).await;
    let (_, _, page) = council.get_page(&format!("/projekter/{id}")).await;
    for what in ["afslut", "udgaaet", "slet"] {
        assert!(page.contains(&format!("/projekter/{id}/{what}")), "{what}");
    }
    let (status, _, _) = council
        .post_form(
            &format!("/projekter/{id}/afslut"),
            &[("ended_on", "01-12-2022")],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "no CSRF token");
    assert_eq!(app.as_admin().project(id).await.1["state"], "active");
}

#[actix_web::test]
async fn the_council_completes_a_project_on_a_date() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let id = admin.project_id("PARK Manager").await;
    let mut council = app.browser_as(COUNCIL).await;
    let path = format!("/projekter/{id}/afslut");
    let (status, _, page) = council.get_page(&path).await;
    assert_eq!(status, StatusCode::OK);
    let today = chrono::Utc::now()
        .date_naive()
        .format("%d-%m-%Y")
        .to_string();
    assert!(
        page.contains(&format!("value=\"{today}\"")),
        "today by default"
    );
    let csrf = hidden_csrf(&page);
    let (status, _, html) = council
        .post_form(&path, &[("csrf", &csrf), ("ended_on", "01-01-2020")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("Afsluttet-datoen kan ikke ligge før startdatoen."),
        "{html}"
    );
    assert!(html.contains("href=\"#ended_on\"") && html.contains("value=\"01-01-2020\""));
    let (status, location, _) = council
        .post_form(&path, &[("csrf", &csrf), ("ended_on", "30-11-2022")])
        .await;
    assert_eq!(
        (status, location),
        (StatusCode::SEE_OTHER, format!("/projekter/{id}"))
    );
    let (_, p) = admin.project(id).await;
    assert_eq!(
        (p["state"].as_str(), p["ended_on"].as_str()),
        (Some("completed"), Some("2022-11-30"))
    );
    let (_, trail) = admin
        .get(&format!("/api/v1/audit?entity=project&entity_id={id}"))
        .await;
    assert_eq!(trail["items"][0]["action"], "complete");
    assert_eq!(trail["items"][0]["actor"], COUNCIL);

    let (_, _, page) = council.get_page(&format!("/projekter/{id}")).await;
    assert!(!page.contains(&path), "nothing left to end");
    let (status, _, html) = council
        .post_form(
            &format!("/projekter/{id}/udgaaet"),
            &[
                ("csrf", &csrf),
                ("ended_on", "30-11-2022"),
                ("cancel_reason", "Sent"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(html.contains("Projektet er allerede afsluttet eller udgået."));
}

#[actix_web::test]
async fn a_cancelled_project_says_why() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let id = admin.project_id("NemRefusion").await;
    let mut council = app.browser_as(COUNCIL).await;
    let path = format!("/projekter/{id}/udgaaet");
    let csrf = council.csrf_of(&path).await;
    let (status, _, html) = council
        .post_form(
            &path,
            &[
                ("csrf", &csrf),
                ("ended_on", "30-11-2022"),
                ("cancel_reason", "  "),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("Et udgået projekt skal have en begrundelse.")
            && html.contains("href=\"#cancel_reason\"")
    );
    let reason = "<i>Leverandøren</i> kan ikke leve op til aftalen";
    let (status, _, _) = council
        .post_form(
            &path,
            &[
                ("csrf", &csrf),
                ("ended_on", "30-11-2022"),
                ("cancel_reason", reason),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, p) = admin.project(id).await;
    assert_eq!(
        (p["state"].as_str(), p["cancel_reason"].as_str()),
        (Some("cancelled"), Some(reason))
    );
    let (_, trail) = admin
        .get(&format!("/api/v1/audit?entity=project&entity_id={id}"))
        .await;
    assert_eq!(trail["items"][0]["action"], "cancel");
    let (_, _, page) = council.get_page(&format!("/projekter/{id}")).await;
    assert!(page.contains("&#60;i&#62;Leverandøren") && !page.contains("<i>Leverandøren"));
}

#[actix_web::test]
async fn only_a_project_without_reports_is_deleted() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let mut council = app.browser_as(COUNCIL).await;
    let kept = admin.project_id("Citizen Lab").await;
    let path = format!("/projekter/{kept}/slet");
    let (status, _, page) = council.get_page(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("uden statusrapporter"));
    let csrf = hidden_csrf(&page);
    let (status, _, html) = council.post_form(&path, &[("csrf", &csrf)]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        html.contains("Projektet har statusrapporter og bevares."),
        "{html}"
    );
    assert_eq!(admin.project(kept).await.0, StatusCode::OK);

    let id = fresh_project(&admin, "Oprettet ved en fejl").await;
    let (status, location, _) = council
        .post_form(&format!("/projekter/{id}/slet"), &[("csrf", &csrf)])
        .await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, "/portefoelje")
    );
    assert_eq!(admin.project(id).await.0, StatusCode::NOT_FOUND);
    let (_, trail) = admin
        .get(&format!("/api/v1/audit?entity=project&entity_id={id}"))
        .await;
    assert_eq!(trail["items"][0]["action"], "delete");
    assert_eq!(trail["items"][0]["before"]["name"], "Oprettet ved en fejl");
    let (status, _, html) = council.get_page(&format!("/projekter/{id}/slet")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("Siden findes ikke"));
}
