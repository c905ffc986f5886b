//! Chefforum's decision in the browser: the form on the report page, the
//! correction rule of `app::decisions::decide` in Danish, the history below
//! the report, and the printable report for a signed-in browser.

use crate::harness::{TestApp, CHEFFORUM, COUNCIL, READER};
use crate::helpers::*;
use actix_web::http::StatusCode;

const FORM: &str = "/kvartalsrapport/2022Q3/beslutning";

#[actix_web::test]
async fn only_chefforum_records_the_decision() {
    let app = TestApp::seeded().await;
    for who in [COUNCIL, READER] {
        let mut browser = app.browser_as(who).await;
        let (status, _, html) = browser.get_page(FORM).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who}");
        assert!(html.contains("Ingen adgang"));
        let (_, _, report) = browser.get_page("/kvartalsrapport/2022Q3").await;
        assert!(!report.contains(FORM), "{who} is not offered the form");
        let csrf = hidden_csrf(&report);
        let (status, _, _) = browser
            .post_form(
                FORM,
                &[
                    ("csrf", &csrf),
                    ("meeting_date", "06-10-2022"),
                    ("text", "Godkendt"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who}");
    }
    let mut chefforum = app.browser_as(CHEFFORUM).await;
    let (_, _, report) = chefforum.get_page("/kvartalsrapport/2022Q3").await;
    assert!(report.contains("Registrér Chefforums beslutning") && report.contains(FORM));
    assert!(report.contains("Chefforum har ikke truffet beslutning"));
    let (status, _, form) = chefforum.get_page(FORM).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains(">Godkendte indstillingen.</textarea>"));
    assert!(
        !form.contains("name=\"correction\""),
        "nothing to correct yet"
    );
    let (status, _, _) = chefforum
        .post_form(
            FORM,
            &[("meeting_date", "06-10-2022"), ("text", "Godkendt")],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "no CSRF token");
    let (_, decisions) = app.as_admin().get("/api/v1/reports/2022Q3/decisions").await;
    assert_eq!(decisions.as_array().unwrap().len(), 0);
}

#[actix_web::test]
async fn a_decision_and_its_correction() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let mut chefforum = app.browser_as(CHEFFORUM).await;
    let csrf = chefforum.csrf_of(FORM).await;
    let bad = [
        ("csrf", csrf.as_str()),
        ("meeting_date", "32-10-2022"),
        ("case_number", "85-13"),
        ("text", "<script>alert(1)</script>"),
    ];
    let (status, _, html) = chefforum.post_form(FORM, &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"fejl\"") && html.contains("href=\"#meeting_date\""));
    assert!(html.contains("Skriv datoen som dd-mm-åååå."));
    assert!(html.contains("Journalnummeret skal have formen 85.13.00-P20-1-22."));
    assert!(!html.contains("<script>alert") && html.contains("&#60;script&#62;"));

    let good = [
        ("csrf", csrf.as_str()),
        ("meeting_date", "06-10-2022"),
        ("case_number", "85.13.00-P20-1-22"),
        ("text", "Godkendte indstillingen."),
    ];
    let (status, location, _) = chefforum.post_form(FORM, &good).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, "/kvartalsrapport/2022Q3#beslutninger");
    let (_, trail) = admin
        .get("/api/v1/audit?entity=decision&entity_id=2022Q3")
        .await;
    assert_eq!(trail["items"][0]["action"], "decide");
    assert_eq!(trail["items"][0]["actor"], CHEFFORUM);
    assert_eq!(trail["items"][0]["after"]["meeting_date"], "2022-10-06");

    // A second decision without saying it corrects the first: refused, in Danish.
    let (status, _, html) = chefforum.post_form(FORM, &good).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(html.contains("Chefforum har allerede truffet beslutning om kvartalet. Registrér den nye som en rettelse."));
    assert!(html.contains("href=\"#correction\"") && html.contains("name=\"correction\""));
    let mut correction = good.to_vec();
    correction.retain(|(k, _)| *k != "text");
    correction.extend([
        ("text", "Godkendte indstillingen med bemærkninger."),
        ("correction", "ja"),
    ]);
    let (status, _, _) = chefforum.post_form(FORM, &correction).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, decisions) = admin.get("/api/v1/reports/2022Q3/decisions").await;
    assert_eq!(decisions.as_array().unwrap().len(), 2);

    let (_, _, report) = chefforum.get_page("/kvartalsrapport/2022Q3").await;
    assert!(report.contains("Ret Chefforums beslutning"));
    assert!(
        report.contains("Godkendte indstillingen med bemærkninger.") && report.contains("Gældende")
    );
    assert!(report.contains("Erstattet af en rettelse") && report.contains("06-10-2022"));
}

#[actix_web::test]
async fn the_printable_report_needs_only_the_session() {
    let app = TestApp::seeded().await;
    let mut reader = app.browser_as(READER).await;
    let (_, _, report) = reader.get_page("/kvartalsrapport/2022Q1").await;
    assert!(report.contains("href=\"/kvartalsrapport/2022Q1/udskrift\""));
    assert!(!report.contains("/api/v1/reports/"));
    let (status, _, html) = reader.get_page("/kvartalsrapport/2022Q1/udskrift").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<html lang=\"da\"") && html.contains("Røde projekter ift. tid"));
    let (status, location, _) = app
        .browser()
        .get_page("/kvartalsrapport/2022Q1/udskrift")
        .await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, "/log-ind")
    );
}
