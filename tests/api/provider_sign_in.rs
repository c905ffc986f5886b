//! Sign-in with the municipality's identity provider, in-process: the pages
//! with passwords switched off, answers that are not ours refused in Danish,
//! and who the provider's identity becomes (`app::sessions`) on the real
//! database. The whole flow against a real provider is in the Chromium e2e.

use crate::harness::{TestApp, PM, READER};
use crate::helpers::DEMO_PASSWORD;
use actix_web::http::StatusCode;
use portefolje::app::sessions::{sign_in_with_provider, Identity, ProviderSignIn};
use portefolje::auth::oidc::{Oidc, SignInOptions};
use serde_json::json;

/// The service with a provider configured (nothing listens there: the
/// metadata is only fetched when someone starts a sign-in).
async fn with_provider(app: &TestApp, password: bool) -> TestApp {
    let oidc = Oidc::new(
        "http://127.0.0.1:9/",
        "portefolje",
        "hemmelig",
        "http://localhost:8080",
    )
    .unwrap();
    let options = SignInOptions {
        oidc: Some(oidc),
        password,
        create_people: false,
    };
    let shared = portefolje::Shared::from(app.db().clone()).with_sign_in(options);
    app.sibling(shared).await
}

#[actix_web::test]
async fn the_sign_in_page_offers_the_municipal_account_and_passwords_can_be_off() {
    let plain = TestApp::seeded().await;
    let (_, _, page) = plain.browser().get_page("/log-ind").await;
    assert!(!page.contains("/log-ind/oidc"), "no provider, no button");
    assert_eq!(
        plain.browser().get_page("/log-ind/oidc").await.0,
        StatusCode::NOT_FOUND
    );

    let app = with_provider(&plain, false).await;
    let mut browser = app.browser();
    let (_, _, page) = browser.get_page("/log-ind").await;
    assert!(
        page.contains(
            "<a class=\"button\" href=\"/log-ind/oidc\">Log ind med Albertslund Kommunes konto</a>"
        ),
        "{page}"
    );
    assert!(!page.contains("id=\"password\""), "no password form");
    let form = [("email", PM), ("password", DEMO_PASSWORD), ("csrf", "x")];
    let (status, _, page) = browser.post_form("/log-ind", &form).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("Log ind med kommunens konto. Adgangskoder bruges ikke her."));
    // API tokens keep working.
    assert_eq!(
        app.as_reader().get("/api/v1/projects").await.0,
        StatusCode::OK
    );
    // With both on, both are offered.
    let both = with_provider(&plain, true).await;
    let (_, _, page) = both.browser().get_page("/log-ind").await;
    assert!(
        page.contains("Log ind med Albertslund Kommunes konto") && page.contains("id=\"password\"")
    );
    assert_eq!(
        both.browser().sign_in(PM, DEMO_PASSWORD).await.0,
        StatusCode::SEE_OTHER
    );
}

#[actix_web::test]
async fn answers_that_are_not_ours_get_a_danish_page_never_a_500() {
    let plain = TestApp::seeded().await;
    let app = with_provider(&plain, true).await;
    let mut browser = app.browser();
    let (status, _, page) = browser
        .get_page("/log-ind/oidc/callback?code=abc&state=forkert")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        page.contains("passer ikke til et login, der er startet her"),
        "{page}"
    );
    let (status, _, page) = browser
        .get_page("/log-ind/oidc/callback?error=access_denied&state=x")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("Kommunens login afbrød login (access_denied)"));
    let (status, _, _) = browser.get_page("/log-ind/oidc/callback").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // The provider cannot be reached: said in Danish.
    let (status, _, page) = browser.get_page("/log-ind/oidc").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(page.contains("Kommunens login svarer ikke lige nu."));
}

fn identity(subject: &str, email: Option<&str>, verified: Option<bool>) -> Identity {
    Identity {
        subject: subject.into(),
        email: email.map(str::to_string),
        email_verified: verified,
        name: Some("Ny Medarbejder".into()),
    }
}

fn sign_in(app: &TestApp, who: &Identity, create: bool) -> ProviderSignIn {
    let who = who.clone();
    app.db()
        .run_blocking(move |c| {
            let session = portefolje::secrets::token_hash(&portefolje::secrets::new_token("s_"));
            sign_in_with_provider(c, &who, &session, None, create)
        })
        .unwrap()
}

#[actix_web::test]
async fn the_provider_identity_is_found_by_e_mail_then_remembered_by_subject() {
    let app = TestApp::seeded().await;
    // First time: by the verified e-mail; the subject is remembered.
    let first = identity("sub-1", Some(PM), Some(true));
    let ProviderSignIn::SignedIn(account) = sign_in(&app, &first, false) else {
        panic!("by e-mail")
    };
    assert_eq!(account.email, PM);
    // Then by the subject, whatever e-mail the provider sends.
    let later = identity("sub-1", Some("nyt.navn@albertslund.dk"), Some(true));
    assert!(matches!(sign_in(&app, &later, false), ProviderSignIn::SignedIn(a) if a.email == PM));
    // Another subject with the same e-mail is not let in as him.
    let other = identity("sub-2", Some(PM), Some(true));
    assert!(matches!(
        sign_in(&app, &other, false),
        ProviderSignIn::Unknown { .. }
    ));
    // An e-mail the provider says is not verified finds nobody.
    let unverified = identity("sub-3", Some(READER), Some(false));
    assert!(matches!(
        sign_in(&app, &unverified, false),
        ProviderSignIn::Unknown { .. }
    ));
    // Entra ID leaves email_verified out: its e-mail counts.
    let entra = identity("sub-4", Some(READER), None);
    assert!(
        matches!(sign_in(&app, &entra, false), ProviderSignIn::SignedIn(a) if a.email == READER)
    );

    // A deactivated person is not let in through the provider either.
    let pm = app.person_id(PM);
    let (status, _) = app
        .as_admin()
        .put(
            &format!("/api/v1/people/{pm}/active"),
            json!({"active": false}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(matches!(
        sign_in(&app, &first, false),
        ProviderSignIn::Unknown { .. }
    ));

    // Unknown people: refused, or created as readers when allowed.
    let new = identity("sub-5", Some("ny.medarbejder@albertslund.dk"), Some(true));
    assert!(matches!(
        sign_in(&app, &new, false),
        ProviderSignIn::Unknown { .. }
    ));
    let ProviderSignIn::SignedIn(created) = sign_in(&app, &new, true) else {
        panic!("created")
    };
    let (_, person) = app
        .as_admin()
        .get(&format!("/api/v1/people/{}", created.person_id))
        .await;
    assert_eq!(
        (&person["name"], &person["role"]),
        (&json!("Ny Medarbejder"), &json!("reader"))
    );
    let (_, trail) = app
        .as_admin()
        .get("/api/v1/audit?entity=session&limit=20")
        .await;
    let via: Vec<&serde_json::Value> = trail["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["after"]["via"] == "identity provider")
        .collect();
    assert!(
        via.iter().any(|e| e["action"] == "sign in")
            && via.iter().any(|e| e["action"] == "failed sign-in")
    );
}
