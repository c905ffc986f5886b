//! Two instances of the service in one process on one database, as behind a
//! load balancer: what one writes, the other answers within the bound, and
//! so does a revoked token or a lowered role (as soon as the other instance
//! hears of it: milliseconds, not the caches' lifetimes); the sign-in
//! throttle counts both. On PostgreSQL each instance hears the other through
//! its own listening connection; on SQLite they share the process's record.

use crate::harness::*;
use crate::helpers::*;
use actix_web::http::StatusCode;
use portefolje::db::Db;
use portefolje::domain::access::Role;
use serde_json::{json, Value};

async fn two_instances() -> (TestApp, TestApp) {
    let first = TestApp::seeded().await;
    let second = first
        .sibling(Db::connect(&first.test_db().url, 4).unwrap())
        .await;
    (first, second)
}

fn tid_red(comment: &str) -> Value {
    status_body(json!({"colour": "red", "comment": comment}))
}

#[actix_web::test]
async fn a_write_on_one_instance_shows_on_the_other_within_the_bound() {
    let (first, second) = two_instances().await;
    let (a, b) = (first.as_admin(), second.as_admin());
    let id = a.project_id("Citizen Lab").await;
    let quarter = a.open_quarter().await;
    let report = format!("/api/v1/reports/{quarter}");
    for round in 0..5 {
        // The second instance remembers the project, the list and the report...
        let (_, before) = b.project(id).await;
        b.get("/api/v1/projects?limit=500").await;
        let (_, report_before) = b.get(&report).await;
        // ...the first changes the project and reports its status...
        let name = format!("Citizen Lab {round}");
        let mut whole = before.clone();
        whole["name"] = json!(name);
        let body = json!({"name": name, "department_id": before["department"]["id"],
            "phase_id": before["phase"]["id"], "kind": before["kind"], "state": before["state"],
            "start_date": before["start_date"], "budget": before["budget"],
            "version": before["version"]});
        assert_eq!(a.update_project(id, body).await.0, StatusCode::OK);
        let comment = format!("Forsinket {round}");
        assert_eq!(
            a.put_status(id, &quarter, tid_red(&comment)).await.0,
            StatusCode::OK
        );
        // ...and the second shows both within the bound.
        within_bound(|| b.project(id), |(_, p)| p["name"] == name).await;
        within_bound(
            || b.get("/api/v1/projects?limit=500"),
            |(_, page)| names(page).contains(&name),
        )
        .await;
        within_bound(
            || b.get(&report),
            |(_, r)| *r != report_before && r.to_string().contains(&comment),
        )
        .await;
    }
}

#[actix_web::test]
async fn a_revoked_token_and_a_lowered_role_apply_on_the_other_instance_within_the_bound() {
    let (first, second) = two_instances().await;
    let token = first.test_db().token_for(COUNCIL, Role::Council);
    let (on_first, on_second) = (first.with_token(&token), second.with_token(&token));
    // The council member creates quarters through the second instance,
    // which remembers the token's account.
    let create =
        |year: i32| json!({"code": format!("{year}Q1"), "deadline": format!("{year}-04-15")});
    assert_eq!(
        on_second.post("/api/v1/quarters", create(2031)).await.0,
        StatusCode::CREATED
    );
    assert_eq!(on_second.get("/api/v1/projects").await.0, StatusCode::OK);
    // The first instance makes them a reader...
    let person = first.person_id(COUNCIL);
    let (status, _) = first
        .as_admin()
        .put(
            &format!("/api/v1/people/{person}/role"),
            json!({"role": "reader"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    // ...and the second refuses their next quarter.
    let mut year = 2032;
    within_bound(
        || {
            year += 1;
            on_second.post("/api/v1/quarters", create(year))
        },
        |(s, _)| *s == StatusCode::FORBIDDEN,
    )
    .await;
    // The token is revoked on the first: the second no longer knows it.
    let (_, tokens) = on_first.get("/api/v1/tokens").await;
    let newest = tokens
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .max()
        .unwrap();
    assert_eq!(
        on_first.delete(&format!("/api/v1/tokens/{newest}")).await.0,
        StatusCode::OK
    );
    within_bound(
        || on_second.get("/api/v1/projects"),
        |(s, _)| *s == StatusCode::UNAUTHORIZED,
    )
    .await;
}

#[actix_web::test]
async fn the_sign_in_throttle_counts_attempts_on_every_instance() {
    let (first, second) = two_instances().await;
    let mut browsers = [first.browser(), second.browser()];
    let mut csrf = vec![];
    for b in &mut browsers {
        csrf.push(b.csrf_of("/log-ind").await);
    }
    // Wrong passwords spread over both instances, all at once.
    let attempts = (0..20).map(|i| {
        let (app, csrf) = if i % 2 == 0 {
            (&first, &csrf[0])
        } else {
            (&second, &csrf[1])
        };
        let form = [("email", PM), ("password", "gæt"), ("csrf", csrf.as_str())];
        let jar = browsers[i % 2].jar.header();
        async move {
            let req = actix_web::test::TestRequest::post()
                .uri("/log-ind")
                .insert_header(("cookie", jar))
                .set_form(form);
            app.call(req.to_request()).await.status()
        }
    });
    let statuses = futures_util::future::join_all(attempts).await;
    let verified = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(verified + refused, 20, "{statuses:?}");
    assert!(
        verified <= portefolje::auth::throttle::LIMIT as usize,
        "{verified} passwords verified"
    );
    // The right password now waits on either instance.
    for b in &mut browsers {
        let (status, _, _) = b.sign_in(PM, DEMO_PASSWORD).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    }
}

#[actix_web::test]
async fn a_right_password_gives_back_only_its_own_count_on_any_instance() {
    let (first, second) = two_instances().await;
    let (mut on_first, mut on_second) = (first.browser(), second.browser());
    // Spraying from one address: a wrong password on one account through one
    // instance, the right one on one's own through the other.
    for _ in 0..portefolje::auth::throttle::LIMIT - 1 {
        assert_eq!(
            on_first.sign_in(READER, "gæt").await.0,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            on_second.sign_in(PM, DEMO_PASSWORD).await.0,
            StatusCode::SEE_OTHER
        );
    }
    assert_eq!(
        on_first.sign_in(COUNCIL, "gæt").await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        on_second.sign_in(PM, DEMO_PASSWORD).await.0,
        StatusCode::TOO_MANY_REQUESTS,
        "five failures from the address, whatever succeeded in between"
    );
}

/// A status write makes stale that project's answers, the lists and the
/// reports, and nothing else: another project's answer is still the one
/// remembered. (A change made around the service, here in SQL, is what
/// shows which answers were remembered.)
#[actix_web::test]
async fn a_status_write_forgets_only_what_it_changed() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let (written, other) = (
        admin.project_id("Citizen Lab").await,
        admin.project_id("Monopolbrud Bølge 2").await,
    );
    let (_, remembered) = admin.project(other).await;
    let rename = format!("UPDATE projects SET name = 'Omdøbt udenom' WHERE id = {other}");
    app.db()
        .run_blocking(move |c| {
            use diesel::RunQueryDsl;
            diesel::sql_query(rename).execute(c)?;
            Ok(())
        })
        .unwrap();
    let open = admin.open_quarter().await;
    assert_eq!(
        admin
            .put_status(written, &open, tid_red("Forsinket"))
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(admin.project(other).await.1, remembered, "still remembered");
    let (_, page) = admin.get("/api/v1/projects?limit=500").await;
    assert!(
        names(&page).contains(&"Omdøbt udenom".to_string()),
        "the lists are read again"
    );
    // A change the service cannot narrow down forgets everything.
    let (status, _) = admin
        .post(
            "/api/v1/quarters",
            json!({"code": "2031Q1", "deadline": "2031-04-15"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(admin.project(other).await.1["name"], "Omdøbt udenom");
}

/// The listener reconnects by itself after its connection is cut, and
/// whatever was written meanwhile shows on the other instance.
#[actix_web::test]
async fn a_cut_listener_reconnects_and_misses_nothing() {
    let (first, second) = two_instances().await;
    if first.test_db().backend() != portefolje::db::Backend::Postgres {
        return;
    }
    let (a, b, probe) = (first.as_admin(), second.as_admin(), second.anonymous());
    let id = a.project_id("Citizen Lab").await;
    for round in 0..3 {
        let (_, before) = b.project(id).await;
        first
            .db()
            .run_blocking(|c| {
                use diesel::RunQueryDsl;
                diesel::sql_query(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                     WHERE datname = current_database() AND application_name = 'portefolje-listener'",
                )
                .execute(c)?;
                Ok(())
            })
            .unwrap();
        let text = format!("Skrevet mens lytteren var væk {round}");
        let body = json!({"description": text, "version": before["version"]});
        assert_eq!(
            a.put(&format!("/api/v1/projects/{id}/description"), body)
                .await
                .0,
            StatusCode::OK
        );
        within_bound(|| b.project(id), |(_, p)| p["description"] == text).await;
        within_bound(|| probe.get("/health"), |(s, _)| *s == StatusCode::OK).await;
    }
}

/// The throttle keeps its keys hashed: an e-mail of any length is a wrong
/// sign-in like any other, counted, and never a database error.
#[actix_web::test]
async fn a_very_long_e_mail_is_a_wrong_sign_in_like_any_other() {
    let app = TestApp::seeded().await;
    let mut browser = app.browser();
    let long = format!("{}@albertslund.dk", "x".repeat(600));
    for _ in 0..portefolje::auth::throttle::LIMIT {
        assert_eq!(
            browser.sign_in(&long, "gæt").await.0,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        browser.sign_in(&long, "gæt").await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
}
