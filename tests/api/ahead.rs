//! The road ahead (issue 14): milestones with their moves, through the API
//! and the Milepæle page, and the report's section of milestones due next
//! quarter and moved this one, coming tenders, expiring contracts and future
//! projects, in JSON, in the printed report and on the Fremadrettet page.

use crate::harness::{TestApp, ADMIN, PM};
use actix_web::http::StatusCode;
use serde_json::{json, Value};

fn named<'a>(list: &'a Value, key: &str, name: &str) -> Option<&'a Value> {
    list.as_array().unwrap().iter().find(|x| x[key] == name)
}

#[actix_web::test]
async fn the_q3_2022_report_looks_ahead_as_the_minutes_do() {
    let app = TestApp::seeded().await;
    let (status, report) = app.as_reader().get("/api/v1/reports/2022Q3").await;
    assert_eq!(status, StatusCode::OK);
    let ahead = &report["road_ahead"];
    assert_eq!(ahead["next_quarter"], "2022Q4");
    assert_eq!(ahead["horizon_end"], "2023-09-30");
    // "Det samlede udbudsmateriale vil blive uploaded til EU-Supply d. 28. oktober."
    let upload = named(
        &ahead["due_next_quarter"],
        "name",
        "Udbudsmaterialet uploades til EU-Supply",
    )
    .expect("upload");
    assert_eq!(
        (upload["date"].as_str(), upload["tender"].as_bool()),
        (Some("2022-10-28"), Some(true))
    );
    assert_eq!(upload["project"], "ERP udbud");
    let due: Vec<&str> = ahead["due_next_quarter"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["date"].as_str().unwrap())
        .collect();
    let mut sorted = due.clone();
    sorted.sort();
    assert_eq!(due, sorted, "by date");
    assert!(
        due.iter().all(|d| *d >= "2022-10-01" && *d <= "2022-12-31"),
        "{due:?}"
    );
    assert!(
        named(
            &ahead["due_next_quarter"],
            "name",
            "KMD Sag lukkes som det sidste gamle fagsystem"
        )
        .is_none(),
        "done"
    );
    // Papirarkivet: 14-10-2022 moved to 31-08-2023 during the quarter.
    let moved = named(&ahead["moved"], "project", "Papirarkivet").expect("moved");
    assert_eq!(
        (
            moved["from"].as_str(),
            moved["to"].as_str(),
            moved["days"].as_i64()
        ),
        (Some("2022-10-14"), Some("2023-08-31"), Some(321))
    );
    // Kommende udbud: ERP by its tender milestone, the others by their phase.
    let erp = named(&ahead["tenders"], "project", "ERP udbud").expect("ERP");
    assert_eq!(
        (erp["milestone"].as_str(), erp["date"].as_str()),
        (
            Some("Udbudsmaterialet uploades til EU-Supply"),
            Some("2022-10-28")
        )
    );
    let wave = named(&ahead["tenders"], "project", "Monopolbrud Bølge 2").expect("Bølge 2");
    assert_eq!(wave["phase"], "anskaffelse/udbud");
    let contract = named(&ahead["expiring_contracts"], "project", "Citizen Lab").expect("contract");
    assert_eq!(contract["contract_end"], "2023-06-30");
    assert!(
        named(&ahead["expiring_contracts"], "project", "PARK Manager").is_none(),
        "2025 is beyond the horizon"
    );
    let future = named(
        &ahead["future_projects"],
        "name",
        "Slutaflevering af KMD Sag",
    )
    .expect("future");
    assert_eq!(
        (future["state"].as_str(), future["start_date"].as_str()),
        (Some("approved"), Some("2022-10-01"))
    );

    let mut browser = app.browser_as(PM).await;
    let (status, _, html) = browser.get_page("/fremadrettet/2022Q3").await;
    assert_eq!(status, StatusCode::OK);
    for text in [
        "Milepæle i 4. kvartal 2022",
        "28-10-2022",
        "Udbudsmaterialet uploades til EU-Supply (udbud)",
        "321 dage senere",
        "Kommende udbud og kontrakter, der udløber, til 30-09-2023",
        "I fasen anskaffelse/udbud",
        "Slutaflevering af KMD Sag",
        "aria-current=\"page\">Fremadrettet",
    ] {
        assert!(html.contains(text), "{text}");
    }
    let (_, _, html) = browser.get_page("/kvartalsrapport/2022Q3/udskrift").await;
    assert!(
        html.contains("Det, der ligger foran")
            && html.contains("14-10-2022")
            && html.contains("31-08-2023")
    );
}

#[actix_web::test]
async fn a_project_manager_keeps_the_milestones_and_each_move_is_kept() {
    let app = TestApp::seeded().await;
    let pm = app.as_manager(PM);
    let own = pm.project_id("Vandstandsmåling").await;
    let path = format!("/api/v1/projects/{own}/milestones");
    let (status, error) = pm
        .post(&path, json!({"name": " ", "planned": "2023-01-31"}))
        .await;
    assert_eq!(
        (status, error["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("name"))
    );
    // 201 characters as sent are too many, even when a space is trimmed
    // off (the schema's maxLength counts them so; schemathesis found it).
    let long = format!("\u{a0}{}", "m".repeat(200));
    let (status, error) = pm
        .post(&path, json!({"name": long, "planned": "2023-01-31"}))
        .await;
    assert_eq!(
        (status, error["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("name"))
    );
    let (status, _) = pm.post(&path, json!({"name": "Sensorer i drift"})).await;
    assert!(status.is_client_error(), "a planned date is required");
    let (status, made) = pm
        .post(
            &path,
            json!({"name": "Sensorer i drift", "planned": "2023-01-31", "note": "Alle 12 målere"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let id = made["id"].as_i64().unwrap();
    let (status, _) = app
        .as_manager("thomas.norgaard@albertslund.dk")
        .put(
            &format!("/api/v1/milestones/{id}"),
            json!({"name": "X", "planned": "2023-01-31"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "not their project");
    let body = |moved_to: &str| json!({"name": "Sensorer i drift", "planned": "2023-01-31", "moved_to": moved_to, "note": "Alle 12 målere"});
    let (_, once) = pm
        .put(&format!("/api/v1/milestones/{id}"), body("2023-03-31"))
        .await;
    let (_, twice) = pm
        .put(&format!("/api/v1/milestones/{id}"), body("2023-04-30"))
        .await;
    assert_eq!(once["date"], "2023-03-31");
    assert_eq!(twice["date"], "2023-04-30");
    let moves = twice["moves"].as_array().unwrap();
    assert_eq!(moves.len(), 2);
    assert_eq!(
        (moves[0]["from"].as_str(), moves[0]["to"].as_str()),
        (Some("2023-01-31"), Some("2023-03-31"))
    );
    assert_eq!(
        (moves[1]["from"].as_str(), moves[1]["to"].as_str()),
        (Some("2023-03-31"), Some("2023-04-30"))
    );
    assert_eq!(moves[1]["on"], chrono::Utc::now().date_naive().to_string());
    // Saving without a new date is no move.
    let (_, same) = pm
        .put(&format!("/api/v1/milestones/{id}"), body("2023-04-30"))
        .await;
    assert_eq!(same["moves"].as_array().unwrap().len(), 2);
    let (_, list) = pm.get(&path).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    let (status, _) = pm.delete(&format!("/api/v1/milestones/{id}")).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, list) = pm.get(&path).await;
    assert_eq!(list, json!([]));
    let (_, trail) = app
        .as_admin()
        .get(&format!("/api/v1/audit?entity=milestone&entity_id={id}"))
        .await;
    let actions: Vec<&str> = trail["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions.iter().filter(|a| **a == "update").count(), 3);
    assert!(
        actions.contains(&"create") && actions.contains(&"delete"),
        "{actions:?}"
    );
}

#[actix_web::test]
async fn the_milestone_page_adds_moves_and_removes_in_danish() {
    let app = TestApp::seeded().await;
    let id = app.as_admin().project_id("Vandstandsmåling").await;
    let mut browser = app.browser_as(PM).await;
    let path = format!("/projekter/{id}/milepaele");
    let (status, _, html) = browser.get_page(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Projektet har ingen milepæle endnu."));
    let csrf = crate::helpers::hidden_csrf(&html);
    let (status, _, html) = browser
        .post_form(
            &path,
            &[
                ("csrf", &csrf),
                ("name", "Sensorer i drift"),
                ("planned", "31-13-2023"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("Skriv datoen som dd-mm-åååå.") && html.contains("href=\"#ny-planned\""),
        "{html}"
    );
    assert!(
        html.contains("value=\"Sensorer i drift\""),
        "what was typed stays"
    );
    let (status, location, _) = browser
        .post_form(
            &path,
            &[
                ("csrf", &csrf),
                ("name", "Sensorer i drift"),
                ("planned", "31-01-2023"),
                ("tender", "ja"),
            ],
        )
        .await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, path.as_str())
    );
    let (_, list) = app
        .as_admin()
        .get(&format!("/api/v1/projects/{id}/milestones"))
        .await;
    let milestone = list[0]["id"].as_i64().unwrap();
    assert_eq!(list[0]["tender"], true);
    let change = format!("{path}/{milestone}");
    let form = |moved: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("name", "Sensorer i drift".into()),
            ("planned", "31-01-2023".into()),
            ("tender", "ja".into()),
            ("note", String::new()),
            ("moved_to", moved.into()),
            ("done_on", String::new()),
        ]
    };
    let owned = form("28-02-2023");
    let fields: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, _, _) = browser.post_form(&change, &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, _, html) = browser.get_page(&path).await;
    assert!(html.contains("31-01-2023 → 28-02-2023"), "{html}");
    let (_, _, project_page) = browser.get_page(&format!("/projekter/{id}")).await;
    assert!(
        project_page.contains("Sensorer i drift (udbud)") && project_page.contains("28-02-2023")
    );
    let mut owned = form("");
    owned.push(("handling", "slet".into()));
    let fields: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, _, _) = browser.post_form(&change, &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, list) = app
        .as_admin()
        .get(&format!("/api/v1/projects/{id}/milestones"))
        .await;
    assert_eq!(list, json!([]));
    // Someone who neither manages the project nor sits in the council gets no page.
    let park = app.as_admin().project_id("PARK Manager").await;
    let (status, _, _) = browser
        .get_page(&format!("/projekter/{park}/milepaele"))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let mut admin = app.browser_as(ADMIN).await;
    let (status, _, _) = admin
        .get_page(&format!("/projekter/{park}/milepaele"))
        .await;
    assert_eq!(status, StatusCode::OK);
}
