//! Colours that can be trusted (issue 14): baselines recorded at approval
//! and re-baselined by the council with a reason, the tolerances, and the
//! suggested colours beside the reported ones, marked where the report is
//! greener, in JSON, the workbook, the printed report and the status form.

use crate::harness::{TestApp, ADMIN};
use crate::reports::fetch;
use actix_web::http::StatusCode;
use serde_json::{json, Value};

fn severity(colour: &Value) -> u8 {
    match colour.as_str().unwrap() {
        "green" => 0,
        "yellow" => 1,
        _ => 2,
    }
}

fn contradicted<'a>(report: &'a Value, project: &str, parameter: &str) -> Option<&'a Value> {
    report["contradicted"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == project && c["parameter"] == parameter)
}

#[actix_web::test]
async fn the_report_marks_colours_greener_than_baseline_and_forecast_allow() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let (status, report) = admin.get("/api/v1/reports/2022Q1").await;
    assert_eq!(status, StatusCode::OK);
    let list = report["contradicted"].as_array().unwrap();
    assert!(!list.is_empty());
    for c in list {
        assert!(severity(&c["reported"]) < severity(&c["suggested"]), "{c}");
        let id = c["project_id"].as_i64().unwrap();
        let (_, stored) = admin.status(id, "2022Q1").await;
        let parameter = c["parameter"].as_str().unwrap();
        assert_eq!(stored[parameter]["colour"], c["reported"], "{c}");
    }
    // Papirarkivet: approved to end 14-10-2022 for 500.000 kr., now expected
    // 31-08-2023 for 560.000 kr. (12 % over), reported green on both.
    let tid = contradicted(&report, "Papirarkivet", "tid").expect("tid");
    assert_eq!(
        (tid["reported"].as_str(), tid["suggested"].as_str()),
        (Some("green"), Some("red"))
    );
    assert_eq!(tid["baseline_end"], "2022-10-14");
    assert_eq!(tid["expected_end"], "2023-08-31");
    let okonomi = contradicted(&report, "Papirarkivet", "okonomi").expect("økonomi");
    assert_eq!(
        (
            okonomi["baseline_budget"].as_i64(),
            okonomi["forecast"].as_i64()
        ),
        (Some(500_000), Some(560_000))
    );
    // PARK Manager reported økonomi red: not greener than the rule.
    assert!(contradicted(&report, "PARK Manager", "okonomi").is_none());
    // The minutes' red tables stand as they were.
    assert_eq!(report["red"]["okonomi"]["total"], 2);
}

#[actix_web::test]
async fn the_council_rebaselines_with_a_reason_and_the_history_stays() {
    let app = TestApp::seeded().await;
    let council = app.as_council();
    let id = council.project_id("Papirarkivet").await;
    let path = format!("/api/v1/projects/{id}/baselines");
    let (status, history) = council.get(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(history.as_array().unwrap().len(), 1);
    assert_eq!(history[0]["planned_end"], "2022-10-14");
    for (body, code, field) in [
        (
            json!({"budget": 560_000, "reason": "  "}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "reason",
        ),
        (
            json!({"budget": -1, "reason": "x"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "budget",
        ),
    ] {
        let (status, error) = council.post(&path, body).await;
        assert_eq!(status, code, "{error}");
        assert_eq!(error["field"], field);
    }
    let (status, _) = app
        .as_reader()
        .post(&path, json!({"budget": 1, "reason": "x"}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let reason = "Aftalen med Kroppedal forlænget til 31. august 2023 (minutterne, Q3 2022)";
    let (status, made) = council
        .post(
            &path,
            json!({"planned_end": "2023-08-31", "budget": 560_000, "reason": reason}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    assert_eq!(made["is_current"], true);
    let (_, history) = council.get(&path).await;
    let rows = history.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (rows[0]["reason"].as_str(), rows[0]["is_current"].as_bool()),
        (Some(reason), Some(true))
    );
    assert_eq!(
        (
            rows[1]["planned_end"].as_str(),
            rows[1]["is_current"].as_bool()
        ),
        (Some("2022-10-14"), Some(false))
    );
    let (_, report) = council.get("/api/v1/reports/2022Q1").await;
    assert!(
        contradicted(&report, "Papirarkivet", "tid").is_none(),
        "measured against the new baseline"
    );
    // The trail holds both.
    let (_, trail) = app
        .as_admin()
        .get(&format!("/api/v1/audit?entity=project&entity_id={id}"))
        .await;
    let entry = trail["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "rebaseline")
        .expect("audit");
    assert_eq!(entry["before"]["planned_end"], "2022-10-14");
    assert_eq!(entry["after"]["reason"], reason);
    // A proposed project has no baseline to replace.
    let (_, departments) = council.get("/api/v1/departments").await;
    let (_, phases) = council.get("/api/v1/phases").await;
    let (_, proposed) = council
        .create_project(json!({"name": "Idé: chatbot", "department_id": departments[0]["id"],
            "phase_id": phases[0]["id"], "kind": "operational", "state": "proposed", "budget": 100}))
        .await;
    let pid = proposed["id"].as_i64().unwrap();
    let (_, none) = council
        .get(&format!("/api/v1/projects/{pid}/baselines"))
        .await;
    assert_eq!(none, json!([]));
    let (status, error) = council
        .post(
            &format!("/api/v1/projects/{pid}/baselines"),
            json!({"budget": 1, "reason": "x"}),
        )
        .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::CONFLICT, Some("not_approved"))
    );
    // Approving it, through the council's process, records its plan as the baseline.
    let mut planned = proposed.clone();
    for key in [
        "id",
        "department",
        "manager",
        "owner",
        "phase",
        "focus_area",
        "parent",
        "children",
        "created_at",
        "updated_at",
        "payback_year",
        "expected_end",
    ] {
        planned.as_object_mut().unwrap().remove(key);
    }
    planned["department_id"] = departments[0]["id"].clone();
    planned["phase_id"] = phases[0]["id"].clone();
    planned["planned_end"] = json!("2024-06-30");
    let (status, body) = council.update_project(pid, planned).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    crate::process::approve_operational(&council, pid).await;
    let (_, history) = council
        .get(&format!("/api/v1/projects/{pid}/baselines"))
        .await;
    assert_eq!(
        (
            history[0]["planned_end"].as_str(),
            history[0]["budget"].as_i64()
        ),
        (Some("2024-06-30"), Some(100))
    );
    assert_eq!(history[0]["reason"], "Plan ved godkendelse");
}

#[actix_web::test]
async fn tolerances_change_the_suggestions_but_not_an_approved_report() {
    let app = TestApp::seeded().await;
    let council = app.as_council();
    let (_, t) = council.get("/api/v1/tolerances").await;
    assert_eq!(
        t,
        json!({"time_yellow_months": 1, "time_red_months": 3, "cost_yellow_percent": 0, "cost_red_percent": 10})
    );
    let (status, error) = council
        .put("/api/v1/tolerances", json!({"time_yellow_months": 4, "time_red_months": 3, "cost_yellow_percent": 0, "cost_red_percent": 10}))
        .await;
    assert_eq!(
        (status, error["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("time_red_months"))
    );
    let (status, _) = app.as_reader().put("/api/v1/tolerances", t.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, before) = council.get("/api/v1/reports/2022Q1").await;
    let (status, _) = app
        .as_admin()
        .decide(
            "2022Q1",
            json!({"meeting_date": "2022-03-31", "text": "Godkendte indstillingen."}),
        )
        .await;
    assert!(status.is_success());
    // Papirarkivet is 12 % over: red at 10 %, yellow at 20 %.
    let (status, _) = council
        .put("/api/v1/tolerances", json!({"time_yellow_months": 1, "time_red_months": 12, "cost_yellow_percent": 0, "cost_red_percent": 20}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, frozen) = council.get("/api/v1/reports/2022Q1").await;
    assert_eq!(
        frozen["contradicted"], before["contradicted"],
        "frozen with its tolerances"
    );
    let (_, live) = council.get("/api/v1/reports/2022Q1?live=true").await;
    let live = &live["live"];
    assert_eq!(
        contradicted(live, "Papirarkivet", "okonomi").unwrap()["suggested"],
        "yellow"
    );
    assert_eq!(
        contradicted(live, "Papirarkivet", "tid").unwrap()["suggested"],
        "yellow"
    );
}

#[actix_web::test]
async fn the_workbook_and_the_printed_report_show_the_suggestions() {
    use calamine::{Data, Reader, Xlsx};
    let app = TestApp::seeded().await;
    let (_, _, _, body) = fetch(&app, "/api/v1/reports/2022Q1?format=xlsx", None).await;
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(body)).unwrap();
    let sheet = book.worksheet_range("Portefølje").unwrap();
    let rows: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    let text = |d: &Data| d.to_string();
    let headings: Vec<String> = rows[0].iter().map(text).collect();
    assert_eq!(
        headings[10..13],
        [
            "Tid ifølge prognosen",
            "Økonomi ifølge prognosen",
            "Rapporteret grønnere end reglen"
        ]
    );
    let papir = rows.iter().find(|r| text(&r[0]) == "Papirarkivet").unwrap();
    assert_eq!(
        (text(&papir[8]), text(&papir[10]), text(&papir[12])),
        ("grøn".into(), "rød".into(), "tid, økonomi".into())
    );
    let mut browser = app.browser_as(ADMIN).await;
    let (status, _, html) = browser.get_page("/kvartalsrapport/2022Q1/udskrift").await;
    assert_eq!(status, StatusCode::OK);
    let section = html.split("id=\"modsagt\"").nth(1).expect("the section");
    let section = section.split("id=\"oekonomi\"").next().unwrap();
    assert!(
        section.contains("Papirarkivet")
            && section.contains("forventet slut 31-08-2023, baseline 14-10-2022"),
        "{section}"
    );
    assert!(section.contains("prognose 560.000 kr., baseline 500.000 kr."));
}

#[actix_web::test]
async fn the_status_form_suggests_before_the_report_is_sent() {
    let app = TestApp::seeded().await;
    let id = app.as_admin().project_id("Papirarkivet").await;
    let mut browser = app.browser_as(ADMIN).await;
    let path = format!("/projekter/{id}/status/2022Q3");
    let (status, _, html) = browser.get_page(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Ud fra prognosen foreslås rød for tid og rød for økonomi"),
        "{html}"
    );
    let csrf = crate::helpers::hidden_csrf(&html);
    let form = [
        ("csrf", csrf.as_str()),
        ("forbrug", "400.000"),
        ("prognose", "540.000"),
        ("forventet_slut", "14-11-2022"),
        ("handling", "beregn"),
    ];
    let (status, _, html) = browser.post_form(&path, &form).await;
    assert_eq!(status, StatusCode::OK);
    // One month late: yellow; 8 % over: yellow.
    assert!(
        html.contains("Ud fra prognosen foreslås gul for tid og gul for økonomi"),
        "{html}"
    );
    assert!(html.contains("value=\"540.000\""), "what was typed stays");
    let (status, _) = app.as_admin().status(id, "2022Q3").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "calculating stores nothing");
}

#[actix_web::test]
async fn the_baseline_and_tolerance_pages_in_danish() {
    let app = TestApp::seeded().await;
    let id = app.as_admin().project_id("Papirarkivet").await;
    let mut browser = app.browser_as(ADMIN).await;
    let path = format!("/projekter/{id}/baseline");
    let (status, _, html) = browser.get_page(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("14-10-2022") && html.contains("500.000 kr."));
    let csrf = crate::helpers::hidden_csrf(&html);
    let (status, _, html) = browser
        .post_form(
            &path,
            &[
                ("csrf", &csrf),
                ("planned_end", "31-08-2023"),
                ("budget", "560.000"),
                ("reason", ""),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("Skriv begrundelsen.") && html.contains("value=\"560.000\""),
        "{html}"
    );
    let (status, location, _) = browser
        .post_form(
            &path,
            &[
                ("csrf", &csrf),
                ("planned_end", "31-08-2023"),
                ("budget", "560.000"),
                ("reason", "Forlænget aftale"),
            ],
        )
        .await;
    assert_eq!(
        (status, location.as_str()),
        (
            StatusCode::SEE_OTHER,
            format!("/projekter/{id}#baseline").as_str()
        )
    );
    let (_, _, html) = browser.get_page(&format!("/projekter/{id}")).await;
    assert!(
        html.contains("slut 31-08-2023, budget 560.000 kr. (Forlænget aftale)"),
        "{html}"
    );

    let (status, _, html) = browser.get_page("/administration/tolerancer").await;
    assert_eq!(status, StatusCode::OK);
    let csrf = crate::helpers::hidden_csrf(&html);
    let (status, _, html) = browser
        .post_form(
            "/administration/tolerancer",
            &[
                ("csrf", &csrf),
                ("time_yellow_months", "5"),
                ("time_red_months", "3"),
                ("cost_yellow_percent", "0"),
                ("cost_red_percent", "mange"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Skriv en procent fra 0 til 500"), "{html}");
    let (status, location, _) = browser
        .post_form(
            "/administration/tolerancer",
            &[
                ("csrf", &csrf),
                ("time_yellow_months", "1"),
                ("time_red_months", "6"),
                ("cost_yellow_percent", "0"),
                ("cost_red_percent", "15"),
            ],
        )
        .await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, "/administration/tolerancer?gemt")
    );
    let (_, t) = app.as_admin().get("/api/v1/tolerances").await;
    assert_eq!(
        (
            t["time_red_months"].as_u64(),
            t["cost_red_percent"].as_u64()
        ),
        (Some(6), Some(15))
    );
}

#[actix_web::test]
async fn two_instances_rebaselining_at_once_leave_one_current_baseline() {
    let app = TestApp::seeded().await;
    let other = portefolje::db::Db::connect(&app.test_db().url, 8).unwrap();
    let second = app.sibling(other).await;
    let id = app.as_council().project_id("Citizen Lab").await;
    let path = format!("/api/v1/projects/{id}/baselines");
    let rounds = 10;
    let (first, other) = (app.as_council(), second.as_council());
    for round in 0..rounds {
        let body = |who: &str| json!({"budget": 250_000 + round, "reason": format!("{who} runde {round}")});
        let (a, b) = futures::join!(
            first.post(&path, body("første")),
            other.post(&path, body("anden"))
        );
        assert_eq!(
            (a.0, b.0),
            (StatusCode::CREATED, StatusCode::CREATED),
            "{a:?} {b:?}"
        );
    }
    let (_, history) = app.as_council().get(&path).await;
    let rows = history.as_array().unwrap();
    assert_eq!(
        rows.len(),
        1 + 2 * rounds as usize,
        "every re-baselining is kept"
    );
    assert_eq!(rows.iter().filter(|r| r["is_current"] == true).count(), 1);
}

#[actix_web::test]
async fn red_on_the_same_parameter_quarter_after_quarter_is_called_out() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let (_, report) = admin.get("/api/v1/reports/2022Q1").await;
    let streaks = report["red_streaks"].as_array().unwrap();
    // Monopolbrudsprogrammet: økonomi red in 2021Q4 and 2022Q1 (the minutes).
    let monopoly = streaks
        .iter()
        .find(|s| s["name"] == "Monopolbrudsprogrammet" && s["parameter"] == "okonomi")
        .expect("Monopolbrudsprogrammet");
    assert_eq!(
        (monopoly["quarters"].as_u64(), monopoly["since"].as_str()),
        (Some(2), Some("2021Q4"))
    );
    for s in streaks {
        let id = s["project_id"].as_i64().unwrap();
        let parameter = s["parameter"].as_str().unwrap();
        for quarter in ["2021Q4", "2022Q1"] {
            let (_, stored) = admin.status(id, quarter).await;
            assert_eq!(stored[parameter]["colour"], "red", "{s} {quarter}");
        }
    }
    // A third red quarter makes it three.
    let id = monopoly["project_id"].as_i64().unwrap();
    let red = json!({"colour": "red", "comment": "Merudgifter til parallel drift"});
    let green = json!({"colour": "green"});
    let (status, _) = admin
        .put(
            "/api/v1/quarters/2022Q2",
            json!({"deadline": "2022-06-17", "state": "open"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = admin
        .put_status(
            id,
            "2022Q2",
            json!({"ressourcer": green, "leverancer": green, "tid": green, "okonomi": red}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, q2) = admin.get("/api/v1/reports/2022Q2").await;
    let found = q2["red_streaks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["project_id"] == id)
        .cloned();
    assert_eq!(found.expect("still red")["quarters"], 3);
    let mut browser = app.browser_as(ADMIN).await;
    let (_, _, html) = browser.get_page("/?kvartal=2022Q1").await;
    assert!(html.contains("Røde i flere kvartaler i træk"));
    assert!(
        html.contains("Monopolbrudsprogrammet</a>: rød på økonomi i 2 kvartaler i træk"),
        "{html}"
    );
    let (_, _, html) = browser.get_page("/kvartalsrapport/2022Q1/udskrift").await;
    assert!(html.contains("2 kvartaler i træk, siden 4. kvartal 2021"));
    // And in the workbook's sheet "Opfølgning".
    let rows =
        crate::reports::sheet_rows(&app, "/api/v1/reports/2022Q1?format=xlsx", "Opfølgning").await;
    assert!(
        rows.iter()
            .any(|r| r[..4] == ["Monopolbrudsprogrammet", "økonomi", "2", "4. kvartal 2021"]),
        "{rows:?}"
    );
}
