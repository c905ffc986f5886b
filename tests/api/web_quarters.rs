//! Kvartaler: the council lists, creates, moves deadlines, opens and closes
//! quarters in the browser, with the API's rules and audit records.

use crate::harness::{TestApp, CHEFFORUM, COUNCIL, READER};
use crate::helpers::*;
use actix_web::http::StatusCode;

const LIST: &str = "/administration/kvartaler";

#[actix_web::test]
async fn only_the_council_and_the_administrator_manage_quarters() {
    let app = TestApp::seeded().await;
    for who in [READER, CHEFFORUM] {
        let mut browser = app.browser_as(who).await;
        let (status, _, html) = browser.get_page(LIST).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who}");
        assert!(html.contains("Ingen adgang"));
        let csrf = browser.csrf_of("/").await;
        let (status, _, _) = browser
            .post_form(
                "/administration/kvartaler/2022Q3/luk",
                &[("csrf", csrf.as_str())],
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who}");
    }
    let (_, q) = app.as_admin().get("/api/v1/quarters/2022Q3").await;
    assert_eq!(q["state"], "open");

    let mut council = app.browser_as(COUNCIL).await;
    let (status, _, html) = council.get_page(LIST).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("3. kvartal 2022") && html.contains("23-09-2022"));
    assert!(html.contains("Åben") && html.contains("Lukket"));
    assert!(
        html.contains("Opret 1. kvartal 2023"),
        "the one after the newest"
    );
    assert!(
        html.contains("value=\"17-03-2023\""),
        "the third Friday of March 2023 is proposed"
    );
    let (status, _, _) = council
        .post_form(LIST, &[("kode", "2023Q1"), ("frist-ny", "17-03-2023")])
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "no CSRF token");
}

#[actix_web::test]
async fn the_council_creates_the_next_quarter_and_moves_its_deadline() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let mut council = app.browser_as(COUNCIL).await;
    let csrf = council.csrf_of(LIST).await;
    let (status, _, html) = council
        .post_form(
            LIST,
            &[
                ("csrf", &csrf),
                ("kode", "2023Q1"),
                ("frist-ny", "31-02-2023"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"fejl\"") && html.contains("Skriv datoen som dd-mm-åååå."));
    assert!(html.contains("value=\"31-02-2023\""), "input kept");

    let (status, location, _) = council
        .post_form(
            LIST,
            &[
                ("csrf", &csrf),
                ("kode", "2023Q1"),
                ("frist-ny", "17-03-2023"),
            ],
        )
        .await;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, LIST));
    let (_, q) = admin.get("/api/v1/quarters/2023Q1").await;
    assert_eq!(
        (q["deadline"].as_str(), q["state"].as_str()),
        (Some("2023-03-17"), Some("open"))
    );
    let (_, trail) = admin
        .get("/api/v1/audit?entity=quarter&entity_id=2023Q1")
        .await;
    assert_eq!(trail["items"][0]["action"], "create");
    assert_eq!(trail["items"][0]["actor"], COUNCIL);

    // Twice: the use case's conflict, in Danish, as a 409.
    let (status, _, html) = council
        .post_form(
            LIST,
            &[
                ("csrf", &csrf),
                ("kode", "2023Q1"),
                ("frist-ny", "17-03-2023"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(html.contains("Værdien er allerede brugt."), "{html}");

    let path = "/administration/kvartaler/2023Q1/frist";
    let (status, _, html) = council
        .post_form(path, &[("csrf", &csrf), ("frist", "<b>snart</b>")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("href=\"#frist-2023Q1\""));
    assert!(html.contains("&#60;b&#62;snart") && !html.contains("<b>snart"));
    let (status, _, _) = council
        .post_form(path, &[("csrf", &csrf), ("frist", "24-03-2023")])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, q) = admin.get("/api/v1/quarters/2023Q1").await;
    assert_eq!(
        (q["deadline"].as_str(), q["state"].as_str()),
        (Some("2023-03-24"), Some("open"))
    );
    let (_, trail) = admin
        .get("/api/v1/audit?entity=quarter&entity_id=2023Q1")
        .await;
    assert_eq!(trail["items"][0]["action"], "update");
    assert_eq!(trail["items"][0]["before"]["deadline"], "2023-03-17");
    assert_eq!(trail["items"][0]["after"]["deadline"], "2023-03-24");
}

#[actix_web::test]
async fn closing_shows_how_many_reports_are_missing_first() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let (_, report) = admin.get("/api/v1/reports/2022Q3").await;
    let missing = report["missing"].as_array().unwrap().len();
    assert!(missing > 1);

    let mut council = app.browser_as(COUNCIL).await;
    let (status, _, html) = council
        .get_page("/administration/kvartaler/2022Q3/luk")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(&format!(
            "<strong>{missing} projekter</strong> i gang mangler"
        )),
        "{html}"
    );
    assert_eq!(
        admin.get("/api/v1/quarters/2022Q3").await.1["state"],
        "open",
        "not yet"
    );
    let csrf = hidden_csrf(&html);
    let (status, _, _) = council
        .post_form("/administration/kvartaler/2022Q3/luk", &[("csrf", &csrf)])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, q) = admin.get("/api/v1/quarters/2022Q3").await;
    assert_eq!(
        (q["state"].as_str(), q["deadline"].as_str()),
        (Some("closed"), Some("2022-09-23"))
    );
    let (_, trail) = admin
        .get("/api/v1/audit?entity=quarter&entity_id=2022Q3")
        .await;
    assert_eq!(
        (
            trail["items"][0]["before"]["state"].as_str(),
            trail["items"][0]["after"]["state"].as_str()
        ),
        (Some("open"), Some("closed"))
    );

    let (_, _, html) = council.get_page(LIST).await;
    assert!(html.contains("/administration/kvartaler/2022Q3/aabn"));
    let (status, _, _) = council
        .post_form("/administration/kvartaler/2022Q3/aabn", &[("csrf", &csrf)])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        admin.get("/api/v1/quarters/2022Q3").await.1["state"],
        "open"
    );
    let (status, _, _) = council
        .get_page("/administration/kvartaler/2031Q1/luk")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
