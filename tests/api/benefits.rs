//! Benefits realisation (issue 14): benefits with measured values through
//! the API and the Gevinster page, and the follow-up twelve months after
//! completion in the report and on the front page.

use crate::harness::{TestApp, ADMIN, PM};
use actix_web::http::StatusCode;
use serde_json::{json, Value};

fn follow_up<'a>(report: &'a Value, name: &str) -> Option<&'a Value> {
    report["benefit_follow_ups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
}

#[actix_web::test]
async fn benefits_are_kept_and_measured_by_the_projects_own_people() {
    let app = TestApp::seeded().await;
    let pm = app.as_manager(PM);
    let id = pm.project_id("Vandstandsmåling").await;
    let path = format!("/api/v1/projects/{id}/benefits");
    let (status, error) = pm.post(&path, json!({"what": " "})).await;
    assert_eq!(
        (status, error["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("what"))
    );
    let (status, _) = app.as_chefforum().post(&path, json!({"what": "x"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, made) = pm
        .post(&path, json!({"what": "Varsling før oversvømmelser", "owner": "Peter Holm", "measure": "Timers varsel",
            "baseline_value": 0.0, "target_value": 24.0, "due": "2023-12-31"}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let benefit = made["id"].as_i64().unwrap();
    for (on, value) in [("2023-03-31", 6.0), ("2023-06-30", 18.5)] {
        let (status, _) = pm
            .post(
                &format!("/api/v1/benefits/{benefit}/readings"),
                json!({"measured_on": on, "value": value}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
    }
    let (_, view) = pm.get(&path).await;
    let readings = view["benefits"][0]["readings"].as_array().unwrap();
    assert_eq!(readings.len(), 2);
    assert_eq!(
        (
            readings[1]["measured_on"].as_str(),
            readings[1]["value"].as_f64()
        ),
        (Some("2023-06-30"), Some(18.5))
    );
    assert_eq!(view["follow_up_due"], Value::Null, "not completed");
    let (status, _) = pm.delete(&format!("/api/v1/benefits/{benefit}")).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, view) = pm.get(&path).await;
    assert_eq!(view["benefits"], json!([]));
}

#[actix_web::test]
async fn a_completed_projects_follow_up_falls_due_and_is_reported() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    // Seed: ØIR completed 30-09-2022, CSC Omsorg 30-06-2022; today is long after.
    let (_, report) = admin.get("/api/v1/reports/2022Q3").await;
    let oir = follow_up(
        &report,
        "ØIR - Økonomien i Rammearkitekturen (Monopolbrud Classic)",
    )
    .expect("ØIR");
    assert_eq!(
        (oir["due"].as_str(), oir["overdue"].as_bool()),
        (Some("2023-09-30"), Some(true))
    );
    let csc = follow_up(&report, "Aflevering af CSC Omsorg").expect("CSC");
    assert_eq!(csc["due"], "2023-06-30");
    let id = admin.project_id("Aflevering af CSC Omsorg").await;
    let (_, view) = admin.get(&format!("/api/v1/projects/{id}/benefits")).await;
    assert_eq!(view["follow_up_due"], "2023-06-30");
    let (status, view) = admin
        .put(
            &format!("/api/v1/projects/{id}/benefit-follow-up"),
            json!({"followed_up": "2023-06-15"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(view["followed_up"], "2023-06-15");
    let (_, report) = admin.get("/api/v1/reports/2022Q3").await;
    assert!(
        follow_up(&report, "Aflevering af CSC Omsorg").is_none(),
        "done"
    );
    assert!(follow_up(
        &report,
        "ØIR - Økonomien i Rammearkitekturen (Monopolbrud Classic)"
    )
    .is_some());
    let mut browser = app.browser_as(ADMIN).await;
    let (_, _, html) = browser.get_page("/?kvartal=2022Q3").await;
    let overdue = report["benefit_follow_ups"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["overdue"] == true)
        .count();
    assert!(html.contains(&format!("Gevinstopfølgninger overskredet</dt><dd><a href=\"/kvartalsrapport/2022Q3#gevinster\">{overdue}</a>")), "{html}");
    let (_, _, html) = browser.get_page("/kvartalsrapport/2022Q3/udskrift").await;
    assert!(html.contains("Gevinstopfølgning") && html.contains("30-09-2023"));
    let rows =
        crate::reports::sheet_rows(&app, "/api/v1/reports/2022Q3?format=xlsx", "Opfølgning").await;
    assert!(
        rows.iter().any(
            |r| r[0] == "ØIR - Økonomien i Rammearkitekturen (Monopolbrud Classic)"
                && r[3] == "30-09-2023"
                && r[4] == "overskredet"
        ),
        "{rows:?}"
    );
}

#[actix_web::test]
async fn the_gevinster_page_in_danish() {
    let app = TestApp::seeded().await;
    let id = app.as_admin().project_id("Vandstandsmåling").await;
    let mut browser = app.browser_as(PM).await;
    let path = format!("/projekter/{id}/gevinster");
    let (status, _, html) = browser.get_page(&path).await;
    assert_eq!(status, StatusCode::OK);
    let csrf = crate::helpers::hidden_csrf(&html);
    let (status, _, html) = browser
        .post_form(
            &path,
            &[
                ("csrf", &csrf),
                ("what", "Varsling"),
                ("target_value", "mange"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("Skriv et tal, fx 2.400.000 eller 12,5.")
            && html.contains("value=\"Varsling\""),
        "{html}"
    );
    let (status, _, _) = browser
        .post_form(
            &path,
            &[
                ("csrf", &csrf),
                ("what", "Varsling"),
                ("baseline_value", "0"),
                ("target_value", "24"),
                ("due", "31-12-2023"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, view) = app
        .as_admin()
        .get(&format!("/api/v1/projects/{id}/benefits"))
        .await;
    let benefit = view["benefits"][0]["id"].as_i64().unwrap();
    let (status, _, _) = browser
        .post_form(
            &path,
            &[
                ("csrf", &csrf),
                ("handling", "maaling"),
                ("benefit", &benefit.to_string()),
                (&format!("vaerdi-{benefit}"), "12,5"),
                (&format!("dato-{benefit}"), "30-06-2023"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, _, html) = browser.get_page(&path).await;
    assert!(
        html.contains("30-06-2023") && html.contains("12,5"),
        "{html}"
    );
    let park = app.as_admin().project_id("PARK Manager").await;
    let (status, _, _) = browser
        .get_page(&format!("/projekter/{park}/gevinster"))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
