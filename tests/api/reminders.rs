//! Reminders by e-mail against a real SMTP server (aiosmtpd): the plan run
//! over a whole quarter with the clock set by the test, one mail per person
//! with a link per project, nothing sent twice by a second run, a restarted
//! service or two instances racing, and an outage that only delays.

use crate::harness::{TestApp, READER};
use crate::smtp::{free_port, Received, SmtpServer};
use actix_web::http::StatusCode;
use chrono::{Days, NaiveDate, NaiveDateTime};
use portefolje::app::reminders::queue_due;
use portefolje::db::Db;
use portefolje::mailer::{deliver_due, Delivered, Mailer, Outgoing};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

const BASE: &str = "https://portefolje.albertslund.dk";

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn noon(d: NaiveDate) -> NaiveDateTime {
    d.and_hms_opt(12, 0, 0).unwrap()
}

fn mailer(smtp: &str) -> Mailer {
    Mailer::new(
        Some(smtp),
        "IT-projektportefoeljen <portefolje@albertslund.dk>",
    )
    .unwrap()
}

/// One round of the schedule at `now`: queue what is due, send what is queued.
fn round(db: &Db, mailer: &Mailer, now: NaiveDateTime) -> Delivered {
    let outgoing = Outgoing::new(BASE);
    db.run_blocking(|c| {
        queue_due(c, now, outgoing.letterhead())?;
        deliver_due(c, mailer, now)
    })
    .unwrap()
}

/// Run the schedule once a day from `from` to `to`.
fn run_days(db: &Db, mailer: &Mailer, from: &str, to: &str) -> usize {
    let (mut d, end) = (day(from), day(to));
    let mut sent = 0;
    while d <= end {
        sent += round(db, mailer, noon(d)).sent;
        d = d + Days::new(1);
    }
    sent
}

/// Who should be reminded of 2022Q3 in the seed: each missing project's
/// manager (or owner), from the report and the projects as the API shows them.
async fn expected_reminders(app: &TestApp) -> BTreeMap<String, BTreeSet<String>> {
    let admin = app.as_admin();
    let (_, report) = admin.get("/api/v1/reports/2022Q3").await;
    let mut by_person: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for m in report["missing"].as_array().unwrap() {
        let (_, p) = admin.project(m["project_id"].as_i64().unwrap()).await;
        let person = if p["manager"].is_object() {
            &p["manager"]
        } else {
            &p["owner"]
        };
        if let Some(id) = person["id"].as_i64() {
            let (_, who) = admin.get(&format!("/api/v1/people/{id}")).await;
            let email = who["email"].as_str().unwrap().to_string();
            by_person
                .entry(email)
                .or_default()
                .insert(m["name"].as_str().unwrap().to_string());
        }
    }
    by_person
}

fn reminders_to<'a>(mails: &'a [Received], email: &str) -> Vec<&'a Received> {
    mails
        .iter()
        .filter(|m| m.to.contains(email) && !m.subject.starts_with("Oversigt"))
        .collect()
}

#[actix_web::test]
async fn a_quarter_runs_its_plan_once_per_person_with_a_link_per_project() {
    let smtp = SmtpServer::start();
    let app = TestApp::seeded().await;
    let expected = expected_reminders(&app).await;
    assert!(
        expected.len() >= 2,
        "the seed has several people to remind: {expected:?}"
    );
    let sender = mailer(&smtp.url());
    // 2022Q3's deadline is Friday 23 September 2022: the first reminder on the
    // 9th, one on the 23rd, overdue on the 30th and 7 October (owner in copy).
    let sent = run_days(app.db(), &sender, "2022-09-01", "2022-10-08");
    let mails = smtp.received();
    assert_eq!(sent, mails.len());
    for (email, projects) in &expected {
        let theirs = reminders_to(&mails, email);
        let subjects: Vec<&str> = theirs.iter().map(|m| m.subject.as_str()).collect();
        assert_eq!(theirs.len(), 4, "{email}: {subjects:?}");
        assert!(subjects[0].starts_with(
            "Påmindelse: status for 3. kvartal 2022 senest fredag den 23. september 2022"
        ));
        assert!(subjects[3].starts_with("Rykker: status for 3. kvartal 2022 mangler"));
        for m in &theirs {
            // One mail per person, a link per project, both parts, the organisation.
            for p in projects {
                assert!(m.text.contains(p), "{email} {p}: {}", m.text);
            }
            assert_eq!(
                m.text.matches("/status/2022Q3").count(),
                projects.len(),
                "{}",
                m.text
            );
            assert_eq!(m.html.matches("/status/2022Q3\">").count(), projects.len());
            assert!(m.text.contains(&format!("{BASE}/projekter/")));
            assert!(m.text.contains("Albertslund Kommune"));
        }
        assert!(
            theirs[0].cc.is_empty() && theirs[2].cc.is_empty(),
            "no copy before the second overdue"
        );
    }
    // From the second overdue reminder the owner (head of department) is in copy.
    assert!(mails
        .iter()
        .any(|m| m.subject.starts_with("Rykker") && !m.cc.is_empty()));
    // Never a duplicate recipient, and the council's weekly digest.
    for m in &mails {
        let cc: Vec<&str> =
            m.cc.split(',')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .collect();
        assert!(!cc.iter().any(|a| m.to.contains(a)), "{m:?}");
        assert_eq!(cc.iter().collect::<BTreeSet<_>>().len(), cc.len());
    }
    let digests = mails
        .iter()
        .filter(|m| m.subject.starts_with("Oversigt"))
        .count();
    assert!(
        digests >= 5,
        "a digest a week to each council member: {digests}"
    );

    // A second run over the same days, and a restarted service (a new pool, a
    // new mailer), send nothing.
    assert_eq!(run_days(app.db(), &sender, "2022-09-01", "2022-10-08"), 0);
    let restarted = Db::connect(&app.test_db().url, 4).unwrap();
    assert_eq!(
        run_days(&restarted, &mailer(&smtp.url()), "2022-09-01", "2022-10-08"),
        0
    );
    assert_eq!(smtp.received().len(), mails.len());

    // The council sees them; every mail is in the audit trail.
    let (status, outbox) = app
        .as_council()
        .get("/api/v1/quarters/2022Q3/reminders")
        .await;
    assert_eq!(status, StatusCode::OK);
    let outbox = outbox.as_array().unwrap();
    assert_eq!(outbox.len(), mails.len());
    assert!(outbox
        .iter()
        .all(|m| m["state"] == "sent" && m["sent_at"].is_string()));
    let (_, trail) = app
        .as_admin()
        .get("/api/v1/audit?entity=mail&limit=500")
        .await;
    let actions: Vec<&str> = trail["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions.iter().filter(|a| **a == "mail queued").count(),
        mails.len()
    );
    assert_eq!(
        actions.iter().filter(|a| **a == "mail sent").count(),
        mails.len()
    );
}

#[actix_web::test]
async fn no_reminder_after_the_report_arrives_nor_for_a_closed_quarter() {
    let smtp = SmtpServer::start();
    let app = TestApp::seeded().await;
    let expected = expected_reminders(&app).await;
    let sender = mailer(&smtp.url());
    run_days(app.db(), &sender, "2022-09-09", "2022-09-09");
    // One of them reports on everything of theirs that is missing.
    let (email, projects) = expected.iter().next().unwrap();
    let manager = app.as_manager(email);
    let green = json!({"colour": "green", "comment": ""});
    for name in projects {
        let id = manager.project_id(name).await;
        let body =
            json!({"ressourcer": green, "leverancer": green, "tid": green, "okonomi": green});
        assert_eq!(
            manager.put_status(id, "2022Q3", body).await.0,
            StatusCode::OK,
            "{name}"
        );
    }
    let before = reminders_to(&smtp.received(), email).len();
    assert_eq!(before, 1, "the first reminder");
    run_days(app.db(), &sender, "2022-09-10", "2022-09-30");
    assert_eq!(
        reminders_to(&smtp.received(), email).len(),
        before,
        "nothing after the reports"
    );
    let others = expected.keys().nth(1).unwrap();
    assert!(
        reminders_to(&smtp.received(), others).len() > 1,
        "the others still get theirs"
    );
    // Closed: nobody is reminded any more.
    let (status, _) = app
        .as_admin()
        .put(
            "/api/v1/quarters/2022Q3",
            json!({"deadline": "2022-09-23", "state": "closed"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let count = smtp.received().len();
    run_days(app.db(), &sender, "2022-10-01", "2022-10-20");
    assert_eq!(smtp.received().len(), count);
}

#[actix_web::test]
async fn an_smtp_outage_leaves_mail_queued_with_the_reason_and_it_goes_out_later() {
    let port = free_port();
    let app = TestApp::seeded().await;
    let sender = mailer(&format!("smtp://127.0.0.1:{port}"));
    let first = noon(day("2022-09-09"));
    let done = round(app.db(), &sender, first);
    // The first attempt meets the outage; the rest wait for the next round.
    assert_eq!((done.retried, done.sent), (1, 0), "{done:?}");
    let (_, outbox) = app
        .as_council()
        .get("/api/v1/quarters/2022Q3/reminders")
        .await;
    let outbox = outbox.as_array().unwrap();
    let queued = outbox.len();
    assert!(queued > 1);
    assert!(
        outbox.iter().all(|m| m["state"] == "queued"),
        "none lost, none given up"
    );
    let tried: Vec<_> = outbox.iter().filter(|m| m["attempts"] == 1).collect();
    assert_eq!(tried.len(), 1);
    assert!(
        tried[0]["error"].as_str().is_some_and(|e| !e.is_empty()),
        "{}",
        tried[0]
    );
    // The server is back: the untried go out at once, the tried one after its backoff.
    let smtp = SmtpServer::start_on(port);
    assert_eq!(
        round(app.db(), &sender, first).sent,
        queued - 1,
        "waits for its backoff"
    );
    let later = first + chrono::TimeDelta::minutes(2);
    assert_eq!(round(app.db(), &sender, later).sent, 1);
    assert_eq!(
        round(app.db(), &sender, later + chrono::TimeDelta::hours(1)).sent,
        0
    );
    assert_eq!(smtp.received().len(), queued);
}

#[actix_web::test]
async fn two_instances_sending_at_once_send_each_mail_once_and_a_crash_mid_send_is_not_resent() {
    let smtp = SmtpServer::start();
    let app = TestApp::seeded().await;
    let now = noon(day("2022-09-09"));
    let outgoing = Outgoing::new(BASE);
    let queued = app
        .db()
        .run_blocking(|c| queue_due(c, now, outgoing.letterhead()))
        .unwrap()
        .len();
    assert!(queued >= 3);
    // One mail claimed by a sender that then died.
    let dead = app
        .db()
        .run_blocking(|c| portefolje::db::outbox::claim_next(c, now, chrono::TimeDelta::minutes(5)))
        .unwrap()
        .unwrap();
    let url = smtp.url();
    let racers: Vec<_> = (0..2)
        .map(|_| {
            let (db, url) = (Db::connect(&app.test_db().url, 4).unwrap(), url.clone());
            std::thread::spawn(move || {
                let m = mailer(&url);
                db.run_blocking(|c| deliver_due(c, &m, now)).unwrap().sent
            })
        })
        .collect();
    let sent: usize = racers.into_iter().map(|r| r.join().unwrap()).sum();
    assert_eq!(sent, queued - 1);
    let received = smtp.received();
    assert_eq!(received.len(), queued - 1, "each once");
    // After its lease the dead sender's mail is shown as failed, never resent.
    let after = now + chrono::TimeDelta::minutes(10);
    assert_eq!(round(app.db(), &mailer(&url), after).sent, 0);
    let (_, outbox) = app
        .as_council()
        .get("/api/v1/quarters/2022Q3/reminders")
        .await;
    let mail = outbox
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == dead.id)
        .unwrap()
        .clone();
    assert_eq!(mail["state"], "failed");
    assert!(mail["error"].as_str().unwrap().contains("not sent again"));
    assert_eq!(smtp.received().len(), queued - 1);
}

#[actix_web::test]
async fn the_council_sends_reminders_now_and_sets_the_plan_through_the_api() {
    let app = TestApp::seeded().await;
    let council = app.as_council();
    let (status, queued) = council
        .post("/api/v1/quarters/2022Q3/reminders", Value::Null)
        .await;
    assert_eq!(status, StatusCode::OK, "{queued}");
    let queued = queued.as_array().unwrap().clone();
    assert!(!queued.is_empty());
    assert!(queued.iter().any(|m| m["kind"] == "manual"));
    // Once a day per person: pressing again queues nothing new.
    let (_, again) = council
        .post("/api/v1/quarters/2022Q3/reminders", Value::Null)
        .await;
    assert_eq!(again.as_array().unwrap().len(), 0, "{again}");
    // Without SMTP_URL nothing is sent and nothing is dropped: queued, shown.
    let (_, outbox) = council.get("/api/v1/quarters/2022Q3/reminders").await;
    assert!(outbox
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["state"] == "queued"));
    assert_eq!(
        app.as_reader()
            .post("/api/v1/quarters/2022Q3/reminders", Value::Null)
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.as_reader()
            .get("/api/v1/quarters/2022Q3/reminders")
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    // A closed quarter gets none.
    let (status, err) = council
        .post("/api/v1/quarters/2022Q1/reminders", Value::Null)
        .await;
    assert_eq!(
        (status, err["code"].as_str()),
        (StatusCode::CONFLICT, Some("quarter_closed"))
    );

    let (status, plan) = council.get("/api/v1/quarters/2022Q3/reminder-plan").await;
    assert_eq!(
        (status, plan),
        (
            StatusCode::OK,
            json!({"days_before": 14, "every_days": 7, "active": true})
        )
    );
    let (status, err) = council
        .put(
            "/api/v1/quarters/2022Q3/reminder-plan",
            json!({"days_before": 90, "every_days": 7, "active": true}),
        )
        .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("days_before"))
    );
    let (status, plan) = council
        .put(
            "/api/v1/quarters/2022Q3/reminder-plan",
            json!({"days_before": 10, "every_days": 3, "active": false}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(plan["every_days"], 3);
    let (_, trail) = app
        .as_admin()
        .get("/api/v1/audit?entity=quarter&entity_id=2022Q3&limit=1")
        .await;
    assert_eq!(trail["items"][0]["action"], "reminder plan");
    assert_eq!(
        app.as_manager(READER)
            .put(
                "/api/v1/quarters/2022Q3/reminder-plan",
                json!({"days_before": 1, "every_days": 1, "active": true})
            )
            .await
            .0,
        StatusCode::FORBIDDEN
    );
}

#[actix_web::test]
async fn a_relay_with_starttls_a_certificate_of_its_own_ca_and_a_login() {
    let smtp = SmtpServer::start_secure();
    let app = TestApp::seeded().await;
    let secure = smtp.secure();
    let url = format!(
        "smtp://{}:{}@localhost:{}?tls=required",
        secure.user, secure.password, smtp.port
    );
    let ca = std::fs::read(&secure.ca).unwrap();
    let from = "IT-projektrådet <itp@albertslund.dk>";
    // Without the municipality's CA the certificate is not trusted: nothing
    // is sent, the mail waits with the reason.
    let untrusting = Mailer::new(Some(&url), from).unwrap();
    let now = noon(day("2022-09-09"));
    let done = round(app.db(), &untrusting, now);
    assert!(done.sent == 0 && done.retried > 0, "{done:?}");
    // With it (SMTP_CA_FILE), and the right login, it goes out encrypted.
    let trusting = Mailer::with_ca(Some(&url), from, Some(&ca)).unwrap();
    let later = now + chrono::TimeDelta::minutes(2);
    let done = round(app.db(), &trusting, later);
    assert!(done.sent > 0 && done.retried == 0, "{done:?}");
    assert_eq!(smtp.received().len(), done.sent);
    // A wrong password is refused by the relay: retried later, not lost.
    let wrong = format!(
        "smtp://{}:forkert@localhost:{}?tls=required",
        secure.user, smtp.port
    );
    let refused = Mailer::with_ca(Some(&wrong), from, Some(&ca)).unwrap();
    let council = app.as_council();
    let (status, _) = council
        .post("/api/v1/quarters/2022Q4/reminders", Value::Null)
        .await;
    assert_eq!(status, StatusCode::OK);
    // (The button queues at the real time, so this round runs at it.)
    let done = round(app.db(), &refused, chrono::Utc::now().naive_utc());
    assert!(done.sent == 0 && done.retried > 0, "{done:?}");
}
