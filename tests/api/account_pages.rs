//! Mine API-nøgler and Skift adgangskode: every signed-in person looks after
//! their own keys and password in the browser, with the API's rules.

use crate::harness::{TestApp, PM};
use crate::helpers::*;
use actix_web::http::StatusCode;

#[actix_web::test]
async fn a_person_creates_lists_and_revokes_their_own_keys() {
    let app = TestApp::seeded().await;
    let mut browser = app.browser_as(PM).await;
    let csrf = browser.csrf_of("/mine-api-noegler").await;
    let (status, _, page) = browser
        .post_form("/api-noegler", &[("csrf", &csrf), ("name", "Power BI <b>")])
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let at = page.find("readonly value=\"").unwrap() + "readonly value=\"".len();
    let secret = page[at..].split('"').next().unwrap().to_string();
    let (status, _) = app.with_token(&secret).get("/api/v1/projects").await;
    assert_eq!(status, StatusCode::OK, "the new key works");

    let (status, _, list) = browser.get_page("/mine-api-noegler").await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains("Power BI &#60;b&#62;"), "escaped: {list}");
    assert!(!list.contains(&secret), "the secret is never shown again");
    let at = list.find("/mine-api-noegler/").unwrap() + "/mine-api-noegler/".len();
    let id = list[at..].split('/').next().unwrap().to_string();
    let revoke = format!("/mine-api-noegler/{id}/tilbagekald");

    let (status, _, _) = browser.post_form(&revoke, &[("csrf", "forkert")]).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "no CSRF token, no revocation"
    );
    let mut someone_else = app.browser_as(crate::harness::COUNCIL).await;
    let other_csrf = someone_else.csrf_of("/mine-api-noegler").await;
    let (status, _, _) = someone_else
        .post_form(&revoke, &[("csrf", &other_csrf)])
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not their key");

    let (status, location, _) = browser.post_form(&revoke, &[("csrf", &csrf)]).await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, "/mine-api-noegler")
    );
    let (_, _, list) = browser.get_page("/mine-api-noegler").await;
    assert!(list.contains("Tilbagekaldt"), "{list}");
    let (status, _) = app.with_token(&secret).get("/api/v1/projects").await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a revoked key stops at once"
    );
    let (_, trail) = app.as_admin().get("/api/v1/audit?entity=token").await;
    assert!(trail["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "revoke" && e["entity_id"] == id.as_str()));
}

#[actix_web::test]
async fn changing_ones_password_takes_the_present_one_and_the_new_one_twice() {
    let app = TestApp::seeded().await;
    let mut browser = app.browser_as(PM).await;
    let csrf = browser.csrf_of("/skift-adgangskode").await;
    let new = "Et-nyt-og-langt-kodeord-2026";
    let attempt = |current: &'static str, again: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("nuvaerende", current.to_string()),
            ("ny", new.to_string()),
            ("gentag", again.to_string()),
        ]
    };
    for (fields, message) in [
        (
            attempt(DEMO_PASSWORD, "Et-andet-kodeord-2026"),
            "De to nye adgangskoder er ikke ens",
        ),
        (
            attempt("forkert-kodeord-123", new),
            "Den nuværende adgangskode er forkert.",
        ),
    ] {
        let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, _, html) = browser.post_form("/skift-adgangskode", &borrowed).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
        assert!(html.contains(message), "{message}: {html}");
        assert!(html.contains("role=\"alert\""));
    }
    let short = [
        ("csrf", csrf.as_str()),
        ("nuvaerende", DEMO_PASSWORD),
        ("ny", "kort"),
        ("gentag", "kort"),
    ];
    let (status, _, html) = browser.post_form("/skift-adgangskode", &short).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Adgangskoden skal være 12 til"), "{html}");

    let fields = attempt(DEMO_PASSWORD, new);
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, location, _) = browser.post_form("/skift-adgangskode", &borrowed).await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, "/log-ind")
    );
    let (status, location, _) = browser.get_page("/").await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, "/log-ind"),
        "signed out"
    );
    let mut fresh = app.browser();
    let (status, _, _) = fresh.sign_in(PM, DEMO_PASSWORD).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the old password is gone");
    let (status, _, _) = fresh.sign_in(PM, new).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}
