//! Deactivating a person and one-time password links, through the person
//! page and the API: who may, what ends, what the trail keeps, and a link
//! raced from two service instances spent once.

use crate::harness::{Browser, TestApp, ADMIN, COUNCIL, PM};
use crate::helpers::DEMO_PASSWORD;
use actix_web::http::StatusCode;
use serde_json::{json, Value};

/// Post the form at `to` with the CSRF token of the page at `from`.
async fn submit_to(
    browser: &mut Browser<'_>,
    from: &str,
    to: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String, String) {
    let csrf = browser.csrf_of(from).await;
    let mut form = vec![("csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    browser.post_form(to, &form).await
}

/// The link's path in the page that shows it once.
fn link_path(html: &str) -> String {
    let start = html.find("/adgangskode/").expect("a link on the page");
    html[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '/' || *c == '-')
        .collect()
}

/// The newest audit record about a person, as the API shows it.
async fn newest(app: &TestApp, id: i64) -> Value {
    let (_, page) = app
        .as_admin()
        .get(&format!(
            "/api/v1/audit?entity=person&entity_id={id}&limit=1"
        ))
        .await;
    page["items"][0].clone()
}

/// Choose a password on a link's page with the browser's CSRF token; the
/// status and the page.
async fn choose(
    browser: &mut Browser<'_>,
    path: &str,
    csrf: &str,
    new: &str,
    again: &str,
) -> (StatusCode, String) {
    let form = [("csrf", csrf), ("ny", new), ("gentag", again)];
    let (status, _, html) = browser.post_form(path, &form).await;
    (status, html)
}

#[actix_web::test]
async fn a_deactivated_person_is_shut_out_and_comes_back_when_activated() {
    let app = TestApp::seeded().await;
    let pm = app.person_id(PM);
    let page = format!("/administration/personer/{pm}");
    let mut admin = app.browser_as(ADMIN).await;
    let mut peter = app.browser_as(PM).await;
    let token = app.as_manager(PM);
    assert_eq!(token.get("/api/v1/projects").await.0, StatusCode::OK);

    let (_, _, form) = admin.get_page(&page).await;
    assert!(form.contains("Personen er aktiv."), "{form}");
    let (status, location, _) =
        submit_to(&mut admin, &page, &format!("{page}/deaktiver"), &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, _, list) = admin.get_page(&location).await;
    assert!(
        list.contains("Personen Peter Holm er deaktiveret og kan ikke længere logge ind."),
        "{list}"
    );
    assert!(list.contains("<td>Deaktiveret</td>"), "{list}");

    // The open session, the API token and a new sign-in all end.
    let (status, location, _) = peter.get_page("/").await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, "/log-ind")
    );
    assert_eq!(
        token.get("/api/v1/projects").await.0,
        StatusCode::UNAUTHORIZED
    );
    let (status, _, html) = app.browser().sign_in(PM, DEMO_PASSWORD).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(html.contains("E-mail eller adgangskode er forkert."));
    // Projects still name him.
    let (_, person) = app.as_admin().get(&format!("/api/v1/people/{pm}")).await;
    assert_eq!(
        (&person["name"], &person["active"]),
        (&json!("Peter Holm"), &json!(false))
    );
    let entry = newest(&app, pm).await;
    assert_eq!(
        (
            &entry["action"],
            &entry["before"]["active"],
            &entry["after"]["active"]
        ),
        (&json!("deactivation"), &json!(true), &json!(false))
    );

    let (_, _, form) = admin.get_page(&page).await;
    assert!(form.contains("Personen er deaktiveret og kan ikke logge ind."));
    let (status, location, _) = submit_to(&mut admin, &page, &format!("{page}/aktiver"), &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, _, list) = admin.get_page(&location).await;
    assert!(
        list.contains("Personen Peter Holm er aktiv igen."),
        "{list}"
    );
    // The password was kept; the revoked token stays revoked.
    let (status, _, _) = app.browser().sign_in(PM, DEMO_PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        token.get("/api/v1/projects").await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(newest(&app, pm).await["action"], "reactivation");
}

#[actix_web::test]
async fn nobody_deactivates_themselves_nor_the_last_administrator() {
    let app = TestApp::seeded().await;
    let me = app.person_id(ADMIN);
    let page = format!("/administration/personer/{me}");
    let mut admin = app.browser_as(ADMIN).await;
    let (status, _, html) = submit_to(&mut admin, &page, &format!("{page}/deaktiver"), &[]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Adgangen blev ikke ændret"), "{html}");
    assert!(html.contains("Du kan ikke deaktivere dig selv."), "{html}");

    // The test administrator (without a password) may not deactivate the
    // only administrator who can sign in.
    let (status, err) = app
        .as_admin()
        .put(
            &format!("/api/v1/people/{me}/active"),
            json!({"active": false}),
        )
        .await;
    assert_eq!(
        (status, err["code"].as_str(), err["field"].as_str()),
        (
            StatusCode::CONFLICT,
            Some("last_administrator"),
            Some("active")
        )
    );
    // Only administrators.
    let pm = app.person_id(PM);
    let (status, _) = app
        .as_council()
        .put(
            &format!("/api/v1/people/{pm}/active"),
            json!({"active": false}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let mut council = app.browser_as(COUNCIL).await;
    let (status, _, _) = submit_to(
        &mut council,
        "/",
        &format!("/administration/personer/{pm}/deaktiver"),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, person) = app.as_admin().get(&format!("/api/v1/people/{pm}")).await;
    assert_eq!(person["active"], true);
}

#[actix_web::test]
async fn a_password_link_sets_the_password_once() {
    let app = TestApp::seeded().await;
    let (_, person) = app
        .as_admin()
        .post(
            "/api/v1/people",
            json!({"name": "Nanna <b>Ny</b>", "email": "nanna.ny@albertslund.dk"}),
        )
        .await;
    let id = person["id"].as_i64().unwrap();
    let page = format!("/administration/personer/{id}");
    let mut admin = app.browser_as(ADMIN).await;
    let (status, _, shown) =
        submit_to(&mut admin, &page, &format!("{page}/engangslink"), &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        shown.contains("Engangslink til Nanna &#60;b&#62;Ny&#60;/b&#62;"),
        "{shown}"
    );
    assert!(!shown.contains("<b>Ny</b>"), "escaped");
    assert!(shown.contains("Det vises kun denne ene gang."));
    let link = link_path(&shown);
    let made = newest(&app, id).await;
    assert_eq!(made["action"], "password link");
    assert!(
        !made.to_string().contains(&link[13..]),
        "the trail never holds the link"
    );

    let mut nanna = app.browser();
    let (status, _, form) = nanna.get_page(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        form.contains("Linket er til Nanna &#60;b&#62;Ny&#60;/b&#62; (nanna.ny@albertslund.dk)."),
        "{form}"
    );
    let csrf = crate::helpers::hidden_csrf(&form);
    // Without the form's token nothing happens.
    let (status, _) = choose(
        &mut nanna,
        &link,
        "forkert",
        "en lang ny adgangskode",
        "en lang ny adgangskode",
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, html) = choose(
        &mut nanna,
        &link,
        &csrf,
        "en lang ny adgangskode",
        "en anden",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("De to nye adgangskoder er ikke ens."));
    let (status, html) = choose(&mut nanna, &link, &csrf, "kort", "kort").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("<a href=\"#ny\">Adgangskoden skal være 12 til"),
        "{html}"
    );
    let (status, html) = choose(
        &mut nanna,
        &link,
        &csrf,
        "en lang ny adgangskode",
        "en lang ny adgangskode",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("Adgangskoden er gemt."));
    let changed = newest(&app, id).await;
    assert_eq!(
        (
            &changed["action"],
            &changed["actor"],
            &changed["after"]["by"]
        ),
        (
            &json!("password change"),
            &json!("nanna.ny@albertslund.dk"),
            &json!("password link")
        )
    );
    let (status, _, _) = app
        .browser()
        .sign_in("nanna.ny@albertslund.dk", "en lang ny adgangskode")
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    // Spent: the page says so, and a second submit changes nothing.
    let (status, _, html) = app.browser().get_page(&link).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(html.contains("Linket er allerede brugt"));
    let (status, html) = choose(
        &mut nanna,
        &link,
        &csrf,
        "en helt tredje kode",
        "en helt tredje kode",
    )
    .await;
    assert_eq!(status, StatusCode::GONE, "{html}");
    let (status, _, _) = app
        .browser()
        .sign_in("nanna.ny@albertslund.dk", "en lang ny adgangskode")
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}

#[actix_web::test]
async fn a_new_link_replaces_the_old_and_a_deactivated_person_gets_none() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let pm = app.person_id(PM);
    let path = format!("/api/v1/people/{pm}/password-link");
    let (status, first) = admin.post(&path, json!(null)).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    let first = first["path"].as_str().unwrap().to_string();
    assert!(first.starts_with("/adgangskode/"));
    let (_, second) = admin.post(&path, json!(null)).await;
    let second = second["path"].as_str().unwrap().to_string();
    assert_eq!(app.browser().get_page(&first).await.0, StatusCode::GONE);
    assert_eq!(app.browser().get_page(&second).await.0, StatusCode::OK);
    assert_eq!(
        app.as_council().post(&path, json!(null)).await.0,
        StatusCode::FORBIDDEN
    );

    // Deactivation ends the live link too, and no new one is made.
    let (status, _) = admin
        .put(
            &format!("/api/v1/people/{pm}/active"),
            json!({"active": false}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(app.browser().get_page(&second).await.0, StatusCode::GONE);
    let (status, err) = admin.post(&path, json!(null)).await;
    assert_eq!(
        (status, err["code"].as_str()),
        (StatusCode::CONFLICT, Some("deactivated"))
    );
    let page = format!("/administration/personer/{pm}");
    let mut browser = app.browser_as(ADMIN).await;
    let (status, _, html) =
        submit_to(&mut browser, &page, &format!("{page}/engangslink"), &[]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Linket blev ikke lavet"), "{html}");
    assert!(
        html.contains("Personen er deaktiveret. Aktivér personen først."),
        "{html}"
    );
    assert_eq!(
        app.as_admin().get("/api/v1/people/99999").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        admin
            .post("/api/v1/people/99999/password-link", json!(null))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn a_link_used_twice_at_once_from_two_instances_sets_one_password() {
    let app = TestApp::seeded().await;
    let other = portefolje::db::Db::connect(&app.test_db().url, 8).unwrap();
    let second_instance = app.sibling(other).await;
    let pm = app.person_id(PM);
    let rounds = 10;
    let mut last = (String::new(), String::new());
    for round in 0..rounds {
        let (_, made) = app
            .as_admin()
            .post(&format!("/api/v1/people/{pm}/password-link"), json!(null))
            .await;
        let link = made["path"].as_str().unwrap().to_string();
        let (mut a, mut b) = (app.browser(), second_instance.browser());
        let (ca, cb) = (a.csrf_of(&link).await, b.csrf_of(&link).await);
        let (pa, pb) = (
            format!("adgangskode A nr. {round}"),
            format!("adgangskode B nr. {round}"),
        );
        let form_a = [
            ("csrf", ca.as_str()),
            ("ny", pa.as_str()),
            ("gentag", pa.as_str()),
        ];
        let form_b = [
            ("csrf", cb.as_str()),
            ("ny", pb.as_str()),
            ("gentag", pb.as_str()),
        ];
        let ((sa, _, _), (sb, _, _)) =
            futures::join!(a.post_form(&link, &form_a), b.post_form(&link, &form_b));
        let mut statuses = [sa, sb];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::OK, StatusCode::GONE],
            "round {round}"
        );
        last = if sa == StatusCode::OK {
            (pa, pb)
        } else {
            (pb, pa)
        };
    }
    // One password change per link, and the last winner's password is the one.
    let (_, trail) = app
        .as_admin()
        .get(&format!(
            "/api/v1/audit?entity=person&entity_id={pm}&limit=500"
        ))
        .await;
    let changes = trail["items"].as_array().unwrap().iter();
    let changes = changes.filter(|e| e["action"] == "password change").count();
    assert_eq!(changes, rounds);
    let (winner, loser) = last;
    assert_eq!(
        app.browser().sign_in(PM, &loser).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.browser().sign_in(PM, &winner).await.0,
        StatusCode::SEE_OTHER
    );
}

#[actix_web::test]
async fn sign_ins_racing_a_deactivation_leave_no_session_that_works() {
    let app = TestApp::seeded().await;
    let other = portefolje::db::Db::connect(&app.test_db().url, 8).unwrap();
    let second_instance = app.sibling(other).await;
    let pm = app.person_id(PM);
    let mut browsers: Vec<Browser<'_>> = (0..6)
        .map(|i| {
            if i % 2 == 0 {
                app.browser()
            } else {
                second_instance.browser()
            }
        })
        .collect();
    let mut tokens = vec![];
    for b in browsers.iter_mut() {
        tokens.push(b.csrf_of("/log-ind").await);
    }
    let admin = app.as_admin();
    let path = format!("/api/v1/people/{pm}/active");
    let deactivate = admin.put(&path, json!({"active": false}));
    let sign_ins = browsers
        .iter_mut()
        .zip(&tokens)
        .map(|(b, csrf)| async move {
            let form = [
                ("email", PM),
                ("password", DEMO_PASSWORD),
                ("csrf", csrf.as_str()),
            ];
            b.post_form("/log-ind", &form).await
        });
    // Every sign-in owns its browser: poll them and the deactivation together.
    let (deactivated, _) = futures::join!(deactivate, futures::future::join_all(sign_ins));
    assert_eq!(deactivated.0, StatusCode::OK);
    for b in browsers.iter_mut() {
        let (status, location, _) = b.get_page("/").await;
        assert_eq!(
            (status, location.as_str()),
            (StatusCode::SEE_OTHER, "/log-ind")
        );
    }
}
