//! The probe's findings of issue 10 besides the races: passwords, slow
//! bodies, imports in the trail, the trail's own guard, addresses, sessions,
//! strict JSON and ETags, and a person's own data.

use crate::harness::{Browser, Client, TestApp, COUNCIL, PM};
use crate::helpers::*;
use actix_web::dev::ServiceResponse;
use actix_web::http::{Method, StatusCode};
use actix_web::test;
use serde_json::{json, Value};

async fn trail(admin: &Client<'_>, query: &str) -> Vec<Value> {
    let (status, page) = admin.get(&format!("/api/v1/audit?limit=500&{query}")).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    page["items"].as_array().unwrap().clone()
}

/// Whether a browser's session still opens the front page.
async fn still_signed_in(browser: &mut Browser<'_>) -> bool {
    let (status, location, _) = browser.get_page("/").await;
    assert!(
        status == StatusCode::OK || location.contains("/log-ind"),
        "{status} {location}"
    );
    status == StatusCode::OK
}

#[actix_web::test]
async fn a_password_change_needs_the_current_one_and_ends_sessions() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let peter = app.person_id(PM);
    let pm = app.as_manager(PM);
    let mut browser = app.browser_as(PM).await;
    assert!(still_signed_in(&mut browser).await);
    let path = format!("/api/v1/people/{peter}/password");
    let new = "en ny og lang adgangskode";

    let (status, err) = pm.put(&path, json!({"password": new})).await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("current_password"))
    );
    let wrong = json!({"password": new, "current_password": "ikke den rigtige"});
    let (status, _) = pm.put(&path, wrong).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        still_signed_in(&mut browser).await,
        "a refused change ends nothing"
    );

    let right = json!({"password": new, "current_password": DEMO_PASSWORD});
    let (status, _) = pm.put(&path, right).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(
        !still_signed_in(&mut browser).await,
        "the other session has ended"
    );
    let (status, _) = pm.get("/api/v1/projects").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "one's own change keeps one's tokens"
    );

    // An administrator's reset ends every session and revokes every token.
    let mut browser = app.browser();
    let (status, _, _) = browser.sign_in(PM, new).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(still_signed_in(&mut browser).await);
    let too_long =
        json!({"password": "nulstillet af it-chefen", "current_password": "x".repeat(1025)});
    let (status, err) = admin.put(&path, too_long).await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("current_password")),
        "what the spec calls invalid is refused even where it is not used"
    );
    let (status, _) = admin
        .put(&path, json!({"password": "nulstillet af it-chefen"}))
        .await;
    assert_eq!(
        status,
        StatusCode::NO_CONTENT,
        "administrators need no current password"
    );
    assert!(!still_signed_in(&mut browser).await);
    let (status, _) = pm.get("/api/v1/projects").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let resets = trail(&admin, &format!("entity=person&entity_id={peter}")).await;
    assert!(resets
        .iter()
        .any(|e| e["action"] == "password change" && e["after"]["tokens_revoked"] == 1));
}

/// Send a request's head and then its body a byte a second, over a real
/// socket; the status line of the answer and how long it took.
fn trickle(port: u16, head: &str, body_len: usize) -> (String, std::time::Duration) {
    use std::io::{Read, Write};
    let started = std::time::Instant::now();
    let mut socket = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    socket
        .set_read_timeout(Some(std::time::Duration::from_millis(900)))
        .unwrap();
    socket.write_all(head.as_bytes()).unwrap();
    let mut answer = Vec::new();
    for _ in 0..body_len {
        if socket.write_all(b"x").is_err() {
            break;
        }
        let mut buf = [0u8; 1024];
        match socket.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                answer.extend_from_slice(&buf[..n]);
                break;
            }
            Err(_) => {} // nothing yet: send the next byte
        }
        if started.elapsed() > std::time::Duration::from_secs(40) {
            break;
        }
    }
    let text = String::from_utf8_lossy(&answer).to_string();
    (
        text.lines().next().unwrap_or("").to_string(),
        started.elapsed(),
    )
}

#[actix_web::test]
async fn a_body_sent_a_byte_at_a_time_is_cut_off_with_408() {
    let t = TestDb::seeded();
    let db = t.db().clone();
    let server = actix_web::HttpServer::new(move || portefolje::app(db.clone()))
        .workers(1)
        .bind(("127.0.0.1", 0))
        .unwrap();
    let port = server.addrs()[0].port();
    let server = server.run();
    let handle = server.handle();
    actix_web::rt::spawn(server);
    let sign_in = "POST /log-ind HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 200\r\n\r\n".to_string();
    let api = format!("PUT /api/v1/projects/1/description HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {ADMIN_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n");
    let (form, json) = futures::join!(
        actix_web::rt::task::spawn_blocking(move || trickle(port, &sign_in, 200)),
        actix_web::rt::task::spawn_blocking(move || trickle(port, &api, 200)),
    );
    let ((form, form_took), (json, json_took)) = (form.unwrap(), json.unwrap());
    assert!(
        form.contains("408"),
        "sign-in: {form:?} after {form_took:?}"
    );
    assert!(
        form_took < std::time::Duration::from_secs(8),
        "{form_took:?}"
    );
    assert!(json.contains("408"), "API: {json:?} after {json_took:?}");
    assert!(
        json_took < std::time::Duration::from_secs(13),
        "{json_took:?}"
    );
    handle.stop(false).await;
}

#[actix_web::test]
async fn an_anonymous_request_reads_only_a_small_body() {
    let app = TestApp::empty().await;
    let anonymous = app.anonymous();
    let big = "x".repeat(64 * 1024);
    let req = anonymous
        .request(Method::POST, "/log-ind")
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .set_payload(format!("email={big}"))
        .to_request();
    assert_eq!(app.call(req).await.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let req = anonymous
        .request(Method::POST, "/api/v1/projects")
        .insert_header(("content-type", "application/json"))
        .set_payload(format!("{{\"name\": \"{big}\"}}"))
        .to_request();
    assert_eq!(app.call(req).await.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[actix_web::test]
async fn an_import_audits_each_project_and_status_version() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let id = admin.project_id("Nøgleskab").await;
    let file = "Projektnavn;Kvartal;Ressourcer;Leverancer;Tid;Kommentar tid;Økonomi\nNøgleskab;2022Q3;grøn;grøn;rød;Skabene er forsinket;grøn\n";
    let (status, result) = admin.upload("/api/v1/import/status", file).await;
    assert_eq!(status, StatusCode::OK, "{result}");
    let entries = trail(&admin, &format!("entity=status&entity_id={id}/2022Q3")).await;
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["action"], "report");
    assert_eq!(entries[0]["actor"], "test-admin@albertslund.dk");
    assert_eq!(
        entries[0]["after"]["tid"]["comment"],
        "Skabene er forsinket"
    );
    assert!(
        !trail(&admin, "entity=import").await.is_empty(),
        "and the summary"
    );

    let file = "Projektnavn;Afdeling;Fase\nNyt byggesagssystem;IT&D;idé\n";
    let (status, result) = admin.upload("/api/v1/import/projects", file).await;
    assert_eq!(status, StatusCode::OK, "{result}");
    let new = admin.project_id("Nyt byggesagssystem").await;
    let entries = trail(&admin, &format!("entity=project&entity_id={new}")).await;
    assert_eq!(entries.len(), 1);
    assert_eq!(
        (
            entries[0]["action"].as_str(),
            entries[0]["after"]["name"].as_str()
        ),
        (Some("create"), Some("Nyt byggesagssystem"))
    );
}

#[actix_web::test]
async fn an_import_refuses_reported_dates_outside_the_quarter_and_today() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let file = "Projektnavn;Kvartal;Ressourcer;Leverancer;Tid;Økonomi;Indrapporteret\nNøgleskab;2022Q3;grøn;grøn;grøn;grøn;15-06-2022\nCitizen Lab;2022Q3;grøn;grøn;grøn;grøn;01-01-2099\n";
    let (status, err) = admin.upload("/api/v1/import/status", file).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let lines: Vec<i64> = err["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["line"].as_i64().unwrap())
        .collect();
    assert_eq!(lines, [2, 3], "{err}");
    assert!(
        err["lines"][0]["message"]
            .as_str()
            .unwrap()
            .contains("before 2022Q3"),
        "{err}"
    );
}

#[actix_web::test]
async fn an_import_cannot_make_programmes_of_each_other() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let file = "Projektnavn;Afdeling;Fase;Program\nA-projektet;IT&D;idé;B-projektet\nB-projektet;IT&D;idé;A-projektet\n";
    let (status, err) = admin.upload("/api/v1/import/projects", file).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(err["lines"][0]["line"], 3, "{err}");
    assert!(err["lines"][0]["message"]
        .as_str()
        .unwrap()
        .contains("own programme"));
    let (_, page) = admin.get("/api/v1/projects?q=projektet").await;
    assert_eq!(page["total"], 0, "nothing imported");
}

#[actix_web::test]
async fn the_trail_refuses_replace_and_truncate() {
    use diesel::RunQueryDsl;
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    app.browser_as(PM).await;
    let before = trail(&admin, "").await.len();
    let backend = app.test_db().backend();
    let refused = app.db().run_blocking(move |c| {
        let sql = match backend {
            portefolje::db::Backend::Sqlite => "INSERT OR REPLACE INTO audit_log (id, at, actor, action, entity, entity_id) SELECT id, at, 'x', 'x', 'x', 'x' FROM audit_log",
            portefolje::db::Backend::Postgres => "TRUNCATE audit_log",
        };
        Ok(diesel::sql_query(sql).execute(c).is_err())
    });
    assert!(refused.unwrap(), "the database refuses it");
    let after = trail(&admin, "").await;
    assert_eq!(after.len(), before);
    assert!(after.iter().all(|e| e["actor"] != "x"));
}

#[actix_web::test]
async fn addresses_that_could_carry_headers_are_refused() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    for email in [
        "pl@x.dk?bcc=spy%40evil.dk",
        "a&b@x.dk",
        "<pl@x.dk>",
        "\"pl\"@x.dk",
    ] {
        let (status, err) = admin
            .post("/api/v1/people", json!({"name": "Spion", "email": email}))
            .await;
        assert_eq!(
            (status, err["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("email")),
            "{email}"
        );
    }
    let (status, _) = admin
        .post(
            "/api/v1/people",
            json!({"name": "Søren O'Hara", "email": "soeren.o'hara@albertslund.dk"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
}

#[actix_web::test]
async fn sessions_end_after_twelve_hours_whatever_the_use() {
    use diesel::prelude::*;
    use portefolje::db::schema::sessions;
    let app = TestApp::seeded().await;
    let mut browser = app.browser_as(PM).await;
    assert!(still_signed_in(&mut browser).await);
    app.db()
        .run_blocking(|c| {
            let long_ago = portefolje::db::now()
                - chrono::TimeDelta::hours(12)
                - chrono::TimeDelta::minutes(1);
            diesel::update(sessions::table)
                .set(sessions::created_at.eq(long_ago))
                .execute(c)?;
            Ok(())
        })
        .unwrap();
    assert!(!still_signed_in(&mut browser).await);
}

#[actix_web::test]
async fn the_csrf_token_is_the_sessions_and_foreign_origins_are_refused() {
    let app = TestApp::seeded().await;
    let mut browser = app.browser_as(PM).await;
    let before_sign_in = browser
        .jar
        .0
        .get("portefolje_csrf")
        .cloned()
        .expect("the sign-in form's token");
    let post = |csrf: String, origin: Option<&'static str>, cookies: String| {
        let mut req = test::TestRequest::post()
            .uri("/log-ud")
            .insert_header(("host", "portefolje.albertslund.dk"))
            .insert_header(("cookie", cookies))
            .set_form([("csrf", csrf)]);
        if let Some(origin) = origin {
            req = req.insert_header(("origin", origin));
        }
        req.to_request()
    };
    let status = |req| async { app.call(req).await.status() };
    assert_eq!(
        status(post(before_sign_in, None, browser.jar.header())).await,
        StatusCode::FORBIDDEN,
        "the token from before sign-in is not the session's"
    );
    let csrf = browser.csrf_of("/").await;
    assert_eq!(
        status(post(
            csrf.clone(),
            Some("https://evil.example"),
            browser.jar.header()
        ))
        .await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        status(post(csrf.clone(), Some("null"), browser.jar.header())).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        status(post(
            csrf,
            Some("https://portefolje.albertslund.dk"),
            browser.jar.header()
        ))
        .await,
        StatusCode::SEE_OTHER
    );
}

fn session_cookie_is_secure(resp: &ServiceResponse) -> bool {
    resp.response()
        .cookies()
        .find(|c| c.name() == "portefolje_session")
        .expect("a session cookie")
        .secure()
        .unwrap_or(false)
}

async fn sign_in_via(app: &TestApp, forwarded_proto: &str) -> ServiceResponse {
    let mut browser = app.browser();
    let csrf = browser.csrf_of("/log-ind").await;
    let req = browser
        .request(Method::POST, "/log-ind")
        .peer_addr("10.0.0.2:4000".parse().unwrap())
        .insert_header(("x-forwarded-proto", forwarded_proto.to_string()))
        // A client's own line first, then the one the proxy added.
        .append_header(("x-forwarded-for", "198.51.100.7"))
        .append_header(("x-forwarded-for", "198.51.100.8, 203.0.113.9:5000"))
        .set_form([("email", PM), ("password", DEMO_PASSWORD), ("csrf", &csrf)])
        .to_request();
    let resp = app.call(req).await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    resp
}

#[actix_web::test]
async fn the_secure_flag_follows_only_a_trusted_proxy() {
    let app = TestApp::seeded().await;
    assert!(
        !session_cookie_is_secure(&sign_in_via(&app, "https").await),
        "a client's word is not enough"
    );
    let proxied = portefolje::Shared::from(app.db().clone()).with_trusted_proxy(
        portefolje::auth::TrustedProxy(Some("10.0.0.2".parse().unwrap())),
    );
    let proxied = app.sibling(proxied).await;
    assert!(session_cookie_is_secure(
        &sign_in_via(&proxied, "https").await
    ));
    assert!(!session_cookie_is_secure(
        &sign_in_via(&proxied, "http").await
    ));
    let addresses: Vec<String> = trail(&proxied.as_admin(), "entity=session")
        .await
        .iter()
        .filter(|e| e["action"] == "sign in")
        .map(|e| e["address"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        addresses,
        ["203.0.113.9", "203.0.113.9", "10.0.0.2"],
        "the proxy's own value, newest first; without a trusted proxy the peer"
    );
}

#[actix_web::test]
async fn people_whose_stored_address_the_new_rule_refuses_can_still_sign_in() {
    let app = TestApp::seeded().await;
    let hash = portefolje::auth::secrets::hash_password(DEMO_PASSWORD).unwrap();
    app.db()
        .run_blocking(move |c| {
            let person = portefolje::db::people::create(
                c,
                &portefolje::db::people::PersonData {
                    name: "Gammel Adresse".into(),
                    email: "it&digitalisering@albertslund.dk".into(),
                    department_id: None,
                },
            )?;
            portefolje::db::access::set_password_hash(c, person.id, &hash)
        })
        .unwrap();
    app.browser_as("it&digitalisering@albertslund.dk").await;
}

#[actix_web::test]
async fn a_password_typed_as_the_email_stays_out_of_the_trail() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let mut browser = app.browser();
    let (status, _, _) = browser.sign_in("Hemmelig-Sommer2022!", "x").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let entries = trail(&admin, "entity=session").await;
    let failed: Vec<_> = entries
        .iter()
        .filter(|e| e["action"] == "failed sign-in")
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["actor"], "(ikke en e-mailadresse)");
    assert!(!serde_json::to_string(&entries)
        .unwrap()
        .to_lowercase()
        .contains("hemmelig"));
}

#[actix_web::test]
async fn audit_dates_compare_as_dates() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    app.browser_as(PM).await;
    let all = trail(&admin, "").await.len();
    assert!(all > 0);
    assert_eq!(trail(&admin, "to=9999-12-31").await.len(), all);
    assert_eq!(
        trail(&admin, "from=2000-01-01&to=9999-12-31").await.len(),
        all
    );
    assert_eq!(trail(&admin, "to=2000-01-01").await.len(), 0);
}

#[actix_web::test]
async fn strict_json_strong_etags_and_post_only_sign_out() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let id = admin.project_id("Citizen Lab").await;
    let req = admin
        .request(Method::PUT, &format!("/api/v1/projects/{id}/description"))
        .insert_header(("content-type", "application/json"))
        .insert_header(("if-match", "\"1\""))
        .set_payload(r#"{"description": "harmløs", "description": "noget andet"}"#)
        .to_request();
    let resp = app.call(req).await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err: Value = test::read_body_json(resp).await;
    assert_eq!(err["field"], "description");

    let weak = admin
        .request(Method::PUT, &format!("/api/v1/projects/{id}/description"))
        .insert_header(("if-match", "W/\"1\""))
        .set_json(json!({"description": "svagt mærke"}))
        .to_request();
    assert_eq!(
        app.call(weak).await.status(),
        StatusCode::PRECONDITION_FAILED
    );

    let hidden = json!({"description": "Rapport\u{202E}fdp.exe", "version": 1});
    let (status, err) = admin
        .put(&format!("/api/v1/projects/{id}/description"), hidden)
        .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("description"))
    );
    let zero_width = json!({"name": "Citizen\u{200B}Lab", "code": "CL"});
    let (status, _) = admin.post("/api/v1/departments", zero_width).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let resp = app.anonymous().get_raw("/log-ud").await;
    assert_eq!(resp.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(resp.headers().get("allow").unwrap(), "POST");
}

#[actix_web::test]
async fn a_person_downloads_their_own_data() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let pm = app.as_manager(PM);
    let mut browser = app.browser_as(PM).await;
    let vand = admin.project_id("Vandstandsmåling").await;
    let (status, _) = pm.put_status(vand, "2022Q3", status_body(green())).await;
    assert_eq!(status, StatusCode::OK);

    let (status, mine) = pm.get("/api/v1/me/export").await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    assert_eq!(mine["person"]["email"], PM);
    assert_eq!(mine["person"]["role"], "project_manager");
    let projects: Vec<&str> = mine["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(projects.contains(&"Vandstandsmåling"), "{projects:?}");
    assert!(mine["status_reports"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["project_id"] == vand && s["quarter"] == "2022Q3"));
    assert_eq!(mine["tokens"][0]["name"], "test");
    assert!(mine["tokens"][0].get("token").is_none(), "never the secret");
    assert_eq!(mine["sessions"].as_array().unwrap().len(), 1);
    let actions: Vec<&str> = mine["audit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.contains(&"sign in") && actions.contains(&"report"),
        "{actions:?}"
    );
    // Nobody else's entries.
    let peter_id = app.person_id(PM).to_string();
    assert!(mine["audit"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["actor"] == PM || e["entity_id"].as_str() == Some(peter_id.as_str())));

    let (_, _, front) = browser.get_page("/").await;
    assert!(
        front.contains("href=\"/mine-data\""),
        "linked from every page"
    );
    let req = browser.request(Method::GET, "/mine-data").to_request();
    let resp = app.call(req).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp
        .headers()
        .get("content-disposition")
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    let download: Value = test::read_body_json(resp).await;
    assert_eq!(download["person"]["email"], PM);
}

#[actix_web::test]
async fn an_address_stored_before_the_rule_cannot_add_recipients_to_a_reminder() {
    use diesel::prelude::*;
    use portefolje::db::schema::people;
    let app = TestApp::seeded().await;
    app.db()
        .run_blocking(|c| {
            diesel::update(people::table.filter(people::email.eq(PM)))
                .set(people::email.eq("pl@x.dk?bcc=spy@evil.dk"))
                .execute(c)?;
            Ok(())
        })
        .unwrap();
    let mut council = app.browser_as(COUNCIL).await;
    let (status, _, html) = council.get_page("/manglende/2022Q3").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("mailto:"), "no hand-made mail links at all");
    // A reminder is only ever addressed to a valid address, alone in its header.
    let (status, queued) = app
        .as_council()
        .post("/api/v1/quarters/2022Q3/reminders", serde_json::Value::Null)
        .await;
    assert_eq!(status, StatusCode::OK, "{queued}");
    let queued = queued.as_array().unwrap();
    assert!(!queued.is_empty());
    for mail in queued {
        let to = mail["to"].as_str().unwrap();
        assert!(!to.contains('?') && !to.contains(','), "{mail}");
        assert!(mail["cc"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| !a.as_str().unwrap().contains('?')));
    }
}

#[actix_web::test]
async fn a_clients_malformed_request_is_logged_as_a_warning_not_our_error() {
    use log::Level;
    // actix-http logs a client's broken request as an ERROR "stream error".
    assert_eq!(
        portefolje::shown_level(Level::Error, "actix_http::h1::dispatcher"),
        Level::Warn
    );
    assert_eq!(
        portefolje::shown_level(Level::Error, "portefolje::error"),
        Level::Error
    );
    assert_eq!(
        portefolje::shown_level(Level::Info, "actix_web::middleware::logger"),
        Level::Info
    );
}
