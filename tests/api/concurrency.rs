//! Concurrency promises, raced on whichever backend the run uses: one winner
//! per pair of versioned writes, at most five passwords verified however many
//! sign-ins arrive at once, and no acknowledged report left out of the
//! report Chefforum approves.

use crate::harness::{Client, TestApp, PM};
use crate::helpers::*;
use actix_web::http::{Method, StatusCode};
use actix_web::test;
use serde_json::{json, Value};
use std::collections::HashSet;

/// PUT with an If-Match header; the status and the body.
async fn put_if_match(app: &TestApp, path: &str, etag: &str, body: Value) -> (StatusCode, Value) {
    let req = app
        .as_admin()
        .request(Method::PUT, path)
        .insert_header(("if-match", etag.to_string()))
        .set_json(body)
        .to_request();
    let resp = app.call(req).await;
    let status = resp.status();
    let bytes = test::read_body(resp).await;
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// Every audit row of a project's updates, as (version before, version after).
async fn update_versions(admin: &Client<'_>, id: i64) -> Vec<(i64, i64)> {
    let (_, page) = admin
        .get(&format!(
            "/api/v1/audit?entity=project&entity_id={id}&limit=500"
        ))
        .await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "update")
        .map(|e| {
            (
                e["before"]["version"].as_i64().unwrap(),
                e["after"]["version"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[actix_web::test]
async fn racing_versioned_writes_have_exactly_one_winner() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    // A second service instance on the same database: its own pool and caches.
    let other = portefolje::db::Db::connect(&app.test_db().url, 8).unwrap();
    let second_instance = app.sibling(other).await;
    let id = admin.project_id("Citizen Lab").await;
    let path = format!("/api/v1/projects/{id}");
    let (_, p) = admin.get(&path).await;
    let whole = |budget: i64| {
        json!({"name": p["name"], "department_id": p["department"]["id"],
            "phase_id": p["phase"]["id"], "kind": p["kind"], "state": p["state"],
            "start_date": p["start_date"], "budget": budget})
    };
    let describe = |text: String| json!({ "description": text });
    // The version each pair races from is the last winner's: the instance
    // that lost may show the win a few milliseconds later, not at once.
    let mut version = p["version"].clone();
    for pair in 0..50 {
        let etag = format!("\"{version}\"");
        // Whole updates, then description edits, then one of each: every
        // versioned write goes through the same mechanism.
        let (a, b) = match pair % 3 {
            0 => (("", whole(1_000 + pair)), ("", whole(2_000 + pair))),
            1 => (
                ("/description", describe(format!("A{pair}"))),
                ("/description", describe(format!("B{pair}"))),
            ),
            _ => (
                ("", whole(3_000 + pair)),
                ("/description", describe(format!("C{pair}"))),
            ),
        };
        let first_path = format!("{path}{}", a.0);
        let second_path = format!("{path}{}", b.0);
        // Every other pair races across the two instances.
        let rival = if pair % 2 == 0 {
            &app
        } else {
            &second_instance
        };
        let (first, second) = futures::join!(
            put_if_match(&app, &first_path, &etag, a.1),
            put_if_match(rival, &second_path, &etag, b.1),
        );
        let winner = if first.0 == StatusCode::OK {
            &first
        } else {
            &second
        };
        version = winner.1["version"].clone();
        let mut statuses = [first.0, second.0];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::OK, StatusCode::PRECONDITION_FAILED],
            "pair {pair}: {first:?} {second:?}"
        );
    }
    let updates = update_versions(&admin, id).await;
    assert_eq!(updates.len(), 50, "one update a pair");
    let befores: HashSet<i64> = updates.iter().map(|(before, _)| *before).collect();
    assert_eq!(befores.len(), 50, "no two updates from the same version");
    assert!(updates.iter().all(|(before, after)| after - before == 1));
}

async fn sign_in_attempt(app: &TestApp, cookie: &str, csrf: &str, password: &str) -> StatusCode {
    let req = test::TestRequest::post()
        .uri("/log-ind")
        .insert_header(("cookie", cookie.to_string()))
        .set_form([("email", PM), ("password", password), ("csrf", csrf)])
        .to_request();
    app.call(req).await.status()
}

#[actix_web::test]
async fn parallel_wrong_passwords_verify_at_most_five() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let mut browser = app.browser();
    let csrf = browser.csrf_of("/log-ind").await;
    let cookie = browser.jar.header();
    let app = &app;
    let attempts = (0..50).map(|i| {
        let wrong = format!("forkert-{i}-adgangskode");
        let (cookie, csrf) = (cookie.clone(), csrf.clone());
        async move { sign_in_attempt(app, &cookie, &csrf, &wrong).await }
    });
    let answers = futures::future::join_all(attempts).await;
    let verified = answers
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let refused = answers
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert!(verified <= 5, "{verified} passwords verified: {answers:?}");
    assert_eq!(verified + refused, 50, "{answers:?}");
    let (_, trail) = admin.get("/api/v1/audit?entity=session&limit=500").await;
    let failed = trail["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "failed sign-in")
        .count();
    assert_eq!(failed, verified, "each verified password is in the trail");
    // The right password is refused too, until the window ends.
    assert_eq!(
        sign_in_attempt(app, &cookie, &csrf, DEMO_PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

/// The projects of a report, by name: those reported and those missing.
fn missing_names(report: &Value) -> HashSet<String> {
    report["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap().to_string())
        .collect()
}

fn red_tid_names(report: &Value) -> HashSet<String> {
    report["red"]["tid"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect()
}

#[actix_web::test]
async fn a_decision_racing_status_reports_freezes_every_acknowledged_one() {
    let (mut acknowledged_total, mut refused_total) = (0, 0);
    for round in 0..6 {
        let app = TestApp::seeded().await;
        let admin = app.as_admin();
        let (_, before) = admin.get("/api/v1/reports/2022Q3").await;
        let (_, list) = admin.get("/api/v1/projects?limit=500").await;
        let ids: Vec<(i64, String)> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| missing_names(&before).contains(p["name"].as_str().unwrap()))
            .map(|p| {
                (
                    p["id"].as_i64().unwrap(),
                    p["name"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert!(ids.len() >= 4, "the seed has projects missing in 2022Q3");
        let red = json!({"colour": "red", "comment": format!("Forsinket, runde {round}")});
        let admin = &admin;
        // The decision goes in at a different place each round, among the reports.
        let mut racers: Vec<futures::future::LocalBoxFuture<'_, (Option<String>, StatusCode)>> =
            ids.iter()
                .map(|(id, name)| {
                    let body = status_body(red.clone());
                    Box::pin(async move {
                        (
                            Some(name.clone()),
                            admin.put_status(*id, "2022Q3", body).await.0,
                        )
                    }) as futures::future::LocalBoxFuture<'_, _>
                })
                .collect();
        let decision = Box::pin(async move {
            let body = json!({"meeting_date": "2022-10-13", "text": "Godkendte indstillingen."});
            (None, admin.decide("2022Q3", body).await.0)
        });
        racers.insert(round * ids.len() / 5, decision);
        let mut answers = futures::future::join_all(racers).await;
        let at = answers.iter().position(|(name, _)| name.is_none()).unwrap();
        assert_eq!(answers.remove(at).1, StatusCode::CREATED);
        let (_, frozen) = admin.get("/api/v1/reports/2022Q3").await;
        assert_eq!(frozen["approved"], true);
        for (name, status) in answers {
            let name = name.unwrap();
            match status {
                StatusCode::OK => {
                    acknowledged_total += 1;
                    assert!(
                        red_tid_names(&frozen).contains(&name)
                            && !missing_names(&frozen).contains(&name),
                        "round {round}: {name} was acknowledged but is not in the approved report"
                    );
                }
                StatusCode::CONFLICT => {
                    refused_total += 1;
                    assert!(missing_names(&frozen).contains(&name));
                }
                other => panic!("round {round}: {name} answered {other}"),
            }
        }
    }
    eprintln!("{acknowledged_total} reports acknowledged, {refused_total} refused with 409");
}

/// Someone outside the service holding the writers' turn (an SQLite write
/// transaction, or the PostgreSQL advisory lock every write transaction
/// takes) until told to let go.
fn hold_the_writers_turn(url: &portefolje::db::DatabaseUrl) -> std::sync::mpsc::Sender<()> {
    use diesel::connection::SimpleConnection;
    use diesel::Connection;
    let (release, released) = std::sync::mpsc::channel::<()>();
    let (held, holding) = std::sync::mpsc::channel::<()>();
    let url = url.clone();
    std::thread::spawn(move || {
        let (take, give_back) = (
            "PRAGMA busy_timeout = 5000; BEGIN IMMEDIATE".to_string(),
            "ROLLBACK".to_string(),
        );
        let (take, give_back) = match url.backend {
            portefolje::db::Backend::Sqlite => (take, give_back),
            portefolje::db::Backend::Postgres => (
                format!(
                    "SELECT pg_advisory_lock({})",
                    portefolje::db::WRITE_LOCK_KEY
                ),
                format!(
                    "SELECT pg_advisory_unlock({})",
                    portefolje::db::WRITE_LOCK_KEY
                ),
            ),
        };
        let mut conn: Box<dyn SimpleConnection> = match url.backend {
            portefolje::db::Backend::Sqlite => {
                Box::new(diesel::SqliteConnection::establish(&url.target).unwrap())
            }
            portefolje::db::Backend::Postgres => {
                Box::new(diesel::PgConnection::establish(&url.target).unwrap())
            }
        };
        conn.batch_execute(&take).unwrap();
        held.send(()).unwrap();
        let _ = released.recv();
        conn.batch_execute(&give_back).unwrap();
    });
    holding.recv().unwrap();
    release
}

/// Writers waiting for their turn hold every pooled connection; a read of
/// a project the cache does not have is still answered at once, not after
/// them.
#[actix_web::test]
async fn a_read_is_answered_while_writers_wait_for_their_turn() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let (written, read) = (
        admin.project_id("Citizen Lab").await,
        admin.project_id("Monopolbrud Bølge 2").await,
    );
    let open = admin.open_quarter().await;
    let release = hold_the_writers_turn(&app.test_db().url);
    // More writers than the test pool's eight connections.
    let writes = futures::future::join_all(
        (0..12).map(|_| admin.put_status(written, &open, status_body(json!({"colour": "green"})))),
    );
    let reader = async {
        actix_web::rt::time::sleep(std::time::Duration::from_millis(300)).await;
        let started = std::time::Instant::now();
        let (status, project) = admin.project(read).await;
        let took = started.elapsed();
        release.send(()).unwrap();
        (status, project, took)
    };
    let (written, (status, project, took)) = futures::join!(writes, reader);
    assert_eq!(status, StatusCode::OK, "{project}");
    assert_eq!(project["name"], "Monopolbrud Bølge 2");
    assert!(
        took < std::time::Duration::from_secs(1),
        "the read waited {took:?} behind the writers"
    );
    assert!(
        written.iter().all(|(s, _)| *s == StatusCode::OK),
        "the writers had their turn afterwards: {:?}",
        written.iter().map(|(s, _)| *s).collect::<Vec<_>>()
    );
}
