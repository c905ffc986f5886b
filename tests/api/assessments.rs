//! IT-projektrådet's own assessment (issue 14): beside the project manager's
//! colours, in the report, and the red tables on either basis.

use crate::harness::{TestApp, ADMIN};
use actix_web::http::StatusCode;
use serde_json::{json, Value};

fn red_names(report: &Value, parameter: &str) -> Vec<String> {
    report["red"][parameter]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect()
}

#[actix_web::test]
async fn the_council_assesses_beside_the_project_manager() {
    let app = TestApp::seeded().await;
    let council = app.as_council();
    let id = council.project_id("Papirarkivet").await;
    let path = format!("/api/v1/projects/{id}/assessment/2022Q1");
    let (status, _) = council.get(&path).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "no assessment yet");
    let (status, error) = council.put(&path, json!({"tid": {"colour": "red"}})).await;
    assert_eq!(
        (status, error["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("tid.comment"))
    );
    let (status, _) = app.as_reader().put(&path, json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let why = "Slutdatoen er rykket 10 måneder ud over baseline";
    let (status, stored) = council
        .put(
            &path,
            json!({"tid": {"colour": "red", "comment": why}, "comment": "Følges op i Q2"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{stored}");
    assert_eq!(
        (
            stored["tid"]["colour"].as_str(),
            stored["okonomi"]["colour"].as_str()
        ),
        (Some("red"), None)
    );
    let (_, read) = council.get(&path).await;
    assert_eq!(read["tid"]["comment"], why);

    let (_, managers) = council.get("/api/v1/reports/2022Q1").await;
    assert_eq!(managers["basis"], "project_managers");
    assert!(
        !red_names(&managers, "tid").contains(&"Papirarkivet".to_string()),
        "the minutes' tables stand"
    );
    let both = managers["council_assessments"].as_array().unwrap();
    assert_eq!(both.len(), 1);
    assert_eq!(
        (
            both[0]["project_manager"].as_str(),
            both[0]["council"].as_str()
        ),
        (Some("green"), Some("red"))
    );
    // The workbook's "Opfølgning" shows both colours too.
    let rows =
        crate::reports::sheet_rows(&app, "/api/v1/reports/2022Q1?format=xlsx", "Opfølgning").await;
    assert!(
        rows.iter()
            .any(|r| r[..5] == ["Papirarkivet", "tid", "grøn", "rød", why]),
        "{rows:?}"
    );
    let (_, on_council) = council.get("/api/v1/reports/2022Q1?basis=council").await;
    assert_eq!(on_council["basis"], "council");
    assert!(red_names(&on_council, "tid").contains(&"Papirarkivet".to_string()));
    let row = on_council["red"]["tid"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "Papirarkivet")
        .unwrap();
    assert_eq!(row["comment"], format!("IT-projektrådet: {why}"));
    assert_eq!(row["tid"], "red");
    assert_eq!(
        on_council["red"]["tid"]["total"].as_u64().unwrap(),
        managers["red"]["tid"]["total"].as_u64().unwrap() + 1
    );
    // A colour taken back: the project manager's counts again.
    let (_, _) = council
        .put(
            &path,
            json!({"tid": {"comment": "Enig med projektlederen"}}),
        )
        .await;
    let (_, again) = council.get("/api/v1/reports/2022Q1?basis=council").await;
    assert!(!red_names(&again, "tid").contains(&"Papirarkivet".to_string()));
    // Once Chefforum has approved the quarter, it stays as approved.
    let (status, _) = app
        .as_admin()
        .decide(
            "2022Q1",
            json!({"meeting_date": "2022-03-31", "text": "Godkendte indstillingen."}),
        )
        .await;
    assert!(status.is_success());
    let (status, error) = council
        .put(&path, json!({"tid": {"colour": "red", "comment": why}}))
        .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::CONFLICT, Some("quarter_approved"))
    );
}

#[actix_web::test]
async fn the_assessment_page_and_the_report_page_in_danish() {
    let app = TestApp::seeded().await;
    let id = app.as_admin().project_id("Papirarkivet").await;
    let mut browser = app.browser_as(ADMIN).await;
    let path = format!("/projekter/{id}/vurdering/2022Q1");
    let (status, _, html) = browser.get_page(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Projektlederen: <span class=\"marker m-green\">grøn</span>"),
        "{html}"
    );
    let csrf = crate::helpers::hidden_csrf(&html);
    let (status, _, html) = browser
        .post_form(
            &path,
            &[("csrf", &csrf), ("tid", "red"), ("tid_kommentar", "")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("Skriv, hvorfor IT-projektrådet vurderer parameteren sådan.")
            && html.contains("href=\"#tid_kommentar\""),
        "{html}"
    );
    let (status, location, _) = browser
        .post_form(
            &path,
            &[
                ("csrf", &csrf),
                ("tid", "red"),
                ("tid_kommentar", "Ti måneder efter baseline"),
                ("okonomi", ""),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
    let (_, _, html) = browser
        .get_page(&format!("/projekter/{id}?kvartal=2022Q1"))
        .await;
    assert!(
        html.contains("tid: <span class=\"marker m-red\">rød</span> – Ti måneder efter baseline"),
        "{html}"
    );
    let (_, _, html) = browser
        .get_page("/kvartalsrapport/2022Q1?grundlag=raadet")
        .await;
    assert!(html.contains("<strong>IT-projektrådets vurdering</strong>"));
    let tid_table = html
        .split("id=\"roede-tid\"")
        .nth(1)
        .unwrap()
        .split("</table>")
        .next()
        .unwrap();
    assert!(tid_table.contains("Papirarkivet"), "{tid_table}");
    let (_, _, html) = browser.get_page("/kvartalsrapport/2022Q1").await;
    let tid_table = html
        .split("id=\"roede-tid\"")
        .nth(1)
        .unwrap()
        .split("</table>")
        .next()
        .unwrap();
    assert!(!tid_table.contains("Papirarkivet"));
    assert!(html.contains("IT-projektrådets egne farver ved siden af projektledernes"));
}
