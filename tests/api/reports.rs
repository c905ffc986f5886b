use crate::harness::TestApp;
use crate::helpers::*;
use actix_web::http::{Method, StatusCode};
use actix_web::test;
use serde_json::{json, Value};

fn table_names(report: &Value, parameter: &str) -> Vec<String> {
    report["red"][parameter]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect()
}

fn ref_names(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect()
}

#[actix_web::test]
async fn the_2022q1_report_has_the_minutes_red_tables() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let (status, r) = admin.get("/api/v1/reports/2022Q1").await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert_eq!(
        table_names(&r, "tid"),
        [
            "Citizen Lab",
            "Telemedicin til borgere med KOL (TeleKOL)",
            "ØIR - Økonomien i Rammearkitekturen (Monopolbrud Classic)"
        ]
    );
    assert_eq!(
        table_names(&r, "leverancer"),
        [
            "Fælleskommunal Grunddata-programmer",
            "NemRefusion",
            "PARK Manager",
            "Reflective IDM",
            "Telemedicin til borgere med KOL (TeleKOL)"
        ]
    );
    assert_eq!(table_names(&r, "ressourcer"), ["Vandstandsmåling"]);
    assert_eq!(
        table_names(&r, "okonomi"),
        ["Monopolbrudsprogrammet", "PARK Manager"]
    );
    let totals: Vec<i64> = ["tid", "leverancer", "ressourcer", "okonomi"]
        .iter()
        .map(|p| r["red"][*p]["total"].as_i64().unwrap())
        .collect();
    assert_eq!(totals, [3, 5, 1, 2]);
    let keys: Vec<&String> = r["red"].as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 4);

    // A row carries all four colours, the red parameter's comment and Antal = 1.
    let telekol = &r["red"]["leverancer"]["rows"][4];
    assert_eq!(
        (
            telekol["tid"].as_str(),
            telekol["leverancer"].as_str(),
            telekol["okonomi"].as_str()
        ),
        (Some("red"), Some("red"), Some("green"))
    );
    assert_eq!(telekol["comment"], "Udstyret til borgerne er ikke leveret");
    assert_eq!(telekol["count"], 1);
    assert_eq!(telekol["department"], "Sundhed, Pleje & Omsorg");
    assert_eq!(telekol["project_manager"], "Sofie Dam");
    assert_eq!(
        r["red"]["tid"]["rows"][2]["programme"],
        "Monopolbrudsprogrammet"
    );
    // The corrected PARK Manager report is the one that counts.
    assert!(r["red"]["okonomi"]["rows"][1]["comment"]
        .as_str()
        .unwrap()
        .contains("50.000"));

    let s = &r["summary"];
    assert_eq!(
        (
            s["in_progress"].as_i64(),
            s["must_do"].as_i64(),
            s["with_red"].as_i64(),
            s["missing"].as_i64()
        ),
        (Some(22), Some(10), Some(9), Some(2))
    );
    let phase_total: i64 = s["by_phase"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_i64().unwrap())
        .sum();
    assert_eq!(phase_total, 22);
    assert_eq!(s["by_kind"].as_array().unwrap().len(), 2);
    assert!(s["by_department"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["name"] == "IT & Digitalisering"));
    assert_eq!(r["approved"], false);
    assert_eq!(r["decision"], Value::Null);
}

#[actix_web::test]
async fn changes_missing_and_focus_areas() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let (_, r) = admin.get("/api/v1/reports/2022Q1").await;
    let c = &r["changes"];
    assert_eq!(c["previous_quarter"], "2021Q4");
    assert_eq!(ref_names(&c["new_projects"]), Vec::<String>::new());
    assert_eq!(c["cancelled"][0]["name"], "Reflective IDM");
    assert!(c["cancelled"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("udgår"));
    assert_eq!(
        ref_names(&c["turned_red"]["tid"]),
        [
            "Citizen Lab",
            "ØIR - Økonomien i Rammearkitekturen (Monopolbrud Classic)"
        ]
    );
    assert_eq!(
        ref_names(&c["turned_red"]["leverancer"]),
        [
            "Fælleskommunal Grunddata-programmer",
            "PARK Manager",
            "Telemedicin til borgere med KOL (TeleKOL)"
        ]
    );
    assert_eq!(
        ref_names(&c["turned_red"]["ressourcer"]),
        ["Vandstandsmåling"]
    );
    assert_eq!(ref_names(&c["turned_red"]["okonomi"]), ["PARK Manager"]);
    assert_eq!(ref_names(&c["turned_green"]["tid"]), ["Reflective IDM"]);

    let missing = r["missing"].as_array().unwrap();
    assert_eq!(
        ref_names(&r["missing"]),
        ["Bæredygtighedshjul (Digital overblik)", "Process Suite"]
    );
    assert_eq!(missing[0]["email"], "thomas.norgaard@albertslund.dk");
    assert!(
        missing[0]["days_overdue"].as_i64().unwrap() > 1000,
        "counted to today"
    );

    let areas = r["focus_areas"].as_array().unwrap();
    let green = areas
        .iter()
        .find(|a| a["name"] == "Mere grøn velfærd")
        .unwrap();
    assert_eq!(green["department"], "Miljø & Teknik");
    assert_eq!(
        ref_names(&green["projects"]),
        [
            "Bæredygtighedshjul (Digital overblik)",
            "Indeklima på skoler",
            "Vandstandsmåling"
        ]
    );
    assert_eq!(green["projects"][0]["tid"], Value::Null, "not reported");
    assert_eq!(green["projects"][2]["ressourcer"], "red");
    assert_eq!(green["projects"][2]["owner"], "Marie Guldborg");

    // The next quarter: ERP udbud is new, CSC Omsorg completed.
    let (_, q2) = admin.get("/api/v1/reports/2022Q2").await;
    assert_eq!(ref_names(&q2["changes"]["new_projects"]), ["ERP udbud"]);
    assert_eq!(
        ref_names(&q2["changes"]["completed"]),
        ["Aflevering af CSC Omsorg"]
    );
    assert!(
        q2["red"]["tid"]["rows"].as_array().unwrap().is_empty(),
        "Q1's reports do not count for Q2"
    );
}

#[actix_web::test]
async fn report_errors() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    for (path, expected) in [
        ("/api/v1/reports/2031Q1", StatusCode::NOT_FOUND),
        ("/api/v1/reports/2022Q5", StatusCode::UNPROCESSABLE_ENTITY),
        ("/api/v1/reports/2022Q1?format=pdf", StatusCode::BAD_REQUEST),
        (
            "/api/v1/reports/2022Q1?kind=secret",
            StatusCode::BAD_REQUEST,
        ),
        (
            "/api/v1/reports/trend?from=2022Q2&to=2022Q1",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "/api/v1/reports/trend?from=2022Q9",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "/api/v1/reports/trend?from=1900Q1&to=2022Q1",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let (status, body) = admin.get(path).await;
        assert_eq!(status, expected, "{path}: {body}");
        assert!(body["error"].is_string(), "{path}: {body}");
    }
}

#[actix_web::test]
async fn exports_honour_the_project_filters() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let (_, departments) = admin.get("/api/v1/departments").await;
    let spo = departments
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "SPO")
        .unwrap()["id"]
        .clone();
    let (_, r) = admin
        .get(&format!("/api/v1/reports/2022Q1?department_id={spo}"))
        .await;
    assert_eq!(
        table_names(&r, "tid"),
        ["Telemedicin til borgere med KOL (TeleKOL)"]
    );
    assert_eq!(r["red"]["okonomi"]["total"], 0);
    assert_eq!(r["summary"]["in_progress"], 6);
    let (_, r) = admin.get("/api/v1/reports/2022Q1?must_do=true").await;
    assert_eq!(table_names(&r, "okonomi"), ["Monopolbrudsprogrammet"]);
    let (_, r) = admin.get("/api/v1/reports/2022Q1?q=park").await;
    assert_eq!(r["summary"]["in_progress"], 1);

    let resp = admin
        .get_raw(&format!(
            "/api/v1/reports/2022Q1?format=csv&table=tid&department_id={spo}"
        ))
        .await;
    let text = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
    assert!(
        text.contains("TeleKOL") && !text.contains("Citizen Lab"),
        "{text}"
    );
}

pub(crate) async fn fetch(
    app: &TestApp,
    path: &str,
    accept: Option<&str>,
) -> (StatusCode, String, String, Vec<u8>) {
    let mut req = app.as_admin().request(Method::GET, path);
    if let Some(accept) = accept {
        req = req.insert_header(("accept", accept));
    }
    let resp = app.call(req.to_request()).await;
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    let (status, content_type, disposition) = (
        resp.status(),
        header("content-type"),
        header("content-disposition"),
    );
    let body = test::read_body(resp).await.to_vec();
    (status, content_type, disposition, body)
}

/// A workbook sheet of the report at `path`, read back as text cells.
pub(crate) async fn sheet_rows(app: &TestApp, path: &str, sheet: &str) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx};
    let (_, _, _, body) = fetch(app, path, None).await;
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(body)).unwrap();
    book.worksheet_range(sheet)
        .unwrap()
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

pub(crate) fn read_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "UTF-8 BOM for Excel"
    );
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .has_headers(false)
        .from_reader(&bytes[3..]);
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[actix_web::test]
async fn csv_red_tables_and_portfolio_read_back() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let (_, json) = admin.get("/api/v1/reports/2022Q1").await;
    for parameter in ["tid", "leverancer", "ressourcer", "okonomi"] {
        let (status, content_type, disposition, body) = fetch(
            &app,
            &format!("/api/v1/reports/2022Q1?format=csv&table={parameter}"),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(content_type.starts_with("text/csv"), "{content_type}");
        assert!(
            disposition.contains(&format!("projektportefoelje-2022Q1-{parameter}.csv")),
            "{disposition}"
        );
        let rows = read_csv(&body);
        assert!(
            rows[0][0].starts_with("Røde projekter ift. "),
            "{:?}",
            rows[0]
        );
        assert_eq!(
            rows[1][..5],
            [
                "Projektnavn",
                "Program",
                "Afdeling",
                "Projektleder",
                "Antal"
            ]
        );
        assert_eq!(
            rows[1][5..9],
            ["Ressourcer", "Leverancer", "Tid", "Økonomi"]
        );
        let names: Vec<&str> = rows[2..rows.len() - 1]
            .iter()
            .map(|r| r[0].as_str())
            .collect();
        assert_eq!(names, table_names(&json, parameter), "{parameter}");
        let last = rows.last().unwrap();
        assert_eq!(
            (last[0].as_str(), last[4].as_str()),
            (
                "Hovedtotal",
                json["red"][parameter]["total"].to_string().as_str()
            )
        );
        assert!(rows[2..rows.len() - 1]
            .iter()
            .all(|r| r[4] == "1" && r[5..9].contains(&"rød".to_string())));
    }
    let (_, _, disposition, body) = fetch(&app, "/api/v1/reports/2022Q1", Some("text/csv")).await;
    assert!(
        disposition.contains("projektportefoelje-2022Q1-portefoelje.csv"),
        "{disposition}"
    );
    let rows = read_csv(&body);
    assert_eq!(rows.len(), 1 + 22);
    let vand = rows.iter().find(|r| r[0] == "Vandstandsmåling").unwrap();
    assert_eq!(vand[8], "01-11-2021", "dates as dd-mm-åååå");
    assert_eq!(vand[11], "rød");
    let missing = rows.iter().find(|r| r[0] == "Process Suite").unwrap();
    assert_eq!(missing[11], "ikke rapporteret");
}

#[actix_web::test]
async fn xlsx_workbook_reads_back() {
    use calamine::{Data, Reader, Xlsx};
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let (status, content_type, disposition, body) =
        fetch(&app, "/api/v1/reports/2022Q1?format=xlsx", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        content_type,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(
        disposition.contains("projektportefoelje-2022Q1.xlsx"),
        "{disposition}"
    );
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(body)).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Oversigt",
            "Røde projekter ift. tid",
            "Røde projekter ift. leverancer",
            "Røde projekter ift. ressourcer",
            "Røde projekter ift. økonomi",
            "Portefølje",
            "Økonomi",
            "Opfølgning",
            "Fremadrettet"
        ]
    );
    let text = |d: &Data| match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        other => format!("{other:?}"),
    };
    let (_, json) = admin.get("/api/v1/reports/2022Q1").await;
    for (word, parameter) in [
        ("tid", "tid"),
        ("leverancer", "leverancer"),
        ("ressourcer", "ressourcer"),
        ("økonomi", "okonomi"),
    ] {
        let sheet = format!("Røde projekter ift. {word}");
        let range = book.worksheet_range(&sheet).unwrap();
        let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(text).collect()).collect();
        assert!(rows[0][0].starts_with(&sheet), "{:?}", rows[0]);
        assert_eq!(
            rows[2][..6],
            [
                "Projektnavn",
                "Antal",
                "Ressourcer",
                "Leverancer",
                "Tid",
                "Økonomi"
            ]
        );
        let names: Vec<&str> = rows[3..rows.len() - 1]
            .iter()
            .map(|r| r[0].as_str())
            .collect();
        assert_eq!(names, table_names(&json, parameter));
        let last = rows.last().unwrap();
        assert_eq!(
            (last[0].as_str(), last[1].as_str()),
            (
                "Hovedtotal",
                json["red"][parameter]["total"].to_string().as_str()
            )
        );
    }
    let summary = book.worksheet_range("Oversigt").unwrap();
    let cells: Vec<Vec<String>> = summary
        .rows()
        .map(|r| r.iter().map(text).collect())
        .collect();
    assert!(
        cells
            .iter()
            .any(|r| r[0] == "Igangværende projekter" && r[1] == "22"),
        "{cells:?}"
    );
}

#[actix_web::test]
async fn printable_html_page_in_danish() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let (status, content_type, _, body) =
        fetch(&app, "/api/v1/reports/2022Q1", Some("text/html")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/html"), "{content_type}");
    let page = String::from_utf8(body).unwrap();
    assert!(page.contains("<html lang=\"da\">"));
    for heading in [
        "Røde projekter ift. tid",
        "Røde projekter ift. leverancer",
        "Røde projekter ift. ressourcer",
        "Røde projekter ift. økonomi",
        "Hovedtotal",
        "Sagsfremstilling",
        "Indstilling",
        "Beslutning",
    ] {
        assert!(page.contains(heading), "{heading}");
    }
    assert!(page.contains("Telemedicin til borgere med KOL (TeleKOL)"));
    assert!(page.contains("/static/rapport.css"));
    assert!(!page.contains("<script"), "no script on the print page");
    let resp = admin.get_raw("/static/rapport.css").await;
    assert_eq!(resp.status(), StatusCode::OK);
    let css = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
    assert!(css.contains("@page") && css.contains("A4"));
}

#[actix_web::test]
async fn names_are_escaped_in_every_export() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let id = admin.project_id("Citizen Lab").await;
    let (_, p) = admin.project(id).await;
    let body = json!({
        "name": "<script>alert(1)</script>", "department_id": p["department"]["id"], "phase_id": p["phase"]["id"],
        "kind": p["kind"], "state": p["state"], "start_date": p["start_date"], "version": p["version"]
    });
    let (status, _) = admin.update_project(id, body).await;
    assert_eq!(status, StatusCode::OK);
    let red = json!({"ressourcer": {"colour": "red", "comment": "=HYPERLINK(\"http://x\")"}, "leverancer": green(), "tid": green(), "okonomi": green()});
    let (status, _) = admin.put_status(id, "2022Q3", red).await;
    assert_eq!(status, StatusCode::OK);

    let (_, _, _, html) = fetch(&app, "/api/v1/reports/2022Q3?format=html", None).await;
    let html = String::from_utf8(html).unwrap();
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(
        html.contains("&#60;script&#62;alert(1)&#60;/script&#62;")
            || html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "escaped name"
    );
    let (_, _, _, csv) = fetch(
        &app,
        "/api/v1/reports/2022Q3?format=csv&table=ressourcer",
        None,
    )
    .await;
    let rows = read_csv(&csv);
    assert_eq!(
        rows[2][9], "'=HYPERLINK(\"http://x\")",
        "formula neutralised"
    );
}

#[actix_web::test]
async fn trend_counts_red_and_missing_per_quarter() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let (status, trend) = admin
        .get("/api/v1/reports/trend?from=2021Q4&to=2022Q2")
        .await;
    assert_eq!(status, StatusCode::OK, "{trend}");
    let points = trend.as_array().unwrap();
    assert_eq!(points.len(), 3);
    let red = |i: usize| {
        let r = &points[i]["red"];
        [
            r["tid"].as_i64().unwrap(),
            r["leverancer"].as_i64().unwrap(),
            r["ressourcer"].as_i64().unwrap(),
            r["okonomi"].as_i64().unwrap(),
        ]
    };
    assert_eq!(
        (
            points[0]["quarter"].as_str(),
            red(0),
            points[0]["missing"].as_i64()
        ),
        (Some("2021Q4"), [2, 2, 0, 1], Some(4))
    );
    assert_eq!(
        (
            points[1]["quarter"].as_str(),
            red(1),
            points[1]["missing"].as_i64()
        ),
        (Some("2022Q1"), [3, 5, 1, 2], Some(2))
    );
    assert_eq!(points[1]["with_red"], 9);
    assert_eq!(points[2]["missing"], points[2]["in_progress"]);
    // Without bounds: the quarters the portfolio holds among the eight up to
    // the newest (the dashboard's window), never calendar quarters before it.
    let (_, default) = admin.get("/api/v1/reports/trend").await;
    let quarters: Vec<&str> = default
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["quarter"].as_str().unwrap())
        .collect();
    assert_eq!(quarters, ["2021Q4", "2022Q1", "2022Q2", "2022Q3", "2022Q4"]);
}

#[actix_web::test]
async fn chefforums_decision_freezes_the_report() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let citizen = admin.project_id("Citizen Lab").await;
    let red = json!({"colour": "red", "comment": "Forsinket"});
    let (status, _) = admin.put_status(citizen, "2022Q3", status_body(red)).await;
    assert_eq!(status, StatusCode::OK);

    let decision = json!({"meeting_date": "2022-10-13", "text": "Godkendte indstillingen.", "case_number": "85.13.00-P20-1-22"});
    let (status, d) = admin.decide("2022Q3", decision.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{d}");
    assert_eq!(
        (d["text"].as_str(), d["is_current"].as_bool()),
        (Some("Godkendte indstillingen."), Some(true))
    );

    // Status for an approved quarter is refused, with the date.
    let (status, err) = admin
        .put_status(citizen, "2022Q3", status_body(green()))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        err["error"]
            .as_str()
            .unwrap()
            .contains("approved by Chefforum on 13-10-2022"),
        "{err}"
    );

    // Later edits do not change the approved report; live=true shows them beside it.
    let vand = admin.project_id("Vandstandsmåling").await;
    let (status, _) = admin
        .post(
            &format!("/api/v1/projects/{vand}/complete"),
            json!({"date": "2022-06-30"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, frozen) = admin.get("/api/v1/reports/2022Q3").await;
    assert_eq!(frozen["approved"], true);
    assert_eq!(frozen["decision"]["meeting_date"], "2022-10-13");
    assert_eq!(table_names(&frozen, "tid"), ["Citizen Lab"]);
    assert!(ref_names(&frozen["missing"]).contains(&"Vandstandsmåling".to_string()));
    assert!(frozen.get("live").is_none());
    let (_, both) = admin.get("/api/v1/reports/2022Q3?live=true").await;
    assert!(ref_names(&both["missing"]).contains(&"Vandstandsmåling".to_string()));
    assert!(!ref_names(&both["live"]["missing"]).contains(&"Vandstandsmåling".to_string()));
    assert_eq!(both["live"]["approved"], false);
    let (_, _, _, html) = fetch(&app, "/api/v1/reports/2022Q3?format=html", None).await;
    assert!(String::from_utf8(html)
        .unwrap()
        .contains("Godkendt af Chefforum 13-10-2022"));

    // Once per quarter; a correction keeps the old decision in the history.
    let (status, err) = admin.decide("2022Q3", decision).await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::CONFLICT, Some("correction"))
    );
    let correction = json!({"meeting_date": "2022-10-27", "text": "Godkendte indstillingen med bemærkninger.", "correction": true});
    let (status, _) = admin.decide("2022Q3", correction).await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, history) = admin.get("/api/v1/reports/2022Q3/decisions").await;
    let history: Vec<(String, bool)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["meeting_date"].as_str().unwrap().into(),
                d["is_current"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        history,
        [
            ("2022-10-27".to_string(), true),
            ("2022-10-13".to_string(), false)
        ]
    );
    let (_, corrected) = admin.get("/api/v1/reports/2022Q3").await;
    assert_eq!(
        corrected["decision"]["text"],
        "Godkendte indstillingen med bemærkninger."
    );

    for (body, field) in [
        (json!({"meeting_date": "2022-10-13", "text": " "}), "text"),
        (
            json!({"meeting_date": "2022-10-13", "text": "x", "case_number": "nope"}),
            "case_number",
        ),
        (
            json!({"meeting_date": "13-10-2022", "text": "x"}),
            "meeting_date",
        ),
    ] {
        let (status, err) = admin.decide("2022Q4", body).await;
        assert_eq!(
            (status, err["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field)),
            "{err}"
        );
    }
    let (status, _) = admin
        .decide(
            "2022Q4",
            json!({"meeting_date": "2023-01-12", "text": "x", "correction": true}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "nothing to correct");
    let (status, _) = admin
        .decide("2031Q1", json!({"meeting_date": "2031-01-12", "text": "x"}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn a_cached_report_follows_every_change() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let (_, before) = admin.get("/api/v1/reports/2022Q3").await;
    assert_eq!(before["red"]["tid"]["total"], 0);
    let id = admin.project_id("Nøgleskab").await;
    let red = json!({"colour": "red", "comment": "Forsinket"});
    admin.put_status(id, "2022Q3", status_body(red)).await;
    let (_, after) = admin.get("/api/v1/reports/2022Q3").await;
    assert_eq!(table_names(&after, "tid"), ["Nøgleskab"]);
    // A rename reaches the report too (the audit trail moves the stamp).
    let (_, p) = admin.project(id).await;
    let body = json!({"name": "Nøgleskabe", "department_id": p["department"]["id"], "phase_id": p["phase"]["id"],
        "kind": p["kind"], "state": p["state"], "start_date": p["start_date"], "version": p["version"]});
    assert_eq!(admin.update_project(id, body).await.0, StatusCode::OK);
    let (_, renamed) = admin.get("/api/v1/reports/2022Q3").await;
    assert_eq!(table_names(&renamed, "tid"), ["Nøgleskabe"]);
}

#[actix_web::test]
async fn the_report_is_gzipped_for_clients_that_accept_it() {
    use std::io::Read;
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let (_, plain) = admin.get("/api/v1/reports/2022Q1").await;
    let ask = |encoding: &'static str| {
        admin
            .request(Method::GET, "/api/v1/reports/2022Q1")
            .insert_header(("accept-encoding", encoding))
            .to_request()
    };
    let resp = app.call(ask("br, gzip;q=0.8")).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers().get("content-encoding").unwrap(), "gzip");
    assert_eq!(resp.headers().get("vary").unwrap(), "Accept-Encoding");
    let zipped = test::read_body(resp).await;
    let mut text = String::new();
    flate2::read::GzDecoder::new(&zipped[..])
        .read_to_string(&mut text)
        .unwrap();
    assert!(zipped.len() * 2 < text.len(), "compressed");
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), plain);

    let resp = app.call(ask("gzip;q=0, identity")).await;
    assert!(resp.headers().get("content-encoding").is_none());
    let body: Value = test::read_body_json(resp).await;
    assert_eq!(body, plain);
}

#[actix_web::test]
async fn the_dashboard_and_the_api_show_the_same_trend_window() {
    let app = TestApp::seeded().await;
    let (_, trend) = app.as_admin().get("/api/v1/reports/trend?to=2022Q3").await;
    let from_api: Vec<String> = trend
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["quarter"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(from_api, ["2021Q4", "2022Q1", "2022Q2", "2022Q3"]);
    let mut browser = app.browser_as(crate::harness::CHEFFORUM).await;
    let (_, _, html) = browser.get_page("/?kvartal=2022Q3").await;
    let chart = &html[html.find("<svg").expect("the chart")..];
    let chart = &chart[..chart.find("</svg>").unwrap()];
    let on_chart: Vec<String> = chart
        .split("data-kvartal=\"")
        .skip(1)
        .map(|label| label.split('"').next().unwrap().to_string())
        .collect();
    assert_eq!(on_chart, from_api);
    assert!(
        html.contains("Røde projekter fra 4. kvartal 2021 til 3. kvartal 2022"),
        "the heading names the quarters the chart shows"
    );
    let (_, report) = app.as_admin().get("/api/v1/reports/2022Q3").await;
    let summary = &report["summary"];
    let told = format!(
        "<p>{} af {} projekter har indrapporteret for 3. kvartal 2022.</p>",
        summary["reported"], summary["in_progress"]
    );
    assert!(html.contains(&told), "{told}");
}

#[actix_web::test]
async fn the_workbook_prints_on_a4_landscape_one_page_wide_with_its_header_row() {
    use std::io::Read;
    let app = TestApp::seeded().await;
    let (status, _, _, body) = fetch(&app, "/api/v1/reports/2022Q1?format=xlsx", None).await;
    assert_eq!(status, StatusCode::OK);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(body)).unwrap();
    let mut part = |name: &str| {
        let mut text = String::new();
        zip.by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    // Sheet 2 is the first red table, sheet 6 the portfolio, sheet 7 the economy.
    for sheet in [
        "xl/worksheets/sheet2.xml",
        "xl/worksheets/sheet6.xml",
        "xl/worksheets/sheet7.xml",
    ] {
        let xml = part(sheet);
        assert!(xml.contains("fitToPage=\"1\""), "{sheet}: fit to width");
        assert!(xml.contains("paperSize=\"9\""), "{sheet}: A4");
        assert!(
            xml.contains("orientation=\"landscape\""),
            "{sheet}: landscape"
        );
        assert!(
            xml.contains("fitToHeight=\"0\""),
            "{sheet}: as many pages down as it takes"
        );
        assert!(
            xml.contains("Side &amp;P af &amp;N"),
            "{sheet}: page numbers"
        );
    }
    let workbook = part("xl/workbook.xml");
    assert_eq!(
        workbook.matches("_xlnm.Print_Titles").count(),
        6,
        "the header row repeats on every page of the six tables"
    );
}
