use crate::harness::TestApp;
use crate::helpers::*;
use actix_web::http::StatusCode;
use serde_json::json;

#[actix_web::test]
async fn status_import_with_danish_headers_dry_run_and_commit() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let sample = std::fs::read(seed_dir().join("eksempel-status-import.csv")).unwrap();
    let (status, result) = admin
        .upload("/api/v1/import/status?dry_run=true", sample.clone())
        .await;
    assert_eq!(status, StatusCode::OK, "{result}");
    assert_eq!(
        (result["imported"].as_i64(), result["dry_run"].as_bool()),
        (Some(3), Some(true))
    );
    let (_, page) = admin
        .get("/api/v1/projects?red=okonomi&quarter=2022Q3")
        .await;
    assert_eq!(page["total"], 0, "a dry run keeps nothing");

    let (status, result) = admin.upload("/api/v1/import/status", sample).await;
    assert_eq!(
        (status, result["imported"].as_i64()),
        (StatusCode::OK, Some(3))
    );
    let (_, page) = admin
        .get("/api/v1/projects?red=okonomi&quarter=2022Q3")
        .await;
    assert_eq!(names(&page), ["PARK Manager"]);

    // Commas, no BOM, English colours, quarter given in the URL.
    let file = "Projektnavn,Ressourcer,Leverancer,Tid,Økonomi,Kommentar tid\nNøgleskab,green,green,red,green,\"Skabene er forsinket, igen\"\n";
    let (status, result) = admin
        .upload("/api/v1/import/status?quarter=2022Q3", file)
        .await;
    assert_eq!(status, StatusCode::OK, "{result}");
    let id = admin.project_id("Nøgleskab").await;
    let (_, s) = admin.status(id, "2022Q3").await;
    assert_eq!(s["tid"]["comment"], "Skabene er forsinket, igen");
}

#[actix_web::test]
async fn a_file_with_bad_rows_imports_nothing_and_lists_every_bad_line() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let file = "\u{feff}Projektnavn;Kvartal;Ressourcer;Leverancer;Tid;Økonomi;Kommentar tid\n\
        Citizen Lab;2022Q3;grøn;grøn;gul;grøn;\n\
        Ukendt projekt;2022Q3;grøn;grøn;grøn;grøn;\n\
        Nøgleskab;2022Q3;grøn;grøn;rød;grøn;\n\
        Vandstandsmåling;2022Q3;lilla;grøn;grøn;grøn;\n\
        E-Learning;2022Q1;grøn;grøn;grøn;grøn;\n\
        Process Suite;2022Q3;grøn;grøn\n";
    let (status, err) = admin.upload("/api/v1/import/status", file).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    let lines: Vec<(i64, String)> = err["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["line"].as_i64().unwrap(),
                l["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // Unreadable lines and the rows' own faults together, in line order.
    assert_eq!(
        lines.iter().map(|l| l.0).collect::<Vec<_>>(),
        [3, 4, 5, 6, 7],
        "{lines:?}"
    );
    assert!(lines[4].1.contains("expected 7 fields, found 4"));
    assert!(lines[0].1.contains("unknown project"));
    assert!(lines[1].1.contains("needs a comment"));
    assert!(lines[2].1.contains("lilla"));
    assert!(lines[3].1.contains("closed"));
    assert!(err["error"]
        .as_str()
        .unwrap()
        .contains("nothing was imported"));
    let id = admin.project_id("Citizen Lab").await;
    let (status, _) = admin.status(id, "2022Q3").await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "the good line was not imported either"
    );
}

#[actix_web::test]
async fn project_import() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let file = "\u{feff}Projektnavn,Afdeling,Projektleder,Fase,Skal-projekt,Type,Startdato,Budget,Program\n\
        Ny borgerportal,ØS,camilla.juhl@albertslund.dk,analyse,nej,strategisk,01-09-2022,\"1.250.000\",\n\
        Borgerportal del 2,Økonomi & Stab,Camilla Juhl,idé,ja,operationel,2022-10-01,0,Ny borgerportal\n";
    let (status, result) = admin.upload("/api/v1/import/projects", file).await;
    assert_eq!(
        (status, result["imported"].as_i64()),
        (StatusCode::OK, Some(2)),
        "{result}"
    );
    let id = admin.project_id("Borgerportal del 2").await;
    let (_, p) = admin.project(id).await;
    assert_eq!(
        (
            p["parent"]["name"].as_str(),
            p["must_do"].as_bool(),
            p["kind"].as_str()
        ),
        (Some("Ny borgerportal"), Some(true), Some("operational"))
    );
    let parent = admin.project_id("Ny borgerportal").await;
    let (_, p) = admin.project(parent).await;
    assert_eq!(
        (p["budget"].as_i64(), p["start_date"].as_str()),
        (Some(1_250_000), Some("2022-09-01"))
    );

    let bad = "Projektnavn;Afdeling;Fase;Budget;Startdato\nCitizen Lab;ØS;analyse;0;\nX;Ukendt;analyse;0;\nY;ØS;analyse;-5;\nZ;ØS;analyse;12,50;\nW;ØS;analyse;0;31-02-2022\n";
    let (status, err) = admin
        .upload("/api/v1/import/projects", bad.as_bytes().to_vec())
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let lines: Vec<i64> = err["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["line"].as_i64().unwrap())
        .collect();
    assert_eq!(lines, [2, 3, 4, 5, 6], "{err}");
    let (_, page) = admin.get("/api/v1/projects?limit=1").await;
    assert_eq!(page["total"], 26);
}

#[actix_web::test]
async fn unreadable_and_oversized_files() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let (status, err) = admin
        .upload(
            "/api/v1/import/status",
            b"Projektnavn;Tid\n\xff\xfe;x\n".to_vec(),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["lines"][0]["line"], 2);
    let (status, err) = admin
        .upload("/api/v1/import/status", b"Navn;Farve\nx;y\n".to_vec())
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(err["lines"][0]["message"]
        .as_str()
        .unwrap()
        .contains("missing column"));
    let (status, _) = admin.upload("/api/v1/import/status", vec![]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let huge = vec![b'x'; portefolje::api::import::IMPORT_LIMIT + 1];
    let (status, err) = admin.upload("/api/v1/import/projects", huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(err["error"].is_string());
    let (status, _) = admin
        .upload("/api/v1/import/status?quarter=2022Q5", b"x".to_vec())
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[actix_web::test]
async fn the_sample_project_file_imports() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let sample = std::fs::read(seed_dir().join("eksempel-projekt-import.csv")).unwrap();
    let (status, result) = admin
        .upload("/api/v1/import/projects?dry_run=true", sample)
        .await;
    assert_eq!(
        (status, result["imported"].as_i64()),
        (StatusCode::OK, Some(1)),
        "{result}"
    );
}

#[actix_web::test]
async fn hostile_files_get_line_numbered_errors_and_import_nothing() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let header = "Projektnavn;Kvartal;Ressourcer;Leverancer;Tid;Økonomi\n";
    // 100,000 rows of junk: every line reported, nothing stored.
    let mut junk = String::from(header);
    for i in 0..100_000 {
        junk.push_str(&format!("junk {i};2022Q3;x;y;z;w\n"));
    }
    let (status, err) = admin
        .upload("/api/v1/import/status", junk.into_bytes())
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let lines = err["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 100_000);
    assert_eq!(
        (lines[0]["line"].as_i64(), lines[99_999]["line"].as_i64()),
        (Some(2), Some(100_001))
    );
    // A broken quote, a wrong delimiter, a huge field.
    let broken = format!("{header}\"Citizen Lab;2022Q3;grøn;grøn;grøn;grøn\n");
    let (status, err) = admin
        .upload("/api/v1/import/status", broken.into_bytes())
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert!(err["lines"][0]["line"].is_number());
    let (status, err) = admin
        .upload(
            "/api/v1/import/status",
            b"Projektnavn|Kvartal|Ressourcer\nx|y|z\n".to_vec(),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(err["lines"][0]["message"]
        .as_str()
        .unwrap()
        .contains("missing column"));
    let huge = format!(
        "{header}{};2022Q3;grøn;grøn;grøn;grøn\n",
        "x".repeat(5 * 1024 * 1024)
    );
    let (status, err) = admin
        .upload("/api/v1/import/status", huge.into_bytes())
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["lines"][0]["line"], 2);
    assert!(
        err.to_string().len() < 2_000,
        "the answer does not echo the huge field"
    );
    let (_, page) = admin.get("/api/v1/projects?red=tid&quarter=2022Q3").await;
    assert_eq!(page["total"], 0);
    let (_, trail) = admin.get("/api/v1/audit?entity=import").await;
    assert_eq!(
        trail["total"], 0,
        "a refused file leaves no trace but the answer"
    );
}

#[actix_web::test]
async fn a_duplicate_row_does_not_hide_the_rest_of_the_file() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let file = "Projektnavn;Afdeling;Fase\nCitizen Lab;ØS;analyse\nHelt nyt projekt;ØS;analyse\nHelt nyt projekt;ØS;analyse\nUkendt;XX;analyse\n";
    let (status, err) = admin.upload("/api/v1/import/projects", file).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    let lines: Vec<(i64, String)> = err["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["line"].as_i64().unwrap(),
                l["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        lines.iter().map(|l| l.0).collect::<Vec<_>>(),
        [2, 4, 5],
        "{lines:?}"
    );
    assert!(lines[0].1.contains("already exists") && lines[1].1.contains("already exists"));
    let (_, page) = admin.get("/api/v1/projects?q=helt%20nyt").await;
    assert_eq!(page["total"], 0, "nothing imported");
}

#[actix_web::test]
async fn a_large_project_file_imports_in_batches() {
    // More rows than one insert statement takes, with programmes named across
    // the batches, on both backends.
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let mut file = String::from("Projektnavn;Afdeling;Fase;Program;Budget\n");
    for i in 0..2_500 {
        let programme = if i % 500 == 1 {
            "Stort program 2499"
        } else {
            ""
        };
        file.push_str(&format!("Stort program {i};ØS;analyse;{programme};{i}\n"));
    }
    let (status, result) = admin
        .upload("/api/v1/import/projects", file.into_bytes())
        .await;
    assert_eq!(
        (status, result["imported"].as_i64()),
        (StatusCode::OK, Some(2_500)),
        "{result}"
    );
    let (_, page) = admin.get("/api/v1/projects?limit=1").await;
    assert_eq!(page["total"], 24 + 2_500);
    let find = |name: &'static str| {
        let admin = &admin;
        async move {
            let (_, page) = admin
                .get(&format!("/api/v1/projects?q={}", name.replace(' ', "%20")))
                .await;
            assert_eq!(page["total"], 1, "{page}");
            page["items"][0]["id"].as_i64().unwrap()
        }
    };
    let parent = find("Stort program 2499").await;
    let (_, programme) = admin.project(parent).await;
    assert_eq!(programme["children"].as_array().unwrap().len(), 5);
    let child = find("Stort program 1001").await;
    let (_, p) = admin.project(child).await;
    assert_eq!(
        (p["parent"]["name"].as_str(), p["budget"].as_i64()),
        (Some("Stort program 2499"), Some(1001))
    );
}

#[actix_web::test]
async fn a_status_file_never_changes_an_approved_quarter() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let decision = json!({"meeting_date": "2022-10-13", "text": "Godkendte indstillingen."});
    let (status, _) = admin.decide("2022Q3", decision).await;
    assert_eq!(status, StatusCode::CREATED);
    let file = "Projektnavn;Ressourcer;Leverancer;Tid;Økonomi\nNøgleskab;grøn;grøn;grøn;grøn\n";
    let (status, err) = admin
        .upload("/api/v1/import/status?quarter=2022Q3", file)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    let line = &err["lines"][0];
    assert_eq!(line["line"], 2);
    assert!(
        line["message"]
            .as_str()
            .unwrap()
            .contains("approved by Chefforum"),
        "{err}"
    );
    let id = admin.project_id("Nøgleskab").await;
    let (status, _) = admin.status(id, "2022Q3").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "nothing was stored");
}

#[actix_web::test]
async fn one_kommentar_column_is_the_reason_of_each_red_parameter_without_its_own() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let file = "Projektnavn;Ressourcer;Leverancer;Tid;Økonomi;Kommentar tid;Kommentar\nNøgleskab;grøn;rød;rød;grøn;Låsene er forsinket;Leverandøren mangler folk\n";
    let (status, body) = admin
        .upload("/api/v1/import/status?quarter=2022Q3", file)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let id = admin.project_id("Nøgleskab").await;
    let (_, s) = admin.status(id, "2022Q3").await;
    assert_eq!(s["leverancer"]["comment"], "Leverandøren mangler folk");
    assert_eq!(
        s["tid"]["comment"], "Låsene er forsinket",
        "its own comment stays"
    );
    assert_eq!(s["ressourcer"]["comment"], "", "green needs no reason");
    assert_eq!(s["comment"], "Leverandøren mangler folk");
}

#[actix_web::test]
async fn past_quarters_reports_go_into_a_closed_quarter_only_by_choice() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let file = "Projektnavn;Ressourcer;Leverancer;Tid;Økonomi\nNøgleskab;grøn;grøn;rød;grøn\n";
    // 2021Q4 is closed and Chefforum has not approved it.
    let (status, err) = admin
        .upload("/api/v1/import/status?quarter=2021Q4", file)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert!(err["lines"][0]["message"]
        .as_str()
        .unwrap()
        .contains("closed"));
    let with_reason = "Projektnavn;Ressourcer;Leverancer;Tid;Økonomi;Kommentar\nNøgleskab;grøn;grøn;rød;grøn;Låsene kom for sent\n";
    let (status, body) = admin
        .upload(
            "/api/v1/import/status?quarter=2021Q4&history=true",
            with_reason,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["imported"], 1);
    let id = admin.project_id("Nøgleskab").await;
    let (_, s) = admin.status(id, "2021Q4").await;
    assert_eq!(s["tid"]["colour"], "red");
    let (_, trail) = admin.get("/api/v1/audit?entity=import&limit=1").await;
    assert_eq!(
        (
            &trail["items"][0]["after"]["history"],
            &trail["items"][0]["after"]["imported"]
        ),
        (&json!(true), &json!(1))
    );
    // An approved quarter stays frozen, whatever the choice.
    let decision = json!({"meeting_date": "2022-02-10", "text": "Godkendte indstillingen."});
    assert_eq!(
        admin.decide("2021Q4", decision).await.0,
        StatusCode::CREATED
    );
    let (status, err) = admin
        .upload(
            "/api/v1/import/status?quarter=2021Q4&history=true",
            with_reason,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    // The choice is the council's: a project manager may not import at all.
    let (status, _) = app
        .as_manager(crate::harness::PM)
        .upload(
            "/api/v1/import/status?quarter=2022Q1&history=true",
            with_reason,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn a_project_sheet_creates_the_people_it_names_by_a_new_e_mail() {
    let app = TestApp::seeded().await;
    let admin = app.as_admin();
    let file = "Projektnavn;Afdeling;Fase;Projektleder;Projektejer\n\
        Ny selvbetjening;ØS;analyse;pia.hansen@albertslund.dk;peter.holm@albertslund.dk\n\
        Ny portal;ØS;analyse;PIA.HANSEN@albertslund.dk;ole.ny@albertslund.dk\n";
    let (status, dry) = admin
        .upload("/api/v1/import/projects?dry_run=true", file)
        .await;
    assert_eq!(status, StatusCode::OK, "{dry}");
    assert_eq!(dry["imported"], 2);
    assert_eq!(
        dry["people_created"],
        json!([
            {"name": "Pia Hansen", "email": "pia.hansen@albertslund.dk"},
            {"name": "Ole Ny", "email": "ole.ny@albertslund.dk"}
        ])
    );
    let (_, people) = admin.get("/api/v1/people").await;
    let known = |e: &str| people.as_array().unwrap().iter().any(|p| p["email"] == e);
    assert!(
        !known("pia.hansen@albertslund.dk"),
        "a dry run creates no one"
    );

    let (status, done) = admin.upload("/api/v1/import/projects", file).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["people_created"].as_array().unwrap().len(), 2);
    let pia = app.person_id("pia.hansen@albertslund.dk");
    let id = admin.project_id("Ny portal").await;
    let (_, p) = admin.project(id).await;
    assert_eq!(p["manager"]["id"].as_i64(), Some(pia));
    let (_, trail) = admin
        .get(&format!("/api/v1/audit?entity=person&entity_id={pia}"))
        .await;
    assert_eq!(trail["items"][0]["action"], "create");
    // A name that is not an e-mail is still an unknown person, and then
    // nobody is created.
    let bad = "Projektnavn;Afdeling;Fase;Projektleder;Projektejer\n\
        Tredje;ØS;analyse;Hvem Som Helst;kim.ny@albertslund.dk\n";
    let (status, err) = admin.upload("/api/v1/import/projects", bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    let (_, people) = admin.get("/api/v1/people").await;
    assert!(!people
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["email"] == "kim.ny@albertslund.dk"));
}

#[actix_web::test]
async fn bad_lines_carry_a_stable_code_and_their_column() {
    let app = TestApp::seeded().await;
    let file = "Projektnavn;Afdeling;Fase;Startdato\nA;Findes ikke;analyse;\nB;ØS;analyse;i morgen\nC;ØS\n";
    let (status, err) = app.as_admin().upload("/api/v1/import/projects", file).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    let lines: Vec<(i64, &str, Option<&str>)> = err["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["line"].as_i64().unwrap(),
                l["code"].as_str().unwrap(),
                l["column"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            (2, "unknown_reference", Some("Afdeling")),
            (3, "invalid_date", Some("Startdato")),
            (4, "wrong_field_count", None)
        ]
    );
    assert!(err["lines"][0]["message"]
        .as_str()
        .unwrap()
        .contains("unknown department"));
}
