//! The portfolio's economy (issue 14): the project's economy through the
//! API, the form and the import; spent and forecast reported with each
//! quarter's status; the report's economy section in JSON, CSV, XLSX and on
//! the Økonomi page, its totals the sum of its projects.

use crate::harness::{TestApp, PM};
use crate::reports::{fetch, read_csv};
use actix_web::http::StatusCode;
use serde_json::{json, Value};

fn sum(lines: &Value, key: &str) -> i64 {
    lines
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l[key].as_i64().unwrap())
        .sum()
}

fn line<'a>(economy: &'a Value, name: &str) -> &'a Value {
    economy["projects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"] == name)
        .unwrap_or_else(|| panic!("{name} in {economy}"))
}

#[actix_web::test]
async fn the_reports_totals_are_the_sum_of_its_projects() {
    let app = TestApp::seeded().await;
    let (status, report) = app.as_reader().get("/api/v1/reports/2022Q3").await;
    assert_eq!(status, StatusCode::OK);
    let e = &report["economy"];
    let projects = &e["projects"];
    assert_eq!(
        e["totals"]["projects"].as_u64().unwrap() as usize,
        projects.as_array().unwrap().len()
    );
    assert_eq!(
        e["totals"]["projects"], report["summary"]["in_progress"],
        "the economy covers the projects in progress"
    );
    for key in ["budget", "forecast", "spent", "overrun", "operating_cost"] {
        assert_eq!(
            e["totals"][key].as_i64().unwrap(),
            sum(projects, key),
            "{key}"
        );
        for grouping in [
            "by_department",
            "by_directorate",
            "by_focus_area",
            "by_kind",
            "by_must_do",
        ] {
            let groups: i64 = e[grouping]
                .as_array()
                .unwrap()
                .iter()
                .map(|g| g["totals"][key].as_i64().unwrap())
                .sum();
            assert_eq!(
                groups,
                e["totals"][key].as_i64().unwrap(),
                "{grouping} {key}"
            );
        }
    }
    // PARK Manager: budget 650.000 kr., forecast 820.000 kr. in the seed.
    let park = line(e, "PARK Manager");
    assert_eq!(
        (park["budget"].as_i64(), park["forecast"].as_i64()),
        (Some(650_000), Some(820_000))
    );
    assert_eq!(park["overrun"], 170_000);
    // Five years of operating costs from 2022; ERP udbud runs from 2024.
    let years: Vec<i64> = e["operating"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["year"].as_i64().unwrap())
        .collect();
    assert_eq!(years, [2022, 2023, 2024, 2025, 2026]);
    let operating = |year: usize| e["operating"][year]["amount"].as_i64().unwrap();
    assert!(
        operating(2) - operating(1) >= 1_500_000,
        "ERP's 1.500.000 kr. from 2024"
    );
    // Monopolbrudsprogrammet's business case: 1.500.000 kr. a year from 2021
    // less 2.400.000 kr. operating costs from 2020 never pays back.
    assert_eq!(
        line(e, "Monopolbrudsprogrammet")["payback_year"],
        Value::Null
    );
    assert_eq!(line(e, "KMD OPUS Vagtplan")["contract_end"], "2025-12-31");
}

#[actix_web::test]
async fn spent_and_forecast_come_with_the_status_and_stay_as_last_reported() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let id = admin.project_id("Vandstandsmåling").await;
    let green = json!({"colour": "green"});
    let body = |extra: Value| {
        let mut b =
            json!({"ressourcer": green, "leverancer": green, "tid": green, "okonomi": green});
        b.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        b
    };
    let (status, stored) = admin
        .put_status(
            id,
            "2022Q3",
            body(json!({"spent": 90_000, "forecast": 260_000, "expected_end": "2023-03-31"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{stored}");
    assert_eq!(
        (stored["spent"].as_i64(), stored["forecast"].as_i64()),
        (Some(90_000), Some(260_000))
    );
    let (_, project) = admin.project(id).await;
    assert_eq!(project["spent"], 90_000);
    assert_eq!(project["forecast"], 260_000);
    assert_eq!(project["expected_end"], "2023-03-31");
    // Left out: as last reported.
    let (_, stored) = admin
        .put_status(id, "2022Q3", body(json!({"spent": 120_000})))
        .await;
    assert_eq!(
        (stored["spent"].as_i64(), stored["forecast"].as_i64()),
        (Some(120_000), Some(260_000))
    );
    assert_eq!(stored["expected_end"], "2023-03-31");
    let (_, report) = admin.get("/api/v1/reports/2022Q3").await;
    let water = line(&report["economy"], "Vandstandsmåling");
    assert_eq!(
        (water["spent"].as_i64(), water["overrun"].as_i64()),
        (Some(120_000), Some(60_000))
    );
    // A correction of an older quarter leaves today's figures alone.
    let (status, _) = admin
        .put(
            &format!("/api/v1/projects/{id}/status/2022Q2"),
            body(json!({"spent": 1, "forecast": 2})),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "2022Q2 is closed to ordinary reports"
    );
    // Bad figures are refused at their field.
    let (status, error) = admin
        .put_status(id, "2022Q3", body(json!({"forecast": -5})))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["field"], "forecast");
    let (status, _) = admin
        .put_status(id, "2022Q3", body(json!({"spent": "mange"})))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, project) = admin.project(id).await;
    assert_eq!(
        project["spent"], 120_000,
        "nothing stored from refused reports"
    );
}

#[actix_web::test]
async fn a_projects_economy_is_checked_at_its_fields() {
    let app = TestApp::seeded().await;
    let council = app.as_council();
    let (_, departments) = council.get("/api/v1/departments").await;
    let department = departments[0]["id"].as_i64().unwrap();
    let (_, phases) = council.get("/api/v1/phases").await;
    let phase = phases[0]["id"].as_i64().unwrap();
    let project = |extra: Value| {
        let mut b = json!({"name": "Digital affaldsplan", "department_id": department, "phase_id": phase,
            "kind": "operational", "state": "approved", "budget": 1_000_000, "operating_cost": 100_000});
        b.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        b
    };
    for (extra, field) in [
        (json!({"operating_from": 1200}), "operating_from"),
        (json!({"benefit_yearly": -1}), "benefit_yearly"),
        (json!({"forecast": -1}), "forecast"),
        (
            json!({"financing_department_id": 99_999}),
            "financing_department_id",
        ),
    ] {
        let (status, error) = council.create_project(project(extra)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
        assert_eq!(error["field"], field);
    }
    let (status, created) = council
        .create_project(project(
            json!({"forecast": 1_200_000, "operating_from": 2024,
            "financing_department_id": department, "benefit_yearly": 400_000, "benefit_from": 2024,
            "contract_end": "2028-06-30"}),
        ))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    // 300.000 kr. a year net: 1.200.000 kr. is paid back by the end of 2027.
    assert_eq!(created["payback_year"], 2027);
    assert_eq!(created["contract_end"], "2028-06-30");
    let id = created["id"].as_i64().unwrap();
    let mut update = project(json!({"forecast": 900_000, "version": created["version"]}));
    update["benefit_yearly"] = json!(0);
    let (status, updated) = council.update_project(id, update).await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(updated["forecast"], 900_000);
    assert_eq!(updated["payback_year"], Value::Null);
    assert_eq!(
        updated["financing_department_id"],
        Value::Null,
        "a PUT replaces the whole project"
    );
}

#[actix_web::test]
async fn the_economy_in_csv_and_the_workbook_reads_back() {
    use calamine::{Data, Reader, Xlsx};
    let app = TestApp::seeded().await;
    let (_, report) = app.as_admin().get("/api/v1/reports/2022Q3").await;
    let totals = &report["economy"]["totals"];
    let (status, _, disposition, body) = fetch(
        &app,
        "/api/v1/reports/2022Q3?format=csv&table=economy",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        disposition.contains("projektportefoelje-2022Q3-oekonomi.csv"),
        "{disposition}"
    );
    let rows = read_csv(&body);
    assert_eq!(
        rows[1][..5],
        [
            "Projektnavn",
            "Afdeling",
            "Finansierende afdeling",
            "Budget",
            "Forbrug"
        ]
    );
    let total = rows
        .iter()
        .find(|r| r[0] == "Hovedtotal")
        .expect("Hovedtotal");
    assert_eq!(total[3], totals["budget"].to_string());
    assert_eq!(total[5], totals["forecast"].to_string());
    let operating = rows
        .iter()
        .position(|r| r[0] == "Afledte driftsudgifter pr. år")
        .unwrap();
    assert_eq!(rows[operating + 1][0], "2022");

    let (_, _, _, body) = fetch(&app, "/api/v1/reports/2022Q3?format=xlsx", None).await;
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(body)).unwrap();
    let sheet = book.worksheet_range("Økonomi").unwrap();
    let rows: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    let total = rows
        .iter()
        .find(|r| r[0] == Data::String("Hovedtotal".into()))
        .expect("Hovedtotal");
    assert_eq!(total[3], Data::Float(totals["budget"].as_f64().unwrap()));
    assert_eq!(total[5], Data::Float(totals["forecast"].as_f64().unwrap()));
    let park = rows
        .iter()
        .find(|r| r[0] == Data::String("PARK Manager".into()))
        .unwrap();
    assert_eq!(park[6], Data::Float(170_000.0), "Overskridelse");
}

#[actix_web::test]
async fn the_okonomi_page_and_the_printed_report_show_the_totals_in_kroner() {
    let app = TestApp::seeded().await;
    let (_, report) = app.as_admin().get("/api/v1/reports/2022Q3").await;
    let forecast = report["economy"]["totals"]["forecast"].as_i64().unwrap();
    let kroner = portefolje::domain::danish::format_kroner(forecast);
    let mut browser = app.browser_as(PM).await;
    let (status, _, html) = browser.get_page("/oekonomi/2022Q3").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Porteføljens økonomi, 3. kvartal 2022"),
        "{html}"
    );
    assert!(html.contains(&kroner), "{kroner}");
    assert!(html.contains("<svg") && html.contains("PARK Manager"));
    assert!(html.contains("aria-current=\"page\">Økonomi"));
    let (status, _, html) = browser.get_page("/kvartalsrapport/2022Q3/udskrift").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Porteføljens økonomi") && html.contains(&kroner));
    let (status, _, csv) = browser
        .get_page("/kvartalsrapport/2022Q3/economy.csv")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(csv.contains("Hovedtotal"));
}

#[actix_web::test]
async fn the_status_form_asks_for_the_economy_prefilled_and_in_danish() {
    let app = TestApp::seeded().await;
    let id = app.as_admin().project_id("Vandstandsmåling").await;
    let mut browser = app.browser_as(PM).await;
    let path = format!("/projekter/{id}/status/2022Q3");
    let (status, _, html) = browser.get_page(&path).await;
    assert_eq!(status, StatusCode::OK);
    // The seed: spent 60.000 kr., forecast 200.000 kr., planned end 31-12-2022.
    assert!(html.contains("value=\"60.000\""), "{html}");
    assert!(html.contains("value=\"200.000\""));
    assert!(html.contains("value=\"31-12-2022\""));
    let csrf = crate::helpers::hidden_csrf(&html);
    let form = |forbrug: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("ressourcer", "green".into()),
            ("leverancer", "green".into()),
            ("tid", "green".into()),
            ("okonomi", "green".into()),
            ("forbrug", forbrug.into()),
            ("prognose", "1.250.000".into()),
            ("forventet_slut", "31-03-2023".into()),
        ]
    };
    let owned = form("mange");
    let fields: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, _, html) = browser.post_form(&path, &fields).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("href=\"#forbrug\""), "{html}");
    assert!(html.contains("Skriv et beløb i hele kroner"));
    assert!(
        html.contains("value=\"mange\"") && html.contains("value=\"1.250.000\""),
        "what was typed stays"
    );
    let owned = form("75.000");
    let fields: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, _, _) = browser.post_form(&path, &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, stored) = app.as_admin().status(id, "2022Q3").await;
    assert_eq!(
        (stored["spent"].as_i64(), stored["forecast"].as_i64()),
        (Some(75_000), Some(1_250_000))
    );
    assert_eq!(stored["expected_end"], "2023-03-31");
}

#[actix_web::test]
async fn an_approved_report_keeps_its_economy() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let (_, before) = admin.get("/api/v1/reports/2022Q1").await;
    let (status, _) = admin
        .decide(
            "2022Q1",
            json!({"meeting_date": "2022-03-31", "text": "Godkendte indstillingen."}),
        )
        .await;
    assert!(status.is_success());
    let id = admin.project_id("PARK Manager").await;
    let (_, project) = admin.project(id).await;
    let mut changed = project.clone();
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
        changed.as_object_mut().unwrap().remove(key);
    }
    changed["department_id"] = project["department"]["id"].clone();
    changed["phase_id"] = project["phase"]["id"].clone();
    changed["manager_id"] = project["manager"]["id"].clone();
    changed["owner_id"] = project["owner"]["id"].clone();
    changed["forecast"] = json!(5_000_000);
    let (status, error) = admin.update_project(id, changed).await;
    assert_eq!(status, StatusCode::OK, "{error}");
    let (_, after) = admin.get("/api/v1/reports/2022Q1").await;
    assert_eq!(after["economy"], before["economy"], "frozen as approved");
    let (_, live) = admin.get("/api/v1/reports/2022Q1?live=true").await;
    assert_eq!(
        line(&live["live"]["economy"], "PARK Manager")["forecast"],
        5_000_000
    );
}

#[actix_web::test]
async fn the_portfolio_list_sorts_by_the_economy() {
    let app = TestApp::seeded().await;
    let reader = app.as_reader();
    let amounts = |page: &Value, key: &str| -> Vec<i64> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| match key {
                "forecast" => p["forecast"]
                    .as_i64()
                    .unwrap_or(p["budget"].as_i64().unwrap()),
                "overrun" => {
                    let budget = p["budget"].as_i64().unwrap();
                    (p["forecast"].as_i64().unwrap_or(budget) - budget).max(0)
                }
                key => p[key].as_i64().unwrap(),
            })
            .collect()
    };
    for key in ["budget", "forecast", "spent", "overrun"] {
        let (status, page) = reader
            .get(&format!("/api/v1/projects?sort={key}&limit=500"))
            .await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let got = amounts(&page, key);
        let mut sorted = got.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(got, sorted, "{key}: largest first");
        assert!(got[0] > 0);
    }
    let (_, page) = reader.get("/api/v1/projects?sort=overrun&limit=1").await;
    // 13.100.000 kr. expected against 12.500.000 kr.: the largest overrun in the seed.
    assert_eq!(page["items"][0]["name"], "Monopolbrudsprogrammet");
    let (status, _) = reader.get("/api/v1/projects?sort=mest").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let mut browser = app.browser_as(PM).await;
    let (status, _, html) = browser
        .get_page("/portefoelje?kvartal=2022Q3&sortering=overskridelse")
        .await;
    assert_eq!(status, StatusCode::OK);
    let first_row = html.split("<tbody>").nth(1).unwrap();
    let first_row = first_row.split("</tr>").next().unwrap();
    assert!(
        first_row.contains("Monopolbrudsprogrammet") && first_row.contains("600.000 kr."),
        "{first_row}"
    );
    assert!(html.contains("<option value=\"overskridelse\" selected>"));
}
