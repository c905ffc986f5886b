//! Passwords are verified and hashed in turns, outside the database (argon2
//! takes 19 MiB and a core for each): between reading a hash and writing on
//! its strength, the password may change. Raced from two service instances,
//! nothing is opened or changed on a password that is no longer the present one.

use crate::harness::{Browser, TestApp, PM};
use crate::helpers::DEMO_PASSWORD;
use actix_web::http::StatusCode;
use diesel::RunQueryDsl;
use serde_json::json;

/// Each round starts with a clean throttle: the attempts that lose a race
/// count as wrong passwords, and several rounds of them would get 429.
fn forget_attempts(app: &TestApp) {
    app.db()
        .run_blocking(|c| {
            diesel::sql_query("DELETE FROM sign_in_attempts").execute(c)?;
            Ok(())
        })
        .unwrap();
}

async fn second_instance(app: &TestApp) -> TestApp {
    let other = portefolje::db::Db::connect(&app.test_db().url, 8).unwrap();
    app.sibling(other).await
}

#[actix_web::test]
async fn sign_ins_racing_a_password_change_leave_no_session_on_the_old_password() {
    let app = TestApp::seeded().await;
    let second = second_instance(&app).await;
    let path = format!("/api/v1/people/{}/password", app.person_id(PM));
    let mut old = DEMO_PASSWORD.to_string();
    for round in 0..8 {
        forget_attempts(&app);
        let new = format!("ny adgangskode nr. {round}");
        let mut browsers: Vec<Browser<'_>> = (0..4)
            .map(|i| match i % 2 {
                0 => app.browser(),
                _ => second.browser(),
            })
            .collect();
        let mut tokens = vec![];
        for b in browsers.iter_mut() {
            tokens.push(b.csrf_of("/log-ind").await);
        }
        let manager = app.as_manager(PM);
        let change = manager.put(&path, json!({"password": new, "current_password": old}));
        let sign_ins = browsers.iter_mut().zip(&tokens).map(|(b, csrf)| {
            let old = old.clone();
            async move {
                let form = [("email", PM), ("password", &old), ("csrf", csrf)];
                b.post_form("/log-ind", &form).await.0
            }
        });
        let (changed, signed_in) = futures::join!(change, futures::future::join_all(sign_ins));
        assert_eq!(changed.0, StatusCode::NO_CONTENT, "round {round}");
        eprintln!("round {round}: sign-ins answered {signed_in:?}");
        // Sessions opened before the change were ended by it; none opened after.
        for b in browsers.iter_mut() {
            let (status, location, _) = b.get_page("/").await;
            assert_eq!(
                (status, location.as_str()),
                (StatusCode::SEE_OTHER, "/log-ind"),
                "round {round}: a session on the old password still works"
            );
        }
        old = new;
    }
    forget_attempts(&app);
    assert_eq!(
        app.browser().sign_in(PM, DEMO_PASSWORD).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        second.browser().sign_in(PM, &old).await.0,
        StatusCode::SEE_OTHER
    );
}

#[actix_web::test]
async fn two_changes_from_the_same_present_password_make_one() {
    let app = TestApp::seeded().await;
    let second = second_instance(&app).await;
    let path = format!("/api/v1/people/{}/password", app.person_id(PM));
    let mut old = DEMO_PASSWORD.to_string();
    for round in 0..5 {
        forget_attempts(&app);
        let (a, b) = (
            format!("adgangskode A nr. {round}"),
            format!("adgangskode B nr. {round}"),
        );
        let (on_first, on_second) = (app.as_manager(PM), second.as_manager(PM));
        let ((sa, _), (sb, _)) = futures::join!(
            on_first.put(&path, json!({"password": a, "current_password": old})),
            on_second.put(&path, json!({"password": b, "current_password": old}))
        );
        let mut statuses = [sa, sb];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::NO_CONTENT, StatusCode::FORBIDDEN],
            "round {round}: both changes were made from the same password"
        );
        old = if sa == StatusCode::NO_CONTENT { a } else { b };
    }
    forget_attempts(&app);
    assert_eq!(
        app.browser().sign_in(PM, &old).await.0,
        StatusCode::SEE_OTHER
    );
}
