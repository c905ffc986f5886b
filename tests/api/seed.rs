use crate::harness::TestApp;
use crate::helpers::*;
use actix_web::http::StatusCode;

/// The Q1 2022 tables of the Chefforum minutes of 31 March 2022, Punkt 2.
const MINUTES_Q1_2022: [(&str, &[&str]); 4] = [
    (
        "tid",
        &[
            "Citizen Lab",
            "Telemedicin til borgere med KOL (TeleKOL)",
            "ØIR - Økonomien i Rammearkitekturen (Monopolbrud Classic)",
        ],
    ),
    (
        "leverancer",
        &[
            "Fælleskommunal Grunddata-programmer",
            "NemRefusion",
            "PARK Manager",
            "Reflective IDM",
            "Telemedicin til borgere med KOL (TeleKOL)",
        ],
    ),
    ("ressourcer", &["Vandstandsmåling"]),
    ("okonomi", &["Monopolbrudsprogrammet", "PARK Manager"]),
];

#[actix_web::test]
async fn seed_reproduces_the_minutes_red_tables_for_2022q1() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    for (parameter, expected) in MINUTES_Q1_2022 {
        let (status, page) = admin
            .get(&format!("/api/v1/projects?red={parameter}&quarter=2022Q1"))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(names(&page), expected, "red on {parameter}");
        assert_eq!(page["total"], expected.len());
    }
}

#[actix_web::test]
async fn seed_holds_the_strategy_its_focus_areas_and_nine_pilots() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let (_, strategies) = admin.get("/api/v1/strategies").await;
    assert_eq!(strategies[0]["name"], "Mere velfærd i Albertslund");
    assert_eq!(
        (
            strategies[0]["start_year"].as_i64(),
            strategies[0]["end_year"].as_i64()
        ),
        (Some(2021), Some(2025))
    );

    let (_, areas) = admin.get("/api/v1/focus-areas").await;
    let (_, departments) = admin.get("/api/v1/departments").await;
    let code_of = |id: &serde_json::Value| {
        departments
            .as_array()
            .unwrap()
            .iter()
            .find(|d| &d["id"] == id)
            .unwrap()["code"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let mut owners: Vec<(String, String)> = areas
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["name"].as_str().unwrap().to_string(),
                code_of(&a["department_id"]),
            )
        })
        .collect();
    owners.sort();
    assert_eq!(
        owners,
        [
            (
                "Bedre helbred og øget frihed".to_string(),
                "SPO".to_string()
            ),
            ("Mere dialog og fællesskab".to_string(), "ØS".to_string()),
            ("Mere grøn velfærd".to_string(), "M&T".to_string()),
        ]
    );
    let mut pilots = 0;
    for area in areas.as_array().unwrap() {
        let (_, page) = admin
            .get(&format!("/api/v1/projects?focus_area_id={}", area["id"]))
            .await;
        pilots += page["total"].as_i64().unwrap();
    }
    assert_eq!(pilots, 9);
}

#[actix_web::test]
async fn reflective_idm_is_cancelled_with_the_minutes_reason() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let id = admin.project_id("Reflective IDM").await;
    let (_, p) = admin.project(id).await;
    assert_eq!(p["state"], "cancelled");
    assert_eq!(p["ended_on"], "2022-03-31");
    assert!(p["cancel_reason"]
        .as_str()
        .unwrap()
        .contains("leverandøren desværre ikke kan leve op til aftalen"));
}

#[actix_web::test]
async fn monopolbrud_programme_holds_classic_and_bolge_2() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let id = admin.project_id("Monopolbrudsprogrammet").await;
    let (_, p) = admin.project(id).await;
    let children: Vec<&str> = p["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        children,
        [
            "Monopolbrud Bølge 2",
            "ØIR - Økonomien i Rammearkitekturen (Monopolbrud Classic)"
        ]
    );
    let (_, page) = admin.get(&format!("/api/v1/projects?parent_id={id}")).await;
    assert_eq!(page["total"], 2);
}

#[actix_web::test]
async fn corrected_report_keeps_the_earlier_version() {
    // PARK Manager's Q1 2022 report was corrected once in the seed.
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let id = admin.project_id("PARK Manager").await;
    let (_, latest) = admin.status(id, "2022Q1").await;
    assert_eq!(latest["version"], 2);
    assert!(latest["okonomi"]["comment"]
        .as_str()
        .unwrap()
        .contains("50.000"));
    let (_, history) = admin.get(&format!("/api/v1/projects/{id}/status")).await;
    let versions: Vec<(String, i64)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["quarter"].as_str().unwrap().to_string(),
                s["version"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        versions,
        [
            ("2022Q1".into(), 2),
            ("2022Q1".into(), 1),
            ("2021Q4".into(), 1)
        ]
    );
}

#[actix_web::test]
async fn seed_is_loaded_only_into_an_empty_database() {
    let t = TestDb::seeded();
    assert!(!portefolje::import::seed::load_if_empty(t.db(), &seed_dir()).unwrap());
}

#[actix_web::test]
async fn a_bad_seed_row_stops_with_file_line_and_reason_and_loads_nothing() {
    let dir = std::env::temp_dir().join(format!("portefolje-bad-seed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(seed_dir()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
    }
    let projects = std::fs::read_to_string(dir.join("projekter.csv")).unwrap();
    std::fs::write(
        dir.join("projekter.csv"),
        projects.replacen(
            ";M&T;Thomas Nørgaard;",
            ";Ukendt afdeling;Thomas Nørgaard;",
            1,
        ),
    )
    .unwrap();
    let t = TestDb::empty();
    let err = portefolje::import::seed::load_if_empty(t.db(), &dir).unwrap_err();
    assert!(err.contains("projekter.csv"), "{err}");
    assert!(err.contains("line 7"), "{err}");
    assert!(
        err.contains("unknown department 'Ukendt afdeling'"),
        "{err}"
    );
    let empty = t
        .db()
        .run_blocking(portefolje::db::departments::list)
        .unwrap();
    assert!(
        empty.is_empty(),
        "nothing may stay behind after a failed seed"
    );
    std::fs::remove_dir_all(dir).unwrap();
}
