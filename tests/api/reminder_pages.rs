//! Påmindelser in the browser: the council's plan, "Send påmindelse nu" on
//! the quarter's page and the missing-reports page, and the mails listed.

use crate::harness::{TestApp, COUNCIL, PM, READER};
use actix_web::http::StatusCode;

const PAGE: &str = "/administration/kvartaler/2022Q3/paamindelser";

#[actix_web::test]
async fn the_council_sends_reminders_now_and_sees_them_listed() {
    let app = TestApp::seeded().await;
    let mut council = app.browser_as(COUNCIL).await;
    let (status, _, missing) = council.get_page("/manglende/2022Q3").await;
    assert_eq!(status, StatusCode::OK);
    assert!(missing.contains("<button type=\"submit\">Send påmindelse nu</button>"));
    assert!(
        !missing.contains("mailto:"),
        "no more hand-written mail links"
    );
    let (status, _, page) = council.get_page(PAGE).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Der er ikke sendt påmindelser for kvartalet endnu."));
    let csrf = crate::helpers::hidden_csrf(&page);
    let (status, location, _) = council
        .post_form(&format!("{PAGE}/send"), &[("csrf", csrf.as_str())])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, outbox) = app
        .as_council()
        .get("/api/v1/quarters/2022Q3/reminders")
        .await;
    let queued = outbox.as_array().unwrap().len();
    assert!(queued > 0);
    assert!(
        location.ends_with(&format!("?sat-i-koe={queued}")),
        "{location}"
    );
    let (_, _, page) = council.get_page(&location).await;
    assert!(
        page.contains(&format!("{queued} påmindelser er sat i kø og sendes nu.")),
        "{page}"
    );
    assert!(page.contains("påmindelse sendt manuelt"));
    // Without SMTP_URL the mails wait, shown, never dropped.
    assert_eq!(page.matches("Venter på afsendelse").count(), queued);
    // Pressed again the same day: nothing new.
    let (_, location, _) = council
        .post_form(&format!("{PAGE}/send"), &[("csrf", csrf.as_str())])
        .await;
    let (_, _, page) = council.get_page(&location).await;
    assert!(page.contains("Der var ingen nye påmindelser at sende i dag."));
    // Without the form's token nothing is queued.
    let (status, _, _) = council
        .post_form(&format!("{PAGE}/send"), &[("csrf", "forkert")])
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn the_plan_is_changed_with_danish_errors_and_only_by_the_council() {
    let app = TestApp::seeded().await;
    let mut council = app.browser_as(COUNCIL).await;
    let (_, _, page) = council.get_page(PAGE).await;
    assert!(page.contains("id=\"days_before\" name=\"days_before\" type=\"text\" inputmode=\"numeric\" value=\"14\""), "{page}");
    let csrf = crate::helpers::hidden_csrf(&page);
    let plan = format!("{PAGE}/plan");
    let (status, _, html) = council
        .post_form(
            &plan,
            &[
                ("csrf", &csrf),
                ("days_before", "90"),
                ("every_days", "syv"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("<a href=\"#every_days\">Skriv et helt tal.</a>"),
        "{html}"
    );
    assert!(html.contains("value=\"syv\""), "what was typed stays");
    let (status, _, html) = council
        .post_form(
            &plan,
            &[("csrf", &csrf), ("days_before", "90"), ("every_days", "7")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Skriv et antal dage fra 0 til 60."), "{html}");
    let (status, _, _) = council
        .post_form(
            &plan,
            &[
                ("csrf", &csrf),
                ("days_before", "10"),
                ("every_days", "3"),
                ("active", "ja"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, saved) = app
        .as_council()
        .get("/api/v1/quarters/2022Q3/reminder-plan")
        .await;
    assert_eq!(
        (saved["days_before"].as_i64(), saved["every_days"].as_i64()),
        (Some(10), Some(3))
    );

    for who in [READER, PM] {
        let mut other = app.browser_as(who).await;
        assert_eq!(other.get_page(PAGE).await.0, StatusCode::FORBIDDEN, "{who}");
        let (_, _, missing) = other.get_page("/manglende/2022Q3").await;
        assert!(!missing.contains("Send påmindelse nu"), "{who}");
    }
}
