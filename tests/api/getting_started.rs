//! A municipality without the demo: the front page guides the first
//! administrator instead of answering "Siden findes ikke".

use crate::harness::TestApp;
use actix_web::http::StatusCode;
use serde_json::json;

const ADMIN_EMAIL: &str = "forste.administrator@hedeby.dk";
const PASSWORD: &str = "Hedeby-Kommune-2026";

/// An empty database whose administrator can sign in with a password.
async fn empty_with_password() -> TestApp {
    let app = TestApp::empty().await;
    let admin = app.as_admin();
    let person = json!({"name": "Første Administrator", "email": ADMIN_EMAIL});
    let (status, body) = admin.post("/api/v1/people", person).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = &body["id"];
    let role = json!({"role": "administrator"});
    let (status, body) = admin.put(&format!("/api/v1/people/{id}/role"), role).await;
    assert!(status.is_success(), "{body}");
    let password = json!({"password": PASSWORD});
    let path = format!("/api/v1/people/{id}/password");
    let (status, body) = admin.put(&path, password).await;
    assert!(status.is_success(), "{body}");
    app
}

#[actix_web::test]
async fn the_first_administrator_is_guided_not_sent_to_a_404() {
    let app = empty_with_password().await;
    let mut browser = app.browser();
    let (status, _, _) = browser.sign_in(ADMIN_EMAIL, PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, html) = browser.get_page("/").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("<h1>Kom i gang</h1>"), "{html}");
    for step in [
        "/administration/afdelinger",
        "/administration/personer",
        "/administration/kvartaler",
        "/import",
    ] {
        assert!(html.contains(&format!("href=\"{step}\"")), "{step}");
    }
    assert!(html.contains("mangler (0 afdelinger)"), "{html}");
    assert!(html.contains("action=\"/api-noegler\""), "the API key form");

    // Once a department exists, its step is done; once a quarter exists, the dashboard shows.
    let admin = app.as_admin();
    let department = json!({"name": "Økonomi & Stab", "code": "ØS", "directorate": ""});
    assert_eq!(
        admin.post("/api/v1/departments", department).await.0,
        StatusCode::CREATED
    );
    let (_, _, html) = browser.get_page("/").await;
    assert!(
        html.contains("<strong>gjort</strong> (1 afdeling)"),
        "{html}"
    );
    let quarter = json!({"code": "2027Q1", "deadline": "2027-03-19"});
    let (status, body) = admin.post("/api/v1/quarters", quarter).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, _, html) = browser.get_page("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("Kom i gang"));
    assert!(
        html.contains("IT-projektporteføljen 1. kvartal 2027"),
        "{html}"
    );
}

#[actix_web::test]
async fn an_unset_portfolio_is_not_a_page_for_anonymous_visitors() {
    let app = TestApp::empty().await;
    let (status, location, _) = app.browser().get_page("/").await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, "/log-ind")
    );
}

#[actix_web::test]
async fn the_first_quarter_is_made_on_the_quarters_page() {
    let app = empty_with_password().await;
    let mut browser = app.browser();
    browser.sign_in(ADMIN_EMAIL, PASSWORD).await;
    let (status, _, html) = browser.get_page("/administration/kvartaler").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "not a 404 before the first quarter: {html}"
    );
    assert!(html.contains("<button type=\"submit\">Opret "), "{html}");
    let csrf = browser.csrf_of("/administration/kvartaler").await;
    let at = html.find("name=\"kode\" value=\"").unwrap() + "name=\"kode\" value=\"".len();
    let code = html[at..].split('"').next().unwrap().to_string();
    let fields = [
        ("csrf", csrf.as_str()),
        ("kode", code.as_str()),
        ("frist-ny", "18-12-2026"),
    ];
    let (status, _, _) = browser
        .post_form("/administration/kvartaler", &fields)
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, quarters) = app.as_admin().get("/api/v1/quarters").await;
    assert_eq!(quarters[0]["code"], code.as_str());
}
